//! The fuzzer's generator: random bytes, random JSON-ish text, and valid
//! documents broken byte by byte or value by value. Seeded, so a run is
//! reproducible from its seed and its input number.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use serde_json::{json, Value};

use super::documents::Valid;

/// Numbers at and past the edges of every integer type a document holds.
const EXTREME_NUMBERS: [&str; 20] = [
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-1",
    "0",
    "1",
    "255",
    "256",
    "65535",
    "65536",
    "4294967295",
    "4294967296",
    "9007199254740993",
    "31536000000000",
    "1e308",
    "-1e308",
    "0.5",
    "1e-300",
    "86400",
    "100000",
];

/// Makes the inputs of one decoder.
pub struct Mutator {
    rng: ChaCha8Rng,
    docs: Vec<Value>,
    base64: bool,
    /// Every object key and string of the valid documents (so that a
    /// mutation can name another variant or field).
    words: Vec<String>,
    /// Every action of the valid documents.
    actions: Vec<Value>,
}

/// The actions list of a document (a scenario, or one inside an envelope).
fn actions_of(doc: &mut Value) -> Option<&mut Vec<Value>> {
    if doc.get("actions").is_some() {
        doc.get_mut("actions")?.as_array_mut()
    } else {
        doc.get_mut("scenario")?.get_mut("actions")?.as_array_mut()
    }
}

fn words_of(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.len() < 64 => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| words_of(x, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            words_of(x, out)
        }),
        _ => {}
    }
}

/// How many values `v` holds, itself included.
fn size(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(size).sum(),
        Value::Object(o) => o.values().map(size).sum(),
        _ => 0,
    }
}

/// The value `n` places into `v` in preorder (`v` itself is 0).
fn nth(v: &mut Value, n: usize) -> &mut Value {
    if n == 0 {
        return v;
    }
    let mut skip = n - 1;
    let children: Vec<&mut Value> = match v {
        Value::Array(a) => a.iter_mut().collect(),
        Value::Object(o) => o.values_mut().collect(),
        _ => unreachable!("a number, string, bool or null holds no other value"),
    };
    for child in children {
        let s = size(child);
        if skip < s {
            return nth(child, skip);
        }
        skip -= s;
    }
    unreachable!("n is below size(v)")
}

impl Mutator {
    /// A generator for stream `stream` of `seed`, breaking `valid`.
    pub fn new(seed: u64, stream: u64, valid: Valid) -> Mutator {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        let mut words = Vec::new();
        valid.docs.iter().for_each(|d| words_of(d, &mut words));
        words.sort();
        words.dedup();
        let mut actions = Vec::new();
        for d in &valid.docs {
            actions.extend(actions_of(&mut d.clone()).cloned().unwrap_or_default());
        }
        Mutator { rng, docs: valid.docs, base64: valid.base64, words, actions }
    }

    fn below(&mut self, n: usize) -> usize {
        (self.rng.next_u64() % n.max(1) as u64) as usize
    }

    /// The next input.
    pub fn next_input(&mut self) -> String {
        match self.below(20) {
            0 | 1 => self.random_bytes(),
            2 => self.random_json_ish(),
            3..=8 => {
                let doc = self.pick_doc();
                let text = self.encode(&doc);
                self.break_bytes(text)
            }
            _ => {
                let mut doc = self.pick_doc();
                if self.below(3) == 0 {
                    self.splice_actions(&mut doc);
                }
                for _ in 0..=self.below(2) {
                    self.break_value(&mut doc);
                }
                let text = self.encode(&doc);
                if self.below(4) == 0 {
                    self.break_bytes(text)
                } else {
                    text
                }
            }
        }
    }

    /// A key or string of the valid documents.
    fn word(&mut self) -> String {
        let i = self.below(self.words.len());
        self.words[i].clone()
    }

    fn pick_doc(&mut self) -> Value {
        let i = self.below(self.docs.len());
        self.docs[i].clone()
    }

    /// The text a decoder reads for `doc`.
    fn encode(&mut self, doc: &Value) -> String {
        let text = if self.below(2) == 0 { doc.to_string() } else { format!("{doc:#}") };
        match (self.base64, self.below(20)) {
            (false, _) => text,
            (true, 0) => STANDARD.encode(text),
            (true, _) => URL_SAFE_NO_PAD.encode(text),
        }
    }

    fn random_bytes(&mut self) -> String {
        let n = self.below(300);
        let bytes: Vec<u8> = (0..n).map(|_| self.rng.next_u32() as u8).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn random_json_ish(&mut self) -> String {
        const PIECES: [&str; 16] = [
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "1",
            "-",
            "e",
            "null",
            "true",
            "\"schema\"",
            "\"version\"",
            " ",
            "\\u",
        ];
        let n = self.below(200);
        let mut s: String = (0..n).map(|_| PIECES[self.below(PIECES.len())]).collect();
        if self.below(2) == 0 {
            s = format!("{{\"schema\":1,\"version\":1,{s}");
        }
        s
    }

    /// Flips, inserts, deletes, repeats or cuts bytes of `text`.
    fn break_bytes(&mut self, text: String) -> String {
        let mut b = text.into_bytes();
        for _ in 0..=self.below(4) {
            let len = b.len();
            let at = self.below(len + 1);
            match self.below(6) {
                0 if at < len => b[at] ^= 1 << self.below(8),
                1 => b.insert(at, self.rng.next_u32() as u8),
                2 => {
                    let end = (at + 1 + self.below(16)).min(len);
                    b.drain(at.min(end)..end);
                }
                3 => {
                    let end = (at + 1 + self.below(64)).min(len);
                    let piece = b[at.min(end)..end].to_vec();
                    b.splice(at..at, piece);
                }
                4 => b.truncate(at),
                _ => {
                    let n = EXTREME_NUMBERS[self.below(EXTREME_NUMBERS.len())].as_bytes().to_vec();
                    b.splice(at..at, n);
                }
            }
        }
        String::from_utf8_lossy(&b).into_owned()
    }

    /// Replaces the actions of `doc` by up to 60 drawn from every document,
    /// in any order: valid scenarios that replay what no test wrote.
    fn splice_actions(&mut self, doc: &mut Value) {
        if self.actions.is_empty() {
            return;
        }
        let n = self.below(61);
        let drawn: Vec<Value> = (0..n)
            .map(|_| {
                let i = self.below(self.actions.len());
                self.actions[i].clone()
            })
            .collect();
        if let Some(list) = actions_of(doc) {
            *list = drawn;
        }
    }

    /// Replaces one value of `doc` (or changes an array or object in place).
    fn break_value(&mut self, doc: &mut Value) {
        let all = size(doc);
        let donor = nth(doc, self.below(all)).clone();
        let at = self.below(all);
        let slot = nth(doc, at);
        let old = std::mem::take(slot);
        let new = self.value_for(&old, donor);
        *nth(doc, at) = new;
    }

    /// A new value for `old`: an extreme number, a long or odd string, a
    /// value of another type, deep nesting, a huge array, another value of
    /// the document (`donor`), or `old` changed a little.
    fn value_for(&mut self, old: &Value, donor: Value) -> Value {
        if self.below(3) > 0 {
            if let Some(v) = self.same_kind(old) {
                return v;
            }
        }
        match self.below(12) {
            0 | 1 => serde_json::from_str(EXTREME_NUMBERS[self.below(EXTREME_NUMBERS.len())]).unwrap_or(Value::Null),
            2 => Value::String(self.word()),
            3 => {
                let odd = ["", "\u{0}", "é🦀", "__Host-x", ";", " ", "/", "-1", "Infinity", "..", "s%3A"];
                let s = odd[self.below(odd.len())];
                Value::String(s.repeat(1 + self.below(3)))
            }
            4 => Value::String("x".repeat(self.below(5_000))),
            5 => [Value::Null, json!(true), json!(false), json!({}), json!([])][self.below(5)].clone(),
            6 => self.nested(),
            7 => donor,
            8 => self.grown(old),
            9 => self.with_new_key(old),
            _ => self.nudged(old),
        }
    }

    /// A value of the same kind as `old`, so that the document still fits the
    /// format and the decoder goes deeper: another number, another known
    /// word, the other truth value, a longer or shorter list.
    fn same_kind(&mut self, old: &Value) -> Option<Value> {
        Some(match old {
            Value::Number(_) if self.below(2) == 0 => self.nudged(old),
            Value::Number(_) => serde_json::from_str(EXTREME_NUMBERS[self.below(EXTREME_NUMBERS.len())]).ok()?,
            Value::String(_) => Value::String(self.word()),
            Value::Bool(b) => Value::Bool(!b),
            Value::Array(a) if self.below(2) == 0 && !a.is_empty() => {
                let mut a = a.clone();
                a.remove(self.below(a.len()));
                Value::Array(a)
            }
            Value::Array(_) => self.grown(old),
            Value::Object(_) => self.with_new_key(old),
            Value::Null => return None,
        })
    }

    /// Arrays or objects nested up to 300 deep (serde_json stops at 128).
    fn nested(&mut self) -> Value {
        let depth = 1 + self.below(300);
        let object = self.below(2) == 0;
        let mut v = json!(1);
        for _ in 0..depth {
            v = if object {
                Value::Object([("a".to_string(), v)].into_iter().collect())
            } else {
                Value::Array(vec![v])
            };
        }
        v
    }

    /// An array with its elements repeated (rarely, 2,000 times), or an array
    /// of up to 2,000 zeros in place of any other value.
    fn grown(&mut self, old: &Value) -> Value {
        match old {
            Value::Array(a) if !a.is_empty() => {
                let times = if self.below(20) == 0 { 2_000 } else { 1 + self.below(40) };
                let x = a[self.below(a.len())].clone();
                let mut out = a.clone();
                for _ in 0..times {
                    let at = self.below(out.len() + 1);
                    out.insert(at, x.clone());
                }
                Value::Array(out)
            }
            _ => Value::Array(vec![json!(0); self.below(2_000)]),
        }
    }

    /// An object with a key removed or a known key added.
    fn with_new_key(&mut self, old: &Value) -> Value {
        match old {
            Value::Object(o) => {
                let mut o = o.clone();
                if self.below(2) == 0 && !o.is_empty() {
                    let k = o.keys().nth(self.below(o.len())).cloned().unwrap_or_default();
                    o.remove(&k);
                } else {
                    let k = self.word();
                    o.insert(k, json!(self.rng.next_u32() % 4));
                }
                Value::Object(o)
            }
            other => other.clone(),
        }
    }

    /// A number one up or down, doubled many times, or negated.
    fn nudged(&mut self, old: &Value) -> Value {
        match old.as_i64().or_else(|| old.as_u64().map(|n| n as i64)) {
            Some(n) => match self.below(4) {
                0 => json!(n.wrapping_add(1)),
                1 => json!(n.wrapping_sub(1)),
                2 => json!(n.wrapping_mul(1 << self.below(40))),
                _ => json!(n.wrapping_neg()),
            },
            None => old.clone(),
        }
    }
}

//! Signed-cookie "store": nothing is kept on the server. The whole session
//! (data and times) is serialized, encoded and signed with HMAC-SHA256, and
//! that text is the cookie's value. Any server with the secret can read it;
//! no server can revoke it before it expires; it must fit in a cookie. A
//! saved draft travels as text of its length, so a long draft makes the
//! cookie grow as it would in a real app.
//!
//! A private cookie (actix-session's default, `CookieContentSecurity::Private`)
//! is encrypted too: its value shows nothing of the session. actix seals it
//! with AES-256-GCM (the `cookie` crate's private jar); the engine seals it
//! with HMAC-SHA256 alone, as a synthetic-IV construction (the IV is the MAC
//! of the plaintext, the keystream HMAC in counter mode), which needs no
//! randomness and no other cipher in the download and has the properties a
//! learner can see: unreadable, tamper-proof, as long as the real one.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::{Loaded, Saved, SessionStore, StoreError};
use crate::sim::ids::{SessionId, SessionIdMap};
use crate::sim::session::{SessionData, SessionRecord};
use crate::sim::time::SimTime;

/// Browsers keep at most this many bytes of a cookie's name and value.
pub const COOKIE_SIZE_LIMIT: usize = 4096;

/// The text a draft of `chars` characters stands for in the cookie.
fn draft_text(chars: u32) -> String {
    "Dear shop, ".chars().cycle().take(chars as usize).collect()
}

/// What the cookie carries: the record, with the draft itself as text.
/// The cookie's JSON as written: the record's fields and the draft's text,
/// side by side at the top level. Written from borrowed parts, so encoding
/// copies nothing first.
#[derive(Serialize)]
struct CookieBodyOut<'a> {
    id: &'a SessionId,
    data: &'a SessionData,
    created: SimTime,
    last_access: SimTime,
    expires: SimTime,
    version: u32,
    #[serde(skip_serializing_if = "str::is_empty")]
    draft: &'a str,
}

/// The cookie's JSON as read (the draft's text is not kept: its length is in the data).
#[derive(Deserialize)]
struct CookieBodyIn {
    id: SessionId,
    data: SessionData,
    created: SimTime,
    last_access: SimTime,
    expires: SimTime,
    version: u32,
}

/// How a cookie value protects the session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CookieSeal {
    /// Encrypted as well as signed (actix-session's `Private`).
    pub private: bool,
    /// The library checks the session's JSON against this many bytes before
    /// encoding it, instead of the cookie's final size (actix-session 0.10,
    /// `src/storage/cookie.rs`: 4064 bytes of JSON, which encryption and
    /// base64 make about a third longer, so the browser may drop a cookie the
    /// library accepted).
    pub json_limit: Option<u32>,
}

/// Bytes of the synthetic IV of a private cookie.
const IV: usize = 16;

/// At most this many cookie values are remembered as verified (then the
/// memory starts again, so that it stays small and its effect deterministic).
const REMEMBERED: usize = 1024;

/// Encodes sessions into signed cookie values and back.
#[derive(Clone, Debug)]
pub struct SignedCookieStore {
    /// HMAC-SHA256 already keyed with the secret. Each cookie signed or
    /// checked starts from a copy, instead of hashing the key's two padded
    /// blocks again every time.
    keyed: Hmac<Sha256>,
    /// The keystream's HMAC, keyed with a key derived from the secret (private cookies).
    keyed_stream: Hmac<Sha256>,
    seal: CookieSeal,
    cookie_name_len: usize,
    /// Cookie values this store signed or verified, and the session each
    /// holds: checking a value again gives the same answer under the same
    /// key, so a value the browser sends back as it got it is not decoded
    /// and verified again. A cache of a pure function: what any request
    /// sees is the same with it or without it.
    verified: SessionIdMap<SessionRecord>,
}

impl SignedCookieStore {
    /// A codec signing with `secret`, for a cookie named with `cookie_name_len` bytes.
    pub fn new(secret: &[u8], cookie_name_len: usize) -> SignedCookieStore {
        SignedCookieStore::sealed(secret, cookie_name_len, CookieSeal::default())
    }

    /// A codec with the sealing `seal` asks for.
    pub fn sealed(secret: &[u8], cookie_name_len: usize, seal: CookieSeal) -> SignedCookieStore {
        // HMAC accepts keys of any length, so this cannot fail.
        let keyed = Hmac::<Sha256>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
        let mut derive = keyed.clone();
        derive.update(b"session-lab private cookie keystream");
        let stream_key = derive.finalize().into_bytes();
        let keyed_stream = Hmac::<Sha256>::new_from_slice(&stream_key).unwrap_or_else(|_| unreachable!());
        SignedCookieStore { keyed, keyed_stream, seal, cookie_name_len, verified: SessionIdMap::default() }
    }

    /// How this codec seals.
    pub fn seal(&self) -> CookieSeal {
        self.seal
    }

    /// XORs `bytes` with the keystream of `iv` (HMAC-SHA256 in counter mode).
    fn apply_keystream(&self, iv: &[u8], bytes: &mut [u8]) {
        for (counter, chunk) in bytes.chunks_mut(32).enumerate() {
            let mut mac = self.keyed_stream.clone();
            mac.update(iv);
            mac.update(&(counter as u64).to_be_bytes());
            let block = mac.finalize().into_bytes();
            for (b, k) in chunk.iter_mut().zip(block.iter()) {
                *b ^= k;
            }
        }
    }

    /// `base64(iv || ciphertext)`, the IV being the plaintext's MAC.
    fn seal_private(&self, json: &[u8]) -> String {
        let mut mac = self.mac();
        mac.update(json);
        let tag = mac.finalize().into_bytes();
        let mut sealed = Vec::with_capacity(IV + json.len());
        sealed.extend_from_slice(&tag[..IV]);
        sealed.extend_from_slice(json);
        let (iv, body) = sealed.split_at_mut(IV);
        self.apply_keystream(iv, body);
        URL_SAFE_NO_PAD.encode(sealed)
    }

    /// The JSON inside a private cookie, if it opens under this key.
    fn open_private(&self, value: &str) -> Option<Vec<u8>> {
        let mut sealed = URL_SAFE_NO_PAD.decode(value).ok()?;
        if sealed.len() < IV {
            return None;
        }
        let (iv, body) = sealed.split_at_mut(IV);
        self.apply_keystream(iv, body);
        let mut mac = self.mac();
        mac.update(body);
        mac.verify_truncated_left(iv).ok()?;
        Some(body.to_vec())
    }

    fn mac(&self) -> Hmac<Sha256> {
        self.keyed.clone()
    }

    /// The cookie value for `record`: `base64(json).base64(hmac)`.
    pub fn encode(&self, record: &SessionRecord) -> String {
        let json = Self::json(record);
        if self.seal.private {
            return self.seal_private(&json);
        }
        // `payload.sig`, written into one string of the final size.
        let mut value = String::with_capacity(json.len().div_ceil(3) * 4 + 1 + 43);
        URL_SAFE_NO_PAD.encode_string(json, &mut value);
        let mut mac = self.mac();
        mac.update(value.as_bytes());
        value.push('.');
        URL_SAFE_NO_PAD.encode_string(mac.finalize().into_bytes(), &mut value);
        value
    }

    /// The record inside a cookie value, if the signature holds.
    pub fn decode(&self, value: &str) -> Result<SessionRecord, StoreError> {
        if self.seal.private {
            let json = self.open_private(value).ok_or(StoreError::BadSignature)?;
            return Self::read_json(&json).ok_or(StoreError::BadSignature);
        }
        let (payload, sig) = value.rsplit_once('.').ok_or(StoreError::BadSignature)?;
        // An HMAC-SHA256 is 32 bytes; room to spare, so that a longer (wrong)
        // signature is refused by the check below like any other mismatch.
        let mut sig_bytes = [0u8; 64];
        let n = URL_SAFE_NO_PAD.decode_slice(sig, &mut sig_bytes).map_err(|_| StoreError::BadSignature)?;
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        mac.verify_slice(&sig_bytes[..n]).map_err(|_| StoreError::BadSignature)?;
        Self::read_payload(payload).ok_or(StoreError::BadSignature)
    }

    /// Notes that `value` holds `record` (signed here, or verified).
    fn remember(&mut self, value: SessionId, record: &SessionRecord) {
        if self.verified.len() >= REMEMBERED {
            self.verified.clear();
        }
        self.verified.insert(value, record.clone());
    }

    /// The record a cookie value claims to hold, without checking its
    /// signature: only for explaining why a cookie was refused, never for
    /// trusting what it says.
    pub fn peek_unverified(value: &str) -> Option<SessionRecord> {
        let (payload, _) = value.rsplit_once('.')?;
        Self::read_payload(payload)
    }

    fn read_payload(payload: &str) -> Option<SessionRecord> {
        Self::read_json(&URL_SAFE_NO_PAD.decode(payload).ok()?)
    }

    fn read_json(json: &[u8]) -> Option<SessionRecord> {
        let CookieBodyIn { id, data, created, last_access, expires, version } = serde_json::from_slice(json).ok()?;
        Some(SessionRecord { id, data, created, last_access, expires, version })
    }

    /// The session as the cookie's JSON, before any encoding.
    fn json(record: &SessionRecord) -> Vec<u8> {
        let draft = draft_text(record.data.draft_chars);
        let SessionRecord { id, data, created, last_access, expires, version } = record;
        let body = CookieBodyOut {
            id,
            data,
            created: *created,
            last_access: *last_access,
            expires: *expires,
            version: *version,
            draft: &draft,
        };
        serde_json::to_vec(&body).unwrap_or_default()
    }
}

impl SessionStore for SignedCookieStore {
    fn get(&self, key: &SessionId) -> Option<&SessionRecord> {
        let _ = key;
        None
    }
    fn load(&mut self, key: &SessionId, now: SimTime) -> Result<Loaded, StoreError> {
        let record = match self.verified.get(key) {
            Some(known) => known.clone(),
            None => {
                let record = self.decode(key.as_str())?;
                self.remember(key.clone(), &record);
                record
            }
        };
        if record.is_expired(now) {
            Ok(Loaded::Expired(record))
        } else {
            Ok(Loaded::Found(record))
        }
    }
    fn save(&mut self, record: &SessionRecord, _now: SimTime) -> Result<Saved, StoreError> {
        if let Some(limit) = self.seal.json_limit {
            // The library's own check; what encoding adds is the browser's problem.
            let bytes = Self::json(record).len();
            if bytes > limit as usize {
                return Err(StoreError::TooLarge { bytes, limit: limit as usize });
            }
        }
        let value = self.encode(record);
        let bytes = value.len() + self.cookie_name_len;
        if self.seal.json_limit.is_none() && bytes > COOKIE_SIZE_LIMIT {
            return Err(StoreError::TooLarge { bytes, limit: COOKIE_SIZE_LIMIT });
        }
        let value = SessionId::new(&value);
        self.remember(value.clone(), record);
        Ok(Saved { cookie_value: Some(value), evicted: Vec::new() })
    }
    /// Nothing on the server to delete: the cookie stays valid until it expires.
    fn delete(&mut self, _key: &SessionId) -> Result<bool, StoreError> {
        Ok(false)
    }
    /// Nothing on the server to touch: a new cookie must be issued instead.
    fn touch(&mut self, _key: &SessionId, _last: SimTime, _expires: SimTime) -> Result<bool, StoreError> {
        Ok(false)
    }
    fn sweep_expired(&mut self, _now: SimTime) -> Vec<SessionId> {
        Vec::new()
    }
    fn entries(&self) -> Vec<&SessionRecord> {
        Vec::new()
    }
    fn len(&self) -> usize {
        0
    }
    fn keeps_state_on_server(&self) -> bool {
        false
    }
}

//! Counting in words: "1 session", "2 sessions", never "session(s)"; and
//! big numbers grouped by commas ("2,920,000"); decimals ("12.5"); a
//! sentence's first letter in capitals.
//!
//! The download matters (the lesson and sandbox parts): the engine's words
//! are ASCII English, so case changes use the ASCII rules (Unicode's case
//! tables would add about 20 KB), and decimals are written with integer
//! arithmetic (Rust's float formatting adds about 11 KB).

/// `n` and the noun, in the plural unless `n` is 1, for a noun whose
/// plural adds an "s" ("session", "hop").
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `n` and `one` when `n` is 1, else `n` and `many`: for the nouns whose
/// plural is not an added "s" ("1 touch", "2 touches").
pub fn count_as(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `n` with a comma between each group of three digits: "2,920,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `x` rounded to `places` digits after the point: `decimal(12.345, 1)` is
/// "12.3", `decimal(7.6, 0)` is "8". Beyond 10^15 the digits are those of the
/// nearest `u64`; infinities and NaN come out as "inf", "-inf" and "NaN".
pub fn decimal(x: f64, places: u32) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let scale = 10u64.pow(places.min(9));
    let n = (x.abs() * scale as f64).round() as u64; // saturates beyond u64::MAX
    let sign = if x < 0.0 && n != 0 { "-" } else { "" };
    if scale == 1 {
        return format!("{sign}{n}");
    }
    format!("{sign}{}.{:0width$}", n / scale, n % scale, width = places.min(9) as usize)
}

/// `s` with its first letter in capitals ("server 1" begins a sentence as "Server 1").
pub fn capital(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{capital, count, count_as, decimal, thousands};

    #[test]
    fn decimals_round_like_the_formatter() {
        for (x, places, text) in [
            (0.0, 1, "0.0"),
            (12.345, 1, "12.3"),
            (7.6, 0, "8"),
            (0.25, 2, "0.25"),
            (-4.56789, 3, "-4.568"),
            (-0.01, 1, "0.0"),
            (1e6, 0, "1000000"),
            (199.96, 1, "200.0"),
            (0.0005, 3, "0.001"),
        ] {
            assert_eq!(decimal(x, places), text, "{x} to {places} places");
        }
        assert_eq!((decimal(f64::INFINITY, 1), decimal(f64::NAN, 0)), ("inf".into(), "NaN".into()));
        // Away from exact ties, the same digits as Rust's own formatting.
        for i in 0..2_000 {
            let x = (i as f64) * 1.618_033 - 700.0;
            if x.abs() < 1.0 {
                continue; // Rust writes -0.4 as "-0"; a learner reads "0"
            }
            assert_eq!(decimal(x, 2), format!("{x:.2}"), "{x}");
            assert_eq!(decimal(x, 0), format!("{x:.0}"), "{x}");
        }
    }

    #[test]
    fn a_capital_starts_the_sentence() {
        assert_eq!(capital("server 1 restarted"), "Server 1 restarted");
        assert_eq!((capital(""), capital("Alice")), (String::new(), "Alice".to_string()));
    }

    #[test]
    fn thousands_are_grouped_by_commas() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(2_920_000), "2,920,000");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn one_is_singular_and_every_other_number_plural() {
        assert_eq!(count(1u32, "session"), "1 session");
        assert_eq!(count(0u32, "session"), "0 sessions");
        assert_eq!(count(2u64, "hop"), "2 hops");
    }

    #[test]
    fn a_noun_with_its_own_plural() {
        assert_eq!(count_as(1u32, "touch", "touches"), "1 touch");
        assert_eq!(count_as(3u64, "touch", "touches"), "3 touches");
    }
}

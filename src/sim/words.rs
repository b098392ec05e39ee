//! Counting in words: "1 session", "2 sessions", never "session(s)"; and
//! big numbers grouped by commas ("2,920,000").

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

#[cfg(test)]
mod tests {
    use super::{count, count_as, thousands};

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

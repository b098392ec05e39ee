//! Counting in words: "1 session", "2 sessions", never "session(s)".

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

#[cfg(test)]
mod tests {
    use super::{count, count_as};

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

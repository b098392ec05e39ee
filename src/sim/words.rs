//! Counting in words: "1 session", "2 sessions", never "session(s)".

/// `n` and the noun, in the plural unless `n` is 1 (every noun the app
/// counts takes an "s").
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_is_singular_and_every_other_number_plural() {
        assert_eq!(count(1u32, "session"), "1 session");
        assert_eq!(count(0u32, "session"), "0 sessions");
        assert_eq!(count(2u64, "hop"), "2 hops");
    }
}

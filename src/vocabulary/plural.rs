//! Counted nouns in messages: "1 entry", "2 entries", "0 states".

/// `n` with the noun in the number it takes: `count(1, "entry", "entries")` is "1 entry".
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_is_singular_and_every_other_number_plural() {
        assert_eq!(count(1, "entry", "entries"), "1 entry");
        assert_eq!(count(0, "entry", "entries"), "0 entries");
        assert_eq!(count(2, "state", "states"), "2 states");
        assert_eq!(count(21, "fact", "facts"), "21 facts");
    }
}

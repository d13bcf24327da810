//! Ids for the parts of a scheme: the one rule for a free id (`base`,
//! `base_2`, `base_3`...), used by every edit that adds a part, and the
//! rule that turns a column header into an id a formula can name bare.

use super::formula;

/// `base`, or `base_2`, `base_3`... whichever is not taken.
pub fn unique_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|id| !taken(id))
        .expect("some suffix is free")
}

/// A header made into a name a formula can use as it stands: lower case,
/// letters and digits with `_` between words, starting with a letter, not
/// a reserved word of the formula language. Not necessarily free: pass it
/// to [`unique_id`].
pub fn formula_name(header: &str) -> String {
    let mut base = String::new();
    for c in header.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            base.push(c);
        } else if !base.is_empty() && !base.ends_with('_') {
            base.push('_');
        }
    }
    let mut base = base.trim_end_matches('_').to_owned();
    if base.is_empty() {
        base = "column".to_owned();
    }
    // A formula name starts with a letter (not a digit, not ² or １).
    if !base.starts_with(char::is_alphabetic) {
        base.insert_str(0, "c_");
    }
    if formula::is_keyword(&base) {
        base.push_str("_value");
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_id_gets_the_first_free_suffix() {
        let taken = ["input", "input_2", "input_4"];
        let free = |base: &str| unique_id(base, |id| taken.contains(&id));
        assert_eq!(free("input"), "input_3");
        assert_eq!(free("profile"), "profile");
        assert_eq!(free("input_2"), "input_2_2");
    }

    #[test]
    fn every_reserved_word_gets_a_suffix() {
        for word in ["and", "or", "not", "if", "then", "else", "AND", " If "] {
            let name = formula_name(word);
            assert!(name.ends_with("_value"), "{word}: {name}");
            assert!(crate::formula::parse(&format!("{name} + 1")).is_ok());
        }
        assert_eq!(formula_name("min"), "min");
    }
}

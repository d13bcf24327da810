//! Counting tests from the output of the runners, for the closing summary.

use std::fmt;

/// Tests run by one runner, or by all of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
    pub ignored: u64,
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} passed, {} failed", self.passed, self.failed)?;
        if self.ignored > 0 {
            write!(f, ", {} skipped", self.ignored)?;
        }
        Ok(())
    }
}

/// Reads libtest's (and wasm-bindgen-test's) closing line of one test binary:
/// `test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; ...`.
pub fn parse_cargo_test(line: &str) -> Option<Counts> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let mut counts = Counts::default();
    for part in rest.split(['.', ';']) {
        let mut words = part.split_whitespace();
        let (Some(number), Some(label)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(number) = number.parse::<u64>() else {
            continue;
        };
        match label {
            "passed" => counts.passed = number,
            "failed" => counts.failed = number,
            "ignored" => counts.ignored = number,
            _ => {}
        }
    }
    Some(counts)
}

/// Reads the plain closing line the end-to-end runner prints:
/// `e2e: 5 passed, 0 failed`.
pub fn parse_plain(line: &str) -> Option<Counts> {
    let line = line.trim();
    let rest = line.split_once(": ").map_or(line, |(_, rest)| rest);
    let (passed, failed) = rest.split_once(", ")?;
    Some(Counts {
        passed: passed.strip_suffix(" passed")?.parse().ok()?,
        failed: failed.strip_suffix(" failed")?.parse().ok()?,
        ignored: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(passed: u64, failed: u64, ignored: u64) -> Counts {
        Counts {
            passed,
            failed,
            ignored,
        }
    }

    #[test]
    fn reads_libtest_lines() {
        let line = "test result: ok. 12 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.01s";
        assert_eq!(parse_cargo_test(line), Some(counts(12, 0, 2)));
        let line = "test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out";
        assert_eq!(parse_cargo_test(line), Some(counts(3, 1, 0)));
        assert_eq!(parse_cargo_test("running 3 tests"), None);
    }

    #[test]
    fn reads_plain_lines() {
        assert_eq!(
            parse_plain("e2e: 5 passed, 1 failed"),
            Some(counts(5, 1, 0))
        );
        assert_eq!(parse_plain("7 passed, 0 failed"), Some(counts(7, 0, 0)));
        assert_eq!(parse_plain("e2e: starting"), None);
    }

    #[test]
    fn displays_in_the_plain_closing_form() {
        assert_eq!(counts(9, 0, 0).to_string(), "9 passed, 0 failed");
        assert_eq!(counts(9, 1, 2).to_string(), "9 passed, 1 failed, 2 skipped");
    }
}

//! Money in cents: the largest amount a split accepts and how cents read as
//! currency units. Kept apart so the errors and the split share one wording.

/// The largest amount of cents accepted: 2^53, beyond which a float no
/// longer holds every whole number of cents and exact splitting is lost.
pub const MAX_CENTS: i64 = 1 << 53;

/// Cents as currency units with two decimals: 600000 -> "6000.00".
pub fn units(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

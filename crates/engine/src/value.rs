//! Cell values as people write them in spreadsheets and ticket-system
//! exports: numbers with thousands separators, percentages, durations in
//! several notations, full-width digits, and the many ways of saying "no
//! value".

use std::fmt;

/// A cell's meaning.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    /// Blank or a missing-value marker (`N/A`, `-`, `无`, ...).
    Missing,
    /// A plain number.
    Number(f64),
    /// A percentage, as written: `85%` is 85.
    Percent(f64),
    /// A duration, in seconds.
    Seconds(f64),
}

/// A cell that is none of the accepted forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueError {
    /// The cell as read (trimmed).
    pub text: String,
}

/// What a cell may hold, for messages.
pub const EXPECTED: &str = "a number (1,234.5), a percentage (85%), a duration (3:20, 00:03:20, 200s, 3分20秒, 1.5h) or a blank";

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {EXPECTED}, found {:?}", self.text)
    }
}

impl std::error::Error for ValueError {}

/// Markers that mean "no value" (compared case-insensitively).
const MISSING: [&str; 12] = [
    "", "n/a", "na", "#n/a", "-", "--", "—", "–", "无", "null", "none", "空",
];

/// Reads one cell.
pub fn parse_value(text: &str) -> Result<Value, ValueError> {
    let text = trim(text);
    // Fast paths, most cells of a large export: a plain ASCII number, a
    // grouped one, a percentage or a clock duration, read without
    // allocating.
    if let Some(value) = fast_value(text) {
        return Ok(value);
    }
    general_value(text)
}

/// [`parse_value`] past its fast path, of a trimmed cell.
fn general_value(text: &str) -> Result<Value, ValueError> {
    if text
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        && text.bytes().any(|b| b.is_ascii_digit())
        && let Ok(value) = text.parse::<f64>()
        && value.is_finite()
    {
        return Ok(Value::Number(value));
    }
    let normal = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(half_width(text))
    };
    let trimmed = normal.trim();
    if MISSING
        .iter()
        .any(|marker| marker.eq_ignore_ascii_case(trimmed))
    {
        return Ok(Value::Missing);
    }
    let error = || ValueError {
        text: text.trim().to_owned(),
    };
    if let Some(number) = trimmed.strip_suffix('%') {
        return plain_number(number.trim_end())
            .map(Value::Percent)
            .ok_or_else(error);
    }
    if let Some(number) = plain_number(trimmed) {
        return Ok(Value::Number(number));
    }
    // A duration's parts may each be finite and still overflow together.
    duration(trimmed)
        .filter(|seconds| seconds.is_finite())
        .map(Value::Seconds)
        .ok_or_else(error)
}

/// `text` without white space at either end, as `str::trim` takes it: ASCII
/// white space first (no decoding), then Unicode's only when an end is not
/// plain ASCII (a full-width space) or is a vertical tab, which `trim`
/// counts and `trim_ascii` does not.
fn trim(text: &str) -> &str {
    let ascii = text.trim_ascii();
    let plain = |byte: Option<&u8>| byte.is_none_or(|&b| b.is_ascii() && b != 0x0B);
    if plain(ascii.as_bytes().first()) && plain(ascii.as_bytes().last()) {
        ascii
    } else {
        ascii.trim()
    }
}

/// A plain decimal (`-12.5`, `980`, `.5`; at most 15 digits), read exactly as
/// `str::parse` reads it, without its general algorithm: the digits as an
/// integer, below 2^53, divided by a power of ten no larger than 10^15, both
/// exact in an `f64`, so the only rounding is the division's, which IEEE
/// arithmetic rounds correctly (Clinger's fast path). `None` for anything
/// else, which then takes the general path.
fn simple_decimal(text: &str) -> Option<f64> {
    const POWERS: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.split_first()? {
        (b'-', rest) => (true, rest),
        _ => (false, bytes),
    };
    let (mut mantissa, mut count, mut point) = (0u64, 0usize, None);
    for (at, &byte) in digits.iter().enumerate() {
        match byte {
            b'0'..=b'9' if count < 15 => {
                mantissa = mantissa * 10 + u64::from(byte - b'0');
                count += 1;
            }
            b'.' if point.is_none() => point = Some(at),
            _ => return None,
        }
    }
    if count == 0 {
        return None;
    }
    let fraction = point.map_or(0, |at| digits.len() - at - 1);
    let value = mantissa as f64 / POWERS[fraction];
    Some(if negative { -value } else { value })
}

/// The forms most cells of a large export take, read in one pass over the
/// bytes: a decimal of at most 15 digits with an optional `-` and
/// thousands separators in the right places (`-1,234.5`), the same with a
/// `%` after it (`98.5%`), and `h:mm:ss` or `m:ss` of whole numbers
/// (`00:03:20`). The value is exactly the general path's (the digits
/// without separators read as [`simple_decimal`] reads them; a duration
/// summed as [`duration`] sums it); `None` for anything else, which then
/// takes the general path.
fn fast_value(text: &str) -> Option<Value> {
    const POWERS: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let bytes = text.as_bytes();
    if bytes.get(1) == Some(&b':') || bytes.get(2) == Some(&b':') {
        return clock(bytes).map(Value::Seconds);
    }
    let (percent, body) = match bytes.split_last()? {
        (b'%', body) => (true, body),
        _ => (false, bytes),
    };
    let (negative, digits) = match body.split_first()? {
        (b'-', rest) => (true, rest),
        _ => (false, body),
    };
    let (mut mantissa, mut count) = (0u64, 0usize);
    // Digits since the last separator, and whether there was one: the
    // first group has 1 to 3 digits, every later one 3.
    let (mut run, mut grouped) = (0usize, false);
    let mut fraction = None;
    for &byte in digits {
        match byte {
            b'0'..=b'9' if count < 15 => {
                mantissa = mantissa * 10 + u64::from(byte - b'0');
                count += 1;
                run += 1;
                if let Some(places) = &mut fraction {
                    *places += 1;
                }
            }
            b',' if fraction.is_none() && (1..=3).contains(&run) && (!grouped || run == 3) => {
                grouped = true;
                run = 0;
            }
            // `.5` and `5.` are numbers; after separators, a whole group.
            b'.' if fraction.is_none() && (!grouped || run == 3) => {
                fraction = Some(0);
                grouped = false;
            }
            _ => return None,
        }
    }
    if count == 0 || (grouped && run != 3) {
        return None;
    }
    let value = mantissa as f64 / POWERS[fraction.unwrap_or(0)];
    let value = if negative { -value } else { value };
    Some(if percent {
        Value::Percent(value)
    } else {
        Value::Number(value)
    })
}

/// `m:ss` or `h:mm:ss` of whole numbers, each part at most 9 digits and
/// those after the first under 60, in seconds; `None` otherwise.
fn clock(bytes: &[u8]) -> Option<f64> {
    let mut parts = [0.0; 3];
    let mut count = 0;
    for part in bytes.split(|&b| b == b':') {
        if count == parts.len() || part.is_empty() || part.len() > 9 {
            return None;
        }
        let mut whole = 0u32;
        for &byte in part {
            if !byte.is_ascii_digit() {
                return None;
            }
            whole = whole * 10 + u32::from(byte - b'0');
        }
        parts[count] = f64::from(whole);
        count += 1;
    }
    if parts[1..count].iter().any(|&n| n >= 60.0) {
        return None;
    }
    match parts[..count] {
        [m, s] => Some(m * 60.0 + s),
        [h, m, s] => Some(h * 3600.0 + m * 60.0 + s),
        _ => None,
    }
}

/// Reads one cell as a number in `unit` (durations are converted to it:
/// seconds unless the unit says minutes or hours).
pub fn parse_number_in(text: &str, unit: &str) -> Result<Option<f64>, ValueError> {
    parse_number_per(text, unit_seconds(unit))
}

/// [`parse_number_in`] with the unit's length in seconds looked up already
/// (see [`unit_seconds`]), for a column of cells in one unit.
pub fn parse_number_per(text: &str, seconds_per_unit: f64) -> Result<Option<f64>, ValueError> {
    Ok(match parse_value(text)? {
        Value::Missing => None,
        Value::Number(value) | Value::Percent(value) => Some(value),
        Value::Seconds(seconds) => Some(seconds / seconds_per_unit),
    })
}

/// How many seconds one `unit` is: 60 for minutes, 3600 for hours, else 1.
pub fn unit_seconds(unit: &str) -> f64 {
    let unit = unit.trim();
    let is = |names: &[&str]| names.iter().any(|name| name.eq_ignore_ascii_case(unit));
    if is(&["min", "mins", "minute", "minutes", "m", "分", "分钟"]) {
        60.0
    } else if is(&["h", "hr", "hrs", "hour", "hours", "时", "小时"]) {
        3600.0
    } else {
        1.0
    }
}

/// Full-width ASCII (as typed with a Chinese input method) and the Unicode
/// minus sign, as plain ASCII.
pub(crate) fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{2212}' => '-',
            '\u{3002}' => '.',
            _ => c,
        })
        .collect()
}

/// A decimal number with an optional sign and optional thousands separators
/// in the right places (`1,234,567.8`; not `1,23`).
fn plain_number(text: &str) -> Option<f64> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'-' => (-1.0, &text[1..]),
        b'+' => (1.0, &text[1..]),
        _ => (1.0, text),
    };
    let digits = digits.trim_start();
    if digits.is_empty()
        || !digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b".,eE+-".contains(&b))
    {
        return None;
    }
    if !digits.contains(',') {
        return finite(digits).map(|value| sign * value);
    }
    let (whole, fraction) = digits
        .split_once('.')
        .map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let grouped = (1..=3).contains(&first.len())
        && groups.all(|group| group.len() == 3)
        && !fraction.is_some_and(|fraction| fraction.contains(','));
    if !grouped {
        return None;
    }
    // The digits without their separators, on the stack for any number a
    // float can hold (a longer text is read the long way).
    let mut buffer = [0u8; 64];
    let mut len = 0;
    let kept = whole.bytes().filter(|&b| b != b',').chain(
        fraction
            .into_iter()
            .flat_map(|f| std::iter::once(b'.').chain(f.bytes())),
    );
    let mut long = String::new();
    for byte in kept {
        if len < buffer.len() {
            buffer[len] = byte;
            len += 1;
        } else {
            if long.is_empty() {
                long.push_str(std::str::from_utf8(&buffer).ok()?);
            }
            long.push(char::from(byte));
        }
    }
    let cleaned = if long.is_empty() {
        std::str::from_utf8(&buffer[..len]).ok()?
    } else {
        long.as_str()
    };
    finite(cleaned).map(|value| sign * value)
}

/// A finite float in Rust's syntax; its callers have refused letters other
/// than an exponent, so "inf" and "NaN" never reach it.
fn finite(text: &str) -> Option<f64> {
    if let Some(value) = simple_decimal(text) {
        return Some(value);
    }
    let value: f64 = text.parse().ok()?;
    value.is_finite().then_some(value)
}

/// Durations: `h:mm:ss`, `m:ss`, unit suffixes (`200s`, `3.5min`, `1.5h`,
/// `1h30m`) and Chinese units (`3分20秒`, `1小时5分`, `45秒`).
fn duration(text: &str) -> Option<f64> {
    if text.contains(':') {
        let mut numbers = [0.0; 3];
        let mut count = 0;
        for part in text.split(':') {
            let part = part.trim();
            if count == numbers.len()
                || part.is_empty()
                || !part.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            {
                return None;
            }
            numbers[count] = part.parse::<f64>().ok()?;
            count += 1;
        }
        let numbers = &numbers[..count];
        // Minutes and seconds after the first part must be under 60.
        if numbers[1..].iter().any(|n| *n >= 60.0) {
            return None;
        }
        return match numbers {
            [m, s] => Some(m * 60.0 + s),
            [h, m, s] => Some(h * 3600.0 + m * 60.0 + s),
            _ => None,
        };
    }
    let mut rest = text;
    let mut total = 0.0;
    let mut any = false;
    while !rest.is_empty() {
        let number_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if number_end == 0 {
            return None;
        }
        let number: f64 = rest[..number_end].parse().ok()?;
        rest = rest[number_end..].trim_start();
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = rest[..unit_end].trim();
        // Units in any case (`200S`, `1.5H`), compared without lowering
        // the text: no other letter lowers to one of these.
        let is = |names: &[&str]| names.iter().any(|name| name.eq_ignore_ascii_case(unit));
        let seconds = if is(&["s", "sec", "secs", "second", "seconds", "秒", "秒钟"]) {
            1.0
        } else if is(&["m", "min", "mins", "minute", "minutes", "分", "分钟"]) {
            60.0
        } else if is(&["h", "hr", "hrs", "hour", "hours", "时", "小时"]) {
            3600.0
        } else {
            return None;
        };
        total += number * seconds;
        any = true;
        rest = rest[unit_end..].trim_start();
    }
    any.then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_decimal_reads_as_str_parse_does() {
        // Decimals of 1 to 18 digits with the point anywhere (or none), a
        // sign now and then: the fast path must give the very same f64 as
        // the general one, or give way to it.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (mut fast, mut checked) = (0, 0);
        for _ in 0..200_000 {
            let digits = 1 + (next() % 18) as usize;
            let mut text = String::new();
            if next() % 4 == 0 {
                text.push('-');
            }
            let point = (next() % (digits as u64 + 2)) as usize;
            for i in 0..digits {
                if i == point {
                    text.push('.');
                }
                text.push(char::from(b'0' + (next() % 10) as u8));
            }
            if let Some(value) = simple_decimal(&text) {
                fast += 1;
                let parsed: f64 = text.parse().unwrap();
                assert_eq!(value.to_bits(), parsed.to_bits(), "{text}");
            }
            checked += 1;
        }
        // Most of them took the fast path, so it was the one tested.
        assert!(fast * 10 > checked * 7, "{fast} of {checked}");
        for text in ["", "-", ".", "-.", "1.2.3", "1-2", "+5", "1e3", " 5"] {
            assert_eq!(simple_decimal(text), None, "{text:?}");
        }
        assert_eq!(
            simple_decimal("-0").map(f64::to_bits),
            Some((-0.0f64).to_bits())
        );
        assert_eq!(simple_decimal("5."), Some(5.0));
        assert_eq!(simple_decimal(".5"), Some(0.5));
    }

    /// The same value, bit for bit, or both refused.
    fn same(a: &Result<Value, ValueError>, b: &Result<Value, ValueError>) -> bool {
        let bits = |value: &Value| match *value {
            Value::Missing => (0, 0),
            Value::Number(v) => (1, v.to_bits()),
            Value::Percent(v) => (2, v.to_bits()),
            Value::Seconds(v) => (3, v.to_bits()),
        };
        match (a, b) {
            (Ok(a), Ok(b)) => bits(a) == bits(b),
            (Err(_), Err(_)) => true,
            _ => false,
        }
    }

    #[test]
    fn the_fast_forms_read_as_the_general_path_reads_them() {
        // Grouped and plain decimals, percentages and clock durations,
        // well and badly formed (groups of any length, a stray byte, too
        // many digits or parts): the fast path gives the general path's
        // value exactly, or gives way to it.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let (mut fast, mut checked) = (0, 0);
        for _ in 0..300_000 {
            let mut text = String::new();
            if next(3) == 0 {
                for part in 0..2 + next(2) {
                    if part > 0 {
                        text.push(':');
                    }
                    let long = next(20) == 0;
                    for _ in 0..1 + next(if long { 11 } else { 2 }) {
                        text.push(char::from(b'0' + next(if part > 0 { 7 } else { 10 }) as u8));
                    }
                }
            } else {
                if next(4) == 0 {
                    text.push('-');
                }
                let digits = 1 + next(17) as usize;
                let grouping = next(3) == 0;
                let point = next(digits as u64 + 2) as usize;
                for i in 0..digits {
                    if i == point {
                        text.push('.');
                    }
                    let whole = point.min(digits);
                    if grouping
                        && i > 0
                        && i < whole
                        && ((whole - i).is_multiple_of(3) || next(30) == 0)
                    {
                        text.push(',');
                    }
                    text.push(char::from(b'0' + next(10) as u8));
                }
                if next(3) == 0 {
                    text.push('%');
                }
            }
            if next(15) == 0 {
                let at = next(text.len() as u64 + 1) as usize;
                let stray = [" ", "e", "+", ",", ".", ":", "%", "-", "x"][next(9) as usize];
                text.insert_str(at, stray);
            }
            if let Some(value) = fast_value(&text) {
                fast += 1;
                assert!(same(&Ok(value), &general_value(&text)), "{text:?}");
            }
            checked += 1;
        }
        assert!(fast * 10 > checked * 6, "{fast} of {checked}");
        for (text, value) in [
            ("1,234", Value::Number(1234.0)),
            ("-1,234,567.25", Value::Number(-1_234_567.25)),
            ("98.5%", Value::Percent(98.5)),
            ("-2%", Value::Percent(-2.0)),
            ("00:03:20", Value::Seconds(200.0)),
            ("3:20", Value::Seconds(200.0)),
        ] {
            assert_eq!(fast_value(text), Some(value), "{text:?}");
        }
        for text in [
            "1,23", "12,34.5", "1234,567", ",5", "1,", "%", "-%", "3:75", "1:2:3:4", ":5",
        ] {
            assert_eq!(fast_value(text), None, "{text:?}");
        }
    }

    #[test]
    fn trimming_is_strs() {
        for text in [
            "",
            " 5 ",
            "\t5\r\n",
            "\u{b}5\u{b}",
            "\u{3000}5\u{3000}",
            "\u{a0}5",
            "5\u{a0}",
            "王 ",
            " ",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    fn check(cases: &[(&str, Result<Value, ()>)]) {
        for (text, expected) in cases {
            let actual = parse_value(text).map_err(|_| ());
            assert_eq!(&actual, expected, "{text:?}");
        }
    }

    #[test]
    fn numbers() {
        check(&[
            ("12", Ok(Value::Number(12.0))),
            (" -4.5 ", Ok(Value::Number(-4.5))),
            ("+3", Ok(Value::Number(3.0))),
            ("1,234.5", Ok(Value::Number(1234.5))),
            ("1,234,567", Ok(Value::Number(1_234_567.0))),
            ("1e3", Ok(Value::Number(1000.0))),
            ("１２３．５", Ok(Value::Number(123.5))),
            ("－７", Ok(Value::Number(-7.0))),
            ("\u{2212}2", Ok(Value::Number(-2.0))),
            ("1,23", Err(())),
            ("12,34.5", Err(())),
            ("1.2.3", Err(())),
            ("inf", Err(())),
            ("NaN", Err(())),
            ("abc", Err(())),
            ("12abc", Err(())),
        ]);
    }

    #[test]
    fn percentages() {
        check(&[
            ("85%", Ok(Value::Percent(85.0))),
            ("85.3 %", Ok(Value::Percent(85.3))),
            ("８５％", Ok(Value::Percent(85.0))),
            ("-2.5%", Ok(Value::Percent(-2.5))),
            ("%", Err(())),
            ("x%", Err(())),
        ]);
    }

    #[test]
    fn durations_in_seconds() {
        check(&[
            ("3:20", Ok(Value::Seconds(200.0))),
            ("00:03:20", Ok(Value::Seconds(200.0))),
            ("1:02:03", Ok(Value::Seconds(3723.0))),
            ("200s", Ok(Value::Seconds(200.0))),
            ("3.5min", Ok(Value::Seconds(210.0))),
            ("1.5h", Ok(Value::Seconds(5400.0))),
            ("1h30m", Ok(Value::Seconds(5400.0))),
            ("3分20秒", Ok(Value::Seconds(200.0))),
            ("1小时5分", Ok(Value::Seconds(3900.0))),
            ("45秒", Ok(Value::Seconds(45.0))),
            ("３分２０秒", Ok(Value::Seconds(200.0))),
            ("3:75", Err(())),
            ("3:", Err(())),
            ("1:2:3:4", Err(())),
            // Found by fuzzing: 370 digits overflow to infinity.
            (&format!("2{}.:7", "0".repeat(370)), Err(())),
            (&format!("1{}h", "0".repeat(400)), Err(())),
            ("5 parsecs", Err(())),
            ("h", Err(())),
        ]);
    }

    #[test]
    fn missing_markers() {
        for text in [
            "", "  ", "N/A", "n/a", "NA", "#N/A", "-", "--", "—", "无", "null", "NULL", "空",
        ] {
            assert_eq!(parse_value(text), Ok(Value::Missing), "{text:?}");
        }
    }

    #[test]
    fn durations_convert_to_the_input_unit() {
        assert_eq!(parse_number_in("3:30", "min"), Ok(Some(3.5)));
        assert_eq!(parse_number_in("90s", "分钟"), Ok(Some(1.5)));
        assert_eq!(parse_number_in("1.5h", "小时"), Ok(Some(1.5)));
        assert_eq!(parse_number_in("200s", "s"), Ok(Some(200.0)));
        assert_eq!(parse_number_in("200s", ""), Ok(Some(200.0)));
        assert_eq!(parse_number_in("85%", "%"), Ok(Some(85.0)));
        assert_eq!(parse_number_in("", "min"), Ok(None));
        let err = parse_number_in("abc", "").unwrap_err();
        assert!(err.to_string().contains("expected a number"), "{err}");
        assert!(err.to_string().contains("\"abc\""), "{err}");
    }
}

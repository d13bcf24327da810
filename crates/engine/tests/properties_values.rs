//! Reading a cell's value without allocating gives exactly what the
//! allocating reader it replaced gave, on random cells of every form:
//! numbers with and without separators, signs, exponents, percentages,
//! colon and unit durations in both languages and any case, full-width
//! digits, missing markers and near misses. `before` is that earlier
//! reader, kept as the oracle.

use kpi_engine::value::{Value, ValueError, parse_number_in, parse_value};
use proptest::prelude::*;

#[allow(clippy::all)]
mod before {
    use super::{Value, ValueError};

    /// Markers that mean "no value" (compared case-insensitively).
    const MISSING: [&str; 12] = [
        "", "n/a", "na", "#n/a", "-", "--", "—", "–", "无", "null", "none", "空",
    ];

    /// Reads one cell.
    pub fn parse_value(text: &str) -> Result<Value, ValueError> {
        let text = text.trim();
        // Fast path, most cells of a large export: a plain ASCII number, read
        // without allocating.
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

    /// Reads one cell as a number in `unit` (durations are converted to it:
    /// seconds unless the unit says minutes or hours).
    pub fn parse_number_in(text: &str, unit: &str) -> Result<Option<f64>, ValueError> {
        Ok(match parse_value(text)? {
            Value::Missing => None,
            Value::Number(value) | Value::Percent(value) => Some(value),
            Value::Seconds(seconds) => Some(seconds / unit_seconds(unit)),
        })
    }

    /// How many seconds one `unit` is: 60 for minutes, 3600 for hours, else 1.
    fn unit_seconds(unit: &str) -> f64 {
        match unit.trim().to_lowercase().as_str() {
            "min" | "mins" | "minute" | "minutes" | "m" | "分" | "分钟" => 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" | "时" | "小时" => 3600.0,
            _ => 1.0,
        }
    }

    /// Full-width ASCII (as typed with a Chinese input method) and the Unicode
    /// minus sign, as plain ASCII.
    fn half_width(text: &str) -> String {
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
        let cleaned = if digits.contains(',') {
            let (whole, fraction) = digits
                .split_once('.')
                .map_or((digits, None), |(w, f)| (w, Some(f)));
            let groups: Vec<&str> = whole.split(',').collect();
            let grouped = groups[0].len() <= 3
                && !groups[0].is_empty()
                && groups[1..].iter().all(|group| group.len() == 3)
                && !fraction.is_some_and(|fraction| fraction.contains(','));
            if !grouped {
                return None;
            }
            let mut cleaned = groups.concat();
            if let Some(fraction) = fraction {
                cleaned.push('.');
                cleaned.push_str(fraction);
            }
            cleaned
        } else {
            digits.to_owned()
        };
        // Rust's float syntax also takes "inf" and "NaN"; the byte check above
        // already refused letters other than an exponent.
        let value: f64 = cleaned.parse().ok()?;
        value.is_finite().then_some(sign * value)
    }

    /// Durations: `h:mm:ss`, `m:ss`, unit suffixes (`200s`, `3.5min`, `1.5h`,
    /// `1h30m`) and Chinese units (`3分20秒`, `1小时5分`, `45秒`).
    fn duration(text: &str) -> Option<f64> {
        if text.contains(':') {
            let parts: Vec<&str> = text.split(':').collect();
            let numbers: Option<Vec<f64>> = parts
                .iter()
                .map(|part| {
                    let part = part.trim();
                    (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
                        .then(|| part.parse::<f64>().ok())
                        .flatten()
                })
                .collect();
            let numbers = numbers?;
            // Minutes and seconds after the first part must be under 60.
            if numbers[1..].iter().any(|n| *n >= 60.0) {
                return None;
            }
            return match numbers.as_slice() {
                [m, s] => Some(m * 60.0 + s),
                [h, m, s] => Some(h * 3600.0 + m * 60.0 + s),
                _ => None,
            };
        }
        let lower = text.to_lowercase();
        let mut rest = lower.as_str();
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
            let seconds = match unit {
                "s" | "sec" | "secs" | "second" | "seconds" | "秒" | "秒钟" => 1.0,
                "m" | "min" | "mins" | "minute" | "minutes" | "分" | "分钟" => 60.0,
                "h" | "hr" | "hrs" | "hour" | "hours" | "时" | "小时" => 3600.0,
                _ => return None,
            };
            total += number * seconds;
            any = true;
            rest = rest[unit_end..].trim_start();
        }
        any.then_some(total)
    }
}

/// A number as people write it: grouped or not (rightly or wrongly), with
/// a fraction and an exponent now and then, full-width or not.
fn number() -> impl Strategy<Value = String> {
    let groups = prop::collection::vec(prop_oneof![3 => "[0-9]{3}", 1 => "[0-9]{1,4}"], 0..3);
    (
        prop::sample::select(vec!["", "-", "+", "- ", "－", "\u{2212}"]),
        "[0-9]{1,5}",
        groups,
        prop::option::of("[0-9]{0,3}"),
        prop::option::of("[eE][+-]?[0-9]{1,2}"),
        any::<bool>(),
    )
        .prop_map(|(sign, first, groups, fraction, exponent, wide)| {
            let mut text = format!("{sign}{first}");
            for group in groups {
                text.push(',');
                text.push_str(&group);
            }
            if let Some(fraction) = fraction {
                text.push('.');
                text.push_str(&fraction);
            }
            text.push_str(&exponent.unwrap_or_default());
            if wide {
                text = text
                    .chars()
                    .map(|c| match c {
                        '0'..='9' | '.' | ',' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
                        _ => c,
                    })
                    .collect();
            }
            text
        })
}

/// A unit as written after a number, in any case.
fn unit() -> impl Strategy<Value = String> {
    let names = prop::sample::select(vec![
        "s", "sec", "secs", "second", "seconds", "秒", "秒钟", "m", "min", "mins", "minute",
        "minutes", "分", "分钟", "h", "hr", "hrs", "hour", "hours", "时", "小时", "x", "ms", "%",
        "％", " %", "",
    ]);
    (names, any::<u8>()).prop_map(|(name, case)| {
        name.chars()
            .enumerate()
            .map(|(i, c)| {
                if case >> (i % 8) & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect()
    })
}

/// Cells of every form a value takes, and near misses of each.
fn cell() -> impl Strategy<Value = String> {
    let free = prop_oneof![
        "[0-9]{1,4}",
        // Around the 15 digits an integer is exact to in the fast path.
        "[0-9]{13,18}",
        Just("-".to_owned()),
        Just(",".to_owned()),
        Just(".".to_owned()),
        Just(":".to_owned()),
        Just(" ".to_owned()),
        prop::sample::select(vec![
            "N/A", "na", "—", "无", "null", "inf", "NaN", "\u{3000}", "：", "\t", "\u{b}", "\u{a0}"
        ])
        .prop_map(str::to_owned),
    ];
    prop_oneof![
        // A number with a unit or a percent sign, or two (`1h30m`).
        (number(), unit(), prop::option::of((number(), unit()))).prop_map(|(n, u, more)| {
            let (n2, u2) = more.unwrap_or_default();
            format!("{n}{u}{n2}{u2}")
        }),
        // Colon durations, minutes and seconds at 60 and past it.
        prop::collection::vec(prop_oneof![0u32..100, Just(59), Just(60)], 1..5).prop_map(|parts| {
            parts
                .iter()
                .map(|p| format!("{p:02}"))
                .collect::<Vec<_>>()
                .join(":")
        }),
        // Anything else built from the same pieces.
        prop::collection::vec(free, 0..7).prop_map(|pieces| pieces.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn a_cell_reads_as_it_did_before(text in cell()) {
        prop_assert_eq!(parse_value(&text), before::parse_value(&text), "{:?}", text);
        for unit in ["", "s", "min", "MIN", "分钟", "h", "小时", " Hours "] {
            prop_assert_eq!(
                parse_number_in(&text, unit),
                before::parse_number_in(&text, unit),
                "{:?} in {:?}", text, unit
            );
        }
    }
}

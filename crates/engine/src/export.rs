//! Results as CSV (for Excel and WPS) and JSON.

use serde::Serialize;

use super::explain::{Step, explain, money};
use super::issue::{Issue, Severity};
use super::scheme::Scheme;
use super::score::{PeriodSummary, Scorecard, TeamResult};

/// A text cell made safe for spreadsheets: a cell that starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return would be run as a formula, so it gets
/// a leading apostrophe. Numbers are written by us and are never neutralised.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// One CSV field, quoted when it must be.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A number with up to six decimals and no float noise.
#[cfg(test)]
fn num(value: Option<f64>) -> String {
    let mut text = String::new();
    if let Some(value) = value {
        write_num(&mut text, value);
    }
    text
}

/// Writes `value` rounded to six decimals, without trailing zeros, and
/// `0` for a negative zero.
fn write_num(out: &mut String, value: f64) {
    // Below a million, the value in millionths is an exact integer and the
    // float nearest to it a millionth apart from the next one by far less
    // than half a millionth, so its digits are the integer's: written
    // without the float formatter, the same text.
    if value.abs() < 1e6 {
        let millionths = (value * 1e6).round() as i64;
        if millionths == 0 {
            out.push('0');
            return;
        }
        if millionths < 0 {
            out.push('-');
        }
        let millionths = millionths.unsigned_abs();
        push_decimal(out, millionths / 1_000_000);
        let mut fraction = millionths % 1_000_000;
        if fraction > 0 {
            let mut digits = 6;
            while fraction.is_multiple_of(10) {
                fraction /= 10;
                digits -= 1;
            }
            out.push('.');
            let mut buffer = [b'0'; 6];
            for slot in buffer[..digits].iter_mut().rev() {
                *slot = b'0' + (fraction % 10) as u8;
                fraction /= 10;
            }
            out.push_str(std::str::from_utf8(&buffer[..digits]).expect("ASCII digits"));
        }
        return;
    }
    let rounded = (value * 1e6).round() / 1e6;
    let text = format!("{rounded:.6}");
    out.push_str(text.trim_end_matches('0').trim_end_matches('.'));
}

fn push_decimal(out: &mut String, mut value: u64) {
    let mut buffer = [0u8; 20];
    let mut start = buffer.len();
    loop {
        start -= 1;
        buffer[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buffer[start..]).expect("ASCII digits"));
}

/// One line of a CSV being written, cell by cell, straight into the text.
struct Line<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Line<'a> {
    fn start(out: &'a mut String) -> Line<'a> {
        Line { out, first: true }
    }

    fn next(&mut self) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out
    }

    /// A text cell, neutralised and quoted as `field(&neutralise(text))`.
    fn text(&mut self, text: &str) {
        let out = self.next();
        let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
        if text.contains([',', '"', '\n', '\r']) {
            out.push('"');
            if formula {
                out.push('\'');
            }
            for (i, part) in text.split('"').enumerate() {
                if i > 0 {
                    out.push_str("\"\"");
                }
                out.push_str(part);
            }
            out.push('"');
        } else {
            if formula {
                out.push('\'');
            }
            out.push_str(text);
        }
    }

    fn num(&mut self, value: Option<f64>) {
        let out = self.next();
        if let Some(value) = value {
            write_num(out, value);
        }
    }

    /// A cell we wrote ourselves (a number, a flag).
    fn raw(&mut self, text: &str) {
        self.next().push_str(text);
    }

    fn end(self) {
        self.out.push_str("\r\n");
    }
}

/// The results table as CSV (comma separated, CRLF line ends, no byte-order
/// mark: callers that hand the file to Excel prepend one). One row per
/// scorecard: keys, total, rank, grade, bonus, coverage, the weakest
/// indicator, then each dimension's score, then each indicator's value and
/// score.
pub fn results_csv(scheme: &Scheme, result: &TeamResult) -> String {
    let mut out = String::new();
    // One piece: the whole text.
    write_results_csv(scheme, result, usize::MAX, &mut |piece| out.push_str(piece));
    out
}

/// [`results_csv`] handed to `sink` a piece at a time, each of whole lines
/// and at least `chunk` bytes (the last one shorter): a caller writing the
/// file of a large team never holds the whole text.
pub fn write_results_csv(
    scheme: &Scheme,
    result: &TeamResult,
    chunk: usize,
    sink: &mut dyn FnMut(&str),
) {
    let flat: Vec<_> = scheme.indexed_indicators().collect();
    let mut header: Vec<String> = [
        "period",
        "agent",
        "group",
        "total",
        "rank",
        "grade",
        "bonus",
        "coverage_percent",
        "incomplete",
        "weakest",
    ]
    .iter()
    .map(|name| (*name).to_owned())
    .collect();
    header.extend(
        scheme
            .dimensions
            .iter()
            .map(|dimension| format!("{}_score", dimension.id)),
    );
    for (_, indicator) in &flat {
        header.push(format!("{}_value", indicator.id));
        header.push(format!("{}_score", indicator.id));
    }
    // About the width of a line of figures, so the text grows rarely.
    let lines = (result.cards.len() + 1) * header.len() * 8;
    let mut out = String::with_capacity(lines.min(chunk.saturating_add(4096)));
    let mut line = Line::start(&mut out);
    for name in &header {
        line.text(name);
    }
    line.end();
    let mut rank = String::new();
    for card in &result.cards {
        let mut line = Line::start(&mut out);
        line.text(card.period.as_deref().unwrap_or(""));
        line.text(&card.agent);
        line.text(card.group.as_deref().unwrap_or(""));
        line.num(card.total);
        rank.clear();
        if let Some(value) = card.rank {
            push_decimal(&mut rank, value as u64);
        }
        line.raw(&rank);
        line.text(card.grade.as_deref().unwrap_or(""));
        line.raw(&card.bonus.map(money).unwrap_or_default());
        line.num(Some(card.coverage * 100.0));
        line.raw(if card.incomplete() { "yes" } else { "" });
        match card.weakest {
            Some(i) => line.text(&flat[i].1.id),
            None => line.raw(""),
        }
        for dimension in &card.dimensions {
            line.num(dimension.score);
        }
        for indicator in &card.indicators {
            line.num(indicator.value());
            line.num(indicator.score());
        }
        line.end();
        if out.len() >= chunk {
            sink(&out);
            out.clear();
        }
    }
    sink(&out);
}

fn push_line(out: &mut String, cells: impl Iterator<Item = String>) {
    let cells: Vec<String> = cells.collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

#[derive(Serialize)]
struct JsonResults<'a> {
    format: &'static str,
    version: u32,
    scheme: &'a str,
    indicators: Vec<&'a str>,
    dimensions: Vec<&'a str>,
    cards: Vec<JsonCard<'a>>,
    periods: &'a [PeriodSummary],
    issues: &'a [Issue],
}

#[derive(Serialize)]
struct JsonCard<'a> {
    #[serde(flatten)]
    card: &'a Scorecard,
    incomplete: bool,
    weakest_indicator: Option<&'a str>,
    explanation: Vec<String>,
    steps: Vec<Step>,
}

/// The full results as JSON: every scorecard with its explanation, the
/// period summaries and the issues. Indicator and dimension results are in
/// the order of the `indicators` and `dimensions` lists.
pub fn results_json(scheme: &Scheme, result: &TeamResult) -> String {
    let flat: Vec<_> = scheme.indexed_indicators().collect();
    let cards = result
        .cards
        .iter()
        .map(|card| {
            let ranked = result
                .periods
                .iter()
                .find(|summary| summary.period == card.period)
                .map_or(0, |summary| summary.total.count);
            let steps = explain(scheme, card, ranked);
            JsonCard {
                card,
                incomplete: card.incomplete(),
                weakest_indicator: card.weakest.map(|i| flat[i].1.id.as_str()),
                explanation: steps.iter().map(ToString::to_string).collect(),
                steps,
            }
        })
        .collect();
    let results = JsonResults {
        format: "kpi-results",
        version: 1,
        scheme: &scheme.id,
        indicators: flat
            .iter()
            .map(|(_, indicator)| indicator.id.as_str())
            .collect(),
        dimensions: scheme
            .dimensions
            .iter()
            .map(|dimension| dimension.id.as_str())
            .collect(),
        cards,
        periods: &result.periods,
        issues: &result.issues,
    };
    serde_json::to_string_pretty(&results).expect("results always serialise")
}

/// The language of a template's headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    En,
    Zh,
}

/// An empty figures file for a scheme: one header per key column and input,
/// in the user's language, with a byte-order mark so Excel and WPS open the
/// Chinese headers correctly. Its headers map back automatically on import.
pub fn template_csv(scheme: &Scheme, language: Language) -> String {
    let pick = |en: &str, zh: &str, fallback: &str| {
        let text = match language {
            Language::En => en,
            Language::Zh => zh,
        };
        if text.trim().is_empty() {
            fallback.to_owned()
        } else {
            text.to_owned()
        }
    };
    let key = |en: &str, zh: &str, column: &str| {
        // The scheme's own column name maps back exactly; the translated
        // word is what a person expects to see.
        if column == en {
            pick(en, zh, column)
        } else {
            column.to_owned()
        }
    };
    let mut headers = vec![key("agent", "客服", &scheme.columns.agent)];
    if let Some(group) = &scheme.columns.group {
        headers.push(key("group", "组别", group));
    }
    if let Some(period) = &scheme.columns.period {
        headers.push(key("period", "周期", period));
    }
    headers.extend(
        scheme
            .inputs
            .iter()
            .map(|input| pick(&input.name.en, &input.name.zh, &input.id)),
    );
    let mut out = String::from("\u{feff}");
    push_line(
        &mut out,
        headers.iter().map(|header| field(&neutralise(header))),
    );
    out
}

/// Import or scoring issues as CSV (with a byte-order mark, for Excel):
/// severity, row, column, agent, period, indicator, message, in English.
pub fn issues_csv(issues: &[Issue]) -> String {
    let headers = [
        "severity",
        "row",
        "column",
        "agent",
        "period",
        "indicator",
        "message",
    ];
    issues_csv_with(issues, headers, |issue| {
        let severity = match issue.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        (severity.to_owned(), issue.kind.to_string())
    })
}

/// Issues as CSV with the headers and the severity and message texts in
/// the user's language: `describe` gives an issue's severity and message.
pub fn issues_csv_with(
    issues: &[Issue],
    headers: [&str; 7],
    describe: impl Fn(&Issue) -> (String, String),
) -> String {
    let mut out = String::from("\u{feff}");
    push_line(
        &mut out,
        headers.iter().map(|name| field(&neutralise(name))),
    );
    for issue in issues {
        let text = |value: &Option<String>| field(&neutralise(value.as_deref().unwrap_or("")));
        let (severity, message) = describe(issue);
        push_line(
            &mut out,
            [
                field(&neutralise(&severity)),
                issue.row.map(|row| row.to_string()).unwrap_or_default(),
                text(&issue.column),
                text(&issue.agent),
                text(&issue.period),
                text(&issue.indicator),
                field(&neutralise(&message)),
            ]
            .into_iter(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formula_starts() {
        for (text, expected) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+1", "'+1"),
            ("-cmd", "'-cmd"),
            ("@x", "'@x"),
            ("\tx", "'\tx"),
            ("王芳", "王芳"),
            ("a=b", "a=b"),
        ] {
            assert_eq!(neutralise(text), expected);
        }
    }

    #[test]
    fn quotes_fields_and_formats_numbers() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(num(Some(84.5)), "84.5");
        assert_eq!(num(Some(1.0 / 3.0)), "0.333333");
        assert_eq!(num(Some(-0.0000001)), "0");
        assert_eq!(num(None), "");
    }

    #[test]
    fn numbers_are_written_as_the_float_formatter_wrote_them() {
        let formatted = |value: f64| {
            let rounded = (value * 1e6).round() / 1e6;
            let text = format!("{rounded:.6}");
            let text = text.trim_end_matches('0').trim_end_matches('.');
            if text == "-0" {
                "0".to_owned()
            } else {
                text.to_owned()
            }
        };
        let mut values = vec![
            0.0,
            -0.0,
            0.0000005,
            -0.0000005,
            0.0000004999,
            999_999.999_999_5,
            999_999.999_999_4,
            1e6,
            -1e6,
            1e6 + 0.25,
            0.1 + 0.2,
            84.5,
            1.0 / 3.0,
            -2.0 / 3.0,
            1e15,
            -123_456_789.5,
            f64::MIN_POSITIVE,
            5e-7,
            12.000_001,
            100.0,
        ];
        // A fixed walk over many magnitudes and fractions.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let unit = (seed >> 11) as f64 / (1u64 << 53) as f64;
            let scale = 10f64.powi((seed % 13) as i32 - 6);
            let sign = if seed & 1 == 0 { 1.0 } else { -1.0 };
            values.push(sign * unit * scale * 1_000.0);
        }
        for value in values {
            assert_eq!(num(Some(value)), formatted(value), "{value:e}");
        }
    }

    #[test]
    fn a_template_maps_back_in_either_language() {
        use crate::figures::Figures;
        use crate::table::Table;
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/examples/call-centre.json"
        ))
        .unwrap();
        let scheme = Scheme::from_json(&text).unwrap();
        for language in [Language::En, Language::Zh] {
            let template = template_csv(&scheme, language);
            assert!(template.starts_with('\u{feff}'));
            let table = Table::from_test_csv(template.trim_start_matches('\u{feff}'));
            let (_, issues) = Figures::from_table(&scheme, &table);
            assert!(issues.is_empty(), "{language:?}: {issues:?}");
        }
        let zh = template_csv(&scheme, Language::Zh);
        assert!(zh.contains("接听量") && zh.contains("客服"), "{zh}");
    }

    #[test]
    fn issues_as_csv() {
        use crate::issue::IssueKind;
        let issue = Issue::new(
            Severity::Error,
            IssueKind::NotANumber {
                input: "csat".to_owned(),
                text: "=1+1".to_owned(),
            },
        )
        .row(4)
        .column("csat")
        .agent("王芳");
        let csv = issues_csv(&[issue]);
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            lines[0],
            "severity,row,column,agent,period,indicator,message"
        );
        assert!(lines[1].starts_with("error,4,csat,王芳,,,"), "{}", lines[1]);
        assert!(lines[1].contains("found \"\"=1+1\"\""), "{}", lines[1]);
    }
}

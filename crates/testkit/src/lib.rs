//! What several crates' tests share: the documented example (the
//! call-centre scheme and its figures, docs/examples/) and files made from
//! it, so each test reads the same example the same way.

use std::path::{Path, PathBuf};

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The documented example scheme, as its file holds it.
pub fn example_scheme() -> String {
    std::fs::read_to_string(root().join("docs/examples/call-centre.json")).unwrap()
}

/// The documented example figures, as their CSV file holds them.
pub fn example_figures() -> String {
    std::fs::read_to_string(root().join("docs/examples/call-centre.csv")).unwrap()
}

/// The example figures as a workbook: a notes sheet ("说明") first, then the
/// data ("数据") with numbers as numbers, its header in row 3 under a title.
pub fn example_workbook() -> Vec<u8> {
    let csv = example_figures();
    let mut book = rust_xlsxwriter::Workbook::new();
    let notes = book.add_worksheet().set_name("说明").unwrap();
    notes.write_string(0, 0, "十月客服数据").unwrap();
    let sheet = book.add_worksheet().set_name("数据").unwrap();
    sheet.write_string(0, 0, "2026年10月").unwrap();
    for (r, line) in csv.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (row, col) = (r as u32 + 2, c as u16);
            match cell.parse::<f64>() {
                Ok(number) if r > 0 => sheet.write_number(row, col, number).unwrap(),
                _ => sheet.write_string(row, col, cell).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

/// One indicator of a [`small_scheme`]: its id, its value source as JSON
/// (`{ "column": "c" }`), the best value of its linear curve (worst is 0)
/// and any further fields as JSON (`"missing": "exclude", ` or nothing).
pub struct SmallIndicator<'a> {
    pub id: &'a str,
    pub value: &'a str,
    pub best: f64,
    pub extra: &'a str,
}

/// A scheme file with one dimension whose indicators share its weight
/// equally, over `inputs` (each named by its id): small schemes for tests of
/// how inputs, columns and indicators meet, written once.
pub fn small_scheme(
    id: &str,
    name: &str,
    inputs: &[&str],
    indicators: &[SmallIndicator],
) -> String {
    let inputs: Vec<String> = inputs
        .iter()
        .map(|input| {
            format!(r#"{{ "id": "{input}", "name": {{ "en": "{input}", "zh": "{input}" }} }}"#)
        })
        .collect();
    let weight = 100.0 / indicators.len() as f64;
    let indicators: Vec<String> = indicators
        .iter()
        .map(|SmallIndicator { id, value, best, extra }| {
            format!(
                r#"{{ "id": "{id}", "name": {{ "en": "{id}", "zh": "{id}" }}, "direction": "higher",
        "value": {value}, "curve": {{ "kind": "linear", "worst": 0, "best": {best} }},
        {extra}"weight": {weight} }}"#
            )
        })
        .collect();
    format!(
        r#"{{
  "format": "kpi-scheme", "version": 1, "id": "{id}",
  "name": {{ "en": "{name}", "zh": "{name}" }},
  "columns": {{ "agent": "agent" }},
  "inputs": [{}],
  "dimensions": [{{
    "id": "q", "name": {{ "en": "Q", "zh": "Q" }}, "weight": 100,
    "indicators": [{}]
  }}]
}}"#,
        inputs.join(", "),
        indicators.join(", ")
    )
}

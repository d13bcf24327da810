//! The `kpi` command line and the documented file format: the example scheme
//! scores, errors go to stderr with a non-zero exit, and the docs stay true
//! (the committed JSON Schema is the generated one; every JSON block in
//! docs/scheme-format.md parses).
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::{Command, Output};

use kpi_engine::curve::Curve;
use kpi_engine::scheme::{BonusRule, Grading, Indicator, Scheme, ValueSource, WeightProfile};
use kpi_testkit::{SmallIndicator, small_scheme};
use serde_json::Value;

fn root() -> PathBuf {
    kpi_testkit::root()
}

fn kpi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kpi"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("kpi runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 output")
}

/// A file in the temporary folder for one test, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, bytes: impl AsRef<[u8]>) -> TempFile {
        let path = std::env::temp_dir().join(format!("kpi-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The example scheme as JSON, to change for a test.
fn example_scheme() -> Value {
    serde_json::from_str(&kpi_testkit::example_scheme()).unwrap()
}

/// Scores the example scheme against figures given as bytes (written to a
/// temporary file for the run).
fn score_figures(name: &str, bytes: &[u8]) -> Output {
    let figures = TempFile::new(name, bytes);
    kpi(&["score", "--scheme", SCHEME, "--figures", figures.path()])
}

const SCHEME: &str = "docs/examples/call-centre.json";
const FIGURES: &str = "docs/examples/call-centre.csv";

/// Rows of the results CSV as (header -> cell) maps.
fn csv_rows(text: &str) -> Vec<Vec<(String, String)>> {
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    lines
        .map(|line| {
            header
                .iter()
                .cloned()
                .zip(line.split(',').map(str::to_owned))
                .collect()
        })
        .collect()
}

fn cell<'a>(row: &'a [(String, String)], name: &str) -> &'a str {
    &row.iter().find(|(header, _)| header == name).unwrap().1
}

#[test]
fn scores_the_example_as_csv() {
    let output = score_example(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows = csv_rows(&stdout(&output));
    assert_eq!(rows.len(), 6);
    let wang = rows
        .iter()
        .find(|row| cell(row, "agent") == "王芳")
        .unwrap();
    assert_eq!(cell(wang, "rank"), "1");
    assert_eq!(cell(wang, "grade"), "A");
    // Top 20% of 6 agents = 2 share 50% of 10000.00; all six add up to the pool.
    let paid: f64 = rows
        .iter()
        .map(|row| cell(row, "bonus").parse::<f64>().unwrap())
        .sum();
    assert!((paid - 10_000.0).abs() < 1e-6, "paid {paid}");
    // 张伟's repeat rate (12.5%) is worse than 10%: handle time earns nothing.
    let zhang = rows
        .iter()
        .find(|row| cell(row, "agent") == "张伟")
        .unwrap();
    assert_eq!(cell(zhang, "aht_score"), "0");
    // 刘洋 has only 4 surveys: a warning on stderr, scoring goes on.
    assert!(
        stderr(&output).contains("fewer than the minimum of 10"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn scores_the_example_as_json_with_explanations() {
    let output = score_example(&["--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let results: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(results["format"], "kpi-results");
    let cards = results["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 6);
    let chen = cards.iter().find(|card| card["agent"] == "陈静").unwrap();
    // 陈静 has no CSAT: the team median stands in, and the explanation says so.
    let explanation: Vec<&str> = chen["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line.as_str().unwrap())
        .collect();
    assert!(
        explanation
            .iter()
            .any(|line| line.starts_with("csat: missing, the team median")),
        "{explanation:?}"
    );
    assert!(explanation.last().unwrap().starts_with("bonus "));
}

#[test]
fn a_profile_changes_the_weights() {
    let base = score_example(&[]);
    let profiled = score_example(&["--profile", "quality-first"]);
    assert!(profiled.status.success(), "{}", stderr(&profiled));
    assert_ne!(stdout(&base), stdout(&profiled));
    let unknown = score_example(&["--profile", "nope"]);
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("no weight profile \"nope\""));
}

#[test]
fn writes_to_a_file() {
    let out = TempFile::new("out.csv", "");
    let output = score_example(&["--out", out.path()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).is_empty());
    let written = std::fs::read_to_string(out.path()).unwrap();
    assert!(written.starts_with("period,agent,group,total"));
}

#[test]
fn a_file_is_written_whole_or_left_as_it_was() {
    // Written over: the whole results, nothing left beside the file.
    let out = TempFile::new("whole.csv", "what was there");
    let output = score_example(&["--out", out.path(), "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path()).unwrap()).unwrap();
    assert!(
        written["cards"]
            .as_array()
            .is_some_and(|cards| !cards.is_empty())
    );
    let partial = |path: &std::path::Path| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        path.with_file_name(format!(".{name}.kpi-partial"))
    };
    assert!(!partial(std::path::Path::new(out.path())).exists());
    // A target that cannot be replaced (a folder): an error naming it, the
    // folder and its file as they were, and no partial file left.
    let folder = std::env::temp_dir().join(format!("kpi-cli-{}-folder", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("kept.txt"), "kept").unwrap();
    let output = score_example(&["--out", folder.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains(folder.to_str().unwrap()),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("kept.txt")).unwrap(),
        "kept"
    );
    assert!(!partial(&folder).exists());
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn an_invalid_scheme_scores_nothing_and_says_why() {
    let mut scheme = example_scheme();
    scheme["dimensions"][0]["weight"] = Value::from(45);
    let file = TempFile::new("invalid.json", scheme.to_string());
    let output = kpi(&["score", "--scheme", file.path(), "--figures", FIGURES]);
    let validated = kpi(&["validate", "--scheme", file.path()]);
    assert!(!output.status.success());
    assert!(stdout(&output).is_empty());
    assert!(
        stderr(&output).contains("the dimension weights add up to 105, not 100"),
        "{}",
        stderr(&output)
    );
    assert!(!validated.status.success());
}

#[test]
fn bad_input_files_fail_with_a_message() {
    let missing = kpi(&["score", "--scheme", "no/such.json", "--figures", FIGURES]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("no/such.json"));
    let not_a_scheme = kpi(&["score", "--scheme", FIGURES, "--figures", FIGURES]);
    assert!(!not_a_scheme.status.success());
    assert!(
        stderr(&not_a_scheme).contains("line 1 column 1"),
        "{}",
        stderr(&not_a_scheme)
    );
    let no_args = kpi(&[]);
    assert!(!no_args.status.success());
    assert!(stderr(&no_args).contains("usage"));
}

#[test]
fn the_committed_json_schema_is_current() {
    let output = kpi(&["schema"]);
    assert!(output.status.success());
    let committed = std::fs::read_to_string(root().join("docs/scheme.schema.json")).unwrap();
    assert_eq!(
        stdout(&output).trim(),
        committed.trim(),
        "docs/scheme.schema.json is stale: run `cargo run -p kpi-cli -- schema > docs/scheme.schema.json`"
    );
}

#[test]
fn every_json_block_in_the_format_doc_parses() {
    let doc = std::fs::read_to_string(root().join("docs/scheme-format.md")).unwrap();
    let blocks: Vec<&str> = doc
        .split("```json")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .collect();
    assert!(blocks.len() >= 12, "found {} blocks", blocks.len());
    let mut curve_kinds = Vec::new();
    for block in blocks {
        let parsed = serde_json::from_str::<Curve>(block)
            .map(|curve| curve_kinds.push(curve.kind()))
            .is_ok()
            || serde_json::from_str::<Indicator>(block).is_ok()
            || serde_json::from_str::<ValueSource>(block).is_ok()
            || serde_json::from_str::<Grading>(block).is_ok()
            || serde_json::from_str::<BonusRule>(block).is_ok()
            || serde_json::from_str::<WeightProfile>(block).is_ok();
        assert!(
            parsed,
            "this block in docs/scheme-format.md does not parse:\n{block}"
        );
    }
    curve_kinds.sort();
    curve_kinds.dedup();
    assert_eq!(
        curve_kinds.len(),
        6,
        "one example per curve kind: {curve_kinds:?}"
    );
}

#[test]
fn the_example_scheme_uses_every_curve_and_round_trips() {
    let text = std::fs::read_to_string(root().join(SCHEME)).unwrap();
    let scheme = Scheme::from_json(&text).unwrap();
    let mut kinds: Vec<&str> = scheme
        .indicators()
        .flat_map(|(_, indicator)| {
            std::iter::once(indicator.curve.kind())
                .chain(indicator.overrides.iter().map(|o| o.curve.kind()))
        })
        .collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds.len(), 6, "{kinds:?}");
    assert_eq!(Scheme::from_json(&scheme.to_json()).unwrap(), scheme);
}

#[test]
fn newer_versions_and_foreign_files_are_refused() {
    let text = std::fs::read_to_string(root().join(SCHEME)).unwrap();
    // Each edit of the example file is refused with a message saying why.
    let refusal = |from: &str, to: &str| {
        Scheme::from_json(&text.replacen(from, to, 1))
            .unwrap_err()
            .to_string()
    };
    assert!(refusal("\"version\": 1", "\"version\": 2").contains("newer"));
    assert!(refusal("\"kpi-scheme\"", "\"something-else\"").contains("not a scheme file"));
    assert!(refusal("\"weight\": 40", "\"wieght\": 40").contains("wieght"));
}

#[test]
fn reads_gbk_and_tab_separated_figures() {
    // The example figures as Excel on a Chinese Windows saves them: GBK,
    // and here tab-separated too.
    let csv = std::fs::read_to_string(root().join(FIGURES))
        .unwrap()
        .replace(',', "\t");
    let (gbk, _, _) = encoding_rs::GB18030.encode(&csv);
    let output = score_figures("gbk.tsv", &gbk);
    assert!(output.status.success(), "{}", stderr(&output));
    let utf8 = score_example(&[]);
    assert_eq!(stdout(&output), stdout(&utf8));
}

#[test]
fn a_bad_cell_is_reported_with_row_and_column_and_scoring_goes_on() {
    let csv = std::fs::read_to_string(root().join(FIGURES))
        .unwrap()
        .replacen(",92,", ",ninety,", 1);
    let output = score_figures("bad.csv", csv.as_bytes());
    assert!(output.status.success(), "{}", stderr(&output));
    let errors = stderr(&output);
    assert!(errors.contains("row 2, column \"qa\""), "{errors}");
    assert!(errors.contains("found \"ninety\""), "{errors}");
    assert_eq!(stdout(&output).lines().count(), 7);
}

/// Scores figures against a scheme given as JSON text (both written to
/// temporary files for the run), with extra arguments.
/// `kpi score` of the documented example, with `more` arguments.
fn score_example(more: &[&str]) -> Output {
    let mut args = vec!["score", "--scheme", SCHEME, "--figures", FIGURES];
    args.extend_from_slice(more);
    kpi(&args)
}

fn score_with(name: &str, scheme: &str, figures: &[u8], args: &[&str]) -> Output {
    let scheme = TempFile::new(&format!("{name}.json"), scheme);
    let figures = TempFile::new(&format!("{name}.csv"), figures);
    let mut all = vec![
        "score",
        "--scheme",
        scheme.path(),
        "--figures",
        figures.path(),
    ];
    all.extend_from_slice(args);
    kpi(&all)
}

/// Input `c` feeds indicator `cc`, input `d` indicator `dd`; both leave a
/// missing value out.
fn two_inputs() -> String {
    let exclude = |id, column| SmallIndicator {
        id,
        value: column,
        best: 10.0,
        extra: r#""missing": "exclude", "#,
    };
    small_scheme(
        "two",
        "Two inputs",
        &["c", "d"],
        &[
            exclude("cc", r#"{ "column": "c" }"#),
            exclude("dd", r#"{ "column": "d" }"#),
        ],
    )
}

#[test]
fn a_bad_cell_names_its_input_and_the_indicator_that_reads_it() {
    let output = score_with("names", &two_inputs(), b"agent,c,d\nAnn,x,5\n", &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let errors = stderr(&output);
    // Input `c` is read by indicator `cc`; `c` is no indicator.
    assert!(!errors.contains("indicator \"c\""), "{errors}");
    assert!(errors.contains("indicator \"cc\""), "{errors}");
    assert!(errors.contains("input \"c\""), "{errors}");
    assert!(errors.contains("found \"x\""), "{errors}");
}

#[test]
fn a_missing_column_is_reported_once_and_the_agent_column_by_its_role() {
    let output = score_with("missing", &two_inputs(), b"agent,c\nAnn,4\n", &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let errors = stderr(&output);
    let about_d: Vec<&str> = errors
        .lines()
        .filter(|line| line.contains("\"d\""))
        .collect();
    assert_eq!(about_d.len(), 1, "{errors}");
    assert!(about_d[0].contains("no column for input \"d\""), "{errors}");

    // No header names the agent: the agent column is not an input.
    let output = score_with("no-agent", &two_inputs(), b"who,c,d\nAnn,4,5\n", &[]);
    let errors = stderr(&output);
    assert!(!errors.contains("input \"agent\""), "{errors}");
    let about_agent: Vec<&str> = errors
        .lines()
        .filter(|line| line.contains("agent column"))
        .collect();
    assert_eq!(about_agent.len(), 1, "{errors}");
    assert!(about_agent[0].contains("\"agent\""), "{errors}");
}

#[test]
fn an_agent_without_a_total_is_incomplete_in_both_exports() {
    // Bo has no value at all; "exclude" leaves both out, so no total.
    let figures = b"agent,c,d\nAnn,4,5\nBo,,\n";
    let output = score_with("incomplete", &two_inputs(), figures, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows = csv_rows(&stdout(&output));
    let bo = rows.iter().find(|row| cell(row, "agent") == "Bo").unwrap();
    assert_eq!((cell(bo, "total"), cell(bo, "incomplete")), ("", "yes"));
    let ann = rows.iter().find(|row| cell(row, "agent") == "Ann").unwrap();
    assert_eq!(cell(ann, "incomplete"), "");

    let output = score_with(
        "incomplete-json",
        &two_inputs(),
        figures,
        &["--format", "json"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let results: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let cards = results["cards"].as_array().unwrap();
    let bo = cards.iter().find(|card| card["agent"] == "Bo").unwrap();
    assert_eq!(bo["total"], Value::Null);
    assert_eq!(bo["incomplete"], true);
    let last = bo["explanation"].as_array().unwrap().last().unwrap();
    assert!(last.as_str().unwrap().contains("incomplete"), "{last}");
}

#[test]
fn a_binary_file_without_zero_bytes_is_refused() {
    // Bytes 1..=255 over and over: no zero byte, not UTF-8, so detection
    // would read them as GBK.
    let bytes: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .map(|byte| byte.max(1))
        .collect();
    let output = score_figures("binary.csv", &bytes);
    assert!(!output.status.success());
    assert!(stdout(&output).is_empty());
    let errors = stderr(&output);
    assert!(errors.contains("not a text file"), "{errors}");
    assert!(!errors.contains("cells but the header has"), "{errors}");
}

#[test]
fn a_minimum_coverage_withholds_totals_and_validate_checks_it() {
    // 陈静 has no CSAT in the example: the team median stands in, and her
    // data covers 90% of the weight. Asking for 95% withholds her total.
    let mut scheme = example_scheme();
    scheme["min_coverage"] = Value::from(95);
    let file = TempFile::new("coverage.json", scheme.to_string());
    let csv = kpi(&["score", "--scheme", file.path(), "--figures", FIGURES]);
    let json = kpi(&[
        "score",
        "--scheme",
        file.path(),
        "--figures",
        FIGURES,
        "--format",
        "json",
    ]);
    scheme["min_coverage"] = Value::from(150);
    let file = TempFile::new("coverage.json", scheme.to_string());
    let invalid = kpi(&["validate", "--scheme", file.path()]);

    assert!(csv.status.success(), "{}", stderr(&csv));
    let rows = csv_rows(&stdout(&csv));
    let chen = rows
        .iter()
        .find(|row| cell(row, "agent") == "陈静")
        .unwrap();
    for column in ["total", "rank", "grade", "bonus"] {
        assert_eq!(cell(chen, column), "", "{column}");
    }
    assert_eq!(cell(chen, "coverage_percent"), "90");
    assert_eq!(cell(chen, "incomplete"), "yes");
    // The other five are ranked 1 to 5 and share the whole pool.
    let mut ranks: Vec<&str> = rows
        .iter()
        .map(|row| cell(row, "rank"))
        .filter(|rank| !rank.is_empty())
        .collect();
    ranks.sort_unstable();
    assert_eq!(ranks, ["1", "2", "3", "4", "5"]);
    let paid: f64 = rows
        .iter()
        .filter_map(|row| cell(row, "bonus").parse::<f64>().ok())
        .sum();
    assert!((paid - 10_000.0).abs() < 1e-6, "paid {paid}");

    assert!(json.status.success(), "{}", stderr(&json));
    let results: Value = serde_json::from_str(&stdout(&json)).unwrap();
    let chen = results["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|card| card["agent"] == "陈静")
        .unwrap();
    assert_eq!(
        chen["no_total"],
        serde_json::json!({"reason": "coverage", "min": 95.0})
    );
    assert_eq!(chen["incomplete"], true);
    let explanation = chen["explanation"].as_array().unwrap();
    assert_eq!(
        explanation.last().unwrap(),
        "no total: data covers 90% of the weight, the scheme asks for at least 95%, so the \
         scorecard is incomplete"
    );

    assert!(!invalid.status.success());
    assert!(
        stderr(&invalid).contains(
            "min_coverage: the minimum coverage must be a percentage from 0 to 100 (found 150)"
        ),
        "{}",
        stderr(&invalid)
    );
}

#[test]
fn reads_a_workbook_sheet_like_the_same_csv() {
    let from_csv = score_example(&[]);
    let book = TempFile::new("book.xlsx", kpi_testkit::example_workbook());
    let path = book.path();
    let score = |extra: &[&str]| {
        let mut args = vec!["score", "--scheme", SCHEME, "--figures", path];
        args.extend(extra);
        kpi(&args)
    };
    let named = score(&["--sheet", "数据"]);
    assert!(named.status.success(), "{}", stderr(&named));
    assert_eq!(stdout(&named), stdout(&from_csv));
    // Without --sheet the first sheet is read: the notes, with no agents.
    let first = score(&[]);
    assert_ne!(stdout(&first), stdout(&from_csv));
    let missing = score(&["--sheet", "十一月"]);
    assert!(!missing.status.success());
    let message = stderr(&missing);
    assert!(message.contains("no sheet \"十一月\""), "{message}");
    assert!(message.contains("说明, 数据"), "{message}");
}

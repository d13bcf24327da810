//! Project files: open (size, nesting, JSON, every value by its JSON path,
//! the content; all or nothing) and save, their JSON Schema, JSON paths, and
//! what a stored dataset item holds.

use std::collections::BTreeMap;

use kpi_engine::dataset::Dataset;
use kpi_engine::scheme::Scheme;
use kpi_store::file::{
    FileError, MAX_DEPTH, MAX_FILE_BYTES, Opened, ProjectData, ValueProblem, open_file, path_at,
    project_file, projects_file, projects_schema,
};
use kpi_store::workspace::View;

const SCHEME: &str = include_str!("../../../docs/examples/call-centre.json");

/// The call-centre example with its sample figures, as the page keeps
/// them (version 1's stored items are the fixtures).
fn project() -> ProjectData {
    let dataset = include_str!("../../../tests/fixtures/storage/v1/kpi-scorecard.dataset");
    ProjectData {
        name: "Q3 call centre".to_owned(),
        scheme: Scheme::from_json(SCHEME).unwrap(),
        dataset: Dataset::from_json(dataset).unwrap(),
        view: View {
            profile: Some("quality-first".to_owned()),
            ..View::default()
        },
    }
}

fn value_error(text: &str) -> (String, ValueProblem) {
    match open_file(text.as_bytes()) {
        Err(FileError::Value { path, problem }) => (path, problem),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_project_and_every_project_round_trip() {
    let one = project_file(&project());
    assert_eq!(
        open_file(one.as_bytes()),
        Ok(Opened::Projects {
            projects: vec![project()],
            mappings: BTreeMap::new()
        })
    );
    let mut second = project();
    second.name = "Q4".to_owned();
    let all = projects_file(vec![project(), second.clone()], BTreeMap::new());
    let Ok(Opened::Projects { projects, .. }) = open_file(all.as_bytes()) else {
        panic!("opens");
    };
    assert_eq!(projects, vec![project(), second]);
}

#[test]
fn a_scheme_file_opens_as_a_scheme_with_or_without_a_bom() {
    let expected = Opened::Scheme(Box::new(Scheme::from_json(SCHEME).unwrap()));
    assert_eq!(open_file(SCHEME.as_bytes()), Ok(expected));
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), SCHEME.as_bytes()].concat();
    assert!(matches!(open_file(&with_bom), Ok(Opened::Scheme(_))));
}

#[test]
fn size_nesting_and_syntax_are_checked_before_anything_else() {
    let huge = vec![b' '; MAX_FILE_BYTES + 1];
    assert_eq!(
        open_file(&huge),
        Err(FileError::TooLarge {
            bytes: MAX_FILE_BYTES + 1
        })
    );
    let deep = format!(
        "{{\"format\":\"kpi-project\",\n\"a\":{}",
        "[".repeat(MAX_DEPTH * 100)
    );
    assert_eq!(
        open_file(deep.as_bytes()),
        Err(FileError::TooDeep { line: 2 })
    );
    // Brackets inside strings are text.
    let quoted = format!("{{\"format\":\"{}\"}}", "[".repeat(MAX_DEPTH * 2));
    assert!(matches!(
        open_file(quoted.as_bytes()),
        Err(FileError::Format { .. })
    ));
    assert_eq!(open_file(b"\xff\xfe"), Err(FileError::NotText));
    assert_eq!(
        open_file(b"{\n  \"format\": \"kpi-project\",\n  oops\n}"),
        Err(FileError::Syntax { line: 3, column: 3 })
    );
}

#[test]
fn other_formats_and_newer_versions_open_nothing() {
    assert_eq!(
        open_file(br#"{"format":"kpi-dataset","version":1}"#),
        Err(FileError::Format {
            found: Some("kpi-dataset".into())
        })
    );
    assert_eq!(open_file(b"[1,2]"), Err(FileError::Format { found: None }));
    assert_eq!(
        open_file(br#"{"format":"kpi-projects","version":9,"projects":[]}"#),
        Err(FileError::Newer {
            format: "kpi-projects".into(),
            version: 9
        })
    );
}

#[test]
fn a_wrong_value_is_named_by_its_json_path() {
    let all = projects_file(vec![project(), project()], BTreeMap::new());
    let mut json: serde_json::Value = serde_json::from_str(&all).unwrap();
    json["projects"][1]["scheme"]["dimensions"][0]["weight"] = "heavy".into();
    let (path, problem) = value_error(&json.to_string());
    assert_eq!(path, "projects[1].scheme.dimensions[0].weight");
    assert_eq!(problem, ValueProblem::WrongType);

    let mut json: serde_json::Value = serde_json::from_str(&all).unwrap();
    json["projects"][0]["scheme"]["dimensions"][0]["indicators"][0]
        .as_object_mut()
        .unwrap()
        .remove("direction");
    let (path, problem) = value_error(&json.to_string());
    assert_eq!(path, "projects[0].scheme.dimensions[0].indicators[0]");
    assert_eq!(
        problem,
        ValueProblem::Missing {
            field: "direction".into()
        }
    );

    let mut json: serde_json::Value = serde_json::from_str(&all).unwrap();
    json["projects"][0]["scheme"]["dimensions"][0]["indicators"][0]["direction"] =
        "sideways".into();
    let (_, problem) = value_error(&json.to_string());
    assert_eq!(
        problem,
        ValueProblem::Unknown {
            value: "sideways".into()
        }
    );
}

#[test]
fn a_mapping_to_a_column_the_table_lacks_opens_nothing() {
    let mut broken = project();
    broken.dataset.sources[0]
        .mapping
        .inputs
        .insert("qa".into(), Some("QA score".into()));
    let (path, problem) = value_error(&project_file(&broken));
    assert_eq!(path, "dataset.sources[0].mapping.inputs.qa");
    assert_eq!(
        problem,
        ValueProblem::NoSuchColumn {
            column: "QA score".into()
        }
    );

    let mut json: serde_json::Value = serde_json::from_str(&project_file(&project())).unwrap();
    json["dataset"]["format"] = "kpi-other".into();
    let (path, _) = value_error(&json.to_string());
    assert_eq!(path, "dataset");
}

#[test]
fn the_committed_json_schema_is_the_generated_one() {
    let committed = include_str!("../../../docs/project.schema.json");
    assert_eq!(
        committed.trim_end(),
        projects_schema().trim_end(),
        "run: cargo run -p kpi-cli -- project-schema > docs/project.schema.json"
    );
}

/// The path at the first `@` of `json` (which is then made valid).
fn check(json: &str, expected: &str) {
    let offset = json.find('@').unwrap();
    let (line, column) = json[..offset]
        .lines()
        .enumerate()
        .last()
        .map_or((1, 1), |(n, l)| {
            if json[..offset].ends_with('\n') {
                (n + 2, 1)
            } else {
                (n + 1, l.len() + 1)
            }
        });
    let text = json.replace('@', " ");
    assert_eq!(path_at(&text, line, column), expected, "{json}");
}

#[test]
fn paths_follow_keys_and_indices() {
    check(r#"{"a": @1}"#, "a");
    check(r#"{"a": 1, "b": [1, 2, @3]}"#, "b[2]");
    check(r#"{"a": {}, "b": {"c": [[1], [2, @3]]}}"#, "b.c[1][1]");
    check(r#"{"a": [], "b": {"x": 1@}}"#, "b.x");
    check("{\"a\\\"b\": {\n  \"c\": @true\n}}", "a\\\"b.c");
    check(r#"{"a": [{"x": 1}, {"y": 2}@]}"#, "a[1]");
}

#[test]
fn a_dataset_item_is_the_figures_or_a_reference_to_them() {
    use kpi_store::workspace::DatasetRef;
    let reference = DatasetRef::new("kpi-scorecard.dataset@5".into(), 9_000_000);
    assert_eq!(
        DatasetRef::in_item(&reference.to_json()),
        Some(Ok(reference))
    );
    let figures = include_str!("../../../tests/fixtures/storage/v1/kpi-scorecard.dataset");
    assert_eq!(DatasetRef::in_item(figures), None);
    assert!(matches!(
        DatasetRef::in_item(r#"{"format":"kpi-dataset-ref","version":2,"id":"x","chars":1}"#),
        Some(Err(_))
    ));
}

//! The hand-written reader of `IssueKind` against the derived one it
//! replaced: the same inputs, accepted or refused alike, read the same.

use serde::{Deserialize, Serialize};

use super::{Issue, IssueKind, Severity};
use crate::curve::CurveError;

/// `IssueKind` as it was derived before `de.rs`: the variants that read
/// back, with the same serde attributes.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Derived {
    NotANumber {
        #[serde(default)]
        input: String,
        text: String,
    },
    NoAgent,
    Ragged {
        cells: usize,
        columns: usize,
    },
    UnreadableRow,
    NoRows,
    MissingColumn {
        input: String,
    },
    MissingAgentColumn {
        column: String,
    },
    DuplicateRow {
        first_row: usize,
    },
    DivisionByZero {
        position: usize,
    },
    NotFinite {
        position: usize,
    },
    SmallSample {
        count: f64,
        min: f64,
    },
    NoCount {
        column: String,
    },
    LinkNotChecked {
        guard: String,
    },
    GateNotChecked,
    SmallGroup {
        agents: usize,
    },
}

/// Every variant's name and fields, each with a value of its type.
const SHAPES: [(&str, &[(&str, &str)]); 15] = [
    (
        "not_a_number",
        &[("input", r#""calls""#), ("text", r#""n/a""#)],
    ),
    ("no_agent", &[]),
    ("ragged", &[("cells", "3"), ("columns", "4")]),
    ("unreadable_row", &[]),
    ("no_rows", &[]),
    ("missing_column", &[("input", r#""aht""#)]),
    ("missing_agent_column", &[("column", r#""Agent""#)]),
    ("duplicate_row", &[("first_row", "2")]),
    ("division_by_zero", &[("position", "7")]),
    ("not_finite", &[("position", "0")]),
    ("small_sample", &[("count", "3"), ("min", "10.5")]),
    ("no_count", &[("column", r#""cases""#)]),
    ("link_not_checked", &[("guard", r#""fcr""#)]),
    ("gate_not_checked", &[]),
    ("small_group", &[("agents", "12")]),
];

/// Values of every JSON type, right for some fields and wrong for others.
const VALUES: [&str; 12] = [
    r#""text""#,
    r#""""#,
    "0",
    "5",
    "-1",
    "2.5",
    "1e300",
    "18446744073709551615",
    "null",
    "true",
    "[1, \"a\"]",
    r#"{"kind": "no_agent"}"#,
];

const ALL_FIELDS: [&str; 11] = [
    "input",
    "text",
    "cells",
    "columns",
    "column",
    "first_row",
    "position",
    "count",
    "min",
    "guard",
    "agents",
];

fn object(entries: &[(&str, &str)]) -> String {
    let body: Vec<String> = entries
        .iter()
        .map(|(key, value)| format!("{key:?}: {value}"))
        .collect();
    format!("{{{}}}", body.join(", "))
}

/// Inputs around every variant: as written, the tag last, each field
/// missing, given twice, or of every type, other variants' fields and
/// unknown fields of every type, and the sequence form short, exact and
/// long.
fn inputs() -> Vec<String> {
    let mut inputs: Vec<String> = [
        "{}",
        "[]",
        "null",
        r#""no_agent""#,
        "3",
        r#"{"kind": null}"#,
        r#"{"kind": 0}"#,
        r#"{"kind": "refused", "message": "x"}"#,
        r#"{"kind": "bonus", "message": "x"}"#,
        r#"{"kind": "NoAgent"}"#,
        r#"{"kind": "no_agent", "kind": "no_agent"}"#,
        r#"{"kind": ["no_agent"]}"#,
        "[1]",
        r#"["refused"]"#,
    ]
    .map(str::to_owned)
    .to_vec();
    for (name, fields) in SHAPES {
        let tag = ("kind", format!("{name:?}"));
        let mut full: Vec<(&str, String)> = vec![tag.clone()];
        full.extend(fields.iter().map(|(key, value)| (*key, value.to_string())));
        let as_refs = |entries: &[(&str, String)]| {
            object(
                &entries
                    .iter()
                    .map(|(key, value)| (*key, value.as_str()))
                    .collect::<Vec<_>>(),
            )
        };
        inputs.push(as_refs(&full));
        let mut tag_last = full[1..].to_vec();
        tag_last.push(tag.clone());
        inputs.push(as_refs(&tag_last));
        for index in 1..full.len() {
            let mut missing = full.clone();
            missing.remove(index);
            inputs.push(as_refs(&missing));
            let mut twice = full.clone();
            twice.push(full[index].clone());
            inputs.push(as_refs(&twice));
            for value in VALUES {
                let mut typed = full.clone();
                typed[index].1 = value.to_owned();
                inputs.push(as_refs(&typed));
            }
        }
        for other in ALL_FIELDS.iter().chain(&["unknown", "severity"]) {
            for value in VALUES {
                let mut more = full.clone();
                more.push((other, value.to_owned()));
                inputs.push(as_refs(&more));
                let mut first = vec![(*other, value.to_owned())];
                first.extend(full.iter().cloned());
                inputs.push(as_refs(&first));
            }
            let mut twice = full.clone();
            twice.push((other, "1".to_owned()));
            twice.push((other, "2".to_owned()));
            inputs.push(as_refs(&twice));
        }
        let values: Vec<&str> = fields.iter().map(|(_, value)| *value).collect();
        for count in 0..=values.len() {
            let mut seq = vec![format!("{name:?}")];
            seq.extend(values[..count].iter().map(|value| value.to_string()));
            inputs.push(format!("[{}]", seq.join(", ")));
        }
        let mut long = vec![format!("{name:?}")];
        long.extend(values.iter().map(|value| value.to_string()));
        long.push("1".to_owned());
        inputs.push(format!("[{}]", long.join(", ")));
        for value in VALUES {
            inputs.push(format!("[{name:?}, {value}]"));
        }
    }
    inputs
}

#[test]
fn the_hand_written_reader_accepts_what_the_derived_one_did_and_reads_the_same() {
    let inputs = inputs();
    assert!(inputs.len() > 2_000, "{} inputs", inputs.len());
    crate::de::assert_reads_like::<IssueKind, Derived>(&inputs);
}

#[test]
fn a_refusal_is_named_like_the_derived_reader_names_it() {
    let error = |input: &str| serde_json::from_str::<IssueKind>(input).unwrap_err();
    assert!(
        error(r#"{"kind": "ragged", "cells": 1}"#)
            .to_string()
            .starts_with("missing field `columns`")
    );
    assert!(
        error(r#"{"kind": "ragged", "cells": 1, "columns": 2, "cells": 1}"#)
            .to_string()
            .starts_with("duplicate field `cells`")
    );
    assert!(
        error(r#"{"kind": "refused"}"#)
            .to_string()
            .starts_with("unknown variant `refused`")
    );
    assert!(
        error(r#"{"kind": "ragged", "cells": "1", "columns": 2}"#)
            .to_string()
            .starts_with("invalid type: string \"1\", expected usize")
    );
}

#[test]
fn every_kind_that_is_read_back_round_trips() {
    let kinds = [
        IssueKind::NotANumber {
            input: "calls".into(),
            text: "n/a".into(),
        },
        IssueKind::NotANumber {
            input: String::new(),
            text: "—".into(),
        },
        IssueKind::NoAgent,
        IssueKind::Ragged {
            cells: 3,
            columns: 4,
        },
        IssueKind::UnreadableRow,
        IssueKind::NoRows,
        IssueKind::MissingColumn {
            input: "aht".into(),
        },
        IssueKind::MissingAgentColumn {
            column: "坐席".into(),
        },
        IssueKind::DuplicateRow { first_row: 2 },
        IssueKind::DivisionByZero { position: 7 },
        IssueKind::NotFinite { position: 0 },
        IssueKind::SmallSample {
            count: 3.0,
            min: 0.1 + 0.2,
        },
        IssueKind::NoCount {
            column: "cases".into(),
        },
        IssueKind::LinkNotChecked {
            guard: "fcr".into(),
        },
        IssueKind::GateNotChecked,
        IssueKind::SmallGroup { agents: 12 },
    ];
    for kind in kinds {
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(
            serde_json::from_str::<IssueKind>(&json).unwrap(),
            kind,
            "{json}"
        );
        let issue = Issue::new(Severity::Warning, kind).row(4).column("AHT");
        let json = serde_json::to_string(&issue).unwrap();
        assert_eq!(
            serde_json::from_str::<Issue>(&json).unwrap(),
            issue,
            "{json}"
        );
    }
}

#[test]
fn a_scoring_refusal_is_written_but_not_read_back() {
    let kind = IssueKind::Refused {
        error: CurveError::Value,
    };
    let json = serde_json::to_string(&kind).unwrap();
    assert!(
        json.starts_with(r#"{"kind":"refused","message":"#),
        "{json}"
    );
    assert!(serde_json::from_str::<IssueKind>(&json).is_err());
}

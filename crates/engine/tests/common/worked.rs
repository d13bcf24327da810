//! The worked examples' building blocks: a scheme from JSON, scoring a CSV
//! through the readers, closeness checks, and the basic example scheme and
//! figures most examples start from.

use kpi_engine::figures::Figures;
use kpi_engine::scheme::Scheme;
use kpi_engine::score::{TeamResult, score_team};
use serde_json::{Value, json};

pub fn scheme(mut value: Value) -> Scheme {
    value["version"] = json!(1);
    value["id"] = json!("test");
    value["name"] = json!({"en": "Test", "zh": "测试"});
    serde_json::from_value(value).expect("test scheme parses")
}

pub fn score(scheme: &Scheme, csv: &str) -> TeamResult {
    let table = kpi_read::csv_table(csv).expect("test CSV parses");
    let (figures, issues) = Figures::from_table(scheme, &table);
    assert!(issues.is_empty(), "unexpected import issues: {issues:?}");
    score_team(scheme, &figures).unwrap_or_else(|errors| panic!("invalid scheme: {errors:?}"))
}

#[track_caller]
pub fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a number");
    assert!(
        (actual - expected).abs() < 1e-6,
        "got {actual}, expected {expected}"
    );
}

pub fn linear(worst: f64, best: f64) -> Value {
    json!({"kind": "linear", "worst": worst, "best": best})
}

/// Quality (60): CSAT 1-5 (50) and resolution = solved / raised (50);
/// efficiency (40): first response minutes, lower is better (100).
pub fn basic(csat_missing: &str) -> Scheme {
    scheme(json!({
        "inputs": [
            {"id": "csat", "name": {"en": "CSAT", "zh": "满意度"}},
            {"id": "resp_min", "name": {"en": "Response minutes", "zh": "响应时长"}},
            {"id": "solved", "name": {"en": "Solved", "zh": "解决数"}},
            {"id": "raised", "name": {"en": "Raised", "zh": "提出数"}}
        ],
        "dimensions": [
            {"id": "quality", "name": {"en": "Quality"}, "weight": 60, "indicators": [
                {"id": "csat", "name": {"en": "CSAT"}, "direction": "higher", "value": {"column": "csat"},
                 "curve": linear(3.0, 5.0), "missing": csat_missing, "weight": 50},
                {"id": "resolution", "name": {"en": "Resolution"}, "direction": "higher",
                 "value": {"formula": "solved / raised * 100"}, "curve": linear(60.0, 100.0), "weight": 50}
            ]},
            {"id": "efficiency", "name": {"en": "Efficiency"}, "weight": 40, "indicators": [
                {"id": "response", "name": {"en": "Response"}, "direction": "lower", "value": {"column": "resp_min"},
                 "curve": linear(10.0, 2.0), "weight": 100}
            ]}
        ]
    }))
}

pub const BASIC: &str =
    "agent,csat,resp_min,solved,raised\nAnn,4.6,4,90,100\nBob,4,2,80,100\nCy,5,10,100,100\n";

pub const ANN_NO_CSAT: &str =
    "agent,csat,resp_min,solved,raised\nAnn,,4,90,100\nBob,4,2,80,100\nCy,5,10,100,100\n";

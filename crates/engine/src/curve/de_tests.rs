//! The hand-written reader of `Curve` against the derived one it replaced:
//! the same inputs, accepted or refused alike, read the same.

use serde::{Deserialize, Serialize};

use super::{Band, Curve, RatioForm};

fn hundred() -> f64 {
    100.0
}

/// `Curve` as it was derived before `de.rs`, with the same serde attributes.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum Derived {
    Linear {
        worst: f64,
        best: f64,
    },
    Payout {
        threshold: f64,
        target: f64,
        stretch: f64,
        #[serde(default)]
        below: f64,
        #[serde(default)]
        at_threshold: f64,
        #[serde(default = "hundred")]
        cap: f64,
    },
    Ratio {
        target: f64,
        #[serde(default = "hundred")]
        cap: f64,
        #[serde(default)]
        lower_form: RatioForm,
    },
    Bands {
        bands: Vec<Band>,
    },
    PassFail {
        pass_at: f64,
        #[serde(default = "hundred")]
        pass: f64,
        #[serde(default)]
        fail: f64,
    },
    TargetBand {
        target: f64,
        tolerance: f64,
        limit: f64,
    },
}

const BANDS: &str = r#"[{"to": 80, "score": 0}, {"from": 80, "score": 100}]"#;

/// Every kind's name and fields, each with a value of its type.
const SHAPES: [(&str, &[(&str, &str)]); 6] = [
    ("linear", &[("worst", "60"), ("best", "90.5")]),
    (
        "payout",
        &[
            ("threshold", "80"),
            ("target", "90"),
            ("stretch", "100"),
            ("below", "0"),
            ("at_threshold", "50"),
            ("cap", "120"),
        ],
    ),
    (
        "ratio",
        &[
            ("target", "95"),
            ("cap", "110"),
            ("lower_form", r#""complement""#),
        ],
    ),
    ("bands", &[("bands", BANDS)]),
    (
        "pass_fail",
        &[("pass_at", "3"), ("pass", "100"), ("fail", "20")],
    ),
    (
        "target_band",
        &[("target", "50"), ("tolerance", "5"), ("limit", "20")],
    ),
];

/// Values of every JSON type, right for some fields and wrong for others.
const VALUES: [&str; 13] = [
    r#""text""#,
    r#""inverse""#,
    "0",
    "-3",
    "2.5",
    "1e300",
    "null",
    "true",
    "[]",
    BANDS,
    r#"[{"score": 1, "extra": 2}]"#,
    r#"{"inverse": null}"#,
    r#"{"kind": "linear"}"#,
];

const ALL_FIELDS: [&str; 17] = [
    "worst",
    "best",
    "threshold",
    "target",
    "stretch",
    "below",
    "at_threshold",
    "cap",
    "pass_at",
    "pass",
    "fail",
    "tolerance",
    "limit",
    "bands",
    "lower_form",
    "unknown",
    "direction",
];

fn object(entries: &[(&str, String)]) -> String {
    let body: Vec<String> = entries
        .iter()
        .map(|(key, value)| format!("{key:?}: {value}"))
        .collect();
    format!("{{{}}}", body.join(", "))
}

/// Inputs around every kind: as written, the tag last, each field missing,
/// given twice, or of every type, every other field of every type, and the
/// sequence form of every length.
fn inputs() -> Vec<String> {
    let mut inputs: Vec<String> = [
        "{}",
        "[]",
        "null",
        r#""linear""#,
        r#"{"kind": null}"#,
        r#"{"kind": 0, "worst": 1, "best": 2}"#,
        r#"{"kind": "Linear", "worst": 1, "best": 2}"#,
        r#"{"kind": "linear", "kind": "linear", "worst": 1, "best": 2}"#,
        r#"{"kind": "pass/fail", "pass_at": 1}"#,
        "[1, 2]",
    ]
    .map(str::to_owned)
    .to_vec();
    for (name, fields) in SHAPES {
        let tag = ("kind", format!("{name:?}"));
        let mut full: Vec<(&str, String)> = vec![tag.clone()];
        full.extend(fields.iter().map(|(key, value)| (*key, value.to_string())));
        inputs.push(object(&full));
        let mut tag_last = full[1..].to_vec();
        tag_last.push(tag.clone());
        inputs.push(object(&tag_last));
        for index in 1..full.len() {
            let mut missing = full.clone();
            missing.remove(index);
            inputs.push(object(&missing));
            let mut twice = full.clone();
            twice.push(full[index].clone());
            inputs.push(object(&twice));
            for value in VALUES {
                let mut typed = full.clone();
                typed[index].1 = value.to_owned();
                inputs.push(object(&typed));
            }
        }
        for other in ALL_FIELDS {
            for value in VALUES {
                let mut more = full.clone();
                more.push((other, value.to_owned()));
                inputs.push(object(&more));
            }
        }
        let values: Vec<&str> = fields.iter().map(|(_, value)| *value).collect();
        for count in 0..=values.len() + 1 {
            let mut seq = vec![format!("{name:?}")];
            seq.extend(values.iter().take(count).map(|value| value.to_string()));
            if count > values.len() {
                seq.push("1".to_owned());
            }
            inputs.push(format!("[{}]", seq.join(", ")));
        }
        for value in VALUES {
            inputs.push(format!("[{name:?}, {value}]"));
        }
    }
    inputs
}

#[test]
fn the_hand_written_reader_accepts_what_the_derived_one_did_and_reads_the_same() {
    let inputs = inputs();
    assert!(inputs.len() > 1_500, "{} inputs", inputs.len());
    crate::de::assert_reads_like::<Curve, Derived>(&inputs);
}

#[test]
fn a_refusal_is_named_like_the_derived_reader_names_it() {
    let error = |input: &str| {
        serde_json::from_str::<Curve>(input)
            .unwrap_err()
            .to_string()
    };
    assert!(error(r#"{"kind": "linear", "worst": 1}"#).starts_with("missing field `best`"));
    assert!(
        error(r#"{"kind": "linear", "worst": 1, "best": 2, "cap": 3}"#)
            .starts_with("unknown field `cap`, expected `worst` or `best`")
    );
    assert!(
        error(r#"{"kind": "linear", "worst": 1, "worst": 2}"#)
            .starts_with("duplicate field `worst`")
    );
    assert!(error(r#"{"kind": "curvy"}"#).starts_with("unknown variant `curvy`"));
}

#[test]
fn every_kind_round_trips_with_its_defaults_written_out() {
    let curves = [
        Curve::Linear {
            worst: 60.0,
            best: 0.1 + 0.2,
        },
        Curve::Payout {
            threshold: 80.0,
            target: 90.0,
            stretch: 100.0,
            below: 10.0,
            at_threshold: 50.0,
            cap: 120.0,
        },
        Curve::Ratio {
            target: 95.0,
            cap: 100.0,
            lower_form: RatioForm::Complement,
        },
        Curve::Bands {
            bands: vec![
                Band {
                    from: None,
                    to: Some(80.0),
                    score: 0.0,
                },
                Band {
                    from: Some(80.0),
                    to: None,
                    score: 100.0,
                },
            ],
        },
        Curve::PassFail {
            pass_at: 3.0,
            pass: 100.0,
            fail: 0.0,
        },
        Curve::TargetBand {
            target: 50.0,
            tolerance: 5.0,
            limit: 20.0,
        },
    ];
    for curve in curves {
        let json = serde_json::to_string(&curve).unwrap();
        assert_eq!(
            serde_json::from_str::<Curve>(&json).unwrap(),
            curve,
            "{json}"
        );
    }
    let short = r#"{"kind": "payout", "threshold": 1, "target": 2, "stretch": 3}"#;
    assert_eq!(
        serde_json::from_str::<Curve>(short).unwrap(),
        Curve::Payout {
            threshold: 1.0,
            target: 2.0,
            stretch: 3.0,
            below: 0.0,
            at_threshold: 0.0,
            cap: 100.0,
        }
    );
}

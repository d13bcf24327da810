//! Validation by example: each broken scheme and every problem it reports,
//! with its place, field and English sentence.

use super::*;
use crate::bonus::BonusProblem;
use crate::curve::{BandsProblem, Curve, CurveError, Direction, OrderProblem};
use crate::formula::{FormulaError, FormulaProblem, Found};
use crate::presets::preset;
use crate::scheme::{BonusRule, Gate, GateEffect, GroupOverride, Link, ValueSource};

/// A valid built-in scheme: 5 dimensions weighted 30/20/25/10/15; the
/// first indicator ("fcr", higher is better) is a formula over the
/// inputs `tickets`, `fcr_tickets` and `excluded`.
fn base() -> Scheme {
    preset("cs-department").expect("a built-in scheme").scheme()
}

/// Breaks the base scheme with `change` and compares every problem
/// found, with its place, field and English sentence.
fn check(change: impl FnOnce(&mut Scheme), expected: &[(Location, &str, Problem, &str)]) {
    let mut scheme = base();
    assert!(
        validate(&scheme).is_empty(),
        "the base scheme must be valid"
    );
    change(&mut scheme);
    let actual: Vec<(Location, &str, Problem, String)> = validate(&scheme)
        .into_iter()
        .map(|error| {
            let text = error.to_string();
            (error.location, error.field, error.problem, text)
        })
        .collect();
    let expected: Vec<(Location, &str, Problem, String)> = expected
        .iter()
        .map(|(location, field, problem, text)| {
            (
                location.clone(),
                *field,
                problem.clone(),
                (*text).to_owned(),
            )
        })
        .collect();
    assert_eq!(actual, expected);
}

const FIRST: Location = Location::Indicator {
    dimension: 0,
    indicator: 0,
};

#[test]
fn weights_off_name_the_set_and_the_sum() {
    // 30 + 20 + 25 + 10 + 5 = 90.
    check(
        |scheme| scheme.dimensions[4].weight = 5.0,
        &[(
            Location::Scheme,
            "weight",
            Problem::WeightSum {
                what: WeightSet::Dimensions,
                sum: 90.0,
            },
            "weight: the dimension weights add up to 90, not 100",
        )],
    );
    check(
        |scheme| scheme.dimensions[0].indicators[0].weight = -1.0,
        &[(
            Location::Dimension { dimension: 0 },
            "weight",
            Problem::WeightNotNumber {
                what: WeightSet::Indicators {
                    dimension: "quality".to_owned(),
                },
                found: -1.0,
            },
            "weight: the indicator weights in dimension \"quality\" must be numbers of 0 or more (found -1)",
        )],
    );
}

#[test]
fn formula_problems_keep_position_and_kind() {
    check(
        |scheme| {
            scheme.dimensions[0].indicators[0].value = ValueSource::Formula("tickets +".to_owned());
        },
        &[(
            FIRST,
            "value",
            Problem::Formula(FormulaError {
                position: 10,
                kind: FormulaProblem::ExpectedOperand { found: Found::End },
            }),
            "value: formula at character 10: expected a number, a column or \"(\" but found the end of the formula",
        )],
    );
    check(
        |scheme| {
            scheme.dimensions[0].indicators[0].value =
                ValueSource::Formula("tickets / [未知]".to_owned());
        },
        &[(
            FIRST,
            "value",
            Problem::FormulaUnknownColumn {
                position: 11,
                column: "未知".to_owned(),
            },
            "value: formula at character 11: unknown column \"未知\" (not one of the scheme's inputs)",
        )],
    );
}

#[test]
fn curve_and_override_problems_carry_the_curve_error() {
    check(
        |scheme| {
            let indicator = &mut scheme.dimensions[0].indicators[0];
            indicator.curve = Curve::Linear {
                worst: 85.0,
                best: 55.0,
            };
            indicator.overrides.push(GroupOverride {
                group: "VIP".to_owned(),
                curve: Curve::Bands { bands: Vec::new() },
            });
        },
        &[
            (
                FIRST,
                "curve",
                Problem::Curve(CurveError::Order(OrderProblem::Linear {
                    direction: Direction::Higher,
                })),
                "curve: curve points out of order: expected best above worst (higher is better)",
            ),
            (
                FIRST,
                "overrides",
                Problem::Override {
                    group: "VIP".to_owned(),
                    error: CurveError::Bands(BandsProblem::Empty),
                },
                "overrides: for group \"VIP\": bands: there must be at least one band",
            ),
        ],
    );
}

#[test]
fn ids_columns_links_and_grades() {
    check(
        |scheme| {
            // The profiles name dimension 1 by its id.
            scheme.profiles.clear();
            scheme.dimensions[1].id = "quality".to_owned();
            let indicator = &mut scheme.dimensions[0].indicators[0];
            indicator.value = ValueSource::Column("nope".to_owned());
            indicator.link = Some(Link {
                indicator: "ghost".to_owned(),
                worse_than: 1.0,
            });
            indicator.gate = Some(Gate {
                below: 50.0,
                effect: GateEffect::CapGrade("Z".to_owned()),
            });
        },
        &[
            (
                FIRST,
                "value",
                Problem::UnknownColumn {
                    column: "nope".to_owned(),
                    role: ColumnRole::Value,
                },
                "value: column \"nope\" is not one of the scheme's inputs",
            ),
            (
                FIRST,
                "gate",
                Problem::GateGrade {
                    grade: "Z".to_owned(),
                    grades: ["A", "B", "C", "D"].map(str::to_owned).to_vec(),
                },
                "gate: grade \"Z\" is not one of the grades (A, B, C, D)",
            ),
            (
                FIRST,
                "link",
                Problem::LinkUnknown {
                    guard: "ghost".to_owned(),
                },
                "link: the guard \"ghost\" is not an indicator of this scheme",
            ),
            (
                Location::Dimension { dimension: 1 },
                "id",
                Problem::DuplicateId {
                    what: Part::Dimension,
                    id: "quality".to_owned(),
                },
                "id: two dimensions have the id \"quality\"",
            ),
        ],
    );
}

#[test]
fn bonus_problems_name_the_field() {
    check(
        |scheme| {
            scheme.bonus = Some(BonusRule::Proportional {
                pool: 1000.0,
                exponent: 1.0,
                min_score: 0.0,
                floor: Some(50.5),
                cap: Some(20.0),
            });
        },
        &[(
            Location::Bonus,
            "floor",
            Problem::Bonus(BonusProblem::FloorAboveCap {
                floor: 5050,
                cap: 2000,
            }),
            "floor: (50.50) is above the cap (20.00)",
        )],
    );
}

#[test]
fn a_minimum_coverage_outside_0_to_100_names_the_field() {
    check(
        |scheme| scheme.min_coverage = Some(120.0),
        &[(
            Location::Scheme,
            "min_coverage",
            Problem::MinCoverage { found: 120.0 },
            "min_coverage: the minimum coverage must be a percentage from 0 to 100 (found 120)",
        )],
    );
    check(
        |scheme| scheme.min_coverage = Some(-0.5),
        &[(
            Location::Scheme,
            "min_coverage",
            Problem::MinCoverage { found: -0.5 },
            "min_coverage: the minimum coverage must be a percentage from 0 to 100 (found -0.5)",
        )],
    );
    check(|scheme| scheme.min_coverage = Some(0.0), &[]);
    check(|scheme| scheme.min_coverage = Some(100.0), &[]);
}

#[test]
fn serialised_errors_carry_the_english_message() {
    let mut scheme = base();
    scheme.dimensions[4].weight = 5.0;
    let json = serde_json::to_value(validate(&scheme)).expect("errors serialise");
    assert_eq!(
        json,
        serde_json::json!([{
            "location": {"at": "scheme"},
            "field": "weight",
            "message": "the dimension weights add up to 90, not 100",
        }])
    );
}

#[test]
fn weights_within_a_hundredth_of_100_add_up_whatever_the_float_noise() {
    assert!(adds_up_to_100(33.33 + 33.33 + 33.33));
    assert!(adds_up_to_100(49.99 + 25.0 + 25.0));
    assert!(adds_up_to_100(100.01));
    assert!(!adds_up_to_100(99.98));
    assert!(!adds_up_to_100(100.02));
}

//! The formula tests, one file per stage, sharing one `check` helper: a
//! formula is parsed, bound to the test columns and evaluated, and every
//! outcome (a value, missing, each kind of error) is compared as text.

mod bind;
mod error;
mod eval;
mod lex;
mod parse;

/// (name, this period, previous period) for every test column.
const COLUMNS: &[(&str, Option<f64>, Option<f64>)] = &[
    ("a", Some(2.0), Some(1.0)),
    ("b", Some(3.0), Some(3.0)),
    ("c", Some(4.0), None),
    ("zero", Some(0.0), Some(0.0)),
    ("missing", None, None),
    ("tickets", Some(200.0), Some(100.0)),
    ("resolved_first", Some(150.0), Some(70.0)),
    ("excluded", Some(20.0), Some(0.0)),
    ("aov", Some(55.0), Some(50.0)),
    ("first contact resolved", Some(0.8), Some(0.5)),
    ("接待量", Some(120.0), Some(100.0)),
    ("and", Some(9.0), None),
    ("col_2", Some(7.0), None),
    ("huge", Some(1e300), None),
    ("nan", Some(f64::NAN), None),
    ("inf", Some(f64::INFINITY), None),
];

fn resolve(name: &str) -> Option<usize> {
    COLUMNS.iter().position(|&(column, _, _)| column == name)
}

/// Parses, binds and evaluates, rendering every outcome as text so that
/// success, missing and each kind of error compare the same way.
fn run(source: &str, with_previous: bool) -> String {
    let formula = match super::parse(source) {
        Ok(formula) => formula,
        Err(error) => return format!("parse: {error}"),
    };
    assert_eq!(formula.source(), source);
    let bound = match formula.bind(&resolve) {
        Ok(bound) => bound,
        Err(error) => return format!("bind: {error}"),
    };
    let current: Vec<Option<f64>> = COLUMNS.iter().map(|c| c.1).collect();
    let previous: Vec<Option<f64>> = COLUMNS.iter().map(|c| c.2).collect();
    let previous = with_previous.then_some(previous.as_slice());
    match bound.eval(&current, previous) {
        Ok(Some(value)) => {
            assert!(value.is_finite(), "{source} gave {value}");
            if value.abs() < 1e9 {
                format!("{}", (value * 1e9).round() / 1e9)
            } else {
                format!("{value:e}")
            }
        }
        Ok(None) => "missing".to_owned(),
        Err(error) => format!("eval: {error}"),
    }
}

/// Runs every (formula, expected) case with a previous period present
/// and reports all mismatches at once.
fn check(cases: &[(&str, &str)]) {
    check_with(cases, true);
}

fn check_with(cases: &[(&str, &str)], with_previous: bool) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|&(source, expected)| {
            let actual = run(source, with_previous);
            (actual != expected)
                .then(|| format!("{source:?}\n   expected: {expected}\n   actual:   {actual}"))
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn no_input_panics_and_positions_stay_in_range() {
    let samples = [
        "if (a < b) and not c then round(prev([aov]), 2) else max(1, -2e3, .5) / 接待量",
        "if(a <> b, min(a, b), abs(c)) >= 1 or tickets = 0",
        "((1 + [x y]) * prev(z) <= 3e-2",
    ];
    for sample in samples {
        let chars: Vec<char> = sample.chars().collect();
        for end in 0..=chars.len() {
            for start in 0..end {
                let piece: String = chars[start..end].iter().collect();
                let length = piece.chars().count();
                match super::parse(&piece) {
                    Ok(formula) => {
                        let result = formula
                            .bind(&|_| Some(0))
                            .map(|bound| bound.eval(&[Some(1.0)], Some(&[Some(2.0)])));
                        if let Ok(Ok(Some(value))) = result {
                            assert!(value.is_finite(), "{piece:?} gave {value}");
                        }
                    }
                    Err(error) => assert!(
                        (1..=length + 1).contains(&error.position),
                        "{piece:?}: {error}"
                    ),
                }
            }
        }
    }
}

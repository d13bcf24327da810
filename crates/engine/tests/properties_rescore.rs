#![cfg(not(target_arch = "wasm32"))]
//! Scoring again after an edit (`rescore`) gives exactly what scoring from
//! scratch gives: after weight edits, which take the indicators from the
//! earlier result, on generated teams and on the presets (links, gates,
//! shrinkage, bonus pools); and after any other edit, which scores anew.

mod common;

use common::config;
use common::teams::*;
use kpi_engine::figures::Figures;
use kpi_engine::presets::PRESETS;
use kpi_engine::scheme::{MissingPolicy, Scheme};
use kpi_engine::score::{rescore, score_team};
use proptest::prelude::*;

/// The scheme with new weights: `dimensions` for its dimensions, and the
/// `indicators` of each dimension (as many as it has, scaled to 100).
fn reweighted(scheme: &Scheme, dimensions: &[f64], indicators: &[Vec<f64>]) -> Scheme {
    let mut edited = scheme.clone();
    for (d, dimension) in edited.dimensions.iter_mut().enumerate() {
        dimension.weight = dimensions[d];
        for (i, indicator) in dimension.indicators.iter_mut().enumerate() {
            indicator.weight = indicators[d][i];
        }
    }
    edited
}

/// A scheme and new weights for every dimension and indicator of it.
fn with_new_weights(scheme: Scheme) -> impl Strategy<Value = (Scheme, Scheme)> {
    let dimensions = weights(scheme.dimensions.len(), 1);
    let indicators: Vec<_> = scheme
        .dimensions
        .iter()
        .map(|dimension| weights(dimension.indicators.len(), 1))
        .collect();
    (Just(scheme), dimensions, indicators).prop_map(|(scheme, dimensions, indicators)| {
        let edited = reweighted(&scheme, &dimensions, &indicators);
        (scheme, edited)
    })
}

fn sample(scheme: &Scheme, csv: &str) -> Figures {
    let table = kpi_read::csv_table(csv).unwrap();
    Figures::from_table(scheme, &table).0
}

/// Scored from `before`, edited to `after`: rescoring equals scoring anew.
fn agrees(before: &Scheme, after: &Scheme, figures: &Figures) -> Result<(), TestCaseError> {
    let Ok(previous) = score_team(before, figures) else {
        return Ok(());
    };
    prop_assert_eq!(
        rescore(after, figures, before, &previous),
        score_team(after, figures)
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn rescoring_after_a_weight_edit_is_scoring_anew(
        ((before, after), figures) in team(FULL).prop_flat_map(|(scheme, figures)| {
            (with_new_weights(scheme), Just(figures))
        })
    ) {
        agrees(&before, &after, &figures)?;
        // And back again, from the edited result.
        agrees(&after, &before, &figures)?;
    }

    #[test]
    fn rescoring_a_preset_after_a_weight_edit_is_scoring_anew(
        (index, (before, after)) in (0..PRESETS.len()).prop_flat_map(|index| {
            (Just(index), with_new_weights(PRESETS[index].scheme()))
        })
    ) {
        let figures = sample(&before, PRESETS[index].sample);
        agrees(&before, &after, &figures)?;
    }

    #[test]
    fn rescoring_after_another_edit_is_scoring_anew(
        (scheme, figures) in team(FULL),
        edit in 0..3usize,
    ) {
        let mut after = scheme.clone();
        let indicator = &mut after.dimensions[0].indicators[0];
        match edit {
            // How a missing value is treated, gates and samples, the
            // coverage asked for: the weights are the same, the rest not.
            0 => indicator.missing = match indicator.missing {
                MissingPolicy::Zero => MissingPolicy::Exclude,
                _ => MissingPolicy::Zero,
            },
            1 => {
                indicator.gate = None;
                indicator.min_sample = None;
            }
            _ => after.min_coverage = Some(50.0),
        }
        agrees(&scheme, &after, &figures)?;
    }
}

#[test]
fn rescoring_other_figures_scores_them_anew() {
    let preset = &PRESETS[0];
    let scheme = preset.scheme();
    let figures = sample(&scheme, preset.sample);
    let previous = score_team(&scheme, &figures).unwrap();
    // The same rows with other numbers are the caller's to tell apart;
    // fewer rows, or others, are noticed.
    let mut rows = figures.to_rows();
    rows.pop();
    let fewer = Figures::from_rows(figures.columns.clone(), rows);
    assert_eq!(
        rescore(&scheme, &fewer, &scheme, &previous),
        score_team(&scheme, &fewer)
    );
    let mut rows = figures.to_rows();
    rows[0].agent.push_str(" (2)");
    let renamed = Figures::from_rows(figures.columns.clone(), rows);
    assert_eq!(
        rescore(&scheme, &renamed, &scheme, &previous),
        score_team(&scheme, &renamed)
    );
}

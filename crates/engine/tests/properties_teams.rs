#![cfg(not(target_arch = "wasm32"))]
//! Property tests of whole teams (invariants 3, 4, 7, 8 and 9): row order
//! changes no result and cards come in the rows' order, a missing excluded
//! indicator is the same as leaving it out, every score lies within the
//! curves' caps, incomplete means no total everywhere, and a minimum
//! coverage only withholds totals.

mod common;

use common::card;
use common::config;
use common::teams::*;
use kpi_engine::explain::explain;
use kpi_engine::export::{results_csv, results_json};
use kpi_engine::figures::Figures;
use kpi_engine::scheme::{MissingPolicy, Scheme};
use kpi_engine::score::{NoTotal, covers};
use proptest::prelude::*;
use proptest::sample::Index;

const SHUFFLE: Mix = Mix {
    dimensions: (2, 3),
    all_kinds: false,
    policies: ALL_POLICIES,
    gates: false,
    shrink: false,
    periods: true,
};

const LOCAL: Mix = Mix {
    dimensions: (1, 3),
    all_kinds: true,
    policies: LOCAL_POLICIES,
    gates: true,
    shrink: false,
    periods: false,
};

/// The scheme without indicator `at` (in scheme order): the other weights of
/// its dimension scaled up to 100, or, if it was alone, its dimension gone
/// and the other dimension weights scaled up to 100. `None` if nothing
/// would be left.
fn without(scheme: &Scheme, at: usize) -> Option<Scheme> {
    fn rescale(weights: &mut [f64]) {
        let sum: f64 = weights.iter().sum();
        for weight in weights.iter_mut() {
            *weight = *weight * 100.0 / sum;
        }
        let (last, rest) = weights.split_last_mut().expect("weights left");
        *last = 100.0 - rest.iter().sum::<f64>();
    }
    let mut scheme = scheme.clone();
    let mut k = at;
    let d = scheme
        .dimensions
        .iter()
        .position(|dimension| {
            if k < dimension.indicators.len() {
                true
            } else {
                k -= dimension.indicators.len();
                false
            }
        })
        .expect("index in range");
    if scheme.dimensions[d].indicators.len() > 1 {
        let indicators = &mut scheme.dimensions[d].indicators;
        indicators.remove(k);
        let mut weights: Vec<f64> = indicators.iter().map(|i| i.weight).collect();
        rescale(&mut weights);
        for (indicator, weight) in indicators.iter_mut().zip(weights) {
            indicator.weight = weight;
        }
    } else {
        if scheme.dimensions.len() == 1 {
            return None;
        }
        scheme.dimensions.remove(d);
        let mut weights: Vec<f64> = scheme.dimensions.iter().map(|d| d.weight).collect();
        rescale(&mut weights);
        for (dimension, weight) in scheme.dimensions.iter_mut().zip(weights) {
            dimension.weight = weight;
        }
    }
    Some(scheme)
}

/// A team with several periods, and the same figures with the rows shuffled.
fn shuffled_team() -> impl Strategy<Value = (Scheme, Figures, Figures)> {
    team(SHUFFLE).prop_flat_map(|(scheme, figures)| {
        let order: Vec<usize> = (0..figures.len()).collect();
        (Just(scheme), Just(figures), Just(order).prop_shuffle()).prop_map(
            |(scheme, figures, order)| {
                let shuffled = Figures::from_rows(
                    figures.columns.clone(),
                    order.iter().map(|&i| figures.row(i)),
                );
                (scheme, figures, shuffled)
            },
        )
    })
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn shuffling_rows_changes_no_result((scheme, figures, shuffled) in shuffled_team()) {
        let before = score(&scheme, &figures)?;
        let after = score(&scheme, &shuffled)?;
        prop_assert_eq!(after.cards.len(), before.cards.len());
        for a in &before.cards {
            let b = card(&after, &a.agent);
            let who = &a.agent;
            prop_assert!(
                close(a.total, b.total),
                "{who}: total {:?} then {:?}",
                a.total,
                b.total
            );
            prop_assert_eq!(a.rank, b.rank, "{}: rank", who);
            prop_assert_eq!(&a.grade, &b.grade, "{}: grade", who);
            for (d, (x, y)) in a.dimensions.iter().zip(&b.dimensions).enumerate() {
                prop_assert!(
                    close(x.score, y.score),
                    "{who}: dimension {d} {:?} then {:?}",
                    x.score,
                    y.score
                );
            }
            for (i, (x, y)) in a.indicators.iter().zip(&b.indicators).enumerate() {
                prop_assert!(
                    close(x.score(), y.score()),
                    "{who}: indicator {i} {:?} then {:?}",
                    x.score(),
                    y.score()
                );
            }
        }
    }

    #[test]
    fn cards_come_one_per_row_in_the_figures_order((scheme, _, shuffled) in shuffled_team()) {
        // Periods are scored one after another; the cards still come back
        // in the rows' order, however the rows of the periods interleave.
        let result = score(&scheme, &shuffled)?;
        prop_assert_eq!(result.cards.len(), shuffled.len());
        for (card, row) in result.cards.iter().zip(shuffled.to_rows()) {
            prop_assert_eq!(card.line, row.line);
            prop_assert_eq!(&card.agent, &row.agent);
            prop_assert_eq!(&card.period, &row.period);
        }
    }

    #[test]
    fn excluding_a_missing_indicator_is_leaving_it_out(
        (mut scheme, mut figures, x, a) in team(LOCAL).prop_flat_map(|(scheme, figures)| {
            (Just(scheme), Just(figures), any::<Index>(), any::<Index>())
        }),
    ) {
        let ids: Vec<String> = scheme.indicators().map(|(_, i)| i.id.clone()).collect();
        let x = x.index(ids.len());
        let a = a.index(figures.len());
        // X excludes when missing; agent A has no value for it.
        for dimension in &mut scheme.dimensions {
            for indicator in &mut dimension.indicators {
                if indicator.id == ids[x] {
                    indicator.missing = MissingPolicy::Exclude;
                }
            }
        }
        let column = figures.column(&ids[x]).expect("a column per indicator");
        figures.set_value(a, column, None);
        let agent = figures.agent(a).to_owned();

        let with = card(&score(&scheme, &figures)?, &agent).total;
        match without(&scheme, x) {
            Some(smaller) => {
                let without = card(&score(&smaller, &figures)?, &agent).total;
                prop_assert!(
                    close(with, without),
                    "{agent}: total {with:?} with {} excluded, {without:?} without it",
                    ids[x]
                );
            }
            // X was the whole scheme: nothing is left to score.
            None => prop_assert_eq!(with, None),
        }
    }

    #[test]
    fn a_minimum_coverage_only_withholds_totals(
        (scheme, figures, min) in team(SHUFFLE).prop_flat_map(|(scheme, figures)| {
            (Just(scheme), Just(figures), 0.0..=100.0f64)
        }),
    ) {
        let free = score(&scheme, &figures)?;
        let mut strict = scheme.clone();
        strict.min_coverage = Some(min);
        let held = score(&strict, &figures)?;
        for (a, b) in free.cards.iter().zip(&held.cards) {
            let who = &a.agent;
            prop_assert_eq!(a.coverage, b.coverage, "{}: coverage", who);
            if covers(a.coverage, min) {
                prop_assert!(close(a.total, b.total), "{who}: {:?} then {:?}", a.total, b.total);
                prop_assert_eq!(a.no_total, b.no_total, "{}", who);
            } else {
                prop_assert_eq!(
                    (b.total, b.rank, &b.grade, b.bonus),
                    (None, None, &None, None),
                    "{} covers {} < {}",
                    who,
                    a.coverage,
                    min
                );
                let expected = match a.no_total {
                    Some(NoTotal::Missing) => NoTotal::Missing,
                    _ => NoTotal::Coverage { min },
                };
                prop_assert_eq!(b.no_total, Some(expected), "{}", who);
                prop_assert!(b.incomplete(), "{}", who);
                let says = explain(&strict, b, 0)
                    .iter()
                    .any(|step| step.to_string().contains("incomplete"));
                prop_assert!(says, "{}: the explanation does not say incomplete", who);
            }
        }
    }

    #[test]
    fn team_scores_stay_within_zero_and_the_largest_cap((scheme, figures) in team(FULL)) {
        let cap = scheme
            .indicators()
            .map(|(_, indicator)| indicator.curve.max_score())
            .fold(0.0, f64::max);
        // A weighted mean may land a rounding error above its largest term.
        let within = |score: f64| (0.0..=cap + 1e-9).contains(&score);
        let result = score(&scheme, &figures)?;
        for card in &result.cards {
            let who = &card.agent;
            if let Some(total) = card.total {
                prop_assert!(within(total), "{who}: total {total} outside 0..={cap}");
            }
            for (d, dimension) in card.dimensions.iter().enumerate() {
                if let Some(score) = dimension.score {
                    prop_assert!(within(score), "{who}: dimension {d} scored {score}, cap {cap}");
                }
            }
            for (i, indicator) in card.indicators.iter().enumerate() {
                if let Some(score) = indicator.score() {
                    prop_assert!(within(score), "{who}: indicator {i} scored {score}, cap {cap}");
                }
            }
        }
    }

    #[test]
    fn incomplete_means_no_total_everywhere((scheme, figures) in team(FULL)) {
        let result = score(&scheme, &figures)?;
        let csv = results_csv(&scheme, &result);
        let header: Vec<&str> = csv.lines().next().unwrap_or_default().split(',').collect();
        let at = |name: &str| header.iter().position(|h| *h == name);
        let (total_at, incomplete_at) = (at("total").unwrap(), at("incomplete").unwrap());
        let json: serde_json::Value = serde_json::from_str(&results_json(&scheme, &result))
            .map_err(|err| TestCaseError::fail(err.to_string()))?;
        // Agent names are plain letters here, so no cell is quoted.
        for (k, (card, line)) in result.cards.iter().zip(csv.lines().skip(1)).enumerate() {
            let who = &card.agent;
            prop_assert_eq!(card.incomplete(), card.total.is_none(), "{}", who);
            let cells: Vec<&str> = line.split(',').collect();
            prop_assert_eq!(cells[incomplete_at] == "yes", cells[total_at].is_empty(), "{}: {}", who, line);
            prop_assert_eq!(json["cards"][k]["incomplete"].as_bool(), Some(card.incomplete()), "{}", who);
            let ranked = result
                .periods
                .iter()
                .find(|summary| summary.period == card.period)
                .map_or(0, |summary| summary.total.count);
            let says = explain(&scheme, card, ranked)
                .iter()
                .any(|step| step.to_string().contains("incomplete"));
            prop_assert_eq!(says, card.incomplete(), "{}", who);
        }
    }
}

//! Scoring a team: figures + scheme -> one scorecard per agent per period.
//!
//! The work is column-major: each indicator is evaluated for every agent of a
//! period in turn (team medians, means and shrinkage need the whole column),
//! then each agent's scores roll up into dimensions and a total. Agents are
//! ranked, graded and paid within their period.
//!
//! This file binds the scheme to the figures (columns, formulas, raters,
//! periods) and hands each period to `period`; the result types, one
//! indicator's scoring and the roll-up of a card are its other children.

mod indicator;
mod period;
mod result;
mod rollup;

pub use result::{
    BonusSummary, DimensionScore, IndicatorScore, NoTotal, PeriodSummary, Scorecard, TeamResult,
    Treatment, covers, shown_percent,
};

use crate::figures::Figures;
use crate::formula::{self, BoundFormula};
use crate::issue::{Issue, IssueKind, Severity};
use crate::periods::{Periods, previous_rows};
use crate::raters::{self, BoundRater};
use crate::scheme::{Grading, Scheme, ValueSource};
use crate::validate::{SchemeError, validate};
use period::PeriodContext;

/// How one indicator's value is read from a row: its source in the scheme,
/// bound to the columns of the figures.
enum BoundValue {
    Column(Option<usize>),
    /// A formula, with the columns it reads (gathered row by row).
    Formula(BoundFormula, Vec<usize>),
    /// The raters, with the columns they read.
    Raters(Vec<BoundRater>, Vec<usize>),
}

/// Scores every agent of every period. An invalid scheme gives its errors
/// and no numbers, never stale or partial ones.
pub fn score_team(scheme: &Scheme, figures: &Figures) -> Result<TeamResult, Vec<SchemeError>> {
    score(scheme, figures, None)
}

/// Scores as [`score_team`] does, after an edit from `before`, whose result
/// on the same figures is `previous`. When only weights changed (of
/// dimensions or indicators), each indicator is taken from `previous` as
/// it was read and scored, and only what weights change is worked out
/// again: dimension scores, totals, coverage, ranks, grades, the bonus.
/// The result is exactly `score_team`'s, in less time: a weight edit in
/// the page scores this way.
pub fn rescore(
    scheme: &Scheme,
    figures: &Figures,
    before: &Scheme,
    previous: &TeamResult,
) -> Result<TeamResult, Vec<SchemeError>> {
    let same_rows =
        previous.cards.len() == figures.len()
            && previous.cards.iter().enumerate().all(|(row, card)| {
                card.line == figures.line(row) && card.agent == figures.agent(row)
            });
    if same_rows && only_weights_differ(scheme, before) {
        score(scheme, figures, Some(previous))
    } else {
        score(scheme, figures, None)
    }
}

/// Whether two schemes differ in nothing but their dimensions' and
/// indicators' weights.
fn only_weights_differ(a: &Scheme, b: &Scheme) -> bool {
    let unweighted = |scheme: &Scheme| {
        let mut scheme = scheme.clone();
        for dimension in &mut scheme.dimensions {
            dimension.weight = 0.0;
            for indicator in &mut dimension.indicators {
                indicator.weight = 0.0;
            }
        }
        scheme
    };
    a.dimensions.len() == b.dimensions.len() && unweighted(a) == unweighted(b)
}

fn score(
    scheme: &Scheme,
    figures: &Figures,
    earlier: Option<&TeamResult>,
) -> Result<TeamResult, Vec<SchemeError>> {
    let errors = validate(scheme);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut team_issues = Vec::new();

    // Inputs the figures lack read as missing everywhere: pad the rows once.
    let absent: Vec<&str> = scheme
        .inputs
        .iter()
        .map(|input| input.id.as_str())
        .filter(|id| figures.column(id).is_none())
        .collect();
    for id in &absent {
        team_issues.push(Issue::new(
            Severity::Error,
            IssueKind::MissingColumn {
                input: (*id).to_owned(),
            },
        ));
    }
    let width = figures.columns.len();
    let column = |id: &str| {
        figures
            .column(id)
            .or_else(|| absent.iter().position(|a| *a == id).map(|p| width + p))
    };

    let flat: Vec<_> = scheme.indexed_indicators().collect();
    let mut uses_previous = false;
    let sources: Vec<BoundValue> = flat
        .iter()
        .map(|(_, indicator)| match &indicator.value {
            ValueSource::Column(name) => BoundValue::Column(column(name)),
            ValueSource::Formula(text) => {
                // Validation parsed it and checked its columns against the
                // inputs, and every input has an index here.
                let parsed = formula::parse(text).expect("validated formula");
                uses_previous |= parsed.columns().iter().any(|c| c.previous);
                let bound = parsed
                    .bind(&|name| column(name))
                    .expect("validated columns");
                let read = bound.columns_read();
                BoundValue::Formula(bound, read)
            }
            ValueSource::Raters(raters) => {
                let bound = raters::bind(raters, column);
                let read = raters::columns_read(&bound);
                BoundValue::Raters(bound, read)
            }
        })
        .collect();
    let counts: Vec<Option<usize>> = flat
        .iter()
        .map(|(_, indicator)| {
            indicator
                .min_sample
                .as_ref()
                .and_then(|sample| column(&sample.count))
        })
        .collect();

    // Periods in natural order, each with its rows in figures order.
    let Periods {
        labels: period_labels,
        of_row: period_of_row,
    } = Periods::of(figures);

    // The same agent's row in the latest earlier period, for prev().
    let previous: Vec<Option<usize>> = if uses_previous {
        previous_rows(figures, &period_of_row)
    } else {
        vec![None; figures.len()]
    };
    // Indicators are stored dimension by dimension: each dimension is a range.
    let mut dimension_ranges = Vec::with_capacity(scheme.dimensions.len());
    let mut start = 0;
    for dimension in &scheme.dimensions {
        dimension_ranges.push(start..start + dimension.indicators.len());
        start += dimension.indicators.len();
    }
    let all_dimensions: f64 = scheme.dimensions.iter().map(|d| d.weight).sum();
    let all_indicators: Vec<f64> = scheme
        .dimensions
        .iter()
        .map(|d| d.indicators.iter().map(|i| i.weight).sum())
        .collect();
    let gated: Vec<usize> = (0..flat.len())
        .filter(|&i| flat[i].1.gate.is_some())
        .collect();
    let links: Vec<(usize, usize)> = flat
        .iter()
        .enumerate()
        .filter_map(|(i, (_, indicator))| {
            let link = indicator.link.as_ref()?;
            let guard = flat
                .iter()
                .position(|(_, other)| other.id == link.indicator)?;
            Some((i, guard))
        })
        .collect();

    // Cards as the periods give them, with the figures row of each: put in
    // figures order at the end, in place (a second vector of cards would
    // be the largest allocation of a big team).
    let mut cards: Vec<Scorecard> = Vec::new();
    let mut origin: Vec<usize> = Vec::with_capacity(figures.len());
    let mut periods = Vec::with_capacity(period_labels.len());
    for (p, label) in period_labels.iter().enumerate() {
        let mut members: Vec<usize> = (0..figures.len())
            .filter(|&i| period_of_row[i] == p)
            .collect();
        // Handed over in the period's canonical order (agent, then source
        // row; see `score_period`): every team sum runs in it.
        crate::order::sort_by(&mut members, |&a, &b| {
            let by_agent = figures.agent(a).cmp(figures.agent(b));
            by_agent.then(figures.line(a).cmp(&figures.line(b)))
        });
        let ctx = PeriodContext {
            scheme,
            figures,
            row_width: width + absent.len(),
            previous: &previous,
            flat: &flat,
            sources: &sources,
            counts: &counts,
            dimension_ranges: &dimension_ranges,
            all_dimensions,
            all_indicators: &all_indicators,
            gated: &gated,
            links: &links,
        };
        let reuse = earlier.map(|result| (&result.cards[..], &result.periods[p]));
        let (mut period_cards, summary) =
            ctx.score_period(*label, &members, reuse, &mut team_issues);
        if cards.is_empty() {
            cards = period_cards;
        } else {
            cards.append(&mut period_cards);
        }
        origin.extend(members);
        periods.push(summary);
    }
    if let Grading::Forced { .. } = scheme.grading {
        for summary in &periods {
            if summary.agents > 0 && summary.agents < 25 {
                team_issues.push(
                    Issue::new(
                        Severity::Warning,
                        IssueKind::SmallGroup {
                            agents: summary.agents,
                        },
                    )
                    .period(summary.period.as_deref()),
                );
            }
        }
    }
    // Every row is in exactly one period, so `origin` is a permutation;
    // each swap puts one card in its place.
    for k in 0..cards.len() {
        while origin[k] != k {
            let target = origin[k];
            cards.swap(k, target);
            origin.swap(k, target);
        }
    }
    Ok(TeamResult {
        cards,
        periods,
        issues: team_issues,
    })
}

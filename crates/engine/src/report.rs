//! What the Scorecards area shows, computed from a [`TeamResult`]: the team
//! table's order and filter, score bands, an agent's coaching focus and
//! trend, and the team charts' data. Pure functions over the result, so the
//! page recomputes them on every edit and the tests need no browser.

use std::cmp::Ordering;

use super::curve::Curve;
use super::curve::Direction;
use super::scheme::Scheme;
use super::score::{Scorecard, TeamResult, Treatment};

/// A score's band, for colour: the same five bands everywhere (table cells,
/// heat map, histogram), so a colour means the same thing on every screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ScoreBand {
    /// 90 or more.
    Top,
    /// 80 to under 90.
    High,
    /// 70 to under 80.
    Middle,
    /// 60 to under 70.
    Low,
    /// Under 60.
    Bottom,
}

impl ScoreBand {
    pub const ALL: [ScoreBand; 5] = [
        ScoreBand::Top,
        ScoreBand::High,
        ScoreBand::Middle,
        ScoreBand::Low,
        ScoreBand::Bottom,
    ];

    /// The band of a score on the 0-100 scale (scores above 100 are Top).
    pub fn of(score: f64) -> ScoreBand {
        match score {
            s if s >= 90.0 => ScoreBand::Top,
            s if s >= 80.0 => ScoreBand::High,
            s if s >= 70.0 => ScoreBand::Middle,
            s if s >= 60.0 => ScoreBand::Low,
            _ => ScoreBand::Bottom,
        }
    }

    /// A stable name for CSS classes and tests.
    pub fn id(self) -> &'static str {
        match self {
            ScoreBand::Top => "top",
            ScoreBand::High => "high",
            ScoreBand::Middle => "middle",
            ScoreBand::Low => "low",
            ScoreBand::Bottom => "bottom",
        }
    }

    /// The band's colour (RGB), shared by the table's CSS and the charts.
    pub fn rgb(self) -> (u8, u8, u8) {
        match self {
            ScoreBand::Top => (26, 127, 75),
            ScoreBand::High => (98, 168, 92),
            ScoreBand::Middle => (214, 171, 54),
            ScoreBand::Low => (226, 125, 56),
            ScoreBand::Bottom => (196, 59, 59),
        }
    }
}

/// A column of the team table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Rank,
    Agent,
    Group,
    Period,
    Total,
    /// The share of the weight backed by data.
    Coverage,
    Grade,
    /// A dimension's score, by dimension index.
    Dimension(usize),
    /// The weakest indicator (in scheme order).
    Weakest,
    Bonus,
}

/// The team table's order: a column and a direction. Cards without a value
/// in the column come last whichever the direction; ties keep reading order
/// (period, rank, agent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Sort {
        Sort {
            column: Column::Rank,
            descending: false,
        }
    }
}

impl Sort {
    /// The order after clicking a column's header: the same column flips,
    /// another starts in its natural direction (best first for scores;
    /// least covered first for coverage, the cards worth a look).
    pub fn toggled(self, column: Column) -> Sort {
        if self.column == column {
            Sort {
                column,
                descending: !self.descending,
            }
        } else {
            let descending = matches!(column, Column::Total | Column::Dimension(_) | Column::Bonus);
            Sort { column, descending }
        }
    }
}

/// Which cards the team table shows. `None` and an empty search show all.
/// Kept with a project's view.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Filter {
    pub group: Option<String>,
    pub period: Option<String>,
    pub grade: Option<String>,
    /// Part of the agent's name, any case.
    pub search: String,
    /// Only agents whose total is withheld.
    pub incomplete_only: bool,
}

impl Filter {
    pub fn keeps(&self, card: &Scorecard) -> bool {
        let same =
            |wanted: &Option<String>, found: &Option<String>| wanted.is_none() || wanted == found;
        same(&self.group, &card.group)
            && same(&self.period, &card.period)
            && same(&self.grade, &card.grade)
            && (self.search.trim().is_empty()
                || card
                    .agent
                    .to_lowercase()
                    .contains(&self.search.trim().to_lowercase()))
            && (!self.incomplete_only || card.incomplete())
    }
}

/// The values a filter can pick: groups sorted, periods in the result's
/// order, and all the scheme's grades, best first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterChoices {
    pub groups: Vec<String>,
    pub periods: Vec<String>,
    pub grades: Vec<String>,
}

pub fn filter_choices(scheme: &Scheme, result: &TeamResult) -> FilterChoices {
    let mut groups: Vec<String> = Vec::new();
    for group in result.cards.iter().filter_map(|card| card.group.as_ref()) {
        if !groups.contains(group) {
            groups.push(group.clone());
        }
    }
    groups.sort();
    let periods = result
        .periods
        .iter()
        .filter_map(|summary| summary.period.clone())
        .collect();
    // Every grade, held or not: a filter on a grade nobody holds after an
    // edit shows an empty table, not a select that lost its choice.
    let grades = scheme
        .grading
        .grades()
        .into_iter()
        .map(str::to_owned)
        .collect();
    FilterChoices {
        groups,
        periods,
        grades,
    }
}

/// The indices of the cards the table shows, in the order it shows them.
pub fn team_rows(scheme: &Scheme, result: &TeamResult, filter: &Filter, sort: Sort) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..result.cards.len())
        .filter(|&i| filter.keeps(&result.cards[i]))
        .collect();
    let periods: Vec<Option<&str>> = result
        .periods
        .iter()
        .map(|summary| summary.period.as_deref())
        .collect();
    let period_index = |card: &Scorecard| {
        periods
            .iter()
            .position(|period| *period == card.period.as_deref())
    };
    let grades = scheme.grading.grades();
    let grade_index = |card: &Scorecard| {
        card.grade
            .as_deref()
            .and_then(|grade| grades.iter().position(|g| *g == grade))
    };
    let reading = |a: &Scorecard, b: &Scorecard| {
        period_index(a)
            .cmp(&period_index(b))
            .then(a.rank.unwrap_or(u32::MAX).cmp(&b.rank.unwrap_or(u32::MAX)))
            .then_with(|| a.agent.cmp(&b.agent))
    };
    // `Some` values in the chosen direction, then `None`.
    fn last_if_none<T: PartialOrd>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
        match (a, b) {
            (Some(a), Some(b)) => {
                let order = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
                if descending { order.reverse() } else { order }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    let descending = sort.descending;
    rows.sort_by(|&a, &b| {
        let (a, b) = (&result.cards[a], &result.cards[b]);
        let order = match sort.column {
            Column::Rank => last_if_none(a.rank, b.rank, descending),
            Column::Agent => last_if_none(Some(&a.agent), Some(&b.agent), descending),
            Column::Group => last_if_none(a.group.as_ref(), b.group.as_ref(), descending),
            Column::Period => last_if_none(period_index(a), period_index(b), descending),
            Column::Total => last_if_none(a.total, b.total, descending),
            Column::Coverage => last_if_none(Some(a.coverage), Some(b.coverage), descending),
            // Best grade first is the natural (ascending) order.
            Column::Grade => last_if_none(grade_index(a), grade_index(b), descending),
            Column::Dimension(d) => last_if_none(
                a.dimensions.get(d).and_then(|s| s.score),
                b.dimensions.get(d).and_then(|s| s.score),
                descending,
            ),
            // By the indicator's place in the scheme: the same order in
            // every language.
            Column::Weakest => last_if_none(a.weakest, b.weakest, descending),
            Column::Bonus => last_if_none(a.bonus, b.bonus, descending),
        };
        order.then_with(|| reading(a, b))
    });
    rows
}

/// Why a card has no total: the indicators whose missing value withheld it
/// (indices in scheme order). Empty when the card has a total, and when
/// something else withheld it (see [`Scorecard::no_total`]).
pub fn incomplete_because(card: &Scorecard) -> Vec<usize> {
    if card.total.is_some() {
        return Vec::new();
    }
    card.indicators
        .iter()
        .enumerate()
        .filter(|(_, indicator)| indicator.treatment == Treatment::Incomplete)
        .map(|(i, _)| i)
        .collect()
}

/// The indicators whose weight no data of the agent's backs (missing, and
/// left out, imputed or scored 0), in scheme order: what the coverage lacks.
pub fn uncovered(card: &Scorecard) -> Vec<usize> {
    card.indicators
        .iter()
        .enumerate()
        .filter(|(_, indicator)| {
            !matches!(indicator.treatment, Treatment::Measured | Treatment::Shrunk)
        })
        .map(|(i, _)| i)
        .collect()
}

/// The coaching focus: up to `n` indicators that lost the most weighted
/// points, most first (only those that lost any).
pub fn coaching_focus(card: &Scorecard, n: usize) -> Vec<usize> {
    let mut lost: Vec<usize> = (0..card.indicators.len())
        .filter(|&i| card.indicators[i].lost > 1e-9)
        .collect();
    lost.sort_by(|&a, &b| {
        card.indicators[b]
            .lost
            .partial_cmp(&card.indicators[a].lost)
            .unwrap_or(Ordering::Equal)
            .then(a.cmp(&b))
    });
    lost.truncate(n);
    lost
}

/// One point of an agent's trend: a period, with its total and rank there.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendPoint {
    pub period: String,
    pub card: usize,
    pub total: Option<f64>,
    pub rank: Option<u32>,
    /// The team's mean total in that period.
    pub team_mean: Option<f64>,
}

/// The agent's cards across periods, in period order. Empty without
/// periods. An agent with two rows in one period (a duplicate, reported
/// on import) shows the first.
pub fn trend(result: &TeamResult, agent: &str) -> Vec<TrendPoint> {
    result
        .periods
        .iter()
        .filter_map(|summary| {
            let period = summary.period.as_ref()?;
            let card = result
                .cards
                .iter()
                .position(|card| card.agent == agent && card.period.as_ref() == Some(period))?;
            Some(TrendPoint {
                period: period.clone(),
                card,
                total: result.cards[card].total,
                rank: result.cards[card].rank,
                team_mean: summary.total.mean,
            })
        })
        .collect()
}

/// The summary of a card's period.
pub fn period_of<'a>(
    result: &'a TeamResult,
    card: &Scorecard,
) -> Option<&'a super::score::PeriodSummary> {
    result
        .periods
        .iter()
        .find(|summary| summary.period == card.period)
}

/// One bar of the score histogram: totals in `from..to` (the last bin
/// includes 100 and anything above), counted per grade (best first, in the
/// order of [`Grading::grades`](super::scheme::Grading::grades)).
#[derive(Clone, Debug, PartialEq)]
pub struct Bin {
    pub from: f64,
    pub to: f64,
    pub per_grade: Vec<usize>,
    /// Totals with no grade (bands whose last one has a lower bound).
    pub ungraded: usize,
}

impl Bin {
    pub fn count(&self) -> usize {
        self.per_grade.iter().sum::<usize>() + self.ungraded
    }
}

/// The histogram of totals in bins of `width` points from 0 to 100, each
/// bar split by grade (and the ungraded). Totals under 0 fall in the first
/// bin, 100 and over in the last; cards without a total are not counted.
pub fn histogram(scheme: &Scheme, cards: &[&Scorecard], width: f64) -> Vec<Bin> {
    let grades = scheme.grading.grades();
    let bins = (100.0 / width).ceil().max(1.0) as usize;
    let mut histogram: Vec<Bin> = (0..bins)
        .map(|b| Bin {
            from: b as f64 * width,
            to: ((b + 1) as f64 * width).min(100.0),
            per_grade: vec![0; grades.len()],
            ungraded: 0,
        })
        .collect();
    for card in cards {
        let Some(total) = card.total else { continue };
        let bin = ((total / width).floor().max(0.0) as usize).min(bins - 1);
        match card
            .grade
            .as_deref()
            .and_then(|grade| grades.iter().position(|g| *g == grade))
        {
            Some(grade) => histogram[bin].per_grade[grade] += 1,
            None => histogram[bin].ungraded += 1,
        }
    }
    histogram
}

/// What an indicator's curve asks for full marks, for the scorecard's
/// "target" column.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    AtLeast(f64),
    AtMost(f64),
    Within(f64, f64),
}

/// The value at which the curve gives its best score, or the range that
/// does; `None` for a bands curve whose best band is open-ended on the wrong
/// side.
pub fn target(curve: &Curve, direction: Direction) -> Option<Target> {
    let toward = |value: f64| match direction {
        Direction::Lower => Target::AtMost(value),
        Direction::Higher | Direction::Band => Target::AtLeast(value),
    };
    match curve {
        Curve::Linear { best, .. } => Some(toward(*best)),
        Curve::Payout { target, .. } | Curve::Ratio { target, .. } => Some(toward(*target)),
        Curve::PassFail { pass_at, .. } => Some(toward(*pass_at)),
        Curve::TargetBand {
            target, tolerance, ..
        } => Some(Target::Within(target - tolerance, target + tolerance)),
        Curve::Bands { bands } => {
            let best = curve.max_score();
            let band = bands.iter().find(|band| band.score >= best)?;
            match (band.from, band.to) {
                (Some(from), Some(to)) => Some(Target::Within(from, to)),
                (Some(from), None) => Some(Target::AtLeast(from)),
                (None, Some(to)) => Some(Target::AtMost(to)),
                (None, None) => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::Figures;
    use crate::score::score_team;
    use crate::table::Table;

    fn scored() -> (Scheme, TeamResult) {
        let scheme =
            Scheme::from_json(include_str!("../../../docs/examples/call-centre.json")).unwrap();
        let table = Table::from_test_csv(include_str!("../../../docs/examples/call-centre.csv"));
        let figures = Figures::from_table(&scheme, &table).0;
        let result = score_team(&scheme, &figures).unwrap();
        (scheme, result)
    }

    fn agents(result: &TeamResult, rows: &[usize]) -> Vec<String> {
        rows.iter()
            .map(|&i| result.cards[i].agent.clone())
            .collect()
    }

    #[test]
    fn bands_split_at_ten_point_steps() {
        assert_eq!(ScoreBand::of(100.0), ScoreBand::Top);
        assert_eq!(ScoreBand::of(90.0), ScoreBand::Top);
        assert_eq!(ScoreBand::of(89.999), ScoreBand::High);
        assert_eq!(ScoreBand::of(70.0), ScoreBand::Middle);
        assert_eq!(ScoreBand::of(60.0), ScoreBand::Low);
        assert_eq!(ScoreBand::of(59.9), ScoreBand::Bottom);
        assert_eq!(ScoreBand::of(-5.0), ScoreBand::Bottom);
    }

    #[test]
    fn sorting_by_total_puts_missing_totals_last_both_ways() {
        let (scheme, mut result) = scored();
        result.cards[0].total = None;
        let withheld = result.cards[0].agent.clone();
        for descending in [false, true] {
            let sort = Sort {
                column: Column::Total,
                descending,
            };
            let rows = team_rows(&scheme, &result, &Filter::default(), sort);
            assert_eq!(rows.len(), result.cards.len());
            assert_eq!(result.cards[*rows.last().unwrap()].agent, withheld);
            let totals: Vec<f64> = rows.iter().filter_map(|&i| result.cards[i].total).collect();
            let mut expected = totals.clone();
            expected.sort_by(|a, b| a.partial_cmp(b).unwrap());
            if descending {
                expected.reverse();
            }
            assert_eq!(totals, expected);
        }
    }

    #[test]
    fn sorting_by_agent_and_toggling() {
        let (scheme, result) = scored();
        let sort = Sort::default().toggled(Column::Agent);
        assert!(!sort.descending);
        let names = agents(
            &result,
            &team_rows(&scheme, &result, &Filter::default(), sort),
        );
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        let names = agents(
            &result,
            &team_rows(
                &scheme,
                &result,
                &Filter::default(),
                sort.toggled(Column::Agent),
            ),
        );
        sorted.reverse();
        assert_eq!(names, sorted);
        assert!(Sort::default().toggled(Column::Dimension(0)).descending);
    }

    #[test]
    fn sorting_by_coverage_starts_with_the_least_covered() {
        let (scheme, result) = scored();
        let sort = Sort::default().toggled(Column::Coverage);
        assert!(!sort.descending);
        let rows = team_rows(&scheme, &result, &Filter::default(), sort);
        // 陈静 has no CSAT (a team median stands in): 90% of the weight.
        let first = &result.cards[rows[0]];
        assert_eq!(first.agent, "陈静");
        assert_eq!(first.coverage_percent(), 90.0);
        assert_eq!(uncovered(first).len(), 1);
        let coverages: Vec<f64> = rows.iter().map(|&i| result.cards[i].coverage).collect();
        assert!(coverages.windows(2).all(|pair| pair[0] <= pair[1]));
    }

    #[test]
    fn filters_combine() {
        let (scheme, result) = scored();
        let choices = filter_choices(&scheme, &result);
        assert!(!choices.grades.is_empty());
        let grade = choices.grades[0].clone();
        let filter = Filter {
            grade: Some(grade.clone()),
            ..Filter::default()
        };
        let rows = team_rows(&scheme, &result, &filter, Sort::default());
        assert!(!rows.is_empty());
        assert!(
            rows.iter()
                .all(|&i| result.cards[i].grade.as_deref() == Some(&grade))
        );
        let expected = result
            .cards
            .iter()
            .filter(|c| c.grade.as_deref() == Some(&grade))
            .count();
        assert_eq!(rows.len(), expected);

        // The search ignores case and surrounding spaces.
        let part: String = result.cards[rows[0]].agent.chars().take(2).collect();
        let filter = Filter {
            search: format!(" {} ", part.to_uppercase()),
            ..filter
        };
        let rows = team_rows(&scheme, &result, &filter, Sort::default());
        assert!(rows.iter().all(|&i| result.cards[i].agent.contains(&part)));
        assert!(!rows.is_empty());
    }

    #[test]
    fn coaching_focus_is_the_largest_losses() {
        let (_, result) = scored();
        let card = &result.cards[0];
        let focus = coaching_focus(card, 3);
        assert!(focus.len() <= 3);
        for pair in focus.windows(2) {
            assert!(card.indicators[pair[0]].lost >= card.indicators[pair[1]].lost);
        }
        if let Some(weakest) = card.weakest {
            assert_eq!(focus.first(), Some(&weakest));
        }
        let most = card.indicators.iter().map(|i| i.lost).fold(0.0, f64::max);
        assert_eq!(
            focus.first().map(|&i| card.indicators[i].lost),
            (most > 0.0).then_some(most)
        );
    }

    #[test]
    fn histogram_counts_every_total_once_by_grade() {
        let (scheme, result) = scored();
        let cards: Vec<&Scorecard> = result.cards.iter().collect();
        let bins = histogram(&scheme, &cards, 10.0);
        assert_eq!(bins.len(), 10);
        let with_total = cards.iter().filter(|c| c.total.is_some()).count();
        assert_eq!(bins.iter().map(Bin::count).sum::<usize>(), with_total);
        for card in &cards {
            let total = card.total.unwrap();
            let bin = bins
                .iter()
                .position(|b| total >= b.from && (total < b.to || b.to == 100.0))
                .unwrap();
            assert!(bins[bin].count() > 0, "{total}");
        }
        // A total with no grade still counts, as ungraded.
        let mut ungraded = result.cards[0].clone();
        ungraded.grade = None;
        let bins = histogram(&scheme, &[&ungraded], 10.0);
        assert_eq!(bins.iter().map(|b| b.ungraded).sum::<usize>(), 1);
    }

    #[test]
    fn targets_read_the_curve() {
        let linear = Curve::Linear {
            worst: 600.0,
            best: 200.0,
        };
        assert_eq!(
            target(&linear, Direction::Lower),
            Some(Target::AtMost(200.0))
        );
        let band = Curve::TargetBand {
            target: 100.0,
            tolerance: 5.0,
            limit: 20.0,
        };
        assert_eq!(
            target(&band, Direction::Band),
            Some(Target::Within(95.0, 105.0))
        );
        let bands: Curve = serde_json::from_str(
            r#"{"kind":"bands","bands":[{"to":80,"score":0},{"from":80,"to":90,"score":60},{"from":90,"score":100}]}"#,
        )
        .unwrap();
        assert_eq!(
            target(&bands, Direction::Higher),
            Some(Target::AtLeast(90.0))
        );
    }
}

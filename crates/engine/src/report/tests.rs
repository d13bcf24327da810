//! The report functions over a scored example team: bands, sorting,
//! filters, coaching focus, the histogram and curve targets.

use super::*;
use crate::curve::{Curve, Direction};
use crate::figures::Figures;
use crate::scheme::Scheme;
use crate::score::score_team;
use crate::score::{Scorecard, TeamResult};
use crate::table::Table;

fn scored() -> (Scheme, TeamResult) {
    let scheme =
        Scheme::from_json(include_str!("../../../../docs/examples/call-centre.json")).unwrap();
    let table = Table::from_test_csv(include_str!("../../../../docs/examples/call-centre.csv"));
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
        assert!(card.indicators[pair[0]].lost() >= card.indicators[pair[1]].lost());
    }
    if let Some(weakest) = card.weakest {
        assert_eq!(focus.first(), Some(&weakest));
    }
    let most = card.indicators.iter().map(|i| i.lost()).fold(0.0, f64::max);
    assert_eq!(
        focus.first().map(|&i| card.indicators[i].lost()),
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

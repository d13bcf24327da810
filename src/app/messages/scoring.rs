//! What scoring says about the figures: the issues found in a dataset,
//! their severity, an indicator's target and how a value was treated, and
//! why a card has no total or rests on part of its weight.

use super::{
    I18n, bonus_error_text, curve_error_text, list_separator, name_in, name_of_input, with_unit,
};
use crate::i18n::*;
use kpi_engine::explain::number;
use kpi_engine::issue::{IssueKind, Severity};
use kpi_engine::report::{Target, incomplete_because};
use kpi_engine::scheme::Scheme;
use kpi_engine::score::{NoTotal, Scorecard, Treatment};

/// What an issue says, without where it is (the page shows row, column and
/// agent beside it). Inputs are named as the scheme names them.
pub fn issue_text(i18n: I18n, scheme: &Scheme, kind: &IssueKind) -> String {
    let input_name = |id: &str| name_of_input(i18n, scheme, id);
    match kind {
        IssueKind::NotANumber { input, text } => t_string!(
            i18n,
            issue.not_a_number,
            input = input_name(input),
            text = text.clone()
        )
        .to_string(),
        IssueKind::NoAgent => t_string!(i18n, issue.no_agent).to_string(),
        IssueKind::Ragged { cells, columns } => {
            t_string!(i18n, issue.ragged, cells = *cells, columns = *columns).to_string()
        }
        IssueKind::NoRows => t_string!(i18n, issue.no_rows).to_string(),
        IssueKind::MissingColumn { input } => {
            t_string!(i18n, issue.missing_column, input = input_name(input)).to_string()
        }
        IssueKind::MissingAgentColumn { column } => {
            t_string!(i18n, issue.missing_agent_column, column = column.clone()).to_string()
        }
        IssueKind::DuplicateRow { first_row } => {
            t_string!(i18n, issue.duplicate_row, first_row = *first_row).to_string()
        }
        IssueKind::DivisionByZero { position } => {
            t_string!(i18n, issue.division_by_zero, position = *position).to_string()
        }
        IssueKind::NotFinite { position } => {
            t_string!(i18n, issue.not_finite, position = *position).to_string()
        }
        IssueKind::UnreadableRow => t_string!(i18n, issue.unreadable_row).to_string(),
        IssueKind::Refused { error } => {
            t_string!(i18n, issue.refused, message = curve_error_text(i18n, error)).to_string()
        }
        IssueKind::SmallSample { count, min } => {
            t_string!(i18n, issue.small_sample, count = *count, min = *min).to_string()
        }
        IssueKind::NoCount { column } => {
            t_string!(i18n, issue.no_count, column = column.clone()).to_string()
        }
        IssueKind::LinkNotChecked { guard } => {
            t_string!(i18n, issue.link_not_checked, guard = guard.clone()).to_string()
        }
        IssueKind::GateNotChecked => t_string!(i18n, issue.gate_not_checked).to_string(),
        IssueKind::SmallGroup { agents } => {
            t_string!(i18n, issue.small_group, agents = *agents).to_string()
        }
        IssueKind::Bonus { error } => {
            t_string!(i18n, issue.bonus, message = bonus_error_text(i18n, error)).to_string()
        }
    }
}

pub fn severity_text(i18n: I18n, severity: Severity) -> String {
    match severity {
        Severity::Error => t_string!(i18n, issue.severity_error),
        Severity::Warning => t_string!(i18n, issue.severity_warning),
        Severity::Note => t_string!(i18n, issue.severity_note),
    }
    .to_string()
}

/// A target as the scorecard shows it.
pub fn target_text(i18n: I18n, target: Option<Target>, unit: &str) -> String {
    match target {
        Some(Target::AtLeast(value)) => format!("≥ {}", with_unit(i18n, &number(value), unit)),
        Some(Target::AtMost(value)) => format!("≤ {}", with_unit(i18n, &number(value), unit)),
        Some(Target::Within(low, high)) => {
            with_unit(i18n, &format!("{}–{}", number(low), number(high)), unit)
        }
        None => String::new(),
    }
}

/// The note beside a value that was not measured as it is.
pub fn treatment_text(i18n: I18n, treatment: Treatment) -> Option<String> {
    Some(
        match treatment {
            Treatment::Measured => return None,
            Treatment::Shrunk => t_string!(i18n, cards.treatment_shrunk),
            Treatment::Imputed => t_string!(i18n, cards.treatment_imputed),
            Treatment::ZeroForMissing => t_string!(i18n, cards.treatment_zero),
            Treatment::Excluded => t_string!(i18n, cards.treatment_excluded),
            Treatment::Incomplete => t_string!(i18n, cards.treatment_incomplete),
        }
        .to_string(),
    )
}

/// The card's coverage as a percentage when some of its weight has no data
/// behind it; `None` when all of it has.
pub fn partial_coverage(card: &Scorecard) -> Option<String> {
    let percent = card.coverage_percent();
    (percent < 100.0).then(|| format!("{}%", number(percent)))
}

/// The name of the indicator at flat index `i`, in the user's language.
pub fn indicator_name(i18n: I18n, scheme: &Scheme, i: usize) -> String {
    scheme
        .indicators()
        .nth(i)
        .map(|(_, indicator)| name_in(i18n, &indicator.name))
        .unwrap_or_default()
}

/// Why the card has no total, in the user's language.
pub fn incomplete_text(i18n: I18n, scheme: &Scheme, card: &Scorecard) -> Option<String> {
    if card.total.is_some() {
        return None;
    }
    if let Some(NoTotal::Coverage { min }) = card.no_total {
        return Some(
            t_string!(
                i18n,
                cards.incomplete_coverage,
                coverage = number(card.coverage_percent()),
                min = number(min)
            )
            .to_string(),
        );
    }
    let names: Vec<String> = incomplete_because(card)
        .into_iter()
        .map(|i| indicator_name(i18n, scheme, i))
        .collect();
    Some(if names.is_empty() {
        t_string!(i18n, cards.incomplete_no_total).to_string()
    } else {
        t_string!(
            i18n,
            cards.incomplete_missing,
            indicators = names.join(list_separator(i18n))
        )
        .to_string()
    })
}

//! The engine's problems in the user's language. The engine names each
//! problem as data (an enum variant with its values); this is the one place
//! that turns those into sentences for the page.

use leptos_i18n::I18nContext;

use super::import::ReadError;
use super::state::{StorageProblem, What};
use crate::i18n::*;
use kpi_engine::bonus::{BonusError, BonusProblem, units};
use kpi_engine::curve::Direction;
use kpi_engine::curve::{BandsProblem, CurveError, CurveField, OrderProblem, ScoresProblem};
use kpi_engine::edit::curve_kind::CurveKind;
use kpi_engine::explain::{self, Step, ValueFrom, money};
use kpi_engine::formula::{
    CharacterHint, Expected, FormulaError, FormulaProblem, Found, KNOWN_FUNCTIONS,
};
use kpi_engine::issue::{IssueKind, Severity};
use kpi_engine::reading::{
    self as read, Delimiter, MAX_COLUMNS, ReadAs, TableError, TextEncoding, TextError, XlsxError,
};
use kpi_engine::scheme::{Names, Scheme};
use kpi_engine::score::{NoTotal, Scorecard, Treatment, shown_percent};
use kpi_engine::unit::Unit;
use kpi_engine::validate::{ColumnRole, Part, Problem, SchemeError, WeightSet};
use kpi_store::Fault;
use kpi_store::workspace::Part as ProjectPart;

pub type I18n = I18nContext<Locale>;

/// What goes between the items of a list: a comma in English, 、 in
/// Chinese.
pub fn list_separator(i18n: I18n) -> &'static str {
    match i18n.get_locale() {
        Locale::zh => "、",
        Locale::en => ", ",
    }
}

/// What goes between two sentences: a space in English, nothing in Chinese.
pub fn sentence_gap(i18n: I18n) -> &'static str {
    match i18n.get_locale() {
        Locale::zh => "",
        Locale::en => " ",
    }
}

/// A name in the current language; the English one when there is no
/// Chinese.
pub fn name_in(i18n: I18n, names: &Names) -> String {
    match i18n.get_locale() {
        Locale::zh if !names.zh.trim().is_empty() => names.zh.clone(),
        _ => names.en.clone(),
    }
}

/// A total as tables show it: always two decimals, so a column of totals
/// reads in one format (92.20 above 101.57, never 92.2).
pub fn total_text(total: Option<f64>) -> String {
    total.map_or_else(|| "—".to_owned(), |total| format!("{total:.2}"))
}

/// A unit in the current language; one the page does not know, as written.
pub fn unit_text(i18n: I18n, unit: &str) -> String {
    known_unit_text(i18n, Unit::of(unit), unit)
}

/// `unit`'s text when `known` is what it names.
fn known_unit_text(i18n: I18n, known: Option<Unit>, unit: &str) -> String {
    match known {
        Some(Unit::Percent) => "%".to_owned(),
        Some(Unit::Seconds) => t_string!(i18n, units.seconds).to_string(),
        Some(Unit::Minutes) => t_string!(i18n, units.minutes).to_string(),
        Some(Unit::Hours) => t_string!(i18n, units.hours).to_string(),
        Some(Unit::Days) => t_string!(i18n, units.days).to_string(),
        Some(Unit::Yuan) => t_string!(i18n, units.yuan).to_string(),
        None => unit.trim().to_owned(),
    }
}

/// `value` and its unit, spaced as the current language writes them: "45 s",
/// "92%", "45秒", "31.58元".
pub fn with_unit(i18n: I18n, value: &str, unit: &str) -> String {
    let known = Unit::of(unit);
    let shown = known_unit_text(i18n, known, unit);
    if shown.is_empty() {
        value.to_owned()
    } else if known == Some(Unit::Percent) || (known.is_some() && i18n.get_locale() == Locale::zh) {
        format!("{value}{shown}")
    } else {
        format!("{value} {shown}")
    }
}

/// At most `max` characters of `text`, with "…" when it was longer: a cell
/// or header of a pathological file (30 MB on one line) is never put whole
/// into the page.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// The longest cell or header shown in a table.
pub const CELL_CHARS: usize = 80;
/// The longest problem shown (it may quote a cell).
pub const MESSAGE_CHARS: usize = 300;

/// [`name_in`] outside the view: in an event handler or while starting up,
/// where the name is taken once and need not follow the language.
pub fn name_now(i18n: I18n, names: &Names) -> String {
    match i18n.get_locale_untracked() {
        Locale::zh if !names.zh.trim().is_empty() => names.zh.clone(),
        _ => names.en.clone(),
    }
}

/// What an issue says, without where it is (the page shows row, column and
/// agent beside it). Inputs are named as the scheme names them.
pub fn issue_text(i18n: I18n, scheme: &Scheme, kind: &IssueKind) -> String {
    let input_name = |id: &str| {
        scheme
            .inputs
            .iter()
            .find(|input| input.id == id)
            .map_or_else(|| id.to_owned(), |input| name_in(i18n, &input.name))
    };
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

/// Why nothing could be read, and what was expected.
pub fn read_error_text(i18n: I18n, error: &ReadError) -> String {
    let input = match error {
        ReadError::Input(input) => input,
        ReadError::File => return t_string!(i18n, read_error.file).to_string(),
        ReadError::Worker(detail) => {
            return t_string!(i18n, read_error.worker, detail = detail.clone()).to_string();
        }
    };
    match input {
        read::ReadError::Text {
            error: TextError::Empty,
        } => t_string!(i18n, read_error.empty_file).to_string(),
        read::ReadError::Text {
            error: TextError::Binary { offset },
        } => t_string!(i18n, read_error.binary, offset = *offset).to_string(),
        read::ReadError::Text {
            error: TextError::NotText { suspect, sampled },
        } => t_string!(
            i18n,
            read_error.not_text,
            suspect = *suspect,
            sampled = *sampled
        )
        .to_string(),
        read::ReadError::Table {
            error: TableError::Empty,
        } => t_string!(i18n, read_error.nothing).to_string(),
        read::ReadError::Table {
            error: TableError::UnclosedQuote { row },
        } => t_string!(i18n, read_error.unclosed_quote, row = *row).to_string(),
        read::ReadError::Table {
            error: TableError::TooManyColumns { columns },
        }
        | read::ReadError::Workbook {
            error: XlsxError::TooManyColumns { columns },
        } => t_string!(
            i18n,
            read_error.too_many_columns,
            columns = *columns,
            max = MAX_COLUMNS
        )
        .to_string(),
        read::ReadError::Workbook {
            error: XlsxError::NotAWorkbook { detail },
        } => t_string!(i18n, read_error.not_a_workbook, detail = detail.clone()).to_string(),
        read::ReadError::Workbook {
            error: XlsxError::NoSheet { name, sheets },
        } => t_string!(
            i18n,
            read_error.no_sheet,
            name = name.clone(),
            sheets = sheets.join(list_separator(i18n))
        )
        .to_string(),
        read::ReadError::Workbook {
            error: XlsxError::EmptySheet { name },
        } => t_string!(i18n, read_error.empty_sheet, name = name.clone()).to_string(),
    }
}

/// A stored item, named for the user.
pub fn what_text(i18n: I18n, what: &What) -> String {
    match what {
        What::Part { project, part } => {
            let project = project.clone();
            match part {
                ProjectPart::Scheme => t_string!(i18n, storage.what_scheme, project),
                ProjectPart::Dataset => t_string!(i18n, storage.what_dataset, project),
                ProjectPart::View => t_string!(i18n, storage.what_view, project),
            }
            .to_string()
        }
        What::Workspace => t_string!(i18n, storage.what_workspace).to_string(),
        What::Mappings => t_string!(i18n, storage.what_mappings).to_string(),
        What::Settings => t_string!(i18n, storage.what_settings).to_string(),
        What::Other(key) => t_string!(i18n, storage.what_other, key = key.clone()).to_string(),
    }
}

/// A size in storage: characters count twice (browsers count UTF-16).
pub fn size_text(i18n: I18n, chars: usize) -> String {
    let bytes = chars as f64 * 2.0;
    if bytes < 100_000.0 {
        let n = format!("{:.1}", bytes / 1000.0);
        t_string!(i18n, storage.size_kb, n).to_string()
    } else {
        let n = format!("{:.1}", bytes / 1_000_000.0);
        t_string!(i18n, storage.size_mb, n).to_string()
    }
}

/// A moment, in the user's language and time zone.
pub fn time_text(i18n: I18n, at: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at as f64));
    let locale = match i18n.get_locale() {
        Locale::en => "en-GB",
        Locale::zh => "zh-CN",
    };
    // A date and a time to the minute: "1 Dec 2026, 22:37".
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(locale, &options).into()
}

pub fn storage_problem_text(i18n: I18n, problem: &StorageProblem) -> String {
    match problem {
        StorageProblem::Unreadable { what, aside } => {
            let what = what_text(i18n, what);
            t_string!(i18n, storage.unreadable, what, aside = aside.clone()).to_string()
        }
        StorageProblem::UnreadableNotMoved { what } => {
            let what = what_text(i18n, what);
            t_string!(i18n, storage.unreadable_not_moved, what).to_string()
        }
        StorageProblem::Newer { what } => {
            let what = what_text(i18n, what);
            t_string!(i18n, storage.newer, what).to_string()
        }
        StorageProblem::NotSaved {
            what, fault, chars, ..
        } => {
            let (what, size) = (what_text(i18n, what), size_text(i18n, *chars));
            match fault {
                Fault::Full => t_string!(i18n, storage.not_saved_full, what, size),
                Fault::TooLarge => t_string!(i18n, storage.not_saved_too_large, what, size),
                Fault::Unavailable => t_string!(i18n, storage.not_saved_unavailable, what),
            }
            .to_string()
        }
        StorageProblem::UnsavedBefore { what, at } => {
            let (what, time) = (what_text(i18n, what), time_text(i18n, *at));
            t_string!(i18n, storage.unsaved_before, what, time).to_string()
        }
        StorageProblem::FiguresMissing { what } => {
            let what = what_text(i18n, what);
            t_string!(i18n, storage.figures_missing, what).to_string()
        }
        StorageProblem::NoRoom { chars } => {
            let size = size_text(i18n, *chars);
            t_string!(i18n, storage.no_room, size).to_string()
        }
        StorageProblem::ChangedElsewhere { project, copy } => t_string!(
            i18n,
            storage.changed_elsewhere,
            project = project.clone(),
            copy = copy.clone()
        )
        .to_string(),
    }
}

/// How a source was read: the separator, the encoding, or the sheet.
pub fn read_as_text(i18n: I18n, read_as: &ReadAs) -> String {
    match read_as {
        ReadAs::Paste { delimiter } => delimiter_text(i18n, *delimiter),
        ReadAs::Text {
            encoding,
            delimiter,
        } => format!(
            "{} · {}",
            encoding_text(i18n, *encoding),
            delimiter_text(i18n, *delimiter)
        ),
        ReadAs::Sheet { sheet, header_row } => t_string!(
            i18n,
            data.read_sheet,
            sheet = sheet.clone(),
            row = *header_row
        )
        .to_string(),
    }
}

pub fn encoding_text(i18n: I18n, encoding: TextEncoding) -> String {
    match encoding {
        TextEncoding::Gb18030 => t_string!(i18n, data.encoding_gbk).to_string(),
        other => other.label().to_owned(),
    }
}

pub fn delimiter_text(i18n: I18n, delimiter: Delimiter) -> String {
    match delimiter {
        Delimiter::Tab => t_string!(i18n, data.delimiter_tab),
        Delimiter::Comma => t_string!(i18n, data.delimiter_comma),
        Delimiter::Semicolon => t_string!(i18n, data.delimiter_semicolon),
    }
    .to_string()
}

/// A number as the messages show it: plain decimals, and the infinities
/// of open bounds as ∞ signs rather than "inf".
fn number(value: f64) -> String {
    if value.is_finite() || value.is_nan() {
        value.to_string()
    } else if value > 0.0 {
        "∞".to_owned()
    } else {
        "−∞".to_owned()
    }
}

/// What is wrong with a scheme, in the user's language, without where it is
/// (the editor shows the message next to `error.location` and
/// `error.field`). Dimensions, indicators and weightings are named as the
/// scheme names them; ids that match nothing are shown as written.
pub fn scheme_error_text(i18n: I18n, scheme: &Scheme, error: &SchemeError) -> String {
    let dimension_name = |id: &str| {
        scheme
            .dimensions
            .iter()
            .find(|dimension| dimension.id == id)
            .map_or_else(|| id.to_owned(), |dimension| name_in(i18n, &dimension.name))
    };
    let indicator_name = |id: &str| {
        scheme
            .indicator(id)
            .map_or_else(|| id.to_owned(), |indicator| name_in(i18n, &indicator.name))
    };
    let profile_name = |id: &str| {
        scheme
            .profile(id)
            .map_or_else(|| id.to_owned(), |profile| name_in(i18n, &profile.name))
    };
    let weight_set = |what: &WeightSet| match what {
        WeightSet::Dimensions => t_string!(i18n, problem.weights.dimensions).to_string(),
        WeightSet::Indicators { dimension } => t_string!(
            i18n,
            problem.weights.indicators,
            dimension = dimension_name(dimension)
        )
        .to_string(),
        WeightSet::Raters => t_string!(i18n, problem.weights.raters).to_string(),
        WeightSet::ForcedShares => t_string!(i18n, problem.weights.forced_shares).to_string(),
        WeightSet::ProfileDimensions { profile } => t_string!(
            i18n,
            problem.weights.profile_dimensions,
            profile = profile_name(profile)
        )
        .to_string(),
        WeightSet::ProfileIndicators { profile, dimension } => t_string!(
            i18n,
            problem.weights.profile_indicators,
            profile = profile_name(profile),
            dimension = dimension_name(dimension)
        )
        .to_string(),
    };
    match &error.problem {
        Problem::NoDimensions => t_string!(i18n, problem.no_dimensions).to_string(),
        Problem::WeightNotNumber { what, found } => t_string!(
            i18n,
            problem.weight_not_number,
            what = weight_set(what),
            found = number(*found)
        )
        .to_string(),
        Problem::WeightSum { what, sum } => t_string!(
            i18n,
            problem.weight_sum,
            what = weight_set(what),
            sum = number(*sum)
        )
        .to_string(),
        Problem::MissingId { what } => match what {
            Part::Dimension => t_string!(i18n, problem.missing_dimension_id),
            Part::Indicator => t_string!(i18n, problem.missing_indicator_id),
            Part::Profile => t_string!(i18n, problem.missing_profile_id),
        }
        .to_string(),
        Problem::DuplicateId { what, id } => {
            let id = id.clone();
            match what {
                Part::Dimension => t_string!(i18n, problem.duplicate_dimension_id, id).to_string(),
                Part::Indicator => t_string!(i18n, problem.duplicate_indicator_id, id).to_string(),
                Part::Profile => t_string!(i18n, problem.duplicate_profile_id, id).to_string(),
            }
        }
        Problem::EmptyDimension { id } => t_string!(
            i18n,
            problem.empty_dimension,
            dimension = dimension_name(id)
        )
        .to_string(),
        Problem::UnknownColumn { column, role } => {
            let column = column.clone();
            match role {
                ColumnRole::Value => t_string!(i18n, problem.unknown_value_column, column),
                ColumnRole::Rater => t_string!(i18n, problem.unknown_rater_column, column),
                ColumnRole::Count => t_string!(i18n, problem.unknown_count_column, column),
            }
            .to_string()
        }
        Problem::Formula(error) => formula_error_text(i18n, error),
        Problem::FormulaUnknownColumn { position, column } => t_string!(
            i18n,
            problem.formula_unknown_column,
            position = *position,
            column = column.clone()
        )
        .to_string(),
        Problem::NoRaters => t_string!(i18n, problem.no_raters).to_string(),
        Problem::Curve(error) => curve_error_text(i18n, error),
        Problem::OverridesNeedGroupColumn => {
            t_string!(i18n, problem.overrides_need_group).to_string()
        }
        Problem::Override { group, error } => t_string!(
            i18n,
            problem.group_override,
            group = group.clone(),
            message = curve_error_text(i18n, error)
        )
        .to_string(),
        Problem::GateLevel { max, found } => t_string!(
            i18n,
            problem.gate_level,
            max = number(*max),
            found = number(*found)
        )
        .to_string(),
        Problem::GateGrade { grade, grades } => t_string!(
            i18n,
            problem.gate_grade,
            grade = grade.clone(),
            grades = grades.join(list_separator(i18n))
        )
        .to_string(),
        Problem::LinkToSelf => t_string!(i18n, problem.link_to_self).to_string(),
        Problem::LinkUnknown { guard } => {
            t_string!(i18n, problem.link_unknown, guard = guard.clone()).to_string()
        }
        Problem::LinkBandGuard { guard } => {
            t_string!(i18n, problem.link_band_guard, guard = indicator_name(guard)).to_string()
        }
        Problem::LinkThreshold => t_string!(i18n, problem.link_threshold).to_string(),
        Problem::MinSampleMin => t_string!(i18n, problem.min_sample_min).to_string(),
        Problem::MinSampleShrink => t_string!(i18n, problem.min_sample_shrink).to_string(),
        Problem::MinCoverage { found } => {
            t_string!(i18n, problem.min_coverage, found = number(*found)).to_string()
        }
        Problem::NoGradeBands => t_string!(i18n, problem.no_grade_bands).to_string(),
        Problem::GradeBandOrder {
            first,
            first_min,
            second,
            second_min,
        } => t_string!(
            i18n,
            problem.grade_band_order,
            first = first.clone(),
            first_min = number(*first_min),
            second = second.clone(),
            second_min = number(*second_min)
        )
        .to_string(),
        Problem::NoForcedGrades => t_string!(i18n, problem.no_forced_grades).to_string(),
        Problem::DuplicateGrade => t_string!(i18n, problem.duplicate_grade).to_string(),
        Problem::Bonus(problem) => bonus_problem_text(i18n, error.field, problem),
        Problem::ProfileUnknownDimension { profile, dimension } => t_string!(
            i18n,
            problem.profile_unknown_dimension,
            profile = profile_name(profile),
            dimension = dimension.clone()
        )
        .to_string(),
        Problem::ProfileUnknownIndicator { profile, indicator } => t_string!(
            i18n,
            problem.profile_unknown_indicator,
            profile = profile_name(profile),
            indicator = indicator.clone()
        )
        .to_string(),
    }
}

/// Why a curve cannot be used or cannot score a value, as a sentence.
pub fn curve_error_text(i18n: I18n, error: &CurveError) -> String {
    match *error {
        CurveError::NotFinite { field } => t_string!(
            i18n,
            problem.curve.not_finite,
            field = curve_field_text(i18n, field)
        )
        .to_string(),
        CurveError::Order(OrderProblem::Linear { direction }) => match direction {
            Direction::Lower => t_string!(i18n, problem.curve.order_linear_lower),
            Direction::Higher | Direction::Band => {
                t_string!(i18n, problem.curve.order_linear_higher)
            }
        }
        .to_string(),
        CurveError::Order(OrderProblem::Payout { direction }) => match direction {
            Direction::Lower => t_string!(i18n, problem.curve.order_payout_lower),
            Direction::Higher | Direction::Band => {
                t_string!(i18n, problem.curve.order_payout_higher)
            }
        }
        .to_string(),
        CurveError::Order(OrderProblem::TargetBand { tolerance, limit }) => t_string!(
            i18n,
            problem.curve.order_target_band,
            tolerance = number(tolerance),
            limit = number(limit)
        )
        .to_string(),
        CurveError::Direction { curve, direction } => {
            let curve = match curve {
                "linear" => t_string!(i18n, problem.curve_kind.linear).to_string(),
                "payout" => t_string!(i18n, problem.curve_kind.payout).to_string(),
                "ratio" => t_string!(i18n, problem.curve_kind.ratio).to_string(),
                "bands" => t_string!(i18n, problem.curve_kind.bands).to_string(),
                "pass/fail" => t_string!(i18n, problem.curve_kind.pass_fail).to_string(),
                "target band" => t_string!(i18n, problem.curve_kind.target_band).to_string(),
                other => other.to_owned(),
            };
            let direction = match direction {
                Direction::Higher => t_string!(i18n, problem.direction.higher),
                Direction::Lower => t_string!(i18n, problem.direction.lower),
                Direction::Band => t_string!(i18n, problem.direction.band),
            }
            .to_string();
            t_string!(i18n, problem.curve.direction, curve, direction).to_string()
        }
        CurveError::RatioTarget { target } => {
            t_string!(i18n, problem.curve.ratio_target, target = number(target)).to_string()
        }
        CurveError::RatioNegative { value } => {
            t_string!(i18n, problem.curve.ratio_negative, value = number(value)).to_string()
        }
        CurveError::Bands(problem) => bands_problem_text(i18n, problem),
        CurveError::Scores(ScoresProblem::Payout {
            below,
            at_threshold,
            cap,
        }) => t_string!(
            i18n,
            problem.curve.scores_payout,
            below = number(below),
            at_threshold = number(at_threshold),
            cap = number(cap)
        )
        .to_string(),
        CurveError::Scores(ScoresProblem::RatioCap { cap }) => {
            t_string!(i18n, problem.curve.scores_ratio_cap, cap = number(cap)).to_string()
        }
        CurveError::Scores(ScoresProblem::PassFail { fail, pass }) => t_string!(
            i18n,
            problem.curve.scores_pass_fail,
            fail = number(fail),
            pass = number(pass)
        )
        .to_string(),
        CurveError::Value => t_string!(i18n, problem.curve.value).to_string(),
    }
}

fn bands_problem_text(i18n: I18n, problem: BandsProblem) -> String {
    match problem {
        BandsProblem::Empty => t_string!(i18n, problem.curve.bands_empty).to_string(),
        BandsProblem::FirstBounded => {
            t_string!(i18n, problem.curve.bands_first_bounded).to_string()
        }
        BandsProblem::LastBounded => t_string!(i18n, problem.curve.bands_last_bounded).to_string(),
        BandsProblem::Score { band } => t_string!(i18n, problem.curve.band_score, band).to_string(),
        BandsProblem::Reversed { band, from, to } => t_string!(
            i18n,
            problem.curve.band_reversed,
            band,
            from = number(from),
            to = number(to)
        )
        .to_string(),
        BandsProblem::Gap { band } => {
            t_string!(i18n, problem.curve.band_gap, band, next = band + 1).to_string()
        }
        BandsProblem::WorseRewarded { band } => t_string!(
            i18n,
            problem.curve.bands_worse_rewarded,
            band,
            next = band + 1
        )
        .to_string(),
        BandsProblem::NoBand { value } => {
            t_string!(i18n, problem.curve.no_band, value = number(value)).to_string()
        }
    }
}

/// A curve parameter's name, as the editor labels it and the problems
/// name it.
pub fn curve_field_text(i18n: I18n, field: CurveField) -> String {
    match field {
        CurveField::Worst => t_string!(i18n, problem.curve_field.worst),
        CurveField::Best => t_string!(i18n, problem.curve_field.best),
        CurveField::Threshold => t_string!(i18n, problem.curve_field.threshold),
        CurveField::Target => t_string!(i18n, problem.curve_field.target),
        CurveField::Stretch => t_string!(i18n, problem.curve_field.stretch),
        CurveField::Below => t_string!(i18n, problem.curve_field.below),
        CurveField::AtThreshold => t_string!(i18n, problem.curve_field.at_threshold),
        CurveField::Cap => t_string!(i18n, problem.curve_field.cap),
        CurveField::PassAt => t_string!(i18n, problem.curve_field.pass_at),
        CurveField::Pass => t_string!(i18n, problem.curve_field.pass),
        CurveField::Fail => t_string!(i18n, problem.curve_field.fail),
        CurveField::Tolerance => t_string!(i18n, problem.curve_field.tolerance),
        CurveField::Limit => t_string!(i18n, problem.curve_field.limit),
    }
    .to_string()
}

/// What is wrong with the bonus rule's `field`, as a sentence naming the
/// field; money in currency units with two decimals.
pub fn bonus_problem_text(i18n: I18n, field: &str, problem: &BonusProblem) -> String {
    let field = match field {
        "pool" => t_string!(i18n, problem.bonus_field.pool).to_string(),
        "exponent" => t_string!(i18n, problem.bonus_field.exponent).to_string(),
        "min_score" => t_string!(i18n, problem.bonus_field.min_score).to_string(),
        "floor" => t_string!(i18n, problem.bonus_field.floor).to_string(),
        "cap" => t_string!(i18n, problem.bonus_field.cap).to_string(),
        "top_percent" => t_string!(i18n, problem.bonus_field.top_percent).to_string(),
        "top_share" => t_string!(i18n, problem.bonus_field.top_share).to_string(),
        other => other.to_owned(),
    };
    match *problem {
        BonusProblem::NotFinite { .. } => {
            t_string!(i18n, problem.bonus.not_finite, field).to_string()
        }
        BonusProblem::Negative { value } => {
            t_string!(i18n, problem.bonus.negative, field, value = number(value)).to_string()
        }
        BonusProblem::TooLarge { value, limit } => t_string!(
            i18n,
            problem.bonus.too_large,
            field,
            value = number(value),
            limit = units(limit)
        )
        .to_string(),
        BonusProblem::FloorAboveCap { floor, cap } => t_string!(
            i18n,
            problem.bonus.floor_above_cap,
            floor = units(floor),
            cap = units(cap)
        )
        .to_string(),
        BonusProblem::NotPercent { value } => t_string!(
            i18n,
            problem.bonus.not_percent,
            field,
            value = number(value)
        )
        .to_string(),
        BonusProblem::NotPositive { value } => t_string!(
            i18n,
            problem.bonus.not_positive,
            field,
            value = number(value)
        )
        .to_string(),
    }
}

/// Why a formula cannot be used, with the character where the problem is.
pub fn formula_error_text(i18n: I18n, error: &FormulaError) -> String {
    t_string!(
        i18n,
        problem.formula_at,
        position = error.position,
        message = formula_problem_text(i18n, &error.kind)
    )
    .to_string()
}

/// What is wrong with a formula, without the position: a clause to follow
/// "at character N:".
pub fn formula_problem_text(i18n: I18n, problem: &FormulaProblem) -> String {
    let found = |found: &Found| match found {
        Found::End => t_string!(i18n, problem.formula.found_end).to_string(),
        Found::Text(text) => {
            t_string!(i18n, problem.formula.found_text, text = text.clone()).to_string()
        }
    };
    match problem {
        FormulaProblem::Empty => t_string!(i18n, problem.formula.empty).to_string(),
        FormulaProblem::UnmatchedClose => {
            t_string!(i18n, problem.formula.unmatched_close).to_string()
        }
        FormulaProblem::TrailingInput { found: what } => {
            t_string!(i18n, problem.formula.trailing, found = found(what)).to_string()
        }
        FormulaProblem::UnknownColumn { name } => {
            t_string!(i18n, problem.formula.unknown_column, name = name.clone()).to_string()
        }
        FormulaProblem::LoneDot => t_string!(i18n, problem.formula.lone_dot).to_string(),
        FormulaProblem::MissingExponent { number } => t_string!(
            i18n,
            problem.formula.missing_exponent,
            number = number.clone()
        )
        .to_string(),
        FormulaProblem::DotAfterNumber { number } => t_string!(
            i18n,
            problem.formula.dot_after_number,
            number = number.clone()
        )
        .to_string(),
        FormulaProblem::DigitStartsName { word } => {
            t_string!(i18n, problem.formula.digit_starts_name, word = word.clone()).to_string()
        }
        FormulaProblem::NotANumber { literal } => t_string!(
            i18n,
            problem.formula.not_a_number,
            literal = literal.clone()
        )
        .to_string(),
        FormulaProblem::NumberTooLarge { literal } => t_string!(
            i18n,
            problem.formula.number_too_large,
            literal = literal.clone()
        )
        .to_string(),
        FormulaProblem::UnclosedBracket => {
            t_string!(i18n, problem.formula.unclosed_bracket).to_string()
        }
        FormulaProblem::EmptyBracket => t_string!(i18n, problem.formula.empty_bracket).to_string(),
        FormulaProblem::UnexpectedCharacter {
            character,
            hint: None,
        } => t_string!(
            i18n,
            problem.formula.unexpected_character,
            character = *character
        )
        .to_string(),
        FormulaProblem::UnexpectedCharacter {
            character,
            hint: Some(hint),
        } => {
            let hint = match hint {
                CharacterHint::NotEqual => t_string!(i18n, problem.formula.hint_not_equal),
                CharacterHint::And => t_string!(i18n, problem.formula.hint_and),
                CharacterHint::Or => t_string!(i18n, problem.formula.hint_or),
                CharacterHint::BracketStart => t_string!(i18n, problem.formula.hint_bracket_start),
                CharacterHint::FullWidthOpen => {
                    t_string!(i18n, problem.formula.hint_full_width_open)
                }
                CharacterHint::FullWidthClose => {
                    t_string!(i18n, problem.formula.hint_full_width_close)
                }
                CharacterHint::FullWidthComma => {
                    t_string!(i18n, problem.formula.hint_full_width_comma)
                }
                CharacterHint::Multiply => t_string!(i18n, problem.formula.hint_multiply),
                CharacterHint::Divide => t_string!(i18n, problem.formula.hint_divide),
            }
            .to_string();
            t_string!(
                i18n,
                problem.formula.unexpected_character_hint,
                character = *character,
                hint
            )
            .to_string()
        }
        FormulaProblem::TooDeep { limit } => {
            t_string!(i18n, problem.formula.too_deep, limit = *limit).to_string()
        }
        FormulaProblem::ChainedComparison => {
            t_string!(i18n, problem.formula.chained_comparison).to_string()
        }
        FormulaProblem::BareNot => t_string!(i18n, problem.formula.bare_not).to_string(),
        FormulaProblem::ReservedWord { word } => {
            t_string!(i18n, problem.formula.reserved_word, word = word.clone()).to_string()
        }
        FormulaProblem::ExpectedOperand { found: what } => {
            t_string!(i18n, problem.formula.expected_operand, found = found(what)).to_string()
        }
        FormulaProblem::UnclosedParenthesis { opener } => {
            t_string!(i18n, problem.formula.unclosed_parenthesis, opener = *opener).to_string()
        }
        FormulaProblem::Expected {
            expected,
            found: what,
        } => {
            let expected = match expected {
                Expected::OperatorOrClose => {
                    t_string!(i18n, problem.formula.expected_operator_or_close).to_string()
                }
                Expected::ArgumentSeparator { function } => t_string!(
                    i18n,
                    problem.formula.expected_separator,
                    function = *function
                )
                .to_string(),
                Expected::Close => t_string!(i18n, problem.formula.expected_close).to_string(),
                Expected::CloseAfterIf => {
                    t_string!(i18n, problem.formula.expected_close_after_if).to_string()
                }
            };
            t_string!(
                i18n,
                problem.formula.expected,
                expected,
                found = found(what)
            )
            .to_string()
        }
        FormulaProblem::UnknownFunction { name } => t_string!(
            i18n,
            problem.formula.unknown_function,
            name = name.clone(),
            known = KNOWN_FUNCTIONS
                .split(", ")
                .collect::<Vec<_>>()
                .join(list_separator(i18n))
        )
        .to_string(),
        FormulaProblem::NoArguments { function } => {
            t_string!(i18n, problem.formula.no_arguments, function = *function).to_string()
        }
        FormulaProblem::AbsArguments => t_string!(i18n, problem.formula.abs_arguments).to_string(),
        FormulaProblem::RoundArguments => {
            t_string!(i18n, problem.formula.round_arguments).to_string()
        }
        FormulaProblem::PrevUsage => t_string!(i18n, problem.formula.prev_usage).to_string(),
        FormulaProblem::IfArguments => t_string!(i18n, problem.formula.if_arguments).to_string(),
        FormulaProblem::MissingThen { if_at, found: what } => t_string!(
            i18n,
            problem.formula.missing_then,
            if_at = *if_at,
            found = found(what)
        )
        .to_string(),
        FormulaProblem::MissingElse { found: what } => {
            t_string!(i18n, problem.formula.missing_else, found = found(what)).to_string()
        }
    }
}

pub fn direction_text(i18n: I18n, direction: Direction) -> String {
    match direction {
        Direction::Higher => t_string!(i18n, scheme.direction_higher),
        Direction::Lower => t_string!(i18n, scheme.direction_lower),
        Direction::Band => t_string!(i18n, scheme.direction_band),
    }
    .to_string()
}

pub fn curve_kind_text(i18n: I18n, kind: CurveKind) -> String {
    match kind {
        CurveKind::Linear => t_string!(i18n, scheme.curve_linear),
        CurveKind::Payout => t_string!(i18n, scheme.curve_payout),
        CurveKind::Ratio => t_string!(i18n, scheme.curve_ratio),
        CurveKind::Bands => t_string!(i18n, scheme.curve_bands),
        CurveKind::PassFail => t_string!(i18n, scheme.curve_pass_fail),
        CurveKind::TargetBand => t_string!(i18n, scheme.curve_target_band),
    }
    .to_string()
}

/// One step of a scorecard's explanation, in the user's language, with
/// indicators and dimensions named as the scheme names them.
pub fn step_text(i18n: I18n, scheme: &Scheme, card: &Scorecard, step: &Step) -> String {
    let indicator_name = |id: &str| {
        scheme
            .indicator(id)
            .map_or_else(|| id.to_owned(), |indicator| name_in(i18n, &indicator.name))
    };
    let dimension_name = |id: &str| {
        scheme
            .dimensions
            .iter()
            .find(|dimension| dimension.id == id)
            .map_or_else(|| id.to_owned(), |dimension| name_in(i18n, &dimension.name))
    };
    let n = explain::number;
    match step {
        Step::Value {
            indicator,
            value,
            from,
        } => {
            let source = match from {
                ValueFrom::Column { column } => {
                    let name = scheme
                        .inputs
                        .iter()
                        .find(|input| &input.id == column)
                        .map_or_else(|| column.clone(), |input| name_in(i18n, &input.name));
                    t_string!(i18n, explain.from_column, column = name).to_string()
                }
                ValueFrom::Formula { formula } => {
                    t_string!(i18n, explain.from_formula, formula).to_string()
                }
                ValueFrom::Raters { raters: 1 } => {
                    t_string!(i18n, explain.from_raters_one).to_string()
                }
                ValueFrom::Raters { raters } => {
                    t_string!(i18n, explain.from_raters, raters = *raters).to_string()
                }
            };
            let unit = scheme.indicator(indicator).map_or("", |i| i.unit.as_str());
            t_string!(
                i18n,
                explain.value,
                indicator = indicator_name(indicator),
                value = with_unit(i18n, &n(*value), unit),
                source
            )
            .to_string()
        }
        Step::Shrunk {
            indicator,
            raw,
            count,
            value,
        } if *count == 1.0 => t_string!(
            i18n,
            explain.shrunk_one,
            indicator = indicator_name(indicator),
            raw = n(*raw),
            value = n(*value)
        )
        .to_string(),
        Step::Shrunk {
            indicator,
            raw,
            count,
            value,
        } => t_string!(
            i18n,
            explain.shrunk,
            indicator = indicator_name(indicator),
            count = n(*count),
            raw = n(*raw),
            value = n(*value)
        )
        .to_string(),
        Step::Missing {
            indicator,
            treatment,
            value,
        } => {
            let indicator = indicator_name(indicator);
            match treatment {
                Treatment::Imputed => t_string!(
                    i18n,
                    explain.missing_median,
                    indicator,
                    value = value.map(n).unwrap_or_default()
                )
                .to_string(),
                Treatment::ZeroForMissing => {
                    t_string!(i18n, explain.missing_zero, indicator).to_string()
                }
                Treatment::Incomplete => {
                    t_string!(i18n, explain.missing_incomplete, indicator).to_string()
                }
                _ => t_string!(i18n, explain.missing_excluded, indicator).to_string(),
            }
        }
        Step::Scored {
            indicator,
            value,
            group,
            score,
            ..
        } => {
            let curve = scheme
                .indicator(indicator)
                .map(|i| curve_kind_text(i18n, CurveKind::of(i.curve_for(card.group.as_deref()))))
                .unwrap_or_default();
            let indicator = indicator_name(indicator);
            match group {
                Some(group) => t_string!(
                    i18n,
                    explain.scored_group,
                    indicator,
                    value = n(*value),
                    curve,
                    group,
                    score = n(*score)
                )
                .to_string(),
                None => t_string!(
                    i18n,
                    explain.scored,
                    indicator,
                    value = n(*value),
                    curve,
                    score = n(*score)
                )
                .to_string(),
            }
        }
        Step::LinkZeroed {
            indicator,
            guard,
            worse_than,
        } => t_string!(
            i18n,
            explain.link_zeroed,
            indicator = indicator_name(indicator),
            guard = indicator_name(guard),
            worse_than = n(*worse_than)
        )
        .to_string(),
        Step::Weighted {
            indicator,
            score,
            weight,
            points,
        } => t_string!(
            i18n,
            explain.weighted,
            indicator = indicator_name(indicator),
            score = n(*score),
            weight = n(*weight),
            points = n(*points)
        )
        .to_string(),
        Step::DimensionGated {
            dimension,
            indicator,
            score,
            below,
        } => t_string!(
            i18n,
            explain.dimension_gated,
            dimension = dimension_name(dimension),
            indicator = indicator_name(indicator),
            score = n(*score),
            below = n(*below)
        )
        .to_string(),
        Step::Dimension {
            dimension,
            score,
            weight,
        } => match score {
            Some(score) => t_string!(
                i18n,
                explain.dimension,
                dimension = dimension_name(dimension),
                score = n(*score),
                weight = n(*weight)
            )
            .to_string(),
            None => t_string!(
                i18n,
                explain.dimension_none,
                dimension = dimension_name(dimension)
            )
            .to_string(),
        },
        Step::TotalGated {
            indicator,
            score,
            below,
        } => t_string!(
            i18n,
            explain.total_gated,
            indicator = indicator_name(indicator),
            score = n(*score),
            below = n(*below)
        )
        .to_string(),
        Step::Total {
            total,
            coverage,
            no_total,
        } => match (total, no_total) {
            (Some(total), _) => t_string!(
                i18n,
                explain.total,
                total = n(*total),
                coverage = n(shown_percent(*coverage))
            )
            .to_string(),
            (None, Some(NoTotal::Coverage { min })) => t_string!(
                i18n,
                explain.total_coverage,
                coverage = n(shown_percent(*coverage)),
                min = n(*min)
            )
            .to_string(),
            (None, Some(NoTotal::NothingScored)) => {
                t_string!(i18n, explain.total_nothing).to_string()
            }
            (None, _) => t_string!(i18n, explain.total_none).to_string(),
        },
        Step::Rank { rank, of } => t_string!(i18n, explain.rank, rank, of).to_string(),
        Step::Grade { grade, capped_from } => match capped_from {
            Some(from) => t_string!(i18n, explain.grade_capped, grade, from).to_string(),
            None => t_string!(i18n, explain.grade, grade).to_string(),
        },
        Step::Bonus { cents } => t_string!(i18n, explain.bonus, amount = money(*cents)).to_string(),
    }
}

/// Why a bonus pool could not be split in a period.
pub fn bonus_error_text(i18n: I18n, error: &BonusError) -> String {
    match error {
        BonusError::FloorsExceedPool {
            needed,
            pool,
            eligible,
        } => t_string!(
            i18n,
            cards.floors_exceed_pool,
            needed = money(*needed),
            pool = money(*pool),
            eligible = *eligible
        )
        .to_string(),
        BonusError::Invalid { field, problem } => bonus_problem_text(i18n, field, problem),
    }
}

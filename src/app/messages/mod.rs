//! The engine's problems in the user's language. The engine names each
//! problem as data (an enum variant with its values); this folder is the
//! one place that turns those into sentences for the page, one file per
//! domain. Here: what every domain shares (the language's separators,
//! names in the current language, shortened cells, numbers).

mod bonus;
mod curve;
mod explain;
mod files;
mod formula;
mod reading;
mod scheme;
mod scoring;
mod storage;
mod units;

pub use bonus::{bonus_error_text, bonus_field_label, bonus_problem_text};
pub use curve::{curve_error_text, curve_field_text};
pub use explain::step_text;
pub use files::file_error_text;
pub use formula::formula_error_text;
pub use reading::{delimiter_text, encoding_text, read_as_text, read_error_text};
pub use scheme::{
    curve_kind_text, direction_text, missing_text, place_name, raters_text, scheme_error_text,
    weight_name,
};
pub use scoring::{
    incomplete_text, indicator_name, issue_text, partial_coverage, severity_text, target_text,
    treatment_text,
};
pub use storage::{size_text, storage_problem_text, time_text};
pub use units::{unit_text, with_unit};

use leptos::prelude::IntoView;
use leptos_i18n::I18nContext;

use crate::i18n::*;
use kpi_engine::scheme::{Names, Scheme};
use kpi_engine::score::Scorecard;

pub type I18n = I18nContext<Locale>;

/// A plain text of `locales/` as a view that follows the language, for
/// [`tr!`]. `t!` makes a closure of its own at every call site, so each
/// plain text was a reactive view of its own type, compiled again; every
/// text through here shares one.
pub fn text(i18n: I18n, key: fn(Locale) -> &'static str) -> impl IntoView + Copy + use<> {
    move || key(i18n.get_locale())
}

/// A plain text of `locales/` as a function of the language, for an
/// attribute or a prop ([`tr_fn!`]); one type for all, as [`text`].
pub fn text_fn(
    i18n: I18n,
    key: fn(Locale) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || key(i18n.get_locale())
}

/// The same as an owned `String`, for props that take one ([`tr_string!`]).
pub fn string_fn(
    i18n: I18n,
    key: fn(Locale) -> &'static str,
) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    move || key(i18n.get_locale()).to_owned()
}

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

/// [`name_in`] outside the view: in an event handler or while starting up,
/// where the name is taken once and need not follow the language.
pub fn name_now(i18n: I18n, names: &Names) -> String {
    match i18n.get_locale_untracked() {
        Locale::zh if !names.zh.trim().is_empty() => names.zh.clone(),
        _ => names.en.clone(),
    }
}

/// A score as the table shows it: one decimal.
pub fn score_text(score: Option<f64>) -> String {
    score.map_or_else(|| "—".to_owned(), |score| format!("{score:.1}"))
}

/// A total as tables show it: always two decimals, so a column of totals
/// reads in one format (92.20 above 101.57, never 92.2).
pub fn total_text(total: Option<f64>) -> String {
    total.map_or_else(|| "—".to_owned(), |total| format!("{total:.2}"))
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

/// The name of the dimension `id` in the current language; an id that
/// matches none, as written.
fn name_of_dimension(i18n: I18n, scheme: &Scheme, id: &str) -> String {
    scheme
        .dimensions
        .iter()
        .find(|dimension| dimension.id == id)
        .map_or_else(|| id.to_owned(), |dimension| name_in(i18n, &dimension.name))
}

/// The name of the indicator `id`, as [`name_of_dimension`].
fn name_of_indicator(i18n: I18n, scheme: &Scheme, id: &str) -> String {
    scheme
        .indicator(id)
        .map_or_else(|| id.to_owned(), |indicator| name_in(i18n, &indicator.name))
}

/// The name of the input column `id`, as [`name_of_dimension`].
fn name_of_input(i18n: I18n, scheme: &Scheme, id: &str) -> String {
    scheme
        .inputs
        .iter()
        .find(|input| input.id == id)
        .map_or_else(|| id.to_owned(), |input| name_in(i18n, &input.name))
}

/// The name of the weighting profile `id`, as [`name_of_dimension`].
fn name_of_profile(i18n: I18n, scheme: &Scheme, id: &str) -> String {
    scheme
        .profile(id)
        .map_or_else(|| id.to_owned(), |profile| name_in(i18n, &profile.name))
}

/// A scorecard as charts and lists name it: the agent, and the period
/// when there is one ("Li Wei · 2026-03").
pub fn card_label(card: &Scorecard) -> String {
    match &card.period {
        Some(period) => format!("{} · {period}", card.agent),
        None => card.agent.clone(),
    }
}

/// The scheme's grades, best first, as the page lists them.
pub fn grade_names(scheme: &Scheme) -> Vec<String> {
    scheme
        .grading
        .grades()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// `(id, name)` of each input column, named in the current language.
pub fn input_names(i18n: I18n, scheme: &Scheme) -> Vec<(String, String)> {
    scheme
        .inputs
        .iter()
        .map(|input| (input.id.clone(), name_in(i18n, &input.name)))
        .collect()
}

/// `(id, name)` of each weighting profile, named in the current language.
pub fn profile_names(i18n: I18n, scheme: &Scheme) -> Vec<(String, String)> {
    scheme
        .profiles
        .iter()
        .map(|profile| (profile.id.clone(), name_in(i18n, &profile.name)))
        .collect()
}

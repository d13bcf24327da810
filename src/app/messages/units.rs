//! Units of measure in the user's language, and values written with them.

use super::I18n;
use crate::i18n::*;
use kpi_engine::unit::Unit;

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

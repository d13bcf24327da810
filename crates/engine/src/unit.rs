//! Units (单位): the handful a customer-service scheme uses, recognised in
//! either language so the page can show each in the reader's. A unit the
//! list does not know is shown as written.

/// A unit the page translates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Percent,
    Seconds,
    Minutes,
    Hours,
    Days,
    Yuan,
}

/// What each unit is written as in a scheme, either language, compared
/// without case.
const SPELLINGS: &[(Unit, &[&str])] = &[
    (Unit::Percent, &["%", "％", "percent", "pct"]),
    (
        Unit::Seconds,
        &["s", "sec", "secs", "second", "seconds", "秒"],
    ),
    (
        Unit::Minutes,
        &["min", "mins", "minute", "minutes", "分钟", "分"],
    ),
    (
        Unit::Hours,
        &["h", "hr", "hrs", "hour", "hours", "小时", "时"],
    ),
    (Unit::Days, &["d", "day", "days", "天", "日"]),
    (Unit::Yuan, &["yuan", "cny", "rmb", "¥", "￥", "元"]),
];

impl Unit {
    /// The unit `text` names, if it is one of the known ones.
    pub fn of(text: &str) -> Option<Unit> {
        let text = text.trim();
        SPELLINGS
            .iter()
            .find(|(_, spellings)| spellings.iter().any(|s| s.eq_ignore_ascii_case(text)))
            .map(|(unit, _)| *unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_units_in_either_language() {
        for (text, unit) in [
            ("%", Some(Unit::Percent)),
            ("yuan", Some(Unit::Yuan)),
            ("元", Some(Unit::Yuan)),
            ("Min", Some(Unit::Minutes)),
            ("分钟", Some(Unit::Minutes)),
            (" s ", Some(Unit::Seconds)),
            ("days", Some(Unit::Days)),
            ("小时", Some(Unit::Hours)),
            ("tickets", None),
            ("", None),
        ] {
            assert_eq!(Unit::of(text), unit, "{text:?}");
        }
    }
}

//! The bonus rule in the editor: its kinds, switching kind while keeping the
//! fields the kinds share, and reading and setting its fields by the names
//! validation uses.

use crate::scheme::BonusRule;

/// The kinds of bonus rule the page offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BonusKind {
    Proportional,
    TopShare,
}

impl BonusKind {
    pub fn of(rule: &BonusRule) -> BonusKind {
        match rule {
            BonusRule::Proportional { .. } => BonusKind::Proportional,
            BonusRule::TopShare { .. } => BonusKind::TopShare,
        }
    }
}

/// A rule of `kind` that keeps what `from` shares with it (pool, exponent,
/// minimum score, floor, cap); a new rule starts with a pool of 10,000 split in
/// proportion to the totals, or the top 20% sharing 50%.
pub fn bonus_of_kind(from: Option<&BonusRule>, kind: BonusKind) -> BonusRule {
    let (pool, exponent, min_score, floor, cap) = match from {
        Some(
            BonusRule::Proportional {
                pool,
                exponent,
                min_score,
                floor,
                cap,
            }
            | BonusRule::TopShare {
                pool,
                exponent,
                min_score,
                floor,
                cap,
                ..
            },
        ) => (*pool, *exponent, *min_score, *floor, *cap),
        None => (10_000.0, 1.0, 0.0, None, None),
    };
    match kind {
        BonusKind::Proportional => BonusRule::Proportional {
            pool,
            exponent,
            min_score,
            floor,
            cap,
        },
        BonusKind::TopShare => BonusRule::TopShare {
            pool,
            top_percent: 20.0,
            top_share: 50.0,
            exponent,
            min_score,
            floor,
            cap,
        },
    }
}

/// A bonus rule's fields, by the names validation uses.
pub fn bonus_fields(rule: &BonusRule) -> Vec<(&'static str, Option<f64>)> {
    match rule {
        BonusRule::Proportional {
            pool,
            exponent,
            min_score,
            floor,
            cap,
        } => vec![
            ("pool", Some(*pool)),
            ("exponent", Some(*exponent)),
            ("min_score", Some(*min_score)),
            ("floor", *floor),
            ("cap", *cap),
        ],
        BonusRule::TopShare {
            pool,
            top_percent,
            top_share,
            exponent,
            min_score,
            floor,
            cap,
        } => vec![
            ("pool", Some(*pool)),
            ("top_percent", Some(*top_percent)),
            ("top_share", Some(*top_share)),
            ("exponent", Some(*exponent)),
            ("min_score", Some(*min_score)),
            ("floor", *floor),
            ("cap", *cap),
        ],
    }
}

/// Sets one field of a bonus rule; `None` clears an optional one (floor,
/// cap) and is ignored for the others. A field the rule lacks is ignored.
pub fn set_bonus_field(rule: &mut BonusRule, field: &str, value: Option<f64>) {
    let slot: Option<&mut f64> = match (rule, field) {
        (BonusRule::Proportional { floor, .. } | BonusRule::TopShare { floor, .. }, "floor") => {
            *floor = value;
            return;
        }
        (BonusRule::Proportional { cap, .. } | BonusRule::TopShare { cap, .. }, "cap") => {
            *cap = value;
            return;
        }
        (BonusRule::Proportional { pool, .. } | BonusRule::TopShare { pool, .. }, "pool") => {
            Some(pool)
        }
        (
            BonusRule::Proportional { exponent, .. } | BonusRule::TopShare { exponent, .. },
            "exponent",
        ) => Some(exponent),
        (
            BonusRule::Proportional { min_score, .. } | BonusRule::TopShare { min_score, .. },
            "min_score",
        ) => Some(min_score),
        (BonusRule::TopShare { top_percent, .. }, "top_percent") => Some(top_percent),
        (BonusRule::TopShare { top_share, .. }, "top_share") => Some(top_share),
        _ => None,
    };
    if let (Some(slot), Some(value)) = (slot, value) {
        *slot = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bonus_rules_switch_kind_keeping_shared_fields() {
        let mut rule = bonus_of_kind(None, BonusKind::Proportional);
        set_bonus_field(&mut rule, "pool", Some(5000.0));
        set_bonus_field(&mut rule, "exponent", Some(2.0));
        set_bonus_field(&mut rule, "cap", Some(900.0));
        set_bonus_field(&mut rule, "top_share", Some(70.0));
        assert_eq!(
            bonus_fields(&rule),
            vec![
                ("pool", Some(5000.0)),
                ("exponent", Some(2.0)),
                ("min_score", Some(0.0)),
                ("floor", None),
                ("cap", Some(900.0)),
            ]
        );
        let top = bonus_of_kind(Some(&rule), BonusKind::TopShare);
        assert_eq!(BonusKind::of(&top), BonusKind::TopShare);
        assert_eq!(
            bonus_fields(&top),
            vec![
                ("pool", Some(5000.0)),
                ("top_percent", Some(20.0)),
                ("top_share", Some(50.0)),
                ("exponent", Some(2.0)),
                ("min_score", Some(0.0)),
                ("floor", None),
                ("cap", Some(900.0)),
            ]
        );
        set_bonus_field(&mut rule, "cap", None);
        assert_eq!(bonus_fields(&rule)[4], ("cap", None));
    }
}

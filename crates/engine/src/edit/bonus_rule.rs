//! The bonus rule in the editor: its kinds, switching kind while keeping the
//! fields the kinds share, and reading and setting its fields by the names
//! validation uses.

use crate::scheme::{BonusBasics, BonusRule, TopGroup};

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
    let basics = from.map_or_else(BonusBasics::default, BonusRule::basics);
    let top = match kind {
        BonusKind::Proportional => None,
        BonusKind::TopShare => Some(TopGroup {
            top_percent: 20.0,
            top_share: 50.0,
        }),
    };
    BonusRule::from_parts(basics, top)
}

/// A bonus rule's fields, by the names validation uses, in file order.
pub fn bonus_fields(rule: &BonusRule) -> Vec<(&'static str, Option<f64>)> {
    let basics = rule.basics();
    let mut fields = vec![("pool", Some(basics.pool))];
    if let Some(top) = rule.top_group() {
        fields.push(("top_percent", Some(top.top_percent)));
        fields.push(("top_share", Some(top.top_share)));
    }
    fields.extend([
        ("exponent", Some(basics.exponent)),
        ("min_score", Some(basics.min_score)),
        ("floor", basics.floor),
        ("cap", basics.cap),
    ]);
    fields
}

/// Sets one field of a bonus rule; `None` clears an optional one (floor,
/// cap) and is ignored for the others. A field the rule lacks is ignored.
pub fn set_bonus_field(rule: &mut BonusRule, field: &str, value: Option<f64>) {
    let mut basics = rule.basics();
    let mut top = rule.top_group();
    let slot = match (field, &mut top) {
        ("floor", _) => {
            basics.floor = value;
            None
        }
        ("cap", _) => {
            basics.cap = value;
            None
        }
        ("pool", _) => Some(&mut basics.pool),
        ("exponent", _) => Some(&mut basics.exponent),
        ("min_score", _) => Some(&mut basics.min_score),
        ("top_percent", Some(top)) => Some(&mut top.top_percent),
        ("top_share", Some(top)) => Some(&mut top.top_share),
        _ => None,
    };
    if let (Some(slot), Some(value)) = (slot, value) {
        *slot = value;
    }
    *rule = BonusRule::from_parts(basics, top);
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

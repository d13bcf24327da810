//! The bonus rule of a scheme file: how a pool is split, and its numbers
//! read one way ([`BonusBasics`], [`TopGroup`]) so the split, the editor and
//! the tests never list a kind's fields again.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a bonus pool is split among the agents of a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum BonusRule {
    /// In proportion to total^exponent among agents at or above `min_score`.
    Proportional {
        pool: f64,
        #[serde(default = "one")]
        exponent: f64,
        #[serde(default)]
        min_score: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        floor: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cap: Option<f64>,
    },
    /// The top `top_percent` of eligible agents share `top_share` percent of
    /// the pool, the rest share the remainder; by total^exponent within each.
    /// An optional floor and cap per person apply after the split.
    TopShare {
        pool: f64,
        top_percent: f64,
        top_share: f64,
        #[serde(default = "one")]
        exponent: f64,
        #[serde(default)]
        min_score: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        floor: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cap: Option<f64>,
    },
}

fn one() -> f64 {
    1.0
}

/// The numbers every kind of bonus rule has.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BonusBasics {
    pub pool: f64,
    pub exponent: f64,
    pub min_score: f64,
    pub floor: Option<f64>,
    pub cap: Option<f64>,
}

impl Default for BonusBasics {
    /// A pool of 10,000 in proportion to the totals, with no minimum score,
    /// floor or cap: what a new rule starts with.
    fn default() -> Self {
        BonusBasics {
            pool: 10_000.0,
            exponent: 1.0,
            min_score: 0.0,
            floor: None,
            cap: None,
        }
    }
}

/// What a top-share rule adds: the top `top_percent` of eligible agents
/// share `top_share` percent of the pool.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TopGroup {
    pub top_percent: f64,
    pub top_share: f64,
}

impl BonusRule {
    /// The numbers every kind has.
    pub fn basics(&self) -> BonusBasics {
        match *self {
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
            } => BonusBasics {
                pool,
                exponent,
                min_score,
                floor,
                cap,
            },
        }
    }

    /// The top group of a top-share rule; `None` for a proportional one.
    pub fn top_group(&self) -> Option<TopGroup> {
        match *self {
            BonusRule::Proportional { .. } => None,
            BonusRule::TopShare {
                top_percent,
                top_share,
                ..
            } => Some(TopGroup {
                top_percent,
                top_share,
            }),
        }
    }

    /// The rule made of `basics`: top-share with a `top` group, otherwise
    /// proportional. `BonusRule::from_parts(r.basics(), r.top_group()) == r`.
    pub fn from_parts(basics: BonusBasics, top: Option<TopGroup>) -> BonusRule {
        let BonusBasics {
            pool,
            exponent,
            min_score,
            floor,
            cap,
        } = basics;
        match top {
            None => BonusRule::Proportional {
                pool,
                exponent,
                min_score,
                floor,
                cap,
            },
            Some(TopGroup {
                top_percent,
                top_share,
            }) => BonusRule::TopShare {
                pool,
                top_percent,
                top_share,
                exponent,
                min_score,
                floor,
                cap,
            },
        }
    }
}

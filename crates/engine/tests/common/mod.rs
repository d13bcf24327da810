//! What the engine's test files share: proptest strategies for curves,
//! schemes, figures and bonus rules, the worked examples' scheme builder,
//! and finding a card.
//!
//! Each test file is its own crate and uses only some of this, so dead code
//! is allowed here rather than flagged in every file that skips an item.
#![allow(dead_code)]

pub mod bonus;
pub mod curves;
pub mod teams;
pub mod worked;

use kpi_engine::score::{Scorecard, TeamResult};
use proptest::prelude::ProptestConfig;

/// The card of `agent`, which must have one.
pub fn card<'a>(result: &'a TeamResult, agent: &str) -> &'a Scorecard {
    result
        .cards
        .iter()
        .find(|card| card.agent == agent)
        .unwrap_or_else(|| panic!("no scorecard for {agent}"))
}

/// Cases, and no regression files written next to the tests.
pub fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

//! What the Scorecards area shows, computed from a [`TeamResult`]: the team
//! table's order and filter, score bands, an agent's coaching focus and
//! trend, and the team charts' data. Pure functions over the result, so the
//! page recomputes them on every edit and the tests need no browser.
//!
//! Each view has its file: score bands, the team table, one agent's card,
//! the charts.

mod agent;
mod band;
mod chart;
mod table;

pub use agent::{TrendPoint, coaching_focus, incomplete_because, period_of, trend, uncovered};
pub use band::ScoreBand;
pub use chart::{Bin, Target, histogram, target};
pub use table::{Column, Filter, FilterChoices, Sort, filter_choices, team_rows};

#[cfg(test)]
mod tests;

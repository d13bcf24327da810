//! The edits a scheme designer makes, as plain functions over a
//! [`Scheme`](crate::scheme::Scheme), and the undo history they go into,
//! one concern per file: the weights of a level, the scheme's structure
//! (dimensions, indicators, inputs), renaming ids as they are typed, curve
//! kinds and direction changes, the bonus rule, profiles, and the curve
//! preview.
//!
//! Every edit leaves a scheme the validator can judge; none of them repairs
//! weights behind the user's back. "Spread evenly" and "scale to 100" exist,
//! but only as edits the user asks for.

pub mod bonus_rule;
pub mod curve_kind;
pub mod history;
pub mod ids;
pub mod preview;
pub mod profiles;
pub mod structure;
pub mod weights;

#[cfg(test)]
mod test_support;

//! The team scored under the scheme as it stands, shared by every area that
//! shows numbers (the designer's totals, the Scorecards area). Memos are
//! lazy: nothing is scored until an area reads the result, and one edit
//! scores the team once however many views read it.

use std::sync::Arc;

use leptos::prelude::*;

use super::state::Workspace;
use kpi_engine::figures::Figures;
use kpi_engine::scheme::Scheme;
use kpi_engine::score::{TeamResult, rescore, score_team};
use kpi_engine::validate::{SchemeError, validate};

/// What scoring gave.
#[derive(Clone, Debug, PartialEq)]
pub enum Scored {
    /// The scheme does not validate: this many problems, and no numbers
    /// (said before a lack of figures: it is the first thing to fix).
    Invalid(usize),
    /// No figures to score.
    NoFigures,
    Ready(Arc<TeamResult>),
}

impl Scored {
    pub fn ready(&self) -> Option<&Arc<TeamResult>> {
        match self {
            Scored::Ready(result) => Some(result),
            Scored::NoFigures | Scored::Invalid(_) => None,
        }
    }
}

#[derive(Clone, Copy)]
pub struct Scoring {
    /// The scheme as it scores now: with the active profile's weights.
    pub weighted: Memo<Scheme>,
    /// Everything wrong with it; empty when it can be scored.
    pub errors: Memo<Vec<SchemeError>>,
    /// The imported figures, all sources combined.
    pub figures: Memo<Figures>,
    pub scored: Memo<Scored>,
}

impl Scoring {
    pub fn provide(workspace: Workspace) -> Scoring {
        let weighted = Memo::new(move |_| {
            let profile = workspace.profile.get();
            workspace.scheme.with(|scheme| {
                match profile.as_deref().and_then(|id| scheme.profile(id)) {
                    Some(profile) => scheme.with_profile(profile),
                    None => scheme.clone(),
                }
            })
        });
        let errors = Memo::new(move |_| weighted.with(validate));
        // Counts the figures' changes, so scoring knows when the figures it
        // scored last are still the ones it has.
        let generation = StoredValue::new(0u64);
        let figures = Memo::new(move |_| {
            generation.update_value(|count| *count += 1);
            workspace.dataset.with(|dataset| {
                workspace.typed.with(|typed| {
                    if typed.len() == dataset.sources.len() {
                        dataset.combine(typed)
                    } else {
                        Figures::default()
                    }
                })
            })
        });
        // The scheme the last result was scored under, and the figures'
        // generation then: an edit of weights alone is scored from that
        // result (`rescore`), working out again only what weights change.
        let last = StoredValue::new(None::<(Scheme, u64)>);
        let scored = Memo::new(move |before: Option<&Scored>| {
            let problems = errors.with(Vec::len);
            if problems > 0 {
                return Scored::Invalid(problems);
            }
            if figures.with(|figures| figures.is_empty()) {
                return Scored::NoFigures;
            }
            weighted.with(|scheme| {
                figures.with(|figures| {
                    let now = generation.get_value();
                    let outcome = last.with_value(|last| match (last, before) {
                        (Some((earlier, at)), Some(Scored::Ready(previous))) if *at == now => {
                            rescore(scheme, figures, earlier, previous)
                        }
                        _ => score_team(scheme, figures),
                    });
                    match outcome {
                        Ok(result) => {
                            last.set_value(Some((scheme.clone(), now)));
                            Scored::Ready(Arc::new(result))
                        }
                        Err(errors) => Scored::Invalid(errors.len()),
                    }
                })
            })
        });
        let scoring = Scoring {
            weighted,
            errors,
            figures,
            scored,
        };
        provide_context(scoring);
        scoring
    }
}

pub fn use_scoring() -> Scoring {
    expect_context::<Scoring>()
}

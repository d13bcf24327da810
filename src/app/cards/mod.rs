//! The Scorecards area: the team table, one agent's scorecard, the team
//! charts, the bonus split, exports and the printed report, all from the
//! team as scored now. A weights panel beside them edits the scheme (one
//! undo step per edit, like the designer), so every number here follows an
//! edit with no button to press.

mod agent;
mod bonus;
mod charts;
mod export;
mod filters;
mod table;

use leptos::prelude::*;

use super::route::Area;
use super::scheme::{WeightsPanel, provide_editor, undo_keys};
use super::scoring::{Scored, Scoring, use_scoring};
use super::state::Workspace;
use crate::i18n::*;
use kpi_engine::report::{Filter, FilterChoices, Sort, filter_choices, team_rows};
use kpi_engine::scheme::Scheme;
use kpi_engine::score::TeamResult;

/// Which scorecard is open: an agent in a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardKey {
    pub agent: String,
    pub period: Option<String>,
}

/// How the user left the area: its filter, order and open card. Provided by
/// the shell, so they survive a visit to another area.
#[derive(Clone, Copy)]
pub struct CardsView {
    pub filter: RwSignal<Filter>,
    pub sort: RwSignal<Sort>,
    pub open: RwSignal<Option<CardKey>>,
    /// Whether the user picked a period (or "all") themselves; until then,
    /// with several periods the table shows the latest.
    pub period_chosen: RwSignal<bool>,
}

impl CardsView {
    /// The filter and the period choice are the open project's, kept with
    /// its view; order and the open card last as long as the page.
    pub fn provide(workspace: Workspace) {
        provide_context(CardsView {
            filter: workspace.filter,
            sort: RwSignal::new(Sort::default()),
            open: RwSignal::new(None),
            period_chosen: workspace.period_chosen,
        });
    }
}

/// What the area's parts share.
#[derive(Clone, Copy)]
pub struct Board {
    pub scoring: Scoring,
    /// How the user left the area: what they chose. A change the user makes
    /// goes here.
    pub view: CardsView,
    /// The filter in effect, derived from the user's: see [`effective`].
    pub filter: Memo<Filter>,
    /// The cards the table shows, in its order (indices into the result's
    /// cards).
    pub rows: Memo<Vec<usize>>,
    pub choices: Memo<FilterChoices>,
    /// Set while the printed report is being laid out.
    pub printing: RwSignal<bool>,
}

impl Board {
    /// The index of the open card in the current result.
    pub fn open_index(&self) -> Option<usize> {
        let key = self.view.open.get()?;
        self.scoring.scored.with(|scored| {
            scored
                .ready()?
                .cards
                .iter()
                .position(|card| card.agent == key.agent && card.period == key.period)
        })
    }
}

pub fn use_board() -> Board {
    expect_context::<Board>()
}

/// The filter in effect: the user's `chosen` one, except that
/// - with several periods, one ranking across months is rarely what a
///   manager wants, so the latest is shown until the user picks a period
///   (or "all") themselves;
/// - a period or group the figures no longer have would hide every row, so
///   it is not applied (it is kept as chosen, and applies again if the
///   figures bring it back).
///
/// With no result (no figures, a scheme that does not validate) there is
/// nothing to filter and nothing to compare with: the choice stands.
pub fn effective(
    chosen: &Filter,
    period_chosen: bool,
    choices: &FilterChoices,
    ready: bool,
) -> Filter {
    let mut filter = chosen.clone();
    if !ready {
        return filter;
    }
    if !period_chosen && choices.periods.len() >= 2 {
        filter.period = choices.periods.last().cloned();
    }
    drop_missing(&mut filter.period, &choices.periods);
    drop_missing(&mut filter.group, &choices.groups);
    filter
}

/// Clears `value` when the figures do not have it.
fn drop_missing(value: &mut Option<String>, present: &[String]) {
    if value.as_ref().is_some_and(|value| !present.contains(value)) {
        *value = None;
    }
}

/// `f` on the team as scored and the scheme it was scored under, or the
/// default while there is no result.
fn with_result<T: Default>(scoring: Scoring, f: impl FnOnce(&Scheme, &TeamResult) -> T) -> T {
    scoring.scored.with(|scored| {
        scored
            .ready()
            .map(|result| scoring.weighted.with(|scheme| f(scheme, result)))
            .unwrap_or_default()
    })
}

#[component]
pub fn ScorecardsArea() -> impl IntoView {
    let i18n = use_i18n();
    let scoring = use_scoring();
    let editor = provide_editor();
    undo_keys(editor.workspace);
    let view = expect_context::<CardsView>();
    let choices = Memo::new(move |_| with_result(scoring, filter_choices));
    let filter = Memo::new(move |_| {
        let ready = scoring.scored.with(|scored| scored.ready().is_some());
        let period_chosen = view.period_chosen.get();
        choices.with(|choices| {
            view.filter
                .with(|chosen| effective(chosen, period_chosen, choices, ready))
        })
    });
    let rows = Memo::new(move |_| {
        let (filter, sort) = (filter.get(), view.sort.get());
        with_result(scoring, |scheme, result| {
            team_rows(scheme, result, &filter, sort)
        })
    });
    provide_context(Board {
        scoring,
        view,
        filter,
        rows,
        choices,
        printing: RwSignal::new(false),
    });

    view! {
        <section class="area cards-area" data-testid="area-scorecards">
            <h2>{tr!(i18n, scorecards_title)}</h2>
            <p class="intro">{tr!(i18n, scorecards_intro)}</p>
            {move || match scoring.scored.get() {
                Scored::NoFigures => {
                    view! {
                        <p class="notice" role="status" data-testid="scorecards-no-figures">
                            {tr!(i18n, cards.no_figures)}
                            " "
                            <a href=Area::Data.hash()>{tr!(i18n, cards.to_data)}</a>
                        </p>
                    }
                        .into_any()
                }
                Scored::Invalid(problems) => {
                    view! {
                        <p class="notice" role="status" data-testid="scorecards-invalid">
                            {move || t_string!(i18n, scheme.totals_invalid, problems).to_string()}
                            " "
                            <a href=Area::Scheme.hash()>{tr!(i18n, scheme.fix_in_scheme)}</a>
                        </p>
                    }
                        .into_any()
                }
                Scored::Ready(_) => ().into_any(),
            }}
            <div class="cards-layout">
                <div class="cards-main">
                    <Show when=move || scoring.scored.with(|scored| scored.ready().is_some())>
                        <export::Exports />
                        <table::TeamTable />
                        <agent::AgentCard />
                        <charts::TeamCharts />
                    </Show>
                    <bonus::BonusView />
                </div>
                <aside class="cards-side">
                    <WeightsPanel />
                </aside>
            </div>
            <export::PrintReport />
        </section>
    }
}

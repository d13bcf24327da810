//! The sensitivity view: for the top and bottom agents, the smallest change
//! to one weight that changes their rank, under the weights in use.
//!
//! Worked out on request: the work and its table are a chunk of their own
//! (`app/chunk.rs`), fetched at the first "Run".

use leptos::prelude::*;

use super::super::chunk::{ChunkFailedNote, ChunkNotLoaded, Chunked, chunk, when_ready};
use super::super::messages::weight_name;
use super::fields::show_number;
use super::{Editor, use_editor};
use crate::i18n::*;
use kpi_engine::scheme::Scheme;
use kpi_engine::sensitivity::{
    AgentSensitivity, End, Sensitivity, SensitivityOptions, sensitivity,
};

/// The result, with the scheme it was worked out for: an edit makes it out
/// of date, not wrong.
type Outcome = RwSignal<Option<(Scheme, Result<Sensitivity, usize>)>>;

chunk!(
    sensitivity,
    fn work_out(editor: Editor) -> (Scheme, Result<Sensitivity, usize>) {
        let weighted = editor.scoring.weighted.get_untracked();
        let outcome = editor.scoring.figures.with_untracked(|figures| {
            sensitivity(&weighted, figures, &SensitivityOptions::default())
                .map_err(|errors| errors.len())
        });
        (weighted, outcome)
    }
);

chunk!(sensitivity, fn results(result: Outcome) -> AnyView { results_view(result).into_any() }, fetch fetch_results);

#[component]
pub fn SensitivityView() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let result: Outcome = RwSignal::new(None);
    // Set when the chunk could not be fetched.
    let failed = RwSignal::new(false);
    let run = move |_| {
        failed.set(false);
        when_ready(work_out(editor), move |outcome| match outcome {
            Ok(outcome) => result.set(Some(outcome)),
            Err(ChunkNotLoaded) => failed.set(true),
        });
    };
    let stale = move || {
        result.with(|result| {
            result
                .as_ref()
                .is_some_and(|(scheme, _)| editor.scoring.weighted.with(|now| now != scheme))
        })
    };
    let no_figures = move || editor.scoring.figures.with(|figures| figures.is_empty());
    view! {
        <section class="sensitivity" aria-labelledby="sensitivity-title" data-testid="sensitivity">
            <h3 id="sensitivity-title">{tr!(i18n, scheme.sensitivity)}</h3>
            <p class="hint">{tr!(i18n, scheme.sensitivity_hint)}</p>
            <button
                type="button"
                data-testid="sensitivity-run"
                disabled=move || no_figures() || !editor.scoring.errors.with(Vec::is_empty)
                on:click=run
            >
                {tr!(i18n, scheme.sensitivity_run)}
            </button>
            <Show when=stale>
                <p class="warning" data-testid="sensitivity-stale">{tr!(i18n, scheme.sensitivity_stale)}</p>
            </Show>
            <ChunkFailedNote failed test_id="sensitivity-failed" />
            <Show when=move || result.with(Option::is_some)>
                <Chunked fetch=fetch_results view=move || results(result) />
            </Show>
        </section>
    }
}

/// The table of a result, as it stands.
fn results_view(result: Outcome) -> impl IntoView {
    let i18n = use_i18n();
    let row = move |scheme: &Scheme, agent: AgentSensitivity| {
        let end = match agent.end {
            End::Top => t_string!(i18n, scheme.sensitivity_top).to_string(),
            End::Bottom => t_string!(i18n, scheme.sensitivity_bottom).to_string(),
        };
        let change = match agent.change {
            Some(change) => t_string!(
                i18n,
                scheme.sensitivity_change,
                weight = weight_name(i18n, scheme, change.weight),
                from = show_number((change.from * 100.0).round() / 100.0),
                to = show_number((change.to * 100.0).round() / 100.0),
                rank = change.rank
            )
            .to_string(),
            None => t_string!(i18n, scheme.sensitivity_none).to_string(),
        };
        view! {
            <tr data-testid="sensitivity-row" data-agent=agent.agent.clone()>
                <th scope="row">{agent.agent.clone()}</th>
                <td>{agent.period.clone().unwrap_or_default()}</td>
                <td class="number">{format!("#{} · {end}", agent.rank)}</td>
                <td data-testid="sensitivity-change">{change}</td>
            </tr>
        }
    };
    view! {
        {move || {
                result
                    .with(|result| {
                        let (scheme, outcome) = result.as_ref()?;
                        Some(match outcome {
                            Err(problems) => {
                                view! {
                                    <p class="notice">
                                        {t_string!(i18n, scheme.totals_invalid, problems = *problems).to_string()}
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(found) => {
                                let rows = found
                                    .agents
                                    .iter()
                                    .cloned()
                                    .map(|agent| row(scheme, agent))
                                    .collect_view();
                                view! {
                                    <table data-testid="sensitivity-table">
                                        <thead>
                                            <tr>
                                                <th scope="col">{tr!(i18n, scheme.agent)}</th>
                                                <th scope="col">{tr!(i18n, scheme.period)}</th>
                                                <th scope="col" class="number">{tr!(i18n, scheme.rank)}</th>
                                                <th scope="col">{tr!(i18n, scheme.sensitivity_smallest)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                    <p class="hint">
                                        {t_string!(i18n, scheme.sensitivity_probes, probes = found.probes).to_string()}
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                    })
            }}
    }
}

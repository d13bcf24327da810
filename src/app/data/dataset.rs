//! The imported figures: each source with how it was read, its mapping to
//! change, and every problem found, filtered and downloadable.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::download::{CSV, download_text};
use super::super::import;
use super::super::messages::{
    CELL_CHARS, MESSAGE_CHARS, issue_text, list_separator, read_as_text, sentence_gap,
    severity_text, shorten,
};
use super::super::scroll::ScrollBox;
use super::super::state::use_workspace;
use super::mapping::MappingEditor;
use super::merge_label;
use crate::i18n::*;
use kpi_engine::dataset::Source;
use kpi_engine::export::issues_csv_with;
use kpi_engine::issue::{Issue, Severity};
use kpi_engine::mapping::ColumnMapping;

/// Problems listed at once; the download has all of them.
const ISSUES_SHOWN: usize = 200;

#[component]
pub fn DatasetView() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    let jobs = workspace.jobs;
    let confirming_clear = RwSignal::new(false);
    let editing = RwSignal::new(None::<usize>);

    // `None` while the sources are being typed (after a reload, or a change
    // of the scheme's inputs): no counts rather than wrong ones.
    let overview = Memo::new(move |_| {
        workspace.typed.with(|typed| {
            workspace.dataset.with(|dataset| {
                (typed.len() == dataset.sources.len()).then(|| dataset.overview(typed))
            })
        })
    });
    let summary = move || {
        let Some(overview) = overview.get() else {
            return t_string!(i18n, data.checking).to_string();
        };
        let mut text = t_string!(
            i18n,
            data.dataset_summary,
            agents = overview.agents,
            rows = overview.rows,
            columns = overview.columns
        )
        .to_string();
        if !overview.periods.is_empty() {
            let periods = overview.periods.join(list_separator(i18n));
            text.push_str(sentence_gap(i18n));
            text.push_str(&t_string!(i18n, data.dataset_periods, periods = periods).to_string());
        }
        text
    };

    // Rows each source still gives the joined figures (none while typing).
    let in_use = Memo::new(move |_| {
        workspace.dataset.with(|dataset| {
            workspace.typed.with(|typed| {
                (typed.len() == dataset.sources.len()).then(|| dataset.rows_in_use(typed))
            })
        })
    });
    let sources = move || {
        workspace.dataset.with(|dataset| {
            dataset
                .sources
                .iter()
                .enumerate()
                .map(|(index, source)| {
                    let in_use = Signal::derive(move || {
                        in_use.with(|all| all.as_ref().and_then(|all| all.get(index).copied()))
                    });
                    view! { <SourceItem index source=source.clone() in_use editing /> }
                })
                .collect_view()
        })
    };

    let clear = move |_| {
        if confirming_clear.get_untracked() {
            jobs.cancel();
            workspace.dataset.update(|dataset| dataset.sources.clear());
            workspace.typed.update(Vec::clear);
            confirming_clear.set(false);
            editing.set(None);
        } else {
            confirming_clear.set(true);
        }
    };
    let empty = move || workspace.dataset.with(|dataset| dataset.sources.is_empty());

    view! {
        <section class="dataset" data-testid="dataset" aria-labelledby="dataset-title">
            <h3 id="dataset-title">{t!(i18n, data.dataset_title)}</h3>
            <Show
                when=move || !empty()
                fallback=move || {
                    view! {
                        <p class="empty" data-testid="dataset-empty">
                            {t!(i18n, data.dataset_empty)}
                        </p>
                    }
                }
            >
                <p data-testid="dataset-summary" role="status">{summary}</p>
                <ol class="sources">{sources}</ol>
                <p class="actions">
                    <button type="button" class:danger=move || confirming_clear.get() data-testid="dataset-clear" on:click=clear>
                        {move || {
                            if confirming_clear.get() {
                                t_string!(i18n, data.clear_confirm)
                            } else {
                                t_string!(i18n, data.clear)
                            }
                        }}
                    </button>
                    <Show when=move || confirming_clear.get()>
                        <button type="button" on:click=move |_| confirming_clear.set(false)>
                            {t!(i18n, data.keep)}
                        </button>
                    </Show>
                </p>
                <IssuesView />
            </Show>
        </section>
    }
}

/// One imported source.
#[component]
fn SourceItem(
    index: usize,
    source: Source,
    /// How many of its rows the joined figures still hold.
    in_use: Signal<Option<usize>>,
    editing: RwSignal<Option<usize>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    let jobs = workspace.jobs;
    let rows = source.table.len();
    let name = source.name.clone();
    let read_as = source.read.clone();
    let merge = source.merge;
    let period = source.period.clone();
    let describe = move || {
        let name = if name.is_empty() {
            t_string!(i18n, data.pasted).to_string()
        } else {
            name.clone()
        };
        let how = read_as_text(i18n, &read_as);
        let mut parts = vec![
            name,
            how,
            if rows == 1 {
                t_string!(i18n, data.source_rows_one).to_string()
            } else {
                t_string!(i18n, data.source_rows, count = rows).to_string()
            },
        ];
        // Rows a later source replaced are not scored: say so.
        match in_use.get() {
            Some(0) if rows > 0 => parts.push(t_string!(i18n, data.source_none_in_use).to_string()),
            Some(used) if used < rows => {
                parts.push(t_string!(i18n, data.source_some_in_use, used).to_string());
            }
            _ => {}
        }
        if index > 0 {
            parts.push(merge_label(i18n, merge));
        }
        if let Some(period) = &period {
            parts.push(t_string!(i18n, data.source_period, period = period.clone()).to_string());
        }
        parts.join(" · ")
    };
    let table = Arc::clone(&source.table);
    let draft = RwSignal::new(source.mapping.clone());
    let source = StoredValue::new(source);

    let apply = move |_| {
        let mapping: ColumnMapping = draft.get_untracked();
        let mut changed = source.get_value();
        changed.mapping = mapping.clone();
        let scheme = workspace.scheme.get_untracked();
        spawn_local(async move {
            let Some((changed, typed)) = import::type_source(jobs, scheme, changed).await else {
                return;
            };
            workspace.remember_mapping(mapping);
            // The source by its table, not its place: others may have been
            // removed meanwhile.
            let Some(slot) = workspace.dataset.with_untracked(|dataset| {
                dataset
                    .sources
                    .iter()
                    .position(|source| Arc::ptr_eq(&source.table, &changed.table))
            }) else {
                return;
            };
            let aligned = workspace.typed.with_untracked(Vec::len)
                == workspace
                    .dataset
                    .with_untracked(|dataset| dataset.sources.len());
            workspace
                .dataset
                .update(|dataset| dataset.sources[slot] = changed);
            if aligned {
                workspace.typed.update(|all| all[slot] = typed);
            } else {
                // This overtook a retyping of the others.
                workspace.retype();
            }
            editing.set(None);
        });
    };
    let remove = move |_| {
        // A job typing sources by their places would now be wrong.
        jobs.cancel();
        let aligned = workspace.typed.with_untracked(Vec::len)
            == workspace
                .dataset
                .with_untracked(|dataset| dataset.sources.len());
        workspace.dataset.update(|dataset| {
            if index < dataset.sources.len() {
                dataset.sources.remove(index);
            }
        });
        if aligned {
            workspace.typed.update(|all| {
                all.remove(index);
            });
        } else {
            // A retyping was cancelled above: start it again.
            workspace.retype();
        }
        editing.set(None);
    };

    view! {
        <li data-testid=format!("source-{index}")>
            <span class="source-name">{describe}</span>
            <span class="source-actions">
                <button
                    type="button"
                    data-testid=format!("source-{index}-remap")
                    aria-expanded=move || (editing.get() == Some(index)).to_string()
                    on:click=move |_| {
                        draft.set(source.with_value(|source| source.mapping.clone()));
                        editing.update(|editing| {
                            *editing = if *editing == Some(index) { None } else { Some(index) };
                        });
                    }
                >
                    {t!(i18n, data.change_mapping)}
                </button>
                <button type="button" data-testid=format!("source-{index}-remove") on:click=remove>
                    {t!(i18n, data.remove)}
                </button>
            </span>
            <Show when=move || editing.get() == Some(index)>
                <div class="remap" data-testid="remap">
                    <MappingEditor table=Arc::clone(&table) mapping=draft id_prefix="remap" />
                    <p class="actions">
                        <button type="button" class="primary" data-testid="remap-apply" on:click=apply>
                            {t!(i18n, data.apply_mapping)}
                        </button>
                        <button type="button" on:click=move |_| editing.set(None)>
                            {t!(i18n, data.cancel)}
                        </button>
                    </p>
                </div>
            </Show>
        </li>
    }
}

/// Which problems to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Filter {
    All,
    Only(Severity),
}

/// Every problem in the imported figures, filterable and downloadable.
#[component]
fn IssuesView() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    let filter = RwSignal::new(Filter::All);
    let search = RwSignal::new(String::new());

    // (source name, issue) for every issue, in source order.
    let all = Memo::new(move |_| {
        let pasted = t_string!(i18n, data.pasted).to_string();
        let names: Vec<String> = workspace.dataset.with(|dataset| {
            dataset
                .sources
                .iter()
                .map(|source| {
                    if source.name.is_empty() {
                        pasted.clone()
                    } else {
                        source.name.clone()
                    }
                })
                .collect()
        });
        workspace.typed.with(|typed| {
            typed
                .iter()
                .zip(names)
                .flat_map(|(typed, name)| {
                    typed
                        .issues
                        .iter()
                        .map(move |issue| (name.clone(), issue.clone()))
                })
                .collect::<Vec<(String, Issue)>>()
        })
    });
    // Filtered once per change, shared by the table, the count and the
    // download.
    let matching = Memo::new(move |_| {
        let needle = search.with(|search| search.trim().to_lowercase());
        let filter = filter.get();
        all.with(|all| {
            all.iter()
                .filter(|(_, issue)| match filter {
                    Filter::All => true,
                    Filter::Only(severity) => issue.severity == severity,
                })
                .filter(|(name, issue)| {
                    needle.is_empty() || {
                        let fields = [
                            Some(name.as_str()),
                            issue.agent.as_deref(),
                            issue.column.as_deref(),
                            issue.period.as_deref(),
                            issue.indicator.as_deref(),
                        ];
                        fields
                            .into_iter()
                            .flatten()
                            .any(|field| field.to_lowercase().contains(&needle))
                            || workspace
                                .scheme
                                .with(|scheme| issue_text(i18n, scheme, &issue.kind))
                                .to_lowercase()
                                .contains(&needle)
                    }
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    });

    let download = move |_| {
        let issues: Vec<Issue> = matching
            .with_untracked(|matching| matching.iter().map(|(_, issue)| issue.clone()).collect());
        let headers = [
            t_string!(i18n, issue.column_severity),
            t_string!(i18n, data.row),
            t_string!(i18n, issue.column_column),
            t_string!(i18n, issue.column_agent),
            t_string!(i18n, issue.column_period),
            t_string!(i18n, issue.column_indicator),
            t_string!(i18n, issue.column_message),
        ];
        let text = issues_csv_with(&issues, headers, |issue| {
            (
                severity_text(i18n, issue.severity),
                workspace
                    .scheme
                    .with(|scheme| issue_text(i18n, scheme, &issue.kind)),
            )
        });
        let name = t_string!(i18n, data.issues_file_name).to_string();
        let _ = download_text(&name, CSV, &text);
    };

    let on_filter = move |ev: leptos::ev::Event| {
        filter.set(match event_target_value(&ev).as_str() {
            "error" => Filter::Only(Severity::Error),
            "warning" => Filter::Only(Severity::Warning),
            "note" => Filter::Only(Severity::Note),
            _ => Filter::All,
        });
    };

    let rows = move || {
        matching
            .with(|matching| matching.iter().take(ISSUES_SHOWN).cloned().collect::<Vec<_>>())
            .into_iter()
            .map(|(name, issue)| {
                let severity = issue.severity;
                view! {
                    <tr class=match severity {
                        Severity::Error => "severity-error",
                        Severity::Warning => "severity-warning",
                        Severity::Note => "severity-note",
                    }>
                        <td>{severity_text(i18n, severity)}</td>
                        <td>{name}</td>
                        <td class="number">{issue.row}</td>
                        <td>{issue.column.as_deref().map(|column| shorten(column, CELL_CHARS))}</td>
                        <td>{issue.agent.clone()}</td>
                        <td>{workspace.scheme.with(|scheme| shorten(&issue_text(i18n, scheme, &issue.kind), MESSAGE_CHARS))}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let count_text = move || {
        let shown = matching.with(Vec::len);
        let total = all.with(Vec::len);
        if shown > ISSUES_SHOWN {
            t_string!(i18n, data.issues_first, shown = ISSUES_SHOWN, count = shown).to_string()
        } else {
            t_string!(i18n, data.issues_count, shown = shown, total = total).to_string()
        }
    };

    view! {
        <section class="issues" data-testid="issues" aria-labelledby="issues-title">
            <h3 id="issues-title">{t!(i18n, data.issues_title)}</h3>
            <Show
                when=move || all.with(|all| !all.is_empty())
                fallback=move || {
                    view! { <p data-testid="issues-none">{t!(i18n, data.issues_none)}</p> }
                }
            >
                <div class="filters">
                    <label>
                        {t!(i18n, data.issues_filter)}
                        <select data-testid="issues-severity" on:change=on_filter>
                            <option value="all">{t!(i18n, data.issues_all)}</option>
                            <option value="error">{t!(i18n, issue.severity_error)}</option>
                            <option value="warning">{t!(i18n, issue.severity_warning)}</option>
                            <option value="note">{t!(i18n, issue.severity_note)}</option>
                        </select>
                    </label>
                    <label>
                        {t!(i18n, data.issues_search)}
                        <input
                            type="search"
                            data-testid="issues-search"
                            prop:value=move || search.get()
                            on:input=move |ev| search.set(event_target_value(&ev))
                        />
                    </label>
                    <button type="button" data-testid="issues-download" on:click=download>
                        {t!(i18n, data.issues_download)}
                    </button>
                </div>
                <p data-testid="issues-count">{count_text}</p>
                <ScrollBox label=move || t_string!(i18n, data.issues_list).to_string()>
                    <table class="issues-table" data-testid="issues-table">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, issue.column_severity)}</th>
                                <th scope="col">{t!(i18n, data.source)}</th>
                                <th scope="col">{t!(i18n, data.row)}</th>
                                <th scope="col">{t!(i18n, issue.column_column)}</th>
                                <th scope="col">{t!(i18n, issue.column_agent)}</th>
                                <th scope="col">{t!(i18n, issue.column_message)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </ScrollBox>
            </Show>
        </section>
    }
}

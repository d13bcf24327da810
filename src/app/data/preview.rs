//! The check before an import: how the input was read (with the encoding,
//! delimiter and sheet to change), its first rows, the column mapping, the
//! problems found while reading, and how it joins the figures already
//! there.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::import::{self, Raw, Read};
use super::super::messages::{
    CELL_CHARS, MESSAGE_CHARS, delimiter_text, encoding_text, issue_text, list_separator,
    read_as_text, sentence_gap, severity_text, shorten,
};
use super::super::scroll::ScrollBox;
use super::super::state::use_workspace;
use super::mapping::MappingEditor;
use super::merge_label;
use crate::i18n::*;
use kpi_engine::dataset::{ReadAs, Source};
use kpi_engine::figures::Merge;
use kpi_engine::mapping::ColumnMapping;
use kpi_engine::reading::Delimiter;
use kpi_engine::reading::ReadChoice;
use kpi_engine::reading::TextEncoding;
use kpi_engine::value::parse_number_in;

/// Rows shown in the preview.
const PREVIEW_ROWS: usize = 8;
/// Reading problems listed in the preview; all of them go with the import.
const PREVIEW_ISSUES: usize = 20;

/// One read option (encoding, delimiter, sheet): a select of `options`
/// (value, text) with `current` selected; picking another reads the input
/// again with it.
fn read_option(
    label: impl IntoView + 'static,
    test_id: &'static str,
    options: Vec<(String, String)>,
    current: String,
    pick: impl Fn(String) + 'static,
) -> AnyView {
    view! {
        <label>
            {label}
            <select data-testid=test_id on:change=move |ev| pick(event_target_value(&ev))>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let selected = value == current;
                        view! {
                            <option value=value selected=selected>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
    .into_any()
}

#[component]
pub fn Preview(
    read: Read,
    choice: ReadChoice,
    mapping: RwSignal<ColumnMapping>,
    merge: RwSignal<Merge>,
    period: RwSignal<String>,
    reread: Callback<ReadChoice>,
    /// The preview itself: set to `None` when it is imported or discarded.
    pending: RwSignal<Option<super::Pending>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    let jobs = workspace.jobs;
    let has_figures = workspace
        .dataset
        .with_untracked(|dataset| !dataset.sources.is_empty());
    let table = read.table.clone();
    let rows = table.len();
    let columns = table.width();
    let title = {
        let raw = read.raw.clone();
        move || match &raw {
            Raw::Paste(_) => t_string!(i18n, data.preview_title_paste).to_string(),
            Raw::File { name, .. } => {
                t_string!(i18n, data.preview_title_file, name = name.clone()).to_string()
            }
        }
    };

    let how_read = {
        let read_as = read.read_as.clone();
        let replaced = read.replaced;
        move || {
            let how = read_as_text(i18n, &read_as);
            let mut summary = t_string!(
                i18n,
                data.preview_summary,
                rows = rows,
                columns = columns,
                how = how
            )
            .to_string();
            if replaced > 0 {
                summary.push_str(sentence_gap(i18n));
                summary
                    .push_str(&t_string!(i18n, data.replaced_chars, count = replaced).to_string());
            }
            summary
        }
    };

    // The read options: encoding (text files), delimiter (text), sheet
    // (workbooks). Changing one reads the raw input again.
    let options = {
        let choice = choice.clone();
        let read = read.clone();
        move || {
            let mut controls = Vec::new();
            if let ReadAs::Text { encoding, .. } = &read.read_as {
                let choice = choice.clone();
                let detected = read.detected_encoding;
                let options = TextEncoding::ALL
                    .into_iter()
                    .map(|option| {
                        let mut text = encoding_text(i18n, option);
                        if detected == Some(option) {
                            text = t_string!(i18n, data.detected, what = text).to_string();
                        }
                        (option.label().to_owned(), text)
                    })
                    .collect();
                controls.push(read_option(
                    t!(i18n, data.encoding),
                    "encoding-select",
                    options,
                    encoding.label().to_owned(),
                    move |value| {
                        let encoding = TextEncoding::ALL.into_iter().find(|e| e.label() == value);
                        reread.run(ReadChoice {
                            encoding,
                            ..choice.clone()
                        });
                    },
                ));
            }
            if let ReadAs::Text { delimiter, .. } | ReadAs::Paste { delimiter } = &read.read_as {
                let choice = choice.clone();
                let options = Delimiter::ALL
                    .into_iter()
                    .map(|option| (option.label().to_owned(), delimiter_text(i18n, option)))
                    .collect();
                controls.push(read_option(
                    t!(i18n, data.delimiter),
                    "delimiter-select",
                    options,
                    delimiter.label().to_owned(),
                    move |value| {
                        let delimiter = Delimiter::ALL.into_iter().find(|d| d.label() == value);
                        reread.run(ReadChoice {
                            delimiter,
                            ..choice.clone()
                        });
                    },
                ));
            }
            if let ReadAs::Sheet { sheet, .. } = &read.read_as {
                let choice = choice.clone();
                let options = read
                    .sheets
                    .iter()
                    .map(|sheet| (sheet.clone(), sheet.clone()))
                    .collect();
                controls.push(read_option(
                    t!(i18n, data.sheet),
                    "sheet-select",
                    options,
                    sheet.clone(),
                    move |value| {
                        reread.run(ReadChoice {
                            sheet: Some(value),
                            ..choice.clone()
                        });
                    },
                ));
            }
            controls
        }
    };

    let head = table
        .headers()
        .iter()
        .map(|header| view! { <th scope="col">{shorten(header, CELL_CHARS)}</th> })
        .collect_view();
    // The unit of the input each column feeds, if any: cells there that will
    // not read as values are marked before the import.
    let units = {
        let headers = table.headers().to_vec();
        Memo::new(move |_| {
            let scheme = workspace.scheme.get();
            mapping.with(|mapping| {
                headers
                    .iter()
                    .map(|header| {
                        scheme
                            .inputs
                            .iter()
                            .find(|input| {
                                mapping.inputs.get(&input.id).and_then(Option::as_ref)
                                    == Some(header)
                            })
                            .map(|input| input.unit.clone())
                    })
                    .collect::<Vec<Option<String>>>()
            })
        })
    };
    let body = (0..table.len().min(PREVIEW_ROWS))
        .map(|index| {
            let line = table.line(index);
            let cells = table
                .row(index)
                .enumerate()
                .map(|(column, cell)| {
                    let text = cell.to_owned();
                    let bad = Memo::new(move |_| {
                        units.with(|units| {
                            units
                                .get(column)
                                .cloned()
                                .flatten()
                                .is_some_and(|unit| parse_number_in(&text, &unit).is_err())
                        })
                    });
                    let title = move || bad.get().then(|| t_string!(i18n, data.cell_not_value));
                    view! {
                        <td class:bad=bad title=title>
                            {shorten(cell, CELL_CHARS)}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row" class="line">{line}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let more_rows = rows.saturating_sub(PREVIEW_ROWS);

    let table_issues = read.table_issues.clone();
    let issue_count = table_issues.len();
    let issues_view = move || {
        (issue_count > 0).then(|| {
            let items = table_issues
                .iter()
                .take(PREVIEW_ISSUES)
                .map(|issue| {
                    let row = issue
                        .row
                        .map(|row| t_string!(i18n, data.at_row, row = row).to_string());
                    view! {
                        <li>
                            <strong>{severity_text(i18n, issue.severity)}</strong>
                            {row.map(|row| format!(" {row}"))}
                            {t_string!(i18n, data.colon)}
                            {workspace.scheme.with(|scheme| shorten(&issue_text(i18n, scheme, &issue.kind), MESSAGE_CHARS))}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="read-issues" data-testid="read-issues">
                    <p>{t_string!(i18n, data.read_issues, count = issue_count).to_string()}</p>
                    <ul>{items}</ul>
                </div>
            }
        })
    };

    let import = {
        let read = read.clone();
        move |_| {
            let scheme = workspace.scheme.get_untracked();
            let mapping = mapping.get_untracked();
            let merge = merge.get_untracked();
            let period = period.with_untracked(|period| {
                let period = period.trim();
                (!period.is_empty()).then(|| period.to_owned())
            });
            let source = Source {
                name: read.raw.name().to_owned(),
                read: read.read_as.clone(),
                merge,
                table: Arc::clone(&read.table),
                table_issues: read.table_issues.clone(),
                mapping: mapping.clone(),
                period,
            };
            spawn_local(async move {
                let Some((source, typed)) = import::type_source(jobs, scheme, source).await else {
                    return;
                };
                workspace.remember_mapping(mapping);
                let replace = source.merge == Merge::Replace;
                let aligned = workspace.typed.with_untracked(Vec::len)
                    == workspace
                        .dataset
                        .with_untracked(|dataset| dataset.sources.len());
                workspace.dataset.update(|dataset| dataset.add(source));
                if replace {
                    workspace.typed.set(vec![typed]);
                } else if aligned {
                    workspace.typed.update(|all| all.push(typed));
                } else {
                    // This import overtook a retyping of the others.
                    workspace.retype();
                }
                pending.set(None);
            });
        }
    };

    // Adding by period replaces the periods these rows hold: name the ones
    // already imported, before they go.
    // The distinct cells of the mapped period column (`None`: blank), read
    // once per mapping rather than once per keystroke in the period box.
    let column_periods = {
        let table = read.table.clone();
        Memo::new(move |_| {
            let column = mapping.with(|mapping| {
                mapping
                    .period
                    .as_ref()
                    .and_then(|header| table.headers().iter().position(|h| h == header))
            });
            let mut periods: Vec<Option<String>> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for row in 0..table.len() {
                let cell = column
                    .map(|column| table.cell(row, column).trim())
                    .filter(|cell| !cell.is_empty());
                if seen.insert(cell) {
                    periods.push(cell.map(str::to_owned));
                }
            }
            periods
        })
    };
    let existing_periods = Memo::new(move |_| {
        workspace
            .typed
            .with(|typed| workspace.dataset.with(|dataset| dataset.periods(typed)))
    });
    let replaced = move || {
        if merge.get() != Merge::ByPeriod || !has_figures {
            return Vec::new();
        }
        let fallback = period.with(|period| {
            let period = period.trim();
            (!period.is_empty()).then(|| period.to_owned())
        });
        let incoming: Vec<Option<String>> = column_periods.with(|periods| {
            periods
                .iter()
                .map(|period| period.clone().or_else(|| fallback.clone()))
                .collect()
        });
        existing_periods.with(|existing| {
            existing
                .iter()
                .filter(|period| incoming.contains(period))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let replaced_view = move || {
        let replaced = replaced();
        (!replaced.is_empty()).then(|| {
            let names: Vec<String> = replaced
                .into_iter()
                .map(|period| period.unwrap_or_else(|| t_string!(i18n, data.no_period).to_string()))
                .collect();
            let names = names.join(list_separator(i18n));
            view! {
                <p class="warning" data-testid="replaces-periods">
                    {t_string!(i18n, data.replaces_periods, periods = names).to_string()}
                </p>
            }
        })
    };

    let merge_choice = move |value: Merge, test_id: &'static str| {
        view! {
            <label>
                <input
                    type="radio"
                    name="merge"
                    data-testid=test_id
                    prop:checked=move || merge.get() == value
                    on:change=move |_| merge.set(value)
                />
                {move || merge_label(i18n, value)}
            </label>
        }
    };

    view! {
        <section class="preview" data-testid="preview" aria-labelledby="preview-title">
            <h3 id="preview-title">{title}</h3>
            <p data-testid="preview-summary">{how_read}</p>
            <div class="read-options">{options}</div>
            <ScrollBox label=move || t_string!(i18n, data.preview_cells).to_string()>
                <table class="cells" data-testid="preview-table">
                    <thead>
                        <tr>
                            <th scope="col" class="line">{t!(i18n, data.row)}</th>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </ScrollBox>
            {(more_rows > 0)
                .then(|| {
                    view! {
                        <p class="hint">
                            {move || t_string!(i18n, data.more_rows, count = more_rows).to_string()}
                        </p>
                    }
                })}
            {issues_view}
            <h4>{t!(i18n, data.mapping_title)}</h4>
            <MappingEditor table=read.table.clone() mapping id_prefix="preview" />
            {replaced_view}
            {has_figures
                .then(|| {
                    view! {
                        <fieldset class="merge">
                            <legend>{t!(i18n, data.merge_legend)}</legend>
                            {merge_choice(Merge::ByPeriod, "merge-by-period")}
                            {merge_choice(Merge::Replace, "merge-replace")}
                        </fieldset>
                    }
                })}
            <label class="period">
                {t!(i18n, data.period_label)}
                <input
                    type="text"
                    data-testid="period-input"
                    placeholder=move || t_string!(i18n, data.period_placeholder)
                    prop:value=move || period.get()
                    on:input=move |ev| period.set(event_target_value(&ev))
                />
            </label>
            <div class="actions">
                <button
                    type="button"
                    class="primary"
                    data-testid="import-button"
                    disabled=move || jobs.progress.with(Option::is_some)
                    on:click=import
                >
                    {move || {
                        if rows == 1 {
                            t_string!(i18n, data.import_rows_one).to_string()
                        } else {
                            t_string!(i18n, data.import_rows, count = rows).to_string()
                        }
                    }}
                </button>
                <button
                    type="button"
                    data-testid="preview-cancel"
                    on:click=move |_| {
                        jobs.cancel();
                        pending.set(None);
                    }
                >
                    {t!(i18n, data.discard)}
                </button>
            </div>
        </section>
    }
}

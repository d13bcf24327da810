//! Which column of the user's figures feeds each thing the scheme needs:
//! one select per role, matched automatically first, changeable by hand.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::messages::{CELL_CHARS, list_separator, name_in, shorten};
use super::super::scroll::ScrollBox;
use super::super::state::use_workspace;
use crate::i18n::*;
use kpi_engine::mapping::ColumnMapping;
use kpi_engine::table::Table;

/// A role in the mapping.
#[derive(Clone, Debug, PartialEq)]
enum Role {
    Agent,
    Group,
    Period,
    Input(String),
}

impl Role {
    fn test_id(&self) -> String {
        match self {
            Role::Agent => "map-agent".to_owned(),
            Role::Group => "map-group".to_owned(),
            Role::Period => "map-period".to_owned(),
            Role::Input(id) => format!("map-input-{id}"),
        }
    }

    fn get(&self, mapping: &ColumnMapping) -> Option<String> {
        match self {
            Role::Agent => mapping.agent.clone(),
            Role::Group => mapping.group.clone(),
            Role::Period => mapping.period.clone(),
            Role::Input(id) => mapping.inputs.get(id).cloned().flatten(),
        }
    }

    fn set(&self, mapping: &mut ColumnMapping, header: Option<String>) {
        match self {
            Role::Agent => mapping.agent = header,
            Role::Group => mapping.group = header,
            Role::Period => mapping.period = header,
            Role::Input(id) => {
                mapping.inputs.insert(id.clone(), header);
            }
        }
    }
}

/// Marks an option's value as a column's place, not its text.
const BY_PLACE: char = '\u{1}';

/// An option's value: the header itself (tests and users read it), or,
/// for a header too long to copy into every select, its place.
fn option_value(index: usize, header: &str) -> String {
    if header.len() <= 256 {
        header.to_owned()
    } else {
        format!("{BY_PLACE}{index}")
    }
}

/// The header an option's value names; `None` for "not mapped".
fn option_header(headers: &[String], value: String) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    match value
        .strip_prefix(BY_PLACE)
        .and_then(|n| n.parse::<usize>().ok())
    {
        Some(index) => headers.get(index).cloned(),
        None => Some(value),
    }
}

/// The mapping editor for a table's headers; the first row gives a sample
/// value beside each choice.
#[component]
pub fn MappingEditor(
    table: Arc<Table>,
    mapping: RwSignal<ColumnMapping>,
    /// Makes element ids unique when two editors are on the page.
    id_prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    let headers = Arc::new(table.headers().to_vec());
    let extra_headers = Arc::clone(&headers);
    let first_row: Vec<String> = match table.is_empty() {
        true => Vec::new(),
        false => table.row(0).map(str::to_owned).collect(),
    };

    let rows = move || {
        let scheme = workspace.scheme.get();
        let mut roles = vec![(
            Role::Agent,
            t_string!(i18n, data.role_agent).to_string(),
            true,
        )];
        if scheme.columns.group.is_some() {
            roles.push((
                Role::Group,
                t_string!(i18n, data.role_group).to_string(),
                false,
            ));
        }
        if scheme.columns.period.is_some() {
            roles.push((
                Role::Period,
                t_string!(i18n, data.role_period).to_string(),
                false,
            ));
        }
        for input in &scheme.inputs {
            roles.push((
                Role::Input(input.id.clone()),
                name_in(i18n, &input.name),
                true,
            ));
        }
        let headers = Arc::clone(&headers);
        let first_row = first_row.clone();
        roles
            .into_iter()
            .map(move |(role, label, required)| {
                let headers = Arc::clone(&headers);
                let first_row = first_row.clone();
                let test_id = role.test_id();
                let row_id = format!("{test_id}-row");
                let element_id = format!("{id_prefix}-{test_id}");
                let current = {
                    let role = role.clone();
                    Memo::new(move |_| mapping.with(|mapping| role.get(mapping)))
                };
                let sample = {
                    let headers = Arc::clone(&headers);
                    move || {
                        current
                            .get()
                            .and_then(|header| headers.iter().position(|h| *h == header))
                            .and_then(|index| {
                                first_row.get(index).map(|cell| shorten(cell, CELL_CHARS))
                            })
                            .unwrap_or_default()
                    }
                };
                let on_change = {
                    let role = role.clone();
                    let headers = Arc::clone(&headers);
                    move |ev: leptos::ev::Event| {
                        let value = event_target_value(&ev);
                        let header = option_header(&headers, value);
                        mapping.update(|mapping| role.set(mapping, header));
                    }
                };
                let unmapped = move || required && current.with(Option::is_none);
                // Options are selected by place: a closure per option holding
                // its header would copy every header into every select.
                let current_index = {
                    let headers = Arc::clone(&headers);
                    Memo::new(move |_| {
                        current.with(|current| {
                            let current = current.as_deref()?;
                            headers.iter().position(|h| h == current)
                        })
                    })
                };
                let options = headers
                    .iter()
                    .enumerate()
                    .map(|(index, header)| {
                        let value = option_value(index, header);
                        let selected = move || current_index.get() == Some(index);
                        view! {
                            <option value=value selected=selected>
                                {shorten(header, CELL_CHARS)}
                            </option>
                        }
                    })
                    .collect_view();
                view! {
                    <tr class:unmapped=unmapped data-testid=row_id>
                        <th scope="row">
                            <label for=element_id.clone()>{label}</label>
                            {required
                                .then(|| {
                                    view! {
                                        <span class="required">{t!(i18n, data.required)}</span>
                                    }
                                })}
                        </th>
                        <td>
                            <select id=element_id data-testid=test_id on:change=on_change>
                                <option value="" selected=move || current.with(Option::is_none)>
                                    {t!(i18n, data.not_mapped)}
                                </option>
                                {options}
                            </select>
                        </td>
                        <td class="sample">{sample}</td>
                    </tr>
                }
            })
            .collect_view()
    };

    let unmapped = move || {
        let scheme = workspace.scheme.get();
        mapping.with(|mapping| {
            mapping
                .unmapped(&scheme)
                .into_iter()
                .map(|id| {
                    scheme
                        .inputs
                        .iter()
                        .find(|input| input.id == id)
                        .map_or_else(
                            || t_string!(i18n, data.role_agent).to_string(),
                            |input| name_in(i18n, &input.name),
                        )
                })
                .collect::<Vec<_>>()
        })
    };
    let extras = move || {
        mapping.with(|mapping| {
            mapping
                .extras(&extra_headers)
                .into_iter()
                .cloned()
                .collect::<Vec<String>>()
        })
    };

    view! {
        <ScrollBox label=move || t_string!(i18n, data.mapping_label).to_string() class="mapping-scroll">
            <table class="mapping" data-testid="mapping">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, data.mapping_needed)}</th>
                        <th scope="col">{t!(i18n, data.mapping_column)}</th>
                        <th scope="col">{t!(i18n, data.mapping_sample)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </ScrollBox>
        {move || {
            let unmapped = unmapped();
            (!unmapped.is_empty())
                .then(|| {
                    view! {
                        <p class="warning" data-testid="unmapped">
                            {t_string!(i18n, data.unmapped, names = unmapped.join(list_separator(i18n))).to_string()}
                        </p>
                    }
                })
        }}
        {move || {
            let extras = extras();
            (!extras.is_empty())
                .then(|| {
                    let buttons = extras
                        .into_iter()
                        .enumerate()
                        .map(|(index, header)| {
                            let label = header.clone();
                            let add = move |_| {
                                // The scheme gains an input fed by this
                                // column; formulas can then use it.
                                let mut id = String::new();
                                workspace.edit_scheme(None, |scheme| {
                                    id = scheme.add_input_from_header(&header);
                                });
                                mapping.update(|mapping| {
                                    mapping.inputs.insert(id, Some(header.clone()));
                                });
                            };
                            view! {
                                <button
                                    type="button"
                                    class="chip"
                                    data-testid=format!("extra-add-{index}")
                                    title=move || t_string!(i18n, data.extra_add_title)
                                    on:click=add
                                >
                                    {format!("+ {}", shorten(&label, CELL_CHARS))}
                                </button>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="extras" data-testid="extras">
                            <span class="hint">{t!(i18n, data.extras)}</span>
                            {buttons}
                        </div>
                    }
                })
        }}
    }
}

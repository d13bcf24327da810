//! The inputs: the columns of figures the indicators read, by id (what
//! formulas use) and by name in each language (what the Data area matches
//! headers against).

use leptos::prelude::*;

use super::fields::{ActionsColumn, NameFields, TextField};
use super::use_editor;
use crate::i18n::*;
use kpi_engine::edit::ids::{Renaming, rename_input_id};
use kpi_engine::edit::structure::add_input;
use kpi_engine::scheme::{Input, Names};

#[component]
pub fn Inputs() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_editor().workspace;
    let count = Memo::new(move |_| workspace.scheme.with(|scheme| scheme.inputs.len()));
    let add = move |_| {
        let name = Names {
            en: td_string!(Locale::en, scheme.new_input_name).to_string(),
            zh: td_string!(Locale::zh, scheme.new_input_name).to_string(),
        };
        workspace.edit_scheme(None, |scheme| {
            add_input(scheme, name);
        });
    };
    view! {
        <section class="inputs" aria-labelledby="inputs-title">
            <h3 id="inputs-title">{tr!(i18n, scheme.inputs)}</h3>
            <p class="hint">{tr!(i18n, scheme.inputs_hint)}</p>
            <table class="inputs-table">
                <thead>
                    <tr>
                        <th scope="col">{tr!(i18n, scheme.id)}</th>
                        <th scope="col">{tr!(i18n, scheme.name_en)}</th>
                        <th scope="col">{tr!(i18n, scheme.name_zh)}</th>
                        <th scope="col">{tr!(i18n, scheme.unit)}</th>
                        <ActionsColumn />
                    </tr>
                </thead>
                <tbody>
                    {move || (0..count.get()).map(|n| view! { <InputRow n /> }).collect_view()}
                </tbody>
            </table>
            <button type="button" class="add" data-testid="input-add" on:click=add>
                {tr!(i18n, scheme.add_input)}
            </button>
        </section>
    }
}

#[component]
fn InputRow(n: usize) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_editor().workspace;
    let read = move |read: fn(&Input) -> String| {
        Signal::derive(move || {
            workspace
                .scheme
                .with(|scheme| scheme.inputs.get(n).map(read).unwrap_or_default())
        })
    };
    let edit = move |key: &'static str, write: fn(&mut Input, String)| {
        move |text: String| {
            workspace.edit_scheme(Some(&format!("input{n}.{key}")), |scheme| {
                if let Some(input) = scheme.inputs.get_mut(n) {
                    write(input, text);
                }
            });
        }
    };
    let label =
        |text: fn(super::super::messages::I18n) -> String| Signal::derive(move || text(i18n));
    // Where this input's readers stand while its id is typed.
    let renaming = StoredValue::new(Renaming::default());
    view! {
        <tr data-testid=format!("input-{n}")>
            <td>
                <TextField
                    label=label(|i18n| t_string!(i18n, scheme.id).to_string())
                    value=read(|input| input.id.clone())
                    set=move |id: String| {
                        workspace.edit_scheme(Some(&format!("input{n}.id")), |scheme| {
                            renaming.update_value(|renaming| rename_input_id(scheme, n, id.trim(), renaming));
                        });
                    }
                    hide_label=true
                    test_id=format!("input-{n}-id")
                />
            </td>
            <NameFields
                read=move |lang| workspace.scheme.with(|scheme| scheme.inputs.get(n).map(|input| lang.of(&input.name).clone()).unwrap_or_default())
                set=move |lang, text| {
                    workspace.edit_scheme(Some(&format!("input{n}.name.{}", lang.code())), |scheme| {
                        if let Some(input) = scheme.inputs.get_mut(n) {
                            *lang.of_mut(&mut input.name) = text;
                        }
                    });
                }
                test_id=format!("input-{n}-name")
                in_cells=true
            />
            <td>
                <TextField
                    label=label(|i18n| t_string!(i18n, scheme.unit).to_string())
                    value=read(|input| input.unit.clone())
                    set=edit("unit", |input, text| input.unit = text)
                    hide_label=true
                    test_id=format!("input-{n}-unit")
                />
            </td>
            <td>
                <button
                    type="button"
                    class="danger"
                    data-testid=format!("input-{n}-remove")
                    aria-label=tr_fn!(i18n, scheme.remove)
                    on:click=move |_| {
                        workspace.edit_scheme(None, |scheme| {
                            if n < scheme.inputs.len() {
                                scheme.inputs.remove(n);
                            }
                        });
                    }
                >
                    "✕"
                </button>
            </td>
        </tr>
    }
}

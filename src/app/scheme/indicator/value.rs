//! Where an indicator's value comes from: an input column, a formula over
//! the inputs, or raters (set in the scheme file, shown here).

use leptos::prelude::*;

use super::super::super::messages::{I18n, input_names, raters_text};
use super::super::fields::{FieldErrors, has_errors};
use super::At;
use crate::i18n::*;
use kpi_engine::scheme::ValueSource;

/// The inputs as options of a select, `selected` chosen: "name (id)".
pub fn input_options(i18n: I18n, at: At, selected: Option<String>) -> impl IntoView {
    at.workspace
        .scheme
        .with(|scheme| input_names(i18n, scheme))
        .into_iter()
        .map(|(id, name)| {
            let is = selected.as_deref() == Some(id.as_str());
            view! {
                <option value=id.clone() selected=is>
                    {format!("{name} ({id})")}
                </option>
            }
        })
        .collect_view()
}

#[component]
pub fn ValueFields(at: At) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = at.workspace;
    let here = at.location();
    let value_bad = has_errors(here.clone(), "value");
    let value_kind = move || {
        at.read(|indicator| match indicator.value {
            ValueSource::Column(_) => "column",
            ValueSource::Formula(_) => "formula",
            ValueSource::Raters(_) => "raters",
        })
    };
    let inputs = move || workspace.scheme.with(|scheme| input_names(i18n, scheme));
    let input_options = move |selected: Option<String>| input_options(i18n, at, selected);
    view! {
    <fieldset class="value-source">
        <legend>{tr!(i18n, scheme.value)}</legend>
        <div class="field-row">
            <label class="field">
                <span class="field-label">{tr!(i18n, scheme.value_from)}</span>
                <select
                    data-testid="indicator-value-kind"
                    on:change=move |ev| {
                        let kind = event_target_value(&ev);
                        let first = inputs().first().map(|(id, _)| id.clone()).unwrap_or_default();
                        at.edit(None, |indicator| {
                            let current = match &indicator.value {
                                ValueSource::Column(column) => column.clone(),
                                ValueSource::Formula(formula) => formula.clone(),
                                ValueSource::Raters(_) => first.clone(),
                            };
                            indicator.value = match kind.as_str() {
                                "formula" => ValueSource::Formula(current),
                                _ => ValueSource::Column(
                                    if inputs().iter().any(|(id, _)| *id == current) { current } else { first },
                                ),
                            };
                        });
                    }
                >
                    <option value="column" selected=move || value_kind() == "column">
                        {tr!(i18n, scheme.value_column)}
                    </option>
                    <option value="formula" selected=move || value_kind() == "formula">
                        {tr!(i18n, scheme.value_formula)}
                    </option>
                    <Show when=move || value_kind() == "raters">
                        <option value="raters" selected=true>
                            {tr!(i18n, scheme.value_raters)}
                        </option>
                    </Show>
                </select>
            </label>
            {move || match value_kind() {
                "column" => {
                    let selected = at.read(|indicator| match &indicator.value {
                        ValueSource::Column(column) => Some(column.clone()),
                        _ => None,
                    });
                    view! {
                        <label class="field">
                            <span class="field-label">{tr!(i18n, scheme.value_column)}</span>
                            <select
                                data-testid="indicator-column"
                                aria-invalid=move || value_bad.get().to_string()
                                on:change=move |ev| {
                                    let column = event_target_value(&ev);
                                    at.edit(None, |indicator| indicator.value = ValueSource::Column(column));
                                }
                            >
                                <option value="" disabled=true selected=selected.is_none()>
                                    {tr!(i18n, scheme.choose_input)}
                                </option>
                                {input_options(selected.clone())}
                            </select>
                        </label>
                    }
                        .into_any()
                }
                "formula" => {
                    view! {
                        <label class="field wide">
                            <span class="field-label">{tr!(i18n, scheme.value_formula)}</span>
                            <input
                                type="text"
                                class="formula"
                                spellcheck="false"
                                data-testid="indicator-formula"
                                aria-describedby="errors-indicator-value formula-help"
                                aria-invalid=move || value_bad.get().to_string()
                                prop:value=move || at.read(|indicator| match &indicator.value {
                                    ValueSource::Formula(formula) => formula.clone(),
                                    _ => String::new(),
                                })
                                on:input=move |ev| {
                                    let formula = event_target_value(&ev);
                                    at.edit(Some("formula"), |indicator| indicator.value = ValueSource::Formula(formula));
                                }
                                on:blur=move |_| workspace.seal_step()
                            />
                        </label>
                    }
                        .into_any()
                }
                _ => {
                    let raters = move || at.read(|indicator| match &indicator.value {
                        ValueSource::Raters(raters) => raters_text(i18n, raters),
                        _ => String::new(),
                    });
                    view! { <p class="hint" data-testid="indicator-raters">{raters}</p> }.into_any()
                }
            }}
        </div>
        <Show when=move || value_kind() == "formula">
            <p class="hint" id="formula-help">
                {move || {
                    let ids = inputs().into_iter().map(|(id, _)| id).collect::<Vec<_>>().join(", ");
                    t_string!(i18n, scheme.formula_help, inputs = ids).to_string()
                }}
            </p>
        </Show>
        <FieldErrors location=here.clone() field=Some("value") id="errors-indicator-value".to_owned() />
    </fieldset>
    }
}

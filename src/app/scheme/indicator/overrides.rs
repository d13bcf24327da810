//! An indicator's group overrides: a group name and its own curve each.

use leptos::prelude::*;

use super::super::fields::{FieldErrors, TextField};
use super::super::use_editor;
use super::curve::CurveFields;
use super::{At, CurvePath};
use crate::i18n::*;
use kpi_engine::scheme::GroupOverride;

/// Targets for particular agent groups: a group name and its own curve.
#[component]
pub fn Overrides(at: At) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_editor().workspace;
    let here = at.location();
    let count = Memo::new(move |_| at.read(|indicator| indicator.overrides.len()));
    let has_group = move || {
        workspace
            .scheme
            .with(|scheme| scheme.columns.group.is_some())
    };
    view! {
        <fieldset class="overrides">
            <legend>{tr!(i18n, scheme.overrides)}</legend>
            <Show when=move || !has_group()>
                <p class="hint">{tr!(i18n, scheme.overrides_need_group)}</p>
            </Show>
            {move || {
                (0..count.get())
                    .map(|g| {
                        view! {
                            <div class="override" data-testid=format!("override-{g}")>
                                <div class="field-row">
                                    <TextField
                                        label=Signal::derive(tr_string!(i18n, scheme.override_group))
                                        value=Signal::derive(move || at.read(|indicator| indicator.overrides.get(g).map(|o| o.group.clone()).unwrap_or_default()))
                                        set=move |group: String| at.edit(Some(&format!("override{g}.group")), |indicator| {
                                            if let Some(o) = indicator.overrides.get_mut(g) {
                                                o.group = group;
                                            }
                                        })
                                        test_id=format!("override-{g}-group")
                                    />
                                    <button
                                        type="button"
                                        class="danger"
                                        data-testid=format!("override-{g}-remove")
                                        on:click=move |_| at.edit(None, |indicator| {
                                            if g < indicator.overrides.len() {
                                                indicator.overrides.remove(g);
                                            }
                                        })
                                    >
                                        {tr!(i18n, scheme.remove)}
                                    </button>
                                </div>
                                <CurveFields at path=CurvePath::Group(g) />
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button
                type="button"
                class="add"
                data-testid="override-add"
                on:click=move |_| at.edit(None, |indicator| {
                    let curve = indicator.curve.clone();
                    indicator.overrides.push(GroupOverride { group: String::new(), curve });
                })
            >
                {tr!(i18n, scheme.override_add)}
            </button>
            <FieldErrors location=here field=Some("overrides") id="errors-indicator-overrides".to_owned() />
        </fieldset>
    }
}

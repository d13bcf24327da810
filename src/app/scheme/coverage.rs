//! The scheme's minimum coverage: how much of the weight an agent's own
//! figures must back for the agent to get a total.

use leptos::prelude::*;

use super::fields::{FieldErrors, NumberField, has_errors};
use super::use_editor;
use crate::i18n::*;
use kpi_engine::validate::Location;

/// Where a minimum starts when it is turned on.
const START: f64 = 80.0;

/// A box that turns the minimum on, and its percentage. Both edits go
/// through `edit_scheme`, so each is one undo step.
#[component]
pub fn MinCoverage() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_editor().workspace;
    let minimum = move || workspace.scheme.with(|scheme| scheme.min_coverage);
    let on = move || minimum().is_some();
    let toggle = move |ev| {
        let on = event_target_checked(&ev);
        workspace.edit_scheme(None, |scheme| {
            scheme.min_coverage = on.then_some(START);
        });
    };
    let set = move |min: f64| {
        workspace.edit_scheme(Some("min_coverage"), |scheme| {
            if scheme.min_coverage.is_some() {
                scheme.min_coverage = Some(min);
            }
        });
    };
    view! {
        <fieldset class="min-coverage" data-testid="min-coverage-fields">
            <legend>{tr!(i18n, scheme.coverage_legend)}</legend>
            <p class="hint">{tr!(i18n, scheme.coverage_hint)}</p>
            <div class="field-row">
                <label class="check">
                    <input type="checkbox" data-testid="min-coverage-on" prop:checked=on on:change=toggle />
                    {tr!(i18n, scheme.min_coverage_on)}
                </label>
                <Show when=on>
                    <NumberField
                        label=Signal::derive(tr_string!(i18n, scheme.min_coverage))
                        value=Signal::derive(move || minimum().unwrap_or(START))
                        set=set
                        test_id="min-coverage".to_owned()
                        described_by=Signal::derive(|| "errors-min-coverage".to_owned())
                        invalid=has_errors(Location::Scheme, "min_coverage")
                    />
                </Show>
            </div>
            <FieldErrors location=Location::Scheme field=Some("min_coverage") id="errors-min-coverage".to_owned() />
        </fieldset>
    }
}

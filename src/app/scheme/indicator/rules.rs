//! An indicator's rules: what a missing value counts as, and the optional
//! gate, link and minimum sample. Each optional rule is a checkbox that
//! adds or removes it and, while it is on, its fields: one component
//! (`OptionalRule`) and one number field (`RuleNumber`) serve all three.

use leptos::prelude::*;

use super::super::super::messages::{grade_names, missing_text, name_in};
use super::super::fields::{FieldErrors, NumberField};
use super::At;
use super::value::input_options;
use crate::i18n::*;
use kpi_engine::curve::Direction;
use kpi_engine::scheme::{Gate, GateEffect, Indicator, Link, MinSample, MissingPolicy};

const MISSING: [(MissingPolicy, &str); 4] = [
    (MissingPolicy::Exclude, "exclude"),
    (MissingPolicy::Zero, "zero"),
    (MissingPolicy::Incomplete, "incomplete"),
    (MissingPolicy::TeamMedian, "team_median"),
];

/// What a missing value counts as.
#[component]
pub fn MissingField(at: At) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span class="field-label">{tr!(i18n, scheme.missing)}</span>
            <select
                data-testid="indicator-missing"
                on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    if let Some((policy, _)) = MISSING.iter().find(|(_, id)| *id == chosen) {
                        at.edit(None, |indicator| indicator.missing = *policy);
                    }
                }
            >
                {MISSING
                    .into_iter()
                    .map(|(policy, id)| {
                        view! {
                            <option
                                value=id
                                selected=move || at.read(|indicator| indicator.missing == policy)
                            >
                                {move || missing_text(i18n, policy)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// A rule the indicator may have: a checkbox labelled `label` that sets it
/// on or off (`toggle`), the rule's fields (`children`) while `on`, and
/// the problems of its `field`.
#[component]
fn OptionalRule(
    at: At,
    #[prop(into)] on: Signal<bool>,
    toggle: impl Fn(bool) + 'static,
    #[prop(into)] label: Signal<String>,
    test_id: &'static str,
    field: &'static str,
    errors_id: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        <div class="field-row">
            <label class="check">
                <input
                    type="checkbox"
                    data-testid=test_id
                    prop:checked=on
                    on:change=move |ev| toggle(event_target_checked(&ev))
                />
                {label}
            </label>
            <Show when=move || on.get()>{children()}</Show>
        </div>
        <FieldErrors location=at.location() field=Some(field) id=errors_id.to_owned() />
    }
}

/// A number inside an optional rule (`number` finds it): 0 while the rule
/// is off, and written only while it is on.
#[component]
fn RuleNumber(
    at: At,
    #[prop(into)] label: Signal<String>,
    key: &'static str,
    test_id: &'static str,
    read: fn(&Indicator) -> Option<f64>,
    number: fn(&mut Indicator) -> Option<&mut f64>,
) -> impl IntoView {
    view! {
        <NumberField
            label
            value=Signal::derive(move || at.read(|indicator| read(indicator).unwrap_or(0.0)))
            set=move |value: f64| at.edit(Some(key), |indicator| {
                if let Some(number) = number(indicator) {
                    *number = value;
                }
            })
            test_id=test_id.to_owned()
        />
    }
}

/// A critical indicator: under a score level, a dimension or the total is
/// zeroed, or the grade capped.
#[component]
pub fn GateFields(at: At) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = at.workspace;
    let effect = move || {
        at.read(
            |indicator| match indicator.gate.as_ref().map(|gate| &gate.effect) {
                Some(GateEffect::ZeroDimension) => "zero_dimension".to_owned(),
                Some(GateEffect::ZeroTotal) => "zero_total".to_owned(),
                Some(GateEffect::CapGrade(_)) => "cap_grade".to_owned(),
                None => String::new(),
            },
        )
    };
    let grades = move || workspace.scheme.with(grade_names);
    view! {
        <OptionalRule
            at
            on=Signal::derive(move || at.read(|indicator| indicator.gate.is_some()))
            toggle=move |on| at.edit(None, |indicator| {
                indicator.gate = on.then_some(Gate { below: 60.0, effect: GateEffect::ZeroDimension });
            })
            label=Signal::derive(tr_string!(i18n, scheme.gate))
            test_id="indicator-gate"
            field="gate"
            errors_id="errors-indicator-gate"
        >
            <RuleNumber
                at
                label=Signal::derive(tr_string!(i18n, scheme.gate_below))
                key="gate.below"
                test_id="indicator-gate-below"
                read=|indicator| indicator.gate.as_ref().map(|gate| gate.below)
                number=|indicator| indicator.gate.as_mut().map(|gate| &mut gate.below)
            />
            <label class="field">
                <span class="field-label">{tr!(i18n, scheme.gate_effect)}</span>
                <select
                    data-testid="indicator-gate-effect"
                    on:change=move |ev| {
                        let chosen = event_target_value(&ev);
                        let first_grade = grades().last().cloned().unwrap_or_default();
                        at.edit(None, |indicator| {
                            if let Some(gate) = &mut indicator.gate {
                                gate.effect = match chosen.as_str() {
                                    "zero_total" => GateEffect::ZeroTotal,
                                    "cap_grade" => GateEffect::CapGrade(first_grade),
                                    _ => GateEffect::ZeroDimension,
                                };
                            }
                        });
                    }
                >
                    <option value="zero_dimension" selected=move || effect() == "zero_dimension">
                        {tr!(i18n, scheme.gate_zero_dimension)}
                    </option>
                    <option value="zero_total" selected=move || effect() == "zero_total">
                        {tr!(i18n, scheme.gate_zero_total)}
                    </option>
                    <option value="cap_grade" selected=move || effect() == "cap_grade">
                        {tr!(i18n, scheme.gate_cap_grade)}
                    </option>
                </select>
            </label>
            <Show when=move || effect() == "cap_grade">
                <label class="field">
                    <span class="field-label">{tr!(i18n, scheme.gate_grade)}</span>
                    <select
                        data-testid="indicator-gate-grade"
                        on:change=move |ev| {
                            let grade = event_target_value(&ev);
                            at.edit(None, |indicator| {
                                if let Some(gate) = &mut indicator.gate {
                                    gate.effect = GateEffect::CapGrade(grade);
                                }
                            });
                        }
                    >
                        {move || {
                            let current = at.read(|indicator| match indicator.gate.as_ref().map(|gate| &gate.effect) {
                                Some(GateEffect::CapGrade(grade)) => grade.clone(),
                                _ => String::new(),
                            });
                            grades()
                                .into_iter()
                                .map(|grade| {
                                    let selected = grade == current;
                                    view! { <option value=grade.clone() selected=selected>{grade.clone()}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
            </Show>
        </OptionalRule>
    }
}

/// A linked pair: no points while a guarding indicator is worse than a
/// threshold.
#[component]
pub fn LinkFields(at: At) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = at.workspace;
    let others = move || {
        let own = at.read(|indicator| indicator.id.clone());
        workspace.scheme.with(|scheme| {
            scheme
                .indicators()
                .filter(|(_, indicator)| {
                    indicator.id != own && indicator.direction != Direction::Band
                })
                .map(|(_, indicator)| (indicator.id.clone(), name_in(i18n, &indicator.name)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <OptionalRule
            at
            on=Signal::derive(move || at.read(|indicator| indicator.link.is_some()))
            toggle=move |on| {
                let first = others().first().map(|(id, _)| id.clone()).unwrap_or_default();
                at.edit(None, |indicator| {
                    indicator.link = on.then_some(Link { indicator: first, worse_than: 0.0 });
                });
            }
            label=Signal::derive(tr_string!(i18n, scheme.link))
            test_id="indicator-link"
            field="link"
            errors_id="errors-indicator-link"
        >
            <label class="field">
                <span class="field-label">{tr!(i18n, scheme.link_guard)}</span>
                <select
                    data-testid="indicator-link-guard"
                    on:change=move |ev| {
                        let guard = event_target_value(&ev);
                        at.edit(None, |indicator| {
                            if let Some(link) = &mut indicator.link {
                                link.indicator = guard;
                            }
                        });
                    }
                >
                    {move || {
                        let current = at.read(|indicator| indicator.link.as_ref().map(|link| link.indicator.clone()).unwrap_or_default());
                        others()
                            .into_iter()
                            .map(|(id, name)| {
                                let selected = id == current;
                                view! { <option value=id selected=selected>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <RuleNumber
                at
                label=Signal::derive(tr_string!(i18n, scheme.link_worse_than))
                key="link.worse_than"
                test_id="indicator-link-worse-than"
                read=|indicator| indicator.link.as_ref().map(|link| link.worse_than)
                number=|indicator| indicator.link.as_mut().map(|link| &mut link.worse_than)
            />
        </OptionalRule>
    }
}

/// A minimum sample behind an average, with optional shrinkage.
#[component]
pub fn SampleFields(at: At) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = at.workspace;
    view! {
        <OptionalRule
            at
            on=Signal::derive(move || at.read(|indicator| indicator.min_sample.is_some()))
            toggle=move |on| {
                let first = workspace.scheme.with_untracked(|scheme| {
                    scheme.inputs.first().map(|input| input.id.clone()).unwrap_or_default()
                });
                at.edit(None, |indicator| {
                    indicator.min_sample = on.then_some(MinSample { count: first, min: 30.0, shrink: None });
                });
            }
            label=Signal::derive(tr_string!(i18n, scheme.sample))
            test_id="indicator-sample"
            field="min_sample"
            errors_id="errors-indicator-sample"
        >
            <label class="field">
                <span class="field-label">{tr!(i18n, scheme.sample_count)}</span>
                <select
                    data-testid="indicator-sample-count"
                    on:change=move |ev| {
                        let count = event_target_value(&ev);
                        at.edit(None, |indicator| {
                            if let Some(sample) = &mut indicator.min_sample {
                                sample.count = count;
                            }
                        });
                    }
                >
                    {move || input_options(i18n, at, at.read(|indicator| indicator.min_sample.as_ref().map(|sample| sample.count.clone())))}
                </select>
            </label>
            <RuleNumber
                at
                label=Signal::derive(tr_string!(i18n, scheme.sample_min))
                key="sample.min"
                test_id="indicator-sample-min"
                read=|indicator| indicator.min_sample.as_ref().map(|sample| sample.min)
                number=|indicator| indicator.min_sample.as_mut().map(|sample| &mut sample.min)
            />
        </OptionalRule>
    }
}

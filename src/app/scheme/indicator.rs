//! The indicator being edited: names, direction, where its value comes
//! from, its curve (with a preview), missing data, gate, link, minimum
//! sample and group overrides.

use leptos::prelude::*;

use super::super::messages::{
    I18n, curve_field_text, curve_kind_text, direction_text, grade_names, missing_text, name_in,
};
use super::super::state::Workspace;
use super::chart::CurvePreview;
use super::fields::{FieldErrors, NumberField, TextField, has_errors};
use super::use_editor;
use crate::i18n::*;
use kpi_engine::curve::Direction;
use kpi_engine::curve::{Band, Curve, RatioForm};
use kpi_engine::edit::curve_kind::{CurveKind, curve_of_kind, set_direction};
use kpi_engine::edit::ids::{Renaming, rename_indicator_id};
use kpi_engine::scheme::{
    Gate, GateEffect, GroupOverride, Indicator, Link, MinSample, MissingPolicy, ValueSource,
};
use kpi_engine::validate::Location;

const MISSING: [(MissingPolicy, &str); 4] = [
    (MissingPolicy::Exclude, "exclude"),
    (MissingPolicy::Zero, "zero"),
    (MissingPolicy::Incomplete, "incomplete"),
    (MissingPolicy::TeamMedian, "team_median"),
];

const DIRECTIONS: [(Direction, &str); 3] = [
    (Direction::Higher, "higher"),
    (Direction::Lower, "lower"),
    (Direction::Band, "band"),
];

/// Which of an indicator's curves: its own, or a group's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurvePath {
    Own,
    Group(usize),
}

impl CurvePath {
    pub fn get(self, indicator: &Indicator) -> Option<&Curve> {
        match self {
            CurvePath::Own => Some(&indicator.curve),
            CurvePath::Group(g) => indicator.overrides.get(g).map(|o| &o.curve),
        }
    }

    fn get_mut(self, indicator: &mut Indicator) -> Option<&mut Curve> {
        match self {
            CurvePath::Own => Some(&mut indicator.curve),
            CurvePath::Group(g) => indicator.overrides.get_mut(g).map(|o| &mut o.curve),
        }
    }

    fn test_prefix(self) -> String {
        match self {
            CurvePath::Own => "curve".to_owned(),
            CurvePath::Group(g) => format!("override-{g}-curve"),
        }
    }
}

/// Reads and edits the indicator at (d, i). It holds the workspace, so it
/// works in event handlers, where there is no context to look it up in.
#[derive(Clone, Copy)]
struct At {
    d: usize,
    i: usize,
    workspace: Workspace,
}

impl At {
    fn read<T: Default>(self, read: impl Fn(&Indicator) -> T) -> T {
        self.workspace.scheme.with(|scheme| {
            scheme
                .dimensions
                .get(self.d)
                .and_then(|dimension| dimension.indicators.get(self.i))
                .map(read)
                .unwrap_or_default()
        })
    }

    fn edit(self, key: Option<&str>, edit: impl FnOnce(&mut Indicator)) {
        let key = key.map(|key| format!("d{}.i{}.{key}", self.d, self.i));
        self.workspace.edit_scheme(key.as_deref(), |scheme| {
            if let Some(indicator) = scheme
                .dimensions
                .get_mut(self.d)
                .and_then(|dimension| dimension.indicators.get_mut(self.i))
            {
                edit(indicator);
            }
        });
    }

    fn location(self) -> Location {
        Location::Indicator {
            dimension: self.d,
            indicator: self.i,
        }
    }
}

#[component]
pub fn IndicatorEditor() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    view! {
        <section class="indicator-editor" aria-labelledby="indicator-editor-title" data-testid="indicator-editor">
            {move || match editor.selected.get() {
                Some((d, i)) => {
                    let at = At { d, i, workspace: editor.workspace };
                    view! { <IndicatorForm at /> }.into_any()
                }
                None => {
                    view! {
                        <h3 id="indicator-editor-title">{t!(i18n, scheme.indicator)}</h3>
                        <p class="empty">{t!(i18n, scheme.pick_indicator)}</p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn IndicatorForm(at: At) -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let workspace = editor.workspace;
    let here = at.location();
    // Where this indicator's mentions stand while its id is typed.
    let renaming = StoredValue::new(Renaming::default());
    let title = move || at.read(|indicator| name_in(i18n, &indicator.name));
    let text = move |read: fn(&Indicator) -> String| Signal::derive(move || at.read(read));
    let label = |key: fn(I18n) -> String| Signal::derive(move || key(i18n));

    let direction = move || {
        at.read(|indicator| Some(indicator.direction))
            .unwrap_or(Direction::Higher)
    };
    let value_bad = has_errors(here.clone(), "value");
    let value_kind = move || {
        at.read(|indicator| match indicator.value {
            ValueSource::Column(_) => "column",
            ValueSource::Formula(_) => "formula",
            ValueSource::Raters(_) => "raters",
        })
    };
    let inputs = move || {
        workspace.scheme.with(|scheme| {
            scheme
                .inputs
                .iter()
                .map(|input| (input.id.clone(), name_in(i18n, &input.name)))
                .collect::<Vec<_>>()
        })
    };
    let input_options = move |selected: Option<String>| {
        inputs()
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
    };

    view! {
        <h3 id="indicator-editor-title" data-testid="indicator-title">{title}</h3>
        <div class="field-row">
            <TextField
                label=label(|i18n| t_string!(i18n, scheme.name_en).to_string())
                value=text(|indicator| indicator.name.en.clone())
                set=move |text: String| at.edit(Some("name.en"), |indicator| indicator.name.en = text)
                test_id="indicator-name-en".to_owned()
                lang="en"
            />
            <TextField
                label=label(|i18n| t_string!(i18n, scheme.name_zh).to_string())
                value=text(|indicator| indicator.name.zh.clone())
                set=move |text: String| at.edit(Some("name.zh"), |indicator| indicator.name.zh = text)
                test_id="indicator-name-zh".to_owned()
                lang="zh"
            />
        </div>
        <div class="field-row">
            <TextField
                label=label(|i18n| t_string!(i18n, scheme.id).to_string())
                value=text(|indicator| indicator.id.clone())
                set=move |text: String| {
                    workspace.edit_scheme(Some(&format!("d{}.i{}.id", at.d, at.i)), |scheme| {
                        renaming.update_value(|renaming| {
                            rename_indicator_id(scheme, at.d, at.i, text.trim(), renaming)
                        });
                    });
                }
                test_id="indicator-id".to_owned()
                invalid=has_errors(here.clone(), "id")
            />
            <TextField
                label=label(|i18n| t_string!(i18n, scheme.unit).to_string())
                value=text(|indicator| indicator.unit.clone())
                set=move |text: String| at.edit(Some("unit"), |indicator| indicator.unit = text)
                test_id="indicator-unit".to_owned()
            />
            <label class="field">
                <span class="field-label">{t!(i18n, scheme.direction)}</span>
                <select
                    data-testid="indicator-direction"
                    on:change=move |ev| {
                        let chosen = event_target_value(&ev);
                        if let Some((to, _)) = DIRECTIONS.iter().find(|(_, id)| *id == chosen) {
                            at.edit(None, |indicator| set_direction(indicator, *to));
                        }
                    }
                >
                    {DIRECTIONS
                        .into_iter()
                        .map(|(value, id)| {
                            view! {
                                <option value=id selected=move || direction() == value>
                                    {move || direction_text(i18n, value)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
        <FieldErrors location=here.clone() field=Some("id") id="errors-indicator-id".to_owned() />

        <fieldset class="value-source">
            <legend>{t!(i18n, scheme.value)}</legend>
            <div class="field-row">
                <label class="field">
                    <span class="field-label">{t!(i18n, scheme.value_from)}</span>
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
                            {t!(i18n, scheme.value_column)}
                        </option>
                        <option value="formula" selected=move || value_kind() == "formula">
                            {t!(i18n, scheme.value_formula)}
                        </option>
                        <Show when=move || value_kind() == "raters">
                            <option value="raters" selected=true>
                                {t!(i18n, scheme.value_raters)}
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
                                <span class="field-label">{t!(i18n, scheme.value_column)}</span>
                                <select
                                    data-testid="indicator-column"
                                    aria-invalid=move || value_bad.get().to_string()
                                    on:change=move |ev| {
                                        let column = event_target_value(&ev);
                                        at.edit(None, |indicator| indicator.value = ValueSource::Column(column));
                                    }
                                >
                                    <option value="" disabled=true selected=selected.is_none()>
                                        {t!(i18n, scheme.choose_input)}
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
                                <span class="field-label">{t!(i18n, scheme.value_formula)}</span>
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
                        let raters = at.read(|indicator| match &indicator.value {
                            ValueSource::Raters(raters) => raters
                                .iter()
                                .map(|rater| format!("{:?} {} {}%", rater.role, rater.column, rater.weight))
                                .collect::<Vec<_>>()
                                .join(" · "),
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

        <fieldset class="curve">
            <legend>{t!(i18n, scheme.curve)}</legend>
            <CurveFields at path=CurvePath::Own />
            <FieldErrors location=here.clone() field=Some("curve") id="errors-indicator-curve".to_owned() />
            <CurvePreview d=at.d i=at.i />
        </fieldset>

        <fieldset class="missing">
            <legend>{t!(i18n, scheme.rules)}</legend>
            <label class="field">
                <span class="field-label">{t!(i18n, scheme.missing)}</span>
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
            <GateFields at />
            <LinkFields at />
            <SampleFields at input_options=Callback::new(move |selected: Option<String>| input_options(selected).into_any()) />
        </fieldset>
        <Overrides at />
    }
}

/// A curve's kind and its numbers; bands as a list.
#[component]
fn CurveFields(at: At, path: CurvePath) -> impl IntoView {
    let i18n = use_i18n();
    let prefix = path.test_prefix();
    let curve = move || at.read(|indicator| path.get(indicator).cloned());
    let kind = move || curve().map(|curve| CurveKind::of(&curve));
    let fields = Memo::new(move |_| {
        curve()
            .map(|curve| {
                curve
                    .fields()
                    .into_iter()
                    .map(|(field, _)| field)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let kind_id = format!("{prefix}-kind");
    let prefix_for_fields = prefix.clone();
    let is_lower_ratio = move || {
        at.read(|indicator| {
            indicator.direction == Direction::Lower
                && matches!(path.get(indicator), Some(Curve::Ratio { .. }))
        })
    };
    view! {
        <div class="field-row">
            <label class="field">
                <span class="field-label">{t!(i18n, scheme.curve_kind)}</span>
                <select
                    data-testid=kind_id
                    on:change=move |ev| {
                        let Some(chosen) = CurveKind::from_id(&event_target_value(&ev)) else { return };
                        at.edit(None, |indicator| {
                            let direction = indicator.direction;
                            if let Some(curve) = path.get_mut(indicator) {
                                *curve = curve_of_kind(chosen, direction, curve);
                            }
                        });
                    }
                >
                    {CurveKind::ALL
                        .into_iter()
                        .map(|option| {
                            view! {
                                <option value=option.id() selected=move || kind() == Some(option)>
                                    {move || curve_kind_text(i18n, option)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            {move || {
                let prefix = prefix_for_fields.clone();
                fields
                    .get()
                    .into_iter()
                    .map(|field| {
                        let value = Signal::derive(move || {
                            at.read(|indicator| {
                                path.get(indicator)
                                    .and_then(|curve| {
                                        curve.fields().into_iter().find(|(f, _)| *f == field)
                                    })
                                    .map(|(_, value)| value)
                                    .unwrap_or_default()
                            })
                        });
                        let key = format!("{prefix}.{}", field.name());
                        view! {
                            <NumberField
                                label=Signal::derive(move || curve_field_text(i18n, field))
                                value
                                set=move |number: f64| {
                                    at.edit(Some(&key), |indicator| {
                                        if let Some(curve) = path.get_mut(indicator) {
                                            curve.set_field(field, number);
                                        }
                                    });
                                }
                                test_id=format!("{prefix}-{}", field.name())
                            />
                        }
                    })
                    .collect_view()
            }}
            <Show when=is_lower_ratio>
                <label class="field">
                    <span class="field-label">{t!(i18n, scheme.ratio_form)}</span>
                    <select
                        data-testid=format!("{prefix}-lower-form")
                        on:change=move |ev| {
                            let form = if event_target_value(&ev) == "complement" {
                                RatioForm::Complement
                            } else {
                                RatioForm::Inverse
                            };
                            at.edit(None, |indicator| {
                                if let Some(Curve::Ratio { lower_form, .. }) = path.get_mut(indicator) {
                                    *lower_form = form;
                                }
                            });
                        }
                    >
                        <option value="inverse">{t!(i18n, scheme.ratio_inverse)}</option>
                        <option
                            value="complement"
                            selected=move || at.read(|indicator| matches!(path.get(indicator), Some(Curve::Ratio { lower_form: RatioForm::Complement, .. })))
                        >
                            {t!(i18n, scheme.ratio_complement)}
                        </option>
                    </select>
                </label>
            </Show>
        </div>
        <Show when=move || kind() == Some(CurveKind::Bands)>
            <BandsFields at path />
        </Show>
    }
}

/// A band list: each band's range and score, added and removed.
#[component]
fn BandsFields(at: At, path: CurvePath) -> impl IntoView {
    let i18n = use_i18n();
    let prefix = path.test_prefix();
    let count = Memo::new(move |_| {
        at.read(|indicator| match path.get(indicator) {
            Some(Curve::Bands { bands }) => bands.len(),
            _ => 0,
        })
    });
    let edit_bands = move |key: Option<&str>, edit: &dyn Fn(&mut Vec<Band>)| {
        at.edit(key, |indicator| {
            if let Some(Curve::Bands { bands }) = path.get_mut(indicator) {
                edit(bands);
            }
        });
    };
    let prefix_rows = prefix.clone();
    view! {
        <table class="bands">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, scheme.band_from)}</th>
                    <th scope="col">{t!(i18n, scheme.band_to)}</th>
                    <th scope="col">{t!(i18n, scheme.band_score)}</th>
                    <th scope="col"><span class="visually-hidden">{t!(i18n, scheme.actions)}</span></th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    let prefix = prefix_rows.clone();
                    (0..count.get())
                        .map(|b| {
                            let band = move || {
                                at.read(|indicator| match path.get(indicator) {
                                    Some(Curve::Bands { bands }) => bands.get(b).cloned(),
                                    _ => None,
                                })
                            };
                            // An open bound is an empty field.
                            let bound = move |to: bool| {
                                Signal::derive(move || {
                                    band()
                                        .and_then(|band| if to { band.to } else { band.from })
                                        .map(super::fields::show_number)
                                        .unwrap_or_default()
                                })
                            };
                            let set_bound = move |to: bool| {
                                move |text: String| {
                                    let value = super::fields::parse_number(&text);
                                    if value.is_none() && !text.trim().is_empty() {
                                        return;
                                    }
                                    let key = format!("band{b}.{to}");
                                    edit_bands(Some(&key), &|bands| {
                                        if let Some(band) = bands.get_mut(b) {
                                            if to { band.to = value } else { band.from = value }
                                        }
                                    });
                                }
                            };
                            let score = Signal::derive(move || band().map(|band| band.score).unwrap_or_default());
                            view! {
                                <tr>
                                    <td>
                                        <TextField
                                            label=Signal::derive(move || t_string!(i18n, scheme.band_from).to_string())
                                            value=bound(false)
                                            set=set_bound(false)
                                            hide_label=true
                                            test_id=format!("{prefix}-band-{b}-from")
                                        />
                                    </td>
                                    <td>
                                        <TextField
                                            label=Signal::derive(move || t_string!(i18n, scheme.band_to).to_string())
                                            value=bound(true)
                                            set=set_bound(true)
                                            hide_label=true
                                            test_id=format!("{prefix}-band-{b}-to")
                                        />
                                    </td>
                                    <td>
                                        <NumberField
                                            label=Signal::derive(move || t_string!(i18n, scheme.band_score).to_string())
                                            value=score
                                            set=move |number: f64| {
                                                edit_bands(Some(&format!("band{b}.score")), &|bands| {
                                                    if let Some(band) = bands.get_mut(b) {
                                                        band.score = number;
                                                    }
                                                });
                                            }
                                            hide_label=true
                                            test_id=format!("{prefix}-band-{b}-score")
                                        />
                                    </td>
                                    <td>
                                        <button
                                            type="button"
                                            class="danger"
                                            aria-label=move || t_string!(i18n, scheme.remove)
                                            on:click=move |_| edit_bands(None, &|bands| {
                                                if b < bands.len() {
                                                    bands.remove(b);
                                                }
                                            })
                                        >
                                            "✕"
                                        </button>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
        <p class="hint">{t!(i18n, scheme.bands_hint)}</p>
        <button
            type="button"
            class="add"
            data-testid=format!("{prefix}-band-add")
            on:click=move |_| edit_bands(None, &|bands| {
                let from = bands.last().and_then(|band| band.to);
                bands.push(Band { from, to: None, score: 0.0 });
            })
        >
            {t!(i18n, scheme.band_add)}
        </button>
    }
}

/// A critical indicator: under a score level, a dimension or the total is
/// zeroed, or the grade capped.
#[component]
fn GateFields(at: At) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_editor().workspace;
    let here = at.location();
    let gated = move || at.read(|indicator| indicator.gate.is_some());
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
        <div class="field-row">
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="indicator-gate"
                    prop:checked=gated
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        at.edit(None, |indicator| {
                            indicator.gate = on.then_some(Gate { below: 60.0, effect: GateEffect::ZeroDimension });
                        });
                    }
                />
                {t!(i18n, scheme.gate)}
            </label>
            <Show when=gated>
                <NumberField
                    label=Signal::derive(move || t_string!(i18n, scheme.gate_below).to_string())
                    value=Signal::derive(move || at.read(|indicator| indicator.gate.as_ref().map_or(0.0, |gate| gate.below)))
                    set=move |below: f64| at.edit(Some("gate.below"), |indicator| {
                        if let Some(gate) = &mut indicator.gate {
                            gate.below = below;
                        }
                    })
                    test_id="indicator-gate-below".to_owned()
                />
                <label class="field">
                    <span class="field-label">{t!(i18n, scheme.gate_effect)}</span>
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
                            {t!(i18n, scheme.gate_zero_dimension)}
                        </option>
                        <option value="zero_total" selected=move || effect() == "zero_total">
                            {t!(i18n, scheme.gate_zero_total)}
                        </option>
                        <option value="cap_grade" selected=move || effect() == "cap_grade">
                            {t!(i18n, scheme.gate_cap_grade)}
                        </option>
                    </select>
                </label>
                <Show when=move || effect() == "cap_grade">
                    <label class="field">
                        <span class="field-label">{t!(i18n, scheme.gate_grade)}</span>
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
            </Show>
        </div>
        <FieldErrors location=here field=Some("gate") id="errors-indicator-gate".to_owned() />
    }
}

/// A linked pair: no points while a guarding indicator is worse than a
/// threshold.
#[component]
fn LinkFields(at: At) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_editor().workspace;
    let here = at.location();
    let linked = move || at.read(|indicator| indicator.link.is_some());
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
        <div class="field-row">
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="indicator-link"
                    prop:checked=linked
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let first = others().first().map(|(id, _)| id.clone()).unwrap_or_default();
                        at.edit(None, |indicator| {
                            indicator.link = on.then_some(Link { indicator: first, worse_than: 0.0 });
                        });
                    }
                />
                {t!(i18n, scheme.link)}
            </label>
            <Show when=linked>
                <label class="field">
                    <span class="field-label">{t!(i18n, scheme.link_guard)}</span>
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
                <NumberField
                    label=Signal::derive(move || t_string!(i18n, scheme.link_worse_than).to_string())
                    value=Signal::derive(move || at.read(|indicator| indicator.link.as_ref().map_or(0.0, |link| link.worse_than)))
                    set=move |value: f64| at.edit(Some("link.worse_than"), |indicator| {
                        if let Some(link) = &mut indicator.link {
                            link.worse_than = value;
                        }
                    })
                    test_id="indicator-link-worse-than".to_owned()
                />
            </Show>
        </div>
        <FieldErrors location=here field=Some("link") id="errors-indicator-link".to_owned() />
    }
}

/// A minimum sample behind an average, with optional shrinkage.
#[component]
fn SampleFields(at: At, input_options: Callback<Option<String>, AnyView>) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_editor().workspace;
    let here = at.location();
    let sampled = move || at.read(|indicator| indicator.min_sample.is_some());
    view! {
        <div class="field-row">
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="indicator-sample"
                    prop:checked=sampled
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let first = workspace.scheme.with_untracked(|scheme| {
                            scheme.inputs.first().map(|input| input.id.clone()).unwrap_or_default()
                        });
                        at.edit(None, |indicator| {
                            indicator.min_sample = on.then_some(MinSample { count: first, min: 30.0, shrink: None });
                        });
                    }
                />
                {t!(i18n, scheme.sample)}
            </label>
            <Show when=sampled>
                <label class="field">
                    <span class="field-label">{t!(i18n, scheme.sample_count)}</span>
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
                        {move || input_options.run(at.read(|indicator| indicator.min_sample.as_ref().map(|sample| sample.count.clone())))}
                    </select>
                </label>
                <NumberField
                    label=Signal::derive(move || t_string!(i18n, scheme.sample_min).to_string())
                    value=Signal::derive(move || at.read(|indicator| indicator.min_sample.as_ref().map_or(0.0, |sample| sample.min)))
                    set=move |min: f64| at.edit(Some("sample.min"), |indicator| {
                        if let Some(sample) = &mut indicator.min_sample {
                            sample.min = min;
                        }
                    })
                    test_id="indicator-sample-min".to_owned()
                />
            </Show>
        </div>
        <FieldErrors location=here field=Some("min_sample") id="errors-indicator-sample".to_owned() />
    }
}

/// Targets for particular agent groups: a group name and its own curve.
#[component]
fn Overrides(at: At) -> impl IntoView {
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
            <legend>{t!(i18n, scheme.overrides)}</legend>
            <Show when=move || !has_group()>
                <p class="hint">{t!(i18n, scheme.overrides_need_group)}</p>
            </Show>
            {move || {
                (0..count.get())
                    .map(|g| {
                        view! {
                            <div class="override" data-testid=format!("override-{g}")>
                                <div class="field-row">
                                    <TextField
                                        label=Signal::derive(move || t_string!(i18n, scheme.override_group).to_string())
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
                                        {t!(i18n, scheme.remove)}
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
                {t!(i18n, scheme.override_add)}
            </button>
            <FieldErrors location=here field=Some("overrides") id="errors-indicator-overrides".to_owned() />
        </fieldset>
    }
}

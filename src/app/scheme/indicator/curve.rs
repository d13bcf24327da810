//! An indicator's curve in the editor: its kind, its numbers, and a band
//! list for a banded curve. The indicator's own curve and each group's
//! are edited alike, through a `CurvePath`.

use leptos::prelude::*;

use super::super::super::messages::{curve_field_text, curve_kind_text};
use super::super::fields::{ActionsColumn, NumberField, TextField, parse_number, show_number};
use super::{At, CurvePath};
use crate::i18n::*;
use kpi_engine::curve::Direction;
use kpi_engine::curve::{Band, Curve, RatioForm};
use kpi_engine::edit::curve_kind::{CurveKind, curve_of_kind};

/// A curve's kind and its numbers; bands as a list.
#[component]
pub fn CurveFields(at: At, path: CurvePath) -> impl IntoView {
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
                <span class="field-label">{tr!(i18n, scheme.curve_kind)}</span>
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
                    <span class="field-label">{tr!(i18n, scheme.ratio_form)}</span>
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
                        <option value="inverse">{tr!(i18n, scheme.ratio_inverse)}</option>
                        <option
                            value="complement"
                            selected=move || at.read(|indicator| matches!(path.get(indicator), Some(Curve::Ratio { lower_form: RatioForm::Complement, .. })))
                        >
                            {tr!(i18n, scheme.ratio_complement)}
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
                    <th scope="col">{tr!(i18n, scheme.band_from)}</th>
                    <th scope="col">{tr!(i18n, scheme.band_to)}</th>
                    <th scope="col">{tr!(i18n, scheme.band_score)}</th>
                    <ActionsColumn />
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
                                        .map(show_number)
                                        .unwrap_or_default()
                                })
                            };
                            let set_bound = move |to: bool| {
                                move |text: String| {
                                    let value = parse_number(&text);
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
                                            label=Signal::derive(tr_string!(i18n, scheme.band_from))
                                            value=bound(false)
                                            set=set_bound(false)
                                            hide_label=true
                                            test_id=format!("{prefix}-band-{b}-from")
                                        />
                                    </td>
                                    <td>
                                        <TextField
                                            label=Signal::derive(tr_string!(i18n, scheme.band_to))
                                            value=bound(true)
                                            set=set_bound(true)
                                            hide_label=true
                                            test_id=format!("{prefix}-band-{b}-to")
                                        />
                                    </td>
                                    <td>
                                        <NumberField
                                            label=Signal::derive(tr_string!(i18n, scheme.band_score))
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
                                            aria-label=tr_fn!(i18n, scheme.remove)
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
        <p class="hint">{tr!(i18n, scheme.bands_hint)}</p>
        <button
            type="button"
            class="add"
            data-testid=format!("{prefix}-band-add")
            on:click=move |_| edit_bands(None, &|bands| {
                let from = bands.last().and_then(|band| band.to);
                bands.push(Band { from, to: None, score: 0.0 });
            })
        >
            {tr!(i18n, scheme.band_add)}
        </button>
    }
}

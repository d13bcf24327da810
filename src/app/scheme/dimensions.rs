//! The dimensions and their indicators: names, order, and the weights at
//! each level with their running sums.

use leptos::prelude::*;

use super::super::messages::name_in;
use super::super::messages::{curve_kind_text, direction_text};
use super::super::route::Area;
use super::fields::{
    ActionsColumn, FieldErrors, NameFields, NumberField, TextField, has_errors, show_number,
};
use super::toolbar::{ProfilePicker, UndoRedo};
use super::use_editor;
use crate::i18n::*;
use kpi_engine::edit::curve_kind::CurveKind;
use kpi_engine::edit::ids::{Renaming, rename_dimension_id};
use kpi_engine::edit::structure::{
    add_dimension, add_indicator, move_dimension, move_indicator, remove_dimension,
    remove_indicator,
};
use kpi_engine::edit::weights::{
    Level, level_weights, rebalanced, scale_to_100, set_level_weights, set_weight, spread_evenly,
};
use kpi_engine::scheme::{Dimension, Names, Scheme};
use kpi_engine::validate::{Location, adds_up_to_100};

/// A new thing's names in both languages, from one message key's two
/// translations.
macro_rules! both_names {
    ($($key:tt)+) => {
        Names {
            en: td_string!(Locale::en, $($key)+).to_string(),
            zh: td_string!(Locale::zh, $($key)+).to_string(),
        }
    };
}

#[component]
pub fn Dimensions() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let workspace = editor.workspace;
    let count = Memo::new(move |_| workspace.scheme.with(|scheme| scheme.dimensions.len()));
    let add = move |_| {
        let mut added = 0;
        workspace.edit_scheme(None, |scheme| {
            added = add_dimension(
                scheme,
                both_names!(scheme.new_dimension_name),
                both_names!(scheme.new_indicator_name),
            );
        });
        editor.selected.set(Some((added, 0)));
    };
    view! {
        <section class="dimensions" aria-labelledby="dimensions-title">
            <h3 id="dimensions-title">{tr!(i18n, scheme.dimensions)}</h3>
            <Show when=move || count.get() == 0>
                <p class="empty" data-testid="no-dimensions">{tr!(i18n, scheme.no_dimensions)}</p>
            </Show>
            {move || {
                (0..count.get()).map(|d| view! { <DimensionCard d /> }).collect_view()
            }}
            <LevelSum level=Level::Dimensions test_id="dimension-weights".to_owned() />
            <FieldErrors
                location=Location::Scheme
                field=Some("weight")
                id="errors-dimension-weights".to_owned()
            />
            <button type="button" class="add" data-testid="dimension-add" on:click=add>
                {tr!(i18n, scheme.add_dimension)}
            </button>
        </section>
    }
}

/// The weights in brief, for the Scorecards area: which weighting is in
/// use and the dimensions' weights, so a manager can try weights and watch
/// the table and charts follow. Edits are scheme edits (undoable, saved).
#[component]
pub fn WeightsPanel() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let workspace = editor.workspace;
    let names = Memo::new(move |_| {
        workspace.scheme.with(|scheme| {
            scheme
                .dimensions
                .iter()
                .map(|dimension| name_in(i18n, &dimension.name))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="weights-panel" aria-labelledby="weights-panel-title" data-testid="weights-panel">
            <h3 id="weights-panel-title">{tr!(i18n, scheme.weights_panel)}</h3>
            <p class="hint">{tr!(i18n, scheme.weights_panel_hint)}</p>
            <ProfilePicker />
            <div class="panel-weights">
                {move || {
                    names
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(d, name)| {
                            let group_label = name.clone();
                            view! {
                                <div class="panel-weight" role="group" aria-label=group_label>
                                    <span class="panel-weight-name">{name}</span>
                                    <WeightField
                                        level=Level::Dimensions
                                        index=d
                                        test_id=format!("panel-dimension-{d}-weight")
                                        rebalance=true
                                    />
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <LevelSum level=Level::Dimensions test_id="panel-dimension-weights".to_owned() />
            <div class="history" role="group" aria-label=tr_fn!(i18n, scheme.history)>
                <UndoRedo />
            </div>
            <p class="hint">
                <a href=Area::Scheme.hash()>{tr!(i18n, scheme.weights_panel_more)}</a>
            </p>
        </section>
    }
}

/// Reads a part of dimension `d`, if it is still there.
fn dimension<T: Default>(scheme: &Scheme, d: usize, read: impl Fn(&Dimension) -> T) -> T {
    scheme.dimensions.get(d).map(read).unwrap_or_default()
}

#[component]
fn DimensionCard(d: usize) -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let workspace = editor.workspace;
    let count = Memo::new(move |_| {
        workspace
            .scheme
            .with(|scheme| dimension(scheme, d, |dimension| dimension.indicators.len()))
    });
    let total = Memo::new(move |_| workspace.scheme.with(|scheme| scheme.dimensions.len()));
    let title = move || {
        workspace
            .scheme
            .with(|scheme| dimension(scheme, d, |dimension| name_in(i18n, &dimension.name)))
    };
    let id = Signal::derive(move || {
        workspace
            .scheme
            .with(|scheme| dimension(scheme, d, |dimension| dimension.id.clone()))
    });
    let renaming = StoredValue::new(Renaming::default());
    let set_id = move |text: String| {
        workspace.edit_scheme(Some(&format!("d{d}.id")), |scheme| {
            renaming.update_value(|renaming| rename_dimension_id(scheme, d, text.trim(), renaming));
        });
    };
    let add_indicator_here = move |_| {
        let mut added = None;
        workspace.edit_scheme(None, |scheme| {
            added = add_indicator(scheme, d, both_names!(scheme.new_indicator_name));
        });
        if let Some(i) = added {
            editor.selected.set(Some((d, i)));
        }
    };
    let here = Location::Dimension { dimension: d };
    let title_id = format!("dimension-{d}-title");
    let labelled_by = title_id.clone();

    view! {
        <fieldset class="dimension" data-testid=format!("dimension-{d}") aria-labelledby=labelled_by>
            <div class="dimension-head">
                <h4 id=title_id>{title}</h4>
                <div class="row-actions">
                    <button
                        type="button"
                        data-testid=format!("dimension-{d}-up")
                        aria-label=tr_fn!(i18n, scheme.move_up)
                        title=tr_fn!(i18n, scheme.move_up)
                        disabled=move || d == 0
                        on:click=move |_| workspace.edit_scheme(None, |s| move_dimension(s, d, d - 1))
                    >
                        "↑"
                    </button>
                    <button
                        type="button"
                        data-testid=format!("dimension-{d}-down")
                        aria-label=tr_fn!(i18n, scheme.move_down)
                        title=tr_fn!(i18n, scheme.move_down)
                        disabled=move || { d + 1 >= total.get() }
                        on:click=move |_| workspace.edit_scheme(None, |s| move_dimension(s, d, d + 1))
                    >
                        "↓"
                    </button>
                    <button
                        type="button"
                        class="danger"
                        data-testid=format!("dimension-{d}-remove")
                        on:click=move |_| {
                            editor.selected.set(None);
                            workspace.edit_scheme(None, |s| remove_dimension(s, d));
                        }
                    >
                        {tr!(i18n, scheme.remove)}
                    </button>
                </div>
            </div>
            <div class="field-row">
                <NameFields
                    read=move |lang| {
                        workspace.scheme.with(|scheme| dimension(scheme, d, |dimension| lang.of(&dimension.name).clone()))
                    }
                    set=move |lang, text| {
                        workspace.edit_scheme(Some(&format!("d{d}.name.{}", lang.code())), |scheme| {
                            if let Some(dimension) = scheme.dimensions.get_mut(d) {
                                *lang.of_mut(&mut dimension.name) = text;
                            }
                        });
                    }
                    test_id=format!("dimension-{d}-name")
                />
                <TextField
                    label=Signal::derive(tr_string!(i18n, scheme.id))
                    value=id
                    set=set_id
                    test_id=format!("dimension-{d}-id")
                    invalid=has_errors(here.clone(), "id")
                />
                <WeightField level=Level::Dimensions index=d test_id=format!("dimension-{d}-weight") />
            </div>
            <FieldErrors location=here.clone() field=Some("id") id=format!("errors-dimension-{d}-id") />
            <table class="indicators">
                <caption class="visually-hidden">{tr!(i18n, scheme.indicators)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr!(i18n, scheme.indicator)}</th>
                        <th scope="col">{tr!(i18n, scheme.weight_in_dimension)}</th>
                        <th scope="col">{tr!(i18n, scheme.scoring)}</th>
                        <ActionsColumn />
                    </tr>
                </thead>
                <tbody>
                    {move || (0..count.get()).map(|i| view! { <IndicatorRow d i /> }).collect_view()}
                </tbody>
            </table>
            <LevelSum level=Level::Indicators(d) test_id=format!("dimension-{d}-weights") />
            <FieldErrors location=here.clone() field=Some("weight") id=format!("errors-dimension-{d}-weight") />
            <FieldErrors location=here field=Some("indicators") id=format!("errors-dimension-{d}-indicators") />
            <button
                type="button"
                class="add"
                data-testid=format!("dimension-{d}-add-indicator")
                on:click=add_indicator_here
            >
                {tr!(i18n, scheme.add_indicator)}
            </button>
        </fieldset>
    }
}

#[component]
fn IndicatorRow(d: usize, i: usize) -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let workspace = editor.workspace;
    let name = move || {
        workspace.scheme.with(|scheme| {
            scheme
                .dimensions
                .get(d)
                .and_then(|dimension| dimension.indicators.get(i))
                .map(|indicator| name_in(i18n, &indicator.name))
                .unwrap_or_default()
        })
    };
    let scoring = move || {
        let read = workspace.scheme.with(|scheme| {
            scheme
                .dimensions
                .get(d)
                .and_then(|dimension| dimension.indicators.get(i))
                .map(|indicator| (indicator.direction, CurveKind::of(&indicator.curve)))
        });
        read.map(|(direction, kind)| {
            format!(
                "{} · {}",
                direction_text(i18n, direction),
                curve_kind_text(i18n, kind)
            )
        })
    };
    let problems = move || {
        editor
            .errors_at(
                &Location::Indicator {
                    dimension: d,
                    indicator: i,
                },
                None,
            )
            .len()
    };
    let selected = move || editor.selected.get() == Some((d, i));
    // What the weights at both levels make of it: its share of the total.
    let share_of_total = move || {
        let profile = editor.profile_index();
        workspace.scheme.with(|scheme| {
            let dimension = level_weights(scheme, profile, Level::Dimensions)
                .get(d)
                .copied()
                .unwrap_or_default();
            let indicator = level_weights(scheme, profile, Level::Indicators(d))
                .get(i)
                .copied()
                .unwrap_or_default();
            dimension * indicator / 100.0
        })
    };
    let siblings = Memo::new(move |_| {
        workspace
            .scheme
            .with(|scheme| dimension(scheme, d, |dimension| dimension.indicators.len()))
    });
    let dimensions = Memo::new(move |_| workspace.scheme.with(|scheme| scheme.dimensions.len()));
    let move_to = move |to_d: usize, to_i: usize| {
        workspace.edit_scheme(None, |s| move_indicator(s, d, i, to_d, to_i));
        if editor.selected.get_untracked() == Some((d, i)) {
            let placed = workspace.scheme.with_untracked(|s| {
                s.dimensions
                    .get(to_d)
                    .map(|dimension| to_i.min(dimension.indicators.len().saturating_sub(1)))
            });
            if let Some(placed) = placed {
                editor.selected.set(Some((to_d, placed)));
            }
        }
    };
    view! {
        <tr class:selected=selected data-testid=format!("indicator-{d}-{i}")>
            <th scope="row">
                <button
                    type="button"
                    class="link"
                    data-testid=format!("indicator-{d}-{i}-edit")
                    aria-pressed=move || selected().to_string()
                    on:click=move |_| editor.selected.set(Some((d, i)))
                >
                    {name}
                </button>
                <Show when=move || { problems() > 0 }>
                    <span
                        class="badge bad"
                        data-testid=format!("indicator-{d}-{i}-problems")
                        title=move || t_string!(i18n, scheme.indicator_problems, count = problems())
                    >
                        {move || format!("⚠ {}", problems())}
                    </span>
                </Show>
            </th>
            <td>
                <WeightField
                    level=Level::Indicators(d)
                    index=i
                    test_id=format!("indicator-{d}-{i}-weight")
                />
                <span class="hint share" data-testid=format!("indicator-{d}-{i}-share")>
                    {move || {
                        let share = show_number((share_of_total() * 10.0).round() / 10.0);
                        t_string!(i18n, scheme.share_of_total, share).to_string()
                    }}
                </span>
            </td>
            <td class="scoring">{scoring}</td>
            <td class="row-actions">
                <button
                    type="button"
                    data-testid=format!("indicator-{d}-{i}-up")
                    aria-label=tr_fn!(i18n, scheme.move_up)
                    title=tr_fn!(i18n, scheme.move_up)
                    disabled=move || d == 0 && i == 0
                    on:click=move |_| {
                        if i > 0 {
                            move_to(d, i - 1);
                        } else {
                            // Up from the top: to the end of the dimension above.
                            move_to(d - 1, usize::MAX);
                        }
                    }
                >
                    "↑"
                </button>
                <button
                    type="button"
                    data-testid=format!("indicator-{d}-{i}-down")
                    aria-label=tr_fn!(i18n, scheme.move_down)
                    title=tr_fn!(i18n, scheme.move_down)
                    disabled=move || { i + 1 >= siblings.get() && d + 1 >= dimensions.get() }
                    on:click=move |_| {
                        if i + 1 < siblings.get_untracked() {
                            move_to(d, i + 1);
                        } else {
                            // Down from the bottom: to the top of the dimension below.
                            move_to(d + 1, 0);
                        }
                    }
                >
                    "↓"
                </button>
                <button
                    type="button"
                    class="danger"
                    data-testid=format!("indicator-{d}-{i}-remove")
                    aria-label=move || t_string!(i18n, scheme.remove_named, name = name())
                    on:click=move |_| {
                        editor.selected.set(None);
                        workspace.edit_scheme(None, |s| remove_indicator(s, d, i));
                    }
                >
                    "✕"
                </button>
            </td>
        </tr>
    }
}

/// One weight, as a number and a slider, under the profile in use. With
/// `rebalance`, the level's other weights rescale so it still adds up to
/// 100 (the Scorecards area's "try weights").
#[component]
fn WeightField(
    level: Level,
    index: usize,
    test_id: String,
    #[prop(optional)] rebalance: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let workspace = editor.workspace;
    let value = Signal::derive(move || {
        let profile = editor.profile_index();
        workspace.scheme.with(|scheme| {
            level_weights(scheme, profile, level)
                .get(index)
                .copied()
                .unwrap_or_default()
        })
    });
    let key = move || {
        format!(
            "weight.{level:?}.{index}.{:?}",
            workspace.profile.get_untracked()
        )
    };
    // Rebalancing starts from the weights as they were before this run of
    // edits (and the weights it set), so moving one weight to 100 and back
    // gives the others back their proportions.
    let rebalance_from = StoredValue::new(None::<(Vec<f64>, Vec<f64>)>);
    let set = move |weight: f64| {
        let profile = editor.profile_index();
        workspace.edit_scheme(Some(&key()), |scheme| {
            if rebalance {
                let current = level_weights(scheme, profile, level);
                let base = match rebalance_from.get_value() {
                    Some((base, set)) if set == current => base,
                    _ => current,
                };
                let weights = rebalanced(&base, index, weight);
                set_level_weights(scheme, profile, level, &weights);
                rebalance_from.set_value(Some((base, weights)));
            } else {
                set_weight(scheme, profile, level, index, weight);
            }
        });
    };
    let label = Signal::derive(move || match level {
        Level::Dimensions => t_string!(i18n, scheme.weight_in_total).to_string(),
        Level::Indicators(_) => t_string!(i18n, scheme.weight).to_string(),
    });
    // In the indicator table the column header names the weight.
    let hide_label = matches!(level, Level::Indicators(_));
    let slider_id = format!("{test_id}-slider");
    view! {
        <span class="weight-field">
            <NumberField label value set test_id=test_id hide_label />
            <input
                type="range"
                min="0"
                max="100"
                step="1"
                data-testid=slider_id
                aria-label=label
                prop:value=move || show_number(value.get())
                on:input=move |ev| {
                    if let Ok(weight) = event_target_value(&ev).parse::<f64>() {
                        set(weight);
                    }
                }
                on:change=move |_| workspace.seal_step()
            />
        </span>
    }
}

/// The running sum of one level's weights, and the two repairs, which run
/// only when asked.
#[component]
fn LevelSum(level: Level, test_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let workspace = editor.workspace;
    let weights = Memo::new(move |_| {
        let profile = editor.profile_index();
        workspace
            .scheme
            .with(|scheme| level_weights(scheme, profile, level))
    });
    let sum = move || weights.with(|weights| weights.iter().sum::<f64>());
    let off = move || !adds_up_to_100(sum());
    let apply = move |weights: Vec<f64>| {
        let profile = editor.profile_index();
        workspace.edit_scheme(None, |scheme| {
            set_level_weights(scheme, profile, level, &weights);
        });
    };
    let spread = move |_| apply(spread_evenly(weights.with_untracked(Vec::len)));
    let scale = move |_| {
        if let Some(scaled) = weights.with_untracked(|weights| scale_to_100(weights)) {
            apply(scaled);
        }
    };
    let can_scale = move || weights.with(|weights| scale_to_100(weights).is_some());
    view! {
        <Show when=move || weights.with(|weights| !weights.is_empty())>
            <div class="level-sum" class:off=off>
                <span data-testid=test_id.clone()>
                    {move || {
                        let sum = show_number(sum());
                        if off() {
                            t_string!(i18n, scheme.sum_off, sum).to_string()
                        } else {
                            t_string!(i18n, scheme.sum_ok, sum).to_string()
                        }
                    }}
                </span>
                <button type="button" data-testid=format!("{test_id}-spread") on:click=spread>
                    {tr!(i18n, scheme.spread_evenly)}
                </button>
                <button
                    type="button"
                    data-testid=format!("{test_id}-scale")
                    disabled=move || !off() || !can_scale()
                    on:click=scale
                >
                    {t!(i18n, scheme.scale_to_100)}
                </button>
            </div>
        </Show>
    }
}

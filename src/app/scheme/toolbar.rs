//! The top of the designer: starting from a preset, undo and redo, whether
//! the scheme can be scored, its names and key columns, and the weight
//! profiles.

use leptos::prelude::*;

use super::super::chunk::{ChunkFailedNote, ChunkNotLoaded, chunk, when_ready};
use super::super::download::download_text;
use super::super::messages::{name_in, name_now, place_name, profile_names, scheme_error_text};
use super::fields::{FieldErrors, NameFields, TextField};
use super::use_editor;
use crate::app::state::{starter_scheme, use_workspace};
use crate::i18n::*;
use kpi_engine::dataset::Dataset;
use kpi_engine::edit::profiles::{add_profile, remove_profile};
use kpi_engine::presets::{LISTED, PRESETS};
use kpi_engine::scheme::{Grading, KeyColumns, Names, SCHEME_FORMAT, SCHEME_VERSION, Scheme};
use kpi_engine::validate::Location;

/// What "start from" can start from: the example or a preset, listed by
/// its names; [`Start::scheme`] gives the scheme itself.
#[derive(Clone, Debug)]
pub struct Start {
    pub id: String,
    /// The id of its scheme (a preset's is the preset's id).
    pub scheme_id: String,
    pub name: Names,
    pub description: Names,
    /// Its index in [`PRESETS`]; `None` for the example.
    preset: Option<usize>,
}

impl Start {
    /// The scheme: the example's at once; a preset's from the presets'
    /// chunk, fetched the first time one is chosen.
    pub async fn scheme(&self) -> Result<Scheme, ChunkNotLoaded> {
        match self.preset {
            None => Ok(starter_scheme()),
            Some(index) => preset_scheme(index).await,
        }
    }
}

// The presets' scheme files (and, through the Data area, their sample
// teams) are not part of the page at open.
chunk!(
    presets,
    fn preset_scheme(index: usize) -> Scheme {
        PRESETS[index].scheme()
    }
);

/// The presets and the example, by name.
pub fn starts() -> Vec<Start> {
    let names = |[en, zh]: [&str; 2]| Names {
        en: en.to_owned(),
        zh: zh.to_owned(),
    };
    let mut starts: Vec<Start> = LISTED
        .iter()
        .enumerate()
        .map(|(index, listed)| Start {
            id: listed.id.to_owned(),
            scheme_id: listed.id.to_owned(),
            name: names(listed.info.name),
            description: names(listed.info.description),
            preset: Some(index),
        })
        .collect();
    let example = starter_scheme();
    starts.push(Start {
        id: "example".to_owned(),
        scheme_id: example.id,
        name: example.name,
        description: example.description,
        preset: None,
    });
    starts
}

/// Runs `then` with the chosen start's scheme (an empty one for none), at
/// once or when its chunk has come; sets `failed` if it could not come.
pub fn with_scheme(
    start: Option<Start>,
    failed: RwSignal<bool>,
    then: impl FnOnce(Scheme) + 'static,
) {
    failed.set(false);
    let Some(start) = start else {
        then(empty_scheme());
        return;
    };
    when_ready(
        async move { start.scheme().await },
        move |scheme| match scheme {
            Ok(scheme) => then(scheme),
            Err(ChunkNotLoaded) => failed.set(true),
        },
    );
}

/// A scheme with nothing in it, named in both languages.
pub fn empty_scheme() -> Scheme {
    Scheme {
        format: SCHEME_FORMAT.to_owned(),
        version: SCHEME_VERSION,
        id: "my-scheme".to_owned(),
        name: Names {
            en: td_string!(Locale::en, scheme.new_scheme_name).to_string(),
            zh: td_string!(Locale::zh, scheme.new_scheme_name).to_string(),
        },
        description: Names::default(),
        columns: KeyColumns::default(),
        inputs: Vec::new(),
        dimensions: Vec::new(),
        grading: Grading::default(),
        min_coverage: None,
        bonus: None,
        profiles: Vec::new(),
    }
}

#[component]
pub fn Toolbar() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let workspace = editor.workspace;
    let starts = StoredValue::new(starts());
    // The picker opens on what the scheme was started from, if it shows.
    let current = workspace.scheme.with_untracked(|scheme| scheme.id.clone());
    let choice = RwSignal::new(starts.with_value(|starts| {
        starts
            .iter()
            .find(|start| start.scheme_id == current)
            .map_or_else(|| LISTED[0].id.to_owned(), |start| start.id.clone())
    }));
    // The name of what was loaded last, for the note under the picker.
    let loaded = RwSignal::new(None::<Names>);

    let chosen = move || {
        let id = choice.get();
        starts.with_value(|starts| starts.iter().find(|start| start.id == id).cloned())
    };
    let description = move || {
        chosen().map_or_else(
            || t_string!(i18n, scheme.empty_description).to_string(),
            |start| name_in(i18n, &start.description),
        )
    };
    // None: a new project; Some(n): replaced here, n sources removed.
    let dropped = RwSignal::new(None::<usize>);
    // By default a preset starts a project of its own, so the figures of
    // one scheme never show under another.
    // Set when a preset's scheme could not be fetched.
    let failed = RwSignal::new(false);
    let load = move |_| {
        with_scheme(chosen(), failed, move |scheme| {
            loaded.set(Some(scheme.name.clone()));
            dropped.set(None);
            editor.selected.set(None);
            let name = name_now(i18n, &scheme.name);
            workspace.create_project(&name, scheme, Dataset::default());
        });
    };
    // Or, on request, it replaces this project's scheme, keeping the
    // figures whose columns still map.
    let replace = move |_| {
        with_scheme(chosen(), failed, move |scheme| {
            loaded.set(Some(scheme.name.clone()));
            editor.selected.set(None);
            dropped.set(Some(workspace.replace_scheme(scheme)));
        });
    };
    let download = move |_| {
        let (name, json) = workspace
            .scheme
            .with(|scheme| (format!("{}.json", scheme.id), scheme.to_json()));
        let _ = download_text(&name, "application/json", &json);
    };

    view! {
        <div class="scheme-toolbar">
            <div class="start-from">
                <label class="field">
                    <span class="field-label">{tr!(i18n, scheme.start_from)}</span>
                    <select
                        data-testid="preset-select"
                        on:change=move |ev| choice.set(event_target_value(&ev))
                    >
                        {move || {
                            starts
                                .with_value(|starts| {
                                    starts
                                        .iter()
                                        .map(|start| {
                                            let id = start.id.clone();
                                            let selected = id.clone();
                                            view! {
                                                <option
                                                    value=id
                                                    selected=move || choice.get() == selected
                                                >
                                                    {name_in(i18n, &start.name)}
                                                </option>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                        <option value="empty" selected=move || choice.get() == "empty">
                            {tr!(i18n, scheme.empty_option)}
                        </option>
                    </select>
                </label>
                <button type="button" data-testid="preset-load" on:click=load>
                    {tr!(i18n, scheme.use_this)}
                </button>
                <button type="button" data-testid="preset-replace" on:click=replace>
                    {tr!(i18n, scheme.replace_scheme)}
                </button>
                <p class="hint" data-testid="preset-description">{description}</p>
                <ChunkFailedNote failed test_id="preset-failed" />
                <Show when=move || loaded.get().is_some()>
                    <p class="hint" role="status" data-testid="preset-loaded">
                        {move || {
                            let name = loaded.get().map(|names| name_in(i18n, &names));
                            let name = name.unwrap_or_default();
                            match dropped.get() {
                                None => t_string!(i18n, scheme.loaded_new, name).to_string(),
                                Some(0) => t_string!(i18n, scheme.loaded, name).to_string(),
                                Some(count) => {
                                    format!(
                                        "{} {}",
                                        t_string!(i18n, scheme.loaded, name),
                                        t_string!(i18n, scheme.sources_dropped, count),
                                    )
                                }
                            }
                        }}
                    </p>
                </Show>
            </div>
            <div class="history" role="group" aria-label=tr_fn!(i18n, scheme.history)>
                <UndoRedo />
                <button type="button" data-testid="scheme-download" on:click=download>
                    {tr!(i18n, scheme.download)}
                </button>
            </div>
        </div>
    }
}

/// Whether the scheme can be scored, and if not, everything that stops it,
/// each with a way to the field at fault.
#[component]
pub fn Status() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    // Under a profile, its weight sums are shown once: where the weights
    // are.
    let shown = Memo::new(move |_| {
        let active = editor.profile_index();
        let mut errors = editor.scoring.errors.get();
        errors.retain(|error| {
            !(error.field == "weight"
                && matches!(error.location, Location::Profile { profile } if Some(profile) == active))
        });
        errors
    });
    let count = move || shown.with(Vec::len);
    let summary = move || {
        let (dimensions, indicators) = editor
            .scoring
            .weighted
            .with(|scheme| (scheme.dimensions.len(), scheme.indicators().count()));
        match count() {
            0 => t_string!(i18n, scheme.valid, dimensions, indicators).to_string(),
            problems => t_string!(i18n, scheme.invalid, problems).to_string(),
        }
    };
    let problems = move || {
        let errors = shown.get();
        editor.workspace.scheme.with(|scheme| {
            errors
                .iter()
                .map(|error| {
                    let place = place_name(i18n, scheme, &error.location);
                    let message = scheme_error_text(i18n, scheme, error);
                    let target = match error.location {
                        Location::Indicator {
                            dimension,
                            indicator,
                        } => Some((dimension, indicator)),
                        _ => None,
                    };
                    let show = move |_| editor.selected.set(target);
                    view! {
                        <li>
                            {match target {
                                Some(_) => {
                                    view! {
                                        <button type="button" class="link" on:click=show>
                                            {place}
                                        </button>
                                    }
                                        .into_any()
                                }
                                None => view! { <strong>{place}</strong> }.into_any(),
                            }}
                            {": "}
                            {message}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div
            class="scheme-status"
            class:invalid=move || { count() > 0 }
            role="status"
            data-testid="scheme-status"
        >
            <p>{summary}</p>
            <Show when=move || { count() > 0 }>
                <ul data-testid="scheme-problems">{problems}</ul>
            </Show>
        </div>
    }
}

/// The scheme's names and which key columns the figures have.
#[component]
pub fn SchemeNames() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_editor().workspace;
    let has = move |group: bool| {
        workspace.scheme.with(|scheme| {
            if group {
                scheme.columns.group.is_some()
            } else {
                scheme.columns.period.is_some()
            }
        })
    };
    let toggle = move |group: bool| {
        move |ev| {
            let on = event_target_checked(&ev);
            workspace.edit_scheme(None, |scheme| {
                let column = if group {
                    &mut scheme.columns.group
                } else {
                    &mut scheme.columns.period
                };
                *column = on.then(|| if group { "group" } else { "period" }.to_owned());
            });
        }
    };
    view! {
        <fieldset class="scheme-names">
            <legend>{tr!(i18n, scheme.about)}</legend>
            <div class="field-row">
                <NameFields
                    read=move |lang| workspace.scheme.with(|scheme| lang.of(&scheme.name).clone())
                    set=move |lang, text| {
                        workspace.edit_scheme(Some(&format!("name.{}", lang.code())), |scheme| {
                            *lang.of_mut(&mut scheme.name) = text;
                        });
                    }
                    test_id="scheme-name".to_owned()
                />
            </div>
            <div class="field-row">
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="has-group"
                        prop:checked=move || has(true)
                        on:change=toggle(true)
                    />
                    {tr!(i18n, scheme.has_group)}
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="has-period"
                        prop:checked=move || has(false)
                        on:change=toggle(false)
                    />
                    {tr!(i18n, scheme.has_period)}
                </label>
            </div>
            <FieldErrors location=Location::Scheme field=Some("dimensions") id="errors-scheme".to_owned() />
        </fieldset>
    }
}

/// The undo and redo buttons.
#[component]
pub fn UndoRedo() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    view! {
        <button
            type="button"
            data-testid="undo"
            aria-keyshortcuts="Control+Z"
            title=tr_fn!(i18n, scheme.undo_hint)
            disabled=move || !workspace.can_undo.get()
            on:click=move |_| workspace.undo()
        >
            {tr!(i18n, scheme.undo)}
        </button>
        <button
            type="button"
            data-testid="redo"
            aria-keyshortcuts="Control+Shift+Z Control+Y"
            title=tr_fn!(i18n, scheme.redo_hint)
            disabled=move || !workspace.can_redo.get()
            on:click=move |_| workspace.redo()
        >
            {tr!(i18n, scheme.redo)}
        </button>
    }
}

/// Which weighting is in use: the scheme's own weights or a profile's.
#[component]
pub fn ProfilePicker() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    let names = move || workspace.scheme.with(|scheme| profile_names(i18n, scheme));
    view! {
        <label class="field">
            <span class="field-label">{tr!(i18n, scheme.profile_in_use)}</span>
            <select
                data-testid="profile-select"
                // Follows undo and deletions once the user has picked.
                prop:value=move || workspace.profile.get().unwrap_or_default()
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    workspace.profile.set((!id.is_empty()).then_some(id));
                }
            >
                <option value="" selected=move || workspace.profile.get().is_none()>
                    {tr!(i18n, scheme.own_weights)}
                </option>
                {move || {
                    names()
                        .into_iter()
                        .map(|(id, name)| {
                            let value = id.clone();
                            view! {
                                <option
                                    value=value
                                    selected=move || {
                                        workspace.profile.get().as_deref() == Some(id.as_str())
                                    }
                                >
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// The weight profiles: which one is in use, and making, copying, naming
/// and deleting them.
#[component]
pub fn Profiles() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let workspace = editor.workspace;
    let active = move || editor.profile_index();
    let new_name = move || Names {
        en: td_string!(Locale::en, scheme.new_profile_name).to_string(),
        zh: td_string!(Locale::zh, scheme.new_profile_name).to_string(),
    };
    let create = move |from_active: bool| {
        move |_| {
            let from = if from_active { active() } else { None };
            let mut name = new_name();
            if let Some(p) = from {
                let copy = workspace
                    .scheme
                    .with_untracked(|s| s.profiles[p].name.clone());
                name = Names {
                    en: td_string!(Locale::en, scheme.copy_of, name = copy.en).to_string(),
                    zh: td_string!(Locale::zh, scheme.copy_of, name = copy.zh).to_string(),
                };
            }
            let mut id = String::new();
            workspace.edit_scheme(None, |scheme| {
                let p = add_profile(scheme, from, name);
                id = scheme.profiles[p].id.clone();
            });
            workspace.profile.set(Some(id));
        }
    };
    let delete = move |_| {
        if let Some(p) = active() {
            workspace.profile.set(None);
            workspace.edit_scheme(None, |scheme| remove_profile(scheme, p));
        }
    };
    let profile_name = move |zh: bool| {
        Signal::derive(move || {
            let p = active();
            workspace.scheme.with(|scheme| {
                p.and_then(|p| scheme.profiles.get(p))
                    .map(|profile| {
                        if zh {
                            profile.name.zh.clone()
                        } else {
                            profile.name.en.clone()
                        }
                    })
                    .unwrap_or_default()
            })
        })
    };
    let set_profile_name = move |zh: bool| {
        move |text: String| {
            let Some(p) = active() else { return };
            let key = format!("profile{p}.name.{}", if zh { "zh" } else { "en" });
            workspace.edit_scheme(Some(&key), |scheme| {
                if let Some(profile) = scheme.profiles.get_mut(p) {
                    if zh {
                        profile.name.zh = text;
                    } else {
                        profile.name.en = text;
                    }
                }
            });
        }
    };

    view! {
        <fieldset class="profiles" data-testid="profiles">
            <legend>{tr!(i18n, scheme.profiles)}</legend>
            <p class="hint">{tr!(i18n, scheme.profiles_hint)}</p>
            <div class="field-row">
                <ProfilePicker />
                <button type="button" data-testid="profile-new" on:click=create(false)>
                    {tr!(i18n, scheme.profile_new)}
                </button>
                <Show when=move || active().is_some()>
                    <button type="button" data-testid="profile-duplicate" on:click=create(true)>
                        {tr!(i18n, scheme.profile_duplicate)}
                    </button>
                    <button type="button" data-testid="profile-delete" on:click=delete>
                        {tr!(i18n, scheme.profile_delete)}
                    </button>
                </Show>
            </div>
            <Show when=move || active().is_some()>
                <div class="field-row">
                    <TextField
                        label=Signal::derive(tr_string!(i18n, scheme.profile_name_en))
                        value=profile_name(false)
                        set=set_profile_name(false)
                        test_id="profile-name-en".to_owned()
                        lang="en"
                    />
                    <TextField
                        label=Signal::derive(tr_string!(i18n, scheme.profile_name_zh))
                        value=profile_name(true)
                        set=set_profile_name(true)
                        test_id="profile-name-zh".to_owned()
                        lang="zh"
                    />
                </div>
                <p class="hint">{tr!(i18n, scheme.profile_weights_hint)}</p>
            </Show>
        </fieldset>
    }
}

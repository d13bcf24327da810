//! The Data area: paste or upload per-agent figures, check how they were
//! read and how their columns map to the scheme, import them, and see every
//! problem found.
//!
//! Nothing the user gave is dropped on a failure: the pasted text stays in
//! its box, a read error leaves the previous preview and the imported
//! figures as they were, and each imported source keeps its raw cells so a
//! mapping can change without a new upload.

mod dataset;
mod mapping;
mod preview;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::download::{CSV, download_text};
use super::import::{self, ImportError, Jobs, Raw, Read, Stage};
use super::messages::{name_in, read_error_text};
use super::projects::start_project;
use super::state::{sample_figures, use_workspace};
use crate::i18n::*;
use kpi_engine::export::{Language, template_csv};
use kpi_engine::figures::Merge;
use kpi_engine::mapping::{ColumnMapping, auto_map};
use kpi_engine::presets::PRESETS;
use kpi_engine::reading::ReadChoice;

use dataset::DatasetView;
use preview::Preview;

/// A table read and waiting for the user's check, with what they chose so
/// far.
#[derive(Clone)]
struct Pending {
    read: Read,
    choice: ReadChoice,
}

#[component]
pub fn DataArea() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    let jobs = workspace.jobs;
    let pending = RwSignal::new(None::<Pending>);
    let mapping = RwSignal::new(ColumnMapping::default());
    // How the next import joins the figures, and the period of its rows:
    // kept while the same input is read again another way.
    let merge = RwSignal::new(Merge::Replace);
    let period = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ImportError>);
    let paste = RwSignal::new(String::new());
    let dragging = RwSignal::new(false);
    import::warm_up();

    // Reads an input; `again` is the same input read another way (another
    // encoding, separator or sheet), which keeps the user's choices.
    let read_input = move |raw: Raw, choice: ReadChoice, again: bool| {
        error.set(None);
        spawn_local(async move {
            match import::read(jobs, raw, choice.clone()).await {
                None => {}
                Some(Ok(read)) => {
                    let remembered = if again {
                        Some(mapping.get_untracked())
                    } else {
                        workspace.remembered_mapping()
                    };
                    let auto = workspace.scheme.with_untracked(|scheme| {
                        auto_map(scheme, read.table.headers(), remembered.as_ref())
                    });
                    if !again {
                        let has_figures = workspace
                            .dataset
                            .with_untracked(|dataset| !dataset.sources.is_empty());
                        merge.set(if has_figures {
                            Merge::ByPeriod
                        } else {
                            Merge::Replace
                        });
                        period.set(String::new());
                    }
                    mapping.set(auto);
                    pending.set(Some(Pending { read, choice }));
                }
                Some(Err(err)) => error.set(Some(err)),
            }
        });
    };
    let start = move |raw: Raw, choice: ReadChoice| read_input(raw, choice, false);
    let read_paste = move |_| {
        let text = paste.get_untracked();
        start(Raw::Paste(text.into()), ReadChoice::default());
    };
    let read_file = move |file: web_sys::File| {
        error.set(None);
        spawn_local(async move {
            match import::file_bytes(file).await {
                Ok(raw) => start(raw, ReadChoice::default()),
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            read_file(file);
        }
        // Picking the same file again must fire `change` again.
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|transfer| transfer.files())
            .and_then(|files| files.get(0))
        {
            read_file(file);
        }
    };
    let on_drag_over = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(true);
    };
    let download_template = move |_| {
        let language = match i18n.get_locale_untracked() {
            Locale::zh => Language::Zh,
            Locale::en => Language::En,
        };
        let (text, id) = workspace
            .scheme
            .with_untracked(|scheme| (template_csv(scheme, language), scheme.id.clone()));
        let _ = download_text(&format!("{id}-template.csv"), CSV, &text);
    };
    let scheme_name = move || workspace.scheme.with(|scheme| name_in(i18n, &scheme.name));
    let sample = move || workspace.scheme.with(|scheme| sample_figures(&scheme.id));
    let try_sample = move |_| {
        if let Some((name, csv)) = sample() {
            let bytes = import::FileBytes::copy_of(csv.as_bytes());
            start(Raw::File { name, bytes }, ReadChoice::default());
        }
    };
    let download_sample = move |_| {
        if let Some((name, csv)) = sample() {
            // With a BOM, so Excel and WPS show the Chinese names.
            let _ = download_text(&name, CSV, &format!("\u{feff}{csv}"));
        }
    };
    // While a job runs, starting another would end it without a word: the
    // user cancels first.
    let busy = move || jobs.progress.with(Option::is_some);
    // Every preset with its sample team: one click starts a project with
    // both and opens its scorecards; the CSV downloads beside it (with a
    // BOM, for Excel).
    let preset_samples = PRESETS
        .iter()
        .map(|preset| {
            let name = preset.scheme().name;
            let start = move |_| start_project(i18n, workspace, preset.scheme(), true);
            let download = move |_| {
                let text = format!("\u{feff}{}", preset.sample);
                let _ = download_text(&preset.sample_file_name(), CSV, &text);
            };
            let label = name.clone();
            view! {
                <li>
                    <button
                        type="button"
                        class="chip"
                        data-testid=format!("preset-start-{}", preset.id)
                        disabled=busy
                        on:click=start
                    >
                        {move || name_in(i18n, &name)}
                    </button>
                    <button
                        type="button"
                        class="link small"
                        data-testid=format!("preset-sample-{}", preset.id)
                        aria-label=move || {
                            t_string!(i18n, data.preset_sample_csv_of, name = name_in(i18n, &label))
                                .to_string()
                        }
                        on:click=download
                    >
                        {t!(i18n, data.preset_sample_csv)}
                    </button>
                </li>
            }
        })
        .collect_view();
    let reread = Callback::new(move |choice: ReadChoice| {
        if let Some(pending) = pending.get_untracked() {
            read_input(pending.read.raw, choice, true);
        }
    });

    view! {
        <section class="area" data-testid="area-data">
            <h2>{t!(i18n, data_title)}</h2>
            <p class="intro">{t!(i18n, data_intro)}</p>
            <div class="import-inputs">
                <div class="paste-box">
                    <label for="paste-input">{t!(i18n, data.paste_label)}</label>
                    <textarea
                        id="paste-input"
                        data-testid="paste-input"
                        rows="6"
                        spellcheck="false"
                        placeholder=move || t_string!(i18n, data.paste_placeholder)
                        prop:value=move || paste.get()
                        on:input=move |ev| paste.set(event_target_value(&ev))
                    ></textarea>
                    <button
                        type="button"
                        class="primary"
                        data-testid="paste-read"
                        disabled=move || paste.with(|text| text.trim().is_empty()) || busy()
                        on:click=read_paste
                    >
                        {t!(i18n, data.paste_read)}
                    </button>
                </div>
                <div
                    class="drop-zone"
                    class:dragging=move || dragging.get()
                    data-testid="drop-zone"
                    on:dragover=on_drag_over
                    on:dragleave=move |_| dragging.set(false)
                    on:drop=on_drop
                >
                    <p>{t!(i18n, data.drop_hint)}</p>
                    <label class="button">
                        {t!(i18n, data.choose_file)}
                        <input
                            type="file"
                            class="visually-hidden"
                            accept=".csv,.tsv,.txt,.xlsx,text/csv,text/plain"
                            data-testid="file-input"
                            disabled=busy
                            on:change=on_pick
                        />
                    </label>
                    <p class="hint">{t!(i18n, data.formats_hint)}</p>
                </div>
            </div>
            <p class="template">
                <button type="button" data-testid="template-download" on:click=download_template>
                    {move || t_string!(i18n, data.template_download, scheme = scheme_name()).to_string()}
                </button>
                <span class="hint">{t!(i18n, data.template_hint)}</span>
            </p>
            <Show when=move || sample().is_some()>
                <p class="template">
                    <button
                        type="button"
                        data-testid="sample-try"
                        disabled=busy
                        on:click=try_sample
                    >
                        {t!(i18n, data.sample_try)}
                    </button>
                    <button type="button" data-testid="sample-download" on:click=download_sample>
                        {t!(i18n, data.sample_download)}
                    </button>
                    <span class="hint">
                        {move || t_string!(i18n, data.sample_hint, scheme = scheme_name()).to_string()}
                    </span>
                </p>
            </Show>
            <div class="preset-samples" data-testid="preset-samples">
                <p class="hint" id="preset-samples-title">{t!(i18n, data.preset_samples)}</p>
                <ul aria-labelledby="preset-samples-title">{preset_samples}</ul>
            </div>
            <ProgressBar jobs />
            {move || {
                error
                    .get()
                    .map(|error| {
                        view! {
                            <p class="error" role="alert" data-testid="read-error">
                                {move || read_error_text(i18n, &error)}
                            </p>
                        }
                    })
            }}
            {move || {
                pending
                    .get()
                    .map(|Pending { read, choice }| {
                        view! { <Preview read choice mapping merge period reread pending /> }
                    })
            }}
            <DatasetView />
        </section>
    }
}

/// The running job's progress, with a way to stop it.
#[component]
fn ProgressBar(jobs: Jobs) -> impl IntoView {
    // `progress` is labelled; the rest of the row is for sighted users.
    let i18n = use_i18n();
    // The row is built once per job and its parts follow the progress, so
    // the cancel button stays the same element while the job runs (one
    // made anew at every step could miss a click).
    let running = Memo::new(move |_| jobs.progress.with(Option::is_some));
    let percent = move || {
        let fraction = jobs
            .progress
            .with(|progress| progress.as_ref().map_or(0.0, |(_, fraction)| *fraction));
        (fraction * 100.0).round().clamp(0.0, 100.0)
    };
    let typing = move || {
        jobs.progress
            .with(|progress| matches!(progress, Some((Stage::Typing, _))))
    };
    let label = move || {
        if typing() {
            t_string!(i18n, data.progress_typing).to_string()
        } else {
            t_string!(i18n, data.progress_reading).to_string()
        }
    };
    view! {
        <Show when=move || running.get()>
            <div class="progress" data-testid="progress">
                <span>{label}</span>
                <progress max="100" value=move || percent().to_string() aria-label=label></progress>
                <span>{move || format!("{}%", percent())}</span>
                <button type="button" data-testid="progress-cancel" on:click=move |_| jobs.cancel()>
                    {t!(i18n, data.cancel)}
                </button>
            </div>
        </Show>
    }
}

/// The label for how new figures join the old.
fn merge_label(i18n: leptos_i18n::I18nContext<Locale>, merge: Merge) -> String {
    match merge {
        Merge::Replace => t_string!(i18n, data.merge_replace),
        Merge::ByPeriod => t_string!(i18n, data.merge_by_period),
    }
    .to_string()
}

/// The element an event came from.
fn event_target<T: JsCast>(ev: &leptos::ev::Event) -> T {
    ev.target()
        .expect("an event from an element")
        .unchecked_into()
}

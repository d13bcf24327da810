//! Opening and saving project files, and share links.
//!
//! A file (picked or dropped) is checked whole by `store::file::open_file`
//! before anything changes; a scheme file becomes a new project, a project
//! file its projects, all or none. A share link carries the open project's
//! scheme in the URL fragment, compressed by the browser's own
//! `CompressionStream("deflate-raw")`, so no server sees it and no wasm is
//! spent on compression.

use js_sys::{Array, Function, Reflect, Uint8Array};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::download::download_text;
use super::messages::{file_error_text, name_in, name_now};
use super::state::{StorageProblem, use_workspace};
use crate::i18n::*;
use kpi_engine::dataset::Dataset;
use kpi_engine::scheme::Scheme;
use kpi_store::file::{Opened, open_file, project_file, projects_file};
use kpi_store::share::{LinkError, MAX_LINK_CHARS, MAX_SCHEME_BYTES, link_fragment, payload};

const JSON: &str = "application/json";

/// Runs bytes through the browser's `CompressionStream` or
/// `DecompressionStream` (`constructor`), deflate-raw.
async fn transform(bytes: &[u8], constructor: &str) -> Result<Vec<u8>, JsValue> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts)?;
    let constructor: Function = Reflect::get(&js_sys::global(), &constructor.into())?.dyn_into()?;
    let stream = Reflect::construct(&constructor, &Array::of1(&"deflate-raw".into()))?;
    let piped = blob.stream().pipe_through(stream.unchecked_ref());
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&piped))?;
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Why a share link was not made or not opened.
#[derive(Clone, Debug, PartialEq)]
enum LinkProblem {
    TooLong { chars: usize },
    Broken,
    Newer,
    Unsupported,
}

/// What a share link offers.
#[derive(Clone, Debug, PartialEq)]
enum Offer {
    Scheme(Box<Scheme>),
    Problem(LinkProblem),
}

/// The share link of `scheme`: the page's address with the scheme in the
/// fragment.
async fn share_link(scheme: &Scheme) -> Result<String, LinkProblem> {
    let compressed = transform(scheme.to_json().as_bytes(), "CompressionStream")
        .await
        .map_err(|_| LinkProblem::Unsupported)?;
    let location = window().location();
    let href = location.href().unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    let link = format!("{base}{}", link_fragment(&compressed));
    if link.len() > MAX_LINK_CHARS {
        return Err(LinkProblem::TooLong { chars: link.len() });
    }
    Ok(link)
}

/// The scheme a fragment carries, if it is a share link.
async fn offered(fragment: &str) -> Option<Offer> {
    let bytes = match payload(fragment)? {
        Ok(bytes) => bytes,
        Err(LinkError::Newer) => return Some(Offer::Problem(LinkProblem::Newer)),
        Err(LinkError::Malformed) => return Some(Offer::Problem(LinkProblem::Broken)),
    };
    let offer = match transform(&bytes, "DecompressionStream").await {
        Ok(json) if json.len() <= MAX_SCHEME_BYTES => std::str::from_utf8(&json)
            .ok()
            .and_then(|text| Scheme::from_json(text).ok())
            .map_or(Offer::Problem(LinkProblem::Broken), |scheme| {
                Offer::Scheme(Box::new(scheme))
            }),
        _ => Offer::Problem(LinkProblem::Broken),
    };
    Some(offer)
}

/// Offers the scheme of a share link the page was opened with (or that
/// was pasted into the address bar) as a new project. Nothing changes
/// until the user says so; a damaged link changes nothing at all.
#[component]
pub fn ShareOffer() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    let offer = RwSignal::new(None::<Offer>);
    let check = move || {
        let hash = window().location().hash().unwrap_or_default();
        spawn_local(async move {
            if let Some(found) = offered(&hash).await {
                // The shell may be gone by now.
                let _ = offer.try_set(Some(found));
            }
        });
    };
    check();
    let handle = window_event_listener(leptos::ev::hashchange, move |_| check());
    on_cleanup(move || handle.remove());
    // The link has been read: the address goes back to an area, so a
    // reload does not offer it again.
    let leave = move |hash: &str| {
        offer.set(None);
        let _ = window().location().set_hash(hash);
    };
    let add = move |_| {
        if let Some(Offer::Scheme(scheme)) = offer.get_untracked() {
            let name = name_now(i18n, &scheme.name);
            workspace.create_project(&name, *scheme, Dataset::default());
        }
        leave("#/scheme");
    };
    let message = move || match offer.get() {
        Some(Offer::Scheme(scheme)) => {
            let name = name_in(i18n, &scheme.name);
            t_string!(i18n, files.share_offer, name).to_string()
        }
        Some(Offer::Problem(LinkProblem::Newer)) => t_string!(i18n, files.share_newer).to_string(),
        Some(Offer::Problem(_)) => t_string!(i18n, files.share_broken).to_string(),
        None => String::new(),
    };
    let is_scheme = move || matches!(offer.get(), Some(Offer::Scheme(_)));
    view! {
        <Show when=move || offer.with(Option::is_some)>
            <div class="notice share-offer" role="status" data-testid="share-offer">
                <p data-testid="share-offer-text">{message}</p>
                <Show when=is_scheme>
                    <button type="button" class="primary" data-testid="share-add" on:click=add>
                        {tr!(i18n, files.share_add)}
                    </button>
                </Show>
                <button type="button" data-testid="share-dismiss" on:click=move |_| leave("#/projects")>
                    {tr!(i18n, files.share_dismiss)}
                </button>
            </div>
        </Show>
    }
}

/// Opening a file, exporting projects, sharing the open scheme.
#[component]
pub fn FilesPanel() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    // What the last file did: `Ok(n)` projects added, or the problem.
    let outcome = RwSignal::new(None::<Result<usize, String>>);
    let dragging = RwSignal::new(false);
    let open = move |file: web_sys::File| {
        spawn_local(async move {
            let read = JsFuture::from(file.array_buffer()).await;
            if !workspace.alive() {
                return;
            }
            let Ok(buffer) = read else {
                outcome.set(Some(Err(t_string!(i18n, files.unreadable).to_string())));
                return;
            };
            let bytes = Uint8Array::new(&buffer).to_vec();
            let result = match open_file(&bytes) {
                Err(error) => Err(file_error_text(i18n, &error)),
                Ok(Opened::Scheme(scheme)) => {
                    let name = name_now(i18n, &scheme.name);
                    workspace.create_project(&name, *scheme, Dataset::default());
                    Ok(1)
                }
                Ok(Opened::Projects { projects, mappings }) => {
                    let added = workspace.add_projects(projects, false).await;
                    if !workspace.alive() {
                        return;
                    }
                    match added {
                        Ok(ids) => {
                            workspace.mappings.update(|all| {
                                for (scheme, mapping) in mappings {
                                    all.entry(scheme).or_insert(mapping);
                                }
                            });
                            if let Some(first) = ids.first() {
                                workspace.open_project(first);
                            }
                            Ok(ids.len())
                        }
                        Err(chars) => {
                            workspace.add_problem(StorageProblem::NoRoom { chars });
                            Err(t_string!(i18n, files.no_room).to_string())
                        }
                    }
                }
            };
            let _ = outcome.try_set(Some(result));
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            open(file);
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        let file = ev
            .data_transfer()
            .and_then(|transfer| transfer.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            open(file);
        }
    };
    let export_open = move |_| {
        let id = workspace.current.get_untracked();
        spawn_local(async move {
            if let Some(project) = workspace.project_data(&id).await {
                let name = format!("{}.kpi-project.json", file_stem(&project.name));
                let _ = download_text(&name, JSON, &project_file(&project));
            }
        });
    };
    let export_all = move |_| {
        let ids: Vec<String> = workspace
            .index
            .with_untracked(|index| index.live().map(|p| p.id.clone()).collect());
        spawn_local(async move {
            let mut projects = Vec::new();
            for id in &ids {
                projects.extend(workspace.project_data(id).await);
            }
            let json = projects_file(projects, workspace.mappings.get_untracked());
            let _ = download_text("kpi-projects.json", JSON, &json);
        });
    };

    let link = RwSignal::new(None::<Result<String, LinkProblem>>);
    let copied = RwSignal::new(false);
    let share = move |_| {
        let scheme = workspace.scheme.get_untracked();
        copied.set(false);
        spawn_local(async move {
            let made = share_link(&scheme).await;
            if let Ok(text) = &made {
                let clipboard = window().navigator().clipboard();
                let done = JsFuture::from(clipboard.write_text(text)).await.is_ok();
                let _ = copied.try_set(done);
            }
            let _ = link.try_set(Some(made));
        });
    };
    let link_text = move || match link.get() {
        Some(Ok(_)) if copied.get() => t_string!(i18n, files.link_copied).to_string(),
        Some(Ok(_)) => t_string!(i18n, files.link_made).to_string(),
        Some(Err(LinkProblem::TooLong { chars })) => {
            t_string!(i18n, files.link_too_long, chars, max = MAX_LINK_CHARS).to_string()
        }
        Some(Err(_)) => t_string!(i18n, files.link_unsupported).to_string(),
        None => String::new(),
    };
    let link_value = move || match link.get() {
        Some(Ok(text)) => Some(text),
        _ => None,
    };

    view! {
        <section class="files" aria-labelledby="files-title">
            <h3 id="files-title">{tr!(i18n, files.title)}</h3>
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                data-testid="project-drop-zone"
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <p>{tr!(i18n, files.drop_hint)}</p>
                <label class="button">
                    {tr!(i18n, files.choose)}
                    <input
                        type="file"
                        class="visually-hidden"
                        accept=".json,application/json"
                        data-testid="project-file-input"
                        on:change=on_pick
                    />
                </label>
            </div>
            {move || {
                outcome
                    .get()
                    .map(|result| match result {
                        Ok(count) => {
                            view! {
                                <p class="hint" role="status" data-testid="file-opened">
                                    {t_string!(i18n, files.opened, count).to_string()}
                                </p>
                            }
                                .into_any()
                        }
                        Err(message) => {
                            view! {
                                <p class="notice error" role="alert" data-testid="file-error">
                                    {message}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
            <p class="buttons">
                <button type="button" data-testid="export-project" on:click=export_open>
                    {tr!(i18n, files.export_open)}
                </button>
                <button type="button" data-testid="export-all" on:click=export_all>
                    {tr!(i18n, files.export_all)}
                </button>
            </p>
            <h3>{tr!(i18n, files.share_title)}</h3>
            <p class="hint">{t!(i18n, files.share_hint, max = MAX_LINK_CHARS)}</p>
            <p class="buttons">
                <button type="button" data-testid="share-copy" on:click=share>
                    {tr!(i18n, files.share_copy)}
                </button>
            </p>
            <Show when=move || link.with(Option::is_some)>
                <p class="hint" role="status" data-testid="share-status">{link_text}</p>
            </Show>
            {move || {
                link_value()
                    .map(|text| {
                        view! {
                            <input
                                type="text"
                                readonly
                                class="share-link"
                                data-testid="share-link"
                                aria-label=tr_fn!(i18n, files.link_label)
                                prop:value=text
                            />
                        }
                    })
            }}
        </section>
    }
}

/// A project name as a file name: no characters file systems refuse.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if "\\/:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if stem.trim().is_empty() {
        "project".to_owned()
    } else {
        stem.trim().to_owned()
    }
}

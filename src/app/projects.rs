//! The Projects area: the projects kept in this browser (open, rename,
//! duplicate, delete with undo), a new project from a preset, the example
//! or an empty scheme, and what storage holds: each project's size and the
//! copies of unreadable items kept aside.

use leptos::prelude::*;

use super::chunk::ChunkFailedNote;
use super::download::download_text;
use super::files::FilesPanel;
use super::messages::{I18n, name_in, name_now, size_text, time_text};
use super::scheme::{starts, with_scheme};
use super::state::{Workspace, use_workspace};
use crate::i18n::*;
use kpi_engine::dataset::Dataset;
use kpi_engine::scheme::Scheme;
use kpi_store::workspace::Project;

#[component]
pub fn ProjectsArea() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="area" data-testid="area-projects" aria-labelledby="projects-title">
            <h2 id="projects-title">{tr!(i18n, projects.title)}</h2>
            <p class="intro">{tr!(i18n, projects.intro)}</p>
            <ProjectList />
            <Deleted />
            <NewProject />
            <FilesPanel />
            <StorageView />
        </section>
    }
}

#[component]
fn ProjectList() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    let projects = move || {
        workspace
            .index
            .with(|index| index.live().cloned().collect::<Vec<_>>())
    };
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label=tr_fn!(i18n, projects.list_label)>
            <table class="projects" data-testid="project-list">
                <thead>
                    <tr>
                        <th scope="col">{tr!(i18n, projects.col_name)}</th>
                        <th scope="col">{tr!(i18n, projects.col_scheme)}</th>
                        <th scope="col" class="num">{tr!(i18n, projects.col_agents)}</th>
                        <th scope="col" class="num">{tr!(i18n, projects.col_periods)}</th>
                        <th scope="col">{tr!(i18n, projects.col_edited)}</th>
                        <th scope="col" class="num">{tr!(i18n, projects.col_size)}</th>
                        <th scope="col">{tr!(i18n, projects.col_actions)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=projects key=|project| format!("{project:?}") let:project>
                        <ProjectRow project />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ProjectRow(project: Project) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    let id = StoredValue::new(project.id.clone());
    let name = StoredValue::new(project.name.clone());
    let is_open = move || workspace.current.get() == id.get_value();
    let renaming = RwSignal::new(false);
    let draft = RwSignal::new(project.name.clone());
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        workspace.rename_project(&id.get_value(), &draft.get_untracked());
        renaming.set(false);
    };
    let duplicate = move |_| {
        let copy = t_string!(i18n, projects.copy_name, name = name.get_value()).to_string();
        let id = id.get_value();
        leptos::task::spawn_local(async move {
            workspace.duplicate_project(&id, &copy).await;
        });
    };
    let delete = move |_| {
        let fresh = t_string!(i18n, scheme.new_scheme_name).to_string();
        workspace.delete_project(&id.get_value(), &fresh);
    };
    let summary = project.summary.clone();
    let edited = project.edited;
    let scheme = summary.scheme.clone();
    let chars = summary.total_chars();
    view! {
        <tr data-testid="project-row" class:current=is_open>
            <th scope="row" data-testid="project-name">
                <Show
                    when=move || renaming.get()
                    fallback=move || name.get_value()
                >
                    <form class="rename" on:submit=rename>
                        <input
                            type="text"
                            data-testid="project-rename-input"
                            aria-label=move || t_string!(i18n, projects.rename_label, name = name.get_value()).to_string()
                            prop:value=move || draft.get()
                            on:input=move |ev| draft.set(event_target_value(&ev))
                        />
                        <button type="submit" data-testid="project-rename-save">
                            {tr!(i18n, projects.rename_save)}
                        </button>
                    </form>
                </Show>
            </th>
            <td class="scheme" data-testid="project-scheme">{move || name_in(i18n, &scheme)}</td>
            <td class="num" data-testid="project-agents">{summary.agents}</td>
            <td class="num">{summary.periods}</td>
            <td>{move || time_text(i18n, edited)}</td>
            <td class="num" data-testid="project-size">{move || size_text(i18n, chars)}</td>
            <td>
                <div class="actions">
                <Show
                    when=is_open
                    fallback=move || {
                        view! {
                            {action_button(
                                "project-open",
                                tr_string!(i18n, projects.open),
                                move || t_string!(i18n, projects.open_named, name = name.get_value()).to_string(),
                                move |_| workspace.open_project(&id.get_value()),
                            )}
                        }
                    }
                >
                    <span class="badge" data-testid="project-is-open">{tr!(i18n, projects.is_open)}</span>
                </Show>
                {action_button(
                    "project-rename",
                    tr_string!(i18n, projects.rename),
                    move || t_string!(i18n, projects.rename_named, name = name.get_value()).to_string(),
                    move |_| renaming.update(|on| *on = !*on),
                )}
                {action_button(
                    "project-duplicate",
                    tr_string!(i18n, projects.duplicate),
                    move || t_string!(i18n, projects.duplicate_named, name = name.get_value()).to_string(),
                    duplicate,
                )}
                {action_button(
                    "project-delete",
                    tr_string!(i18n, projects.delete),
                    move || t_string!(i18n, projects.delete_named, name = name.get_value()).to_string(),
                    delete,
                )}
                </div>
            </td>
        </tr>
    }
}

/// A button whose text names the action ("Delete") and whose accessible
/// name says what it acts on ("Delete Team A"): a row repeats the action,
/// a screen reader lists the buttons by what they act on.
fn action_button(
    test_id: &'static str,
    text: impl Fn() -> String + Send + Sync + 'static,
    label: impl Fn() -> String + Send + Sync + 'static,
    click: impl FnMut(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    view! {
        <button type="button" data-testid=test_id aria-label=label on:click=click>
            {text}
        </button>
    }
}

/// Projects deleted in this tab, each with its undo.
#[component]
fn Deleted() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    let deleted = move || {
        let ids = workspace.deleted.get();
        workspace.index.with(|index| {
            ids.iter()
                .filter_map(|id| index.get(id).filter(|p| p.deleted.is_some()).cloned())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <For each=deleted key=|project| project.id.clone() let:project>
            {
                let id = project.id.clone();
                let name = project.name.clone();
                let label = name.clone();
                view! {
                    <p class="notice" role="status" data-testid="project-deleted">
                        {move || t_string!(i18n, projects.deleted, name = name.clone()).to_string()}
                        " "
                        {action_button(
                            "project-undo-delete",
                            tr_string!(i18n, projects.undo_delete),
                            move || t_string!(i18n, projects.undo_delete_named, name = label.clone()).to_string(),
                            move |_| workspace.restore_project(&id),
                        )}
                    </p>
                }
            }
        </For>
    }
}

/// Opens a new project with `scheme`; with its sample team, the sample is
/// read, mapped and imported too, and the scorecards open: one click from a
/// preset to a team's results.
pub fn start_project(i18n: I18n, workspace: Workspace, scheme: Scheme, with_sample: bool) {
    let name = name_now(i18n, &scheme.name);
    workspace.create_project(&name, scheme, Dataset::default());
    if with_sample {
        leptos::task::spawn_local(async move {
            if workspace.load_sample().await && workspace.alive() {
                let _ = window()
                    .location()
                    .set_hash(super::route::Area::Scorecards.hash());
            }
        });
    }
}

#[component]
fn NewProject() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    let starts = StoredValue::new(starts());
    let choice = RwSignal::new(starts.with_value(|starts| starts[0].id.clone()));
    let with_sample = RwSignal::new(true);
    let has_sample = move || choice.get() != "empty";
    // Set when a preset's scheme could not be fetched.
    let failed = RwSignal::new(false);
    let create = move |_| {
        let id = choice.get_untracked();
        let start = starts.with_value(|starts| starts.iter().find(|start| start.id == id).cloned());
        let with_sample = has_sample() && with_sample.get_untracked();
        with_scheme(start, failed, move |scheme| {
            start_project(i18n, workspace, scheme, with_sample);
        });
    };
    view! {
        <section class="new-project" aria-labelledby="new-project-title">
            <h3 id="new-project-title">{tr!(i18n, projects.new_title)}</h3>
            <label class="field">
                <span class="field-label">{tr!(i18n, projects.new_from)}</span>
                <select
                    data-testid="project-new-from"
                    prop:value=move || choice.get()
                    on:change=move |ev| choice.set(event_target_value(&ev))
                >
                    {starts
                        .with_value(|starts| {
                            starts
                                .iter()
                                .map(|start| {
                                    let names = start.name.clone();
                                    view! {
                                        <option value=start.id.clone()>
                                            {move || name_in(i18n, &names)}
                                        </option>
                                    }
                                })
                                .collect_view()
                        })}
                    <option value="empty">{tr!(i18n, projects.new_empty)}</option>
                </select>
            </label>
            <Show when=has_sample>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="project-with-sample"
                        prop:checked=move || with_sample.get()
                        on:change=move |ev| with_sample.set(event_target_checked(&ev))
                    />
                    {tr!(i18n, projects.with_sample)}
                </label>
            </Show>
            <button type="button" data-testid="project-create" on:click=create>
                {tr!(i18n, projects.new_create)}
            </button>
            <ChunkFailedNote failed test_id="project-new-failed" />
        </section>
    }
}

/// What storage holds: the projects' total, and the copies kept aside.
#[component]
fn StorageView() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    let used = move || {
        workspace.index.with(|index| {
            index
                .projects
                .iter()
                .map(|p| p.summary.total_chars())
                .sum::<usize>()
        })
    };
    let asides = move || workspace.asides.get();
    // The browser's own figures, for all this page keeps (IndexedDB too).
    leptos::task::spawn_local(async move {
        workspace
            .estimate
            .set(super::idb::persist_and_estimate().await);
    });
    let estimate = move || {
        workspace.estimate.get().map(|(used, quota)| {
            let used = size_text(i18n, (used / 2.0) as usize);
            let quota = size_text(i18n, (quota / 2.0) as usize);
            t_string!(i18n, projects.estimate, used, quota).to_string()
        })
    };
    view! {
        <section class="storage" aria-labelledby="storage-title">
            <h3 id="storage-title">{tr!(i18n, projects.storage_title)}</h3>
            <p data-testid="storage-used">
                {move || t_string!(i18n, projects.storage_used, size = size_text(i18n, used())).to_string()}
            </p>
            <p data-testid="storage-estimate">{estimate}</p>
            <h4>{tr!(i18n, projects.asides_title)}</h4>
            <Show
                when=move || !workspace.asides.with(Vec::is_empty)
                fallback=move || view! { <p>{tr!(i18n, projects.asides_none)}</p> }
            >
                <ul data-testid="asides">
                    <For each=asides key=|key| key.clone() let:key>
                        {
                            let download_key = key.clone();
                            let delete_key = key.clone();
                            let label = key.clone();
                            let label2 = key.clone();
                            let download = move |_| {
                                if let Some(text) = workspace.aside_text(&download_key) {
                                    let name = format!("{download_key}.txt");
                                    let _ = download_text(&name, "text/plain", &text);
                                }
                            };
                            view! {
                                <li data-testid="aside">
                                    <code>{key.clone()}</code>
                                    " "
                                    {action_button(
                                        "aside-download",
                                        tr_string!(i18n, projects.aside_download),
                                        move || t_string!(i18n, projects.aside_download_named, key = label.clone()).to_string(),
                                        download,
                                    )}
                                    {action_button(
                                        "aside-delete",
                                        tr_string!(i18n, projects.aside_delete),
                                        move || t_string!(i18n, projects.aside_delete_named, key = label2.clone()).to_string(),
                                        move |_| workspace.delete_aside(&delete_key),
                                    )}
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
        </section>
    }
}

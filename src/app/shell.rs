//! The app shell: header with the language switch, navigation between the
//! four areas, the current area, and the footer.

use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};

use super::cards::{CardsView, ScorecardsArea};
use super::chunk::{Chunked, chunk};
use super::data::DataArea;
use super::files::ShareOffer;
use super::messages::name_now;
use super::messages::storage_problem_text;
use super::offline::{UpdateNotice, when_idle};
use super::projects::ProjectsArea;
use super::route::{Area, use_current_area};
use super::scheme::SchemeArea;
use super::scoring::Scoring;
use super::settings;
use super::state::{StorageProblem, Workspace};
use crate::i18n::*;

/// The version shown in the footer.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider>
            <Shell />
        </I18nContextProvider>
    }
}

fn locale_from_id(id: &str) -> Option<Locale> {
    match id {
        "en" => Some(Locale::en),
        "zh" => Some(Locale::zh),
        _ => None,
    }
}

#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();

    // Apply the stored choice before the first paint, so a reload shows the
    // chosen language at once.
    let (stored, settings_problem) = settings::load();
    let stored_locale = stored
        .as_ref()
        .and_then(|s| s.locale.as_deref())
        .and_then(locale_from_id);
    if let Some(locale) = stored_locale {
        i18n.set_locale(locale);
        // The provider's own first effect resets the locale to the
        // browser's a tick later; this effect tracks nothing, so it runs
        // once, after it, and restores the user's choice before the frame
        // is painted.
        Effect::new(move |_| i18n.set_locale(locale));
    }
    let workspace = Workspace::provide(move |names| name_now(i18n, names));
    if let Some(problem) = settings_problem {
        workspace.add_problem(problem);
    }
    // Persist only changes: a user who never chose keeps following the
    // browser's language.
    Effect::new(move |previous: Option<Locale>| {
        let locale = i18n.get_locale();
        if previous.is_some_and(|previous| previous != locale) {
            settings::save_locale(&workspace, locale.as_str());
        }
        locale
    });

    Scoring::provide(workspace);
    CardsView::provide(workspace);
    let area = use_current_area();
    prefetch_areas(area.get_untracked());
    let main_ref = NodeRef::<leptos::html::Main>::new();
    let skip_to_main = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = main_ref.get() {
            let _ = main.focus();
        }
    };

    view! {
        <Title text=tr_string!(i18n, app_name) />
        <a class="skip-link" href="#main" on:click=skip_to_main>
            {tr!(i18n, skip_to_content)}
        </a>
        <header class="app-header">
            <div class="brand">
                <h1 data-testid="app-name">{tr!(i18n, app_name)}</h1>
                <p class="tagline">{tr!(i18n, tagline)}</p>
                <p class="current-project">
                    <a href=Area::Projects.hash() data-testid="current-project">
                        {move || {
                            let id = workspace.current.get();
                            let name = workspace
                                .index
                                .with(|index| index.get(&id).map(|p| p.name.clone()))
                                .unwrap_or_default();
                            t_string!(i18n, projects.current, name).to_string()
                        }}
                    </a>
                </p>
            </div>
            <LanguageSwitch />
        </header>
        <nav class="areas" aria-label=tr_fn!(i18n, nav_label)>
            <ul>
                {Area::ALL
                    .into_iter()
                    .map(|target| view! { <AreaLink area target /> })
                    .collect_view()}
            </ul>
        </nav>
        // Notices sit in the main landmark, above the area they concern.
        <main id="main" tabindex="-1" node_ref=main_ref data-testid="main">
            <UpdateNotice />
            <ShareOffer />
            {move || {
                workspace
                    .problems
                    .get()
                    .into_iter()
                    .map(|problem| {
                        // What is still not saved stays in view until it is.
                        let live = matches!(problem, StorageProblem::NotSaved { .. });
                        let text = problem.clone();
                        let dismiss = move |_| {
                            workspace
                                .problems
                                .update(|problems| problems.retain(|p| *p != problem));
                        };
                        view! {
                            <div class="notice" role="status" data-testid="storage-problem">
                                <p>{move || storage_problem_text(i18n, &text)}</p>
                                <Show when=move || live>
                                    <a href=Area::Projects.hash() data-testid="storage-problem-projects">
                                        {tr!(i18n, storage.see_projects)}
                                    </a>
                                </Show>
                                <Show when=move || !live>
                                    <button type="button" class="link" data-testid="storage-problem-dismiss" on:click=dismiss.clone()>
                                        {tr!(i18n, dismiss)}
                                    </button>
                                </Show>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            {move || view! { <AreaView area=area.get() /> }}
        </main>
        <footer class="app-footer">
            <span data-testid="version">{t!(i18n, footer_version, version = VERSION)}</span>
            <span>{tr!(i18n, footer_privacy)}</span>
        </footer>
    }
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let button = move |locale: Locale, test_id: &'static str| {
        let label = move || match locale {
            Locale::en => t_string!(i18n, language_en),
            Locale::zh => t_string!(i18n, language_zh),
        };
        view! {
            <button
                type="button"
                data-testid=test_id
                lang=locale.as_str()
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                on:click=move |_| i18n.set_locale(locale)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="lang-switch" role="group" aria-label=tr_fn!(i18n, language_label)>
            {button(Locale::en, "lang-en")}
            {button(Locale::zh, "lang-zh")}
        </div>
    }
}

#[component]
fn AreaLink(area: ReadSignal<Area>, target: Area) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || match target {
        Area::Scheme => t_string!(i18n, nav_scheme),
        Area::Projects => t_string!(i18n, nav_projects),
        Area::Data => t_string!(i18n, nav_data),
        Area::Scorecards => t_string!(i18n, nav_scorecards),
    };
    view! {
        <li>
            <a
                href=target.hash()
                data-testid=format!("nav-{}", target.id())
                aria-current=move || (area.get() == target).then_some("page")
            >
                {label}
            </a>
        </li>
    }
}

chunk!(projects_area, fn projects_view() -> AnyView { view! { <ProjectsArea /> }.into_any() }, fetch fetch_projects);
chunk!(data_area, fn data_view() -> AnyView { view! { <DataArea /> }.into_any() }, fetch fetch_data);
chunk!(scorecards_area, fn scorecards_view() -> AnyView { view! { <ScorecardsArea /> }.into_any() }, fetch fetch_scorecards);

/// Once the browser is idle, the chunks of the areas not shown are fetched,
/// one after the other, so that opening one later waits for no download: the
/// first screen needs none of them (and the service worker downloads every
/// file a few seconds later anyway). A fetch that fails here is tried again
/// when its area opens.
fn prefetch_areas(shown: Area) {
    let fetch = move || {
        leptos::task::spawn_local(async move {
            for area in [Area::Scorecards, Area::Data, Area::Projects] {
                if area == shown {
                    continue;
                }
                let _ = match area {
                    Area::Scorecards => fetch_scorecards().await,
                    Area::Data => fetch_data().await,
                    Area::Projects => fetch_projects().await,
                    Area::Scheme => Ok(()),
                };
            }
        });
    };
    when_idle(fetch);
}

/// The current area. The Scheme area is part of the page at open; each other
/// area's code is a chunk, fetched the first time it is shown.
#[component]
fn AreaView(area: Area) -> impl IntoView {
    match area {
        Area::Scheme => view! { <SchemeArea /> }.into_any(),
        Area::Projects => view! { <Chunked fetch=fetch_projects view=projects_view /> }.into_any(),
        Area::Data => view! { <Chunked fetch=fetch_data view=data_view /> }.into_any(),
        Area::Scorecards => {
            view! { <Chunked fetch=fetch_scorecards view=scorecards_view /> }.into_any()
        }
    }
}

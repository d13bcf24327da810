//! The offline cache: the page registers its service worker (`sw.js`, built
//! with the list of every file of this version), and says when a new version
//! has been fetched, which the next load uses.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::i18n::*;

fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Absent where service workers are not offered (plain HTTP off
    // localhost, some private modes): the page works online only.
    js_sys::Reflect::has(&navigator, &"serviceWorker".into())
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

/// Registers `sw.js` (next to the page, so a sub-path works too) a few
/// seconds after the page has loaded, when the browser is idle: installing
/// it downloads every file of the site, the chunks included, which would
/// otherwise compete with what the first screens need (the first area the
/// user opens among them). Called once by the page's entry point, never by
/// tests that mount the app.
pub fn start_offline_cache() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let later = || {
        let Some(window) = web_sys::window() else {
            return;
        };
        let then = Closure::once_into_js(|| when_idle(register));
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            then.unchecked_ref(),
            REGISTER_AFTER_MS,
        );
    };
    if window
        .document()
        .is_some_and(|doc| doc.ready_state() == "complete")
    {
        later();
    } else {
        let on_load = Closure::once_into_js(later);
        let _ = window.add_event_listener_with_callback("load", on_load.unchecked_ref());
    }
}

/// How long after the page's load the offline cache is set up.
const REGISTER_AFTER_MS: i32 = 3_000;

fn register() {
    if let Some(container) = container() {
        let _ = container.register("./sw.js");
    }
}

/// Runs `then` when the browser is idle; a moment later where it cannot say
/// (no `requestIdleCallback`).
pub(super) fn when_idle(then: impl FnOnce() + Copy + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let idle = Closure::once_into_js(then);
    if window.request_idle_callback(idle.unchecked_ref()).is_err() {
        let later = Closure::once_into_js(then);
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), 500);
    }
}

/// "A new version is ready": shown when a new service worker takes over a
/// page that an older one served.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let i18n = use_i18n();
    let updated = RwSignal::new(false);
    if let Some(container) = container() {
        // The first worker taking over a first visit is no update.
        if container.controller().is_some() {
            let on_change = Closure::<dyn FnMut()>::new(move || updated.set(true));
            let _ = container.add_event_listener_with_callback(
                "controllerchange",
                on_change.as_ref().unchecked_ref(),
            );
            // Lives as long as the page.
            on_change.forget();
        }
    }
    let reload = move |_| {
        let _ = window().location().reload();
    };
    view! {
        <Show when=move || updated.get()>
            <p class="notice" role="status" data-testid="update-ready">
                {tr!(i18n, offline.update_ready)}
                " "
                <button type="button" data-testid="update-reload" on:click=reload>
                    {tr!(i18n, offline.reload)}
                </button>
            </p>
        </Show>
    }
}

//! Helpers shared by the component tests.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// A fresh container appended to the body, and the app mounted into it.
pub struct Mounted {
    pub root: HtmlElement,
    // Unmounts the app when dropped.
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Mounts the whole app in a new container.
pub fn mount_app() -> Mounted {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), kpi_scorecard::app::App);
    Mounted {
        root,
        _handle: Box::new(handle),
    }
}

impl Mounted {
    /// The element with this `data-testid`; panics with the id if absent.
    pub fn find(&self, test_id: &str) -> HtmlElement {
        self.try_find(test_id)
            .unwrap_or_else(|| panic!("no element with data-testid={test_id:?}"))
    }

    pub fn try_find(&self, test_id: &str) -> Option<HtmlElement> {
        self.root
            .query_selector(&format!("[data-testid={test_id:?}]"))
            .unwrap()
            .map(|element| element.unchecked_into())
    }

    pub fn text(&self, test_id: &str) -> String {
        self.find(test_id).text_content().unwrap_or_default()
    }
}

/// Lets effects and the browser's queued events (such as `hashchange`) run.
pub async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    leptos::task::tick().await;
}

pub fn storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

/// Starts a test from a known state: no stored settings, no route.
pub fn reset() {
    storage().clear().unwrap();
    window().location().set_hash("").unwrap();
}

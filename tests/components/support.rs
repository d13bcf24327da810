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

/// Mounts the whole app in a new container. Files are read in the page:
/// the test runner serves no import worker (the end-to-end tests use it).
pub fn mount_app() -> Mounted {
    kpi_scorecard::app::read_in_page(kpi_read::read_input);
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

    /// Types into an input or textarea, or picks an option of a select, as
    /// a user would: the value changes, then `input` and `change` fire.
    pub fn set_value(&self, test_id: &str, value: &str) {
        let element = self.find(test_id);
        if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
            select.set_value(value);
            assert_eq!(select.value(), value, "{test_id} has no option {value:?}");
        } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            area.set_value(value);
        } else {
            element
                .unchecked_ref::<web_sys::HtmlInputElement>()
                .set_value(value);
        }
        for kind in ["input", "change"] {
            let event = web_sys::Event::new_with_event_init_dict(kind, &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            })
            .unwrap();
            element.dispatch_event(&event).unwrap();
        }
    }

    /// The value of an input, textarea or select.
    pub fn value(&self, test_id: &str) -> String {
        let element = self.find(test_id);
        if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
            select.value()
        } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            area.value()
        } else {
            element.unchecked_ref::<web_sys::HtmlInputElement>().value()
        }
    }

    /// Waits (up to about ten seconds) until the element's text starts with
    /// `prefix`; returns the text.
    pub async fn wait_for_text(&self, test_id: &str, prefix: &str) -> String {
        for _ in 0..1000 {
            if let Some(element) = self.try_find(test_id) {
                let text = element.text_content().unwrap_or_default();
                if text.starts_with(prefix) {
                    return text;
                }
            }
            settle().await;
        }
        panic!("data-testid={test_id:?} never started with {prefix:?}")
    }

    /// Waits (up to about ten seconds) until the element is gone.
    pub async fn wait_gone(&self, test_id: &str) {
        for _ in 0..1000 {
            if self.try_find(test_id).is_none() {
                return;
            }
            settle().await;
        }
        panic!("data-testid={test_id:?} never went away")
    }

    /// Waits (up to about ten seconds) until the element exists.
    pub async fn wait_for(&self, test_id: &str) -> HtmlElement {
        for _ in 0..1000 {
            if let Some(element) = self.try_find(test_id) {
                return element;
            }
            settle().await;
        }
        panic!("data-testid={test_id:?} never appeared")
    }
}

/// The set-up most tests share: a fresh app (nothing stored, no route, no
/// project open in this tab), switched to English.
pub async fn start_in_english() -> Mounted {
    reset();
    let app = mount_app();
    settle().await;
    app.find("lang-en").click();
    settle().await;
    app
}

impl Mounted {
    /// Goes to an area through its link in the nav (`nav-data`, ...).
    pub async fn go_to(&self, nav: &str) {
        self.find(nav).click();
        settle().await;
    }

    /// Pastes `text` on the Data area and reads it.
    pub async fn paste_and_read(&self, text: &str) {
        self.set_value("paste-input", text);
        settle().await;
        self.find("paste-read").click();
    }

    /// Pastes and reads `text`, and waits for its preview.
    pub async fn paste_and_preview(&self, text: &str) {
        self.paste_and_read(text).await;
        self.wait_for("preview").await;
    }

    /// Imports the open scheme's sample team from the Data area.
    pub async fn import_sample(&self) {
        self.go_to("nav-data").await;
        self.find("sample-try").click();
        self.wait_for("import-button").await.click();
        self.wait_for("dataset-summary").await;
    }

    /// Clicks the element `times` times, then lets the page settle.
    pub async fn click_times(&self, test_id: &str, times: usize) {
        for _ in 0..times {
            self.find(test_id).click();
        }
        settle().await;
    }
}

/// The page reports `key` as unreadable, and kept it aside as it was
/// (`text`).
pub fn assert_kept_aside(app: &Mounted, key: &str, text: &str) {
    let problem = app.text("storage-problem");
    assert!(problem.contains(&format!("{key}.unreadable.")), "{problem}");
    let asides = asides_of(key);
    assert_eq!(asides.len(), 1, "{asides:?}");
    assert_eq!(
        storage().get_item(&asides[0]).unwrap().as_deref(),
        Some(text)
    );
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

/// The body of a stored item, out of its envelope
/// (`{"format":"kpi-stored",...,"body":...}`).
pub fn stored_body(key: &str) -> Option<serde_json::Value> {
    let text = storage().get_item(key).unwrap()?;
    let item: serde_json::Value = serde_json::from_str(&text).expect("stored items are JSON");
    assert_eq!(item["format"], "kpi-stored", "{key} is in an envelope");
    Some(item["body"].clone())
}

/// The keys of the copies kept aside for `key`.
pub fn asides_of(key: &str) -> Vec<String> {
    let storage = storage();
    let prefix = format!("{key}.unreadable.");
    (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .filter(|k| k.starts_with(&prefix))
        .collect()
}

/// Starts a test from a known state: no stored settings, no route, no
/// project open in this tab.
pub fn reset() {
    storage().clear().unwrap();
    window()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    window().location().set_hash("").unwrap();
}

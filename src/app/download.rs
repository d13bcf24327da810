//! Saving text the page made (a template, a list of problems) as a file.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// CSV, which Excel and WPS open by double-click.
pub const CSV: &str = "text/csv;charset=utf-8";

/// Offers `text` as a download named `name`.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)
}

/// Offers what `url` points at (a data URL, say) as a download named `name`.
pub fn download_url(name: &str, url: &str) -> Result<(), JsValue> {
    let anchor: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    anchor.set_href(url);
    anchor.set_download(name);
    anchor.click();
    Ok(())
}

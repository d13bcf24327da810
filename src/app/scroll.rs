//! A box that scrolls what is wider (or taller) than the page allows, so the
//! page itself never scrolls sideways on a phone.

use leptos::prelude::*;

/// A labelled, focusable region: the keyboard can scroll it and a screen
/// reader names it.
#[component]
pub fn ScrollBox(
    /// What the box holds, read out as the region's name.
    #[prop(into)]
    label: Signal<String>,
    /// Extra classes after `table-scroll`.
    #[prop(optional)]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    let class = if class.is_empty() {
        "table-scroll".to_owned()
    } else {
        format!("table-scroll {class}")
    };
    view! {
        <div class=class tabindex="0" role="region" aria-label=label>
            {children()}
        </div>
    }
}

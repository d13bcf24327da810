//! Long lists drawn in place: the k-th element is made once and shows the
//! k-th item from then on.
//!
//! A list written as `items.map(|item| view! { .. })` inside a closure is
//! made anew when anything it reads changes, and tachys rebuilds each
//! element against the old one. With the page's erased component types
//! (`--cfg erase_components`) an element's attributes are a list, and
//! rebuilding one removes every attribute and sets it again: for the team
//! table, about a thousand cells restyled on every weight edit. Here each
//! element reads its item through a memo of its own, so an edit rewrites
//! only the text and attributes that differ, in elements already there.

use std::sync::Arc;

use leptos::prelude::*;

/// Draws `items`, the k-th with `row(k, item)`, where `item` follows the
/// k-th item (the default once there are fewer). `row` builds the
/// element once; it reads `item` in closures for what changes.
pub fn slots<T, V>(
    items: Memo<Vec<Arc<T>>>,
    row: impl Fn(usize, Memo<Arc<T>>) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: PartialEq + Default + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let count = Memo::new(move |_| items.with(Vec::len));
    view! {
        <For
            each=move || 0..count.get()
            key=|k| *k
            children=move |k| {
                // Compares the item with the one shown, so a slot whose
                // item is the same does nothing.
                let item = Memo::new(move |_| items.with(|items| items.get(k).cloned().unwrap_or_default()));
                row(k, item)
            }
        />
    }
}

/// A text of the item, for a cell or an attribute: one closure type for
/// every field (each new closure is a new view type to compile).
pub fn field<T>(item: Memo<Arc<T>>, get: fn(&T) -> String) -> impl Fn() -> String + Copy
where
    T: Send + Sync + 'static,
{
    move || item.with(|item| get(item))
}

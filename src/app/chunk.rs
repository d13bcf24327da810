//! Parts of the page whose code is a chunk of its own in the built site.
//!
//! The site is built with the `split` feature: each function declared with
//! [`chunk!`] becomes a split point, and xtask/src/split.rs cuts the page's
//! wasm there, so the code only that function reaches is fetched the first
//! time it is needed (and is then in the service worker's offline cache).
//! The page at open holds the shell and the Scheme area; the other areas and
//! the indicator form are chunks.
//!
//! Without `split` (the component tests, `cargo check`), a chunk's functions
//! are plain `async fn`s that are ready at once, and [`Chunked`] shows the
//! view in the same frame, as it does for a chunk already fetched.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use leptos::prelude::*;

use super::messages::I18n;
use crate::i18n::*;

/// A chunk's code could not be fetched (offline before it was cached, or the
/// connection dropped). The part shows why and offers to try again: a failed
/// fetch is not remembered.
pub struct ChunkNotLoaded;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkNotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkNotLoaded
    }
}

/// `chunk!(name, fn view_fn(args) { view }, fetch fetch_fn)`: `fetch_fn()`
/// fetches the chunk `name` (when the page is split), and `view_fn(args)`
/// gives the view, its code in that chunk. Functions with the same `name`
/// share one chunk. Arguments must be plain values (they cross a C call:
/// `Copy` types, signals).
macro_rules! chunk {
    ($chunk:ident, fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $view:block, fetch $fetch:ident) => {
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split(
            $chunk,
            fallible,
            preload($fetch),
            wasm_split_path = ::leptos::wasm_split
        )]
        fn $name($($arg: $ty),*) -> Result<AnyView, $crate::app::chunk::ChunkNotLoaded> {
            Ok(leptos::prelude::IntoAny::into_any($view))
        }
        #[cfg(not(feature = "split"))]
        async fn $name($($arg: $ty),*) -> Result<AnyView, $crate::app::chunk::ChunkNotLoaded> {
            Ok(leptos::prelude::IntoAny::into_any($view))
        }
        #[cfg(not(feature = "split"))]
        async fn $fetch() -> Result<(), leptos::wasm_split::SplitLoaderError> {
            Ok(())
        }
    };
}
pub(crate) use chunk;

/// Where a chunk stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fetch {
    Fetching,
    Ready,
    Failed,
}

/// Shows the view `view` gives once `fetch` has its chunk: "Loading…" while
/// it is fetched, and if the fetch fails, why, with a button that tries
/// again. The view is built here, in this component's reactive scope, as any
/// child component is.
#[component]
pub fn Chunked<F, FF, V, VF>(fetch: F, view: V) -> impl IntoView
where
    F: Fn() -> FF + Copy + Send + Sync + 'static,
    FF: Future<Output = Result<(), leptos::wasm_split::SplitLoaderError>> + 'static,
    V: Fn() -> VF + Copy + Send + Sync + 'static,
    VF: Future<Output = Result<AnyView, ChunkNotLoaded>> + 'static,
{
    let i18n = use_i18n();
    let state = RwSignal::new(Fetch::Fetching);
    let start = move || {
        // A chunk fetched before (or a page not split) is there at once, so
        // the view shows in this frame. Else the fetch that this first poll
        // started is awaited anew: the page's loader fetches a chunk once
        // and answers every caller.
        match now(fetch()) {
            Some(Ok(())) => state.set(Fetch::Ready),
            Some(Err(_)) => state.set(Fetch::Failed),
            None => {
                state.set(Fetch::Fetching);
                leptos::task::spawn_local(async move {
                    let fetched = fetch().await;
                    state.set(if fetched.is_ok() {
                        Fetch::Ready
                    } else {
                        Fetch::Failed
                    });
                });
            }
        }
    };
    start();
    move || match state.get() {
        Fetch::Fetching => view! {
            <p class="chunk-loading" role="status" data-testid="chunk-loading">
                {tr!(i18n, chunk.loading)}
            </p>
        }
        .into_any(),
        Fetch::Ready => match now(view()) {
            Some(Ok(shown)) => shown,
            // Not reached: a fetched chunk's view is ready at once.
            Some(Err(ChunkNotLoaded)) | None => failed(i18n, start),
        },
        Fetch::Failed => failed(i18n, start),
    }
}

fn failed(i18n: I18n, retry: impl Fn() + 'static) -> AnyView {
    view! {
        <div class="notice" role="alert" data-testid="chunk-failed">
            <p>{tr!(i18n, chunk.failed)}</p>
            <button type="button" data-testid="chunk-retry" on:click=move |_| retry()>
                {tr!(i18n, chunk.retry)}
            </button>
        </div>
    }
    .into_any()
}

/// The future's output if it is ready at its first poll.
fn now<F: Future>(future: F) -> Option<F::Output> {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => Some(output),
        Poll::Pending => None,
    }
}

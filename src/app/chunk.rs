//! Parts of the page whose code is a chunk of its own in the built site.
//!
//! The site is built with the `split` feature: each function declared with
//! [`chunk!`] becomes a split point, and xtask/src/split.rs cuts the page's
//! wasm there, so the code only that function reaches is fetched the first
//! time it is needed (and is then in the service worker's offline cache).
//! The page at open holds the shell and the Scheme area; the other areas, the
//! indicator form and the presets' schemes and sample teams are chunks.
//!
//! Without `split` (the component tests, `cargo check`), a chunk's functions
//! are plain `async fn`s that are ready at once, and [`Chunked`] and
//! [`when_ready`] go on in the same frame, as they do for a chunk already
//! fetched.

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

/// `chunk!(name, fn f(args) -> T { body }, fetch fetch_f)`: `f(args).await`
/// is the body's value, its code in the chunk `name` when the page is split,
/// and `fetch_f()` fetches that chunk without running anything (for
/// [`Chunked`]; leave `fetch` out where nothing needs it). Functions with the
/// same `name` share one chunk. Arguments must be plain values (they cross a
/// C call: `Copy` types, signals).
macro_rules! chunk {
    ($chunk:ident, fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block, fetch $fetch:ident) => {
        chunk!(@fn [$chunk, fallible, preload($fetch)] $name($($arg: $ty),*) -> $ret $body);
        #[cfg(not(feature = "split"))]
        async fn $fetch() -> Result<(), leptos::wasm_split::SplitLoaderError> {
            Ok(())
        }
    };
    ($chunk:ident, fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        chunk!(@fn [$chunk, fallible] $name($($arg: $ty),*) -> $ret $body);
    };
    // The function itself: a split point with the `split` feature, a plain
    // `async fn` without.
    (@fn [$($split:tt)*] $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty $body:block) => {
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($($split)*, wasm_split_path = ::leptos::wasm_split)]
        fn $name($($arg: $ty),*) -> Result<$ret, $crate::app::chunk::ChunkNotLoaded> {
            let value: $ret = $body;
            Ok(value)
        }
        #[cfg(not(feature = "split"))]
        async fn $name($($arg: $ty),*) -> Result<$ret, $crate::app::chunk::ChunkNotLoaded> {
            let value: $ret = $body;
            Ok(value)
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
/// child component is. `fetch` must be the one `chunk!` declared with `view`:
/// each split function has a loader of its own, and only that one makes the
/// view ready at once.
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
    // A chunk fetched before (or a page not split) is there at once, so the
    // view shows in this frame.
    let start = move || {
        state.set(Fetch::Fetching);
        when_ready(fetch(), move |fetched| {
            state.set(if fetched.is_ok() {
                Fetch::Ready
            } else {
                Fetch::Failed
            });
        });
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

/// "Could not be fetched" while `failed` is set: for a part that fetches a
/// chunk on the user's request (a preset, a computation), whose own button
/// tries again.
#[component]
pub fn ChunkFailedNote(failed: RwSignal<bool>, test_id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || failed.get()>
            <p class="notice" role="alert" data-testid=test_id>
                {tr!(i18n, chunk.failed)}
            </p>
        </Show>
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

/// Runs `then` with the future's output: in this frame if it is ready at its
/// first poll (a chunk fetched before, a page not split), else when it is.
pub fn when_ready<T: 'static>(
    future: impl Future<Output = T> + 'static,
    then: impl FnOnce(T) + 'static,
) {
    let mut future = Box::pin(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => then(output),
        Poll::Pending => leptos::task::spawn_local(async move { then(future.await) }),
    }
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

//! The frame every chart is drawn in: a canvas as wide as its container,
//! a caption with a PNG download, and the table with the same numbers.

use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;
use plotters::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{
    HtmlCanvasElement, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit,
};

use super::super::super::scroll::ScrollBox;
use super::super::super::slots::{field, slots};
use super::{Area, ChartBackend};
use crate::i18n::*;

/// The width a chart is drawn at when its container has none.
const UNMEASURED_WIDTH: u32 = 480;

/// A canvas as wide as its container, drawn by `draw` (which reads the
/// signals it depends on, so it redraws when they change), with a PNG
/// download and, below it, the table `children` as its text alternative.
#[component]
pub fn ChartCanvas(
    #[prop(into)] draw: Callback<Area>,
    #[prop(into)] height: Signal<u32>,
    #[prop(into)] label: Signal<String>,
    test_id: String,
    #[prop(into)] file_name: Signal<String>,
    /// For a big chart, always laid out (the printed report's are not):
    /// drawn only near the viewport (off screen an edit does not redraw
    /// it; it is drawn as it comes near, or before a download), and its
    /// table made only while open.
    #[prop(optional)]
    lazy: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let wrapper = NodeRef::<Div>::new();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let width = RwSignal::new(0u32);
    let open = RwSignal::new(!lazy);
    // A container not laid out (the printed report, hidden on screen) has
    // no width: draw at a default one, and let CSS fit it to the page.
    let measure = move || {
        if let Some(wrapper) = wrapper.get_untracked() {
            let measured = u32::try_from(wrapper.client_width()).unwrap_or(0);
            let measured = if measured == 0 {
                UNMEASURED_WIDTH
            } else {
                measured
            };
            if measured != width.get_untracked() {
                width.set(measured);
            }
        }
    };
    Effect::new(move |_| {
        if wrapper.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    let near = RwSignal::new(!lazy);
    if lazy {
        Effect::new(move |_| {
            if let Some(wrapper) = wrapper.get() {
                watch_near(&wrapper, near);
            }
        });
    }
    // Draws what `draw` reads now (and, in an effect, tracks it).
    let paint = move |element: HtmlCanvasElement, width: u32, height: u32| {
        element.set_width(width);
        element.set_height(height);
        if let Some(backend) = ChartBackend::new(element) {
            let area = backend.into_drawing_area();
            let _ = area.fill(&WHITE);
            draw.run(area.clone());
            let _ = area.present();
        }
    };
    Effect::new(move |_| {
        let (Some(element), width, height) = (canvas.get(), width.get(), height.get()) else {
            return;
        };
        // Away from the screen nothing of `draw` is read, so nothing it
        // reads redraws the chart until it comes near.
        if width == 0 || !near.get() {
            return;
        }
        paint(element.unchecked_into(), width, height);
    });
    let download = move |_| {
        let Some(element) = canvas.get_untracked() else {
            return;
        };
        let element: HtmlCanvasElement = element.unchecked_into();
        // A chart away from the screen may show an older state.
        if !near.get_untracked() {
            paint(
                element.clone(),
                width.get_untracked(),
                height.get_untracked(),
            );
        }
        if let Ok(url) = element.to_data_url_with_type("image/png") {
            let name = format!("{}.png", file_name.get_untracked());
            let _ = super::super::super::download::download_url(&name, &url);
        }
    };
    let png_id = format!("{test_id}-png");
    let table_id = format!("{test_id}-table");
    view! {
        <figure class="chart" data-testid=test_id.clone()>
            <div class="chart-box" node_ref=wrapper>
                <canvas node_ref=canvas height=move || height.get() role="img" aria-label=label data-testid=format!("{test_id}-canvas")></canvas>
            </div>
            <figcaption>
                <span>{label}</span>
                <button
                    type="button"
                    class="small no-print"
                    data-testid=png_id
                    aria-label=move || t_string!(i18n, cards.download_png_named, chart = label.get()).to_string()
                    on:click=download
                >
                    {tr!(i18n, cards.download_png)}
                </button>
            </figcaption>
            // A lazy chart's table is made while it is open: closed, it is
            // neither seen nor read out, and every edit would redraw it.
            <details
                class="chart-data"
                data-testid=table_id
                on:toggle=move |ev| {
                    if lazy {
                        open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open());
                    }
                }
            >
                <summary>{tr!(i18n, cards.chart_table)}</summary>
                {move || {
                    let children = children.clone();
                    open.get()
                        .then(move || {
                            view! {
                                <ScrollBox label=tr_string!(i18n, cards.chart_table) class="chart-data-scroll">
                                    {children()}
                                </ScrollBox>
                            }
                        })
                }}
            </details>
        </figure>
    }
}

/// Sets `near` while `element` is within half a viewport of the screen.
fn watch_near(element: &web_sys::Element, near: RwSignal<bool>) {
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Some(entry) = entries.iter().last() {
            near.set(
                entry
                    .unchecked_into::<IntersectionObserverEntry>()
                    .is_intersecting(),
            );
        }
    });
    let init = IntersectionObserverInit::new();
    init.set_root_margin("50% 0px");
    let Ok(observer) =
        IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init)
    else {
        // No observer: draw as before, on every change.
        near.set(true);
        return;
    };
    observer.observe(element);
    let held = SendWrapper::new((observer, callback));
    on_cleanup(move || held.0.disconnect());
}

/// One row of a chart's table: what the row is (its header cell) and its
/// numbers, each with its cell's class.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartRow {
    pub head: String,
    pub cells: Vec<(String, String)>,
    pub test_id: Option<&'static str>,
}

impl ChartRow {
    /// A row of plain numbers.
    pub fn new(head: String, numbers: impl IntoIterator<Item = String>) -> ChartRow {
        ChartRow::classed(
            head,
            numbers.into_iter().map(|text| ("number".to_owned(), text)),
        )
    }

    /// A row whose cells carry their own classes (a score's band).
    pub fn classed(head: String, cells: impl IntoIterator<Item = (String, String)>) -> ChartRow {
        ChartRow {
            head,
            cells: cells.into_iter().collect(),
            test_id: None,
        }
    }
}

/// A chart's numbers as a table: `columns` heads the rows' names first,
/// then the numbers.
#[component]
pub fn ChartTable(
    #[prop(into)] columns: Signal<Vec<String>>,
    #[prop(into)] rows: Signal<Vec<ChartRow>>,
) -> impl IntoView {
    let width = Memo::new(move |_| columns.with(Vec::len));
    let items = Memo::new(move |_| {
        rows.with(|rows| rows.iter().cloned().map(Arc::new).collect::<Vec<_>>())
    });
    view! {
        <table>
            <thead>
                <tr>
                    {move || {
                        columns
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(c, name)| view! { <th scope="col" class=(c > 0).then_some("number")>{name}</th> })
                            .collect_view()
                    }}
                </tr>
            </thead>
            <tbody>
                // Made again only when the number of columns changes; an
                // edit rewrites the rows' text in place.
                {move || {
                    let width = width.get();
                    slots(items, move |_, row| chart_row(row, width))
                }}
            </tbody>
        </table>
    }
}

/// A row of a chart's table, made once for its place: its header cell and
/// `width - 1` numbers.
fn chart_row(row: Memo<Arc<ChartRow>>, width: usize) -> impl IntoView {
    let cell = move |c: usize, class: bool| {
        row.with(|row| {
            row.cells
                .get(c)
                .map(|(style, text)| if class { style.clone() } else { text.clone() })
                .unwrap_or_default()
        })
    };
    view! {
        <tr data-testid=move || row.with(|row| row.test_id)>
            <th scope="row">{field(row, |row| row.head.clone())}</th>
            {(0..width.saturating_sub(1))
                .map(|c| view! { <td class=move || cell(c, true)>{move || cell(c, false)}</td> })
                .collect_view()}
        </tr>
    }
}

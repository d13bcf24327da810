//! The frame every chart is drawn in: a canvas as wide as its container,
//! a caption with a PNG download, and the table with the same numbers.

use leptos::html::Div;
use leptos::prelude::*;
use plotters::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use super::super::super::scroll::ScrollBox;
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
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let wrapper = NodeRef::<Div>::new();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let width = RwSignal::new(0u32);
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
    Effect::new(move |_| {
        let (Some(element), width, height) = (canvas.get(), width.get(), height.get()) else {
            return;
        };
        if width == 0 {
            return;
        }
        let element: HtmlCanvasElement = element.unchecked_into();
        element.set_width(width);
        element.set_height(height);
        if let Some(backend) = ChartBackend::new(element) {
            let area = backend.into_drawing_area();
            let _ = area.fill(&WHITE);
            draw.run(area.clone());
            let _ = area.present();
        }
    });
    let download = move |_| {
        let Some(element) = canvas.get_untracked() else {
            return;
        };
        let element: HtmlCanvasElement = element.unchecked_into();
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
            <details class="chart-data" data-testid=table_id>
                <summary>{tr!(i18n, cards.chart_table)}</summary>
                <ScrollBox label=tr_string!(i18n, cards.chart_table) class="chart-data-scroll">
                    {children()}
                </ScrollBox>
            </details>
        </figure>
    }
}

/// One row of a chart's table: what the row is (its header cell) and its
/// numbers, each with its cell's class.
#[derive(Clone, Debug, PartialEq)]
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
                {move || {
                    rows.get()
                        .into_iter()
                        .map(|row| {
                            view! {
                                <tr data-testid=row.test_id>
                                    <th scope="row">{row.head}</th>
                                    {row.cells.into_iter().map(|(class, text)| view! { <td class=class>{text}</td> }).collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

//! Form fields of the designer: text and numbers that edit the scheme as
//! the user types, and the validation messages next to them.

use leptos::prelude::*;

use super::super::messages::scheme_error_text;
use super::use_editor;
use crate::app::state::use_workspace;
use crate::i18n::*;
use kpi_engine::scheme::Names;
use kpi_engine::validate::Location;

/// Reads a number as people type it: `12.5`, `12,5`, ` 40 `, `-3`, and
/// `1,000` or `12,345.5` with thousands separators. A comma followed by
/// groups of three digits separates thousands; a single other comma is a
/// decimal comma; anything else (`1,2,3`, `1,000.5,2`) is not a number.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let digits = text.trim_start_matches(['-', '+']);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let groups: Vec<&str> = whole.split(',').collect();
    let thousands = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        // "0,500" is a half with a decimal comma, not five hundred.
        && !groups[0].starts_with('0')
        && groups[1..].iter().all(|group| group.len() == 3);
    let plain = if thousands {
        text.replace(',', "")
    } else if groups.len() == 2 && fraction.is_none() {
        text.replace(',', ".")
    } else if groups.len() == 1 {
        text.to_owned()
    } else {
        return None;
    };
    plain.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// A number as the fields show it: no trailing zeros, no float noise.
pub fn show_number(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let rounded = (value * 1e6).round() / 1e6;
    format!("{rounded}")
}

/// A text field bound to a part of the scheme. Each keystroke is an edit;
/// the keystrokes of one visit to the field are one undo step.
#[component]
pub fn TextField(
    label: Signal<String>,
    value: Signal<String>,
    #[prop(into)] set: Callback<String>,
    test_id: String,
    #[prop(optional, into)] lang: Option<String>,
    #[prop(optional)] hide_label: bool,
    #[prop(optional, into)] described_by: Option<Signal<String>>,
    #[prop(optional, into)] invalid: Option<Signal<bool>>,
) -> impl IntoView {
    let workspace = use_workspace();
    view! {
        <label class="field" class:hide-label=hide_label>
            <span class="field-label">{label}</span>
            <input
                type="text"
                lang=lang
                data-testid=test_id
                prop:value=value
                aria-describedby=move || described_by.map(|id| id.get())
                aria-invalid=move || invalid.map(|bad| bad.get().to_string())
                on:input=move |ev| set.run(event_target_value(&ev))
                on:blur=move |_| workspace.seal_step()
            />
        </label>
    }
}

/// A number field bound to a part of the scheme. What the user types stays
/// as typed; a number is written to the scheme as soon as the text is one,
/// and text that is not a number is marked and written nowhere.
#[component]
pub fn NumberField(
    label: Signal<String>,
    value: Signal<f64>,
    #[prop(into)] set: Callback<f64>,
    test_id: String,
    #[prop(optional)] hide_label: bool,
    #[prop(optional, into)] described_by: Option<Signal<String>>,
    #[prop(optional, into)] invalid: Option<Signal<bool>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    let text = RwSignal::new(show_number(value.get_untracked()));
    // Undo, a slider or "scale to 100" change the value: show it, unless
    // the text already reads as it (typing "12." must stay "12.").
    Effect::new(move |_| {
        let value = value.get();
        if text.with_untracked(|text| parse_number(text)) != Some(value) {
            text.set(show_number(value));
        }
    });
    let not_a_number = move || text.with(|text| parse_number(text).is_none());
    let error_id = format!("{test_id}-nan");
    let error_for_aria = error_id.clone();
    view! {
        <label class="field number" class:hide-label=hide_label>
            <span class="field-label">{label}</span>
            <input
                type="text"
                inputmode="decimal"
                data-testid=test_id
                prop:value=move || text.get()
                aria-invalid=move || {
                    (not_a_number() || invalid.is_some_and(|bad| bad.get())).to_string()
                }
                aria-describedby=move || {
                    if not_a_number() {
                        Some(error_for_aria.clone())
                    } else {
                        described_by.map(|id| id.get())
                    }
                }
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    if let Some(number) = parse_number(&typed) {
                        set.run(number);
                    }
                    text.set(typed);
                }
                on:blur=move |_| workspace.seal_step()
            />
            <Show when=not_a_number>
                <span class="field-error" id=error_id.clone() data-testid=error_id.clone() role="alert">
                    {tr!(i18n, scheme.not_a_number)}
                </span>
            </Show>
        </label>
    }
}

/// The validation messages for one field, in the user's language; empty
/// when the field is fine. `id` lets the field point at them.
#[component]
pub fn FieldErrors(location: Location, field: Option<&'static str>, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let messages = Memo::new(move |_| {
        let errors = editor.errors_at(&location, field);
        editor.workspace.scheme.with(|scheme| {
            errors
                .iter()
                .map(|error| scheme_error_text(i18n, scheme, error))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || messages.with(|messages| !messages.is_empty())>
            <ul class="field-errors" id=id.clone() data-testid=id.clone()>
                {move || {
                    messages
                        .get()
                        .into_iter()
                        .map(|message| view! { <li>{message}</li> })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}

/// Whether a field has validation messages.
pub fn has_errors(location: Location, field: &'static str) -> Signal<bool> {
    let editor = use_editor();
    Signal::derive(move || !editor.errors_at(&location, Some(field)).is_empty())
}

/// Which language of a name a field edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// The language's code: the field's `lang`, its test id's and undo
    /// key's last part.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    pub fn of(self, names: &Names) -> &String {
        match self {
            Lang::En => &names.en,
            Lang::Zh => &names.zh,
        }
    }

    pub fn of_mut(self, names: &mut Names) -> &mut String {
        match self {
            Lang::En => &mut names.en,
            Lang::Zh => &mut names.zh,
        }
    }
}

/// A name in both languages: a text field each, labelled and marked with
/// its language, test ids `{test_id}-en` and `{test_id}-zh`. `read` gives
/// the name as it is (tracked), `set` writes one language's text. In a
/// table row (`in_cells`) each field is a cell with its label hidden.
#[component]
pub fn NameFields(
    read: impl Fn(Lang) -> String + Copy + Send + Sync + 'static,
    set: impl Fn(Lang, String) + Copy + Send + Sync + 'static,
    test_id: String,
    #[prop(optional)] in_cells: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |lang: Lang| {
        let label = Signal::derive(move || {
            match lang {
                Lang::En => t_string!(i18n, scheme.name_en),
                Lang::Zh => t_string!(i18n, scheme.name_zh),
            }
            .to_string()
        });
        view! {
            <TextField
                label
                value=Signal::derive(move || read(lang))
                set=move |text: String| set(lang, text)
                hide_label=in_cells
                test_id=format!("{test_id}-{}", lang.code())
                lang=lang.code()
            />
        }
    };
    if in_cells {
        view! {
            <td>{field(Lang::En)}</td>
            <td>{field(Lang::Zh)}</td>
        }
        .into_any()
    } else {
        view! { {field(Lang::En)} {field(Lang::Zh)} }.into_any()
    }
}

/// The head of a table's last column, which holds each row's buttons: no
/// visible label, a name for screen readers.
#[component]
pub fn ActionsColumn() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <th scope="col">
            <span class="visually-hidden">{tr!(i18n, scheme.actions)}</span>
        </th>
    }
}

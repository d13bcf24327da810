//! The bonus pool: its rule, edited in place (scheme edits, undoable), and
//! each agent's amount in a period, which add up to the pool to the cent or
//! show what is left over and why.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::messages::{I18n, total_text};
use super::super::messages::{bonus_error_text, bonus_field_label};
use super::super::scheme::fields::{FieldErrors, NumberField};
use super::super::scroll::ScrollBox;
use super::super::slots::{field, slots};
use super::super::state::use_workspace;
use super::use_board;
use crate::i18n::*;
use kpi_engine::bonus::split_bonus;
use kpi_engine::edit::bonus_rule::{BonusKind, bonus_fields, bonus_of_kind, set_bonus_field};
use kpi_engine::explain::money;
use kpi_engine::validate::Location;

/// How many agents the amounts table lists before "show all".
const FIRST: usize = 100;

/// One agent's line in the amounts table.
#[derive(Clone, Debug, PartialEq)]
struct Paid {
    agent: String,
    total: Option<f64>,
    rank: Option<u32>,
    amount: Option<i64>,
    /// In the top group of a top-share rule.
    top: bool,
}

/// One line of the amounts table, as text.
#[derive(Clone, Debug, Default, PartialEq)]
struct PaidText {
    agent: String,
    rank: String,
    total: String,
    /// Under a top-share rule: whether the agent is in the top group.
    group: String,
    amount: String,
}

impl PaidText {
    fn of(i18n: I18n, paid: &Paid, top_share: bool) -> PaidText {
        PaidText {
            agent: paid.agent.clone(),
            rank: paid.rank.map(|rank| rank.to_string()).unwrap_or_default(),
            total: total_text(paid.total),
            group: if top_share && paid.top {
                t_string!(i18n, cards.bonus_in_top).to_string()
            } else {
                String::new()
            },
            amount: paid
                .amount
                .map(money)
                .unwrap_or_else(|| t_string!(i18n, cards.bonus_not_eligible).to_string()),
        }
    }
}

/// A line of the amounts table, made once for its place.
fn paid_row(row: Memo<Arc<PaidText>>, top_share: bool) -> impl IntoView {
    let cell = |get: fn(&PaidText) -> String| field(row, get);
    view! {
        <tr data-testid="bonus-row" data-agent=cell(|row| row.agent.clone())>
            <td class="number">{cell(|row| row.rank.clone())}</td>
            <th scope="row">{cell(|row| row.agent.clone())}</th>
            <td class="number">{cell(|row| row.total.clone())}</td>
            {top_share.then(|| view! { <td>{cell(|row| row.group.clone())}</td> })}
            <td class="number" data-testid="bonus-amount">{cell(|row| row.amount.clone())}</td>
        </tr>
    }
}

#[component]
pub fn BonusView() -> impl IntoView {
    let i18n = use_i18n();
    let board = use_board();
    let workspace = use_workspace();
    let scoring = board.scoring;
    let rule = Memo::new(move |_| workspace.scheme.with(|scheme| scheme.bonus.clone()));
    let kind = move || rule.with(|rule| rule.as_ref().map(BonusKind::of));
    let set_kind = move |value: String| {
        let kind = match value.as_str() {
            "proportional" => Some(BonusKind::Proportional),
            "top_share" => Some(BonusKind::TopShare),
            _ => None,
        };
        workspace.edit_scheme(None, |scheme| {
            scheme.bonus = kind.map(|kind| bonus_of_kind(scheme.bonus.as_ref(), kind));
        });
    };
    // The fields of the rule as it stands; the list changes only with the kind.
    let fields = Memo::new(move |_| {
        rule.with(|rule| {
            rule.as_ref()
                .map(|rule| {
                    bonus_fields(rule)
                        .into_iter()
                        .map(|(field, _)| field)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let field_view = move |field: &'static str| {
        let value = Signal::derive(move || {
            rule.with(|rule| {
                rule.as_ref()
                    .and_then(|rule| bonus_fields(rule).into_iter().find(|(f, _)| *f == field))
                    .and_then(|(_, value)| value)
                    .unwrap_or_default()
            })
        });
        let present = move || {
            rule.with(|rule| {
                rule.as_ref()
                    .and_then(|rule| bonus_fields(rule).into_iter().find(|(f, _)| *f == field))
                    .is_some_and(|(_, value)| value.is_some())
            })
        };
        let set = move |number: f64| {
            workspace.edit_scheme(Some(&format!("bonus.{field}")), |scheme| {
                if let Some(rule) = &mut scheme.bonus {
                    set_bonus_field(rule, field, Some(number));
                }
            });
        };
        let label = Signal::derive(move || bonus_field_label(i18n, field));
        let number = move || {
            view! {
                <NumberField label value set test_id=format!("bonus-{field}") />
                <FieldErrors location=Location::Bonus field=Some(field) id=format!("errors-bonus-{field}") />
            }
        };
        if matches!(field, "floor" | "cap") {
            // Optional: a box turns it on.
            // A cap starts at the pool and a floor at 0: neither changes
            // anything until the user sets it.
            let toggle = move |ev| {
                let on = event_target_checked(&ev);
                workspace.edit_scheme(None, |scheme| {
                    if let Some(rule) = &mut scheme.bonus {
                        let pool = bonus_fields(rule)
                            .into_iter()
                            .find_map(|(f, value)| (f == "pool").then_some(value).flatten())
                            .unwrap_or_default();
                        let start = if field == "cap" { pool } else { 0.0 };
                        set_bonus_field(rule, field, on.then_some(start));
                    }
                });
            };
            view! {
                <div class="bonus-field optional">
                    <label class="check">
                        <input type="checkbox" data-testid=format!("bonus-{field}-on") prop:checked=present on:change=toggle />
                        {move || bonus_field_label(i18n, field)}
                    </label>
                    <Show when=present>{number}</Show>
                </div>
            }
            .into_any()
        } else {
            view! { <div class="bonus-field">{number()}</div> }.into_any()
        }
    };

    // The period whose amounts are listed: the table's filter, or the last.
    let period = RwSignal::new(None::<String>);
    let periods = Memo::new(move |_| board.choices.with(|choices| choices.periods.clone()));
    let shown_period = move || {
        period
            .get()
            .filter(|period| periods.with(|periods| periods.contains(period)))
            .or_else(|| board.filter.with(|filter| filter.period.clone()))
            .or_else(|| periods.with(|periods| periods.last().cloned()))
    };
    let show_all = RwSignal::new(false);
    // The period's cards with their amounts, and the split's own account
    // (who is in the top group; why it could not be split).
    let split = Memo::new(move |_| {
        let period = shown_period();
        let rule = rule.get()?;
        scoring.scored.with(|scored| {
            let result = scored.ready()?;
            let indices: Vec<usize> = (0..result.cards.len())
                .filter(|&i| result.cards[i].period == period)
                .collect();
            let totals: Vec<Option<f64>> = indices.iter().map(|&i| result.cards[i].total).collect();
            let split = split_bonus(&rule, &totals);
            let summary = result
                .periods
                .iter()
                .find(|summary| summary.period == period)
                .and_then(|summary| summary.bonus);
            let mut rows: Vec<Paid> = indices
                .iter()
                .enumerate()
                .map(|(k, &i)| {
                    let card = &result.cards[i];
                    Paid {
                        agent: card.agent.clone(),
                        total: card.total,
                        rank: card.rank,
                        amount: card.bonus,
                        top: split.as_ref().is_ok_and(|split| split.top_group[k]),
                    }
                })
                .collect();
            kpi_engine::order::sort_by(&mut rows, |a, b| {
                b.amount
                    .cmp(&a.amount)
                    .then(a.rank.unwrap_or(u32::MAX).cmp(&b.rank.unwrap_or(u32::MAX)))
                    .then(a.agent.cmp(&b.agent))
            });
            Some((rows, summary, split.err()))
        })
    });
    let is_top_share = move || kind() == Some(BonusKind::TopShare);
    let top_share = Memo::new(move |_| is_top_share());
    let error = Memo::new(move |_| {
        split.with(|split| split.as_ref().and_then(|(_, _, error)| error.clone()))
    });
    let summary = Memo::new(move |_| {
        split.with(|split| {
            let summary = split.as_ref()?.1?;
            let text = if summary.leftover == 0 {
                t_string!(
                    i18n,
                    cards.bonus_paid_all,
                    paid = money(summary.paid),
                    pool = money(summary.pool)
                )
                .to_string()
            } else {
                t_string!(
                    i18n,
                    cards.bonus_leftover,
                    paid = money(summary.paid),
                    pool = money(summary.pool),
                    leftover = money(summary.leftover)
                )
                .to_string()
            };
            Some((text, summary.leftover != 0))
        })
    });
    let paid = Memo::new(move |_| {
        split.with(|split| {
            split.as_ref().map_or(0, |(rows, _, _)| {
                rows.iter().filter_map(|row| row.amount).sum::<i64>()
            })
        })
    });
    // The lines listed, as text, and how many more "show all" would list.
    let listed = Memo::new(move |_| {
        let top_share = top_share.get();
        let limit = if show_all.get() { usize::MAX } else { FIRST };
        split.with(|split| {
            split.as_ref().map_or_else(Vec::new, |(rows, _, _)| {
                rows.iter()
                    .take(limit)
                    .map(|row| Arc::new(PaidText::of(i18n, row, top_share)))
                    .collect()
            })
        })
    });
    let hidden = Memo::new(move |_| {
        let count = split.with(|split| split.as_ref().map_or(0, |(rows, _, _)| rows.len()));
        (!show_all.get() && count > FIRST).then_some(count)
    });

    view! {
        <section class="bonus" aria-labelledby="bonus-title" data-testid="bonus">
            <h3 id="bonus-title">{tr!(i18n, cards.bonus_title)}</h3>
            <p class="hint">{tr!(i18n, cards.bonus_hint)}</p>
            <div class="field-row">
                <label class="field">
                    <span class="field-label">{tr!(i18n, cards.bonus_rule)}</span>
                    <select
                        data-testid="bonus-kind"
                        // The options' `selected` sets the first choice; the
                        // property follows undo once the user has picked.
                        prop:value=move || match kind() {
                            None => "none",
                            Some(BonusKind::Proportional) => "proportional",
                            Some(BonusKind::TopShare) => "top_share",
                        }
                        on:change=move |ev| set_kind(event_target_value(&ev))
                    >
                        <option value="none" selected=move || kind().is_none()>{tr!(i18n, cards.bonus_none)}</option>
                        <option value="proportional" selected=move || kind() == Some(BonusKind::Proportional)>
                            {tr!(i18n, cards.bonus_proportional)}
                        </option>
                        <option value="top_share" selected=move || kind() == Some(BonusKind::TopShare)>
                            {tr!(i18n, cards.bonus_top)}
                        </option>
                    </select>
                </label>
            </div>
            <Show when=move || kind().is_some()>
                <p class="hint" data-testid="bonus-rule-text">
                    {move || {
                        if is_top_share() {
                            t_string!(i18n, cards.bonus_top_explained).to_string()
                        } else {
                            t_string!(i18n, cards.bonus_proportional_explained).to_string()
                        }
                    }}
                </p>
                <div class="bonus-fields">
                    {move || fields.get().into_iter().map(field_view).collect_view()}
                </div>
            </Show>
            <Show when=move || split.with(Option::is_some)>
                <Show when=move || periods.with(|periods| periods.len() > 1)>
                    <label class="field">
                        <span class="field-label">{tr!(i18n, scheme.period)}</span>
                        <select data-testid="bonus-period" on:change=move |ev| period.set(Some(event_target_value(&ev)))>
                            {move || {
                                let current = shown_period();
                                periods
                                    .get()
                                    .into_iter()
                                    .map(|p| {
                                        let selected = current.as_ref() == Some(&p);
                                        view! { <option value=p.clone() selected=selected>{p.clone()}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </label>
                </Show>
                {move || {
                    error
                        .get()
                        .map(|error| {
                            view! { <p class="notice" role="alert" data-testid="bonus-error">{bonus_error_text(i18n, &error)}</p> }
                        })
                }}
                <Show when=move || summary.with(Option::is_some)>
                    <p
                        class="bonus-summary"
                        role="status"
                        data-testid="bonus-summary"
                        class:leftover=move || summary.with(|summary| summary.as_ref().is_some_and(|(_, leftover)| *leftover))
                    >
                        {move || summary.with(|summary| summary.as_ref().map(|(text, _)| text.clone()).unwrap_or_default())}
                    </p>
                </Show>
                // Made again only when the rule's kind changes the columns;
                // an edit rewrites the rows' text in place.
                {move || {
                    let top_share = top_share.get();
                    view! {
                        <ScrollBox label=tr_string!(i18n, cards.bonus_table) class="bonus-scroll">
                            <table class="bonus-table" data-testid="bonus-table">
                                <thead>
                                    <tr>
                                        <th scope="col" class="number">{tr!(i18n, scheme.rank)}</th>
                                        <th scope="col">{tr!(i18n, scheme.agent)}</th>
                                        <th scope="col" class="number">{tr!(i18n, scheme.total)}</th>
                                        // The top-share column only under that rule: a
                                        // header without text is no header.
                                        {top_share.then(|| view! { <th scope="col">{tr!(i18n, cards.bonus_group)}</th> })}
                                        <th scope="col" class="number">{tr!(i18n, cards.bonus_amount)}</th>
                                    </tr>
                                </thead>
                                <tbody>{slots(listed, move |_, row| paid_row(row, top_share))}</tbody>
                                <tfoot>
                                    <tr>
                                        <th scope="row" colspan=if top_share { 4 } else { 3 }>{tr!(i18n, cards.bonus_sum)}</th>
                                        <td class="number" data-testid="bonus-sum">{move || money(paid.get())}</td>
                                    </tr>
                                </tfoot>
                            </table>
                        </ScrollBox>
                    }
                }}
                {move || {
                    let count = hidden.get()?;
                    Some(view! {
                        <button type="button" data-testid="bonus-show-all" on:click=move |_| show_all.set(true)>
                            {t_string!(i18n, cards.show_all, count).to_string()}
                        </button>
                    })
                }}
            </Show>
        </section>
    }
}

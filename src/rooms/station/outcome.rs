//! F4's answers as data (what an entry did, or why not) and their words in the clerk's
//! language, with the item's name, unit and caution from the config.

use super::Done;
use crate::config::{Settings, StationItem};
use crate::db::station_ops::{self as ops, StockChange};
use crate::i18n::{Lang, fill};
use chrono::NaiveDate;

/// What a station entry did; items by their code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Did {
    /// Handed out, from these batches; with the day's count so far for a daily-count item: the
    /// clerk's own and the centre's.
    Given {
        item: String,
        qty: i64,
        batches: Vec<(String, i64)>,
        today: Option<(i64, i64)>,
    },
    Lent {
        item: String,
        qty: i64,
        name: String,
        due: NaiveDate,
        deposit: bool,
    },
    /// Units back, and how many are still out on the loan (with a deposit to refund).
    Returned {
        item: String,
        qty: i64,
        outstanding: i64,
        deposit: bool,
        /// The deposit's refund was recorded with this return.
        refunded: bool,
    },
    /// Units recorded lost, and how many are still out (the loan closes at none).
    Lost {
        item: String,
        qty: i64,
        left: i64,
        deposit: bool,
        refunded: bool,
    },
    /// A closed loan's deposit refunded later.
    Refunded {
        item: String,
        name: String,
    },
    UseStarted {
        item: String,
        ticket: String,
    },
    UseEnded {
        item: Option<String>,
    },
    Helped {
        kind: String,
    },
    /// A stock change and what the item now holds.
    Stocked {
        item: String,
        batch: String,
        change: StockChange,
        delta: i64,
        held: i64,
    },
}

/// Why a station entry was not done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The role as stored may not use the station.
    Role(crate::app::Refused),
    /// The stock rules said no (for this item, when known).
    Rule { item: Option<String>, why: ops::Refused },
    /// The ticket named was not issued today.
    NoTicket { ticket: String },
    /// A restock names a batch on record with another expiry.
    BatchExpiry { batch: String, expires_on: Option<NaiveDate> },
}

fn item<'a>(settings: &'a Settings, code: &str) -> Option<&'a StationItem> {
    settings.config.station.items.iter().find(|i| i.code == code)
}

fn name_unit(settings: &Settings, code: Option<&str>) -> (String, String) {
    code.and_then(|c| item(settings, c))
        .map_or((String::new(), String::new()), |i| (i.name.clone(), i.unit.clone()))
}

impl Did {
    /// The result panel's message, and the item's caution to read out.
    pub fn words(&self, lang: Lang, settings: &Settings) -> Done {
        let f4 = lang.ui().f4;
        let code = match self {
            Did::Given { item, .. }
            | Did::Lent { item, .. }
            | Did::Returned { item, .. }
            | Did::Lost { item, .. }
            | Did::Refunded { item, .. }
            | Did::UseStarted { item, .. }
            | Did::Stocked { item, .. } => Some(item.as_str()),
            Did::UseEnded { item } => item.as_deref(),
            Did::Helped { .. } => None,
        };
        let (name, unit) = name_unit(settings, code);
        let mut caution = None;
        let message = match self {
            Did::Given { qty, batches, today, item: code, .. } => {
                let mut m = fill(f4.given, &[("item", &name), ("n", qty), ("unit", &unit)]);
                if !batches.is_empty() {
                    let list: Vec<String> = batches.iter().map(|(b, n)| format!("{b}×{n}")).collect();
                    m.push_str(&fill(f4.given_batches, &[("list", &list.join(f4.list_sep))]));
                }
                if let Some((mine, all)) = today {
                    m.push_str(&fill(f4.tally_today, &[("mine", mine), ("all", all), ("unit", &unit)]));
                }
                caution = item(settings, code)
                    .and_then(|i| i.caution.as_ref())
                    .map(|c| fill(f4.caution, &[("caution", c)]));
                m
            }
            Did::Lent { qty, name: who, due, deposit, .. } => {
                let due = due.to_string();
                let args: [(&str, &dyn std::fmt::Display); 5] =
                    [("item", &name), ("n", qty), ("unit", &unit), ("name", who), ("due", &due)];
                let mut m = fill(f4.lent, &args);
                if *deposit {
                    m.push_str(f4.deposit_taken);
                }
                m
            }
            Did::Returned { qty, outstanding, deposit, refunded, .. } => {
                let mut m = fill(f4.returned, &[("item", &name), ("n", qty), ("unit", &unit)]);
                if *outstanding > 0 {
                    m.push_str(&fill(f4.still_out, &[("n", outstanding), ("unit", &unit)]));
                } else {
                    m.push_str(f4.all_back);
                    // The deposit goes back with the last unit.
                    if *refunded {
                        m.push_str(f4.deposit_refunded);
                    } else if *deposit {
                        m.push_str(f4.refund_deposit);
                    }
                }
                m
            }
            Did::Lost { qty, left: 0, deposit, refunded, .. } => {
                let mut m = fill(f4.lost_done, &[("item", &name), ("n", qty), ("unit", &unit)]);
                if *refunded {
                    m.push_str(f4.deposit_refunded);
                } else if *deposit {
                    m.push_str(f4.refund_deposit);
                }
                m
            }
            Did::Refunded { name: who, .. } => fill(f4.refund_done, &[("item", &name), ("name", who)]),
            Did::Lost { qty, left, .. } => {
                fill(f4.lost_part, &[("item", &name), ("n", qty), ("left", left), ("unit", &unit)])
            }
            Did::UseStarted { ticket, .. } => fill(f4.use_started, &[("item", &name), ("ticket", ticket)]),
            Did::UseEnded { .. } => fill(f4.use_done, &[("item", &name)]),
            Did::Helped { kind } => {
                let kinds = &settings.config.station.help_kinds;
                let kind = kinds.iter().find(|k| k.code == *kind).map_or(kind.clone(), |k| k.name.clone());
                fill(f4.help_done, &[("kind", &kind)])
            }
            Did::Stocked { batch, change, delta, held, .. } => {
                let what = match change {
                    StockChange::Restock { .. } => f4.kind_restock,
                    StockChange::Count { .. } => f4.kind_count,
                    StockChange::Adjust { .. } => f4.kind_adjust,
                };
                let label = format!("{name} {batch}");
                let delta = format!("{delta:+}{unit}");
                let item = label.trim_end();
                let args: [(&str, &dyn std::fmt::Display); 5] =
                    [("what", &what), ("item", &item), ("delta", &delta), ("n", held), ("unit", &unit)];
                fill(f4.stock_done, &args)
            }
        };
        Done { message, caution }
    }
}

impl Refused {
    /// The field the refusal is about, where the cursor goes (what was typed stays).
    pub fn field(&self) -> Option<crate::app::form::FieldId> {
        use crate::app::form::FieldId;
        match self {
            Refused::Role(_) => None,
            Refused::NoTicket { .. } => Some(FieldId::Ticket),
            Refused::BatchExpiry { .. } => Some(FieldId::Expires),
            Refused::Rule { why, .. } => match why {
                ops::Refused::Expired { .. } | ops::Refused::BatchExpiry { .. } => Some(FieldId::Expires),
                ops::Refused::NeedBatch => Some(FieldId::Batch),
                ops::Refused::Short(_)
                | ops::Refused::TooMany { .. }
                | ops::Refused::LoanOut { .. }
                | ops::Refused::BookMoved { .. } => Some(FieldId::Qty),
                _ => None,
            },
        }
    }

    pub fn words(&self, lang: Lang, settings: &Settings) -> String {
        let ui = lang.ui();
        let f4 = ui.f4;
        match self {
            Refused::Role(_) => ui.role_forbids.replace("{tab}", ui.tab_station),
            Refused::NoTicket { ticket } => fill(f4.no_ticket, &[("ticket", ticket)]),
            Refused::BatchExpiry { batch, expires_on } => {
                let date = expires_on.map(|d| d.to_string()).unwrap_or_default();
                fill(f4.batch_expiry, &[("batch", batch), ("date", &date)])
            }
            Refused::Rule { item, why } => {
                let (name, unit) = name_unit(settings, item.as_deref());
                match why {
                    ops::Refused::Short(s) => {
                        let mut m = fill(f4.short, &[("item", &name), ("n", &s.available), ("unit", &unit)]);
                        if s.expired > 0 {
                            m.push_str(&fill(f4.short_expired, &[("m", &s.expired), ("unit", &unit)]));
                        }
                        m
                    }
                    ops::Refused::NoneFree { total } => {
                        fill(f4.none_free, &[("item", &name), ("n", total), ("unit", &unit)])
                    }
                    ops::Refused::SupervisorOnly => f4.supervisor_only.into(),
                    ops::Refused::LoanOut { outstanding: 0 } => f4.loan_closed.into(),
                    ops::Refused::LoanOut { outstanding } => fill(f4.loan_changed, &[("n", outstanding)]),
                    ops::Refused::TooMany { outstanding, lost } => {
                        let m = if *lost { f4.lost_at_most } else { f4.return_at_most };
                        fill(m, &[("n", outstanding), ("unit", &unit)])
                    }
                    ops::Refused::BookMoved { now } => fill(f4.book_moved, &[("n", now)]),
                    ops::Refused::Expired { expires_on } => fill(f4.batch_expired, &[("date", expires_on)]),
                    ops::Refused::BatchExpiry { expires_on } => {
                        let date = expires_on.map(|d| d.to_string()).unwrap_or_default();
                        fill(f4.batch_expiry, &[("batch", &""), ("date", &date)])
                    }
                    ops::Refused::NeedBatch => f4.need_batch.into(),
                    ops::Refused::WrongItem => f4.wrong_item.into(),
                    ops::Refused::UseEnded => f4.use_ended.into(),
                }
            }
        }
    }
}

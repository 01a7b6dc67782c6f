//! F4 爱心服务站: hand out, lend and take back, in-hall uses and other help from one entry form
//! (the item by its digit, then only the fields its kind needs); open loans with an audited
//! search; in-hall uses now; stock by item and batch with the supervisor's restock, count and
//! adjustment; the day's log with the return rate.

pub mod draw;
pub mod service;

mod flow;
mod keys;
mod outcome;
mod refund;

use crate::app::form::FieldId;
use crate::app::form::{Field, FieldKind, Form};
use crate::config::{ItemKind, Settings, StationItem};
use crate::db::station::{HelpRow, LoanRow, MoveRow, StockRow, UseRow};
use crate::db::station_ops::StockChange;
use crate::i18n::Ui;
use chrono::NaiveDate;
use std::collections::BTreeMap;

pub use outcome::{Did, Refused};

/// F4's dialogs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StationForm {
    Help,
    Return(i64),
    Lost(i64),
    /// A closed loan's deposit, owed, refunded later.
    Refund(i64),
    /// An item by its place in the config, and the batch acted on; `book` is what the batch
    /// held when the form opened (a count is taken against it).
    Stock {
        item: usize,
        batch: String,
        kind: crate::app::StockKind,
        book: i64,
    },
}

/// What F4 asks the database for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StationOp {
    /// Everything the tab shows; `query` filters the open loans (the search as run last), of
    /// which a page of `n` is read `from` a loan.
    Overview {
        query: String,
        from: crate::db::page::From,
        n: usize,
    },
    /// The clerk searches the open loans: the same from the first, audited.
    Search {
        query: String,
        n: usize,
    },
    Give {
        item: String,
        qty: i64,
        ticket: String,
    },
    Lend(Lend),
    /// `refund`: the clerk said the deposit goes back (recorded when the last unit does).
    Return {
        loan_id: i64,
        qty: i64,
        note: String,
        refund: bool,
    },
    /// `refund`: as on a return, the deposit goes back (recorded when the loan closes).
    Lost {
        loan_id: i64,
        qty: i64,
        reason: String,
        refund: bool,
    },
    /// A closed loan's deposit, still owed, refunded now.
    Refund {
        loan_id: i64,
    },
    StartUse {
        item: String,
        ticket: String,
        note: String,
    },
    EndUse {
        use_id: i64,
    },
    Help {
        kind: String,
        note: String,
        ticket: String,
    },
    Stock {
        item: String,
        batch: String,
        change: StockChange,
        reason: String,
    },
}

/// A loan as the entry form holds it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lend {
    pub item: String,
    pub qty: i64,
    pub name: String,
    pub phone: String,
    pub id_number: Option<String>,
    pub due_on: NaiveDate,
    pub deposit: bool,
    pub ticket: String,
    pub note: String,
}

/// Answers to F4's requests.
#[derive(Debug, Clone, PartialEq)]
pub enum StationReply {
    Overview(Overview),
    /// Done (`Ok` message, and a caution to read out) or refused (`Err` why); the tab reads
    /// itself again after.
    Done(Result<Did, Refused>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub message: String,
    pub caution: Option<String>,
}

/// The station as read: stock, what is out and in use, open loans, the day's log.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Overview {
    pub stock: Vec<StockRow>,
    pub out: BTreeMap<String, i64>,
    pub in_use: BTreeMap<String, i64>,
    pub uses: Vec<UseRow>,
    pub loans: Vec<LoanRow>,
    /// All open loans, and of them overdue (the list is a page of them).
    pub loans_open: i64,
    /// Closed loans owing their deposit (listed with the open ones).
    pub loans_owed: i64,
    pub loans_late: i64,
    /// The units still out on them, and on the overdue ones.
    pub loans_units: i64,
    pub loans_late_units: i64,
    /// The open loans the search matches, and where the page on screen was read from.
    pub loans_matched: i64,
    pub loans_from: crate::db::page::From,
    pub moves: Vec<MoveRow>,
    pub help: Vec<HelpRow>,
    pub return_rate: Option<f64>,
    /// The loans' search as run.
    pub query: String,
}

impl Overview {
    /// Units on hand of an item (all batches; expired ones included).
    pub fn on_hand(&self, item: &str) -> i64 {
        self.stock.iter().filter(|s| s.item == item).map(|s| s.qty).sum()
    }

    /// Units that can be handed out, lent or used now.
    pub fn free(&self, item: &StationItem, today: NaiveDate) -> i64 {
        match item.kind {
            ItemKind::InHall => self.on_hand(&item.code) - self.in_use.get(&item.code).copied().unwrap_or(0),
            _ => self
                .stock
                .iter()
                .filter(|s| s.item == item.code && s.expires_on.is_none_or(|e| e >= today))
                .map(|s| s.qty)
                .sum(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Entry,
    Loans,
    InHall,
    Stock,
    Today,
}

impl View {
    pub const ALL: [View; 5] = [View::Entry, View::Loans, View::InHall, View::Stock, View::Today];

    pub fn next(self) -> View {
        let i = View::ALL.iter().position(|v| *v == self).unwrap_or(0);
        View::ALL[(i + 1) % View::ALL.len()]
    }
}

/// One line of the stock view: an item, or one of its batches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockLine {
    pub item: usize,
    pub batch: Option<String>,
}

pub struct StationTab {
    pub view: View,
    pub entry: Form,
    /// The item the entry form's fields were built for.
    pub entry_item: Option<usize>,
    /// The loans' search field.
    pub search: Form,
    pub overview: Overview,
    pub selected: usize,
    /// The row the cursor was on (a loan, a use) left its list: another terminal returned or
    /// ended it. Nothing is selected until ↑ or ↓; `selected` keeps the place it had.
    pub unpicked: bool,
    /// The loans' search as last asked (Enter): every read carries it, and an answer for any
    /// other query (a slow one, sent before) is dropped.
    pub asked: String,
    /// What the last entry did, and the caution to read out.
    pub last: Option<Done>,
    /// A small form sent to the database: opened again as typed if refused.
    pub sent_form: Option<crate::app::ModalForm>,
    /// Rows of its list the last frame showed (a page read is that many).
    pub shown: crate::app::paging::Shown,
}

impl StationTab {
    pub fn new(ui: &Ui, settings: &Settings) -> Self {
        StationTab {
            shown: Default::default(),
            view: View::Entry,
            entry: entry_form(ui, settings, None, NaiveDate::MIN),
            entry_item: None,
            search: Form::new(vec![Field::new(FieldId::Query, ui.f4.field_search, FieldKind::Text)]),
            overview: Overview::default(),
            selected: 0,
            unpicked: false,
            asked: String::new(),
            last: None,
            sent_form: None,
        }
    }

    /// Esc confirmed: the page's form starts again empty.
    pub fn discard(&mut self, ui: &Ui, settings: &Settings, due: NaiveDate) {
        match self.view {
            View::Entry => {
                self.entry = entry_form(ui, settings, None, due);
                self.entry_item = None;
            }
            View::Loans => {
                self.search.clear();
                // The next read shows every open loan again.
                self.overview.query.clear();
                self.asked.clear();
            }
            _ => {}
        }
    }

    /// The form of the view on screen, if it has one.
    pub fn active_form(&self) -> Option<&Form> {
        match self.view {
            View::Entry => Some(&self.entry),
            View::Loans => Some(&self.search),
            _ => None,
        }
    }

    pub fn active_form_mut(&mut self) -> Option<&mut Form> {
        match self.view {
            View::Entry => Some(&mut self.entry),
            View::Loans => Some(&mut self.search),
            _ => None,
        }
    }

    /// The stock view's lines: each configured item, then its batches.
    pub fn stock_lines(&self, settings: &Settings) -> Vec<StockLine> {
        let mut out = vec![];
        for (i, item) in settings.config.station.items.iter().enumerate() {
            out.push(StockLine { item: i, batch: None });
            if item.batches {
                for s in self.overview.stock.iter().filter(|s| s.item == item.code && s.qty > 0) {
                    out.push(StockLine { item: i, batch: Some(s.batch.clone()) });
                }
            }
        }
        out
    }

    /// The row under the cursor, if any.
    fn at(&self) -> Option<usize> {
        (!self.unpicked).then_some(self.selected)
    }

    /// Whether row `i` of the list on screen is drawn selected.
    pub fn marked(&self, i: usize) -> bool {
        self.at() == Some(i)
    }

    /// The loan under the cursor.
    pub fn loan(&self) -> Option<&LoanRow> {
        self.at().and_then(|i| self.overview.loans.get(i))
    }

    /// The in-hall use under the cursor.
    pub fn in_use(&self) -> Option<&UseRow> {
        self.at().and_then(|i| self.overview.uses.get(i))
    }

    /// The list was read again: the cursor stays on the row it was on (`was`), or nothing is
    /// selected when that row left; rows appearing in a list that was empty (another terminal's)
    /// are not picked either: nothing is selected until ↑ or ↓ (which take the first row).
    fn follow(&mut self, was: Option<i64>, ids: &[i64]) {
        match was {
            Some(id) => match crate::app::paging::follow(id, ids) {
                Some(i) => self.selected = i,
                None => self.unpicked = true,
            },
            None if !self.unpicked && !ids.is_empty() => {
                self.selected = 0;
                self.unpicked = true;
            }
            None => {}
        }
    }

    /// Rows in the list of the view on screen.
    pub fn rows(&self, settings: &Settings) -> usize {
        match self.view {
            View::Loans => self.overview.loans.len(),
            View::InHall => self.overview.uses.len(),
            View::Stock => self.stock_lines(settings).len(),
            View::Today => self.overview.moves.len() + self.overview.help.len(),
            View::Entry => 0,
        }
    }
}

/// The entry form for an item (by its place in the config): the item, then what its kind
/// needs. `due` prefills a loan's due date (`NaiveDate::MIN`: the calendar is not set).
pub fn entry_form(ui: &Ui, settings: &Settings, item: Option<usize>, due: NaiveDate) -> Form {
    let f4 = ui.f4;
    let items = &settings.config.station.items;
    let names = items.iter().map(|i| i.name.clone()).collect();
    let mut item_field = Field::choice(FieldId::Item, f4.field_item, names);
    if let Some(i) = item {
        item_field = item_field.with_default(i);
    }
    let mut fields = vec![item_field];
    // Empty means one.
    let qty = || Field::new(FieldId::Qty, f4.field_qty, FieldKind::Text);
    match item.and_then(|i| items.get(i)).map(|i| i.kind) {
        Some(ItemKind::Consumable) => {
            fields.extend([qty(), Field::new(FieldId::Ticket, f4.field_ticket, FieldKind::Text)]);
        }
        Some(ItemKind::Loan) => {
            let mut due_field = Field::new(FieldId::Due, f4.field_due, FieldKind::Date);
            if due != NaiveDate::MIN {
                due_field.input = tui_input::Input::new(due.to_string());
            }
            fields.extend([
                qty(),
                Field::new(FieldId::Name, ui.field_name, FieldKind::Text),
                Field::new(FieldId::Phone, ui.field_phone, FieldKind::Phone),
                Field::new(FieldId::Id, f4.field_id_optional, FieldKind::Id),
                due_field,
                Field::choice(
                    FieldId::Deposit,
                    f4.field_deposit,
                    vec![f4.deposit_no.into(), f4.deposit_yes.into()],
                )
                .with_default(0),
                Field::new(FieldId::Ticket, f4.field_ticket, FieldKind::Text),
                Field::new(FieldId::Note, ui.field_note, FieldKind::Text),
            ]);
        }
        Some(ItemKind::InHall) => {
            fields.extend([
                Field::new(FieldId::Ticket, f4.field_ticket, FieldKind::Text),
                Field::new(FieldId::Note, ui.field_note, FieldKind::Text),
            ]);
        }
        None => {}
    }
    Form::new(fields)
}

//! F4's entries checked field by field (a refused entry keeps every character), the small forms
//! (return, lost, help, stock changes) and what the database answers.

use super::StationForm;
use super::{Lend, StationOp, StationReply, View, entry_form};
use crate::app::form::FieldId;
use crate::app::form::{Field, FieldKind, Form};
use crate::app::*;
use crate::config::ItemKind;
use crate::db::station_ops::StockChange;
use crate::domain::dates::parse_date;
use crate::domain::text::fold_ascii;
use crate::domain::{IdNumber, Phone};
use crate::i18n::fill;

/// A quantity as typed: empty means one; otherwise a whole number from 1 to 9999.
pub fn quantity(s: &str) -> Option<i64> {
    let t = fold_ascii(s.trim());
    if t.is_empty() {
        return Some(1);
    }
    t.parse::<i64>().ok().filter(|n| (1..=9999).contains(n))
}

/// A ticket number as typed (`a12` → `A12`): a letter and up to four digits, or nothing.
pub fn ticket(s: &str) -> Option<String> {
    let t = fold_ascii(s.trim()).to_ascii_uppercase();
    let mut chars = t.chars();
    let ok = match chars.next() {
        None => true,
        Some(c) => {
            c.is_ascii_uppercase()
                && (1..=4).contains(&chars.clone().count())
                && chars.all(|d| d.is_ascii_digit())
        }
    };
    ok.then_some(t)
}

/// A signed whole number for an adjustment (`-2`, `+3`, `－2`), not zero.
fn delta(s: &str) -> Option<i64> {
    let t = fold_ascii(s.trim()).replace('－', "-").replace('＋', "+");
    t.trim_start_matches('+').parse::<i64>().ok().filter(|n| *n != 0 && n.abs() <= 9999)
}

impl App {
    /// The entry form, checked: errors under the fields, or the request.
    pub(crate) fn record_entry(&mut self) -> Vec<Effect> {
        let ui = self.ui;
        let f4 = ui.f4;
        let today = self.today();
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let f = &mut s.station.entry;
        f.clear_errors();
        let Some(item) =
            f.choice(FieldId::Item).and_then(|i| self.settings.config.station.items.get(i)).cloned()
        else {
            f.set_error(FieldId::Item, f4.pick_item);
            f.focus_first_error();
            s.station.last = None;
            self.flash = Some(f4.pick_item.into());
            return vec![];
        };
        let qty = match item.kind {
            ItemKind::InHall => Some(1),
            _ => quantity(f.value(FieldId::Qty)),
        };
        if qty.is_none() {
            f.set_error(FieldId::Qty, f4.bad_qty);
        }
        let tk = ticket(f.value(FieldId::Ticket));
        if tk.is_none() {
            f.set_error(FieldId::Ticket, f4.bad_ticket);
        }
        let note = f.value(FieldId::Note).trim().to_string();
        let op = match item.kind {
            ItemKind::Consumable => StationOp::Give {
                item: item.code.clone(),
                qty: qty.unwrap_or(0),
                ticket: tk.clone().unwrap_or_default(),
            },
            ItemKind::InHall => {
                StationOp::StartUse { item: item.code.clone(), ticket: tk.clone().unwrap_or_default(), note }
            }
            ItemKind::Loan => {
                let name = f.value(FieldId::Name).trim().to_string();
                if name.is_empty() {
                    f.set_error(FieldId::Name, ui.err_required);
                }
                let phone = match Phone::parse(f.value(FieldId::Phone)) {
                    Ok(p) => Some(p.as_str().to_string()),
                    Err(_) if f.value(FieldId::Phone).trim().is_empty() => {
                        f.set_error(FieldId::Phone, ui.err_required);
                        None
                    }
                    Err(_) => {
                        f.set_error(FieldId::Phone, ui.phone_invalid);
                        None
                    }
                };
                let id_number = match f.value(FieldId::Id).trim() {
                    "" => None,
                    typed => match IdNumber::parse(typed, today) {
                        Ok(id) => Some(id.as_str().to_string()),
                        Err(e) => {
                            let m = self.id_message(e);
                            let Screen::Main(s) = &mut self.screen else { return vec![] };
                            s.station.entry.set_error(FieldId::Id, m);
                            None
                        }
                    },
                };
                let max_days = self.settings.config.station.loan_max_days;
                let last_due = today
                    .checked_add_days(chrono::Days::new(max_days.into()))
                    .unwrap_or(chrono::NaiveDate::MAX);
                let Screen::Main(s) = &mut self.screen else { return vec![] };
                let f = &mut s.station.entry;
                let due = match parse_date(f.value(FieldId::Due), today) {
                    Ok(d) if d < today => {
                        f.set_error(FieldId::Due, f4.due_past);
                        None
                    }
                    Ok(d) if d > last_due => {
                        f.set_error(
                            FieldId::Due,
                            fill(f4.due_too_far, &[("date", &last_due), ("n", &max_days)]),
                        );
                        None
                    }
                    Ok(d) => Some(d),
                    Err(_) if f.value(FieldId::Due).trim().is_empty() => {
                        f.set_error(FieldId::Due, f4.due_needed);
                        None
                    }
                    Err(_) => {
                        f.set_error(FieldId::Due, ui.date_invalid);
                        None
                    }
                };
                StationOp::Lend(Lend {
                    item: item.code.clone(),
                    qty: qty.unwrap_or(0),
                    name,
                    phone: phone.unwrap_or_default(),
                    id_number,
                    due_on: due.unwrap_or(today),
                    deposit: f.choice(FieldId::Deposit) == Some(1),
                    ticket: tk.clone().unwrap_or_default(),
                    note,
                })
            }
        };
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        if s.station.entry.has_errors() {
            s.station.entry.focus_first_error();
            // A new error replaces the last entry's message, on the panel and the status line.
            s.station.last = None;
            self.flash = s.station.entry.focused().error.clone();
            return vec![];
        }
        self.station(op)
    }

    pub(crate) fn help_form(&self) -> Modal {
        let f4 = self.ui.f4;
        let kinds = self.settings.config.station.help_kinds.iter().map(|k| k.name.clone()).collect();
        Modal::Form(ModalForm {
            purpose: FormPurpose::Station(StationForm::Help),
            title: f4.help_title.into(),
            form: Form::new(vec![
                Field::choice(FieldId::Kind, f4.field_help_kind, kinds),
                Field::new(FieldId::Note, self.ui.field_note, FieldKind::Text),
                Field::new(FieldId::Ticket, f4.field_ticket, FieldKind::Text),
            ]),
        })
    }

    /// A small form for the selected loan: how many come back (or are lost) and a note.
    fn loan_form(&self, lost: bool) -> Option<Modal> {
        let f4 = self.ui.f4;
        let Screen::Main(s) = &self.screen else { return None };
        let loan = s.station.loan()?;
        let name = self.item_name(&loan.item);
        let mut qty = Field::new(FieldId::Qty, f4.field_qty, FieldKind::Text);
        qty.input = tui_input::Input::new(loan.outstanding().to_string());
        let note = Field::new(
            FieldId::Note,
            if lost { f4.field_reason } else { f4.field_condition },
            FieldKind::Text,
        );
        let (purpose, title) = if lost {
            (FormPurpose::Station(StationForm::Lost(loan.id)), f4.lost_title)
        } else {
            (FormPurpose::Station(StationForm::Return(loan.id)), f4.return_title)
        };
        let mut title = fill(title, &[("item", &name), ("name", &loan.name), ("n", &loan.outstanding())]);
        let mut fields = vec![qty, note];
        // A deposit taken is refunded when the loan closes (its last unit back, or lost): the
        // clerk is reminded here, on the title's line of its own, and says whether it went back
        // (recorded with the last unit; one not refunded stays listed, owing).
        if loan.deposit {
            title.push_str(if lost { f4.lost_deposit } else { f4.return_deposit });
            let options = vec![f4.refund_yes.into(), f4.refund_no.into()];
            fields.push(Field::choice(FieldId::Deposit, f4.field_refund, options));
        }
        Some(Modal::Form(ModalForm { purpose, title, form: Form::new(fields) }))
    }

    pub(crate) fn open_return(&mut self) -> Vec<Effect> {
        self.modal = self.loan_form(false);
        vec![]
    }

    pub(crate) fn open_lost(&mut self) -> Vec<Effect> {
        self.modal = self.loan_form(true);
        vec![]
    }

    /// Restock, count or adjust the selected item (a batched item's count and adjustment act
    /// on the selected batch).
    pub(crate) fn open_stock_form(&mut self, action: keymap::Action) -> Vec<Effect> {
        let f4 = self.ui.f4;
        let Screen::Main(s) = &self.screen else { return vec![] };
        let t = &s.station;
        let Some(line) = t.stock_lines(&self.settings).get(t.selected).cloned() else { return vec![] };
        let Some(item) = self.settings.config.station.items.get(line.item) else { return vec![] };
        let batch = line.batch.clone().unwrap_or_default();
        let held =
            t.overview.stock.iter().find(|r| r.item == item.code && r.batch == batch).map_or(0, |r| r.qty);
        let mut fields = vec![];
        let (kind, title) = match action {
            keymap::Action::Restock => {
                fields.push(Field::new(FieldId::Qty, f4.field_qty, FieldKind::Text));
                if item.batches {
                    let mut b = Field::new(FieldId::Batch, f4.field_batch, FieldKind::Text);
                    b.input = tui_input::Input::new(batch.clone());
                    fields.extend([b, Field::new(FieldId::Expires, f4.field_expires, FieldKind::Date)]);
                }
                (StockKind::Restock, fill(f4.restock_title, &[("item", &item.name)]))
            }
            _ if item.batches && line.batch.is_none() => {
                self.flash = Some(f4.pick_batch.into());
                return vec![];
            }
            keymap::Action::CountStock => {
                fields.push(Field::new(FieldId::Qty, f4.field_counted, FieldKind::Text));
                let what = format!("{} {batch}", item.name);
                (StockKind::Count, fill(f4.count_title, &[("item", &what.trim_end()), ("n", &held)]))
            }
            _ => {
                fields.push(Field::new(FieldId::Qty, f4.field_delta, FieldKind::Text));
                let what = format!("{} {batch}", item.name);
                (StockKind::Adjust, fill(f4.adjust_title, &[("item", &what.trim_end()), ("n", &held)]))
            }
        };
        let mut reason = Field::new(FieldId::Reason, f4.field_reason, FieldKind::Text);
        if kind == StockKind::Restock {
            reason.input = tui_input::Input::new(f4.restock_reason.into());
        }
        fields.push(reason);
        let purpose = FormPurpose::Station(StationForm::Stock { item: line.item, batch, kind, book: held });
        self.modal = Some(Modal::Form(ModalForm { purpose, title, form: Form::new(fields) }));
        vec![]
    }

    /// A station form submitted: checked, then the request; a refused form opens again as typed.
    pub(crate) fn station_form(&mut self, purpose: super::StationForm, mut m: ModalForm) -> Vec<Effect> {
        let ui = self.ui;
        let f4 = ui.f4;
        let today = self.today();
        let f = &mut m.form;
        f.clear_errors();
        let text = |f: &Form, name: FieldId| f.value(name).trim().to_string();
        let lost = matches!(purpose, StationForm::Lost(_));
        let op = match purpose {
            StationForm::Help => {
                let kind =
                    f.choice(FieldId::Kind).and_then(|i| self.settings.config.station.help_kinds.get(i));
                if kind.is_none() {
                    f.set_error(FieldId::Kind, f4.pick_kind);
                }
                let tk = ticket(f.value(FieldId::Ticket));
                if tk.is_none() {
                    f.set_error(FieldId::Ticket, f4.bad_ticket);
                }
                let (kind, ticket) =
                    (kind.map(|k| k.code.clone()).unwrap_or_default(), tk.unwrap_or_default());
                StationOp::Help { kind, note: text(f, FieldId::Note), ticket }
            }
            StationForm::Return(loan_id) | StationForm::Lost(loan_id) => {
                let qty = quantity(f.value(FieldId::Qty));
                // The range that can come back, not any quantity's.
                let out = match &self.screen {
                    Screen::Main(s) => s.station.overview.loans.iter().find(|l| l.id == loan_id),
                    _ => None,
                }
                .map(|l| l.outstanding())
                .filter(|n| *n > 0);
                if qty.is_none() {
                    match out {
                        Some(n) => f.set_error(FieldId::Qty, fill(f4.return_range, &[("n", &n)])),
                        None => f.set_error(FieldId::Qty, f4.bad_qty),
                    }
                }
                // The deposit is settled with the step that closes the loan: asked then; on a
                // part, 已退还 is refused (it would be dropped), 暂未退还 or nothing passes.
                let asks_refund = f.field(FieldId::Deposit).is_some();
                let part = matches!((qty, out), (Some(q), Some(n)) if q < n);
                match f.choice(FieldId::Deposit) {
                    None if asks_refund && !part => f.set_error(FieldId::Deposit, f4.refund_pick),
                    Some(0) if part => f.set_error(FieldId::Deposit, f4.refund_part),
                    _ => {}
                }
                if lost && text(f, FieldId::Note).is_empty() {
                    f.set_error(FieldId::Note, ui.err_required);
                }
                let (qty, note) = (qty.unwrap_or(0), text(f, FieldId::Note));
                if lost {
                    StationOp::Lost {
                        loan_id,
                        qty,
                        reason: note,
                        refund: f.choice(FieldId::Deposit) == Some(0),
                    }
                } else {
                    StationOp::Return { loan_id, qty, note, refund: f.choice(FieldId::Deposit) == Some(0) }
                }
            }
            StationForm::Refund(loan_id) => match f.choice(FieldId::Deposit) {
                Some(0) => StationOp::Refund { loan_id },
                // 暂未退还: nothing changes, the loan stays listed owing.
                Some(_) => return vec![],
                None => {
                    f.set_error(FieldId::Deposit, f4.refund_pick);
                    StationOp::Refund { loan_id }
                }
            },
            StationForm::Stock { item, batch, kind, book } => {
                let typed = f.value(FieldId::Qty);
                let n = match kind {
                    StockKind::Adjust => delta(typed),
                    StockKind::Count => {
                        fold_ascii(typed.trim()).parse::<i64>().ok().filter(|n| (0..=99_999).contains(n))
                    }
                    StockKind::Restock => quantity(typed).filter(|_| !typed.trim().is_empty()),
                };
                if n.is_none() {
                    f.set_error(FieldId::Qty, f4.bad_qty);
                }
                // A count equal to the book changes nothing: it needs no reason.
                let unchanged = kind == StockKind::Count && n == Some(book);
                if text(f, FieldId::Reason).is_empty() && !unchanged {
                    f.set_error(FieldId::Reason, ui.err_required);
                }
                let n = n.unwrap_or(0);
                let batch = if kind == StockKind::Restock { text(f, FieldId::Batch) } else { batch };
                let change = match kind {
                    StockKind::Restock => {
                        let expires = match f.value(FieldId::Expires).trim() {
                            "" => None,
                            typed => match parse_date(typed, today) {
                                Ok(d) => Some(d),
                                Err(_) => {
                                    f.set_error(FieldId::Expires, ui.date_invalid);
                                    None
                                }
                            },
                        };
                        StockChange::Restock { qty: n, expires_on: expires }
                    }
                    StockKind::Count => StockChange::Count { counted: n, book },
                    StockKind::Adjust => StockChange::Adjust { delta: n },
                };
                let code =
                    self.settings.config.station.items.get(item).map(|i| i.code.clone()).unwrap_or_default();
                StationOp::Stock { item: code, batch, change, reason: text(f, FieldId::Reason) }
            }
        };
        if m.form.has_errors() {
            m.form.focus_first_error();
            self.modal = Some(Modal::Form(m));
            return vec![];
        }
        if let Screen::Main(s) = &mut self.screen {
            s.station.sent_form = Some(m);
        }
        self.station(op)
    }

    /// A stored UTC stamp as the centre's local "HH:MM".
    pub fn local_time(&self, stamp: &str) -> String {
        chrono::DateTime::parse_from_rfc3339(stamp)
            .map(|t| t.with_timezone(&self.settings.tz).format("%H:%M").to_string())
            .unwrap_or_default()
    }

    pub fn item_name(&self, code: &str) -> String {
        let items = &self.settings.config.station.items;
        items.iter().find(|i| i.code == code).map(|i| i.name.clone()).unwrap_or_else(|| code.to_string())
    }

    pub(crate) fn station_reply(&mut self, reply: StationReply) -> Vec<Effect> {
        let due = self.default_due();
        let mut reread = false;
        // A count refused because the book moved opens again against the book as it is now.
        let moved = match &reply {
            StationReply::Done(Err(super::Refused::Rule {
                why: crate::db::station_ops::Refused::BookMoved { now },
                ..
            })) => Some(*now),
            _ => None,
        };
        // A refusal of the role reads nothing again: that read would be refused too (as on F6,
        // where it spun).
        let role_refused = matches!(&reply, StationReply::Done(Err(super::Refused::Role(_))));
        // The field a refusal is about takes the cursor.
        let about = match &reply {
            StationReply::Done(Err(why)) => why.field(),
            _ => None,
        };
        // The room words the outcome: the result panel's message and caution, or why not.
        let reply = match reply {
            StationReply::Overview(o) => Arrived::Overview(Box::new(o)),
            StationReply::Done(r) => Arrived::Done(
                r.map(|did| did.words(self.lang, &self.settings))
                    .map_err(|why| why.words(self.lang, &self.settings)),
            ),
        };
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let t = &mut s.station;
        match reply {
            // The answer to a search since replaced (a slow one, or a read sent before Enter):
            // never shown for the query the clerk asked since.
            Arrived::Overview(o) if o.query != t.asked => return vec![],
            Arrived::Overview(mut o) => {
                // A page of loans past either end leaves the page on screen (and the cursor on
                // its edge); the page read again keeps the cursor on its loan (see `follow`);
                // otherwise the cursor lands where the move that read it leads.
                let on_screen = t.overview.loans.len();
                // Read again: the page on screen (from its first loan), or the same search's
                // empty list read anew (loans appearing in it are not picked by themselves).
                let reread = match o.loans_from {
                    crate::db::page::From::At(_) => true,
                    crate::db::page::From::First => on_screen == 0,
                    _ => false,
                };
                let again = reread && o.query == t.overview.query;
                let (was_loan, was_use) = (t.loan().map(|l| l.id), t.in_use().map(|u| u.id));
                match crate::app::paging::landed(o.loans_from, o.loans.len(), t.selected, on_screen) {
                    crate::app::paging::Landing::Stay(at) => {
                        o.loans = std::mem::take(&mut t.overview.loans);
                        o.loans_from = t.overview.loans_from;
                        if t.view == View::Loans {
                            t.selected = at;
                            t.unpicked = false;
                        }
                    }
                    crate::app::paging::Landing::Page(_) if t.view == View::Loans && again => {
                        let ids: Vec<i64> = o.loans.iter().map(|l| l.id).collect();
                        t.follow(was_loan, &ids);
                    }
                    crate::app::paging::Landing::Page(at) if t.view == View::Loans => {
                        t.selected = at;
                        t.unpicked = false;
                    }
                    crate::app::paging::Landing::Page(_) => {}
                }
                if t.view == View::InHall {
                    let ids: Vec<i64> = o.uses.iter().map(|u| u.id).collect();
                    t.follow(was_use, &ids);
                }
                t.overview = *o;
            }
            Arrived::Done(result) => {
                self.pending = None;
                reread = !role_refused;
                let sent = t.sent_form.take();
                match result {
                    Ok(done) => {
                        // A fresh entry form; the search and the page stay.
                        if t.view == View::Entry {
                            t.entry = entry_form(self.ui, &self.settings, None, due);
                            t.entry_item = None;
                        }
                        // The entry page's result panel shows it; other pages say it on the
                        // status line.
                        if t.view != View::Entry {
                            self.flash = Some(done.message.clone());
                        }
                        t.last = Some(done);
                    }
                    Err(why) => {
                        if let Some(mut m) = sent {
                            if let Some(now) = moved {
                                rebook(&self.settings, self.ui.f4.count_title, &mut m, now);
                            }
                            let first =
                                m.form.fields.iter().find(|f| f.kind != FieldKind::Choice).map(|f| f.name);
                            let at = about.filter(|a| m.form.field(*a).is_some()).or(first);
                            if let Some(name) = at {
                                m.form.set_error(name, why.clone());
                                m.form.focus_first_error();
                            }
                            self.modal = Some(Modal::Form(m));
                        } else if t.view == View::Entry {
                            let field = match about.filter(|a| t.entry.field(*a).is_some()) {
                                Some(a) => a,
                                None if t.entry.field(FieldId::Qty).is_some() => FieldId::Qty,
                                None => FieldId::Item,
                            };
                            // The last entry's message no longer stands beside a refusal.
                            t.last = None;
                            t.entry.set_error(field, why.clone());
                            t.entry.focus_first_error();
                        }
                        self.flash = Some(why);
                    }
                }
            }
        }
        let rows = t.rows(&self.settings);
        t.selected = t.selected.min(rows.saturating_sub(1));
        self.loan_revealable();
        if reread { self.station_refresh() } else { vec![] }
    }
}

/// A count form taken again against the book as it is now (`now`), its title saying so; the
/// figure counted against the old book is cleared, so the supervisor counts again and a second
/// Alt+S cannot store it against the new one.
fn rebook(settings: &crate::config::Settings, title: &str, m: &mut ModalForm, now: i64) {
    let FormPurpose::Station(StationForm::Stock { item, batch, book, .. }) = &mut m.purpose else { return };
    *book = now;
    if let Some(f) = m.form.fields.iter_mut().find(|f| f.name == FieldId::Qty) {
        f.input = tui_input::Input::default();
    }
    let name = settings.config.station.items.get(*item).map(|i| i.name.clone()).unwrap_or_default();
    let what = format!("{name} {batch}");
    m.title = fill(title, &[("item", &what.trim_end()), ("n", &now)]);
}

/// A station answer as the tab shows it.
enum Arrived {
    Overview(Box<super::Overview>),
    Done(Result<super::Done, String>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_tickets_and_deltas_as_typed() {
        assert_eq!(quantity(""), Some(1));
        assert_eq!(quantity("１０"), Some(10));
        assert_eq!(quantity("0"), None);
        assert_eq!(quantity("两"), None);
        assert_eq!(ticket(" a012 "), Some("A012".into()));
        assert_eq!(ticket("Ａ１２"), Some("A12".into()));
        assert_eq!(ticket(""), Some(String::new()));
        assert_eq!(ticket("012"), None);
        assert_eq!(ticket("A12345"), None);
        assert_eq!(delta("-2"), Some(-2));
        assert_eq!(delta("＋3"), Some(3));
        assert_eq!(delta("0"), None);
    }
}

//! F4's keys: the entry form (the item by its digit; Enter on it records at once where nothing
//! more is needed), the loans' search and list, in-hall uses, stock and the day's log.

use super::{StationOp, StationTab, View, entry_form};
use crate::app::form::FieldId;
use crate::app::form::FormReply;
use crate::app::keymap::{Action, Layer, Tab};
use crate::app::paging::Step;
use crate::app::*;
use crate::config::ItemKind;
use crate::db::page::From;
use crate::domain::Role;

impl App {
    pub(crate) fn station(&mut self, op: StationOp) -> Vec<Effect> {
        let reads = matches!(op, StationOp::Overview { .. } | StationOp::Search { .. });
        if !reads && self.saves_blocked {
            self.flash = Some(self.ui.saves_blocked.into());
            return vec![];
        }
        if !reads {
            self.pending = Some(self.now_ms);
        }
        self.who().map(|who| Effect::Station { who, op }).into_iter().collect()
    }

    pub(crate) fn station_layers(t: &StationTab) -> Vec<Layer> {
        let l = match t.view {
            View::Entry if t.entry.focused().name == FieldId::Item => {
                vec![Layer::StationItem, Layer::StationEntry]
            }
            View::Entry => vec![Layer::StationEntry],
            View::Loans => vec![Layer::StationLoans, Layer::StationList],
            View::InHall => vec![Layer::StationUses, Layer::StationList],
            View::Stock => vec![Layer::StationStock, Layer::StationList],
            View::Today => vec![Layer::StationList],
        };
        crate::app::keymap::tab_layers(l, t.active_form(), Layer::Station)
    }

    /// What F4 reads when it is showing (also every two seconds: other terminals lend too).
    pub(crate) fn station_refresh(&self) -> Vec<Effect> {
        let Screen::Main(s) = &self.screen else { return vec![] };
        if s.tab != Tab::Station || s.lock.is_some() {
            return vec![];
        }
        // The page of loans on screen read again, where it stands.
        let from = s.station.overview.loans.first().map_or(From::First, |l| From::At(l.id));
        self.loans_page(from)
    }

    /// As many loans as the list shows at this terminal's size.
    fn loans_rows(&self) -> usize {
        let estimate = (self.size.1 as usize).saturating_sub(11);
        match &self.screen {
            Screen::Main(s) => s.station.shown.or(estimate),
            _ => estimate,
        }
    }

    /// Reads the page of the open loans (as last searched) `from` a loan.
    fn loans_page(&self, from: From) -> Vec<Effect> {
        let Screen::Main(s) = &self.screen else { return vec![] };
        let (query, n) = (s.station.asked.clone(), self.loans_rows());
        self.who()
            .map(|who| Effect::Station { who, op: StationOp::Overview { query, from, n } })
            .into_iter()
            .collect()
    }

    /// ↑ ↓ PgUp PgDn Home End: the loans page through the database; the other lists are whole.
    fn station_move(&mut self, action: Action, rows: usize) -> Vec<Effect> {
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let t = &mut s.station;
        // The cursor's row left its list: the first arrow picks a row again near its place.
        if t.unpicked
            && let Some(i) = crate::app::paging::regain(action, t.selected, rows)
        {
            t.selected = i;
            t.unpicked = false;
            self.loan_revealable();
            return vec![];
        }
        if t.view == View::Loans {
            let ids: Vec<i64> = t.overview.loans.iter().map(|l| l.id).collect();
            match crate::app::paging::step(action, t.selected, &ids) {
                Step::Within(i) => {
                    t.selected = i;
                    t.unpicked = false;
                }
                Step::Read(from) => return self.loans_page(from),
                Step::Not => {}
            }
        } else {
            let last = rows.saturating_sub(1);
            t.selected = match action {
                Action::Up => t.selected.saturating_sub(1),
                Action::Down => (t.selected + 1).min(last),
                Action::ScrollUp => t.selected.saturating_sub(t.shown.or(10)),
                Action::ScrollDown => (t.selected + t.shown.or(10)).min(last),
                Action::Home => 0,
                _ => last,
            };
            t.unpicked = false;
        }
        self.loan_revealable();
        vec![]
    }

    pub(crate) fn station_key(
        &mut self,
        key: crossterm::event::KeyEvent,
        ms: u64,
        binding: Option<Action>,
    ) -> Vec<Effect> {
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let t = &mut s.station;
        if let Some(a) = binding
            && !matches!(a, Action::NextField | Action::PrevField | Action::Pick)
        {
            return self.station_act(a);
        }
        let Some(form) = t.active_form_mut() else { return vec![] };
        let reply = form.handle_key(key, ms);
        if reply == FormReply::Submit && t.view == View::Entry {
            return self.station_act(Action::Record);
        }
        self.entry_item_changed();
        vec![]
    }

    pub(crate) fn station_paste(&mut self, text: &str) -> usize {
        match &mut self.screen {
            Screen::Main(s) => s.station.active_form_mut().map_or(0, |f| f.paste(text)),
            _ => 0,
        }
    }

    /// The item picked changed: the form takes that kind's fields, keeping what was typed in
    /// the fields both share.
    fn entry_item_changed(&mut self) {
        let due = self.default_due();
        let Screen::Main(s) = &mut self.screen else { return };
        let t = &mut s.station;
        let picked = t.entry.choice(FieldId::Item);
        if t.view != View::Entry || picked == t.entry_item {
            return;
        }
        let mut form = entry_form(self.ui, &self.settings, picked, due);
        for f in &mut form.fields {
            if let Some(old) = t.entry.field(f.name)
                && f.name != FieldId::Item
                && !old.value().is_empty()
            {
                f.input = old.input.clone();
            }
        }
        t.entry = form;
        t.entry_item = picked;
    }

    /// A loan's default due date: the end of the next working day (none without a calendar).
    pub(crate) fn default_due(&self) -> chrono::NaiveDate {
        crate::domain::station::due_date(&self.settings.calendar, self.today())
            .unwrap_or(chrono::NaiveDate::MIN)
    }

    pub(crate) fn station_act(&mut self, action: Action) -> Vec<Effect> {
        let ui = self.ui;
        let f4 = ui.f4;
        let settings = &self.settings;
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let supervisor = s.clerk.role == Role::Supervisor;
        let t = &mut s.station;
        let rows = t.rows(settings);
        match action {
            Action::StationView => {
                t.view = t.view.next();
                t.selected = 0;
                t.unpicked = false;
                s.revealable = None;
                return self.station_refresh();
            }
            Action::Up
            | Action::Down
            | Action::ScrollUp
            | Action::ScrollDown
            | Action::Home
            | Action::End => {
                return self.station_move(action, rows);
            }
            Action::Back if t.active_form().is_some_and(|f| f.is_dirty()) => {
                self.modal = Some(Modal::ConfirmDiscard);
            }
            Action::QuickEntry => {
                let item = t.entry.choice(FieldId::Item).and_then(|i| settings.config.station.items.get(i));
                match item.map(|i| i.kind) {
                    None => t.entry.set_error(FieldId::Item, f4.pick_item),
                    Some(ItemKind::Loan) => t.entry.next(),
                    Some(_) => return self.record_entry(),
                }
            }
            Action::Record => return self.record_entry(),
            Action::HelpEntry => self.modal = Some(self.help_form()),
            Action::LoanEnter => {
                let query = t.search.value(FieldId::Query).trim().to_string();
                if query != t.asked || rows == 0 {
                    t.selected = 0;
                    t.unpicked = false;
                    t.asked = query.clone();
                    return self.search_loans(query);
                }
                match t.loan() {
                    None => {
                        self.flash = Some(f4.none_picked.into());
                        return vec![];
                    }
                    Some(l) if l.owes_deposit() => return self.open_refund(),
                    Some(_) => return self.open_return(),
                }
            }
            Action::LoanLost if !supervisor => self.flash = Some(f4.supervisor_only.into()),
            Action::LoanLost if t.view == View::Loans && t.overview.loans.is_empty() => {
                self.flash = Some(f4.loans_none.into());
            }
            Action::LoanLost if t.loan().is_none() => self.flash = Some(f4.none_picked.into()),
            Action::LoanLost if t.loan().is_some_and(|l| l.owes_deposit()) => {
                self.flash = Some(f4.owed_closed.into());
            }
            Action::LoanLost => return self.open_lost(),
            Action::EndUse => return self.ask_end_use(),
            Action::Restock | Action::CountStock | Action::AdjustStock if !supervisor => {
                self.flash = Some(f4.supervisor_only.into());
            }
            Action::Restock | Action::CountStock | Action::AdjustStock => {
                return self.open_stock_form(action);
            }
            _ => {}
        }
        self.loan_revealable();
        vec![]
    }

    /// Enter on an in-hall use: asked first (it cannot be taken back), naming the item, the
    /// ticket and since when, so the clerk ends the one the person brought back.
    fn ask_end_use(&mut self) -> Vec<Effect> {
        let f4 = self.ui.f4;
        let Screen::Main(s) = &self.screen else { return vec![] };
        let t = &s.station;
        let Some(u) = t.in_use() else {
            if !t.overview.uses.is_empty() {
                self.flash = Some(f4.none_picked.into());
            }
            return vec![];
        };
        let (item, since) = (self.item_name(&u.item), self.local_time(&u.started_at));
        let ticket = u.ticket.clone().unwrap_or_else(|| "-".into());
        let question =
            crate::i18n::fill(f4.confirm_end_use, &[("item", &item), ("ticket", &ticket), ("since", &since)]);
        let then = Asked::Station(StationOp::EndUse { use_id: u.id });
        self.modal = Some(Modal::Ask { question, then });
        vec![]
    }

    /// The open loans matching a name, a phone's last digits or a ticket (audited).
    fn search_loans(&mut self, query: String) -> Vec<Effect> {
        let n = self.loans_rows();
        self.who()
            .map(|who| Effect::Station { who, op: StationOp::Search { query, n } })
            .into_iter()
            .collect()
    }

    /// Alt+V offers the selected loan's phone.
    pub(crate) fn loan_revealable(&mut self) {
        let Screen::Main(s) = &mut self.screen else { return };
        if s.station.view != View::Loans {
            return;
        }
        s.revealable = s.station.loan().map(|l| Revealable {
            worker_id: l.worker_id,
            masked: crate::domain::phone::mask_phone(&l.phone),
            full: l.phone.clone(),
        });
    }
}

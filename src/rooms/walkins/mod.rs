//! F1 来访登记: the quick-ticket/registration form, the queue pane, the window's current ticket,
//! the worker card and the what-to-bring checklist.

mod acts;
mod counter;
pub mod draw;
mod outcome;
pub mod service;
mod words;

pub(crate) mod keys;
mod replies;
mod submit;

use crate::app::form::FieldId;
use crate::app::form::{Field, FieldKind, Form};
use crate::config::Settings;
use crate::db::queue::{Filter, VisitRow};
use crate::db::workers::Worker;
use crate::i18n::Ui;

pub use outcome::{Acted, Refused, WalkReply};

/// F1's dialogs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkForm {
    /// Referring the visit out (its id).
    Referral(i64),
    FollowUp(i64),
    EditWorker {
        worker_id: i64,
        version: i64,
    },
}

/// F1's picks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkPick {
    /// Each for the visit (its id) the dialog names.
    Outcome(i64),
    Papers(i64),
    TransferKind(i64),
    TransferWindow(i64),
    TransferMatter(i64),
    /// Call-next with this ticket still at the window: recall it, 过号 or back to waiting.
    NextFirst(i64),
    /// The typed name, phone or unit differs from the worker's record: correct it, or not.
    RecordDiffers(Box<Registration>),
    /// Why a worker is looked up without a ticket being served (the ID number).
    LookupReason(String),
}

/// What the F1 tab asks the database for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkOp {
    Register(Registration),
    /// Reload the queue pane, the current ticket and the follow-up count.
    Refresh {
        window: String,
        filter: View,
        /// The follow-up list's page and its length (the queue views show today's queue).
        page: crate::db::page::From,
        n: usize,
    },
    /// The worker card for an ID number, audited with the reason.
    Card {
        id_number: String,
        reason: String,
    },
    Act(Act),
    EditWorker {
        worker_id: i64,
        version: i64,
        name: String,
        phone: String,
        work_unit: String,
    },
}

/// A counter action on a visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    CallNext,
    /// Moves the window's current ticket off first (过号 or back to waiting), then calls next.
    NextAfter {
        visit_id: i64,
        leave: crate::domain::walkin::Step,
    },
    /// A ticket marked 过号 or 取消 today back to waiting.
    Restore(i64),
    Recall(i64),
    Begin(i64),
    Finish {
        visit_id: i64,
        outcome: crate::domain::walkin::Outcome,
        papers: Vec<String>,
        referral: Option<Referral>,
    },
    Transfer {
        visit_id: i64,
        to_window: Option<String>,
        to_matter: Option<String>,
    },
    NoShow(i64),
    Cancel(i64),
    FollowUp {
        visit_id: i64,
        result: String,
    },
    ChecklistGiven(i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub department: String,
    pub contact: String,
    pub follow_up_on: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub matter: String,
    pub channel: crate::domain::walkin::Channel,
    pub id_number: Option<String>,
    pub name: String,
    pub phone: String,
    pub work_unit: String,
    pub priority: Option<String>,
    pub note: String,
    /// The worker's record takes what was typed where it differs (the clerk chose 更正档案);
    /// otherwise a known worker's record is left as it is and only this visit carries it.
    pub correct_record: bool,
}

/// What the queue pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Queue(Filter),
    FollowUps,
}

impl View {
    pub fn next(self) -> View {
        match self {
            View::Queue(Filter::Mine) => View::Queue(Filter::All),
            View::Queue(Filter::All) => View::Queue(Filter::Finished),
            View::Queue(Filter::Finished) => View::FollowUps,
            View::FollowUps => View::Queue(Filter::Mine),
        }
    }
}

/// The window's state as last read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub rows: Vec<VisitRow>,
    pub current: Option<VisitRow>,
    pub waiting: i64,
    pub longest_wait_min: Option<i64>,
    pub followups: i64,
    /// The follow-up page these rows are (the queue views ignore it).
    pub page: crate::db::page::From,
}

/// The worker card as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub worker: Worker,
    pub visits: Vec<VisitRow>,
    pub total_visits: i64,
    /// The latest visit came within 30 days of an earlier one for the same matter.
    pub repeat_30: Option<String>,
    /// The worker's claims (the card counts open and late ones).
    pub claims: Vec<crate::db::claims::ClaimRow>,
    /// The worker's letters, newest first.
    pub letters: Vec<crate::db::letters::LetterRow>,
    /// Station loans under the worker's ID or phone, newest first.
    pub loans: Vec<crate::db::station::LoanRow>,
}

/// The last ticket issued here, shown until the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastTicket {
    pub channel: crate::domain::walkin::Channel,
    pub ticket: Option<String>,
    pub matter: String,
    pub ahead: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Form,
    Queue,
}

pub struct WalkIns {
    pub form: Form,
    pub pane: Pane,
    pub view: View,
    pub selected: usize,
    /// The ticket the cursor was on left the list (another terminal called, served or moved
    /// it): nothing is selected until ↑ or ↓; `selected` keeps the place it had.
    pub unpicked: bool,
    pub snapshot: Snapshot,
    pub card: Option<Card>,
    /// When the card arrived (the loop's milliseconds): F3 takes its worker only while fresh.
    pub card_at: Option<u64>,
    /// The ID the card was asked for (so typing does not ask again).
    pub card_for: Option<String>,
    pub last: Option<LastTicket>,
    /// The visit the checklist belongs to (the last registered one).
    pub checklist_visit: Option<i64>,
    /// Its checklist was marked as given (Alt+G).
    pub checklist_given: bool,
    /// The follow-up list's page on screen (read again at every refresh).
    pub page: crate::db::page::From,
    /// Rows of its list the last frame showed (a page read is that many).
    pub shown: crate::app::paging::Shown,
}

impl WalkIns {
    pub fn new(ui: &Ui, settings: &Settings) -> Self {
        let c = &settings.config;
        let matters = c.matters.iter().map(|m| m.name.clone()).collect();
        let priorities = c.queue.priority_kinds.iter().map(|p| p.name.clone()).collect();
        let channels = vec![ui.channel_walk_in.into(), ui.channel_phone.into(), ui.channel_online.into()];
        let form = Form::new(vec![
            Field::choice(FieldId::Matter, ui.field_matter, matters),
            Field::new(FieldId::Id, ui.field_id, FieldKind::Id),
            Field::new(FieldId::Name, ui.field_name, FieldKind::Text),
            Field::new(FieldId::Phone, ui.field_phone, FieldKind::Phone),
            Field::new(FieldId::Unit, ui.field_unit, FieldKind::Text),
            Field::choice(FieldId::Priority, ui.field_priority, priorities),
            Field::choice(FieldId::Channel, ui.field_channel, channels).with_default(0),
            Field::new(FieldId::Note, ui.field_note, FieldKind::Text),
        ]);
        WalkIns {
            shown: Default::default(),
            form,
            pane: Pane::Form,
            view: View::Queue(Filter::Mine),
            selected: 0,
            unpicked: false,
            snapshot: Snapshot::default(),
            card: None,
            card_at: None,
            card_for: None,
            last: None,
            checklist_visit: None,
            checklist_given: false,
            page: crate::db::page::From::First,
        }
    }

    /// The matter picked in the form, or of the window's current ticket.
    pub fn matter_code(&self, settings: &Settings) -> Option<String> {
        self.form
            .choice(FieldId::Matter)
            .and_then(|i| settings.config.matters.get(i))
            .map(|m| m.code.clone())
            .or_else(|| self.snapshot.current.as_ref().map(|v| v.matter.clone()))
    }

    pub fn selected_row(&self) -> Option<&VisitRow> {
        if self.unpicked {
            return None;
        }
        self.snapshot.rows.get(self.selected)
    }

    /// The list was read again: the cursor stays on the ticket it was on (`was`), or nothing
    /// is selected when that ticket left; a list that was empty starts on its first row.
    pub(crate) fn follow(&mut self, was: Option<i64>) {
        let ids: Vec<i64> = self.snapshot.rows.iter().map(|r| r.id).collect();
        match was {
            Some(id) => match crate::app::paging::follow(id, &ids) {
                Some(i) => self.selected = i,
                None => self.unpicked = true,
            },
            None if !self.unpicked => self.selected = 0,
            None => {}
        }
    }

    /// The first ↑ or ↓ after the cursor's ticket left the list takes a row near its place.
    pub(crate) fn regain(&mut self, action: crate::app::keymap::Action) -> bool {
        let len = self.snapshot.rows.len();
        match crate::app::paging::regain(action, self.selected, len).filter(|_| self.unpicked) {
            Some(i) => {
                (self.selected, self.unpicked) = (i, false);
                true
            }
            None => false,
        }
    }

    /// Fresh form after a submit or cancel: nothing of the previous worker can come back.
    pub fn fresh(&mut self) {
        self.form.clear();
        self.card = None;
        self.card_for = None;
    }
}

//! F3 疗养服务: compose a recuperation letter with a live preview of both copies and issue it;
//! the year's register (read, void, re-issue); verify a number and code for a unit on the phone.

mod batch_service;
pub mod draw;
pub mod service;

mod batch;
mod chain;
mod keys;
mod outcome;
pub mod prefill;
mod register;
mod replies;

use crate::app::form::FieldId;
use crate::app::form::{Field, FieldKind, Form};
use crate::config::Settings;
use crate::db::letters::LetterRow;
use crate::db::workers::Worker;
use crate::i18n::Ui;
use chrono::NaiveDate;

pub use outcome::{Done, Notice, Refused, verdict_words};

/// F3's dialogs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterForm {
    /// Void the letter with this id, with a reason.
    Void(i64),
    /// Re-issue the letter with this id: the reason first, then the compose form.
    Reissue(i64),
}

/// What F3 asks the database for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterOp {
    /// The worker for the ID being composed (their name and unit fill in; audited).
    Worker {
        id_number: String,
    },
    /// The worker of a letter being re-issued (the letter keeps only the masked ID).
    WorkerOf {
        worker_id: i64,
    },
    Issue(Compose),
    /// A 个人承诺书 and its reimbursement claim.
    Commit(Commit),
    /// Workers for a batch's roster, by ID (typed, card-read, or a file's first column).
    Roster {
        ids: Vec<String>,
        file: Option<String>,
        start: NaiveDate,
    },
    IssueBatch(crate::letters::batch::NewBatch),
    /// A page of the year's register, and its count under the filter.
    Page {
        filter: crate::db::letter_register::Filter,
        from: crate::db::letter_register::From,
        n: usize,
    },
    Void {
        id: i64,
        reason: String,
    },
    /// A letter already replaced: the refusal names the current one of its chain.
    Current {
        id: i64,
    },
    /// Through the configured relay.
    Send {
        id: i64,
    },
    /// Sent another way, by the clerk.
    MarkSent {
        id: i64,
    },
    Verify {
        number: String,
        code: String,
    },
}

/// A letter as the form holds it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compose {
    pub id_number: String,
    pub name: String,
    pub work_unit: String,
    pub recipient: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub places: Option<u32>,
    pub standard: String,
    pub companions: String,
    pub note: String,
    pub replaces: Option<i64>,
    /// Why the letter replaced is replaced (a re-issue's; required with `replaces`).
    pub reason: String,
}

/// A commitment as the form holds it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id_number: String,
    pub name: String,
    pub work_unit: String,
    pub organiser: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub amount_fen: i64,
    pub note: String,
}

/// Answers to F3's requests.
#[derive(Debug, Clone, PartialEq)]
pub enum LetterReply {
    Worker {
        id_number: String,
        worker: Option<Worker>,
    },
    /// Issued, or why not.
    Issued(Result<Done, Refused>),
    /// A page of the register, the count of letters the filter passes, and where it starts.
    Page {
        rows: Vec<LetterRow>,
        total: i64,
        from: crate::db::letter_register::From,
    },
    Done(Result<Done, Refused>),
    Verified(crate::letters::verify::Verdict),
    /// Workers found for the roster, each with the days since their last recuperation ended
    /// when that is within the warning interval; and the lines that gave no worker.
    Roster {
        members: Vec<(crate::letters::batch::Member, Option<i64>)>,
        problems: Vec<RosterProblem>,
    },
}

/// A roster line or file that gave no worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterProblem {
    /// The file could not be read (the system's reason).
    Unreadable { path: String, error: String },
    /// A line that is not an ID number.
    NotAnId { line: usize },
    /// An ID number with no worker on record (masked).
    Unknown { id_masked: String },
}

/// One worker on a batch's roster, with the warning to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterLine {
    pub member: crate::letters::batch::Member,
    pub warning: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Compose,
    Commitment,
    Batch,
    Register,
    Verify,
}

impl View {
    pub fn next(self) -> View {
        match self {
            View::Compose => View::Commitment,
            View::Commitment => View::Batch,
            View::Batch => View::Register,
            View::Register => View::Verify,
            View::Verify => View::Compose,
        }
    }
}

pub struct LettersTab {
    pub view: View,
    pub form: Form,
    /// The 个人承诺书 form.
    pub commit: Form,
    /// The batch form and its roster.
    pub batch: Form,
    pub roster: Vec<RosterLine>,
    pub verify: Form,
    pub scroll: u16,
    pub rows: Vec<LetterRow>,
    pub selected: usize,
    /// The ID whose worker filled the form.
    pub worker_for: Option<String>,
    /// Re-issuing: the letter replaced (id, number).
    pub replaces: Option<(i64, String)>,
    /// Re-issuing: why (asked before the compose form).
    pub replace_reason: String,
    /// Where the worker on the compose form came from (shown beside the title).
    pub prefill_note: Option<String>,
    /// The look-up (its time) a letter already took its worker from: not offered again.
    pub prefill_used: Option<u64>,
    pub verdict: Option<String>,
    /// The register's filters: text in the number or name, a unit (by its digit), a state.
    pub filter_text: String,
    pub filter_unit: Option<usize>,
    /// When the last key picked the unit filter (a digit typed straight on makes both a number).
    pub unit_by_key: Option<u64>,
    pub filter_state: Option<StateFilter>,
    /// The letters of the year the filter passes (`rows` is the page on screen).
    pub total: i64,
    /// Rows of its list the last frame showed (a page read is that many).
    pub shown: crate::app::paging::Shown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    Valid,
    Void,
    Replaced,
}

impl StateFilter {
    pub fn next(s: Option<StateFilter>) -> Option<StateFilter> {
        match s {
            None => Some(StateFilter::Valid),
            Some(StateFilter::Valid) => Some(StateFilter::Void),
            Some(StateFilter::Void) => Some(StateFilter::Replaced),
            Some(StateFilter::Replaced) => None,
        }
    }
}

pub fn compose_form(ui: &Ui, settings: &Settings) -> Form {
    let f3 = ui.f3;
    let units = settings.config.recuperation_units.iter().map(|u| u.name.clone()).collect();
    Form::new(vec![
        Field::new(FieldId::Id, ui.field_id, FieldKind::Id),
        Field::new(FieldId::Name, ui.field_name, FieldKind::Text),
        Field::new(FieldId::WorkUnit, f3.field_work_unit, FieldKind::Text),
        Field::choice(FieldId::Unit, f3.field_unit, units),
        Field::new(FieldId::Start, f3.field_start, FieldKind::Date),
        Field::new(FieldId::End, f3.field_end, FieldKind::Date),
        Field::new(FieldId::Places, f3.field_places, FieldKind::Text),
        Field::new(FieldId::Standard, f3.field_standard, FieldKind::Text),
        Field::new(FieldId::Companions, f3.field_companions, FieldKind::Text),
        Field::new(FieldId::Note, ui.field_note, FieldKind::Text),
    ])
}

pub fn batch_form(ui: &Ui, settings: &Settings) -> Form {
    let f3 = ui.f3;
    let units = settings.config.recuperation_units.iter().map(|u| u.name.clone()).collect();
    Form::new(vec![
        Field::choice(FieldId::Unit, f3.field_unit, units),
        Field::new(FieldId::Start, f3.field_start, FieldKind::Date),
        Field::new(FieldId::End, f3.field_end, FieldKind::Date),
        Field::new(FieldId::Places, f3.field_places, FieldKind::Text),
        Field::new(FieldId::Standard, f3.field_standard, FieldKind::Text),
        Field::new(FieldId::Note, ui.field_note, FieldKind::Text),
        Field::new(FieldId::Add, f3.field_add, FieldKind::Id),
        Field::new(FieldId::File, f3.field_file, FieldKind::Text),
    ])
}

pub fn commitment_form(ui: &Ui) -> Form {
    let f3 = ui.f3;
    Form::new(vec![
        Field::new(FieldId::Id, ui.field_id, FieldKind::Id),
        Field::new(FieldId::Name, ui.field_name, FieldKind::Text),
        Field::new(FieldId::WorkUnit, f3.field_work_unit, FieldKind::Text),
        Field::new(FieldId::Organiser, f3.field_organiser, FieldKind::Text),
        Field::new(FieldId::Start, f3.field_start, FieldKind::Date),
        Field::new(FieldId::End, f3.field_end, FieldKind::Date),
        Field::new(FieldId::Amount, f3.field_amount, FieldKind::Amount),
        Field::new(FieldId::Note, ui.field_note, FieldKind::Text),
    ])
}

impl LettersTab {
    /// Esc confirmed: the page on screen starts again empty.
    pub fn discard(&mut self, ui: &Ui, settings: &Settings) {
        match self.view {
            View::Compose => {
                self.form = compose_form(ui, settings);
                self.replaces = None;
                self.replace_reason.clear();
                self.prefill_note = None;
                self.worker_for = None;
            }
            View::Commitment => self.commit = commitment_form(ui),
            View::Batch => {
                self.batch = batch_form(ui, settings);
                self.roster.clear();
            }
            View::Verify => {
                self.verify.clear();
                self.verdict = None;
            }
            View::Register => {}
        }
    }

    /// The form of the view on screen, if it has one.
    pub fn active_form(&self) -> Option<&Form> {
        match self.view {
            View::Compose => Some(&self.form),
            View::Commitment => Some(&self.commit),
            View::Batch => Some(&self.batch),
            View::Verify => Some(&self.verify),
            View::Register => None,
        }
    }

    pub fn active_form_mut(&mut self) -> Option<&mut Form> {
        match self.view {
            View::Compose => Some(&mut self.form),
            View::Commitment => Some(&mut self.commit),
            View::Batch => Some(&mut self.batch),
            View::Verify => Some(&mut self.verify),
            View::Register => None,
        }
    }

    pub fn new(ui: &Ui, settings: &Settings) -> Self {
        LettersTab {
            shown: Default::default(),
            view: View::Compose,
            form: compose_form(ui, settings),
            commit: commitment_form(ui),
            batch: batch_form(ui, settings),
            roster: vec![],
            verify: Form::new(vec![
                Field::new(FieldId::Number, ui.f3.field_number, FieldKind::Text),
                Field::new(FieldId::Code, ui.f3.field_code, FieldKind::Text),
            ]),
            scroll: 0,
            rows: vec![],
            selected: 0,
            worker_for: None,
            replaces: None,
            replace_reason: String::new(),
            prefill_note: None,
            prefill_used: None,
            verdict: None,
            filter_text: String::new(),
            filter_unit: None,
            unit_by_key: None,
            filter_state: None,
            total: 0,
        }
    }

    /// The register's page on screen (the database filtered it).
    pub fn visible(&self, _units: &[String]) -> Vec<&LetterRow> {
        self.rows.iter().collect()
    }

    pub fn selected_in(&self, units: &[String]) -> Option<LetterRow> {
        self.visible(units).get(self.selected).map(|l| (*l).clone())
    }
}

/// A letter's standing as the register shows it.
pub fn state_word(ui: &Ui, l: &LetterRow) -> &'static str {
    if l.replaced_by.is_some() {
        ui.f3.state_replaced
    } else if l.state == "void" {
        ui.f3.state_void
    } else {
        ui.f3.state_valid
    }
}

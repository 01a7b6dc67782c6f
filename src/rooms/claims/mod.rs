//! F2 互助申报: look a worker's claims up by ID number, read out where each stands, register a
//! new claim (papers, separate consent, slip) and move claims along their states.

pub mod draw;
pub mod service;

pub mod draw_hardship;
pub mod draw_hardship_form;
mod draw_hardship_story;
mod flow;
pub mod hardship;
pub mod hardship_apply;
pub mod hardship_decide;
mod hardship_decide_reply;
mod hardship_decide_service;
pub mod hardship_form;
pub mod hardship_form_check;
pub(crate) mod hardship_reread;
pub(crate) mod hardship_visit;
mod keys;
mod outcome;
pub mod programme;
mod replies;
pub mod words;

pub use outcome::{Refused, Stepped};
pub use words::{due_of, late_days, read_out, staff, step_note};

use crate::app::form::FieldId;
use crate::app::form::{Field, FieldKind, Form};
use crate::db::claim_ops::{EventRow, StepInput};
use crate::db::claims::ClaimRow;
use crate::db::workers::Worker;
use crate::i18n::Ui;
use chrono::NaiveDate;

/// F2's dialogs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimForm {
    Intake,
    Step(crate::app::ClaimRef, crate::app::StepForm),
    /// Why an approval or a payment goes above the claim's amount (the step, the note typed).
    Over(crate::app::ClaimRef, crate::domain::claim::ClaimStep, String),
    /// 困难档案: a supervisor's step (Alt+M) or a visit (Alt+F).
    HardshipDecide(hardship_decide::DecideForm),
}

/// F2's picks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimPick {
    /// Why the worker is looked up, before the claims are shown (the ID number).
    Reason(String),
    /// What to do with a claim (the steps allowed from its state).
    Action(crate::app::ClaimRef),
    /// Papers now in hand for a claim.
    Papers(crate::app::ClaimRef),
    /// Papers handed in with a new claim.
    IntakePapers,
    /// The worker's separate consent to the processing of medical data.
    Consent,
    /// 困难档案 Alt+M: which of the supervisor's steps.
    HardshipDecide(hardship_decide::FileRef),
    /// The aid programme a new claim of a hardship kind pays from (issue #26).
    Programme,
}

/// What F2 asks the database for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimOp {
    /// The worker and every claim, audited with the reason.
    Lookup {
        id_number: String,
        reason: String,
    },
    Intake(Intake),
    Step(StepInput),
    /// The looked-up worker's hardship file whole, audited (`hardship_view`) with the look-up's
    /// reason when there is one.
    HardshipFile {
        worker_id: i64,
        reason: String,
    },
    /// The lists of files that need someone.
    HardshipLists,
    /// The file already read (and audited) for this look-up, read again unaudited.
    HardshipReread {
        worker_id: i64,
        file_id: i64,
    },
    /// A supervisor's step or a visit on a file, with the version read.
    HardshipStep(hardship_decide::HardshipAct),
    /// A hardship form saved (Alt+S): the worker, the file and version it was opened on.
    HardshipSave {
        worker_id: i64,
        file: Option<(i64, i64)>,
        save: hardship_form::Save,
    },
}

/// A claim registered at the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake {
    pub id_number: String,
    /// For a worker not yet on record.
    pub name: String,
    pub phone: String,
    pub work_unit: String,
    pub kind: String,
    pub filed_on: NaiveDate,
    pub amount_fen: i64,
    pub missing: Vec<String>,
    pub consent_version: String,
    pub note: String,
    /// The aid programme (of the filing's year) a hardship kind's claim pays from.
    pub programme: Option<String>,
}

/// Answers to F2's requests.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimReply {
    Picture {
        id_number: String,
        picture: Option<Picture>,
    },
    Registered {
        claim_no: String,
        picture: Option<Picture>,
    },
    /// An intake of a hardship kind refused in its transaction: the worker's file is not
    /// current (lapsed or exited since the look-up); the worker as they now are.
    NoHardshipFile {
        kind: String,
        picture: Option<Picture>,
    },
    /// An intake refused in its transaction for its programme (the household's file changed
    /// since the look-up, or the config did): the words, and the worker as they now are.
    ProgrammeRefused {
        why: crate::domain::fund::IntakeRefusal,
        picture: Option<Picture>,
    },
    /// A step saved (`Ok` message) or refused (`Err` why), and the claims as they now are.
    Stepped {
        result: Result<Stepped, Refused>,
        picture: Option<Picture>,
    },
    /// The worker's hardship file (none: they have none).
    HardshipFile {
        worker_id: i64,
        file: Option<Box<crate::db::hardship::Whole>>,
    },
    HardshipLists(hardship::Lists),
    /// The file read again (none: refused, or gone).
    HardshipReread {
        worker_id: i64,
        file: Option<Box<crate::db::hardship::Whole>>,
    },
    HardshipStepped(Box<hardship_decide::Stepped>),
    /// A hardship form saved (the file's number) or refused, and the worker's file as it now is.
    HardshipSaved {
        worker_id: i64,
        result: Result<String, crate::db::hardship_ops::Refused>,
        file: Option<Box<crate::db::hardship::Whole>>,
    },
}

/// A worker and their claims as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub worker: Worker,
    pub claims: Vec<ClaimRow>,
    pub events: Vec<EventRow>,
    /// Every configured programme-year's remaining budget as read (year, code, fen): the
    /// intake's pick tells it (budgets change; the approval reads it again).
    pub fund: Vec<(i32, String, i64)>,
}

impl Picture {
    pub fn events_of(&self, claim_id: i64) -> impl Iterator<Item = &EventRow> {
        self.events.iter().filter(move |e| e.claim_id == claim_id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Id,
    List,
}

/// A new claim between its form, its papers and the consent question; kept when consent is
/// refused or the clerk steps away, so nothing typed is lost.
#[derive(Debug, Clone)]
pub struct Draft {
    pub form: Form,
    pub intake: Option<Intake>,
    /// The papers ticked as handed in: they stay ticked when the checklist comes again.
    pub ticked: Vec<String>,
    /// The aid programme picked for a hardship kind (its code and the filing's year it was
    /// picked for); asked again when the kind or the filing's year no longer fits it.
    pub programme: Option<(String, i32)>,
}

/// A new claim half-typed for one worker, waiting while F2 shows someone else or nobody.
#[derive(Debug, Clone)]
pub struct Parked {
    pub id_number: String,
    pub draft: Draft,
}

pub struct ClaimsTab {
    pub form: Form,
    pub pane: Pane,
    pub selected: usize,
    pub picture: Option<Picture>,
    /// When the picture arrived (the loop's milliseconds): F3 takes its worker only while fresh.
    pub picture_at: Option<u64>,
    /// Looked up and not on record.
    pub unknown: Option<String>,
    /// Why the worker was looked up, as shown.
    pub reason: Option<String>,
    /// The reason as given (carried to the worker card).
    pub reason_code: Option<String>,
    pub draft: Option<Draft>,
    /// The draft of a worker no longer on screen; theirs again when they are looked up.
    pub parked: Option<Parked>,
    /// Rows of its list the last frame showed (a page read is that many).
    pub shown: crate::app::paging::Shown,
    /// Which page Alt+K has reached, and what the 困难档案 and lists pages hold.
    pub hk: hardship::HardshipPages,
    /// An approval or a payment waiting for its answer (its form comes back if the fund refuses).
    pub sent: Option<programme::SentStep>,
    /// The programme pick as offered, and why a pick of each used-up programme is refused.
    pub offered: Option<programme::Offered>,
}

impl ClaimsTab {
    pub fn new(ui: &Ui) -> Self {
        ClaimsTab {
            shown: Default::default(),
            hk: Default::default(),
            form: Form::new(vec![Field::new(FieldId::Id, ui.f2.field_id, FieldKind::Id)]),
            pane: Pane::Id,
            selected: 0,
            picture: None,
            picture_at: None,
            unknown: None,
            reason: None,
            reason_code: None,
            draft: None,
            parked: None,
            sent: None,
            offered: None,
        }
    }

    /// The ID number looked up last (on record or not).
    pub fn looked_up(&self) -> Option<String> {
        self.picture
            .as_ref()
            .map(|p| p.worker.id_number.as_str().to_string())
            .or_else(|| self.unknown.clone())
    }

    pub fn selected_claim(&self) -> Option<&ClaimRow> {
        self.picture.as_ref()?.claims.get(self.selected)
    }

    /// Back to an empty ID field: the next worker (F2 again, Esc, or leaving F2 — nothing of
    /// the last one is shown, and no card read lands after their ID). A new claim half-typed
    /// for them waits aside until they are looked up again.
    pub fn fresh(&mut self) {
        self.park();
        self.form.clear();
        self.pane = Pane::Id;
        self.selected = 0;
        self.picture = None;
        self.unknown = None;
        self.reason = None;
        self.reason_code = None;
        self.draft = None;
        self.hk.file = hardship::FileState::NotRead;
        self.hk.page = hardship::Page::Claims;
    }

    /// Esc on the new-claim form: what was typed, and the papers ticked, wait for Alt+A.
    pub fn keep_intake_form(&mut self, form: Form) {
        let ticked = self.draft.take().map(|d| d.ticked).unwrap_or_default();
        self.draft = Some(Draft { form, intake: None, ticked, programme: None });
    }

    /// Another ID is being looked up: the screen drops the last worker, their draft waits
    /// aside, and a draft waiting for this ID is theirs again.
    pub fn next_worker(&mut self, id_number: &str) {
        let theirs = self.parked.take_if(|p| p.id_number == id_number).map(|p| p.draft);
        self.park();
        self.picture = None;
        self.unknown = None;
        self.selected = 0;
        self.draft = theirs;
        self.hk.file = hardship::FileState::NotRead;
    }

    /// One draft waits aside at a time, the latest one the clerk typed into.
    fn park(&mut self) {
        let Some(id_number) = self.looked_up() else { return };
        if let Some(draft) = self.draft.take().filter(|d| d.intake.is_some() || d.form.changed()) {
            self.parked = Some(Parked { id_number, draft });
        }
    }
}

//! The screens and modals, as plain state.

use super::form::{Field, FieldKind, Form};
use super::keymap::Tab;
use crate::app::form::FieldId;
use crate::config::Settings;
use crate::db::clerks::Clerk;
use crate::domain::Role;
use crate::i18n::Ui;

pub enum Screen {
    FirstRun(FirstRun),
    Login(LoginScreen),
    Main(Box<Session>),
    /// The schema changed under this program: log in again (after a restart).
    Stale,
}

pub struct FirstRun {
    pub form: Form,
}

impl FirstRun {
    pub fn new(ui: &Ui) -> Self {
        FirstRun {
            form: Form::new(vec![
                Field::new(FieldId::Login, ui.field_login, FieldKind::Login),
                Field::new(FieldId::Name, ui.field_name, FieldKind::Text),
                Field::new(FieldId::Pin, ui.field_pin, FieldKind::Pin),
                Field::new(FieldId::Pin2, ui.field_pin_again, FieldKind::Pin),
            ]),
        }
    }
}

pub struct LoginScreen {
    pub form: Form,
    pub message: Option<String>,
    /// Window codes in picker order, when the window is picked here.
    pub windows: Vec<String>,
}

impl LoginScreen {
    pub fn new(ui: &Ui, settings: &Settings, pick_window: bool) -> Self {
        let mut fields = vec![
            Field::new(FieldId::Login, ui.field_login, FieldKind::Login),
            Field::new(FieldId::Pin, ui.field_pin, FieldKind::Pin),
        ];
        let windows: Vec<String> = if pick_window {
            settings.config.windows.iter().take(9).map(|w| w.code.clone()).collect()
        } else {
            vec![]
        };
        if pick_window {
            let names = settings.config.windows.iter().take(9).map(|w| w.name.clone()).collect();
            fields.push(Field::choice(FieldId::Window, ui.field_window, names));
        }
        LoginScreen { form: Form::new(fields), message: None, windows }
    }
}

/// A logged-in clerk at a window.
pub struct Session {
    pub clerk: Clerk,
    pub window: String,
    pub tab: Tab,
    pub lock: Option<Lock>,
    /// A masked value the focused part of a tab offers for Alt+V.
    pub revealable: Option<Revealable>,
    pub revealed: Option<Revealed>,
    pub walkins: crate::rooms::walkins::WalkIns,
    pub claims: crate::rooms::claims::ClaimsTab,
    pub letters: crate::rooms::letters::LettersTab,
    pub station: crate::rooms::station::StationTab,
    pub summary: crate::rooms::summary::SummaryTab,
    pub admin: crate::rooms::admin::AdminTab,
}

impl Session {
    pub fn new(clerk: Clerk, window: String, ui: &Ui, settings: &Settings) -> Self {
        let tab = home_tab(clerk.role);
        Session {
            clerk,
            window,
            tab,
            lock: None,
            revealable: None,
            revealed: None,
            walkins: crate::rooms::walkins::WalkIns::new(ui, settings),
            claims: crate::rooms::claims::ClaimsTab::new(ui),
            letters: crate::rooms::letters::LettersTab::new(ui, settings),
            station: crate::rooms::station::StationTab::new(ui, settings),
            summary: crate::rooms::summary::SummaryTab::new(),
            admin: crate::rooms::admin::AdminTab::new(ui),
        }
    }

    /// Which tabs this clerk's role sees.
    pub fn tabs(&self) -> Vec<Tab> {
        tabs_for(self.clerk.role)
    }
}

/// The tab a role starts on (at login, or when its role changes away from the tab in front).
pub fn home_tab(role: Role) -> Tab {
    match role {
        Role::Auditor => Tab::Summary,
        Role::Volunteer => Tab::Station,
        _ => Tab::WalkIns,
    }
}

pub fn tabs_for(role: Role) -> Vec<Tab> {
    use Tab::*;
    match role {
        Role::Supervisor => vec![WalkIns, Claims, Letters, Station, Summary, Admin],
        Role::Clerk => vec![WalkIns, Claims, Letters, Station],
        Role::Volunteer => vec![WalkIns, Station],
        Role::Auditor => vec![Summary, Admin],
    }
}

pub struct Lock {
    pub pin: Form,
    pub message: Option<String>,
    /// Locked because the account was disabled on another terminal (the screen says so).
    pub disabled: bool,
}

impl Lock {
    pub fn new(ui: &Ui) -> Self {
        Lock {
            pin: Form::new(vec![Field::new(FieldId::Pin, ui.field_pin, FieldKind::Pin)]),
            message: None,
            disabled: false,
        }
    }
}

/// A value shown masked that Alt+V may reveal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revealable {
    pub worker_id: Option<i64>,
    pub masked: String,
    pub full: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revealed {
    pub value: Revealable,
    pub until_ms: u64,
}

/// Modals get every key first.
#[derive(Debug, Clone)]
pub enum Modal {
    Help,
    ConfirmQuit,
    ConfirmSwitch,
    ConfirmDiscard,
    /// A question before a step that cannot be taken back (过号, 取消): Enter does it.
    Ask {
        question: String,
        then: Asked,
    },
    RevealReason,
    /// A question over a list to read first (what differs before Alt+Y accepts): ↑↓ PgUp PgDn
    /// scroll it, Enter does the step, Esc leaves things as they are.
    Review(Review),
    /// Pick one option by its digit, or tick several (`ticks`) and confirm with Enter.
    Pick(Pick),
    /// A small form of its own (Tab, Alt+S, Esc).
    Form(ModalForm),
    /// Lines to read (a claim's history, a letter), scrolled by ↑↓; Esc or Enter closes.
    Text {
        title: String,
        lines: Vec<String>,
        scroll: u16,
    },
}

impl PartialEq for Modal {
    fn eq(&self, other: &Self) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// A question with a list under it, every entry reachable and wrapped whole.
#[derive(Debug, Clone)]
pub struct Review {
    pub title: String,
    /// Lines read above the list (wrapped by display width).
    pub note: Vec<String>,
    /// The entries, each wrapped by display width when drawn.
    pub items: Vec<String>,
    /// The first entry shown.
    pub top: usize,
    /// Entries the last frame showed (PgDn moves by that many).
    pub shown: crate::app::paging::Shown,
    pub then: Asked,
}

/// What Enter on a question does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    Walk(crate::rooms::walkins::Act),
    /// F3: send or mark sent the letter the question names.
    Letter(crate::rooms::letters::LetterOp),
    /// F4: end the in-hall use the question names.
    Station(crate::rooms::station::StationOp),
    /// F6: disable the account, accept this terminal's config.
    Admin(crate::rooms::admin::AdminOp),
}

/// What a pick is for: each tab's own purposes, nested, so a new one is handled in its room
/// and a new tab is a compile error in the dispatch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickPurpose {
    Walk(crate::rooms::walkins::WalkPick),
    Claims(crate::rooms::claims::ClaimPick),
    Admin(crate::rooms::admin::AdminPick),
}

/// A claim as the clerk last read it: a save checks the version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimRef {
    pub id: i64,
    pub version: i64,
}

/// The steps on a claim that ask for more than a digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepForm {
    Approve,
    Reject,
    Pay,
}

#[derive(Debug, Clone)]
pub struct Pick {
    pub purpose: PickPurpose,
    pub title: String,
    pub options: Vec<String>,
    /// Codes behind the options, where they differ from the text.
    pub codes: Vec<String>,
    pub ticks: Option<Vec<bool>>,
    /// Text shown above the options (a notice to read out).
    pub body: String,
}

/// What a dialog form is for: the shell's own (one's PIN) and each tab's, nested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormPurpose {
    Walk(crate::rooms::walkins::WalkForm),
    Claims(crate::rooms::claims::ClaimForm),
    Letters(crate::rooms::letters::LetterForm),
    Station(crate::rooms::station::StationForm),
    Summary(crate::rooms::summary::SummaryForm),
    Admin(crate::rooms::admin::AdminForm),
    OwnPin,
}

/// What a supervisor does to an item's stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockKind {
    Restock,
    Count,
    Adjust,
}

#[derive(Debug, Clone)]
pub struct ModalForm {
    pub purpose: FormPurpose,
    pub title: String,
    pub form: Form,
}

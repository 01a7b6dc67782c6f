//! The kiosk application without a terminal: state, keys → actions → state changes plus
//! effects (plain data) that the runtime carries out and answers with events.

pub mod board;
pub mod form;
pub(crate) mod gate;
pub mod keymap;
mod modals;
pub mod paging;
mod pin;
mod review;
mod screens;
mod service;
mod typeahead;
mod update;

pub use screens::*;
pub use service::{Env, FirstRunRefused, PinRefused, Refused, admitted, execute, feed};
pub use typeahead::Job;
pub use update::role_name;

use crate::config::Settings;
use crate::db::clerks::{Clerk, Login};
use crate::domain::width::Ambiguous;
use crate::i18n::{Lang, Ui};
use crate::rooms::{admin, claims, letters, station, summary, walkins};
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

/// Everything the app learns from outside.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // one event at a time, moved once: boxing buys nothing
pub enum Event {
    /// A key press, with a monotonic time in milliseconds (for bursts and idle lock).
    Key(KeyEvent, u64),
    Paste(String),
    /// The clock: wall time for display, monotonic milliseconds for timers.
    Tick(DateTime<Utc>, u64),
    Resize(u16, u16),
    /// A reply to an effect nothing waits on (the clock's refreshes, the start-up check).
    Reply(Reply),
    /// A reply to an awaited effect (see `typeahead`): keys typed meanwhile apply after it.
    Answer(Reply),
}

/// Answers from the database worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    SupervisorCreated(Result<Clerk, FirstRunRefused>),
    Login(Login),
    Unlock(Login),
    SchemaVersion(i64),
    /// What changed in the config file since start, if anything (a sentence to show).
    ConfigOnDisk(Option<String>),
    /// A write met a damaged file (SQLite's CORRUPT or NOTADB): saving stops until `check`.
    FileDamaged(String),
    Audited,
    Failed(String),
    Walk(Box<walkins::WalkReply>),
    Claims(Box<claims::ClaimReply>),
    Letters(Box<letters::LetterReply>),
    Station(Box<station::StationReply>),
    Admin(Box<admin::AdminReply>),
    /// One's own PIN changed, or why not.
    PinChanged(Result<(), PinRefused>),
    /// The summary of a period, or why it could not be read.
    Summary(Box<(crate::report::Period, Result<crate::report::Summary, Refused>)>),
    /// F5's aid fund ledger, or why it could not be read.
    Ledger(Box<Result<summary::ledger::LedgerReply, Refused>>),
    /// The session's account was disabled (or removed) on another terminal: nothing was done,
    /// and the screen locks saying so.
    AccountDisabled,
    /// The session's role was changed on another terminal: nothing was done; the screen takes
    /// the role as stored (its tabs, hints and help follow) and says so.
    RoleChanged(crate::domain::Role),
}

/// The clerk and window an effect acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub clerk_id: i64,
    pub login: String,
    pub window: String,
    /// The role the screen shows: one stored otherwise since (changed on another terminal)
    /// answers `Reply::RoleChanged` instead of the request.
    pub role: crate::domain::Role,
}

/// Work for the runtime: database work runs on the worker thread, in this order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    CreateSupervisor {
        login: String,
        name: String,
        pin: String,
    },
    Login {
        login: String,
        pin: String,
    },
    Unlock {
        login: String,
        pin: String,
    },
    Audit(AuditNote),
    CheckSchema,
    /// Is the config file still what this terminal started with?
    CheckConfig,
    Walk {
        who: Who,
        op: walkins::WalkOp,
    },
    Claims {
        who: Who,
        op: claims::ClaimOp,
    },
    Letters {
        who: Who,
        op: letters::LetterOp,
    },
    Station {
        who: Who,
        op: station::StationOp,
    },
    Summary {
        who: Who,
        op: summary::SummaryOp,
    },
    Ledger {
        who: Who,
        op: summary::ledger::LedgerOp,
    },
    Admin {
        who: Who,
        op: admin::AdminOp,
    },
    /// The clerk's own PIN, after the current one is checked (a wrong one counts to the lock).
    ChangePin {
        who: Who,
        old: String,
        new: String,
    },
    /// Text for `ticket_print_command` (a slip printer) or `call_command` (a voice caller).
    Print {
        command: String,
        text: String,
    },
    Quit,
}

/// An audit row the app asks for (session events, reveals).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditNote {
    pub clerk_id: Option<i64>,
    pub login: Option<String>,
    pub action: &'static str,
    pub worker_id: Option<i64>,
    pub worker_masked: Option<String>,
    pub reason: Option<String>,
    pub detail: Option<String>,
}

/// What the app knows of its surroundings at start.
#[derive(Debug, Clone)]
pub struct Setup {
    pub settings: Settings,
    pub lang: Lang,
    /// From `--window`, FRONTDESK_WINDOW or config; `None` = picked at login.
    pub window: Option<String>,
    pub demo: bool,
    /// No clerk exists yet: the first-run screen.
    pub first_run: bool,
    /// The centre-wide config differs from the database's.
    pub config_differs: bool,
    pub schema_version: i64,
    /// Logged in already (the demo opens as its supervisor).
    pub auto_login: Option<Clerk>,
}

pub struct App {
    pub settings: Settings,
    pub lang: Lang,
    pub ui: &'static Ui,
    pub amb: Ambiguous,
    pub demo: bool,
    pub fixed_window: Option<String>,
    pub screen: Screen,
    pub modal: Option<Modal>,
    pub now: DateTime<Utc>,
    pub now_ms: u64,
    pub last_input_ms: u64,
    pub size: (u16, u16),
    /// A database request is out; since when (ms).
    pub pending: Option<u64>,
    /// Awaited effects not yet answered, since when (ms), and the keys typed meanwhile.
    awaiting: usize,
    awaiting_since: Option<u64>,
    typeahead: std::collections::VecDeque<Event>,
    /// One line of feedback in the status row.
    pub flash: Option<String>,
    pub saves_blocked: bool,
    /// The config file changed (or broke) under this running terminal.
    pub config_note: Option<String>,
    pub numbers_blocked: bool,
    pub schema_version: i64,
    last_schema_check_ms: u64,
    pub quit: bool,
    /// Ctrl+G was pressed; the next key picks (on any screen, in any dialog).
    pub leader: bool,
    /// Dialogs under the one in front (a dialog under its help, under the lock, under the
    /// question whether to discard it); Esc and unlock bring them back in order.
    pub beneath: Vec<Modal>,
    /// Digits held over a numbered dialog until they are known not to be a card's.
    pub gate: gate::Gate,
}

impl App {
    pub fn new(setup: Setup, now: DateTime<Utc>) -> Self {
        let ui = setup.lang.ui();
        let amb = Ambiguous::from_config(setup.settings.config.ambiguous_width);
        let mut app = App {
            ui,
            amb,
            lang: setup.lang,
            demo: setup.demo,
            fixed_window: setup.window.clone(),
            screen: Screen::Login(LoginScreen::new(ui, &setup.settings, setup.window.is_none())),
            modal: None,
            now,
            now_ms: 0,
            last_input_ms: 0,
            size: (80, 24),
            pending: None,
            awaiting: 0,
            awaiting_since: None,
            typeahead: std::collections::VecDeque::new(),
            flash: None,
            saves_blocked: false,
            config_note: None,
            numbers_blocked: setup.config_differs,
            schema_version: setup.schema_version,
            last_schema_check_ms: 0,
            quit: false,
            leader: false,
            gate: gate::Gate::default(),
            beneath: vec![],
            settings: setup.settings,
        };
        if setup.first_run {
            app.screen = Screen::FirstRun(FirstRun::new(ui));
        }
        if let Some(clerk) = setup.auto_login {
            let window = app.fixed_window.clone().unwrap_or_else(|| "w4".into());
            app.screen = Screen::Main(Box::new(Session::new(clerk, window, app.ui, &app.settings)));
        }
        app
    }

    /// What to read right after start (the demo opens logged in).
    pub fn start(&self) -> Vec<Effect> {
        self.refresh()
    }

    /// The window's display name.
    pub fn window_name(&self, code: &str) -> String {
        self.settings.window(code).map(|w| w.name.clone()).unwrap_or_else(|| code.to_string())
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < 80 || self.size.1 < 24
    }

    /// Waiting long enough on the database that the clerk should be told.
    pub fn waiting(&self) -> Option<&'static str> {
        let since = match (self.pending, self.awaiting_since) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        match self.now_ms.saturating_sub(since) {
            0..300 => None,
            300..1500 => Some(self.ui.saving),
            _ => Some(self.ui.saving_wait),
        }
    }
}

#[cfg(test)]
mod tests;

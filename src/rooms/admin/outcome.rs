//! F6's answers as data, and their words in the clerk's language.

use crate::domain::Role;
use crate::i18n::{Lang, fill};

/// An account or config change done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    ConfigAccepted {
        fingerprint: String,
    },
    /// This terminal's centre config is the one on record: nothing stored.
    ConfigSame,
    Added {
        login: String,
        name: String,
    },
    Disabled {
        login: String,
        name: String,
    },
    Enabled {
        login: String,
        name: String,
    },
    /// The PIN lock-out cleared; a disabled account stays disabled (and is said to).
    Unlocked {
        login: String,
        still_disabled: bool,
    },
    RoleSet {
        login: String,
        role: Role,
    },
    PinReset {
        login: String,
    },
}

/// Why F6's request was not done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The role as stored may not (changes are a supervisor's; reading is an auditor's too).
    Role(crate::app::Refused),
    WeakPin,
    LoginTaken(String),
    UnknownLogin(String),
    /// The last active supervisor cannot be disabled or demoted.
    LastSupervisor,
    /// No one disables their own account…
    OwnAccount,
    /// … or changes their own role.
    OwnRole,
    /// … or resets their own PIN here (Alt+I changes it, the current PIN first).
    OwnPin,
    /// Enabling an account in use.
    NotDisabled(String),
}

impl Done {
    pub fn words(&self, lang: Lang) -> String {
        let (ui, f6) = (lang.ui(), lang.ui().f6);
        match self {
            Done::ConfigAccepted { fingerprint } => fill(f6.config_accepted, &[("fp", fingerprint)]),
            Done::ConfigSame => f6.config_nothing.to_string(),
            Done::Added { login, name } => fill(f6.added, &[("login", login), ("name", name)]),
            Done::Disabled { login, name } => fill(f6.disabled, &[("login", login), ("name", name)]),
            Done::Enabled { login, name } => fill(f6.enabled, &[("login", login), ("name", name)]),
            Done::Unlocked { login, still_disabled: false } => fill(f6.unlocked, &[("login", login)]),
            Done::Unlocked { login, still_disabled: true } => {
                fill(f6.unlocked_still_disabled, &[("login", login)])
            }
            Done::RoleSet { login, role } => {
                fill(f6.role_set, &[("login", login), ("role", &crate::app::role_name(ui, *role))])
            }
            Done::PinReset { login } => fill(f6.reset, &[("login", login)]),
        }
    }
}

impl Refused {
    pub fn words(&self, lang: Lang) -> String {
        let (t, f6) = (lang.text(), lang.ui().f6);
        match self {
            Refused::Role(_) => f6.supervisor_only.to_string(),
            Refused::WeakPin => t.pin_form.to_string(),
            Refused::LoginTaken(login) => fill(f6.login_taken, &[("login", login)]),
            Refused::UnknownLogin(login) => fill(t.clerk_unknown, &[("login", login)]),
            Refused::LastSupervisor => f6.last_supervisor.to_string(),
            Refused::OwnAccount => f6.own_account.to_string(),
            Refused::OwnRole => f6.own_role.to_string(),
            Refused::OwnPin => f6.own_pin.to_string(),
            Refused::NotDisabled(login) => fill(f6.not_disabled, &[("login", login)]),
        }
    }
}

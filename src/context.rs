//! What every command and the kiosk need: config, language, database path, and who is acting.
//! It sits below both `cli/` and `kiosk/`, so the kiosk never imports the command line.

use crate::config::{Lookup, Settings};
use crate::db::audit::Actor;
use crate::db::clerks::{self, Clerk, Login};
use crate::db::{self, Db, DbError, OpenMode};
use crate::domain::{Permission, Role};
use crate::i18n::{Lang, Text, fill};
use anyhow::{Result, anyhow};
use chrono::Utc;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

/// What the command line (or a test) asked for, before the config fills the rest in.
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    pub db: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub lang: Option<Lang>,
    pub window: Option<String>,
    pub as_login: Option<String>,
}

/// A wrong use of the command line or a flag: exit code 2, one line.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

pub struct Ctx {
    pub settings: Settings,
    pub lang: Lang,
    pub t: &'static Text,
    pub db_path: PathBuf,
    pub window: Option<String>,
    pub as_login: Option<String>,
    pub terminal: String,
}

impl Ctx {
    /// `demo` picks `demo.db` in the data directory (window `w4`) unless told otherwise.
    pub fn new(args: impl Into<Wanted>, demo: bool) -> Result<Self> {
        let args: Wanted = args.into();
        let early = args.lang.unwrap_or(Lang::Zh).text();
        let settings = Settings::load(&Lookup::system(args.config.clone()))
            .map_err(|e| anyhow!(fill(early.config_error, &[("detail", &e)])))?;
        let lang = args.lang.or_else(|| Lang::parse(&settings.config.language)).unwrap_or(Lang::Zh);
        let fallback = if demo { default_demo_path() } else { default_db_path() };
        let db_path = args.db.clone().or_else(|| settings.config.db.clone()).unwrap_or(fallback);
        let window = args.window.clone().or_else(|| settings.config.window.clone());
        let window = if demo { window.or_else(|| Some("w4".into())) } else { window };
        Ok(Ctx {
            lang,
            t: lang.text(),
            db_path,
            window,
            as_login: args.as_login.clone(),
            terminal: terminal_description(),
            settings,
        })
    }

    /// Opens the database, translating storage errors into one line in the user's language.
    pub fn open(&self, mode: OpenMode) -> Result<Db> {
        let db = db::open(&self.db_path, mode).map_err(|e| self.db_error(e))?;
        if db.created {
            self.record_creation(&db)?;
        }
        Ok(db)
    }

    pub(crate) fn record_creation(&self, db: &Db) -> Result<()> {
        use crate::db::settings as s;
        let created = Utc::now().to_rfc3339();
        s::set_if_missing(&db.conn, s::CREATED_AT, &created).map_err(|e| self.db_error(e))?;
        let fp = self.settings.fingerprint();
        s::set_if_missing(&db.conn, s::FINGERPRINT, &fp).map_err(|e| self.db_error(e))?;
        // The text goes with the fingerprint that won, never with another terminal's.
        if s::get(&db.conn, s::FINGERPRINT).map_err(|e| self.db_error(e))?.as_deref() == Some(fp.as_str()) {
            s::set_if_missing(&db.conn, s::CENTRE, &self.settings.centre_text())
                .map_err(|e| self.db_error(e))?;
        }
        Ok(())
    }

    pub fn db_error(&self, e: DbError) -> anyhow::Error {
        anyhow!(crate::db::db_fault(self.lang, &e, &self.db_path))
    }

    /// The acting clerk (`--as` / FRONTDESK_LOGIN, PIN from FRONTDESK_PIN or a prompt), who must
    /// hold `perm`. Wrong PINs count toward the lock-out like at the counter.
    pub fn act(&self, db: &mut Db, perm: Permission) -> Result<(Clerk, Actor)> {
        let t = self.t;
        let login = self.as_login.clone().filter(|l| !l.is_empty()).ok_or_else(|| anyhow!(t.no_login))?;
        let pin = match std::env::var("FRONTDESK_PIN") {
            Ok(p) => p,
            Err(_) if std::io::stdin().is_terminal() => {
                rpassword::prompt_password(t.pin_prompt).map_err(|_| anyhow!(t.no_pin))?
            }
            Err(_) => return Err(anyhow!(t.no_pin)),
        };
        let outcome = clerks::authenticate(&mut db.conn, &login, pin.trim(), &self.terminal, Utc::now())
            .map_err(|e| self.db_error(e))?;
        let clerk = match outcome {
            Login::Ok(c) => c,
            Login::Wrong { attempts_left } => {
                return Err(anyhow!(fill(t.login_wrong, &[("left", &attempts_left)])));
            }
            Login::Locked { until } => {
                let local = until.with_timezone(&self.settings.tz).format("%H:%M:%S");
                return Err(anyhow!(fill(t.login_locked, &[("until", &local)])));
            }
            Login::Disabled => return Err(anyhow!(t.login_disabled)),
        };
        if !clerk.role.may(perm) {
            return Err(anyhow!(fill(t.not_allowed, &[("role", &self.role_name(clerk.role))])));
        }
        let actor = Actor {
            clerk_id: Some(clerk.id),
            login: Some(clerk.login.clone()),
            terminal: self.terminal.clone(),
        };
        Ok((clerk, actor))
    }

    /// The actor for commands anyone may run (no login).
    pub fn anonymous(&self) -> Actor {
        Actor { clerk_id: None, login: None, terminal: self.terminal.clone() }
    }

    pub fn role_name(&self, role: Role) -> &'static str {
        let t = self.t;
        match role {
            Role::Clerk => t.role_clerk,
            Role::Supervisor => t.role_supervisor,
            Role::Volunteer => t.role_volunteer,
            Role::Auditor => t.role_auditor,
        }
    }

    /// A new PIN: one line from standard input when it is not a terminal, else typed twice.
    pub fn read_new_pin(&self) -> Result<String> {
        let t = self.t;
        let pin = if std::io::stdin().is_terminal() {
            let a = rpassword::prompt_password(t.new_pin_prompt)?;
            let b = rpassword::prompt_password(t.new_pin_again)?;
            if a.trim() != b.trim() {
                return Err(anyhow!(t.pin_mismatch));
            }
            a
        } else {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line
        };
        let pin = crate::domain::text::fold_ascii(pin.trim());
        crate::domain::pin::check_new_pin(&pin).map_err(|e| {
            use crate::domain::pin::PinError::*;
            anyhow!(match e {
                Form => t.pin_form,
                Repeated => t.pin_repeated,
                Run => t.pin_run,
                Date => t.pin_date,
            })
        })?;
        Ok(pin)
    }
}

/// `/var/lib/frontdesk/frontdesk.db` when that folder exists, else the platform data directory.
pub fn default_db_path() -> PathBuf {
    let system = PathBuf::from("/var/lib/frontdesk");
    if system.is_dir() {
        return system.join("frontdesk.db");
    }
    directories::ProjectDirs::from("", "", "frontdesk")
        .map(|d| d.data_dir().join("frontdesk.db"))
        .unwrap_or_else(|| PathBuf::from("frontdesk.db"))
}

/// `demo.db` in the platform data directory.
pub fn default_demo_path() -> PathBuf {
    directories::ProjectDirs::from("", "", "frontdesk")
        .map(|d| d.data_dir().join("demo.db"))
        .unwrap_or_else(|| PathBuf::from("demo.db"))
}

/// tty, SSH client address and pid, for audit rows.
pub fn terminal_description() -> String {
    let tty = std::fs::read_link("/proc/self/fd/0")
        .ok()
        .map(|p| p.display().to_string())
        .filter(|p| p.starts_with("/dev/"))
        .unwrap_or_else(|| "-".into());
    let ssh = std::env::var("SSH_CLIENT")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "-".into());
    format!("tty={tty} ssh={ssh} pid={}", std::process::id())
}

//! The shell's services (login, the first account, one's own PIN, audit notes, schema and
//! config checks) and the dispatch of every other effect to its room's service; run by the
//! worker thread and by tests.

use crate::app::{AuditNote, Effect, Reply};
use crate::db::audit::{self, Actor, Entry};
use crate::db::clerks::{self, Clerk};
use crate::db::{self, DbError};
use crate::domain::Role;
use chrono::Utc;
use rusqlite::Connection;

/// What effects need besides the connection.
#[derive(Debug, Clone)]
pub struct Env {
    pub terminal: String,
    pub settings: crate::config::Settings,
    pub lang: crate::i18n::Lang,
    /// The database file (the letter key and the outbox live beside it).
    pub db_path: std::path::PathBuf,
}

/// Runs one effect; `Quit` is the loop's business and answers nothing.
pub fn execute(conn: &mut Connection, env: &Env, effect: Effect) -> Option<Reply> {
    let terminal = env.terminal.as_str();
    match session_now(conn, &effect) {
        Ok(Some(reply)) => return Some(reply),
        Ok(None) => {}
        Err(e) => return Some(failed(env, &e)),
    }
    let reply = match effect {
        Effect::CreateSupervisor { login, name, pin } => {
            Ok(Reply::SupervisorCreated(create_supervisor(conn, terminal, &login, &name, &pin)))
        }
        Effect::Login { login, pin } => {
            clerks::authenticate(conn, &login, &pin, terminal, Utc::now()).map(Reply::Login)
        }
        Effect::Unlock { login, pin } => {
            clerks::authenticate(conn, &login, &pin, terminal, Utc::now()).map(Reply::Unlock)
        }
        Effect::Audit(note) => audit_note(conn, terminal, &note).map(|_| Reply::Audited),
        Effect::CheckSchema => db::user_version(conn).map(Reply::SchemaVersion),
        Effect::CheckConfig => Ok(Reply::ConfigOnDisk(config_on_disk(env))),
        Effect::Walk { who, op } => {
            crate::rooms::walkins::service::run(conn, env, &who, op).map(|r| Reply::Walk(Box::new(r)))
        }
        Effect::Letters { who, op } => {
            crate::rooms::letters::service::run(conn, env, &who, op).map(|r| Reply::Letters(Box::new(r)))
        }
        Effect::Station { who, op } => {
            crate::rooms::station::service::run(conn, env, &who, op).map(|r| Reply::Station(Box::new(r)))
        }
        Effect::Summary { who, op } => crate::rooms::summary::service::run(conn, env, &who, op.period),
        Effect::Ledger { who, op } => crate::rooms::summary::ledger::run(conn, env, &who, op),
        Effect::Admin { who, op } => {
            crate::rooms::admin::service::run(conn, env, &who, op).map(|r| Reply::Admin(Box::new(r)))
        }
        Effect::ChangePin { who, old, new } => change_pin(conn, env, &who, &old, &new).map(Reply::PinChanged),
        Effect::Claims { who, op } => {
            crate::rooms::claims::service::run(conn, env, &who, op).map(|r| Reply::Claims(Box::new(r)))
        }
        Effect::Print { command, text } => {
            feed(&command, &text);
            return None;
        }
        Effect::Quit => return None,
    };
    Some(reply.unwrap_or_else(|e| failed(env, &e)))
}

/// The answer instead of the effect when it acts for a clerk whose account was disabled or
/// removed since login, or whose role is no longer the one the screen shows.
fn session_now(conn: &Connection, effect: &Effect) -> Result<Option<Reply>, DbError> {
    let who = match effect {
        Effect::Walk { who, .. }
        | Effect::Letters { who, .. }
        | Effect::Station { who, .. }
        | Effect::Summary { who, .. }
        | Effect::Ledger { who, .. }
        | Effect::Admin { who, .. }
        | Effect::ChangePin { who, .. }
        | Effect::Claims { who, .. } => who,
        _ => return Ok(None),
    };
    Ok(match clerks::by_id(conn, who.clerk_id)? {
        Some(c) if c.disabled => Some(Reply::AccountDisabled),
        None => Some(Reply::AccountDisabled),
        Some(c) if c.role != who.role => Some(Reply::RoleChanged(c.role)),
        Some(_) => None,
    })
}

/// A failed database call as the screen takes it. A damaged file stops saving on this terminal
/// (there is no whole-file scan at start: that is `check`'s, on the centre's schedule); other
/// faults are said and the next try goes on.
fn failed(env: &Env, e: &DbError) -> Reply {
    let said = crate::db::db_fault(env.lang, e, &env.db_path);
    if e.fault() == crate::db::Fault::Corrupt { Reply::FileDamaged(said) } else { Reply::Failed(said) }
}

/// Why one's own PIN was not changed: the current PIN refused (wrong, locked out, disabled),
/// or the new one too weak.
#[derive(Debug, Clone, PartialEq)]
pub enum PinRefused {
    Login(crate::db::clerks::Login),
    Weak,
}

/// Why the first-run account was not created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstRunRefused {
    /// Another terminal created the first account meanwhile: log in with it.
    Taken,
    /// The system's reason (no randomness, a storage error).
    Failed(String),
}

/// Why the role check said no: the permission the request needs. Each room words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub needs: crate::domain::Permission,
}

/// The one role check every room's service makes first: the clerk as stored now, not as the
/// screen last saw them (a role changed or an account disabled on another terminal counts at
/// once). The role when it holds `needs`.
pub fn admitted(
    conn: &Connection,
    who: &crate::app::Who,
    needs: crate::domain::Permission,
) -> Result<Result<Role, Refused>, DbError> {
    let role = clerks::by_id(conn, who.clerk_id)?.filter(|c| !c.disabled).map(|c| c.role);
    Ok(role.filter(|r| r.may(needs)).ok_or(Refused { needs }))
}

/// The config file against what this terminal started with: unchanged (or built in) is
/// `None`; changed or broken, a sentence saying so. The terminal keeps the config it started
/// with until it is opened again (a half-applied config would be worse than either).
fn config_on_disk(env: &Env) -> Option<String> {
    let crate::config::Source::File(path) = &env.settings.source else { return None };
    let ui = env.lang.ui();
    let path_shown = path.display();
    match crate::config::Settings::load_file(path) {
        Ok(now) if now.config == env.settings.config && now.templates == env.settings.templates => None,
        Ok(_) => Some(crate::i18n::fill(ui.config_changed, &[("path", &path_shown)])),
        Err(e) => Some(crate::i18n::fill(ui.config_broken, &[("path", &path_shown), ("detail", &e)])),
    }
}

/// One's own PIN: the current one authenticated (a wrong one counts toward the lock-out), the
/// new one checked again here, stored hashed; audited.
fn change_pin(
    conn: &mut Connection,
    env: &Env,
    who: &crate::app::Who,
    old: &str,
    new: &str,
) -> Result<Result<(), PinRefused>, crate::db::DbError> {
    let outcome = clerks::authenticate(conn, &who.login, old, &env.terminal, Utc::now())?;
    let clerk = match outcome {
        crate::db::clerks::Login::Ok(c) if c.id == who.clerk_id => c,
        crate::db::clerks::Login::Ok(_) => {
            return Ok(Err(PinRefused::Login(crate::db::clerks::Login::Disabled)));
        }
        other => return Ok(Err(PinRefused::Login(other))),
    };
    if crate::domain::pin::check_new_pin(new).is_err() {
        return Ok(Err(PinRefused::Weak));
    }
    let mut salt = [0u8; 16];
    if getrandom::fill(&mut salt).is_err() {
        return Ok(Err(PinRefused::Weak));
    }
    let Ok(hash) = crate::domain::pin::hash_pin(new, &salt) else { return Ok(Err(PinRefused::Weak)) };
    let actor =
        Actor { clerk_id: Some(clerk.id), login: Some(clerk.login.clone()), terminal: env.terminal.clone() };
    db::write(conn, |tx| {
        clerks::set_pin(tx, clerk.id, &hash)?;
        audit::append(tx, &actor, Utc::now(), &Entry::new("pin_change"))
    })?;
    Ok(Ok(()))
}

fn audit_note(conn: &mut Connection, terminal: &str, n: &AuditNote) -> Result<(), DbError> {
    let actor = Actor { clerk_id: n.clerk_id, login: n.login.clone(), terminal: terminal.to_string() };
    let entry = Entry {
        action: n.action,
        worker_id: n.worker_id,
        worker_masked: n.worker_masked.as_deref(),
        reason: n.reason.as_deref(),
        detail: n.detail.as_deref(),
    };
    db::write(conn, |tx| audit::append(tx, &actor, Utc::now(), &entry))
}

/// The first-run screen's account: only while no clerk exists (checked inside the transaction).
fn create_supervisor(
    conn: &mut Connection,
    terminal: &str,
    login: &str,
    name: &str,
    pin: &str,
) -> Result<Clerk, FirstRunRefused> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| FirstRunRefused::Failed(e.to_string()))?;
    let hash = crate::domain::pin::hash_pin(pin, &salt).map_err(FirstRunRefused::Failed)?;
    let actor = Actor { clerk_id: None, login: None, terminal: terminal.to_string() };
    let detail = format!("login={login} role=supervisor first_run");
    let created = db::write(conn, |tx| {
        if clerks::count(tx)? > 0 {
            return Ok(None);
        }
        let id = clerks::insert(tx, login, name, Role::Supervisor, &hash, Utc::now())?;
        audit::append(tx, &actor, Utc::now(), &Entry::new("clerk_add").detail(&detail))?;
        clerks::by_id(tx, id)
    })
    .map_err(|e| FirstRunRefused::Failed(e.to_string()))?;
    created.ok_or(FirstRunRefused::Taken)
}

/// Runs a configured program (slip printer, voice caller) with `text` on its standard input,
/// without waiting for it: a slow printer must not hold the counter.
pub fn feed(command: &str, text: &str) {
    use std::io::Write;
    let spawned = std::process::Command::new("sh")
        .args(["-c", command])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Ok(mut child) = spawned {
        let text = text.to_string();
        std::thread::spawn(move || {
            if let Some(mut stdin) = child.stdin.take() {
                let _ = stdin.write_all(text.as_bytes());
            }
            let _ = child.wait();
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_file_stops_saving_and_a_busy_one_does_not() {
        let env = Env {
            terminal: "t".into(),
            settings: crate::config::Settings::builtin(),
            lang: crate::i18n::Lang::Zh,
            db_path: "fd.db".into(),
        };
        let err =
            |code| DbError::Sqlite(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None));
        assert!(matches!(failed(&env, &err(rusqlite::ffi::SQLITE_CORRUPT)), Reply::FileDamaged(_)));
        assert!(matches!(failed(&env, &err(rusqlite::ffi::SQLITE_BUSY)), Reply::Failed(_)));
    }
}

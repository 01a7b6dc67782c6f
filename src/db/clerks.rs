//! Clerk accounts and logging in: PIN check, failed-attempt counting and the lock-out.

use super::audit::{self, Actor, Entry};
use super::{Result, write};
use crate::domain::Role;
use crate::domain::pin::{hash_pin, verify_pin};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::sync::LazyLock;

/// Failures that lock a login, and for how long.
pub const MAX_FAILURES: i64 = 5;
pub const LOCKOUT_MINUTES: i64 = 5;

/// Verifying an unknown login against this keeps it as slow as a known one, so timing does not
/// tell which logins exist.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_pin("unknown-login", &[0; 16]).unwrap_or_default());

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clerk {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
}

/// The account's state as `clerk list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClerkStatus {
    pub clerk: Clerk,
    pub locked_until: Option<DateTime<Utc>>,
}

fn clerk_from(r: &Row) -> rusqlite::Result<Clerk> {
    let role: String = r.get(3)?;
    Ok(Clerk {
        id: r.get(0)?,
        login: r.get(1)?,
        name: r.get(2)?,
        role: role.parse().unwrap_or(Role::Volunteer),
        disabled: r.get::<_, i64>(4)? != 0,
    })
}

const COLUMNS: &str = "id, login, name, role, disabled";

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM clerks", [], |r| r.get(0))?)
}

pub fn by_login(conn: &Connection, login: &str) -> Result<Option<Clerk>> {
    let sql = format!("SELECT {COLUMNS} FROM clerks WHERE login = ?1");
    Ok(conn.query_row(&sql, [login], clerk_from).optional()?)
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<Clerk>> {
    let sql = format!("SELECT {COLUMNS} FROM clerks WHERE id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], clerk_from).optional()?)
}

pub fn list(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<ClerkStatus>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.login, c.name, c.role, c.disabled, a.locked_until
         FROM clerks c LEFT JOIN login_attempts a ON a.login = c.login ORDER BY c.login",
    )?;
    let rows = stmt.query_map([], |r| {
        let until: Option<String> = r.get(5)?;
        let locked_until = until
            .and_then(|u| DateTime::parse_from_rfc3339(&u).ok())
            .map(|u| u.with_timezone(&Utc))
            .filter(|u| *u > now);
        Ok(ClerkStatus { clerk: clerk_from(r)?, locked_until })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn active_supervisors(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM clerks WHERE role = 'supervisor' AND disabled = 0", [], |r| {
        r.get(0)
    })?)
}

pub fn insert(
    conn: &Connection,
    login: &str,
    name: &str,
    role: Role,
    pin_hash: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO clerks (login, name, role, pin_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![login, name, role.code(), pin_hash, stamp(now)],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn set_disabled(conn: &Connection, id: i64, disabled: bool) -> Result<()> {
    conn.execute(
        "UPDATE clerks SET disabled = ?2, version = version + 1 WHERE id = ?1",
        params![id, disabled as i64],
    )?;
    Ok(())
}

pub fn set_role(conn: &Connection, id: i64, role: Role) -> Result<()> {
    conn.execute(
        "UPDATE clerks SET role = ?2, version = version + 1 WHERE id = ?1",
        params![id, role.code()],
    )?;
    Ok(())
}

pub fn set_pin(conn: &Connection, id: i64, pin_hash: &str) -> Result<()> {
    conn.execute(
        "UPDATE clerks SET pin_hash = ?2, version = version + 1 WHERE id = ?1",
        params![id, pin_hash],
    )?;
    Ok(())
}

/// Clears failed attempts and any lock-out for a login.
pub fn unlock(conn: &Connection, login: &str) -> Result<()> {
    conn.execute("DELETE FROM login_attempts WHERE login = ?1", [login])?;
    Ok(())
}

/// What a login attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    Ok(Clerk),
    /// Unknown login or wrong PIN: one answer for both.
    Wrong {
        attempts_left: i64,
    },
    Locked {
        until: DateTime<Utc>,
    },
    Disabled,
}

/// Checks a login and PIN, counting failures toward the lock-out; audits every outcome. The
/// lock, the check and the count are one write transaction: of any number of attempts started
/// at once, a locked login is refused before its PIN is checked, and at most `MAX_FAILURES`
/// wrong PINs are checked before the lock (the PIN's hash costs a few tens of milliseconds,
/// held as the write lock; logins are rare beside the counter's writes).
pub fn authenticate(
    conn: &mut Connection,
    login: &str,
    pin: &str,
    terminal: &str,
    now: DateTime<Utc>,
) -> Result<Login> {
    write(conn, |tx| attempt(tx, login, pin, terminal, now))
}

fn attempt(tx: &Connection, login: &str, pin: &str, terminal: &str, now: DateTime<Utc>) -> Result<Login> {
    let clerk = by_login(tx, login)?;
    let locked: Option<String> = tx
        .query_row("SELECT locked_until FROM login_attempts WHERE login = ?1", [login], |r| r.get(0))
        .optional()?
        .flatten();
    let locked = locked
        .and_then(|u| DateTime::parse_from_rfc3339(&u).ok())
        .map(|u| u.with_timezone(&Utc))
        .filter(|u| *u > now);
    let actor = Actor {
        clerk_id: clerk.as_ref().map(|c| c.id),
        login: Some(login.to_string()),
        terminal: terminal.to_string(),
    };
    if let Some(until) = locked {
        audit::append(tx, &actor, now, &Entry::new("login_refused_locked"))?;
        return Ok(Login::Locked { until });
    }
    let hash: Option<String> = match &clerk {
        Some(c) => {
            tx.query_row("SELECT pin_hash FROM clerks WHERE id = ?1", [c.id], |r| r.get(0)).optional()?
        }
        None => None,
    };
    let pin_ok = verify_pin(pin, hash.as_deref().unwrap_or(&DUMMY_HASH)) && hash.is_some();
    match clerk {
        Some(c) if pin_ok && c.disabled => {
            audit::append(tx, &actor, now, &Entry::new("login_refused_disabled"))?;
            Ok(Login::Disabled)
        }
        Some(c) if pin_ok => {
            unlock(tx, login)?;
            audit::append(tx, &actor, now, &Entry::new("login"))?;
            Ok(Login::Ok(c))
        }
        _ => {
            let failures: i64 = tx.query_row(
                "INSERT INTO login_attempts (login, failures) VALUES (?1, 1)
                 ON CONFLICT (login) DO UPDATE SET failures = failures + 1 RETURNING failures",
                [login],
                |r| r.get(0),
            )?;
            audit::append(tx, &actor, now, &Entry::new("login_failed"))?;
            if failures >= MAX_FAILURES {
                let until = now + Duration::minutes(LOCKOUT_MINUTES);
                tx.execute(
                    "UPDATE login_attempts SET failures = 0, locked_until = ?2 WHERE login = ?1",
                    params![login, stamp(until)],
                )?;
                audit::append(tx, &actor, now, &Entry::new("lockout"))?;
                Ok(Login::Locked { until })
            } else {
                Ok(Login::Wrong { attempts_left: MAX_FAILURES - failures })
            }
        }
    }
}

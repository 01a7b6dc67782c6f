//! Account changes with their rules, shared by `frontdesk clerk …` and F6: a new login must be
//! free; the last active supervisor can be neither disabled nor demoted (counted inside the
//! transaction, so two supervisors cannot demote each other at once); no one disables, changes
//! the role of or resets the PIN of their own account; every change is audited.

use super::audit::{self, Actor, Entry};
use super::clerks::{self, Clerk};
use super::{Result, write};
use crate::domain::Role;
use chrono::Utc;
use rusqlite::Connection;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Disable,
    /// A disabled account in use again.
    Enable,
    /// Clears failed PIN attempts and a lock-out (not a disable).
    Unlock,
    /// The new PIN's hash.
    ResetPin(String),
    Role(Role),
}

/// Why a change was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    LastSupervisor,
    /// The actor's own account: it cannot be disabled, nor its role changed nor its PIN reset
    /// by its holder.
    Oneself,
    LoginTaken,
    /// The first account was asked for (no credentials), but one exists by now.
    NotFirst,
}

/// Adds an account (its PIN already hashed).
pub fn add(
    conn: &mut Connection,
    actor: &Actor,
    login: &str,
    name: &str,
    role: Role,
    pin_hash: &str,
) -> Result<Result<(), Refused>> {
    add_as(conn, actor, login, name, role, pin_hash, false)
}

/// Adds the first account on an empty database, by anyone: decided inside the insert's
/// transaction, so of several started at once exactly one is added.
pub fn add_first(
    conn: &mut Connection,
    actor: &Actor,
    login: &str,
    name: &str,
    pin_hash: &str,
) -> Result<Result<(), Refused>> {
    add_as(conn, actor, login, name, Role::Supervisor, pin_hash, true)
}

fn add_as(
    conn: &mut Connection,
    actor: &Actor,
    login: &str,
    name: &str,
    role: Role,
    pin_hash: &str,
    first: bool,
) -> Result<Result<(), Refused>> {
    let detail = format!("login={login} role={role}");
    write(conn, |tx| {
        if first && clerks::count(tx)? > 0 {
            return Ok(Err(Refused::NotFirst));
        }
        if clerks::by_login(tx, login)?.is_some() {
            return Ok(Err(Refused::LoginTaken));
        }
        clerks::insert(tx, login, name, role, pin_hash, Utc::now())?;
        audit::append(tx, actor, Utc::now(), &Entry::new("clerk_add").detail(&detail))?;
        Ok(Ok(()))
    })
}

/// Applies one change to `target`.
pub fn apply(
    conn: &mut Connection,
    actor: &Actor,
    target: &Clerk,
    change: &Change,
) -> Result<Result<(), Refused>> {
    let demotes = match change {
        Change::Disable => true,
        Change::Role(r) => *r != Role::Supervisor,
        _ => false,
    };
    // One's own PIN is changed knowing the current one (Alt+I), never reset here.
    let oneself = actor.clerk_id == Some(target.id)
        && matches!(change, Change::Disable | Change::Role(_) | Change::ResetPin(_));
    let (action, detail) = match change {
        Change::Disable => ("clerk_disable", format!("login={}", target.login)),
        Change::Enable => ("clerk_enable", format!("login={}", target.login)),
        Change::Unlock => ("clerk_unlock", format!("login={}", target.login)),
        Change::ResetPin(_) => ("clerk_reset_pin", format!("login={}", target.login)),
        Change::Role(r) => ("clerk_set_role", format!("login={} role={r}", target.login)),
    };
    write(conn, |tx| {
        if oneself {
            return Ok(Err(Refused::Oneself));
        }
        if demotes
            && target.role == Role::Supervisor
            && !target.disabled
            && clerks::active_supervisors(tx)? <= 1
        {
            return Ok(Err(Refused::LastSupervisor));
        }
        match change {
            Change::Disable => clerks::set_disabled(tx, target.id, true)?,
            Change::Enable => clerks::set_disabled(tx, target.id, false)?,
            Change::Unlock => clerks::unlock(tx, &target.login)?,
            Change::ResetPin(hash) => clerks::set_pin(tx, target.id, hash)?,
            Change::Role(r) => clerks::set_role(tx, target.id, *r)?,
        }
        audit::append(tx, actor, Utc::now(), &Entry::new(action).detail(&detail))?;
        Ok(Ok(()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{OpenMode, open};

    fn as_clerk(id: Option<i64>) -> Actor {
        Actor { clerk_id: id, login: None, terminal: "test".into() }
    }

    /// On a temp file, reopened: the rules hold inside the transaction and what was stored stays.
    #[test]
    fn oneself_the_last_supervisor_and_enable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fd.db");
        let mut db = open(&path, OpenMode::Create).unwrap();
        let a = clerks::insert(&db.conn, "8001", "周主任", Role::Supervisor, "h", Utc::now()).unwrap();
        let b = clerks::insert(&db.conn, "8003", "郑主任", Role::Supervisor, "h", Utc::now()).unwrap();
        let get = |c: &Connection, login: &str| clerks::by_login(c, login).unwrap().unwrap();
        // Oneself: refused though another supervisor is in use.
        let me = get(&db.conn, "8001");
        for change in [Change::Disable, Change::Role(Role::Clerk)] {
            assert_eq!(apply(&mut db.conn, &as_clerk(Some(a)), &me, &change).unwrap(), Err(Refused::Oneself));
        }
        // Another's account: disabled, then the last active supervisor kept.
        let other = get(&db.conn, "8003");
        assert_eq!(apply(&mut db.conn, &as_clerk(Some(a)), &other, &Change::Disable).unwrap(), Ok(()));
        let me = get(&db.conn, "8001");
        let r = apply(&mut db.conn, &as_clerk(Some(b)), &me, &Change::Disable).unwrap();
        assert_eq!(r, Err(Refused::LastSupervisor));
        let other = get(&db.conn, "8003");
        assert_eq!(apply(&mut db.conn, &as_clerk(Some(a)), &other, &Change::Enable).unwrap(), Ok(()));
        drop(db);
        let db = open(&path, OpenMode::Existing).unwrap();
        assert!(!get(&db.conn, "8003").disabled && !get(&db.conn, "8001").disabled);
        let acts: Vec<String> = db
            .conn
            .prepare("SELECT action FROM audit_log ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(acts, ["clerk_disable", "clerk_enable"]);
    }
}

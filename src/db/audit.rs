//! The append-only audit trail: one row per access or change, each carrying the hash of the one
//! before, so `check` finds an edited or deleted row even with the triggers dropped.

use super::{Result, settings};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who acts, and from where (tty, SSH client address, pid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub clerk_id: Option<i64>,
    pub login: Option<String>,
    pub terminal: String,
}

/// One audited event. Workers appear by internal id and masked form only.
#[derive(Debug, Clone, Default)]
pub struct Entry<'a> {
    pub action: &'a str,
    pub worker_id: Option<i64>,
    pub worker_masked: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub detail: Option<&'a str>,
}

impl<'a> Entry<'a> {
    pub fn new(action: &'a str) -> Self {
        Entry { action, ..Default::default() }
    }
    pub fn detail(mut self, detail: &'a str) -> Self {
        self.detail = Some(detail);
        self
    }
}

struct Row {
    id: i64,
    at: String,
    clerk_id: Option<i64>,
    clerk_login: Option<String>,
    action: String,
    worker_id: Option<i64>,
    worker_masked: Option<String>,
    reason: Option<String>,
    detail: Option<String>,
    terminal: String,
    prev_hash: String,
    hash: String,
}

const ROW: &str = "id, at, clerk_id, clerk_login, action, worker_id, worker_masked, reason, detail, terminal, prev_hash, hash";

/// A row as `SELECT {ROW}` reads it.
fn read(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        at: r.get(1)?,
        clerk_id: r.get(2)?,
        clerk_login: r.get(3)?,
        action: r.get(4)?,
        worker_id: r.get(5)?,
        worker_masked: r.get(6)?,
        reason: r.get(7)?,
        detail: r.get(8)?,
        terminal: r.get(9)?,
        prev_hash: r.get(10)?,
        hash: r.get(11)?,
    })
}

fn row_hash(r: &Row) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "\u{0}".into());
    let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_else(|| "\u{0}".into());
    let canonical = [
        r.prev_hash.clone(),
        r.id.to_string(),
        r.at.clone(),
        num(r.clerk_id),
        opt(&r.clerk_login),
        r.action.clone(),
        num(r.worker_id),
        opt(&r.worker_masked),
        opt(&r.reason),
        opt(&r.detail),
        r.terminal.clone(),
    ]
    .join("\u{1f}");
    Sha256::digest(canonical.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends one row. Call inside a write transaction so the chain cannot fork.
pub fn append(conn: &Connection, actor: &Actor, now: DateTime<Utc>, e: &Entry) -> Result<()> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let before = last.as_ref().map(|(id, hash)| format!("{id}:{hash}"));
    let (id, prev_hash) = match last {
        Some((id, hash)) => (id + 1, hash),
        None => (1, GENESIS.to_string()),
    };
    let mut row = Row {
        id,
        at: now.to_rfc3339_opts(SecondsFormat::Millis, true),
        clerk_id: actor.clerk_id,
        clerk_login: actor.login.clone(),
        action: e.action.to_string(),
        worker_id: e.worker_id,
        worker_masked: e.worker_masked.map(str::to_string),
        reason: e.reason.map(str::to_string),
        detail: e.detail.map(str::to_string),
        terminal: actor.terminal.clone(),
        prev_hash,
        hash: String::new(),
    };
    row.hash = row_hash(&row);
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, clerk_id, clerk_login, action, worker_id, worker_masked,
                                reason, detail, terminal, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        row.id,
        row.at,
        row.clerk_id,
        row.clerk_login,
        row.action,
        row.worker_id,
        row.worker_masked,
        row.reason,
        row.detail,
        row.terminal,
        row.prev_hash,
        row.hash
    ])?;
    let head = format!("{}:{}", row.id, row.hash);
    settings::set(conn, settings::AUDIT_HEAD, &head)?;
    super::audit_seal::seal(conn, before.as_deref(), &head)
}

/// Walks the whole chain in id order; returns the first problem found, if any.
pub fn verify_chain(conn: &Connection) -> Result<Option<String>> {
    let mut stmt = conn.prepare(&format!("SELECT {ROW} FROM audit_log ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut last_id = 0;
    while let Some(r) = rows.next()? {
        let row = read(r)?;
        if row.id != last_id + 1 || row.prev_hash != prev {
            return Ok(Some(format!("audit row missing or moved before id {}", row.id)));
        }
        if row_hash(&row) != row.hash {
            return Ok(Some(format!("audit row {} was edited", row.id)));
        }
        prev = row.hash;
        last_id = row.id;
    }
    let head = settings::get(conn, settings::AUDIT_HEAD)?;
    let expected = (last_id > 0).then(|| format!("{last_id}:{prev}"));
    if head != expected {
        return Ok(Some(format!(
            "audit trail ends at id {last_id} but the recorded head is {}",
            head.unwrap_or_default()
        )));
    }
    Ok(None)
}

/// How many audit rows there are (for tests and the admin screen).
/// The latest row of `action` by this clerk at this terminal: its worker and detail.
pub fn last_of(
    conn: &Connection,
    action: &str,
    clerk_id: i64,
    terminal: &str,
) -> Result<Option<(Option<i64>, Option<String>)>> {
    Ok(conn
        .query_row(
            "SELECT worker_id, detail FROM audit_log WHERE action = ?1 AND clerk_id = ?2 AND terminal = ?3 \
             ORDER BY id DESC LIMIT 1",
            params![action, clerk_id, terminal],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)
}

/// The actions of the last `n` rows, newest first.
pub fn recent_actions(conn: &Connection, n: i64) -> Result<Vec<(Option<String>, String)>> {
    let mut stmt = conn.prepare("SELECT clerk_login, action FROM audit_log ORDER BY id DESC LIMIT ?1")?;
    let rows = stmt.query_map([n], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What someone with sqlite3 and no key can do: recompute every row's hash and the recorded
/// head after editing rows (tests of `audit_seal`).
#[cfg(test)]
pub(crate) fn rehash_all(conn: &Connection) -> Result<()> {
    let rows: Vec<Row> = {
        let mut stmt = conn.prepare(&format!("SELECT {ROW} FROM audit_log ORDER BY id"))?;
        stmt.query_map([], read)?.collect::<rusqlite::Result<_>>()?
    };
    let mut prev = GENESIS.to_string();
    let mut last = 0;
    for mut row in rows {
        row.prev_hash = prev.clone();
        row.hash = row_hash(&row);
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?2, hash = ?3 WHERE id = ?1",
            params![row.id, row.prev_hash, row.hash],
        )?;
        prev = row.hash;
        last = row.id;
    }
    settings::set(conn, settings::AUDIT_HEAD, &format!("{last}:{prev}"))
}

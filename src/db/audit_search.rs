//! Searching the audit trail (F6): by clerk, by worker (who looked at this person), by action
//! and by time; newest first, as stored (subjects masked).

use super::Result;
use rusqlite::{Connection, params};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub login: Option<String>,
    pub worker_id: Option<i64>,
    /// Part of the action's name (`lookup`, `export`, …).
    pub action: Option<String>,
    /// UTC stamps: from (inclusive) and to (exclusive).
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: i64,
    pub at: String,
    pub login: Option<String>,
    pub terminal: String,
    pub action: String,
    pub worker: Option<String>,
    pub reason: Option<String>,
    pub detail: Option<String>,
}

/// Look-ups of a person's data (the ones a reason is asked for).
pub const LOOKUPS: [&str; 3] = ["claims_lookup", "worker_card", "letter_worker"];

impl Row {
    /// A look-up made without the person at the counter (flagged on screen): any reason but the
    /// first configured one (本人来访), which a served ticket records.
    pub fn without_ticket(&self, in_person: &str) -> bool {
        LOOKUPS.contains(&self.action.as_str()) && self.reason.as_deref().is_some_and(|r| r != in_person)
    }
}

pub fn search(conn: &Connection, f: &Filter, limit: i64) -> Result<Vec<Row>> {
    let mut st = conn.prepare(
        "SELECT id, at, clerk_login, terminal, action, worker_masked, reason, detail FROM audit_log
         WHERE (?1 IS NULL OR clerk_login = ?1) AND (?2 IS NULL OR worker_id = ?2)
           AND (?3 IS NULL OR instr(action, ?3) > 0) AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5)
         ORDER BY id DESC LIMIT ?6",
    )?;
    let rows = st.query_map(params![f.login, f.worker_id, f.action, f.from, f.to, limit], |r| {
        Ok(Row {
            id: r.get(0)?,
            at: r.get(1)?,
            login: r.get(2)?,
            terminal: r.get(3)?,
            action: r.get(4)?,
            worker: r.get(5)?,
            reason: r.get(6)?,
            detail: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

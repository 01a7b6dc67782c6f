//! A letter's delivery per recipient (the unit's copy, the worker's) and its void notices, one
//! row per notice: a retry mails only whom the letter has not reached yet, and every notice is
//! a message of its own.

use super::Result;
use super::workers::stamp;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// The recuperation unit's copy.
pub const UNIT: &str = "unit";
/// The worker's copy.
pub const WORKER: &str = "worker";

/// One recipient's delivery of a letter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivery {
    /// `unit` or `worker`.
    pub recipient: String,
    pub address: String,
    /// `sent` or `failed`.
    pub state: String,
    pub error: Option<String>,
}

/// Records one recipient's outcome (the last attempt's).
pub fn record(
    conn: &Connection,
    letter_id: i64,
    recipient: &str,
    address: &str,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let state = if error.is_none() { "sent" } else { "failed" };
    conn.execute(
        "INSERT INTO letter_deliveries (letter_id, recipient, address, state, at, error)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (letter_id, recipient) DO UPDATE SET
             address = excluded.address, state = excluded.state, at = excluded.at, error = excluded.error",
        params![letter_id, recipient, address, state, stamp(now), error],
    )?;
    Ok(())
}

/// A letter's deliveries, the unit's first.
pub fn of(conn: &Connection, letter_id: i64) -> Result<Vec<Delivery>> {
    let mut stmt = conn.prepare_cached(
        "SELECT recipient, address, state, error FROM letter_deliveries WHERE letter_id = ?1
         ORDER BY recipient = 'worker', recipient",
    )?;
    let rows = stmt.query_map([letter_id], |r| {
        Ok(Delivery { recipient: r.get(0)?, address: r.get(1)?, state: r.get(2)?, error: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Whether `recipient` has the letter already.
pub fn reached(conn: &Connection, letter_id: i64, recipient: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM letter_deliveries WHERE letter_id = ?1 AND recipient = ?2 AND state = 'sent'",
        )?
        .query_row(params![letter_id, recipient], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The next void notice's number for a letter (1 for the first).
pub fn next_notice(conn: &Connection, letter_id: i64) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT coalesce(max(seq), 0) + 1 FROM letter_notices WHERE letter_id = ?1",
        [letter_id],
        |r| r.get(0),
    )?)
}

/// A void notice written (`pending`) for the unit.
pub fn notice_written(
    conn: &Connection,
    letter_id: i64,
    seq: u32,
    replaced_by: Option<i64>,
    message_id: &str,
    file: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO letter_notices (letter_id, seq, replaced_by, message_id, file, state, at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6)",
        params![letter_id, seq, replaced_by, message_id, file, stamp(now)],
    )?;
    Ok(())
}

pub fn notice_sent(conn: &Connection, letter_id: i64, seq: u32) -> Result<()> {
    conn.execute(
        "UPDATE letter_notices SET state = 'sent' WHERE letter_id = ?1 AND seq = ?2",
        params![letter_id, seq],
    )?;
    Ok(())
}

/// The void notices written for a letter: (Message-ID, when, the letter that replaced it).
pub fn notices(conn: &Connection, letter_id: i64) -> Result<Vec<(String, String, Option<i64>)>> {
    Ok(notice_files(conn, letter_id)?.into_iter().map(|(id, at, by, _)| (id, at, by)).collect())
}

/// The letters that have void notices on record.
pub fn letters_with_notices(conn: &Connection) -> Result<Vec<i64>> {
    let mut st = conn.prepare("SELECT DISTINCT letter_id FROM letter_notices ORDER BY letter_id")?;
    Ok(st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

/// A notice on record: (Message-ID, when, the letter that replaced it, its outbox file).
pub type NoticeFile = (String, String, Option<i64>, String);

/// A letter's notices with their files.
pub fn notice_files(conn: &Connection, letter_id: i64) -> Result<Vec<NoticeFile>> {
    let mut st = conn.prepare(
        "SELECT message_id, at, replaced_by, file FROM letter_notices WHERE letter_id = ?1 ORDER BY seq",
    )?;
    let rows = st.query_map([letter_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

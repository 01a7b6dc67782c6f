//! Letters as issued: numbers per type and year from the yearly series (gapless, inside the
//! issuing transaction), the texts as issued, void and replacement links.

use super::Result;
use super::workers::stamp;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// A letter row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LetterRow {
    pub id: i64,
    pub letter_type: String,
    pub number: String,
    pub year: i32,
    pub seq: u32,
    pub worker_id: i64,
    pub id_masked: String,
    pub name: String,
    pub work_unit: Option<String>,
    pub recipient: String,
    pub start_on: String,
    pub end_on: String,
    pub days: u32,
    pub places: Option<u32>,
    pub standard: Option<String>,
    pub companions: Option<String>,
    pub note: Option<String>,
    pub issued_on: String,
    pub issued_at: String,
    pub issued_by: Option<i64>,
    pub unit_text: String,
    pub worker_text: String,
    pub unit_sha: String,
    pub worker_sha: String,
    pub code: String,
    pub state: String,
    pub void_reason: Option<String>,
    pub replaces: Option<i64>,
    pub replaced_by: Option<i64>,
    pub delivery: String,
    pub files: String,
    pub sent_at: Option<String>,
    pub sent_how: Option<String>,
    pub send_error: Option<String>,
    /// The void notice to the unit: `pending` or `sent`.
    pub notice: Option<String>,
    pub batch_id: Option<i64>,
    /// Why this letter replaces another (a re-issue's own reason).
    pub replace_reason: Option<String>,
    /// Per recipient, for a letter not yet delivered to all (the register reads them; empty
    /// elsewhere).
    pub deliveries: Vec<super::letter_delivery::Delivery>,
}

pub(super) const COLUMNS: &str = "id, type, number, year, seq, worker_id, id_masked, name, work_unit, recipient, start_on, \
     end_on, days, places, standard, companions, note, issued_on, issued_at, issued_by, unit_text, worker_text, \
     unit_sha, worker_sha, code, state, void_reason, replaces, replaced_by, delivery, files, sent_at, sent_how, \
     send_error, notice, batch_id, replace_reason";

pub(super) fn row(r: &Row) -> rusqlite::Result<LetterRow> {
    Ok(LetterRow {
        id: r.get(0)?,
        letter_type: r.get(1)?,
        number: r.get(2)?,
        year: r.get(3)?,
        seq: r.get(4)?,
        worker_id: r.get(5)?,
        id_masked: r.get(6)?,
        name: r.get(7)?,
        work_unit: r.get(8)?,
        recipient: r.get(9)?,
        start_on: r.get(10)?,
        end_on: r.get(11)?,
        days: r.get(12)?,
        places: r.get(13)?,
        standard: r.get(14)?,
        companions: r.get(15)?,
        note: r.get(16)?,
        issued_on: r.get(17)?,
        issued_at: r.get(18)?,
        issued_by: r.get(19)?,
        unit_text: r.get(20)?,
        worker_text: r.get(21)?,
        unit_sha: r.get(22)?,
        worker_sha: r.get(23)?,
        code: r.get(24)?,
        state: r.get(25)?,
        void_reason: r.get(26)?,
        replaces: r.get(27)?,
        replaced_by: r.get(28)?,
        delivery: r.get(29)?,
        files: r.get(30)?,
        sent_at: r.get(31)?,
        sent_how: r.get(32)?,
        send_error: r.get(33)?,
        notice: r.get(34)?,
        batch_id: r.get(35)?,
        replace_reason: r.get(36)?,
        deliveries: vec![],
    })
}

/// The next serial for a letter type and year; call inside the issuing write transaction, so
/// a rolled-back issue gives its number back and concurrent terminals never share one.
pub fn next_seq(conn: &Connection, letter_type: &str, year: i32) -> Result<u32> {
    Ok(conn.query_row(
        "INSERT INTO number_counters (series, year, last) VALUES ('letter:' || ?1, ?2, 1)
         ON CONFLICT (series, year) DO UPDATE SET last = last + 1 RETURNING last",
        params![letter_type, year],
        |r| r.get(0),
    )?)
}

/// Stores an issued letter and marks it (inside the caller's transaction); returns its id.
pub fn insert(conn: &Connection, secret: &[u8], l: &LetterRow, now: DateTime<Utc>) -> Result<i64> {
    conn.execute(
        "INSERT INTO letters (type, number, year, seq, worker_id, id_masked, name, work_unit, recipient, start_on,
                              end_on, days, places, standard, companions, note, issued_on, issued_at, issued_by,
                              unit_text, worker_text, unit_sha, worker_sha, code, replaces, replace_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                 ?22, ?23, ?24, ?25, ?26)",
        params![
            l.letter_type,
            l.number,
            l.year,
            l.seq,
            l.worker_id,
            l.id_masked,
            l.name,
            l.work_unit,
            l.recipient,
            l.start_on,
            l.end_on,
            l.days,
            l.places,
            l.standard,
            l.companions,
            l.note,
            l.issued_on,
            stamp(now),
            l.issued_by,
            l.unit_text,
            l.worker_text,
            l.unit_sha,
            l.worker_sha,
            l.code,
            l.replaces,
            l.replace_reason
        ],
    )?;
    let id = conn.last_insert_rowid();
    super::letter_marks::put(conn, secret, id)?;
    Ok(id)
}

/// A re-issue: the old letter is replaced by `new` and void with the reason (a letter voided
/// before keeps its first reason). `false` when it was already replaced: only the current
/// letter of a chain is replaced, so a chain never forks (the schema refuses a second
/// `replaced_by` too).
pub fn replace(
    conn: &Connection,
    secret: &[u8],
    old: i64,
    new: i64,
    reason: &str,
    clerk_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let n = conn.execute(
        "UPDATE letters SET replaced_by = ?2,
             void_reason = CASE WHEN state = 'void' THEN void_reason ELSE ?3 END,
             voided_by = CASE WHEN state = 'void' THEN voided_by ELSE ?4 END,
             voided_at = CASE WHEN state = 'void' THEN voided_at ELSE ?5 END,
             state = 'void'
         WHERE id = ?1 AND replaced_by IS NULL",
        params![old, new, reason, clerk_id, stamp(now)],
    )?;
    if n == 1 {
        super::letter_marks::put(conn, secret, old)?;
    }
    Ok(n == 1)
}

/// The current letter of the chain `id` belongs to: itself, or the last of those that replaced
/// it (`None` when there is no such letter).
pub fn current_of(conn: &Connection, id: i64) -> Result<Option<LetterRow>> {
    let Some(mut l) = by_id(conn, id)? else { return Ok(None) };
    // A chain is short; the bound only guards against a link edited by hand into a loop.
    for _ in 0..1_000 {
        match l.replaced_by.map(|next| by_id(conn, next)).transpose()?.flatten() {
            Some(next) => l = next,
            None => break,
        }
    }
    Ok(Some(l))
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<LetterRow>> {
    let sql = format!("SELECT {COLUMNS} FROM letters WHERE id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], row).optional()?)
}

pub fn by_number(conn: &Connection, number: &str) -> Result<Option<LetterRow>> {
    let sql = format!("SELECT {COLUMNS} FROM letters WHERE number = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([number.trim()], row).optional()?)
}

/// A void keeps the number; `false` when the letter was already void or replaced.
pub fn void(
    conn: &Connection,
    secret: &[u8],
    id: i64,
    reason: &str,
    clerk_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let n = conn.execute(
        "UPDATE letters SET state = 'void', void_reason = ?2, voided_by = ?3, voided_at = ?4
         WHERE id = ?1 AND state <> 'void' AND replaced_by IS NULL",
        params![id, reason, clerk_id, stamp(now)],
    )?;
    if n == 1 {
        super::letter_marks::put(conn, secret, id)?;
    }
    Ok(n == 1)
}

/// The ids of the letters whose files the outbox should hold: all of them (`full`, for
/// `check`), or those still pending (start-up). Ids only: `check` reads each letter in turn, so
/// its memory does not grow with the years (50,000 letters hold about 90 MB of text).
pub fn ids_with_files(conn: &Connection, full: bool) -> Result<Vec<i64>> {
    let sql = if full {
        "SELECT id FROM letters WHERE files NOT IN ('purged', 'none') ORDER BY id"
    } else {
        "SELECT id FROM letters WHERE files = 'pending' ORDER BY id"
    };
    let mut stmt = conn.prepare(sql)?;
    Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn files_written(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("UPDATE letters SET files = 'written' WHERE id = ?1", [id])?;
    Ok(())
}

/// This year's letters (or all), newest first, optionally one worker's.
pub fn list(
    conn: &Connection,
    year: Option<i32>,
    worker_id: Option<i64>,
    limit: usize,
) -> Result<Vec<LetterRow>> {
    // One statement per case, so each is an index search (a worker's letters, a year's).
    let filter = match (year, worker_id) {
        (Some(_), Some(_)) => "WHERE worker_id = ?2 AND year = ?1",
        (None, Some(_)) => "WHERE worker_id = ?2 AND ?1 IS NULL",
        (Some(_), None) => "WHERE year = ?1 AND ?2 IS NULL",
        (None, None) => "WHERE ?1 IS NULL AND ?2 IS NULL",
    };
    let sql = format!("SELECT {COLUMNS} FROM letters {filter} ORDER BY id DESC LIMIT ?3");
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt.query_map(params![year, worker_id, limit as i64], row)?.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A letter by its key (type, year, serial), as every file carries it.
pub fn by_key(conn: &Connection, letter_type: &str, year: i32, seq: u32) -> Result<Option<LetterRow>> {
    let sql = format!("SELECT {COLUMNS} FROM letters WHERE type = ?1 AND year = ?2 AND seq = ?3");
    Ok(conn.prepare_cached(&sql)?.query_row(params![letter_type, year, seq], row).optional()?)
}

/// Delivered: by whom, when and how (`smtp` or `hand`).
pub fn mark_sent(
    conn: &Connection,
    id: i64,
    clerk_id: Option<i64>,
    how: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "UPDATE letters SET delivery = 'sent', sent_by = ?2, sent_at = ?3, sent_how = ?4, send_error = NULL WHERE id = ?1",
        params![id, clerk_id, stamp(now), how],
    )?;
    Ok(())
}

/// A refused sending: the letter stays to be sent, with the reason.
pub fn send_failed(conn: &Connection, id: i64, error: &str) -> Result<()> {
    conn.execute("UPDATE letters SET send_error = ?2 WHERE id = ?1", params![id, error])?;
    Ok(())
}

pub fn set_notice(conn: &Connection, id: i64, state: &str) -> Result<()> {
    conn.execute("UPDATE letters SET notice = ?2 WHERE id = ?1", params![id, state])?;
    Ok(())
}

/// The end of the worker's last recuperation by letter (void ones aside).
pub fn last_recuperation(conn: &Connection, worker_id: i64) -> Result<Option<NaiveDate>> {
    let end: Option<String> = conn
        .query_row(
            "SELECT max(end_on) FROM letters WHERE worker_id = ?1 AND type = 'recuperation' AND state <> 'void'",
            [worker_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    Ok(end.and_then(|e| e.parse().ok()))
}

/// Letters whose files were never to be written (the large demo's) marked so, where `check`
/// and the kiosk would otherwise write them.
pub fn no_files_for_pending(conn: &Connection) -> Result<()> {
    conn.execute("UPDATE letters SET files = 'none' WHERE files = 'pending'", [])?;
    Ok(())
}

//! Recuperation batches: the batch row (year and serial, unit, dates, who issued it), its
//! letters' link to it, the roster text as sent to the unit and the roster's delivery.

use super::Result;
use super::workers::stamp;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// A batch as it is opened, before its letters and roster.
#[derive(Debug, Clone)]
pub struct NewBatchRow<'a> {
    pub year: i32,
    pub seq: u32,
    pub recipient: &'a str,
    pub start_on: NaiveDate,
    pub end_on: NaiveDate,
    pub issued_at: DateTime<Utc>,
    pub issued_by: Option<i64>,
}

/// Opens the batch with an empty roster (written once its letters are issued); returns its id.
pub fn insert(conn: &Connection, b: &NewBatchRow) -> Result<i64> {
    conn.execute(
        "INSERT INTO batches (year, seq, recipient, start_on, end_on, issued_at, issued_by, roster_text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '')",
        params![
            b.year,
            b.seq,
            b.recipient,
            b.start_on.to_string(),
            b.end_on.to_string(),
            stamp(b.issued_at),
            b.issued_by
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Puts the letter `letter_id` in the batch (its mark covers the batch it is in).
pub fn add_letter(conn: &Connection, secret: &[u8], batch_id: i64, letter_id: i64) -> Result<()> {
    conn.execute("UPDATE letters SET batch_id = ?2 WHERE id = ?1", params![letter_id, batch_id])?;
    super::letter_marks::put(conn, secret, letter_id)
}

/// The roster text, written once the letters are issued (it lists their numbers); the batch
/// is marked as it then stands: its row, roster and letters.
pub fn set_roster(conn: &Connection, secret: &[u8], batch_id: i64, roster: &str) -> Result<()> {
    conn.execute("UPDATE batches SET roster_text = ?2 WHERE id = ?1", params![batch_id, roster])?;
    super::letter_marks::put_batch(conn, secret, batch_id)
}

/// A batch's roster as stored, with what names it: year, serial and unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    pub year: i32,
    pub seq: u32,
    pub recipient: String,
    pub text: String,
}

pub fn roster(conn: &Connection, batch_id: i64) -> Result<Option<Roster>> {
    Ok(conn
        .query_row("SELECT year, seq, recipient, roster_text FROM batches WHERE id = ?1", [batch_id], |r| {
            Ok(Roster { year: r.get(0)?, seq: r.get(1)?, recipient: r.get(2)?, text: r.get(3)? })
        })
        .optional()?)
}

/// The roster's delivery: `pending` or `sent`.
pub fn delivery(conn: &Connection, batch_id: i64) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT delivery FROM batches WHERE id = ?1", [batch_id], |r| r.get(0)).optional()?)
}

/// The roster went out to the unit.
pub fn mark_sent(conn: &Connection, batch_id: i64) -> Result<()> {
    conn.execute("UPDATE batches SET delivery = 'sent' WHERE id = ?1", [batch_id])?;
    Ok(())
}

/// The unit the batch goes to (its code).
pub fn recipient(conn: &Connection, batch_id: i64) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT recipient FROM batches WHERE id = ?1", [batch_id], |r| r.get(0)).optional()?)
}

/// A batch by the key its roster files carry (year and serial).
pub fn by_key(conn: &Connection, year: i32, seq: u32) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT id FROM batches WHERE year = ?1 AND seq = ?2", rusqlite::params![year, seq], |r| {
            r.get(0)
        })
        .optional()?)
}

/// A batch's letters by standing: (all, void or replaced).
pub fn standing(conn: &Connection, batch_id: i64) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT count(*), coalesce(sum(state = 'void' OR replaced_by IS NOT NULL), 0) FROM letters WHERE batch_id = ?1",
        [batch_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Every batch's id, in order (`check` walks them).
pub fn all_ids(conn: &Connection) -> Result<Vec<i64>> {
    let mut st = conn.prepare("SELECT id FROM batches ORDER BY id")?;
    Ok(st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

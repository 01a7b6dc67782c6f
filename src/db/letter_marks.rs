//! Each letter's mark: an HMAC, with the letter key, over what its code does not sign and the
//! database still says of it — whom it is for (the worker's id), its details (days, places,
//! standard, companions, note), when and by whom it was issued, its batch, and its standing
//! (state, void reason, who voided it and when, what it replaces and what replaced it, why,
//! and the void notices written: each one's Message-ID, when, and the replacement it named).
//! Written whenever one of those changes, inside the same transaction, so a letter revived,
//! voided or re-pointed by hand in the database no longer holds, and `check` and `letter
//! verify` say so. A batch has its mark too: its row, its roster as sent, and which letters
//! are in it.

use super::{Result, keyfile};
use crate::domain::letter::{mac_hex, verify_mac};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;

const FIELDS: &str = "id, type, number, worker_id, days, places, standard, companions, note, issued_at, \
     issued_by, batch_id, replaces, replaced_by, state, void_reason, voided_by, voided_at, replace_reason, \
     (SELECT group_concat(seq || ':' || message_id || ':' || at || ':' || coalesce(replaced_by, '-'), ';') \
        FROM (SELECT * FROM letter_notices WHERE letter_id = letters.id ORDER BY seq))";

const BATCH_FIELDS: &str = "id, year, seq, recipient, start_on, end_on, issued_at, issued_by, roster_text, \
     (SELECT group_concat(id) FROM (SELECT id FROM letters WHERE batch_id = batches.id ORDER BY id))";

/// One row's values, each written with its kind, so a NULL and an empty text, or 1 and '1',
/// never read the same.
fn values(r: &rusqlite::Row, n: usize, out: &mut String) -> rusqlite::Result<()> {
    for i in 0..n {
        let v = match r.get_ref(i)? {
            rusqlite::types::ValueRef::Null => "-".to_string(),
            rusqlite::types::ValueRef::Integer(n) => format!("i{n}"),
            rusqlite::types::ValueRef::Real(f) => format!("r{f}"),
            rusqlite::types::ValueRef::Text(t) => format!("t{}", hex(t)),
            rusqlite::types::ValueRef::Blob(b) => format!("b{}", hex(b)),
        };
        out.push_str(&v);
        out.push('\n');
    }
    Ok(())
}

/// What a mark signs, as the database holds it now (`None`: no such row).
fn signed(conn: &Connection, kind: &str, fields: &str, table: &str, id: i64) -> Result<Option<String>> {
    let sql = format!("SELECT {fields} FROM {table} WHERE id = ?1");
    let n = conn.prepare_cached(&sql)?.column_count();
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| {
            let mut out = format!("{kind}\n");
            values(r, n, &mut out)?;
            Ok(out)
        })
        .optional()?)
}

fn text(conn: &Connection, id: i64) -> Result<Option<String>> {
    signed(conn, "mark", FIELDS, "letters", id)
}

fn batch_text(conn: &Connection, id: i64) -> Result<Option<String>> {
    signed(conn, "batch-mark", BATCH_FIELDS, "batches", id)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What is marked: a letter (`letter_marks`) or a batch (`batch_marks`).
#[derive(Clone, Copy)]
enum Kind {
    Letter,
    Batch,
}

impl Kind {
    fn text(self, conn: &Connection, id: i64) -> Result<Option<String>> {
        match self {
            Kind::Letter => text(conn, id),
            Kind::Batch => batch_text(conn, id),
        }
    }

    /// (insert or replace the mark, read the mark)
    fn sql(self) -> (&'static str, &'static str) {
        match self {
            Kind::Letter => (
                "INSERT INTO letter_marks (letter_id, mark) VALUES (?1, ?2)
                 ON CONFLICT (letter_id) DO UPDATE SET mark = excluded.mark",
                "SELECT mark FROM letter_marks WHERE letter_id = ?1",
            ),
            Kind::Batch => (
                "INSERT INTO batch_marks (batch_id, mark) VALUES (?1, ?2)
                 ON CONFLICT (batch_id) DO UPDATE SET mark = excluded.mark",
                "SELECT mark FROM batch_marks WHERE batch_id = ?1",
            ),
        }
    }

    fn put(self, conn: &Connection, secret: &[u8], id: i64) -> Result<()> {
        let Some(t) = self.text(conn, id)? else { return Ok(()) };
        conn.prepare_cached(self.sql().0)?.execute(params![id, mac_hex(secret, t.as_bytes())])?;
        Ok(())
    }

    /// Whether the row still stands as it was last marked (one without a mark does not).
    fn holds(self, conn: &Connection, secret: &[u8], id: i64) -> Result<bool> {
        let mark: Option<String> =
            conn.prepare_cached(self.sql().1)?.query_row([id], |r| r.get(0)).optional()?;
        let Some(mark) = mark else { return Ok(false) };
        Ok(self.text(conn, id)?.is_some_and(|t| verify_mac(secret, t.as_bytes(), &mark)))
    }
}

/// Marks the batch as it stands now: its row, roster and letters (inside the transaction that
/// wrote them).
pub fn put_batch(conn: &Connection, secret: &[u8], id: i64) -> Result<()> {
    Kind::Batch.put(conn, secret, id)
}

/// Whether the batch still stands as it was marked (a batch without a mark does not).
pub fn batch_holds(conn: &Connection, secret: &[u8], id: i64) -> Result<bool> {
    Kind::Batch.holds(conn, secret, id)
}

/// The keys (`year/seq`) of the batches that no longer stand as marked (`check`).
pub fn broken_batches(conn: &Connection, secret: &[u8]) -> Result<Vec<String>> {
    let ids: Vec<(i64, i32, u32)> = conn
        .prepare("SELECT id, year, seq FROM batches ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = vec![];
    for (id, year, seq) in ids {
        if !batch_holds(conn, secret, id)? {
            out.push(format!("{year}/{seq}"));
        }
    }
    Ok(out)
}

/// Marks the letter as it stands now (call inside the transaction that changed it).
pub fn put(conn: &Connection, secret: &[u8], id: i64) -> Result<()> {
    Kind::Letter.put(conn, secret, id)
}

/// Whether the letter still stands as it was last marked (a letter without a mark does not).
pub fn holds(conn: &Connection, secret: &[u8], id: i64) -> Result<bool> {
    Kind::Letter.holds(conn, secret, id)
}

/// The upgrade that brings marks marks every letter and batch already issued, as they stand,
/// with the key beside the database (inside the migration's transaction). Without a key file there is
/// nothing to mark with: those letters stay unmarked, and `check` names them.
pub(super) fn mark_existing(conn: &Connection, db: &Path) -> Result<()> {
    let Ok(secret) = keyfile::read_key(db) else { return Ok(()) };
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM letters ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        put(conn, &secret, id)?;
    }
    let batches: Vec<i64> = conn
        .prepare("SELECT id FROM batches ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in batches {
        put_batch(conn, &secret, id)?;
    }
    Ok(())
}

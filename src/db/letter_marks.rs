//! Each letter's mark: an HMAC, with the letter key, over what its code does not sign and the
//! database still says of it — whom it is for (the worker's id), its details (days, places,
//! standard, companions, note), and its standing (state, void reason, who voided it and when,
//! what it replaces and what replaced it, why). Written whenever one of those changes, inside
//! the same transaction, so a letter revived, voided or re-pointed by hand in the database no
//! longer holds, and `check` and `letter verify` say so.

use super::{Result, keyfile};
use crate::domain::letter::{mac_hex, verify_mac};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;

const FIELDS: &str = "id, type, number, worker_id, days, places, standard, companions, note, replaces, \
     replaced_by, state, void_reason, voided_by, voided_at, replace_reason";

/// What the mark signs, as the database holds it now (`None`: no such letter). Each value is
/// written with its kind, so a NULL and an empty text, or 1 and '1', never read the same.
fn text(conn: &Connection, id: i64) -> Result<Option<String>> {
    let sql = format!("SELECT {FIELDS} FROM letters WHERE id = ?1");
    let n = FIELDS.split(',').count();
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| {
            let mut out = String::from("mark\n");
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
            Ok(out)
        })
        .optional()?)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Marks the letter as it stands now (call inside the transaction that changed it).
pub fn put(conn: &Connection, secret: &[u8], id: i64) -> Result<()> {
    let Some(t) = text(conn, id)? else { return Ok(()) };
    conn.prepare_cached(
        "INSERT INTO letter_marks (letter_id, mark) VALUES (?1, ?2)
         ON CONFLICT (letter_id) DO UPDATE SET mark = excluded.mark",
    )?
    .execute(params![id, mac_hex(secret, t.as_bytes())])?;
    Ok(())
}

/// Whether the letter still stands as it was last marked (a letter without a mark does not).
pub fn holds(conn: &Connection, secret: &[u8], id: i64) -> Result<bool> {
    let mark: Option<String> = conn
        .prepare_cached("SELECT mark FROM letter_marks WHERE letter_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(mark) = mark else { return Ok(false) };
    Ok(text(conn, id)?.is_some_and(|t| verify_mac(secret, t.as_bytes(), &mark)))
}

/// The upgrade that brings marks marks every letter already issued, as it stands, with the key
/// beside the database (inside the migration's transaction). Without a key file there is
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
    Ok(())
}

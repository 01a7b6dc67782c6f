//! The seals purges leave on letters (an HMAC over what remains of the signed record), and the
//! letters `check` walks to verify every record again.

use super::Result;
use rusqlite::{Connection, OptionalExtension, params};

/// The seal a purge left on a letter, if any.
pub fn get(conn: &Connection, letter_id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT seal FROM letter_seals WHERE letter_id = ?1")?
        .query_row([letter_id], |r| r.get(0))
        .optional()?)
}

/// Stores (or replaces) a letter's seal, inside the purging transaction.
pub fn put(conn: &Connection, letter_id: i64, seal: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO letter_seals (letter_id, seal) VALUES (?1, ?2)
         ON CONFLICT (letter_id) DO UPDATE SET seal = excluded.seal",
        params![letter_id, seal],
    )?;
    Ok(())
}

/// Every letter's id, in order: ids only, so `check` holds one letter in memory at a time.
pub fn all_ids(conn: &Connection) -> Result<Vec<i64>> {
    let mut st = conn.prepare("SELECT id FROM letters ORDER BY id")?;
    Ok(st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?)
}

//! The files written at the user's word (`--out`: exports and reports): where, how large, their
//! SHA-256 and when. A purge past `exports_months` removes a file only while it is still that
//! file (same size and hash): a newer file at the same path, or another file, is never taken.

use super::Result;
use super::workers::stamp;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

/// A file written: its resolved path, size in bytes and SHA-256 (hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub id: i64,
    pub path: String,
    pub size: i64,
    pub sha256: String,
}

pub fn record(
    conn: &Connection,
    what: &str,
    path: &str,
    size: i64,
    sha256: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO out_files (what, path, size, sha256, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![what, path, size, sha256, stamp(now)],
    )?;
    Ok(())
}

/// The files written before `before` (a UTC stamp) and not yet removed.
pub fn written_before(conn: &Connection, before: &str) -> Result<Vec<Written>> {
    let mut st = conn.prepare(
        "SELECT id, path, size, sha256 FROM out_files WHERE at < ?1 AND removed_at IS NULL ORDER BY id",
    )?;
    let rows = st.query_map([before], |r| {
        Ok(Written { id: r.get(0)?, path: r.get(1)?, size: r.get(2)?, sha256: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The file is gone (removed by a purge, or no longer that file): not looked for again.
pub fn removed(conn: &Connection, id: i64, now: DateTime<Utc>) -> Result<()> {
    conn.execute("UPDATE out_files SET removed_at = ?2 WHERE id = ?1", params![id, stamp(now)])?;
    Ok(())
}

//! The files written at the user's word (`--out`: exports and reports): where, how large, their
//! SHA-256 and when, each row signed. A purge past `exports_months` removes a file only while
//! it is still that file (same size and hash) and its row is one the program wrote: a newer
//! file at the same path, another file, or a row added by hand is never taken.

use super::Result;
use super::workers::stamp;
use crate::domain::letter::{mac_hex, verify_mac};
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

/// What a row's HMAC signs.
fn signed(path: &str, size: i64, sha256: &str, at: &str) -> String {
    format!("out-file\n{path}\n{size}\n{sha256}\n{at}\n")
}

/// Records a file written, signed with `key` (the audit key).
pub fn record(
    conn: &Connection,
    key: &[u8],
    what: &str,
    path: &str,
    size: i64,
    sha256: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let at = stamp(now);
    let mac = mac_hex(key, signed(path, size, sha256, &at).as_bytes());
    conn.execute(
        "INSERT INTO out_files (what, path, size, sha256, at, mac) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![what, path, size, sha256, at, mac],
    )?;
    Ok(())
}

/// The files written before `before` (a UTC stamp), not yet removed, whose rows are signed
/// with `key` (a row added or edited by hand is left out).
pub fn written_before(conn: &Connection, key: &[u8], before: &str) -> Result<Vec<Written>> {
    let mut st = conn.prepare(
        "SELECT id, path, size, sha256, at, mac FROM out_files
          WHERE at < ?1 AND removed_at IS NULL ORDER BY id",
    )?;
    let rows = st.query_map([before], |r| {
        let w = Written { id: r.get(0)?, path: r.get(1)?, size: r.get(2)?, sha256: r.get(3)? };
        let (at, mac): (String, String) = (r.get(4)?, r.get(5)?);
        Ok(verify_mac(key, signed(&w.path, w.size, &w.sha256, &at).as_bytes(), &mac).then_some(w))
    })?;
    Ok(rows.filter_map(|r| r.transpose()).collect::<rusqlite::Result<_>>()?)
}

/// The file is gone (removed by a purge, or no longer that file): not looked for again.
pub fn removed(conn: &Connection, id: i64, now: DateTime<Utc>) -> Result<()> {
    conn.execute("UPDATE out_files SET removed_at = ?2 WHERE id = ?1", params![id, stamp(now)])?;
    Ok(())
}

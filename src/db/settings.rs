//! Key-value settings kept in the database (creation time, config fingerprint, demo flag).

use super::Result;
use rusqlite::{Connection, OptionalExtension, params};

pub const CREATED_AT: &str = "created_at";
pub const FINGERPRINT: &str = "config_fingerprint";
/// The centre-wide config as canonical TOML, stored with its fingerprint (absent on databases
/// accepted before it was kept): F6 compares it with a terminal's before accepting that one.
pub const CENTRE: &str = "config_centre";
pub const DEMO: &str = "demo";
/// `small` (or missing) or `large`: which demo `demo --scale` built.
pub const DEMO_SCALE: &str = "demo_scale";
pub const AUDIT_HEAD: &str = "audit_head";

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

/// Sets a value only when none is stored (first creation wins when terminals race).
pub fn set_if_missing(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)", params![key, value])?;
    Ok(())
}

pub fn is_demo(conn: &Connection) -> Result<bool> {
    Ok(get(conn, DEMO)?.as_deref() == Some("1"))
}

pub fn delete(conn: &Connection, key: &str) -> Result<()> {
    conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    Ok(())
}

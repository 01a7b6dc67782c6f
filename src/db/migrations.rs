//! Numbered, append-only migrations. Never edit one that has shipped: add the next.

use super::{DbError, Result};
use rusqlite::Connection;
use std::path::Path;

/// Each entry moves the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: clerks, settings, the audit trail and login attempts.
    r#"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE clerks (
        id         INTEGER PRIMARY KEY,
        login      TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL,
        role       TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'volunteer', 'auditor')),
        pin_hash   TEXT NOT NULL,
        disabled   INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        version    INTEGER NOT NULL DEFAULT 1
    );

    -- Failed logins per login text (known or not), so the lock-out says nothing about
    -- which logins exist.
    CREATE TABLE login_attempts (
        login        TEXT PRIMARY KEY,
        failures     INTEGER NOT NULL,
        locked_until TEXT
    ) WITHOUT ROWID;

    CREATE TABLE audit_log (
        id            INTEGER PRIMARY KEY,
        at            TEXT NOT NULL,
        clerk_id      INTEGER,
        clerk_login   TEXT,
        action        TEXT NOT NULL,
        worker_id     INTEGER,
        worker_masked TEXT,
        reason        TEXT,
        detail        TEXT,
        terminal      TEXT NOT NULL,
        prev_hash     TEXT NOT NULL,
        hash          TEXT NOT NULL
    );
    CREATE INDEX audit_log_at ON audit_log (at);
    CREATE INDEX audit_log_worker ON audit_log (worker_id) WHERE worker_id IS NOT NULL;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    "#,
];

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the schema up to date in one exclusive transaction that re-reads `user_version`,
/// so terminals starting together cannot both migrate. Returns true when the file was new.
pub(super) fn run(conn: &Connection, path: &Path) -> Result<bool> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == LATEST_VERSION {
        return Ok(false);
    }
    conn.execute_batch("BEGIN EXCLUSIVE")?;
    let result = apply(conn, path);
    match result {
        Ok(created) => {
            conn.execute_batch("COMMIT")?;
            Ok(created)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

fn apply(conn: &Connection, path: &Path) -> Result<bool> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > LATEST_VERSION {
        return Err(DbError::Newer { path: path.to_path_buf(), found: version, known: LATEST_VERSION });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    Ok(version == 0)
}

#[cfg(test)]
pub(super) fn all() -> &'static [&'static str] {
    MIGRATIONS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_applies_in_order_on_an_empty_file() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("m.db")).unwrap();
        for (i, sql) in MIGRATIONS.iter().enumerate() {
            conn.execute_batch(sql).unwrap_or_else(|e| panic!("migration {}: {e}", i + 1));
        }
        // No table other than audit_log has "audit" in its name (DESIGN.md).
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE '%audit%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1);
    }
}

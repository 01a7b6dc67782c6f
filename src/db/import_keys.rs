//! The import's storage tricks: the temporary table of keys seen so far (so duplicates within a
//! file are found on disk, not in a memory set), the page cache bounded for a long pass, and
//! indexes dropped for a large file and built once after it. Errors stay rusqlite's own, so the
//! command line can word them by their SQLite code.

use rusqlite::{CachedStatement, Connection, OptionalExtension, params};

/// Bounds the page cache, keeps temporary data on disk and empties the key table (made on
/// first use), before the import's transaction begins.
pub fn start(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "PRAGMA cache_size = -24576; PRAGMA temp_store = FILE;
         CREATE TEMP TABLE IF NOT EXISTS import_keys (key TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID;
         DELETE FROM import_keys;",
    )
}

/// Indexes dropped for a load, held to be built again before the commit.
#[derive(Debug, Default)]
pub struct Deferred(Vec<String>);

impl Deferred {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Drops `indexes` (all on one table) when a file of `lines` is at least as large as that
/// table and worth it (10,000 lines), and keeps the statements that build them again. The
/// drop is part of the import's transaction, so a refused file leaves every index as it was,
/// and other terminals keep reading the indexed snapshot until the commit.
pub fn defer_indexes(tx: &Connection, indexes: &[&str], lines: u64) -> rusqlite::Result<Deferred> {
    let mut found = vec![];
    for name in indexes {
        let row = tx
            .query_row(
                "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                [name],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?;
        found.extend(row.map(|(table, sql)| (name, table, sql)));
    }
    let Some((_, table, _)) = found.first() else { return Ok(Deferred::default()) };
    let held: i64 = tx.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| r.get(0))?;
    if lines < 10_000 || (lines as i64) < held {
        return Ok(Deferred::default());
    }
    let mut out = vec![];
    for (name, _, sql) in found {
        tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
        out.push(sql);
    }
    Ok(Deferred(out))
}

/// Builds the deferred indexes again, in the import's transaction.
pub fn rebuild(tx: &Connection, deferred: &Deferred) -> rusqlite::Result<()> {
    // The build's sorter takes as much memory as the page cache may: both shrink for it
    // (to SQLite's default; a larger one builds no faster here).
    tx.execute_batch(&format!("PRAGMA cache_size = -2048; {};", deferred.0.join(";\n")))
}

/// Records `key` at `line`; the line it was first seen on when it was already there.
pub fn first_line(tx: &Connection, key: &str, line: u64) -> rusqlite::Result<Option<i64>> {
    let new = tx
        .prepare_cached("INSERT INTO import_keys (key, line) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING")?
        .execute(params![key, line as i64])?;
    if new == 1 {
        return Ok(None);
    }
    tx.prepare_cached("SELECT line FROM import_keys WHERE key = ?1")?.query_row([key], |r| r.get(0)).map(Some)
}

/// Fills the key table with keys read earlier (a repeat is kept at its first line), through one
/// prepared statement for the whole run.
pub struct KeyFiller<'a>(CachedStatement<'a>);

/// Starts filling the key table, in the import's transaction.
pub fn key_filler(tx: &Connection) -> rusqlite::Result<KeyFiller<'_>> {
    Ok(KeyFiller(tx.prepare_cached("INSERT OR IGNORE INTO import_keys (key, line) VALUES (?1, ?2)")?))
}

impl KeyFiller<'_> {
    pub fn add(&mut self, key: &str, line: u64) -> rusqlite::Result<()> {
        self.0.execute(params![key, line as i64])?;
        Ok(())
    }
}

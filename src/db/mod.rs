//! Storage: opening the one SQLite file with the agreed pragmas, migrations, and one module per
//! table group. SQL lives here only.

pub mod audit;
pub mod audit_seal;
pub mod audit_search;
pub mod batches;
pub mod claim_ops;
pub mod claims;
pub mod clerk_ops;
pub mod clerks;
pub mod demo_fund;
pub mod demo_hardship;
pub mod demo_rows;
pub mod exports;
pub mod fund;
pub mod fund_period;
pub mod fund_report;
pub mod hardship;
pub mod hardship_import;
pub mod hardship_ops;
pub mod hardship_review;
pub mod import_keys;
mod keyfile;
pub mod letter_delivery;
pub mod letter_marks;
pub mod letter_register;
pub mod letter_seals;
pub mod letters;
mod migrations;
mod migrations_fund;
mod migrations_hardship;
mod migrations_station;
pub mod out_files;
pub mod page;
pub mod person;
pub mod purge;
pub mod queue;
pub mod settings;
pub mod station;
pub mod station_ops;
pub mod visits;
mod words;
pub mod workers;
pub mod workers_seen;
pub use words::{db_fault, fault_text};

pub use keyfile::{key_path, read_key};
pub use migrations::LATEST_VERSION;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database not found: {0}")]
    NotFound(PathBuf),
    /// A file of 0 bytes where the database should be: never made a new database silently.
    #[error("the database file {0} is empty")]
    Empty(PathBuf),
    /// An SQLite file that is not a frontdesk database (no schema of ours).
    #[error("{0} is not a frontdesk database")]
    NotFrontdesk(PathBuf),
    /// A key file that is not this database's (its check does not match).
    #[error("the letter key {0} does not belong to this database")]
    KeyWrong(PathBuf),
    /// The letter key beside a database that has letters: never replaced by a new one.
    #[error("the letter key {0} is missing")]
    KeyMissing(PathBuf),
    #[error("database {path} was written by a newer frontdesk (schema {found}, this program knows {known})")]
    Newer { path: PathBuf, found: i64, known: i64 },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("pragma {name} is {got}, expected {want}")]
    Pragma { name: &'static str, got: String, want: &'static str },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T, E = DbError> = std::result::Result<T, E>;

/// What kind of trouble a failed database call met, for a message the clerk can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The file or its folder cannot be written.
    ReadOnly,
    /// No space left.
    Full,
    /// Not a database, or a damaged one.
    Corrupt,
    /// Another process held the database past the busy limit.
    Busy,
    /// The file could not be opened (a missing or unwritable folder).
    CantOpen,
    /// A read or write failed (a full disk or a file-size limit shows as this too).
    Io,
    Other,
}

/// The fault behind a SQLite error, from its primary code.
pub fn fault_of(e: &rusqlite::Error) -> Fault {
    use rusqlite::ErrorCode as C;
    match e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            C::ReadOnly => Fault::ReadOnly,
            C::DiskFull => Fault::Full,
            C::DatabaseCorrupt | C::NotADatabase => Fault::Corrupt,
            C::DatabaseBusy | C::DatabaseLocked => Fault::Busy,
            C::CannotOpen => Fault::CantOpen,
            C::SystemIoFailure => Fault::Io,
            _ => Fault::Other,
        },
        _ => Fault::Other,
    }
}

impl DbError {
    pub fn fault(&self) -> Fault {
        match self {
            DbError::Sqlite(e) => fault_of(e),
            // A file beside the database: `db::db_fault` names it and its reason.
            DbError::Io { .. } => Fault::Io,
            _ => Fault::Other,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// The file must exist already.
    Existing,
    /// Create the file (and its folder) when missing.
    Create,
}

/// An open database: the connection, where it lives, and whether this open created it.
pub struct Db {
    pub conn: Connection,
    pub path: PathBuf,
    pub created: bool,
}

/// Opens (or creates) the database, sets and checks the pragmas, and runs migrations.
pub fn open(path: &Path, mode: OpenMode) -> Result<Db> {
    let exists = path.exists();
    if !exists && mode == OpenMode::Existing {
        return Err(DbError::NotFound(path.to_path_buf()));
    }
    if exists && mode == OpenMode::Existing && std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
        return Err(DbError::Empty(path.to_path_buf()));
    }
    if !exists {
        create_file(path)?;
    }
    // Terminals opening one new file together: switching it to WAL and migrating can answer
    // "busy" without consulting the busy handler, so the whole opening is retried.
    let (mut conn, created) = retry_busy(|| {
        if exists && mode == OpenMode::Existing {
            foreign_refused(path)?;
        }
        let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        let created = migrations::run(&conn, path)?;
        Ok((conn, created))
    })?;
    // A key is made for a new database, or one with no letters yet; a missing key beside
    // letters is an error when it is needed (`read_key`), never silently a new key.
    if !key_path(path).exists() && (created || !has_letters(&conn)?) {
        keyfile::create_key(path)?;
        // A database without letters whose key was lost works on with the new one: its check
        // is made anew (the trail signed with the old key stays flagged for `check`).
        if !created {
            write(&mut conn, |tx| settings::delete(tx, audit_seal::KEY_CHECK))?;
        }
    }
    Ok(Db { conn, path: path.to_path_buf(), created })
}

/// Only `init`, `demo` and the kiosk's first run make a database: to every other command an
/// SQLite file without our schema (blank, or someone else's) is refused, read only, so it is
/// left as it was (not even switched to WAL). Creation refuses someone else's tables under the
/// migration's lock (`migrations::apply`).
fn foreign_refused(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == 0 {
        return Err(DbError::NotFrontdesk(path.to_path_buf()));
    }
    Ok(())
}

fn has_letters(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM letters)", [], |r| r.get(0))?)
}

fn is_busy(e: &DbError) -> bool {
    matches!(
        e,
        DbError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
            if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Retries `f` while the database answers busy, for up to about a minute.
fn retry_busy<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    let mut tries = 0;
    loop {
        match f() {
            Err(e) if is_busy(&e) && tries < busy_tries() / 13 => {
                tries += 1;
                std::thread::sleep(Duration::from_micros(2_000 + jitter() % 18_000));
            }
            other => return other,
        }
    }
}

/// A read-only connection (for `quick_check` beside the write connection, and readers).
pub fn open_read_only(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(DbError::NotFound(path.to_path_buf()));
    }
    retry_busy(|| connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY))
}

fn create_file(path: &Path) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let io = |source| DbError::Io { path: path.to_path_buf(), source };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => Ok(()),
        // Another terminal created it a moment ago: open theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(e)),
    }
}

fn connect(path: &Path, access: OpenFlags) -> Result<Connection> {
    let flags = access | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let mut conn = Connection::open_with_flags(path, flags)?;
    // The timeout first, so the pragmas below wait too; then our own jittered handler, which
    // replaces it: SQLite's default back-off sleeps up to 100 ms and wastes throughput.
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.busy_handler(Some(busy_wait))?;
    if access.contains(OpenFlags::SQLITE_OPEN_READ_WRITE) {
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        expect("journal_mode", mode.to_lowercase(), "wal")?;
    }
    // secure_delete: what a purge (or an import's temporary keys, or any delete) frees is
    // overwritten with zeros, so personal data cleared from rows is gone from the file's bytes
    // too (issue #23; its cost is in the closing note: `cargo bench --bench tickets`).
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;")?;
    let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
    expect("synchronous", sync.to_string(), "2")?;
    let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    expect("foreign_keys", fk.to_string(), "1")?;
    Ok(conn)
}

fn expect(name: &'static str, got: String, want: &'static str) -> Result<()> {
    if got == want { Ok(()) } else { Err(DbError::Pragma { name, got, want }) }
}

/// How many short sleeps (2.75 ms on average) a save waits on other terminals before it gives
/// up: about two minutes, or FRONTDESK_BUSY_SECONDS (for a test of a lock held too long).
fn busy_tries() -> i32 {
    static TRIES: std::sync::OnceLock<i32> = std::sync::OnceLock::new();
    *TRIES.get_or_init(|| {
        let seconds = std::env::var("FRONTDESK_BUSY_SECONDS").ok().and_then(|v| v.parse::<u32>().ok());
        seconds.map_or(40_000, |s| (s.min(3_600) as i32 * 1_000 * 4 / 11).max(1))
    })
}

fn busy_wait(tries: i32) -> bool {
    if tries >= busy_tries() {
        return false;
    }
    std::thread::sleep(Duration::from_micros(500 + jitter() % 4_500));
    true
}

thread_local! {
    static RNG: Cell<u64> = Cell::new(seed());
}

fn seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    nanos ^ (u64::from(std::process::id()) << 32) | 1
}

/// xorshift64: enough to keep terminals from retrying in step.
fn jitter() -> u64 {
    RNG.with(|c| {
        let mut x = c.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        c.set(x);
        x
    })
}

/// Runs `f` in one short `BEGIN IMMEDIATE` transaction; commits on `Ok`, rolls back on `Err`.
pub fn write<T, E: From<rusqlite::Error>>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}

/// Copies the journal into the database and empties it (after a purge: the journal still
/// holds the pages as they were). `false` when another terminal's reading kept it from
/// finishing.
pub fn checkpoint_truncate(conn: &Connection) -> Result<bool> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    Ok(busy == 0)
}

/// `write` on a connection borrowed shared (one not held by a transaction already).
pub fn write_shared<T, E: From<rusqlite::Error>>(
    conn: &Connection,
    f: impl FnOnce(&Transaction) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}

/// The schema version on disk, to notice an upgrade made by another terminal.
pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// `PRAGMA quick_check` (fast) or `integrity_check` (thorough): the problems found, if any.
pub fn integrity(conn: &Connection, thorough: bool) -> Result<Vec<String>> {
    let sql = if thorough { "PRAGMA integrity_check" } else { "PRAGMA quick_check" };
    let mut stmt = conn.prepare(sql)?;
    let rows: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}

/// `PRAGMA foreign_key_check`: one line per violation.
pub fn foreign_key_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        Ok(format!(
            "{} row {} -> {}",
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1).unwrap_or(0),
            r.get::<_, String>(2)?
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A consistent copy in one pass (`VACUUM INTO`), never a file copy; the key file goes beside it.
/// A consistent copy into `into` (a new or empty file) by `VACUUM INTO`, and the key file, if
/// there is one, copied to `key_to` (a new file).
pub fn backup(conn: &Connection, db_path: &Path, into: &Path, key_to: &Path) -> Result<()> {
    let into_str = into.to_string_lossy();
    conn.execute("VACUUM INTO ?1", [into_str.as_ref()])?;
    let key = key_path(db_path);
    if key.exists() {
        keyfile::copy_key(&key, key_to)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod claim_tests;
#[cfg(test)]
mod visit_tests;

#[cfg(test)]
mod fund_file_tests;
#[cfg(test)]
mod fund_pay_tests;
#[cfg(test)]
mod fund_tests;
#[cfg(test)]
mod hardship_tests;
#[cfg(test)]
mod station_tests;

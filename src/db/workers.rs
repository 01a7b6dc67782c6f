//! Workers: created or updated by registration, claim intake and imports; every update checks
//! the version it read.

use super::Result;
use crate::domain::IdNumber;
use crate::domain::hardship::Category;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    pub id: i64,
    pub id_number: IdNumber,
    pub name: String,
    pub phone: Option<String>,
    pub work_unit: Option<String>,
    pub email: Option<String>,
    pub mutual_aid_year: Option<i32>,
    /// The worker's filed hardship file (current or lapsed), from `hardship_files`: the one
    /// source of truth (the old `workers.hardship_*` columns are no longer read).
    pub hardship: Option<Filed>,
    pub version: i64,
}

/// A filed hardship file as the worker card shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filed {
    pub category: Category,
    /// None: no end date (a migrated or imported file without one).
    pub valid_until: Option<NaiveDate>,
}

impl Filed {
    /// Current or lapsed on `day`.
    pub fn standing(&self, day: NaiveDate) -> crate::domain::hardship::Standing {
        crate::domain::hardship::standing(crate::domain::hardship::State::Filed, self.valid_until, day)
    }
}

const COLUMNS: &str = "id, id_number, name, phone, work_unit, email, mutual_aid_year, \
    (SELECT h.category || ' ' || coalesce(h.valid_until, '') FROM hardship_files h \
     WHERE h.worker_id = workers.id AND h.state = 'filed'), version";

/// `category valid_until` as the column reads it.
fn filed(s: Option<&str>) -> Option<Filed> {
    let (cat, until) = s?.split_once(' ')?;
    Some(Filed { category: Category::parse(cat)?, valid_until: until.parse().ok() })
}

fn worker_from(r: &Row) -> rusqlite::Result<Worker> {
    let raw: String = r.get(1)?;
    let id_number = IdNumber::from_stored(&raw).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            1,
            rusqlite::types::Type::Text,
            "stored ID number invalid".into(),
        )
    })?;
    Ok(Worker {
        id: r.get(0)?,
        id_number,
        name: r.get(2)?,
        phone: r.get(3)?,
        work_unit: r.get(4)?,
        email: r.get(5)?,
        mutual_aid_year: r.get(6)?,
        hardship: filed(r.get::<_, Option<String>>(7)?.as_deref()),
        version: r.get(8)?,
    })
}

pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn by_id_number(conn: &Connection, id: &IdNumber) -> Result<Option<Worker>> {
    let sql = format!("SELECT {COLUMNS} FROM workers WHERE id_number = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id.as_str()], worker_from).optional()?)
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<Worker>> {
    let sql = format!("SELECT {COLUMNS} FROM workers WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], worker_from).optional()?)
}

/// What registration or an import knows of a worker; empty fields never overwrite.
#[derive(Debug, Clone, Default)]
pub struct Known<'a> {
    pub name: &'a str,
    pub phone: &'a str,
    pub work_unit: &'a str,
    pub email: &'a str,
}

/// Creates the worker or fills in what changed; returns the worker's id.
pub fn upsert(conn: &Connection, id: &IdNumber, k: &Known, now: DateTime<Utc>) -> Result<i64> {
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    match by_id_number(conn, id)? {
        None => {
            conn.prepare_cached(
                "INSERT INTO workers (id_number, name, phone, work_unit, email, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            )?
            .execute(params![
                id.as_str(),
                k.name.trim(),
                opt(k.phone),
                opt(k.work_unit),
                opt(k.email),
                stamp(now)
            ])?;
            Ok(conn.last_insert_rowid())
        }
        Some(w) => {
            let name = opt(k.name).unwrap_or(w.name.clone());
            let phone = opt(k.phone).or(w.phone.clone());
            let unit = opt(k.work_unit).or(w.work_unit.clone());
            let email = opt(k.email).or(w.email.clone());
            if (&name, &phone, &unit, &email) != (&w.name, &w.phone, &w.work_unit, &w.email) {
                conn.prepare_cached(
                    "UPDATE workers SET name = ?2, phone = ?3, work_unit = ?4, email = ?5, updated_at = ?6,
                            version = version + 1
                     WHERE id = ?1 AND version = ?7",
                )?
                .execute(params![w.id, name, phone, unit, email, stamp(now), w.version])?;
            }
            Ok(w.id)
        }
    }
}

/// `upsert` with only a name, as a claims file gives it (`at` the stamp), in as few statements
/// as a file of a million rows wants: the worker is read by ID number (its id and name only),
/// added when missing and renamed only when the file's name differs.
pub fn upsert_name(conn: &Connection, id: &IdNumber, name: &str, at: &str) -> Result<i64> {
    let name = name.trim();
    let found: Option<(i64, String)> = conn
        .prepare_cached("SELECT id, name FROM workers WHERE id_number = ?1")?
        .query_row([id.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((worker, stored)) = found else { return insert_named(conn, id, name, at) };
    if !name.is_empty() && name != stored {
        rename(conn, worker, name, at)?;
    }
    Ok(worker)
}

/// A new name from a file, whatever version the worker is at (a file is the back office's word).
pub fn rename(conn: &Connection, worker: i64, name: &str, at: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE workers SET name = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1",
    )?
    .execute(params![worker, name, at])?;
    Ok(())
}

/// A worker known to be new, with a name only.
pub fn insert_named(conn: &Connection, id: &IdNumber, name: &str, at: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO workers (id_number, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
    )?
    .execute(params![id.as_str(), name.trim(), at])?;
    Ok(conn.last_insert_rowid())
}

/// A card edit: saved only when nobody changed the worker since `version` was read.
/// `Ok(None)` means it was saved; `Ok(Some(w))` hands back the newer record instead.
pub fn edit(
    conn: &Connection,
    id: i64,
    version: i64,
    k: &Known,
    now: DateTime<Utc>,
) -> Result<Option<Worker>> {
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let n = conn.execute(
        "UPDATE workers SET name = ?3, phone = ?4, work_unit = ?5, updated_at = ?6, version = version + 1
         WHERE id = ?1 AND version = ?2",
        params![id, version, k.name.trim(), opt(k.phone), opt(k.work_unit), stamp(now)],
    )?;
    if n == 1 { Ok(None) } else { by_id(conn, id) }
}

/// The enrolment year from an import; `None` leaves the stored value. (The hardship level and
/// valid-until are the worker's file's: `hardship_review::import_level`.)
pub fn set_year(conn: &Connection, id: i64, year: Option<i32>) -> Result<()> {
    conn.execute(
        "UPDATE workers SET mutual_aid_year = coalesce(?2, mutual_aid_year) WHERE id = ?1 AND ?2 IS NOT NULL",
        params![id, year],
    )?;
    Ok(())
}

/// The version the worker's record is at (`None`: no such worker), to see whether it changed
/// since it was read.
pub fn version(conn: &Connection, id: i64) -> Result<Option<i64>> {
    Ok(conn.query_row("SELECT version FROM workers WHERE id = ?1", [id], |r| r.get(0)).optional()?)
}

/// The ids of the first `n` workers (the demo's regulars).
pub fn first_ids(conn: &Connection, n: usize) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT id FROM workers ORDER BY id LIMIT ?1")?;
    Ok(stmt.query_map([n as i64], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

/// The ids of the last `n` workers, newest first (the demo's batch roster).
pub fn last_ids(conn: &Connection, n: usize) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT id FROM workers ORDER BY id DESC LIMIT ?1")?;
    Ok(stmt.query_map([n as i64], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

/// Name, phone and ID number of the first `n` workers with a phone (the demo's borrowers).
pub fn with_phone(conn: &Connection, n: usize) -> Result<Vec<(String, String, String)>> {
    let mut st = conn
        .prepare("SELECT name, phone, id_number FROM workers WHERE phone IS NOT NULL ORDER BY id LIMIT ?1")?;
    Ok(st
        .query_map([n as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

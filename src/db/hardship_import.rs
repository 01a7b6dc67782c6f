//! `import hardship`, written: the back office's files as given, one file at a time — the
//! file's row (made, or updated by its number) with its first member, then its other members.
//! The household replaced is the file's current one (its latest approved review's, or the
//! application's); earlier reviews keep theirs. Every file imported is an `import` event
//! (source `import`) with its audit row. No rule of the counter applies (DESIGN "Files in and
//! out": an import records decisions as given); the command is a supervisor's.

use super::Result;
use super::hardship_ops::{By, NewVerification, insert_verification, record};
use super::workers::stamp;
use crate::domain::hardship::{Category, ExitReason, Member, State};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// A file's own cells, as the import gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub file_no: String,
    pub state: State,
    pub category: Option<Category>,
    /// As stored (`causes_text`).
    pub causes: String,
    pub applied_on: NaiveDate,
    pub filed_on: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub exited_on: Option<NaiveDate>,
    pub exit_reason: Option<ExitReason>,
    pub verification: Option<NewVerification>,
}

/// Where a file's members go: the file, and the review whose household is current (none: the
/// application's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Household {
    pub file_id: i64,
    pub review_id: Option<i64>,
}

/// The worker's ID number a stored file number belongs to, if that file exists.
pub fn owner(conn: &Connection, file_no: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT w.id_number FROM hardship_files f JOIN workers w ON w.id = f.worker_id WHERE f.file_no = ?1",
        )?
        .query_row([file_no], |r| r.get(0))
        .optional()?)
}

/// Another open (applied or filed) file of the worker, by number.
pub fn other_open(conn: &Connection, id_number: &str, file_no: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT f.file_no FROM hardship_files f JOIN workers w ON w.id = f.worker_id
             WHERE w.id_number = ?1 AND f.state IN ('applied', 'filed') AND f.file_no <> ?2",
        )?
        .query_row(params![id_number, file_no], |r| r.get(0))
        .optional()?)
}

/// The file made or updated by its number, its current household emptied, its verification
/// added when it is not already there, and its `import` event written.
pub fn put_file(conn: &Connection, by: &By, worker_id: i64, f: &Imported) -> Result<Household> {
    let found: Option<(i64, Option<i64>, String)> = conn
        .query_row(
            "SELECT id, current_review, state FROM hardship_files WHERE file_no = ?1",
            [&f.file_no],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    let (file_id, review_id, detail) = match found {
        Some((id, review, was)) => {
            conn.execute(
                "UPDATE hardship_files SET state = ?2, category = ?3, causes = ?4, applied_on = ?5, filed_on = ?6,
                        valid_until = ?7, exited_on = ?8, exit_reason = ?9, members = 0, income_fen = 0,
                        per_head_fen = 0
                 WHERE id = ?1",
                params![
                    id,
                    f.state.code(),
                    f.category.map(Category::code),
                    f.causes,
                    f.applied_on.to_string(),
                    day(f.filed_on),
                    day(f.valid_until),
                    day(f.exited_on),
                    f.exit_reason.map(ExitReason::code)
                ],
            )?;
            conn.execute(
                "DELETE FROM hardship_members WHERE file_id = ?1 AND review_id IS ?2",
                params![id, review],
            )?;
            (id, review, format!("was={was}"))
        }
        None => {
            conn.execute(
                "INSERT INTO hardship_files (file_no, worker_id, state, category, causes, applied_on, filed_on,
                                             valid_until, exited_on, exit_reason, source, created_at, updated_at,
                                             version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'import', ?11, ?11, 0)",
                params![
                    f.file_no,
                    worker_id,
                    f.state.code(),
                    f.category.map(Category::code),
                    f.causes,
                    f.applied_on.to_string(),
                    day(f.filed_on),
                    day(f.valid_until),
                    day(f.exited_on),
                    f.exit_reason.map(ExitReason::code),
                    stamp(by.at)
                ],
            )?;
            (conn.last_insert_rowid(), None, "new".to_string())
        }
    };
    if let Some(v) = &f.verification {
        let known: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM hardship_verifications WHERE file_id = ?1 AND dated_on = ?2
                            AND reference = ?3 AND result = ?4 AND per_head_fen IS ?5)",
            params![file_id, v.dated_on.to_string(), v.reference, v.result.code(), v.per_head_fen],
            |r| r.get(0),
        )?;
        if !known {
            insert_verification(conn, file_id, review_id, v, by)?;
        }
    }
    record(conn, file_id, "import", "import", &detail, by)?;
    Ok(Household { file_id, review_id })
}

/// One member of the household, with the file's figures brought up to date (income per head
/// in whole fen, rounded down).
pub fn put_member(conn: &Connection, h: Household, seq: u32, m: &Member) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO hardship_members (file_id, review_id, seq, name, relation, id_number, health, disability_grade,
                                       work, income_fen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        h.file_id,
        h.review_id,
        seq,
        m.name.trim(),
        m.relation.code(),
        m.id_number.as_deref().map(str::trim).filter(|s| !s.is_empty()),
        m.health.code(),
        m.disability_grade,
        m.work.code(),
        m.income_fen
    ])?;
    conn.prepare_cached(
        "UPDATE hardship_files SET members = members + 1, income_fen = income_fen + ?2,
                per_head_fen = (income_fen + ?2) / (members + 1)
         WHERE id = ?1",
    )?
    .execute(params![h.file_id, m.income_fen])?;
    Ok(())
}

//! `import hardship`, written: the back office's files as given, one file at a time — the
//! file's row (made, or updated by its number) with its first member, then its other members.
//! The household replaced is the file's current one (its latest approved review's, or the
//! application's); earlier reviews keep theirs. Every file imported is an `import` event
//! (source `import`, dated today) with its audit row; a new file, or one whose state the
//! import changes, also gets the steps that state implies as events on their own days (source
//! `import`: `apply` on applied_on, `approve` on filed_on, `exit` on exited_on, `reject`), so
//! the summary counts it in the periods it was filed, exited or lapsed in. No rule of the
//! counter applies (DESIGN "Files in and out": an import records decisions as given), except
//! that an application waiting for a supervisor at the counter is not the import's to touch
//! (`waiting_at_counter`, refused by the command before any row is written); the command is a
//! supervisor's.

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
    /// Free text; `None` keeps what is stored.
    pub exit_note: Option<String>,
    pub reject_reason: Option<String>,
    pub category_reason: Option<String>,
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

/// Whether a stored file is an application entered at the counter still waiting for a
/// supervisor there (`applied`, source `counter`): an import may not touch it at all — not
/// decide it, and not rewrite what the supervisor is about to decide on.
pub fn waiting_at_counter(conn: &Connection, file_no: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM hardship_files WHERE file_no = ?1 AND state = 'applied' AND source = 'counter')",
        )?
        .query_row([file_no], |r| r.get(0))?)
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
    let day = day_of;
    let (file_id, review_id, was) = match found {
        Some((id, review, was)) => {
            conn.execute(
                "UPDATE hardship_files SET state = ?2, category = ?3, causes = ?4, applied_on = ?5, filed_on = ?6,
                        valid_until = ?7, exited_on = ?8, exit_reason = ?9, members = 0, income_fen = 0,
                        per_head_fen = 0, exit_note = coalesce(?10, exit_note),
                        reject_reason = coalesce(?11, reject_reason), category_reason = coalesce(?12, category_reason)
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
                    f.exit_reason.map(ExitReason::code),
                    f.exit_note,
                    f.reject_reason,
                    f.category_reason
                ],
            )?;
            conn.execute(
                "DELETE FROM hardship_members WHERE file_id = ?1 AND review_id IS ?2",
                params![id, review],
            )?;
            (id, review, Some(was))
        }
        None => {
            conn.execute(
                "INSERT INTO hardship_files (file_no, worker_id, state, category, causes, applied_on, filed_on,
                                             valid_until, exited_on, exit_reason, exit_note, reject_reason,
                                             category_reason, source, created_at, updated_at, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'import', ?14, ?14, 0)",
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
                    f.exit_note,
                    f.reject_reason,
                    f.category_reason,
                    stamp(by.at)
                ],
            )?;
            (conn.last_insert_rowid(), None, None)
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
    for (day, action, state, valid_until, detail) in history(f, was.as_deref().and_then(State::parse)) {
        conn.prepare_cached(
            "INSERT INTO hardship_events (file_id, at, day, clerk_id, action, state, valid_until, detail, source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'import')",
        )?
        .execute(params![
            file_id,
            stamp(by.at),
            day.to_string(),
            by.clerk_id,
            action,
            state.code(),
            day_of(valid_until),
            detail
        ])?;
    }
    let detail = match was {
        Some(was) => format!("was={was}"),
        None => "new".to_string(),
    };
    record(conn, file_id, "import", "import", &detail, by)?;
    Ok(Household { file_id, review_id })
}

fn day_of(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// A step of a file's past as an event: its day, action, state and valid-until after, detail.
type Past = (NaiveDate, &'static str, State, Option<NaiveDate>, Option<String>);

/// The steps the imported state implies that the state stored before (`was`; none for a new
/// file) had not taken: applied on applied_on; filed on filed_on (with the valid-until given);
/// exited on exited_on (with the reason and note); rejected on the last day known of the
/// application (applied_on, or the verification's day when later).
fn history(f: &Imported, was: Option<State>) -> Vec<Past> {
    let mut steps: Vec<Past> = vec![];
    if was.is_none() {
        steps.push((f.applied_on, "apply", State::Applied, None, None));
    }
    let filed_before = matches!(was, Some(State::Filed | State::Exited));
    if let (Some(filed_on), State::Filed | State::Exited, false) = (f.filed_on, f.state, filed_before) {
        steps.push((filed_on, "approve", State::Filed, f.valid_until, None));
    }
    if f.state == State::Exited
        && was != Some(State::Exited)
        && let Some(exited_on) = f.exited_on
    {
        let detail =
            [f.exit_reason.map(ExitReason::code).unwrap_or(""), f.exit_note.as_deref().unwrap_or("")]
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
        steps.push((exited_on, "exit", State::Exited, f.valid_until, Some(detail).filter(|d| !d.is_empty())));
    }
    if f.state == State::Rejected && was != Some(State::Rejected) {
        let day =
            f.verification.as_ref().map(|v| v.dated_on).filter(|d| *d > f.applied_on).unwrap_or(f.applied_on);
        steps.push((day, "reject", State::Rejected, None, f.reject_reason.clone()));
    }
    steps
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

//! Claims: stored as the counter or the back office's import left them, each state change an
//! event row with its source.

use super::Result;
use crate::domain::claim::ClaimState;
use rusqlite::{Connection, OptionalExtension, params};

/// A claim as an import row gives it; `None` fields leave stored values alone.
#[derive(Debug, Clone, Default)]
pub struct ClaimData {
    pub claim_no: String,
    pub kind: String,
    pub filed_on: String,
    pub amount_claimed_fen: i64,
    pub amount_approved_fen: Option<i64>,
    pub status: Option<ClaimState>,
    pub note: Option<String>,
    pub amount_paid_fen: Option<i64>,
    pub paid_on: Option<String>,
    pub papers_complete_on: Option<String>,
    pub missing_papers: Option<String>,
    pub reason: Option<String>,
    /// The aid programme as the back office gives it, with its year (the filing's); stored as
    /// given, no fund checks (`report fund` lists what breaks the rules).
    pub programme: Option<(String, i32)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRow {
    pub id: i64,
    pub claim_no: String,
    pub worker_id: i64,
    pub kind: String,
    pub filed_on: String,
    pub amount_claimed_fen: i64,
    pub amount_approved_fen: Option<i64>,
    pub amount_paid_fen: Option<i64>,
    pub paid_on: Option<String>,
    pub status: ClaimState,
    pub papers_complete_on: Option<String>,
    pub missing_papers: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub version: i64,
    pub registered_by: Option<i64>,
    pub first_approver: Option<i64>,
    pub consent_version: Option<String>,
    /// The aid programme it pays (issue #26) and its programme-year; none outside the fund.
    pub programme: Option<String>,
    pub programme_year: Option<i32>,
}

pub(super) const COLUMNS: &str = "id, claim_no, worker_id, kind, filed_on, amount_claimed_fen, amount_approved_fen, \
     amount_paid_fen, paid_on, status, papers_complete_on, missing_papers, reason, note, version, registered_by, first_approver, consent_version, programme, programme_year";

pub(super) fn row(r: &rusqlite::Row) -> rusqlite::Result<ClaimRow> {
    let status: String = r.get(9)?;
    Ok(ClaimRow {
        id: r.get(0)?,
        claim_no: r.get(1)?,
        worker_id: r.get(2)?,
        kind: r.get(3)?,
        filed_on: r.get(4)?,
        amount_claimed_fen: r.get(5)?,
        amount_approved_fen: r.get(6)?,
        amount_paid_fen: r.get(7)?,
        paid_on: r.get(8)?,
        status: ClaimState::parse(&status).unwrap_or(ClaimState::Submitted),
        papers_complete_on: r.get(10)?,
        missing_papers: r.get(11)?,
        reason: r.get(12)?,
        note: r.get(13)?,
        version: r.get(14)?,
        registered_by: r.get(15)?,
        first_approver: r.get(16)?,
        consent_version: r.get(17)?,
        programme: r.get(18)?,
        programme_year: r.get(19)?,
    })
}

pub fn by_no(conn: &Connection, claim_no: &str) -> Result<Option<ClaimRow>> {
    let sql = format!("SELECT {COLUMNS} FROM claims WHERE claim_no = ?1");
    Ok(conn.query_row(&sql, [claim_no], row).optional()?)
}

/// A worker's claims, newest filed first.
pub fn of_worker(conn: &Connection, worker_id: i64) -> Result<Vec<ClaimRow>> {
    let sql = format!("SELECT {COLUMNS} FROM claims WHERE worker_id = ?1 ORDER BY filed_on DESC, id DESC");
    let mut stmt = conn.prepare_cached(&sql)?;
    let out = stmt.query_map([worker_id], row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(out)
}

/// Creates or updates a claim from the back office's file; records an `import` event only
/// when the state is new or changed (`at` the import's stamp, `workers::stamp`). Returns whether
/// an event was written.
/// The ID number of the worker a claim number belongs to, if the claim is held.
pub fn owner_id_number(conn: &Connection, claim_no: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT w.id_number FROM claims c JOIN workers w ON w.id = c.worker_id WHERE c.claim_no = ?1",
        )?
        .query_row([claim_no], |r| r.get(0))
        .optional()?)
}

pub fn upsert_imported(
    conn: &Connection,
    c: &ClaimData,
    worker_id: i64,
    clerk_id: Option<i64>,
    at: &str,
) -> Result<bool> {
    // A new claim is one insert; only a claim already held is read and updated.
    let status = c.status.unwrap_or(ClaimState::Submitted);
    let (programme, programme_year) = c.programme.clone().unzip();
    let added = conn
        .prepare_cached(
            "INSERT INTO claims (claim_no, worker_id, kind, filed_on, amount_claimed_fen, amount_approved_fen,
                                 amount_paid_fen, paid_on, status, papers_complete_on, missing_papers, reason,
                                 note, created_at, programme, programme_year)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
             ON CONFLICT (claim_no) DO NOTHING",
        )?
        .execute(params![
            c.claim_no, worker_id, c.kind, c.filed_on, c.amount_claimed_fen, c.amount_approved_fen,
            c.amount_paid_fen, c.paid_on, status.code(), c.papers_complete_on, c.missing_papers, c.reason,
            c.note, at, programme, programme_year
        ])?;
    let existing: Option<(i64, String)> = if added == 1 {
        None
    } else {
        conn.prepare_cached("SELECT id, status FROM claims WHERE claim_no = ?1")?
            .query_row([&c.claim_no], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
    };
    let (id, from) = match existing {
        None => (conn.last_insert_rowid(), None),
        Some((id, status)) => {
            conn.prepare_cached(
                "UPDATE claims SET worker_id = ?2, kind = ?3, filed_on = ?4, amount_claimed_fen = ?5,
                        amount_approved_fen = coalesce(?6, amount_approved_fen),
                        amount_paid_fen = coalesce(?7, amount_paid_fen), paid_on = coalesce(?8, paid_on),
                        status = coalesce(?9, status), papers_complete_on = coalesce(?10, papers_complete_on),
                        missing_papers = coalesce(?11, missing_papers), reason = coalesce(?12, reason),
                        note = coalesce(?13, note), programme = coalesce(?14, programme),
                        programme_year = coalesce(?15, programme_year), version = version + 1
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                worker_id,
                c.kind,
                c.filed_on,
                c.amount_claimed_fen,
                c.amount_approved_fen,
                c.amount_paid_fen,
                c.paid_on,
                c.status.map(ClaimState::code),
                c.papers_complete_on,
                c.missing_papers,
                c.reason,
                c.note,
                programme,
                programme_year
            ])?;
            (id, ClaimState::parse(&status))
        }
    };
    let to = c.status.or(from).unwrap_or(ClaimState::Submitted);
    if from == Some(to) {
        return Ok(false);
    }
    conn.prepare_cached(
        "INSERT INTO claim_events (claim_id, at, clerk_id, from_state, to_state, note, source)
         VALUES (?1, ?2, ?3, ?4, ?5, NULL, 'import')",
    )?
    .execute(params![id, at, clerk_id, from.map(ClaimState::code), to.code()])?;
    Ok(true)
}

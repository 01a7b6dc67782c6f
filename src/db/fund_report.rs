//! What `report fund` and `check` read of the aid fund (issue #26): every payment with the
//! people behind it, the household's file as it stood on the approval day, and the ledger
//! recomputed from the claims' events.

use super::{Result, hardship};
use crate::domain::fund::FileOnDay;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

/// One payment (an approved or paid claim of a programme) as the auditor's report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRow {
    pub claim_id: i64,
    pub claim_no: String,
    pub worker_id: i64,
    pub name: String,
    pub id_number: String,
    pub work_unit: String,
    pub kind: String,
    pub programme: String,
    pub year: i32,
    pub status: String,
    pub filed_on: String,
    pub amount_approved_fen: Option<i64>,
    pub amount_paid_fen: Option<i64>,
    pub paid_on: Option<String>,
    /// Who registered it (for an import, the clerk who imported it).
    pub entered_by: Option<String>,
    /// `claims.first_approver` when the claim needed two; else the one who approved it.
    pub first_approver: Option<String>,
    /// The clerk of the event to `approved` when there was a first approver.
    pub second_approver: Option<String>,
    /// When it became approved (the latest event to `approved`; an import straight to `paid`:
    /// that event).
    pub approved_at: Option<String>,
    /// The clerks behind `entered_by` and `first_approver` (names may repeat; people do not):
    /// one person who entered it and alone approved it is a `one_person` exception.
    pub entered_by_id: Option<i64>,
    pub first_approver_id: Option<i64>,
}

/// Every payment of `year` (every year when `None`), by year, programme and claim number.
pub fn payment_rows(conn: &Connection, year: Option<i32>) -> Result<Vec<PaymentRow>> {
    let mut st = conn.prepare(
        "WITH ap AS (
             SELECT e.claim_id, e.clerk_id, e.at, row_number() OVER (PARTITION BY e.claim_id ORDER BY e.id DESC) AS n
             FROM claims c CROSS JOIN claim_events e ON e.claim_id = c.id
             WHERE c.programme_year > 0 AND c.programme IS NOT NULL AND e.to_state = 'approved'),
         pd AS (
             SELECT e.claim_id, e.clerk_id, e.at, row_number() OVER (PARTITION BY e.claim_id ORDER BY e.id) AS n
             FROM claims c CROSS JOIN claim_events e ON e.claim_id = c.id
             WHERE c.programme_year > 0 AND c.programme IS NOT NULL AND e.to_state = 'paid'),
         first AS (
             SELECT e.claim_id, e.clerk_id, row_number() OVER (PARTITION BY e.claim_id ORDER BY e.id) AS n
             FROM claims c CROSS JOIN claim_events e ON e.claim_id = c.id
             WHERE c.programme_year > 0 AND c.programme IS NOT NULL)
         SELECT c.id, c.claim_no, c.worker_id, w.name, w.id_number, c.kind, c.programme, c.programme_year,
                c.status, c.filed_on, c.amount_approved_fen, c.amount_paid_fen, c.paid_on,
                coalesce(reg.name, fk.name), fa.name, ak.name, coalesce(ap.at, pd.at), coalesce(w.work_unit, ''),
                coalesce(reg.id, fk.id), fa.id, ak.id
         FROM claims c JOIN workers w ON w.id = c.worker_id
         LEFT JOIN ap ON ap.claim_id = c.id AND ap.n = 1
         LEFT JOIN pd ON pd.claim_id = c.id AND pd.n = 1
         LEFT JOIN first ON first.claim_id = c.id AND first.n = 1
         LEFT JOIN clerks reg ON reg.id = c.registered_by
         LEFT JOIN clerks fk ON fk.id = first.clerk_id
         LEFT JOIN clerks fa ON fa.id = c.first_approver
         LEFT JOIN clerks ak ON ak.id = coalesce(ap.clerk_id, pd.clerk_id)
         WHERE c.programme_year > 0 AND c.programme IS NOT NULL AND c.status IN ('approved', 'paid')
           AND (?1 IS NULL OR c.programme_year = ?1)
         ORDER BY c.programme_year, c.programme, c.claim_no",
    )?;
    let rows = st.query_map(params![year], |r| {
        let first: Option<String> = r.get(14)?;
        let approver: Option<String> = r.get(15)?;
        let (first_approver, second_approver) = match first {
            Some(f) => (Some(f), approver),
            None => (approver, None),
        };
        let first_id: Option<i64> = r.get(19)?;
        let first_approver_id = if first_id.is_some() { first_id } else { r.get(20)? };
        Ok(PaymentRow {
            claim_id: r.get(0)?,
            claim_no: r.get(1)?,
            worker_id: r.get(2)?,
            name: r.get(3)?,
            id_number: r.get(4)?,
            kind: r.get(5)?,
            programme: r.get(6)?,
            year: r.get(7)?,
            status: r.get(8)?,
            filed_on: r.get(9)?,
            amount_approved_fen: r.get(10)?,
            amount_paid_fen: r.get(11)?,
            paid_on: r.get(12)?,
            entered_by: r.get(13)?,
            first_approver,
            second_approver,
            approved_at: r.get(16)?,
            work_unit: r.get(17)?,
            entered_by_id: r.get(18)?,
            first_approver_id,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The household's file as it stood on `day`: its number (the one current then, else the
/// latest one), and whether it was current — filed by then, not exited, its valid-until then
/// (the history's, `hardship::valid_until_on`) not passed.
pub fn file_as_of(conn: &Connection, worker_id: i64, day: NaiveDate) -> Result<(Option<String>, FileOnDay)> {
    let files = hardship::of_worker(conn, worker_id)?;
    let mut lapsed = None;
    for f in &files {
        let filed = f.filed_on.is_some_and(|d| d <= day) && f.exited_on.is_none_or(|d| d > day);
        if !filed {
            continue;
        }
        let until = hardship::valid_until_on(conn, f.id, day)?.or(f.valid_until);
        match (until, f.category) {
            (Some(u), Some(c)) if u >= day => return Ok((Some(f.file_no.clone()), FileOnDay::Current(c))),
            (Some(u), _) => lapsed = lapsed.or(Some((f.file_no.clone(), u))),
            _ => {}
        }
    }
    Ok(match lapsed {
        Some((no, u)) => (Some(no), FileOnDay::Lapsed(u)),
        None => (files.first().map(|f| f.file_no.clone()), FileOnDay::None),
    })
}

/// A programme-year's committed and paid as the claims' events tell them: each claim's state
/// is its last event's `to_state` (events in id order), and its amounts count as the ledger
/// counts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromEvents {
    pub year: i32,
    pub programme: String,
    pub committed: i64,
    pub paid: i64,
}

pub fn ledger_from_events(conn: &Connection) -> Result<Vec<FromEvents>> {
    let mut st = conn.prepare(
        "WITH last AS (
             SELECT e.claim_id, e.to_state, row_number() OVER (PARTITION BY e.claim_id ORDER BY e.id DESC) AS n
             FROM claims c CROSS JOIN claim_events e ON e.claim_id = c.id
             WHERE c.programme_year > 0 AND c.programme IS NOT NULL)
         SELECT c.programme_year, c.programme,
                coalesce(sum(CASE WHEN last.to_state = 'approved' THEN c.amount_approved_fen END), 0),
                coalesce(sum(CASE WHEN last.to_state = 'paid' THEN c.amount_paid_fen END), 0)
         FROM claims c LEFT JOIN last ON last.claim_id = c.id AND last.n = 1
         WHERE c.programme_year > 0 AND c.programme IS NOT NULL
         GROUP BY c.programme_year, c.programme ORDER BY 1, 2",
    )?;
    let rows = st.query_map([], |r| {
        Ok(FromEvents { year: r.get(0)?, programme: r.get(1)?, committed: r.get(2)?, paid: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every (year, programme) a claim or a budget row names, for `check` to go through those the
/// config has lost too.
pub fn programme_years(conn: &Connection) -> Result<Vec<(i32, String)>> {
    let mut st = conn.prepare(
        "SELECT programme_year, programme FROM claims WHERE programme_year > 0 AND programme IS NOT NULL
         UNION SELECT year, programme FROM fund_budgets ORDER BY 1, 2",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The budget rows of a programme-year, oldest first, as (budget, source).
pub fn budget_rows(conn: &Connection, year: i32, programme: &str) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT budget_fen FROM fund_budgets WHERE year = ?1 AND programme = ?2 ORDER BY id",
    )?;
    let rows = st.query_map(params![year, programme], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// One claim of a programme-year as `check` holds it: state and amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub claim_no: String,
    pub status: String,
    pub approved: Option<i64>,
    pub paid: Option<i64>,
}

/// The approved and paid claims of a programme-year.
pub fn held(conn: &Connection, year: i32, programme: &str) -> Result<Vec<Held>> {
    let mut st = conn.prepare_cached(
        "SELECT claim_no, status, amount_approved_fen, amount_paid_fen FROM claims
         WHERE programme_year = ?1 AND programme = ?2 AND status IN ('approved', 'paid') ORDER BY claim_no",
    )?;
    let rows = st.query_map(params![year, programme], |r| {
        Ok(Held { claim_no: r.get(0)?, status: r.get(1)?, approved: r.get(2)?, paid: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Whether any claim of the programme-year came in (or moved) by import: the back office's
/// record, taken as given, may be over the budget.
pub fn imported_any(conn: &Connection, year: i32, programme: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM claims c JOIN claim_events e ON e.claim_id = c.id
                        WHERE c.programme_year = ?1 AND c.programme = ?2 AND e.source = 'import')",
        params![year, programme],
        |r| r.get(0),
    )?)
}

#[cfg(test)]
#[path = "fund_report_tests.rs"]
mod tests;

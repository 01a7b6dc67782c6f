//! The aid fund in the summary (issue #26): each programme claim's first approval and first
//! payment inside a span of instants, read from `claim_events` as the summary's other claim
//! amounts are (an imported claim counts on the day its events were recorded).

use super::Result;
use rusqlite::{Connection, OptionalExtension, params};

/// A programme claim's first event to `approved` or to `paid` in the span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The event's instant as stored (RFC 3339, UTC).
    pub at: String,
    pub year: i32,
    pub programme: String,
    /// `approved` or `paid`.
    pub to_state: String,
    pub worker_id: i64,
    /// The approved amount for an approval, the paid amount for a payment (fen).
    pub amount_fen: i64,
}

/// The steps of programme claims with `from <= at < to`, by instant.
pub fn steps(conn: &Connection, from: &str, to: &str) -> Result<Vec<Step>> {
    // The programme claims first (few, by their partial index; `programme_year > 0` lets the
    // index be searched), then each one's events: never the period's every claim event.
    let mut st = conn.prepare_cached(
        "SELECT min(e.at), c.programme_year, c.programme, e.to_state, c.worker_id,
                CASE e.to_state WHEN 'paid' THEN coalesce(c.amount_paid_fen, 0)
                                ELSE coalesce(c.amount_approved_fen, 0) END
         FROM claims c CROSS JOIN claim_events e ON e.claim_id = c.id
         WHERE c.programme IS NOT NULL AND c.programme_year > 0
           AND e.to_state IN ('approved', 'paid') AND e.at >= ?1 AND e.at < ?2
         GROUP BY c.id, e.to_state
         ORDER BY 1, c.id",
    )?;
    let rows = st.query_map(params![from, to], |r| {
        Ok(Step {
            at: r.get(0)?,
            year: r.get(1)?,
            programme: r.get(2)?,
            to_state: r.get(3)?,
            worker_id: r.get(4)?,
            amount_fen: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A programme-year as it stood just before the instant `end`: the latest budget change
/// recorded before it (`None`: the config's), and committed and paid by each claim's state then
/// (its last event before `end`) with the claim's amounts.
pub fn standing_at(conn: &Connection, year: i32, code: &str, end: &str) -> Result<(Option<i64>, i64, i64)> {
    let budget = conn
        .prepare_cached(
            "SELECT budget_fen FROM fund_budgets
             WHERE year = ?1 AND programme = ?2 AND at < ?3 ORDER BY id DESC LIMIT 1",
        )?
        .query_row(params![year, code, end], |r| r.get(0))
        .optional()?;
    let (committed, paid) = conn
        .prepare_cached(
            "SELECT coalesce(sum(CASE WHEN st = 'approved' THEN coalesce(approved, 0) END), 0),
                    coalesce(sum(CASE WHEN st = 'paid' THEN coalesce(paid, 0) END), 0)
             FROM (SELECT c.amount_approved_fen AS approved, c.amount_paid_fen AS paid,
                          (SELECT e.to_state FROM claim_events e WHERE e.claim_id = c.id AND e.at < ?3
                           ORDER BY e.id DESC LIMIT 1) AS st
                   FROM claims c WHERE c.programme_year = ?1 AND c.programme = ?2)",
        )?
        .query_row(params![year, code, end], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((budget, committed, paid))
}

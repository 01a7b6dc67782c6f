//! The aid fund in the summary (issue #26): each programme claim's first approval and first
//! payment inside a span of instants, read from `claim_events` as the summary's other claim
//! amounts are (an imported claim counts on the day its events were recorded).

use super::Result;
use rusqlite::{Connection, params};

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

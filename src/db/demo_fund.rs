//! The demo's aid-fund claims (`cli::demo_fund`): which households hold a filed hardship file,
//! to pick recipients among. Nothing here is used by the counter itself.

use super::Result;
use rusqlite::Connection;

/// Workers whose hardship file is filed (current or lapsed; the caller asks each one's standing
/// on its day), oldest file first, at most `limit`.
pub fn filed_workers(conn: &Connection, limit: usize) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT worker_id FROM hardship_files WHERE state = 'filed' GROUP BY worker_id ORDER BY min(id) LIMIT ?1",
    )?;
    let rows = st.query_map([limit as i64], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

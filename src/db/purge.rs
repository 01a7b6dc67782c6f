//! Retention: personal fields older than their class's period are cleared, keeping what the
//! summaries count (days, matters, states, windows, outcomes, amounts, units). Nothing is
//! cleared for a worker while one of their claims is open.

use super::Result;
use rusqlite::{Connection, params};

/// How far back each class is cleared: rows before these days (local `YYYY-MM-DD`) and, for
/// stamped rows, before these UTC stamps.
#[derive(Debug, Clone)]
pub struct Cutoffs {
    pub walkins_day: String,
    pub letters_day: String,
    pub loans_stamp: String,
    pub claims_stamp: String,
    /// Hardship files exited before this day (`hardship.exited_years`).
    pub hardship_day: String,
}

/// What a purge cleared (or, in a dry run, would clear).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub visits: i64,
    pub loans: i64,
    pub claims: i64,
    pub letters: i64,
    pub hardship: i64,
}

/// The letters a purge cleared, by `type-year-seq` (their outbox files go after the commit).
pub fn purged_letters(conn: &Connection, c: &Cutoffs) -> Result<Vec<String>> {
    let mut st = conn.prepare(&format!("SELECT type, year, seq FROM letters WHERE {LETTERS}"))?;
    let rows = st.query_map([&c.letters_day], |r| {
        Ok(format!("{}-{}-{:04}", r.get::<_, String>(0)?, r.get::<_, i32>(1)?, r.get::<_, u32>(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The ids of the letters a purge would clear.
pub fn letters_to_clear(conn: &Connection, c: &Cutoffs) -> Result<Vec<i64>> {
    let mut st = conn.prepare(&format!("SELECT id FROM letters WHERE {LETTERS}"))?;
    let rows = st.query_map([&c.letters_day], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A worker with an open claim keeps everything.
const HELD: &str = "worker_id IN (SELECT worker_id FROM claims WHERE status NOT IN ('paid', 'rejected'))";

/// Letters past retention not yet cleared (their texts name the worker).
const LETTERS: &str = "issued_on < ?1 AND files <> 'purged'
    AND worker_id NOT IN (SELECT worker_id FROM claims WHERE status NOT IN ('paid', 'rejected'))";

/// Hardship files exited before the day and not yet cleared.
const HARDSHIP: &str = "state = 'exited' AND exited_on < ?1 AND purged_at IS NULL
    AND worker_id NOT IN (SELECT worker_id FROM claims WHERE status NOT IN ('paid', 'rejected'))";

/// A long-exited hardship file keeps what the summary counts — state, category, causes, its
/// dates, how many members, its events' actions, states and valid-until, its visits' days and
/// who went — and loses the household (member rows), incomes, the verifications' references,
/// what visits found, reasons and notes. It is marked `purged_at`.
fn hardship(conn: &Connection, day: &str) -> Result<()> {
    let files = format!("SELECT id FROM hardship_files WHERE {HARDSHIP}");
    for sql in [
        "DELETE FROM hardship_members WHERE file_id IN ({files})",
        "UPDATE hardship_verifications SET reference = '', per_head_fen = NULL WHERE file_id IN ({files})",
        "UPDATE hardship_reviews SET income_fen = 0, per_head_fen = 0, note = NULL WHERE file_id IN ({files})",
        "UPDATE hardship_visits SET place = '', found = '已清除', needs = NULL, given = NULL, next_step = NULL
         WHERE file_id IN ({files})",
        "UPDATE hardship_events SET detail = NULL WHERE file_id IN ({files})",
    ] {
        conn.execute(&sql.replace("{files}", &files), [day])?;
    }
    conn.execute(
        &format!(
            "UPDATE hardship_files SET income_fen = 0, per_head_fen = 0, category_reason = NULL, exit_note = NULL,
                    reject_reason = NULL, purged_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                    version = version + 1
             WHERE {HARDSHIP}"
        ),
        [day],
    )?;
    Ok(())
}

/// Clears the personal fields past retention (inside the caller's transaction); with `dry`
/// only counts them.
pub fn run(conn: &Connection, c: &Cutoffs, dry: bool) -> Result<Purged> {
    let visits_where = format!(
        "day < ?1 AND (name IS NOT NULL OR phone IS NOT NULL OR work_unit IS NOT NULL OR note IS NOT NULL
                       OR worker_id IS NOT NULL OR ref_contact IS NOT NULL OR ref_note IS NOT NULL)
         AND NOT (worker_id IS NOT NULL AND {HELD})"
    );
    let loans_where = format!(
        "closed_at IS NOT NULL AND closed_at < ?1 AND (name <> '' OR phone <> '' OR id_number IS NOT NULL
                                                      OR worker_id IS NOT NULL OR note IS NOT NULL)
         AND NOT (worker_id IS NOT NULL AND {HELD})"
    );
    let closed = "status IN ('paid', 'rejected')
         AND (SELECT max(at) FROM claim_events e WHERE e.claim_id = claims.id) < ?1";
    let claims_where =
        format!("{closed} AND (note IS NOT NULL OR reason IS NOT NULL OR missing_papers IS NOT NULL)");
    let count = |table: &str, w: &str, cutoff: &str| -> Result<i64> {
        Ok(conn.query_row(&format!("SELECT count(*) FROM {table} WHERE {w}"), [cutoff], |r| r.get(0))?)
    };
    let out = Purged {
        visits: count("visits", &visits_where, &c.walkins_day)?,
        loans: count("station_loans", &loans_where, &c.loans_stamp)?,
        claims: count("claims", &claims_where, &c.claims_stamp)?,
        letters: count("letters", LETTERS, &c.letters_day)?,
        hardship: count("hardship_files", HARDSHIP, &c.hardship_day)?,
    };
    if dry {
        return Ok(out);
    }
    hardship(conn, &c.hardship_day)?;
    // A follow-up's result is cleared to a mark, not to nothing: an empty one means "still open".
    conn.execute(
        &format!(
            "UPDATE visits SET name = NULL, phone = NULL, work_unit = NULL, note = NULL, worker_id = NULL,
                    ref_contact = NULL, ref_note = NULL,
                    followup_result = CASE WHEN followup_result IS NULL THEN NULL ELSE '已清除' END,
                    version = version + 1
             WHERE {visits_where}"
        ),
        params![c.walkins_day],
    )?;
    // A lost close's reason goes with its loan's note (it is the same text, per close).
    conn.execute(
        &format!(
            "UPDATE station_lost SET reason = NULL
             WHERE reason IS NOT NULL AND loan_id IN (SELECT id FROM station_loans WHERE {loans_where})"
        ),
        params![c.loans_stamp],
    )?;
    conn.execute(
        &format!(
            "UPDATE station_loans SET name = '', phone = '', id_number = NULL, worker_id = NULL, note = NULL
             WHERE {loans_where}"
        ),
        params![c.loans_stamp],
    )?;
    conn.execute(
        &format!("UPDATE claim_events SET note = NULL WHERE note IS NOT NULL AND claim_id IN (SELECT id FROM claims WHERE {closed})"),
        params![c.claims_stamp],
    )?;
    conn.execute(
        &format!(
            "UPDATE claims SET note = NULL, reason = NULL, missing_papers = NULL, version = version + 1
             WHERE {claims_where}"
        ),
        params![c.claims_stamp],
    )?;
    // A letter keeps its number, code, dates, unit and standing (so a number and code can still
    // be checked); the name is masked, the texts, notices and the worker's delivery address go, and it is marked
    // purged.
    let names: Vec<(i64, String)> = {
        let mut st = conn.prepare(&format!("SELECT id, name FROM letters WHERE {LETTERS}"))?;
        st.query_map([&c.letters_day], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?
    };
    for (id, name) in names {
        conn.execute(
            "UPDATE letters SET name = ?2, unit_text = '', worker_text = '', notice = NULL, files = 'purged'
             WHERE id = ?1",
            params![id, crate::domain::text::mask_name(&name)],
        )?;
        // The worker's address its copy went to, and what a server said of it.
        conn.execute(
            "UPDATE letter_deliveries SET address = '', error = NULL WHERE letter_id = ?1 AND recipient = 'worker'",
            [id],
        )?;
    }
    Ok(out)
}

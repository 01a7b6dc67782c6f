//! Walk-in visits: issuing tickets (unique and gapless per day and matter under concurrent
//! issue), each step as one event row, and call-next. Run these inside `db::write`.

use super::workers::stamp;
use super::{DbError, Result};
use crate::domain::walkin::{self, Channel, Outcome, Position, State, Step, StepError};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// A new visit as registration or a quick ticket gives it.
#[derive(Debug, Clone, Default)]
pub struct NewVisit {
    pub matter: String,
    pub letter: String,
    pub channel: Option<Channel>,
    pub worker_id: Option<i64>,
    pub name: String,
    pub phone: String,
    pub work_unit: String,
    pub note: String,
    pub priority: Option<String>,
}

/// Who acts, where, when.
#[derive(Debug, Clone)]
pub struct By {
    pub clerk_id: Option<i64>,
    pub window: Option<String>,
    pub at: DateTime<Utc>,
    /// The centre's local day of `at` (`YYYY-MM-DD`).
    pub day: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub visit_id: i64,
    pub ticket: Option<String>,
    /// Tickets of the same matter waiting before this one.
    pub ahead: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum VisitError {
    #[error(transparent)]
    Step(#[from] StepError),
    #[error("no such visit")]
    Missing,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for VisitError {
    fn from(e: rusqlite::Error) -> Self {
        VisitError::Db(DbError::Sqlite(e))
    }
}

fn opt(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

/// Who waits ahead of a new ticket: the same day and matter, issued before it (from the index
/// alone: every registration asks).
pub const AHEAD: &str =
    "SELECT count(*) FROM visits WHERE day = ?1 AND matter = ?2 AND state = 'waiting' AND id < ?3";

/// Ahead of a priority (绿色通道) ticket: only the priority tickets before it, as call-next
/// takes them first.
const AHEAD_PRIORITY: &str =
    "SELECT count(*) FROM visits WHERE day = ?1 AND matter = ?2 AND state = 'waiting'
       AND id < ?3 AND priority IS NOT NULL";

/// Issues a visit; walk-ins get the matter's next ticket number for the day.
pub fn issue(conn: &Connection, v: &NewVisit, by: &By) -> Result<Issued> {
    let channel = v.channel.unwrap_or(Channel::WalkIn);
    let ticket = if channel.gets_ticket() {
        let n: u32 = conn
            .prepare_cached(
                "INSERT INTO ticket_counters (day, letter, last) VALUES (?1, ?2, 1)
                 ON CONFLICT (day, letter) DO UPDATE SET last = last + 1 RETURNING last",
            )?
            .query_row(params![by.day, v.letter], |r| r.get(0))?;
        Some(walkin::ticket_label(&v.letter, n))
    } else {
        None
    };
    let state = if channel.gets_ticket() { State::Waiting } else { State::Done };
    conn.prepare_cached(
        "INSERT INTO visits (day, ticket, matter, channel, worker_id, name, phone, work_unit, note, priority,
                             arrived_at, state, issued_by, issued_window)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        by.day,
        ticket,
        v.matter,
        channel.code(),
        v.worker_id,
        opt(&v.name),
        opt(&v.phone),
        opt(&v.work_unit),
        opt(&v.note),
        v.priority,
        stamp(by.at),
        state.code(),
        by.clerk_id,
        by.window
    ])?;
    let visit_id = conn.last_insert_rowid();
    event(conn, visit_id, by, Step::Issue, None, state, Some(channel.code()))?;
    let ahead = if ticket.is_some() {
        let sql = if v.priority.is_some() { AHEAD_PRIORITY } else { AHEAD };
        conn.prepare_cached(sql)?.query_row(params![by.day, v.matter, visit_id], |r| r.get(0))?
    } else {
        0
    };
    Ok(Issued { visit_id, ticket, ahead })
}

fn event(
    conn: &Connection,
    visit_id: i64,
    by: &By,
    step: Step,
    from: Option<State>,
    to: State,
    detail: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO visit_events (visit_id, at, clerk_id, window, kind, from_state, to_state, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        visit_id,
        stamp(by.at),
        by.clerk_id,
        by.window,
        step.code(),
        from.map(State::code),
        to.code(),
        detail
    ])?;
    Ok(())
}

/// Where a step sends the visit besides its state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepDetail {
    /// Transfer: the target window (None = any window serving the matter).
    pub to_window: Option<String>,
    /// Transfer: the target matter (None = same matter).
    pub to_matter: Option<String>,
    /// Finish with 需补材料: which papers.
    pub papers: Vec<String>,
    /// Referral: department code, contact, follow-up date, note.
    pub referral: Option<(String, String, String, String)>,
}

/// Applies one step; refused with the domain's reason when the state does not allow it.
pub fn step(
    conn: &Connection,
    visit_id: i64,
    step: Step,
    by: &By,
    max_calls: u32,
    d: &StepDetail,
) -> Result<Position, VisitError> {
    let row: Option<(String, u32)> = conn
        .query_row("SELECT state, calls FROM visits WHERE id = ?1", [visit_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let (state, calls) = row.ok_or(VisitError::Missing)?;
    let from = State::parse(&state).map(|s| Position { state: s, calls });
    let to = walkin::advance(from, step, max_calls)?;
    // A recall past the limit is recorded as what it became.
    let recorded = if step == Step::Recall && to.state == State::NoShow { Step::NoShow } else { step };
    let mut detail = String::new();
    match step {
        Step::Call | Step::Recall | Step::Begin => {
            conn.execute(
                "UPDATE visits SET state = ?2, calls = ?3, window = ?4, version = version + 1 WHERE id = ?1",
                params![visit_id, to.state.code(), to.calls, by.window],
            )?;
        }
        Step::Transfer => {
            if let Some(m) = &d.to_matter {
                detail.push_str(&format!("matter={m};"));
            }
            if let Some(w) = &d.to_window {
                detail.push_str(&format!("window={w};"));
            }
            conn.execute(
                "UPDATE visits SET state = ?2, calls = 0, window = ?3, matter = coalesce(?4, matter),
                        version = version + 1 WHERE id = ?1",
                params![visit_id, to.state.code(), d.to_window, d.to_matter],
            )?;
        }
        Step::Finish(outcome) => {
            detail.push_str(&format!("outcome={};", outcome.code()));
            let papers = (!d.papers.is_empty()).then(|| d.papers.join("、"));
            let r = d.referral.clone().unwrap_or_default();
            let referred = outcome == Outcome::Referred;
            conn.execute(
                "UPDATE visits SET state = ?2, outcome = ?3, papers = ?4, ref_department = ?5, ref_contact = ?6,
                        ref_follow_up_on = ?7, ref_note = ?8, version = version + 1 WHERE id = ?1",
                params![
                    visit_id,
                    to.state.code(),
                    outcome.code(),
                    papers,
                    referred.then_some(r.0),
                    referred.then(|| opt(&r.1).map(str::to_string)).flatten(),
                    referred.then(|| opt(&r.2).map(str::to_string)).flatten(),
                    referred.then(|| opt(&r.3).map(str::to_string)).flatten(),
                ],
            )?;
        }
        _ => {
            conn.execute(
                "UPDATE visits SET state = ?2, calls = ?3, version = version + 1 WHERE id = ?1",
                params![visit_id, to.state.code(), to.calls],
            )?;
        }
    }
    event(conn, visit_id, by, recorded, from.map(|p| p.state), to.state, opt(&detail))?;
    Ok(to)
}

/// What call-next did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Called(i64),
    /// The window already has this ticket called or being served (from any terminal).
    Busy(i64),
    NoneWaiting,
}

/// The window's current ticket today (called or being served): at most one.
pub fn current_of(conn: &Connection, day: &str, window: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM visits WHERE day = ?1 AND window = ?2 AND state IN ('called', 'serving')
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row(params![day, window], |r| r.get(0))
        .optional()?)
}

/// Whether an error is the database refusing a second current ticket at a window.
pub fn is_window_busy(e: &VisitError) -> bool {
    matches!(e, VisitError::Db(DbError::Sqlite(rusqlite::Error::SqliteFailure(_, Some(m)))) if m == "window_busy")
}

/// Takes the next ticket for a window: priority first, then the longest waiting, among its
/// matters (or tickets transferred to it) — unless the window still has a current ticket.
/// Inside a write transaction, so two windows (or two terminals at one window) calling at once
/// never get the same ticket, nor one window two.
pub fn call_next(conn: &Connection, matters: &[String], all: bool, by: &By) -> Result<Next> {
    call_next_but(conn, matters, all, by, None)
}

/// `call_next`, passing over `skip` (a ticket just sent back to waiting: the next is another).
pub fn call_next_but(
    conn: &Connection,
    matters: &[String],
    all: bool,
    by: &By,
    skip: Option<i64>,
) -> Result<Next> {
    let window = by.window.clone().unwrap_or_default();
    if let Some(id) = current_of(conn, &by.day, &window)? {
        return Ok(Next::Busy(id));
    }
    let list = matters.iter().map(|m| format!("'{}'", m.replace('\'', "''"))).collect::<Vec<_>>().join(",");
    let matter_clause = if all { "1".to_string() } else { format!("matter IN ({list})") };
    let sql = format!(
        "SELECT id FROM visits WHERE day = ?1 AND state = 'waiting'
           AND (window = ?2 OR (window IS NULL AND {matter_clause})) AND id IS NOT ?3
         ORDER BY priority IS NULL, arrived_at, id LIMIT 1"
    );
    let next: Option<i64> = conn.query_row(&sql, params![by.day, window, skip], |r| r.get(0)).optional()?;
    let Some(id) = next else { return Ok(Next::NoneWaiting) };
    step(conn, id, Step::Call, by, u32::MAX, &StepDetail::default()).map_err(|e| match e {
        VisitError::Db(d) => d,
        other => DbError::Io { path: Default::default(), source: std::io::Error::other(other.to_string()) },
    })?;
    Ok(Next::Called(id))
}

/// Marks the what-to-bring checklist as given for a visit.
pub fn checklist_given(conn: &Connection, visit_id: i64, by: &By) -> Result<()> {
    conn.execute("UPDATE visits SET checklist_given_at = ?2 WHERE id = ?1", params![visit_id, stamp(by.at)])?;
    Ok(())
}

/// Records the result of a referral's follow-up, taking it off the list; false when a result
/// was recorded already (by another clerk): the first stands.
pub fn record_followup(conn: &Connection, visit_id: i64, result: &str, by: &By) -> Result<bool> {
    let n = conn.execute(
        "UPDATE visits SET followup_result = ?2, followup_at = ?3, version = version + 1
         WHERE id = ?1 AND followup_result IS NULL",
        params![visit_id, result.trim(), stamp(by.at)],
    )?;
    Ok(n == 1)
}

/// One imported visit: no ticket, one `import` event, counted in totals but not in windows,
/// channels, waits or service times.
pub fn import(
    conn: &Connection,
    v: &NewVisit,
    state: State,
    arrived: DateTime<Utc>,
    day: &str,
    clerk_id: Option<i64>,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO visits (day, matter, channel, worker_id, name, phone, work_unit, note, arrived_at, state,
                             issued_by, imported)
         VALUES (?1, ?2, 'import', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1)",
        params![day, v.matter, v.worker_id, opt(&v.name), opt(&v.phone), opt(&v.work_unit), opt(&v.note), stamp(arrived), state.code(), clerk_id],
    )?;
    let id = conn.last_insert_rowid();
    let by = By { clerk_id, window: None, at: arrived, day: day.to_string() };
    event(conn, id, &by, Step::Import(state), None, state, None)?;
    Ok(id)
}

//! Reading visits: the window's queue, its current ticket, follow-ups, a worker's visits and
//! the lobby board. Every query is indexed and limited; nothing loads a whole table.

use super::Result;
use crate::domain::walkin::{Outcome, State, Step};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

#[derive(Debug, Clone, PartialEq)]
pub struct VisitRow {
    pub id: i64,
    pub day: String,
    pub ticket: Option<String>,
    pub matter: String,
    pub channel: String,
    pub worker_id: Option<i64>,
    pub id_number: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub work_unit: Option<String>,
    pub priority: Option<String>,
    pub arrived_at: DateTime<Utc>,
    pub state: State,
    pub calls: u32,
    pub window: Option<String>,
    pub outcome: Option<Outcome>,
    pub papers: Option<String>,
    pub ref_department: Option<String>,
    pub ref_follow_up_on: Option<String>,
    pub checklist_given: bool,
    /// When service began (the last `begin` step), for a visit being served.
    pub begun_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "v.id, v.day, v.ticket, v.matter, v.channel, v.worker_id, w.id_number, v.name, v.phone, \
     v.work_unit, v.priority, v.arrived_at, v.state, v.calls, v.window, v.outcome, v.papers, v.ref_department, \
     v.ref_follow_up_on, v.checklist_given_at IS NOT NULL, \
     (SELECT max(e.at) FROM visit_events e WHERE e.visit_id = v.id AND e.kind = 'begin')";

fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
}

fn row(r: &Row) -> rusqlite::Result<VisitRow> {
    let state: String = r.get(12)?;
    let outcome: Option<String> = r.get(15)?;
    Ok(VisitRow {
        id: r.get(0)?,
        day: r.get(1)?,
        ticket: r.get(2)?,
        matter: r.get(3)?,
        channel: r.get(4)?,
        worker_id: r.get(5)?,
        id_number: r.get(6)?,
        name: r.get(7)?,
        phone: r.get(8)?,
        work_unit: r.get(9)?,
        priority: r.get(10)?,
        arrived_at: parse_time(&r.get::<_, String>(11)?),
        state: State::parse(&state).unwrap_or(State::Waiting),
        calls: r.get(13)?,
        window: r.get(14)?,
        outcome: outcome.as_deref().and_then(Outcome::parse),
        papers: r.get(16)?,
        ref_department: r.get(17)?,
        ref_follow_up_on: r.get(18)?,
        checklist_given: r.get(19)?,
        begun_at: r.get::<_, Option<String>>(20)?.map(|s| parse_time(&s)),
    })
}

fn rows(conn: &Connection, where_order: &str, p: impl rusqlite::Params) -> Result<Vec<VisitRow>> {
    let sql =
        format!("SELECT {COLUMNS} FROM visits v LEFT JOIN workers w ON w.id = v.worker_id {where_order}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let out = stmt.query_map(p, row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(out)
}

/// Which tickets the queue pane lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Waiting for this window (its matters or transferred to it), and its own called/serving.
    Mine,
    /// Every open ticket today.
    All,
    /// Today's finished visits, newest first.
    Finished,
}

fn matter_list(matters: &[String]) -> String {
    matters.iter().map(|m| format!("'{}'", m.replace('\'', "''"))).collect::<Vec<_>>().join(",")
}

pub fn queue(
    conn: &Connection,
    day: &str,
    window: &str,
    matters: &[String],
    all_matters: bool,
    filter: Filter,
    limit: i64,
) -> Result<Vec<VisitRow>> {
    let mine = if all_matters { "1".to_string() } else { format!("v.matter IN ({})", matter_list(matters)) };
    match filter {
        Filter::Mine => rows(
            conn,
            &format!(
                "WHERE v.day = ?1 AND ((v.state = 'waiting' AND (v.window = ?2 OR (v.window IS NULL AND {mine})))
                     OR (v.state IN ('called', 'serving') AND v.window = ?2))
                 ORDER BY v.state = 'waiting', v.priority IS NULL, v.arrived_at, v.id LIMIT ?3"
            ),
            params![day, window, limit],
        ),
        Filter::All => rows(
            conn,
            "WHERE v.day = ?1 AND v.state IN ('waiting', 'called', 'serving') AND ?2 = ?2
             ORDER BY v.state = 'waiting', v.priority IS NULL, v.arrived_at, v.id LIMIT ?3",
            params![day, window, limit],
        ),
        Filter::Finished => rows(
            conn,
            "WHERE v.day = ?1 AND v.state IN ('done', 'referred', 'no_show', 'cancelled') AND ?2 = ?2
             ORDER BY v.id DESC LIMIT ?3",
            params![day, window, limit],
        ),
    }
}

/// How many wait for this window, and since when the longest has waited.
pub fn waiting_for(
    conn: &Connection,
    day: &str,
    window: &str,
    matters: &[String],
    all_matters: bool,
) -> Result<(i64, Option<DateTime<Utc>>)> {
    let mine = if all_matters { "1".to_string() } else { format!("matter IN ({})", matter_list(matters)) };
    let sql = format!(
        "SELECT count(*), min(arrived_at) FROM visits WHERE day = ?1 AND state = 'waiting'
           AND (window = ?2 OR (window IS NULL AND {mine}))"
    );
    let (n, oldest): (i64, Option<String>) =
        conn.query_row(&sql, params![day, window], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((n, oldest.map(|s| parse_time(&s))))
}

/// The ticket this window has called or is serving (the latest).
pub fn current(conn: &Connection, day: &str, window: &str) -> Result<Option<VisitRow>> {
    Ok(rows(
        conn,
        "WHERE v.day = ?1 AND v.window = ?2 AND v.state IN ('called', 'serving') ORDER BY v.id DESC LIMIT 1",
        params![day, window],
    )?
    .pop())
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<VisitRow>> {
    Ok(rows(conn, "WHERE v.id = ?1", [id])?.pop())
}

/// The follow-up list: every referral without a recorded result, by its follow-up date (the
/// visit's day when none was given), so the due and overdue come first; read a page at a time
/// by keyset on (that date, id), so however many the years leave open, every one is reachable.
/// `report::followups` counts by the same definition.
pub fn followups(conn: &Connection, from: super::page::From, n: i64) -> Result<Vec<VisitRow>> {
    const DUE: &str = "coalesce(v.ref_follow_up_on, v.day)";
    let anchor = "SELECT coalesce(ref_follow_up_on, day) FROM visits WHERE id = :at";
    let (bound, dir, reverse) = from.keyset_by(super::page::Order::OldestFirst, (DUE, "v.id"), anchor);
    let cond = bound.as_ref().map_or(String::new(), |(c, _)| format!(" AND {c}"));
    let sql = format!(
        "WHERE v.outcome = 'referred' AND v.followup_result IS NULL{cond}
         ORDER BY {DUE} {dir}, v.id {dir} LIMIT :n"
    );
    let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":n", &n)];
    if let Some((_, at)) = &bound {
        params.push((":at", at));
    }
    let mut out = rows(conn, &sql, params.as_slice())?;
    if reverse {
        out.reverse();
    }
    Ok(out)
}

/// Referrals made by the day `to` and not closed before the instant `since` (the day each was
/// made, and the stamp its result was recorded): what the summary's 待回访 counts from.
pub fn referrals_open_since(
    conn: &Connection,
    to: &str,
    since: &str,
) -> Result<Vec<(String, Option<String>)>> {
    let mut st = conn.prepare_cached(
        "SELECT day, followup_at FROM visits INDEXED BY visits_followup
         WHERE outcome = 'referred' AND day <= ?1 AND (followup_result IS NULL OR followup_at >= ?2)",
    )?;
    let rows = st.query_map(params![to, since], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many referrals wait for their follow-up's result (the list's length).
pub fn open_followups(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM visits WHERE outcome = 'referred' AND followup_result IS NULL",
        [],
        |r| r.get(0),
    )?)
}

/// How many visits a worker has made in all (the card's count; an index search).
pub fn count_of_worker(conn: &Connection, worker_id: i64) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM visits WHERE worker_id = ?1", [worker_id], |r| r.get(0))?)
}

/// A worker's latest visits, newest first.
pub fn of_worker(conn: &Connection, worker_id: i64, limit: i64) -> Result<Vec<VisitRow>> {
    rows(
        conn,
        "WHERE v.worker_id = ?1 ORDER BY v.arrived_at DESC, v.id DESC LIMIT ?2",
        params![worker_id, limit],
    )
}

/// A visit's steps with their times, for wait and service minutes.
pub fn timed_steps(conn: &Connection, visit_id: i64) -> Result<Vec<(Step, DateTime<Utc>)>> {
    let mut stmt =
        conn.prepare_cached("SELECT kind, at, detail FROM visit_events WHERE visit_id = ?1 ORDER BY id")?;
    let out = stmt
        .query_map([visit_id], |r| {
            let kind: String = r.get(0)?;
            let detail: Option<String> = r.get(2)?;
            Ok((kind, parse_time(&r.get::<_, String>(1)?), detail))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(out.into_iter().filter_map(|(k, at, d)| step_of(&k, d.as_deref()).map(|s| (s, at))).collect())
}

fn step_of(kind: &str, detail: Option<&str>) -> Option<Step> {
    Some(match kind {
        "issue" => Step::Issue,
        "call" => Step::Call,
        "recall" => Step::Recall,
        "send_back" => Step::SendBack,
        "begin" => Step::Begin,
        "no_show" => Step::NoShow,
        "cancel" => Step::Cancel,
        "transfer" => Step::Transfer,
        "restore" => Step::Restore,
        "finish" => {
            let o = detail?.split(';').find_map(|kv| kv.strip_prefix("outcome="))?;
            Step::Finish(Outcome::parse(o)?)
        }
        _ => return None,
    })
}

/// The board: the latest calls today (ticket, window, when), newest first.
pub fn recent_calls(
    conn: &Connection,
    from: DateTime<Utc>,
    n: i64,
) -> Result<Vec<(String, String, DateTime<Utc>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.ticket, e.window, e.at FROM visit_events e JOIN visits v ON v.id = e.visit_id
         WHERE e.at >= ?1 AND e.kind IN ('call', 'recall') AND v.ticket IS NOT NULL
         ORDER BY e.id DESC LIMIT ?2",
    )?;
    let out = stmt
        .query_map(params![super::workers::stamp(from), n], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                parse_time(&r.get::<_, String>(2)?),
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(out)
}

/// The board: the next waiting tickets of a matter today, in calling order.
pub fn next_tickets(conn: &Connection, day: &str, matter: &str, n: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ticket FROM visits WHERE day = ?1 AND matter = ?2 AND state = 'waiting' AND ticket IS NOT NULL
         ORDER BY priority IS NULL, arrived_at, id LIMIT ?3",
    )?;
    let out = stmt.query_map(params![day, matter, n], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(out)
}

/// Today's average wait (arrival → the call that led to service), in minutes.
pub fn average_wait(conn: &Connection, day: &str) -> Result<Option<f64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, arrived_at FROM visits WHERE day = ?1 AND channel = 'walk_in' AND imported = 0
           AND state IN ('serving', 'done', 'referred') LIMIT 5000",
    )?;
    let visits = stmt
        .query_map([day], |r| Ok((r.get::<_, i64>(0)?, parse_time(&r.get::<_, String>(1)?))))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let waits: Vec<f64> = visits
        .into_iter()
        .filter_map(|(id, arrived)| {
            timed_steps(conn, id).ok().and_then(|s| crate::domain::walkin::times(arrived, &s).0)
        })
        .collect();
    Ok((!waits.is_empty()).then(|| (waits.iter().sum::<f64>() / waits.len() as f64 * 10.0).round() / 10.0))
}

/// The last visit of the same matter by the same worker within 30 days before this one.
pub fn repeat_within_30_days(conn: &Connection, v: &VisitRow) -> Result<bool> {
    let Some(w) = v.worker_id else { return Ok(false) };
    let since = super::workers::stamp(v.arrived_at - chrono::Duration::days(30));
    let n: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM visits WHERE worker_id = ?1 AND matter = ?2 AND id <> ?3 AND arrived_at >= ?4
               AND arrived_at <= ?5 LIMIT 1",
            params![w, v.matter, v.id, since, super::workers::stamp(v.arrived_at)],
            |r| r.get(0),
        )
        .optional()?;
    Ok(n.is_some())
}

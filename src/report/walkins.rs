//! Walk-in figures from the visit events: each visit's steps replayed for its state, its wait
//! and service times, the window that served it and the clerks who acted on it. A visit counts
//! on its arrival day, even when it is finished after midnight.

use super::{Period, Walkins, minutes_of, one_decimal, share};
use crate::config::Settings;
use crate::db::DbError;
use crate::domain::walkin::{self, Outcome, State, Step};
use chrono::{DateTime, NaiveDate, Timelike, Utc};
use rusqlite::Connection;

/// One visit as its events tell it.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    pub day: NaiveDate,
    pub matter: String,
    pub channel: String,
    pub imported: bool,
    pub ticket: bool,
    /// The state after its last event.
    pub state: String,
    /// The window of the begin that led to service.
    pub window: Option<String>,
    pub wait: Option<f64>,
    pub service: Option<f64>,
    pub outcome: Option<Outcome>,
    pub referred_to: Option<String>,
    pub followup_open: bool,
    /// Local half-hour slots of the arrival and of the call that led to service.
    pub arrived_slot: usize,
    pub called_slot: Option<usize>,
    /// Logins that acted on it.
    pub clerks: Vec<String>,
}

fn step_of(kind: &str, to_state: &str, detail: Option<&str>) -> Option<Step> {
    Some(match kind {
        "issue" => Step::Issue,
        "call" => Step::Call,
        "recall" => Step::Recall,
        "send_back" => Step::SendBack,
        "begin" => Step::Begin,
        "finish" => {
            let code = detail.and_then(|d| d.split(';').find_map(|p| p.strip_prefix("outcome=")));
            Step::Finish(code.and_then(Outcome::parse).unwrap_or(Outcome::DoneFirstVisit))
        }
        "no_show" => Step::NoShow,
        "cancel" => Step::Cancel,
        "transfer" => Step::Transfer,
        "import" => Step::Import(State::parse(to_state)?),
        _ => return None,
    })
}

fn slot(at: DateTime<Utc>, settings: &Settings) -> usize {
    let local = at.with_timezone(&settings.tz);
    (local.hour() * 2 + local.minute() / 30) as usize
}

struct Row {
    visit: i64,
    day: String,
    matter: String,
    channel: String,
    imported: bool,
    ticket: bool,
    arrived: String,
    ref_department: Option<String>,
    followup_open: bool,
    kind: String,
    at: String,
    window: Option<String>,
    login: Option<String>,
    to_state: String,
    detail: Option<String>,
}

/// A visit being read: its first row, its steps (with their window), clerks and last state.
type Reading = (Row, Vec<(Step, DateTime<Utc>, Option<String>)>, Vec<String>, String);

fn parse_at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
}

/// Every visit arriving in the period, with what its events say.
pub fn load(conn: &Connection, settings: &Settings, period: Period) -> Result<Vec<Visit>, DbError> {
    let mut st = conn.prepare(
        "SELECT v.id, v.day, v.matter, v.channel, v.imported, v.ticket IS NOT NULL, v.arrived_at, v.ref_department,
                v.outcome = 'referred' AND v.followup_result IS NULL,
                e.kind, e.at, e.window, c.login, e.to_state, e.detail
         FROM visits v JOIN visit_events e ON e.visit_id = v.id LEFT JOIN clerks c ON c.id = e.clerk_id
         WHERE v.day BETWEEN ?1 AND ?2 ORDER BY v.id, e.id",
    )?;
    let rows = st.query_map([period.from.to_string(), period.to.to_string()], |r| {
        Ok(Row {
            visit: r.get(0)?,
            day: r.get(1)?,
            matter: r.get(2)?,
            channel: r.get(3)?,
            imported: r.get(4)?,
            ticket: r.get(5)?,
            arrived: r.get(6)?,
            ref_department: r.get(7)?,
            followup_open: r.get::<_, Option<bool>>(8)?.unwrap_or(false),
            kind: r.get(9)?,
            at: r.get(10)?,
            window: r.get(11)?,
            login: r.get(12)?,
            to_state: r.get(13)?,
            detail: r.get(14)?,
        })
    })?;
    let mut out = vec![];
    let mut current: Option<Reading> = None;
    for row in rows {
        let row = row?;
        let step = step_of(&row.kind, &row.to_state, row.detail.as_deref());
        let at = parse_at(&row.at);
        match &mut current {
            Some((first, steps, clerks, state)) if first.visit == row.visit => {
                if let Some(s) = step {
                    steps.push((s, at, row.window.clone()));
                }
                if let Some(l) = row.login.clone()
                    && !clerks.contains(&l)
                {
                    clerks.push(l);
                }
                *state = row.to_state.clone();
            }
            _ => {
                if let Some(done) = current.take() {
                    out.push(finish(settings, done));
                }
                let steps = step.map(|s| vec![(s, at, row.window.clone())]).unwrap_or_default();
                let clerks = row.login.clone().into_iter().collect();
                let state = row.to_state.clone();
                current = Some((row, steps, clerks, state));
            }
        }
    }
    if let Some(done) = current.take() {
        out.push(finish(settings, done));
    }
    out.sort_by_key(|v| v.day);
    Ok(out)
}

fn finish(settings: &Settings, (first, steps, clerks, state): Reading) -> Visit {
    let arrived = parse_at(&first.arrived);
    let timed: Vec<(Step, DateTime<Utc>)> = steps.iter().map(|(s, at, _)| (*s, *at)).collect();
    let (wait, service) = if first.imported { (None, None) } else { walkin::times(arrived, &timed) };
    // The begin that led to service, and the call before it.
    let begin = steps.iter().rposition(|(s, _, _)| *s == Step::Begin);
    let window = begin.and_then(|b| steps[b].2.clone());
    let called =
        begin.and_then(|b| steps[..b].iter().rev().find(|(s, _, _)| matches!(s, Step::Call | Step::Recall)));
    let outcome = steps.iter().rev().find_map(|(s, _, _)| match s {
        Step::Finish(o) => Some(*o),
        _ => None,
    });
    Visit {
        day: first.day.parse().unwrap_or_default(),
        matter: first.matter,
        channel: first.channel,
        imported: first.imported,
        ticket: first.ticket,
        state,
        window: if first.imported { None } else { window },
        wait,
        service,
        outcome,
        referred_to: if outcome == Some(Outcome::Referred) { first.ref_department } else { None },
        followup_open: first.followup_open,
        arrived_slot: slot(arrived, settings),
        called_slot: called.map(|(_, at, _)| slot(*at, settings)),
        clerks,
    }
}

/// The walk-in figures of the visits arriving in `period`.
/// The visits of a period, from a list sorted by day.
pub fn span(all: &[Visit], p: Period) -> &[Visit] {
    let a = all.partition_point(|v| v.day < p.from);
    let b = all.partition_point(|v| v.day <= p.to);
    &all[a..b.max(a)]
}

pub fn figures(settings: &Settings, period: Period, all: &[Visit]) -> Walkins {
    let visits = span(all, period);
    let c = &settings.config;
    let zeros = |codes: Vec<&String>| codes.into_iter().map(|k| (k.clone(), 0)).collect();
    let mut w = Walkins {
        total: visits.len() as i64,
        by_category: zeros(c.matters.iter().map(|m| &m.code).collect()),
        by_status: State::ALL.iter().map(|s| (s.code().to_string(), 0)).collect(),
        by_window: zeros(c.windows.iter().map(|x| &x.code).collect()),
        by_channel: ["walk_in", "phone", "online"].iter().map(|s| (s.to_string(), 0)).collect(),
        arrivals_by_half_hour: vec![0; 48],
        wait_by_half_hour: vec![None; 48],
        ..Default::default()
    };
    let (mut waits, mut services, mut outcomes) = (vec![], vec![], vec![]);
    let (mut over, mut ticketed, mut no_shows) = (0, 0, 0);
    let mut slot_waits: Vec<Vec<f64>> = vec![vec![]; 48];
    for v in visits {
        *w.by_category.entry(v.matter.clone()).or_default() += 1;
        *w.by_status.entry(v.state.clone()).or_default() += 1;
        w.arrivals_by_half_hour[v.arrived_slot.min(47)] += 1;
        if v.followup_open {
            w.open_followups += 1;
        }
        if let Some(d) = &v.referred_to {
            *w.referred_to.entry(d.clone()).or_default() += 1;
        }
        if v.imported {
            continue;
        }
        *w.by_channel.entry(v.channel.clone()).or_default() += 1;
        if let Some(win) = &v.window {
            *w.by_window.entry(win.clone()).or_default() += 1;
        }
        if v.ticket {
            ticketed += 1;
            if v.state == State::NoShow.code() {
                no_shows += 1;
            }
        }
        if let Some(wait) = v.wait {
            waits.push(wait);
            let target = settings.matter(&v.matter).map_or(u32::MAX, |m| m.target_wait_minutes);
            if wait > f64::from(target) {
                over += 1;
            }
            if let Some(s) = v.called_slot {
                slot_waits[s.min(47)].push(wait);
            }
        }
        if let Some(s) = v.service {
            services.push(s);
        }
        if let Some(o) = v.outcome {
            outcomes.push(o);
        }
    }
    w.over_target_share = share(over, waits.len() as i64);
    w.no_show_rate = share(no_shows, ticketed);
    w.first_visit_done_rate =
        walkin::first_visit_done_rate(&outcomes).map(|r| (r * 10_000.0).round() / 10_000.0);
    w.wait_minutes = minutes_of(waits);
    w.service_minutes = minutes_of(services);
    w.wait_by_half_hour = slot_waits
        .iter()
        .map(|s| (!s.is_empty()).then(|| one_decimal(s.iter().sum::<f64>() / s.len() as f64)))
        .collect();
    w
}

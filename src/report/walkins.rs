//! Walk-in figures from the visit events: each visit's steps replayed for its state, its wait
//! and service times, the window that served it and the clerks who acted on it. A visit counts
//! on its arrival day, even when it is finished after midnight.

use super::{Period, Walkins, minutes_of, one_decimal, share};
use crate::config::Settings;
use crate::db::DbError;
use crate::domain::walkin::{self, Outcome, State, Step};
use chrono::{DateTime, NaiveDate, Timelike, Utc};
use rusqlite::Connection;
use std::collections::HashMap;
use std::sync::Arc;

/// One shared copy of each code and login: a year's visits repeat a few dozen strings.
#[derive(Default)]
struct Interner(HashMap<String, Arc<str>>);

impl Interner {
    fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(r) = self.0.get(s) {
            return r.clone();
        }
        let r: Arc<str> = Arc::from(s);
        self.0.insert(s.to_string(), r.clone());
        r
    }
}

/// One visit as its events tell it.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    pub day: NaiveDate,
    pub matter: Arc<str>,
    pub channel: Arc<str>,
    pub imported: bool,
    pub ticket: bool,
    /// The state after its last event.
    pub state: Arc<str>,
    /// The window of the begin that led to service.
    pub window: Option<Arc<str>>,
    pub wait: Option<f64>,
    pub service: Option<f64>,
    pub outcome: Option<Outcome>,
    pub referred_to: Option<Arc<str>>,
    pub followup_open: bool,
    /// Local half-hour slots of the arrival and of the call that led to service.
    pub arrived_slot: usize,
    pub called_slot: Option<usize>,
    /// Logins that acted on it.
    pub clerks: Vec<Arc<str>>,
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
        "restore" => Step::Restore,
        "import" => Step::Import(State::parse(to_state)?),
        _ => return None,
    })
}

fn slot(at: DateTime<Utc>, settings: &Settings) -> usize {
    let local = at.with_timezone(&settings.tz);
    (local.hour() * 2 + local.minute() / 30) as usize
}

/// A visit's own columns.
struct Head {
    id: i64,
    day: String,
    matter: String,
    channel: String,
    imported: bool,
    ticket: bool,
    arrived: String,
    ref_department: Option<String>,
    followup_open: bool,
}

/// A visit being read: its columns, its steps (with the window of a begin), the clerks who
/// acted and its last state.
type Reading = (Head, Vec<(Step, DateTime<Utc>, Option<Arc<str>>)>, Vec<Arc<str>>, Arc<str>);

fn parse_at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
}

/// Every visit arriving in the period, with what its events say. Visits and their events are
/// read apart (no visit column repeated per event) and joined in order of visit id.
pub fn load(conn: &Connection, settings: &Settings, period: Period) -> Result<Vec<Visit>, DbError> {
    let range = [period.from.to_string(), period.to.to_string()];
    let mut names = Interner::default();
    let logins: HashMap<i64, Arc<str>> = {
        let mut st = conn.prepare("SELECT id, login FROM clerks")?;
        let rows: Vec<(i64, String)> =
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        rows.into_iter().map(|(id, l)| (id, names.get(&l))).collect()
    };
    let mut st = conn.prepare(
        "SELECT id, day, matter, channel, imported, ticket IS NOT NULL, arrived_at, ref_department,
                outcome = 'referred' AND followup_result IS NULL
         FROM visits WHERE day BETWEEN ?1 AND ?2 ORDER BY id",
    )?;
    // Read in step with the events, not collected: a year holds a hundred thousand visits.
    let mut head_rows = st.query(rusqlite::params![range[0], range[1]])?;
    let mut next_head = move || -> rusqlite::Result<Option<Head>> {
        let Some(r) = head_rows.next()? else { return Ok(None) };
        Ok(Some(Head {
            id: r.get(0)?,
            day: r.get(1)?,
            matter: r.get(2)?,
            channel: r.get(3)?,
            imported: r.get(4)?,
            ticket: r.get(5)?,
            arrived: r.get(6)?,
            ref_department: r.get(7)?,
            followup_open: r.get::<_, Option<bool>>(8)?.unwrap_or(false),
        }))
    };
    let mut pending: Option<Head> = next_head()?;
    let mut events = conn.prepare(
        "SELECT visit_id, kind, at, window, clerk_id, to_state, detail FROM visit_events
         WHERE visit_id IN (SELECT id FROM visits WHERE day BETWEEN ?1 AND ?2) ORDER BY visit_id, id",
    )?;
    let mut rows = events.query(rusqlite::params![range[0], range[1]])?;
    // Sized once from the index: a year's visits grown by doubling would hold twice their size.
    let count: i64 = conn.query_row(
        "SELECT count(*) FROM visits WHERE day BETWEEN ?1 AND ?2",
        rusqlite::params![range[0], range[1]],
        |r| r.get(0),
    )?;
    let mut out = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    let mut current: Option<Reading> = None;
    while let Some(r) = rows.next()? {
        let visit: i64 = r.get(0)?;
        // Borrowed, not copied: most of these are looked at once.
        let opt = |i: usize| -> rusqlite::Result<Option<&str>> {
            r.get_ref(i)?.as_str_or_null().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
            })
        };
        let (kind, to_state) = (opt(1)?.unwrap_or(""), opt(5)?.unwrap_or(""));
        let step = step_of(kind, to_state, opt(6)?);
        let at = parse_at(opt(2)?.unwrap_or(""));
        let window = if kind == "begin" { opt(3)?.map(|w| names.get(w)) } else { None };
        let login = r.get::<_, Option<i64>>(4)?.and_then(|id| logins.get(&id));
        if current.as_ref().is_none_or(|c| c.0.id != visit) {
            if let Some(done) = current.take() {
                out.push(finish(settings, &mut names, done));
            }
            while pending.as_ref().is_some_and(|h| h.id < visit) {
                pending = next_head()?;
            }
            if pending.as_ref().is_none_or(|h| h.id != visit) {
                continue;
            }
            let Some(head) = pending.take() else { continue };
            pending = next_head()?;
            current = Some((head, vec![], vec![], Arc::from("")));
        }
        if let Some((_, steps, clerks, state)) = &mut current {
            if let Some(s) = step {
                steps.push((s, at, window));
            }
            if let Some(l) = login
                && !clerks.contains(l)
            {
                clerks.push(l.clone());
            }
            if **state != *to_state {
                *state = names.get(to_state);
            }
        }
    }
    if let Some(done) = current.take() {
        out.push(finish(settings, &mut names, done));
    }
    // In id order they are nearly always in day order already; a sort would copy them all.
    if !out.is_sorted_by_key(|v| v.day) {
        out.sort_by_key(|v| v.day);
    }
    Ok(out)
}

fn finish(settings: &Settings, names: &mut Interner, (first, steps, clerks, state): Reading) -> Visit {
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
        matter: names.get(&first.matter),
        channel: names.get(&first.channel),
        imported: first.imported,
        ticket: first.ticket,
        state,
        window: if first.imported { None } else { window },
        wait,
        service,
        outcome,
        referred_to: if outcome == Some(Outcome::Referred) {
            first.ref_department.as_deref().map(|d| names.get(d))
        } else {
            None
        },
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
    let mut t = Tally::new(settings);
    for v in span(all, period) {
        t.add(v);
    }
    t.finish()
}

/// The walk-in figures summed one visit at a time: a long period is read in pieces and only
/// this much of it is held (counts, and the minutes its medians and P90s are taken from).
pub struct Tally<'s> {
    settings: &'s Settings,
    w: Walkins,
    waits: Vec<f64>,
    services: Vec<f64>,
    outcomes: Vec<Outcome>,
    over: i64,
    ticketed: i64,
    no_shows: i64,
    slot_waits: Vec<Vec<f64>>,
}

impl<'s> Tally<'s> {
    pub fn new(settings: &'s Settings) -> Self {
        let c = &settings.config;
        let zeros = |codes: Vec<&String>| codes.into_iter().map(|k| (k.clone(), 0)).collect();
        let w = Walkins {
            by_category: zeros(c.matters.iter().map(|m| &m.code).collect()),
            by_status: State::ALL.iter().map(|s| (s.code().to_string(), 0)).collect(),
            by_window: zeros(c.windows.iter().map(|x| &x.code).collect()),
            by_channel: ["walk_in", "phone", "online"].iter().map(|s| (s.to_string(), 0)).collect(),
            arrivals_by_half_hour: vec![0; 48],
            wait_by_half_hour: vec![None; 48],
            ..Default::default()
        };
        Tally {
            settings,
            w,
            waits: vec![],
            services: vec![],
            outcomes: vec![],
            over: 0,
            ticketed: 0,
            no_shows: 0,
            slot_waits: vec![vec![]; 48],
        }
    }

    pub fn add(&mut self, v: &Visit) {
        let w = &mut self.w;
        w.total += 1;
        *w.by_category.entry(v.matter.to_string()).or_default() += 1;
        // Calls and online requests are logged straight to done: they are counted by channel,
        // not as states of the visits the counter served.
        if !matches!(&*v.channel, "phone" | "online") {
            *w.by_status.entry(v.state.to_string()).or_default() += 1;
        }
        w.arrivals_by_half_hour[v.arrived_slot.min(47)] += 1;
        if v.followup_open {
            w.open_followups += 1;
        }
        if let Some(d) = &v.referred_to {
            *w.referred_to.entry(d.to_string()).or_default() += 1;
        }
        if v.imported {
            return;
        }
        *w.by_channel.entry(v.channel.to_string()).or_default() += 1;
        if let Some(win) = &v.window {
            *w.by_window.entry(win.to_string()).or_default() += 1;
        }
        if v.ticket {
            self.ticketed += 1;
            if *v.state == *State::NoShow.code() {
                self.no_shows += 1;
            }
        }
        if let Some(wait) = v.wait {
            self.waits.push(wait);
            let target = self.settings.matter(&v.matter).map_or(u32::MAX, |m| m.target_wait_minutes);
            if wait > f64::from(target) {
                self.over += 1;
            }
            if let Some(s) = v.called_slot {
                self.slot_waits[s.min(47)].push(wait);
            }
        }
        if let Some(s) = v.service {
            self.services.push(s);
        }
        if let Some(o) = v.outcome {
            // Served: finished at a window (一次办结, 需补材料 or referred).
            w.served += 1;
            self.outcomes.push(o);
        }
    }

    pub fn finish(self) -> Walkins {
        let mut w = self.w;
        w.over_target_share = share(self.over, self.waits.len() as i64);
        w.no_show_rate = share(self.no_shows, self.ticketed);
        w.first_visit_done_rate =
            walkin::first_visit_done_rate(&self.outcomes).map(|r| (r * 10_000.0).round() / 10_000.0);
        w.wait_minutes = minutes_of(self.waits);
        w.service_minutes = minutes_of(self.services);
        w.wait_by_half_hour = self
            .slot_waits
            .iter()
            .map(|s| (!s.is_empty()).then(|| one_decimal(s.iter().sum::<f64>() / s.len() as f64)))
            .collect();
        w
    }
}

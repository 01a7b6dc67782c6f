//! The large demo's walk-ins, bulk-inserted: days shaped like the counter's (a morning peak, a
//! lunch dip, Mondays busier than Fridays), tickets numbered per matter in arrival order,
//! priority and no-shows in their usual shares, and every step an event row. Today's visits
//! stop at the present moment, so the queue has tickets waiting, called and being served.

use super::demo_large::{Bulk, local_time, weighted};
use super::demo_people::{mix, person};
use crate::db::DbError;
use crate::db::demo_rows::{self, VisitEventRow, VisitRow};
use crate::db::workers::stamp;
use crate::domain::walkin::{self, Outcome, State};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

/// Arrivals per half hour from 8:30 to 17:00, in relative weights.
const SHAPE: [u64; 17] = [6, 10, 12, 11, 9, 7, 4, 2, 2, 3, 6, 8, 8, 7, 6, 4, 2];
/// Matters by code with their share of visits.
const MATTER_SHARE: &[(&str, u64)] = &[
    ("medical_aid", 30),
    ("hardship", 12),
    ("rights", 12),
    ("employment", 8),
    ("recuperation", 15),
    ("service_card", 13),
    ("other", 10),
];

enum Plan {
    Done(Outcome),
    NoShow,
    Cancel,
    Transfer,
    Call(&'static str),
}

struct Step {
    kind: &'static str,
    to: State,
    at: DateTime<Utc>,
    detail: Option<String>,
}

/// The working days (the calendar where it is set, else Monday to Friday) ending at `today`.
pub fn working_days(b: &Bulk, n: usize) -> Vec<NaiveDate> {
    let mut out = Vec::with_capacity(n);
    let mut d = b.today;
    while out.len() < n {
        let weekend = matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
        if b.settings.calendar.is_working_day(d).unwrap_or(!weekend) {
            out.push(d);
        }
        match d.pred_opt() {
            Some(p) => d = p,
            None => break,
        }
    }
    out.reverse();
    out
}

pub fn walkins(b: &Bulk, days: &[NaiveDate], total: u64, workers: u64) -> Result<(), DbError> {
    let settings = b.settings;
    let matters: Vec<(String, String, u64)> = MATTER_SHARE
        .iter()
        .filter_map(|(code, share)| {
            let m = settings.config.matters.iter().find(|m| m.code == *code)?;
            Some((m.code.clone(), m.letter.clone(), *share))
        })
        .collect();
    let shares: Vec<u64> = matters.iter().map(|m| m.2).collect();
    let windows: Vec<(String, Vec<String>)> = settings
        .config
        .windows
        .iter()
        .filter(|w| w.can_call)
        .map(|w| (w.code.clone(), w.matters.clone()))
        .collect();
    let general = windows.iter().find(|(_, ms)| ms.iter().any(|m| m == "*")).map(|w| w.0.as_str());
    let mut rows = demo_rows::Visits::new(b.tx)?;
    let mut id = 0i64;
    for (d, day) in days.iter().enumerate() {
        let factor = [120, 105, 100, 95, 80, 60, 60][day.weekday().num_days_from_monday() as usize];
        let n = total * factor / 100 / days.len() as u64 + (d as u64 % 3);
        let mut minutes: Vec<u32> = (0..n)
            .map(|k| {
                let h = mix(b.seed ^ mix((d as u64) << 20 | k));
                let slot = weighted(h, &SHAPE);
                (8 * 60 + 30 + slot * 30) as u32 + ((h >> 20) % 30) as u32
            })
            .collect();
        minutes.sort_unstable();
        let mut numbers = vec![0u32; matters.len()];
        let mut busy = std::collections::HashSet::new();
        for (k, minute) in minutes.into_iter().enumerate() {
            let h = mix(b.seed ^ 0x5151 ^ mix((d as u64) << 20 | k as u64));
            let mi = weighted(h, &shares);
            let (matter, letter, _) = &matters[mi];
            let arrived = local_time(b.tz, *day, minute);
            if arrived > b.now {
                continue;
            }
            id += 1;
            let plan = match (h >> 8) % 100 {
                0..=7 => Plan::Call(if h.is_multiple_of(3) { "online" } else { "phone" }),
                8..=13 => Plan::NoShow,
                14..=16 => Plan::Cancel,
                17..=21 => Plan::Transfer,
                22..=33 => Plan::Done(Outcome::NeedsPapers),
                34..=39 => Plan::Done(Outcome::Referred),
                _ => Plan::Done(Outcome::DoneFirstVisit),
            };
            let ticket = match plan {
                Plan::Call(_) => None,
                _ => {
                    numbers[mi] += 1;
                    Some(walkin::ticket_label(letter, numbers[mi]))
                }
            };
            // Most go to the matter's own window, a quarter to the general one.
            let is_all = |ms: &[String]| ms.iter().any(|m| m == "*");
            let own = windows.iter().find(|(_, ms)| !is_all(ms) && ms.iter().any(|m| m == matter));
            let all = windows.iter().find(|(_, ms)| is_all(ms));
            let window = if h.is_multiple_of(4) { all.or(own) } else { own.or(all) }
                .or(windows.first())
                .map(|w| w.0.clone())
                .unwrap_or_default();
            let clerk = b.clerks[windows.iter().position(|w| w.0 == window).unwrap_or(0) % b.clerks.len()];
            // Waits grow with the half hour's load; service takes 4 to 25 minutes.
            let load = SHAPE[((minute.saturating_sub(8 * 60 + 30)) / 30).min(16) as usize];
            let wait = 1 + (h >> 16) % (4 + load * 3);
            let service = 4 + (h >> 24) % 22;
            let at = |m: u64| arrived + Duration::minutes(m as i64);
            let linked = (h >> 32) % 100 < 65;
            let who = linked.then(|| (h >> 36) % workers.max(1)).and_then(|w| Some((w, person(b.seed, w)?)));
            let priority = ((h >> 44) % 100 < 6)
                .then_some(["elderly", "disabled", "pregnant", "model_worker"][(h >> 50) as usize % 4]);
            let steps = steps(&plan, &at, wait, service, general.unwrap_or(&window));
            let mut done: Vec<&Step> = steps.iter().filter(|s| s.at <= b.now).collect();
            // A window has one person at it: a later arrival the clock would put at a window
            // still busy with an earlier one is still waiting.
            let at_window =
                if done.iter().any(|s| s.kind == "transfer") { general.unwrap_or(&window) } else { &window };
            if matches!(done.last().map(|s| s.to), Some(State::Called | State::Serving))
                && !busy.insert(at_window.to_string())
            {
                done.truncate(1);
            }
            let state = done.last().map_or(State::Waiting, |s| s.to);
            let calls = done.iter().filter(|s| s.kind == "call" || s.kind == "recall").count() as i64;
            let finished = done.iter().find(|s| s.kind == "finish");
            let outcome = match (&plan, finished) {
                (Plan::Done(o), Some(_)) => Some(*o),
                (Plan::Transfer, Some(_)) => Some(Outcome::DoneFirstVisit),
                _ => None,
            };
            let papers = (outcome == Some(Outcome::NeedsPapers)).then_some("医保结算单、出院小结");
            let referred = outcome == Some(Outcome::Referred);
            let follow_on = *day + chrono::Days::new(7);
            let followed = referred && follow_on < b.today;
            let channel = match plan {
                Plan::Call(c) => c,
                _ => "walk_in",
            };
            rows.insert(&VisitRow {
                id,
                day: day.to_string(),
                ticket,
                matter,
                channel,
                worker_id: who.as_ref().map(|w| w.0 as i64 + 1),
                name: who.as_ref().map(|w| w.1.name.clone()),
                phone: who.as_ref().and_then(|w| w.1.phone.clone()),
                work_unit: who.as_ref().map(|w| w.1.unit.clone()),
                priority,
                arrived_at: stamp(arrived),
                state: state.code(),
                calls,
                window: (calls > 0).then_some(window.as_str()),
                outcome: outcome.map(Outcome::code),
                papers,
                ref_department: referred.then_some("civil_affairs"),
                ref_contact: referred.then_some("民政局社会救助科 0574-62700001"),
                ref_follow_up_on: referred.then(|| follow_on.to_string()),
                followup_result: followed.then_some("已回访：已在民政局办理临时救助"),
                followup_at: followed.then(|| stamp(local_time(b.tz, follow_on, 10 * 60))),
                checklist_given_at: papers.map(|_| stamp(at(wait + service))),
                issued_by: clerk,
            })?;
            let (mut from, mut w) = (None::<State>, window.as_str());
            for s in &done {
                if s.kind == "transfer" {
                    w = general.unwrap_or(w);
                }
                let w = if s.kind == "issue" { "desk" } else { w };
                rows.event(&VisitEventRow {
                    visit_id: id,
                    at: stamp(s.at),
                    clerk_id: clerk,
                    window: w,
                    kind: s.kind,
                    from_state: from.map(State::code),
                    to_state: s.to.code(),
                    detail: s.detail.as_deref(),
                })?;
                from = Some(s.to);
            }
            b.tick(1);
        }
        for (mi, last) in numbers.iter().enumerate().filter(|(_, l)| **l > 0) {
            rows.counter(&day.to_string(), &matters[mi].1, *last)?;
        }
    }
    Ok(())
}

/// A visit's steps as the counter records them, with the minutes they happen at.
fn steps(plan: &Plan, at: &dyn Fn(u64) -> DateTime<Utc>, wait: u64, service: u64, window: &str) -> Vec<Step> {
    let s = |kind, to, m, detail: Option<String>| Step { kind, to, at: at(m), detail };
    let issue = |c: &str| s("issue", State::Waiting, 0, Some(c.to_string()));
    let finish = |o: Outcome, m| {
        let to = if o == Outcome::Referred { State::Referred } else { State::Done };
        s("finish", to, m, Some(format!("outcome={};", o.code())))
    };
    match plan {
        Plan::Call(c) => vec![s("issue", State::Done, 0, Some(c.to_string()))],
        Plan::Cancel => vec![issue("walk_in"), s("cancel", State::Cancelled, wait / 2 + 1, None)],
        Plan::NoShow => vec![
            issue("walk_in"),
            s("call", State::Called, wait, None),
            s("recall", State::Called, wait + 2, None),
            s("recall", State::Called, wait + 4, None),
            s("no_show", State::NoShow, wait + 6, None),
        ],
        Plan::Transfer => vec![
            issue("walk_in"),
            s("call", State::Called, wait, None),
            s("begin", State::Serving, wait + 1, None),
            s("transfer", State::Waiting, wait + 4, Some(format!("window={window};"))),
            s("call", State::Called, wait + 9, None),
            s("begin", State::Serving, wait + 10, None),
            finish(Outcome::DoneFirstVisit, wait + 10 + service),
        ],
        Plan::Done(o) => vec![
            issue("walk_in"),
            s("call", State::Called, wait, None),
            s("begin", State::Serving, wait + 1, None),
            finish(*o, wait + 1 + service),
        ],
    }
}

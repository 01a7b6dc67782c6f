//! 困难档案 in the summary (#25): households in file at the period's end by category and by
//! cause, files filed, reviewed, exited (by reason) and lapsed in the period, visits made and
//! households overdue a visit. Read straight from the `hardship_*` tables once for the period
//! and counted for the whole and for each day. The as-of figures follow the file's events (each
//! carries the state and valid-until after it), so a past day reads as it stood that evening.

use super::{Period, Summary};
use crate::config::Settings;
use crate::db::DbError;
use crate::domain::hardship::{Category, Cause, ExitReason, causes_parse};
use chrono::{DateTime, Days, NaiveDate, Utc};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct InFile {
    pub total: i64,
    /// Every category code, zero ones too.
    pub by_category: BTreeMap<String, i64>,
    /// Every cause code, zero ones too: a household counts once per cause it has.
    pub by_cause: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Exited {
    pub total: i64,
    /// Every exit reason code, zero ones too.
    pub by_reason: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Hardship {
    /// Filed and current at the as-of moment.
    pub in_file: InFile,
    pub filed: i64,
    pub reviewed: i64,
    pub exited: Exited,
    pub lapsed: i64,
    pub visits: i64,
    pub overdue_visits: i64,
}

impl Hardship {
    /// All zero, every code present.
    pub fn zero() -> Self {
        let codes = |list: &mut dyn Iterator<Item = &'static str>| list.map(|c| (c.to_string(), 0)).collect();
        Hardship {
            in_file: InFile {
                total: 0,
                by_category: codes(&mut Category::ALL.iter().map(|c| c.code())),
                by_cause: codes(&mut Cause::ALL.iter().map(|c| c.code())),
            },
            exited: Exited { total: 0, by_reason: codes(&mut ExitReason::ALL.iter().map(|c| c.code())) },
            ..Default::default()
        }
    }
}

/// An event as the figures need it.
#[derive(Debug, Clone)]
struct Ev {
    day: NaiveDate,
    action: String,
    state: String,
    valid_until: Option<NaiveDate>,
}

/// A file: its events in order, the categories its approved reviews gave (day, category), its
/// visits' days, and what is on the file itself.
#[derive(Debug, Default)]
struct File {
    events: Vec<Ev>,
    reviews: Vec<(NaiveDate, Option<String>)>,
    visits: Vec<NaiveDate>,
    category: Option<String>,
    causes: Vec<Cause>,
    exit_reason: Option<String>,
    filed_on: Option<NaiveDate>,
}

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| s.get(..10).and_then(|d| d.parse().ok()))
}

/// Everything up to the period's end, read once.
struct Loaded {
    files: Vec<File>,
    visit_days: Vec<NaiveDate>,
    interval: u64,
    today: NaiveDate,
}

fn load(conn: &Connection, settings: &Settings, p: Period, today: NaiveDate) -> Result<Loaded, DbError> {
    let to = p.to.to_string();
    let mut files: Vec<File> = vec![];
    let mut index: BTreeMap<i64, usize> = BTreeMap::new();
    let mut st = conn.prepare(
        "SELECT id, category, causes, exit_reason, filed_on FROM hardship_files
         WHERE id IN (SELECT file_id FROM hardship_events WHERE day <= ?1) ORDER BY id",
    )?;
    let mut rows = st.query([&to])?;
    while let Some(r) = rows.next()? {
        index.insert(r.get(0)?, files.len());
        files.push(File {
            category: r.get(1)?,
            causes: causes_parse(&r.get::<_, String>(2)?),
            exit_reason: r.get(3)?,
            filed_on: date(r.get(4)?),
            ..Default::default()
        });
    }
    let mut st = conn.prepare(
        "SELECT file_id, day, action, state, valid_until FROM hardship_events WHERE day <= ?1
         ORDER BY file_id, day, id",
    )?;
    let mut rows = st.query([&to])?;
    while let Some(r) = rows.next()? {
        let Some(f) = index.get(&r.get(0)?).and_then(|i| files.get_mut(*i)) else { continue };
        let Some(day) = date(r.get(1)?) else { continue };
        f.events.push(Ev { day, action: r.get(2)?, state: r.get(3)?, valid_until: date(r.get(4)?) });
    }
    let mut st = conn.prepare(
        "SELECT file_id, approved_on, category FROM hardship_reviews
         WHERE state = 'approved' AND result = 'continue' AND approved_on <= ?1 ORDER BY file_id, approved_on, id",
    )?;
    let mut rows = st.query([&to])?;
    while let Some(r) = rows.next()? {
        let Some(f) = index.get(&r.get(0)?).and_then(|i| files.get_mut(*i)) else { continue };
        if let Some(day) = date(r.get(1)?) {
            f.reviews.push((day, r.get(2)?));
        }
    }
    let mut visit_days = vec![];
    let mut st = conn.prepare(
        "SELECT file_id, visited_on FROM hardship_visits WHERE visited_on <= ?1 ORDER BY visited_on",
    )?;
    let mut rows = st.query([&to])?;
    while let Some(r) = rows.next()? {
        let Some(day) = date(r.get(1)?) else { continue };
        if day >= p.from {
            visit_days.push(day);
        }
        if let Some(f) = index.get(&r.get(0)?).and_then(|i| files.get_mut(*i)) {
            f.visits.push(day);
        }
    }
    Ok(Loaded { files, visit_days, interval: settings.config.hardship.visit_interval_days.into(), today })
}

impl File {
    /// The latest event on or before `d`.
    fn at(&self, d: NaiveDate) -> Option<&Ev> {
        let k = self.events.partition_point(|e| e.day <= d);
        k.checked_sub(1).and_then(|k| self.events.get(k))
    }

    /// Filed (current or lapsed) at the end of `d`.
    fn filed_at(&self, d: NaiveDate) -> bool {
        self.at(d).is_some_and(|e| e.state == "filed")
    }

    /// Filed and current on `d`: its valid-until (as of then) not before `d`.
    fn current_at(&self, d: NaiveDate) -> bool {
        self.at(d).is_some_and(|e| e.state == "filed" && e.valid_until.is_none_or(|v| v >= d))
    }

    /// The category as of `d`: the latest review approved by then, else the file's own.
    fn category_at(&self, d: NaiveDate) -> Option<&str> {
        let k = self.reviews.partition_point(|(day, _)| *day <= d);
        match k.checked_sub(1).and_then(|k| self.reviews.get(k)) {
            Some((_, Some(c))) => Some(c.as_str()),
            _ => self.category.as_deref(),
        }
    }

    /// The days in `[from, to]` the file lapsed: a valid-until `v` it carried with `v + 1` in
    /// the span, and still carried at the end of `v` (not moved on by a review, nor exited).
    fn lapses(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let mut seen: Vec<NaiveDate> = vec![];
        for v in self.events.iter().filter_map(|e| e.valid_until) {
            let Some(lapse) = v.succ_opt() else { continue };
            if lapse < from || lapse > to || seen.contains(&v) {
                continue;
            }
            seen.push(v);
        }
        seen.iter()
            .filter(|v| self.at(**v).is_some_and(|e| e.state == "filed" && e.valid_until == Some(**v)))
            .count() as i64
    }
}

impl Loaded {
    fn figures(&self, p: Period) -> Hardship {
        let mut h = Hardship::zero();
        let a = self.visit_days.partition_point(|d| *d < p.from);
        let b = self.visit_days.partition_point(|d| *d <= p.to);
        h.visits = b.saturating_sub(a) as i64;
        for f in &self.files {
            for e in f.events.iter().filter(|e| e.day >= p.from && e.day <= p.to) {
                match (e.action.as_str(), e.state.as_str()) {
                    ("approve", _) => h.filed += 1,
                    ("review_approve", "filed") => h.reviewed += 1,
                    ("exit", _) | ("review_approve", "exited") => {
                        h.exited.total += 1;
                        let reason = f.exit_reason.clone().unwrap_or_else(|| "other".into());
                        *h.exited.by_reason.entry(reason).or_default() += 1;
                    }
                    _ => {}
                }
            }
        }
        // A period not begun has no as-of figures; a running one is as of today.
        if p.from > self.today {
            return h;
        }
        let end = p.to.min(self.today);
        // A due date falls at the end of its day: as of a past day's end its own have fallen; as
        // of now, today's have not.
        let fallen = if p.to >= self.today { self.today } else { p.to.succ_opt().unwrap_or(p.to) };
        for f in &self.files {
            h.lapsed += f.lapses(p.from, end);
            if f.current_at(end) {
                h.in_file.total += 1;
                if let Some(c) = f.category_at(end) {
                    *h.in_file.by_category.entry(c.to_string()).or_default() += 1;
                }
                for c in &f.causes {
                    *h.in_file.by_cause.entry(c.code().to_string()).or_default() += 1;
                }
            }
            if f.filed_at(end) {
                let k = f.visits.partition_point(|d| *d <= end);
                let last = k.checked_sub(1).and_then(|k| f.visits.get(k)).copied().or(f.filed_on);
                let due = last.and_then(|d| d.checked_add_days(Days::new(self.interval)));
                if due.is_some_and(|due| due < fallen) {
                    h.overdue_visits += 1;
                }
            }
        }
        h
    }
}

/// Sets a summary's 困难档案 figures (and each of its days').
pub fn apply(
    conn: &Connection,
    settings: &Settings,
    p: Period,
    now: DateTime<Utc>,
    s: &mut Summary,
) -> Result<(), DbError> {
    let today = crate::domain::dates::local_day(now, settings.tz);
    let loaded = load(conn, settings, p, today)?;
    s.hardship = loaded.figures(p);
    for day in s.days.iter_mut() {
        if let Some(d) = day.date.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()) {
            day.hardship = loaded.figures(Period::day(d));
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "hardship_tests.rs"]
mod tests;

//! The summary: every figure for a day, month, quarter, year or range, computed from recorded
//! events in the configured timezone by one query layer that every format renders (the F5 tab,
//! text, md, csv, json, xlsx).

mod figures;
mod followups;
pub mod fund;
pub mod fund_check;
pub mod fund_figures;
pub mod hardship;
mod hardship_tables;
mod loans;
pub mod publicity;
pub mod render;
mod walkins;
pub mod xlsx;

use crate::config::Settings;
use crate::db::DbError;
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;

/// The days a summary covers (both ends included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn day(d: NaiveDate) -> Self {
        Period { from: d, to: d }
    }

    pub fn month(year: i32, month: u32) -> Option<Self> {
        let from = NaiveDate::from_ymd_opt(year, month, 1)?;
        let to = from.checked_add_months(Months::new(1))?.pred_opt()?;
        Some(Period { from, to })
    }

    pub fn quarter(year: i32, q: u32) -> Option<Self> {
        if !(1..=4).contains(&q) {
            return None;
        }
        let from = NaiveDate::from_ymd_opt(year, 3 * (q - 1) + 1, 1)?;
        Some(Period { from, to: from.checked_add_months(Months::new(3))?.pred_opt()? })
    }

    pub fn year(year: i32) -> Option<Self> {
        Some(Period {
            from: NaiveDate::from_ymd_opt(year, 1, 1)?,
            to: NaiveDate::from_ymd_opt(year, 12, 31)?,
        })
    }

    /// The month, quarter or year holding `d`.
    pub fn month_of(d: NaiveDate) -> Self {
        Period::month(d.year(), d.month()).unwrap_or(Period::day(d))
    }

    pub fn quarter_of(d: NaiveDate) -> Self {
        Period::quarter(d.year(), (d.month() - 1) / 3 + 1).unwrap_or(Period::day(d))
    }

    pub fn year_of(d: NaiveDate) -> Self {
        Period::year(d.year()).unwrap_or(Period::day(d))
    }

    pub fn is_day(&self) -> bool {
        self.from == self.to
    }

    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.from.iter_days().take_while(|d| *d <= self.to)
    }

    /// The same length just before (a day before a day, the month before a month…).
    pub fn shifted(&self, forward: bool) -> Period {
        let n = (self.to - self.from).num_days() as u64 + 1;
        let whole_month = self.from.day() == 1 && self.to.succ_opt().is_some_and(|d| d.day() == 1);
        if whole_month {
            let months = Months::new(
                ((self.to.year() - self.from.year()) * 12 + self.to.month() as i32 - self.from.month() as i32
                    + 1) as u32,
            );
            let from = if forward {
                self.from.checked_add_months(months)
            } else {
                self.from.checked_sub_months(months)
            };
            if let Some(from) = from
                && let Some(to) = from.checked_add_months(months).and_then(|d| d.pred_opt())
            {
                return Period { from, to };
            }
        }
        let (from, to) = if forward {
            (self.from.checked_add_days(Days::new(n)), self.to.checked_add_days(Days::new(n)))
        } else {
            (self.from.checked_sub_days(Days::new(n)), self.to.checked_sub_days(Days::new(n)))
        };
        match (from, to) {
            (Some(from), Some(to)) => Period { from, to },
            _ => *self,
        }
    }
}

/// Minutes, one decimal, `None` where nothing was measured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Minutes {
    pub avg: Option<f64>,
    pub p50: Option<f64>,
    pub p90: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Walkins {
    pub total: i64,
    /// Finished at a window (a finish step with its outcome): 办结, the denominator of
    /// `first_visit_done_rate`. Imports, calls and online requests are not.
    pub served: i64,
    pub by_category: BTreeMap<String, i64>,
    /// The states of the visits that came in (walk-ins and imported ones); calls and online
    /// requests are in `by_channel` only.
    pub by_status: BTreeMap<String, i64>,
    pub by_window: BTreeMap<String, i64>,
    pub by_channel: BTreeMap<String, i64>,
    pub wait_minutes: Minutes,
    pub service_minutes: Minutes,
    pub over_target_share: Option<f64>,
    pub no_show_rate: Option<f64>,
    pub first_visit_done_rate: Option<f64>,
    pub referred_to: BTreeMap<String, i64>,
    pub open_followups: i64,
    /// Arrivals per half hour of the day (48 slots, 00:00–00:30 first), imported ones included.
    pub arrivals_by_half_hour: Vec<i64>,
    /// Average wait of the visits called in each half hour (`None` where none was).
    pub wait_by_half_hour: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Claims {
    pub lookups: i64,
    pub registered: i64,
    pub status_changes: BTreeMap<String, i64>,
    /// Sums of fen in i128: a hundred thousand claims at the most a kind may allow, or rows
    /// edited in the database past it, cannot wrap them.
    pub approved_fen: i128,
    pub paid_fen: i128,
    pub late: i64,
    /// Open claims whose due date the configured calendar cannot give (a year without its
    /// `[calendar.YYYY]`): never counted late, so said apart.
    pub due_unknown: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Letters {
    /// Recuperation letters issued (commitments are in `by_type`).
    pub issued: i64,
    /// Voided, a re-issue's replaced letter included.
    pub voided: i64,
    /// Recuperation letters by recuperation unit.
    pub by_unit: BTreeMap<String, i64>,
    /// Every letter issued, by type: `recuperation`, `commitment`.
    pub by_type: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StockAlert {
    pub item: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<String>,
    pub qty: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u32>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub expired: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Station {
    /// Units lent, and units returned, in the period.
    pub lent: i64,
    pub returned: i64,
    /// Units out on loans overdue as of the period's end (or now), and those loans.
    pub overdue: i64,
    pub overdue_loans: i64,
    pub return_rate: Option<f64>,
    pub in_hall: BTreeMap<String, i64>,
    pub given: BTreeMap<String, i64>,
    pub help: BTreeMap<String, i64>,
    pub low_stock: Vec<StockAlert>,
    pub expiring: Vec<StockAlert>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ClerkFigures {
    pub walkins: i64,
    pub claims: i64,
    pub letters: i64,
    pub station: i64,
}

/// Everything for one period; a range carries one of these per day in `days`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The moment the as-of figures (逾期未办结, 逾期未还, the return rate, stock alerts,
    /// 待回访) are for, RFC 3339 in the centre's timezone: the end of the period's last day, or
    /// now for a period still running (a future one too).
    pub as_of: String,
    /// The period runs past now: its as-of figures are for now.
    #[serde(skip)]
    pub running: bool,
    pub walkins: Walkins,
    pub claims: Claims,
    pub letters: Letters,
    pub station: Station,
    /// 困难档案 (#25): see `hardship`.
    pub hardship: hardship::Hardship,
    /// 帮扶资金 (#26): per programme-year, committed and paid in the period and recipients.
    pub fund: Vec<fund_figures::Programme>,
    pub clerks: BTreeMap<String, ClerkFigures>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<Summary>,
}

/// Rounds to one decimal (minutes).
pub fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Rounds a share to four decimals.
pub fn share(n: i64, of: i64) -> Option<f64> {
    (of > 0).then(|| (n as f64 / of as f64 * 10_000.0).round() / 10_000.0)
}

/// Nearest-rank percentile of sorted values.
pub fn nearest_rank(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted.get(rank - 1).copied()
}

/// avg / p50 / p90 of the measured values.
pub fn minutes_of(mut values: Vec<f64>) -> Minutes {
    if values.is_empty() {
        return Minutes::default();
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let avg = values.iter().sum::<f64>() / values.len() as f64;
    Minutes {
        avg: Some(one_decimal(avg)),
        p50: nearest_rank(&values, 50.0).map(one_decimal),
        p90: nearest_rank(&values, 90.0).map(one_decimal),
    }
}

/// Up to a year is read whole (on two connections at once, the fastest); longer, in pieces.
const LONG_DAYS: usize = 366;

/// Days read at once for a long period: the visits of a piece are held, not of the whole range.
const PIECE_DAYS: u64 = 31;

/// The summary of `period`; a period of more than one day adds a row per day. A period longer
/// than a year is read a month at a time, so memory does not grow with the range.
pub fn summary(conn: &Connection, settings: &Settings, period: Period) -> Result<Summary, DbError> {
    summary_at(conn, settings, period, chrono::Utc::now())
}

/// The summary as read at `now`: a period running past now has its as-of figures for now.
pub fn summary_at(
    conn: &Connection,
    settings: &Settings,
    period: Period,
    now: DateTime<Utc>,
) -> Result<Summary, DbError> {
    let at = AsOf { now, today: crate::domain::dates::local_day(now, settings.tz) };
    let mut s = if period.days().count() > LONG_DAYS {
        long_summary(conn, settings, period, at)?
    } else {
        whole_summary(conn, settings, period, at)?
    };
    followups::apply(conn, settings, period, now, &mut s)?;
    hardship::apply(conn, settings, period, now, &mut s)?;
    fund_figures::apply(conn, settings, period, &mut s)?;
    Ok(s)
}

/// When the figures are read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AsOf {
    now: DateTime<Utc>,
    today: NaiveDate,
}

impl AsOf {
    fn running(&self, p: Period) -> bool {
        p.to >= self.today
    }

    /// The as-of moment of `p`, as the summary states it.
    fn stamp(&self, settings: &Settings, p: Period) -> String {
        let at = if !self.running(p) {
            p.to.succ_opt()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .and_then(|d| d.and_local_timezone(settings.tz).earliest())
                .map(|t| t.fixed_offset())
        } else {
            None
        };
        let at = at.unwrap_or_else(|| self.now.with_timezone(&settings.tz).fixed_offset());
        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }
}

/// A period read whole: its visits on one connection, the rest on another at the same time.
pub(crate) fn whole_summary(
    conn: &Connection,
    settings: &Settings,
    period: Period,
    at: AsOf,
) -> Result<Summary, DbError> {
    let (visits, others) =
        figures::Loaded::read(conn, settings, period, at.today, |c| walkins::load(c, settings, period))?;
    let mut out = build(settings, period, &visits, &others, at);
    if !period.is_day() {
        out.from = Some(period.from.to_string());
        out.to = Some(period.to.to_string());
        out.date = None;
        out.days = period.days().map(|d| build(settings, Period::day(d), &visits, &others, at)).collect();
    }
    Ok(out)
}

/// A long period in pieces: each piece's visits give its days' rows and are added to the
/// period's tally; the claims, letters and station are read once for the whole period.
fn long_summary(
    conn: &Connection,
    settings: &Settings,
    period: Period,
    at: AsOf,
) -> Result<Summary, DbError> {
    let ((), others) = figures::Loaded::read(conn, settings, period, at.today, |_| Ok(()))?;
    let mut tally = walkins::Tally::new(settings);
    let mut clerks = others.clerks(period, &[]);
    let mut days = Vec::with_capacity(period.days().count());
    let mut from = period.from;
    while from <= period.to {
        let to =
            from.checked_add_days(chrono::Days::new(PIECE_DAYS - 1)).map_or(period.to, |d| d.min(period.to));
        let piece = Period { from, to };
        let visits = walkins::load(conn, settings, piece)?;
        for v in &visits {
            tally.add(v);
        }
        figures::count_visits(&visits, &mut clerks);
        days.extend(piece.days().map(|d| build(settings, Period::day(d), &visits, &others, at)));
        let Some(next) = to.succ_opt() else { break };
        from = next;
    }
    Ok(Summary {
        date: None,
        from: Some(period.from.to_string()),
        to: Some(period.to.to_string()),
        as_of: at.stamp(settings, period),
        running: at.running(period),
        walkins: tally.finish(),
        claims: others.claims(settings, period),
        letters: others.letters(settings, period),
        station: others.station(settings, period),
        hardship: hardship::Hardship::zero(),
        fund: vec![],
        clerks,
        days,
    })
}

fn build(
    settings: &Settings,
    period: Period,
    visits: &[walkins::Visit],
    others: &figures::Loaded,
    at: AsOf,
) -> Summary {
    let mut s = Summary {
        date: Some(period.from.to_string()),
        as_of: at.stamp(settings, period),
        running: at.running(period),
        walkins: walkins::figures(settings, period, visits),
        claims: others.claims(settings, period),
        letters: others.letters(settings, period),
        station: others.station(settings, period),
        ..Default::default()
    };
    s.clerks = others.clerks(period, visits);
    s
}

#[cfg(test)]
mod tests;

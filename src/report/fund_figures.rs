//! 帮扶资金 in the summary (issue #26, DOMAIN "Hardship files and the aid fund" → figures): per
//! programme of the programme-years the period touches, the amounts approved (committed) and
//! paid in the period and the households (workers) they went to. By event day in the centre's
//! timezone, as the summary's other claim amounts: a claim's first approval and first payment
//! in the period count, an import on the day it was recorded. A claim of last year's programme
//! paid this period is listed under last year's programme.

use super::figures::{bounds, local_day};
use super::render::{Cell, Table};
use super::{Period, Summary};
use crate::config::Settings;
use crate::db::DbError;
use crate::db::fund_period::{Step, standing_at, steps};
use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeSet;

/// One programme-year's figures for the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Programme {
    pub year: i32,
    /// The programme's code (`[[fund.programmes]]`).
    pub programme: String,
    pub name: String,
    /// Σ amount approved of its claims approved in the period (fen).
    pub committed_fen: i128,
    /// Σ amount paid of its claims paid in the period (fen).
    pub paid_fen: i128,
    /// Distinct workers with a claim of it approved or paid in the period.
    pub recipients: i64,
    /// The budget in force at the period's end (the latest change before it, else the
    /// config's); `None` on each day's row.
    pub budget_fen: Option<i128>,
    /// That budget less what stood committed and paid at the period's end; `None` on each
    /// day's row.
    pub remaining_fen: Option<i128>,
}

/// The period's programmes: the config's of each year the period touches, in config order, then
/// any other programme-year a step in the period belongs to (by year and code).
fn figures(settings: &Settings, p: Period, all: &[(NaiveDate, Step)]) -> Vec<Programme> {
    let a = all.partition_point(|(d, _)| *d < p.from);
    let b = all.partition_point(|(d, _)| *d <= p.to);
    let span = &all[a..b.max(a)];
    let fund = &settings.config.fund;
    let mut out: Vec<Programme> = fund
        .programmes
        .iter()
        .filter(|g| (p.from.year()..=p.to.year()).contains(&g.year))
        .map(|g| Programme {
            year: g.year,
            programme: g.code.clone(),
            name: g.name.clone(),
            ..Default::default()
        })
        .collect();
    let mut seen: Vec<BTreeSet<i64>> = vec![BTreeSet::new(); out.len()];
    for (_, s) in span {
        let k = match out.iter().position(|g| g.year == s.year && g.programme == s.programme) {
            Some(k) => k,
            None => {
                let name = fund
                    .programmes
                    .iter()
                    .find(|g| g.year == s.year && g.code == s.programme)
                    .map_or_else(|| s.programme.clone(), |g| g.name.clone());
                out.push(Programme {
                    year: s.year,
                    programme: s.programme.clone(),
                    name,
                    ..Default::default()
                });
                seen.push(BTreeSet::new());
                out.len() - 1
            }
        };
        let (Some(g), Some(workers)) = (out.get_mut(k), seen.get_mut(k)) else { continue };
        if s.to_state == "paid" {
            g.paid_fen += i128::from(s.amount_fen);
        } else {
            g.committed_fen += i128::from(s.amount_fen);
        }
        workers.insert(s.worker_id);
    }
    for (g, w) in out.iter_mut().zip(&seen) {
        g.recipients = w.len() as i64;
    }
    out
}

/// Sets a summary's 帮扶资金 figures (and each of its days').
pub fn apply(conn: &Connection, settings: &Settings, p: Period, s: &mut Summary) -> Result<(), DbError> {
    let (from, to) = bounds(settings, p);
    let all: Vec<(NaiveDate, Step)> =
        steps(conn, &from, &to)?.into_iter().map(|st| (local_day(&st.at, settings), st)).collect();
    s.fund = figures(settings, p, &all);
    for g in s.fund.iter_mut() {
        let config = settings.config.fund.programme(g.year, &g.programme).map_or(0, |c| c.budget_fen);
        let (latest, committed, paid) = standing_at(conn, g.year, &g.programme, &to)?;
        let budget = i128::from(crate::domain::fund::budget_in_force(latest, config));
        g.budget_fen = Some(budget);
        g.remaining_fen = Some(budget - i128::from(committed) - i128::from(paid));
    }
    for day in s.days.iter_mut() {
        if let Some(d) = day.date.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()) {
            day.fund = figures(settings, Period::day(d), &all);
        }
    }
    Ok(())
}

/// The section's table for every format: a row per programme-year.
pub fn table(s: &Summary, lang: Lang) -> Table {
    let w = crate::i18n::report_fund_summary::words(lang);
    Table {
        key: "fund",
        title: w.sheet.into(),
        codes: s.fund.iter().map(|g| g.programme.clone()).collect(),
        header: vec![
            w.programme.into(),
            w.year.into(),
            w.committed.into(),
            w.paid.into(),
            w.recipients.into(),
            w.budget.into(),
            w.remaining.into(),
        ],
        rows: s
            .fund
            .iter()
            .map(|g| {
                vec![
                    Cell::Text(g.name.clone()),
                    Cell::Int(g.year.into()),
                    Cell::Yuan(g.committed_fen),
                    Cell::Yuan(g.paid_fen),
                    Cell::Int(g.recipients),
                    g.budget_fen.map_or(Cell::Text(String::new()), Cell::Yuan),
                    g.remaining_fen.map_or(Cell::Text(String::new()), Cell::Yuan),
                ]
            })
            .collect(),
    }
}

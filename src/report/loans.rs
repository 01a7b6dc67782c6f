//! The station's loans and stock as the summary reads them: the loans a period's overdue and
//! return-rate figures need, and the stock at the end of each day.

use super::Period;
use super::figures::{bounds, day, local_day};
use crate::config::Settings;
use crate::db::DbError;
use crate::domain::station;
use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use std::collections::BTreeMap;

/// A loan as the overdue and return-rate figures need it.
#[derive(Debug, Clone)]
pub(super) struct Loan {
    pub(super) qty: i64,
    pub(super) lent_on: NaiveDate,
    pub(super) due_on: NaiveDate,
    /// (day, units) returned.
    pub(super) returns: Vec<(NaiveDate, i64)>,
    pub(super) lost: i64,
    pub(super) closed_on: Option<NaiveDate>,
}

impl Loan {
    pub(super) fn back_by(&self, e: NaiveDate) -> i64 {
        self.returns.iter().filter(|(d, _)| *d <= e).map(|(_, n)| n).sum()
    }

    /// Units out at the end of `e`, or `now`. A loss is known when the loan closed; a loss on a
    /// loan still open is not dated, so it counts as of now only (as F4 shows it).
    pub(super) fn out_at(&self, e: NaiveDate, now: bool) -> i64 {
        let lost = match self.closed_on {
            Some(d) if d <= e => self.lost,
            None if now => self.lost,
            _ => 0,
        };
        self.qty - self.back_by(e) - lost
    }
}

/// The loans open at some point of the period, or falling due in it or the 30 days before.
pub(super) fn read_loans(conn: &Connection, settings: &Settings, p: Period) -> Result<Vec<Loan>, DbError> {
    let since = p.from.checked_sub_days(Days::new(station::RETURN_RATE_DAYS)).unwrap_or(p.from);
    let (closed_since, _) = bounds(settings, Period::day(since));
    let mut st = conn.prepare(
        // UNION ALL inside IN: each part an index search (a UNION would merge sorted scans).
        "SELECT l.id, l.qty, l.lent_on, l.due_on, l.lost, l.closed_at, m.day, m.qty
         FROM station_loans l LEFT JOIN station_moves m ON m.loan_id = l.id AND m.kind = 'return'
         WHERE l.id IN (SELECT id FROM station_loans INDEXED BY station_loans_open WHERE closed_at IS NULL
                        UNION ALL SELECT id FROM station_loans WHERE due_on BETWEEN ?1 AND ?2
                        UNION ALL SELECT id FROM station_loans WHERE closed_at >= ?3)
           AND l.lent_on <= ?2 ORDER BY l.id, m.id",
    )?;
    let rows = st.query_map([since.to_string(), p.to.to_string(), closed_since], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<i64>>(7)?,
        ))
    })?;
    let mut out: Vec<Loan> = vec![];
    let mut last = None;
    for r in rows {
        let (id, qty, lent, due, lost, closed, rday, rqty) = r?;
        if last != Some(id) {
            out.push(Loan {
                qty,
                lent_on: day(&lent),
                due_on: day(&due),
                returns: vec![],
                lost,
                closed_on: closed.map(|c| local_day(&c, settings)),
            });
            last = Some(id);
        }
        if let (Some(d), Some(n), Some(l)) = (rday, rqty, out.last_mut()) {
            l.returns.push((day(&d), n));
        }
    }
    Ok(out)
}

pub(super) type StockByDay = BTreeMap<(String, String), (Option<NaiveDate>, Vec<(NaiveDate, i64)>)>;

/// Stock per item and batch at the end of each day of the period: what is held now, less the
/// movements after that day (so only the period's and later movements are read).
pub(super) fn read_stock(conn: &Connection, p: Period) -> Result<StockByDay, DbError> {
    let mut out: StockByDay = BTreeMap::new();
    let mut st = conn.prepare("SELECT item, batch, expires_on, qty FROM station_stock")?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut now: BTreeMap<(String, String), i64> = BTreeMap::new();
    for r in rows {
        let (item, batch, expires, qty) = r?;
        now.insert((item.clone(), batch.clone()), qty);
        out.insert((item, batch), (expires.and_then(|e| e.parse().ok()), vec![]));
    }
    let mut st = conn.prepare(
        "SELECT item, batch, day, sum(qty) FROM station_moves WHERE day >= ?1
         GROUP BY item, batch, day ORDER BY item, batch, day DESC",
    )?;
    let rows = st.query_map([p.from.to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?))
    })?;
    // Walking back from now: the stock at the end of a day is now less every later day's moves.
    let mut later: BTreeMap<(String, String), Vec<(NaiveDate, i64)>> = BTreeMap::new();
    for r in rows {
        let (item, batch, d, qty) = r?;
        later.entry((item, batch)).or_default().push((day(&d), qty));
    }
    for (key, (_, days)) in out.iter_mut() {
        let held = now.get(key).copied().unwrap_or(0);
        let moves = later.remove(key).unwrap_or_default();
        // Ends of days, from the first of the period on: (day, stock at its end).
        let mut ends =
            vec![(p.from.pred_opt().unwrap_or(p.from), held - moves.iter().map(|(_, q)| q).sum::<i64>())];
        let mut running = ends[0].1;
        for (d, q) in moves.iter().rev() {
            running += q;
            ends.push((*d, running));
        }
        *days = ends;
    }
    Ok(out)
}

//! The courtesy station's reads: stock by item and batch, open loans, in-hall uses, the day's
//! movements and help, the loans that fell due (for the return rate), and the check of the
//! stock kept against the sum of its movements.

use super::Result;
use crate::domain::station::{self, Due, Lot};
use chrono::{Days, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::collections::BTreeMap;

/// Stock on hand of one item and batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockRow {
    pub item: String,
    pub batch: String,
    pub expires_on: Option<NaiveDate>,
    pub qty: i64,
}

/// A loan, open or closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoanRow {
    pub id: i64,
    pub item: String,
    pub qty: i64,
    pub returned: i64,
    pub lost: i64,
    pub name: String,
    pub phone: String,
    pub id_number: Option<String>,
    pub worker_id: Option<i64>,
    pub ticket: Option<String>,
    pub deposit: bool,
    pub lent_at: String,
    pub lent_on: NaiveDate,
    pub due_on: NaiveDate,
    pub closed_at: Option<String>,
    pub note: Option<String>,
    /// The deposit's refund is on record (`station_refunds`).
    pub refunded: bool,
}

impl LoanRow {
    /// Units still out.
    pub fn outstanding(&self) -> i64 {
        self.qty - self.returned - self.lost
    }

    /// Closed (every unit back or lost) with its deposit not yet refunded: it stays listed.
    pub fn owes_deposit(&self) -> bool {
        self.deposit && self.closed_at.is_some() && !self.refunded
    }
}

/// An in-hall use (a charging slot, a wheelchair).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UseRow {
    pub id: i64,
    pub item: String,
    pub day: NaiveDate,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub ticket: Option<String>,
    pub note: Option<String>,
}

/// One line of the day's log: a movement of stock, a loan event or a help entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveRow {
    pub at: String,
    pub item: String,
    pub batch: String,
    pub kind: String,
    pub qty: i64,
    pub entries: i64,
    pub expected: Option<i64>,
    pub clerk: Option<String>,
    pub ticket: Option<String>,
    pub note: Option<String>,
}

/// A help entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    pub at: String,
    pub kind: String,
    pub note: String,
    pub clerk: Option<String>,
    pub ticket: Option<String>,
}

fn day(s: String) -> NaiveDate {
    s.parse().unwrap_or_default()
}

pub const LOAN_COLUMNS: &str =
    "id, item, qty, returned, lost, name, phone, id_number, worker_id, ticket, deposit,
    lent_at, lent_on, due_on, closed_at, note,
    EXISTS (SELECT 1 FROM station_refunds r WHERE r.loan_id = station_loans.id) AS refunded";

pub fn loan_row(r: &Row) -> rusqlite::Result<LoanRow> {
    Ok(LoanRow {
        id: r.get(0)?,
        item: r.get(1)?,
        qty: r.get(2)?,
        returned: r.get(3)?,
        lost: r.get(4)?,
        name: r.get(5)?,
        phone: r.get(6)?,
        id_number: r.get(7)?,
        worker_id: r.get(8)?,
        ticket: r.get(9)?,
        deposit: r.get(10)?,
        lent_at: r.get(11)?,
        lent_on: day(r.get(12)?),
        due_on: day(r.get(13)?),
        closed_at: r.get(14)?,
        note: r.get(15)?,
        refunded: r.get(16)?,
    })
}

/// Every item and batch with stock recorded, by item then expiry.
pub fn stock(conn: &Connection) -> Result<Vec<StockRow>> {
    let mut st = conn.prepare_cached(
        "SELECT item, batch, expires_on, qty FROM station_stock ORDER BY item, coalesce(expires_on, '9999'), batch",
    )?;
    let rows = st.query_map([], |r| {
        Ok(StockRow {
            item: r.get(0)?,
            batch: r.get(1)?,
            expires_on: r.get::<_, Option<String>>(2)?.map(day),
            qty: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The batches of one item.
pub fn lots(conn: &Connection, item: &str) -> Result<Vec<Lot>> {
    let mut st = conn.prepare_cached("SELECT batch, expires_on, qty FROM station_stock WHERE item = ?1")?;
    let rows = st.query_map([item], |r| {
        Ok(Lot { batch: r.get(0)?, expires_on: r.get::<_, Option<String>>(1)?.map(day), qty: r.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Units out on open loans, by item.
pub fn out_by_item(conn: &Connection) -> Result<BTreeMap<String, i64>> {
    let mut st = conn.prepare_cached(
        "SELECT item, sum(qty - returned - lost) FROM station_loans WHERE closed_at IS NULL GROUP BY item",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every open loan counted, and the units still out on them: a loan (笔) may be of several units (件).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OpenCounts {
    pub loans: i64,
    pub units: i64,
    /// Of them, overdue.
    pub late: i64,
    pub late_units: i64,
    /// Closed loans whose deposit is still to be refunded (listed with the open ones).
    pub owed: i64,
}

/// A loan closed (every unit back or lost) whose deposit was not refunded: it stays on the
/// list, owing, until a refund is recorded.
const OWED: &str = "deposit = 1 AND closed_at IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM station_refunds r WHERE r.loan_id = station_loans.id)";

/// The loans F4 lists: the open ones (by their index) and the closed ones owing a deposit.
fn listed() -> String {
    format!(
        "(SELECT {LOAN_COLUMNS} FROM station_loans INDEXED BY station_loans_open WHERE closed_at IS NULL
          UNION ALL SELECT {LOAN_COLUMNS} FROM station_loans INDEXED BY station_loans_deposit_closed
          WHERE {OWED})"
    )
}

/// Open loans and their units out, and of them overdue on `today`.
pub fn open_counts(conn: &Connection, today: NaiveDate) -> Result<OpenCounts> {
    Ok(conn
        .query_row(
            "SELECT count(*), coalesce(sum(qty - returned - lost), 0), coalesce(sum(due_on < ?1), 0),
                coalesce(sum(CASE WHEN due_on < ?1 THEN qty - returned - lost END), 0)
         FROM station_loans WHERE closed_at IS NULL",
            [today.to_string()],
            |r| {
                Ok(OpenCounts {
                    loans: r.get(0)?,
                    units: r.get(1)?,
                    late: r.get(2)?,
                    late_units: r.get(3)?,
                    owed: 0,
                })
            },
        )?
        .with_owed({
            let sql = format!(
                "SELECT count(*) FROM station_loans INDEXED BY station_loans_deposit_closed WHERE {OWED}"
            );
            conn.query_row(&sql, [], |r| r.get(0))?
        }))
}

impl OpenCounts {
    fn with_owed(self, owed: i64) -> Self {
        OpenCounts { owed, ..self }
    }
}

/// The listed loans' search: a name, the phone's last digits or a ticket (empty: all).
const LOAN_MATCH: &str = "(:q = '' OR instr(name, :q) > 0 OR phone LIKE '%' || :q
     OR upper(coalesce(ticket, '')) = upper(:q))";

/// A page of at most `n` listed loans (open, or closed owing a deposit) matching `query`, the longest overdue first (by due date,
/// then id), read `from` a loan by keyset: any open loan is reachable however many there are.
pub fn open_loans(conn: &Connection, query: &str, from: super::page::From, n: usize) -> Result<Vec<LoanRow>> {
    let anchor = "SELECT due_on FROM station_loans WHERE id = :at";
    let (bound, dir, reverse) = from.keyset_by(super::page::Order::OldestFirst, ("due_on", "id"), anchor);
    let cond = bound.as_ref().map_or(String::new(), |(c, _)| format!(" AND {c}"));
    let sql = format!(
        "SELECT * FROM {} WHERE {LOAN_MATCH}{cond} ORDER BY due_on {dir}, id {dir} LIMIT :n",
        listed()
    );
    let (q, n) = (query.trim(), n as i64);
    let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":q", &q), (":n", &n)];
    if let Some((_, at)) = &bound {
        params.push((":at", at));
    }
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query_map(params.as_slice(), loan_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    if reverse {
        rows.reverse();
    }
    Ok(rows)
}

/// How many open loans match `query` (the count beside a search).
pub fn open_loans_matching(conn: &Connection, query: &str) -> Result<i64> {
    let sql = format!("SELECT count(*) FROM {} WHERE {LOAN_MATCH}", listed());
    Ok(conn.query_row(&sql, rusqlite::named_params! {":q": query.trim()}, |r| r.get(0))?)
}

pub fn loan(conn: &Connection, id: i64) -> Result<Option<LoanRow>> {
    let sql = format!("SELECT {LOAN_COLUMNS} FROM station_loans WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], loan_row).optional()?)
}

/// A worker's loans, under their ID or their phone, newest first (for the worker card).
pub fn loans_of_worker(conn: &Connection, worker_id: i64, phone: Option<&str>) -> Result<Vec<LoanRow>> {
    let sql = format!(
        "SELECT {LOAN_COLUMNS} FROM station_loans WHERE worker_id = ?1
         UNION SELECT {LOAN_COLUMNS} FROM station_loans WHERE phone = ?2 ORDER BY id DESC LIMIT 50"
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(params![worker_id, phone], loan_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// In-hall uses still open on `today` (those of earlier days closed at their day's end).
pub fn uses_open(conn: &Connection, today: NaiveDate) -> Result<Vec<UseRow>> {
    let mut st = conn.prepare_cached(
        "SELECT id, item, day, started_at, ended_at, ticket, note FROM station_uses
         WHERE day = ?1 AND ended_at IS NULL ORDER BY id",
    )?;
    let rows = st.query_map([today.to_string()], |r| {
        Ok(UseRow {
            id: r.get(0)?,
            item: r.get(1)?,
            day: day(r.get(2)?),
            started_at: r.get(3)?,
            ended_at: r.get(4)?,
            ticket: r.get(5)?,
            note: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Uses open on `today`, by item.
pub fn in_use_by_item(conn: &Connection, today: NaiveDate) -> Result<BTreeMap<String, i64>> {
    let mut st = conn.prepare_cached(
        "SELECT item, count(*) FROM station_uses WHERE day = ?1 AND ended_at IS NULL GROUP BY item",
    )?;
    let rows = st.query_map([today.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every step of the day but help entries, newest first, with the clerk's login: the stock
/// movements, lost closes (`lost`, units off the loan as negative), in-hall uses (`in_hall`) and
/// deposits refunded (`refund`).
pub fn moves_of_day(conn: &Connection, on: NaiveDate) -> Result<Vec<MoveRow>> {
    let mut st = conn.prepare_cached(
        "SELECT at, item, batch, kind, qty, entries, expected, login, ticket, note FROM (
           SELECT m.at, m.item, m.batch, m.kind, m.qty, m.entries, m.expected, c.login, m.ticket, m.note,
                  0 AS src, m.id AS id
           FROM station_moves m LEFT JOIN clerks c ON c.id = m.clerk_id WHERE m.day = ?1
           UNION ALL
           SELECT s.at, l.item, '', 'lost', -s.qty, 1, NULL, c.login, l.ticket, s.reason, 1, s.id
           FROM station_lost s JOIN station_loans l ON l.id = s.loan_id
           LEFT JOIN clerks c ON c.id = s.clerk_id WHERE s.day = ?1
           UNION ALL
           SELECT u.started_at, u.item, '', 'in_hall', 1, 1, NULL, c.login, u.ticket, u.note, 2, u.id
           FROM station_uses u LEFT JOIN clerks c ON c.id = u.clerk_id WHERE u.day = ?1
           UNION ALL
           SELECT r.at, l.item, '', 'refund', 0, 1, NULL, c.login, l.ticket, l.name, 3, r.id
           FROM station_refunds r JOIN station_loans l ON l.id = r.loan_id
           LEFT JOIN clerks c ON c.id = r.clerk_id WHERE r.day = ?1
         ) ORDER BY at DESC, src DESC, id DESC",
    )?;
    let rows = st.query_map([on.to_string()], |r| {
        Ok(MoveRow {
            at: r.get(0)?,
            item: r.get(1)?,
            batch: r.get(2)?,
            kind: r.get(3)?,
            qty: r.get(4)?,
            entries: r.get(5)?,
            expected: r.get(6)?,
            clerk: r.get(7)?,
            ticket: r.get(8)?,
            note: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The day's help entries, newest first.
pub fn help_of_day(conn: &Connection, on: NaiveDate) -> Result<Vec<HelpRow>> {
    let mut st = conn.prepare_cached(
        "SELECT h.at, h.kind, h.note, c.login, h.ticket FROM station_help h
         LEFT JOIN clerks c ON c.id = h.clerk_id WHERE h.day = ?1 ORDER BY h.id DESC",
    )?;
    let rows = st.query_map([on.to_string()], |r| {
        Ok(HelpRow { at: r.get(0)?, kind: r.get(1)?, note: r.get(2)?, clerk: r.get(3)?, ticket: r.get(4)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The return rate over the 30 days ending `on`.
pub fn return_rate(conn: &Connection, on: NaiveDate) -> Result<Option<f64>> {
    let from = on.checked_sub_days(Days::new(station::RETURN_RATE_DAYS)).unwrap_or(on);
    let mut st = conn.prepare_cached(
        "SELECT due_on, returned = qty FROM station_loans WHERE due_on > ?1 AND due_on <= ?2",
    )?;
    let rows = st.query_map(params![from.to_string(), on.to_string()], |r| {
        Ok(Due { due_on: day(r.get(0)?), returned: r.get(1)? })
    })?;
    let dues: Vec<Due> = rows.collect::<rusqlite::Result<_>>()?;
    Ok(station::return_rate(&dues, on))
}

/// The stock kept against the sum of the movement log: one line per item and batch that differ.
pub fn check(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare("SELECT item, batch, qty FROM station_moves")?;
    let moves: Vec<(String, String, i64)> =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    let logged = station::balances(moves.iter().map(|(i, b, q)| (i.as_str(), b.as_str(), *q)));
    let kept: BTreeMap<(String, String), i64> =
        stock(conn)?.into_iter().map(|s| ((s.item, s.batch), s.qty)).collect();
    let mut problems = vec![];
    for key in logged.keys().chain(kept.keys().filter(|k| !logged.contains_key(*k))) {
        let (l, k) = (logged.get(key).copied().unwrap_or(0), kept.get(key).copied().unwrap_or(0));
        if l != k {
            let (item, batch) = key;
            problems.push(format!("station stock {item}/{batch}: kept {k}, the movements add up to {l}"));
        }
    }
    Ok(problems)
}

/// The units of a loan item the centre owns: in stock and out on open loans (lost ones gone).
pub fn owned(conn: &Connection, item: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce((SELECT sum(qty) FROM station_stock WHERE item = ?1), 0)
                  + coalesce((SELECT sum(qty - returned - lost) FROM station_loans WHERE item = ?1 AND closed_at IS NULL), 0)",
        [item],
        |r| r.get(0),
    )?)
}

/// Whether ticket `letter` + `number` was issued on `day` (`A12` is the slip's `A012`).
pub fn ticket_issued(conn: &Connection, day: NaiveDate, letter: &str, number: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM visits WHERE day = ?1 AND substr(ticket, 1, 1) = ?2
             AND CAST(substr(ticket, 2) AS INTEGER) = ?3 LIMIT 1",
        )?
        .exists(params![day.to_string(), letter, number])?)
}

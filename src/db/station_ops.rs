//! The courtesy station's writes, each inside the caller's write transaction (`BEGIN
//! IMMEDIATE`, so two terminals cannot both take the last unit): every change of stock is a
//! row in `station_moves` and the same change of `station_stock`, which may never go below zero.

use super::Result;
use super::station::{self as reads, LoanRow};
use super::workers::stamp;
use crate::config::{ItemKind, ItemLog, StationItem};
use crate::domain::Role;
use crate::domain::station::{self, Shortage};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// Who acts, where and when.
#[derive(Debug, Clone)]
pub struct By {
    pub clerk_id: i64,
    pub role: Role,
    pub window: String,
    pub at: DateTime<Utc>,
    /// The centre's local day of `at`.
    pub today: NaiveDate,
}

/// Why a station action was not done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not enough on hand (expired units are not counted as available).
    Short(Shortage),
    /// Every in-hall unit is in use.
    NoneFree { total: i64 },
    /// Restock, counts, adjustments and lost loans are the supervisor's.
    SupervisorOnly,
    /// The loan was closed meanwhile (`outstanding` 0), or fewer units are out than asked.
    LoanOut { outstanding: i64 },
    /// More asked back (or lost) than the loan still has out: at most `outstanding`.
    TooMany { outstanding: i64, lost: bool },
    /// A count taken against a book that moved since (another terminal gave or took): the book
    /// is `now`, and the count must be taken again.
    BookMoved { now: i64 },
    /// A restock of a batch already past its expiry date.
    Expired { expires_on: NaiveDate },
    /// The batch is on record with another expiry date.
    BatchExpiry { expires_on: Option<NaiveDate> },
    /// A batched item needs its batch (and a new batch its expiry).
    NeedBatch,
    /// The item is not this kind (or not in the config).
    WrongItem,
    /// An in-hall use that ended already.
    UseEnded,
}

/// A stock movement to log.
struct Move<'a> {
    item: &'a str,
    batch: &'a str,
    kind: &'a str,
    qty: i64,
    expected: Option<i64>,
    loan_id: Option<i64>,
    ticket: Option<&'a str>,
    note: Option<&'a str>,
}

impl<'a> Move<'a> {
    fn new(item: &'a str, kind: &'a str, qty: i64) -> Self {
        Move { item, batch: "", kind, qty, expected: None, loan_id: None, ticket: None, note: None }
    }
}

fn text(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

/// What one (item, batch) holds now.
fn on_hand(conn: &Connection, item: &str, batch: &str) -> Result<Option<(i64, Option<String>)>> {
    Ok(conn
        .query_row(
            "SELECT qty, expires_on FROM station_stock WHERE item = ?1 AND batch = ?2",
            [item, batch],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Logs a movement and applies it to the stock kept; a tally adds to the clerk's row of the day
/// at this window.
fn record(conn: &Connection, m: &Move, expires_on: Option<NaiveDate>, by: &By) -> Result<()> {
    // An update first: the row's CHECK (qty >= 0) would refuse a negative insert before any
    // upsert could add it to the stock held.
    let expires = expires_on.map(|d| d.to_string());
    let changed = conn
        .prepare_cached(
            "UPDATE station_stock SET qty = qty + ?3, expires_on = coalesce(expires_on, ?4)
             WHERE item = ?1 AND batch = ?2",
        )?
        .execute(params![m.item, m.batch, m.qty, expires])?;
    if changed == 0 {
        conn.prepare_cached(
            "INSERT INTO station_stock (item, batch, expires_on, qty) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![m.item, m.batch, expires, m.qty])?;
    }
    let mut st = conn.prepare_cached(
        "INSERT INTO station_moves (at, day, item, batch, kind, qty, expected, loan_id, clerk_id, window, ticket, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (item, batch, day, clerk_id, window) WHERE kind = 'tally'
         DO UPDATE SET qty = qty + excluded.qty, entries = entries + 1, at = excluded.at",
    )?;
    st.execute(params![
        stamp(by.at),
        by.today.to_string(),
        m.item,
        m.batch,
        m.kind,
        m.qty,
        m.expected,
        m.loan_id,
        by.clerk_id,
        by.window,
        m.ticket,
        m.note
    ])?;
    Ok(())
}

/// Hands out `qty` of a consumable: batched items from the earliest expiry, never an expired
/// batch; a `daily_count` item adds to the clerk's tally of the day (unless it names a ticket).
/// Returns the batches taken.
pub fn give(
    conn: &Connection,
    item: &StationItem,
    qty: i64,
    ticket: &str,
    by: &By,
) -> Result<Result<Vec<(String, i64)>, Refused>> {
    if item.kind != ItemKind::Consumable {
        return Ok(Err(Refused::WrongItem));
    }
    let lots = reads::lots(conn, &item.code)?;
    let picked = match station::pick(&lots, qty, by.today) {
        Ok(p) => p,
        Err(short) => return Ok(Err(Refused::Short(short))),
    };
    // A ticket belongs to its own hand-out: one naming a ticket is a row of its own, never
    // merged into the day's tally (which would tie every bottle in it to that ticket).
    let tallied = item.log == ItemLog::DailyCount && ticket.trim().is_empty();
    let kind = if tallied { "tally" } else { "give" };
    for (batch, take) in &picked {
        let m = Move { batch, ticket: text(ticket), ..Move::new(&item.code, kind, -take) };
        record(conn, &m, None, by)?;
    }
    Ok(Ok(picked))
}

/// A loan as the counter records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLoan {
    pub item: String,
    pub qty: i64,
    pub name: String,
    pub phone: String,
    pub id_number: Option<String>,
    pub worker_id: Option<i64>,
    pub due_on: NaiveDate,
    pub deposit: bool,
    pub ticket: String,
    pub note: String,
}

/// Lends `qty` of a loan item; returns the loan's id.
pub fn lend(conn: &Connection, item: &StationItem, l: &NewLoan, by: &By) -> Result<Result<i64, Refused>> {
    if item.kind != ItemKind::Loan || l.item != item.code {
        return Ok(Err(Refused::WrongItem));
    }
    let have = on_hand(conn, &item.code, "")?.map_or(0, |(q, _)| q);
    if l.qty <= 0 || l.qty > have {
        return Ok(Err(Refused::Short(Shortage { available: have, expired: 0 })));
    }
    conn.execute(
        "INSERT INTO station_loans (item, qty, name, phone, id_number, worker_id, ticket, deposit, lent_at, lent_on,
                                    due_on, lent_by, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            l.item,
            l.qty,
            l.name.trim(),
            l.phone,
            l.id_number,
            l.worker_id,
            text(&l.ticket),
            l.deposit,
            stamp(by.at),
            by.today.to_string(),
            l.due_on.to_string(),
            by.clerk_id,
            text(&l.note)
        ],
    )?;
    let id = conn.last_insert_rowid();
    let m = Move { loan_id: Some(id), ticket: text(&l.ticket), ..Move::new(&item.code, "lend", -l.qty) };
    record(conn, &m, None, by)?;
    Ok(Ok(id))
}

/// The loan as it is now, if `qty` units may still come back from it (or be lost).
fn open_loan(conn: &Connection, id: i64, qty: i64, lost: bool) -> Result<Result<LoanRow, Refused>> {
    let Some(loan) = reads::loan(conn, id)? else { return Ok(Err(Refused::LoanOut { outstanding: 0 })) };
    if loan.closed_at.is_some() || loan.outstanding() <= 0 {
        return Ok(Err(Refused::LoanOut { outstanding: 0 }));
    }
    if qty <= 0 || qty > loan.outstanding() {
        return Ok(Err(Refused::TooMany { outstanding: loan.outstanding(), lost }));
    }
    Ok(Ok(loan))
}

fn close_if_done(conn: &Connection, id: i64, by: &By) -> Result<()> {
    conn.execute(
        "UPDATE station_loans SET closed_at = ?2 WHERE id = ?1 AND returned + lost = qty AND closed_at IS NULL",
        params![id, stamp(by.at)],
    )?;
    Ok(())
}

/// `qty` units of a loan come back (a partial return leaves the rest out), with their condition.
pub fn give_back(
    conn: &Connection,
    id: i64,
    qty: i64,
    note: &str,
    by: &By,
) -> Result<Result<LoanRow, Refused>> {
    let loan = match open_loan(conn, id, qty, false)? {
        Ok(l) => l,
        Err(r) => return Ok(Err(r)),
    };
    conn.execute("UPDATE station_loans SET returned = returned + ?2 WHERE id = ?1", params![id, qty])?;
    let m = Move { loan_id: Some(id), note: text(note), ..Move::new(&loan.item, "return", qty) };
    record(conn, &m, None, by)?;
    close_if_done(conn, id, by)?;
    Ok(reads::loan(conn, id)?.ok_or(Refused::LoanOut { outstanding: 0 }))
}

/// The deposit of a closed loan (its last unit back, or closed as lost) is refunded: one row,
/// with who, where and when. Nothing when the loan took no deposit, is still out, or was
/// refunded already.
pub fn refund(conn: &Connection, id: i64, by: &By) -> Result<bool> {
    let n = conn.execute(
        "INSERT INTO station_refunds (loan_id, at, day, clerk_id, window)
         SELECT id, ?2, ?3, ?4, ?5 FROM station_loans
         WHERE id = ?1 AND deposit = 1 AND closed_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM station_refunds r WHERE r.loan_id = ?1)",
        params![id, stamp(by.at), by.today.to_string(), by.clerk_id, by.window],
    )?;
    Ok(n == 1)
}

/// A supervisor closes `qty` units of a loan as lost: they leave the station's stock for good
/// (they were off the shelf already, so nothing on hand changes).
pub fn lose(conn: &Connection, id: i64, qty: i64, reason: &str, by: &By) -> Result<Result<LoanRow, Refused>> {
    if by.role != Role::Supervisor {
        return Ok(Err(Refused::SupervisorOnly));
    }
    if let Err(r) = open_loan(conn, id, qty, true)? {
        return Ok(Err(r));
    }
    let note = reason.trim();
    conn.execute(
        "UPDATE station_loans SET lost = lost + ?2,
                note = trim(coalesce(note || '；', '') || ?3) WHERE id = ?1",
        params![id, qty, format!("遗失 {qty}：{note}")],
    )?;
    // Each close its own row: who, where and when (the export's `lost` rows).
    conn.execute(
        "INSERT INTO station_lost (loan_id, at, day, qty, clerk_id, window, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, stamp(by.at), by.today.to_string(), qty, by.clerk_id, by.window, text(note)],
    )?;
    close_if_done(conn, id, by)?;
    Ok(reads::loan(conn, id)?.ok_or(Refused::LoanOut { outstanding: 0 }))
}

/// An in-hall use starts (a ticket number or nothing); refused when every unit is in use.
pub fn start_use(
    conn: &Connection,
    item: &StationItem,
    ticket: &str,
    note: &str,
    by: &By,
) -> Result<Result<i64, Refused>> {
    if item.kind != ItemKind::InHall {
        return Ok(Err(Refused::WrongItem));
    }
    let total = on_hand(conn, &item.code, "")?.map_or(0, |(q, _)| q);
    let busy = reads::in_use_by_item(conn, by.today)?.get(&item.code).copied().unwrap_or(0);
    if busy >= total {
        return Ok(Err(Refused::NoneFree { total }));
    }
    conn.execute(
        "INSERT INTO station_uses (item, day, started_at, ticket, note, clerk_id, window)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            item.code,
            by.today.to_string(),
            stamp(by.at),
            text(ticket),
            text(note),
            by.clerk_id,
            by.window
        ],
    )?;
    Ok(Ok(conn.last_insert_rowid()))
}

/// An in-hall use ends before the day does.
pub fn end_use(conn: &Connection, id: i64, by: &By) -> Result<Result<(), Refused>> {
    let n = conn.execute(
        "UPDATE station_uses SET ended_at = ?2 WHERE id = ?1 AND ended_at IS NULL AND day = ?3",
        params![id, stamp(by.at), by.today.to_string()],
    )?;
    Ok(if n == 1 { Ok(()) } else { Err(Refused::UseEnded) })
}

/// Other help: a kind and a short note.
pub fn help(conn: &Connection, kind: &str, note: &str, ticket: &str, by: &By) -> Result<i64> {
    conn.execute(
        "INSERT INTO station_help (at, day, kind, note, ticket, clerk_id, window) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![stamp(by.at), by.today.to_string(), kind, note.trim(), text(ticket), by.clerk_id, by.window],
    )?;
    Ok(conn.last_insert_rowid())
}

/// What a supervisor does to the stock itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StockChange {
    /// `qty` more arrive (a batched item names its batch and, when new, its expiry).
    Restock { qty: i64, expires_on: Option<NaiveDate> },
    /// Counted on the shelf against the book as it stood when the count was opened: the
    /// difference is logged, and nothing when the book has moved since.
    Count { counted: i64, book: i64 },
    /// Plus or minus, with a reason (broken, expired and thrown away, found).
    Adjust { delta: i64 },
}

/// Applies a supervisor's stock change; returns the change in units on hand.
pub fn change_stock(
    conn: &Connection,
    item: &StationItem,
    batch: &str,
    change: &StockChange,
    reason: &str,
    by: &By,
) -> Result<Result<i64, Refused>> {
    if by.role != Role::Supervisor {
        return Ok(Err(Refused::SupervisorOnly));
    }
    let batch = if item.batches { batch.trim() } else { "" };
    if item.batches && batch.is_empty() {
        return Ok(Err(Refused::NeedBatch));
    }
    let held = on_hand(conn, &item.code, batch)?;
    let have = held.as_ref().map_or(0, |(q, _)| *q);
    let known_expiry: Option<NaiveDate> =
        held.as_ref().and_then(|(_, e)| e.as_deref()).and_then(|e| e.parse().ok());
    let (kind, delta, expected, expires) = match *change {
        StockChange::Restock { qty, expires_on } => {
            // A batch past its date is never taken in (it could never be handed out).
            if let Some(e) = expires_on.or(known_expiry).filter(|_| item.batches)
                && e < by.today
            {
                return Ok(Err(Refused::Expired { expires_on: e }));
            }
            if item.batches {
                match (held.is_some(), known_expiry, expires_on) {
                    (true, Some(known), Some(e)) if known != e => {
                        return Ok(Err(Refused::BatchExpiry { expires_on: Some(known) }));
                    }
                    (false, _, None) => return Ok(Err(Refused::NeedBatch)),
                    _ => {}
                }
            }
            ("restock", qty, None, expires_on.or(known_expiry).filter(|_| item.batches))
        }
        // Checked here, inside the write transaction: what the shelf holds now is the book.
        StockChange::Count { book, .. } if book != have => return Ok(Err(Refused::BookMoved { now: have })),
        StockChange::Count { counted, .. } => ("count", counted - have, Some(have), known_expiry),
        StockChange::Adjust { delta } => ("adjust", delta, None, known_expiry),
    };
    if have + delta < 0 {
        return Ok(Err(Refused::Short(Shortage { available: have, expired: 0 })));
    }
    let m = Move { batch, expected, note: text(reason), ..Move::new(&item.code, kind, delta) };
    record(conn, &m, expires, by)?;
    Ok(Ok(delta))
}

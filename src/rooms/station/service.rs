//! F4's database work: the station as it is now, and each entry in one short write transaction
//! (loans, searches and stock changes audited: they touch personal data or the stock itself).

use crate::app::Env;
use crate::app::Who;
use crate::config::{ItemLog, StationItem};
use crate::db::audit::{self, Actor, Entry};
use crate::db::page::From;
use crate::db::station_ops::{self as ops, By, NewLoan, StockChange};
use crate::db::{self, DbError, station, workers};
use crate::domain::text::mask_name;
use crate::domain::{IdNumber, Permission, dates};
use crate::rooms::station::{Did, Overview, Refused, StationOp, StationReply};
use chrono::{NaiveDate, Utc};
use rusqlite::Connection;

/// Everything F4 shows, with a page of `n` of the open loans matching `query` read `from` a loan.
pub fn overview(
    conn: &Connection,
    today: NaiveDate,
    query: &str,
    from: From,
    n: usize,
) -> Result<Overview, DbError> {
    let open = station::open_counts(conn, today)?;
    Ok(Overview {
        loans_open: open.loans,
        loans_owed: open.owed,
        loans_late: open.late,
        loans_units: open.units,
        loans_late_units: open.late_units,
        loans_matched: station::open_loans_matching(conn, query)?,
        loans_from: from,
        stock: station::stock(conn)?,
        out: station::out_by_item(conn)?,
        in_use: station::in_use_by_item(conn, today)?,
        uses: station::uses_open(conn, today)?,
        loans: station::open_loans(conn, query, from, n)?,
        moves: station::moves_of_day(conn, today)?,
        help: station::help_of_day(conn, today)?,
        // Loans due today fall due at its end: the rate as of now counts up to yesterday's.
        return_rate: station::return_rate(conn, today.pred_opt().unwrap_or(today))?,
        query: query.trim().to_string(),
    })
}

/// A search as the audit trail keeps it: digits and tickets as typed, a name masked.
fn masked_query(q: &str) -> String {
    let q = q.trim();
    if q.chars().all(|c| c.is_ascii_alphanumeric()) { q.to_string() } else { mask_name(q) }
}

pub fn run(conn: &mut Connection, env: &Env, who: &Who, op: StationOp) -> Result<StationReply, DbError> {
    let role = match crate::app::admitted(conn, who, Permission::Station)? {
        Ok(role) => role,
        Err(no) => return Ok(StationReply::Done(Err(Refused::Role(no)))),
    };
    let now = Utc::now();
    let today = dates::local_day(now, env.settings.tz);
    let by = By { clerk_id: who.clerk_id, role, window: who.window.clone(), at: now, today };
    let actor = Actor {
        clerk_id: Some(who.clerk_id),
        login: Some(who.login.clone()),
        terminal: env.terminal.clone(),
    };
    let items = &env.settings.config.station.items;
    let find = |code: &str| items.iter().find(|i| i.code == code);
    // A ticket named on an entry is one issued today (a typo would tie the entry to no one).
    let named = match &op {
        StationOp::Give { ticket, .. }
        | StationOp::StartUse { ticket, .. }
        | StationOp::Help { ticket, .. }
        | StationOp::Lend(crate::rooms::station::Lend { ticket, .. }) => Some(ticket.as_str()),
        _ => None,
    };
    if let Some(ticket) = named
        && !ticket_today(conn, ticket, today)?
    {
        return Ok(StationReply::Done(Err(Refused::NoTicket { ticket: ticket.to_string() })));
    }
    let result = match op {
        StationOp::Overview { query, from, n } => {
            return Ok(StationReply::Overview(overview(conn, today, &query, from, n)?));
        }
        StationOp::Search { query, n } => {
            let o = overview(conn, today, &query, From::First, n)?;
            if !o.query.is_empty() {
                let detail = format!("query={} found={}", masked_query(&o.query), o.loans_matched);
                db::write(conn, |tx| {
                    audit::append(tx, &actor, now, &Entry::new("station_search").detail(&detail))
                })?;
            }
            return Ok(StationReply::Overview(o));
        }
        StationOp::Give { item, qty, ticket } => {
            let Some(it) = find(&item) else { return Ok(StationReply::Done(Err(unknown(&item)))) };
            match db::write(conn, |tx| ops::give(tx, it, qty, &ticket, &by))? {
                Err(r) => Err(rule(it, r)),
                Ok(taken) => {
                    // The clerk's own hand-outs of the day and the centre's (a hand-out for a
                    // ticket is a row apart from the tally, and counts the same).
                    let today = if it.log == ItemLog::DailyCount {
                        let moves = station::moves_of_day(conn, today)?;
                        let given: Vec<_> = moves
                            .iter()
                            .filter(|r| r.item == it.code && matches!(r.kind.as_str(), "tally" | "give"))
                            .collect();
                        let mine = given.iter().filter(|r| r.clerk.as_deref() == Some(who.login.as_str()));
                        Some((-mine.map(|r| r.qty).sum::<i64>(), -given.iter().map(|r| r.qty).sum::<i64>()))
                    } else {
                        None
                    };
                    let batches = if it.batches { taken } else { vec![] };
                    Ok(Did::Given { item: it.code.clone(), qty, batches, today })
                }
            }
        }
        StationOp::Lend(l) => {
            let Some(it) = find(&l.item) else { return Ok(StationReply::Done(Err(unknown(&l.item)))) };
            let id = l.id_number.as_deref().and_then(IdNumber::from_stored);
            let worker = match &id {
                Some(id) => workers::by_id_number(conn, id)?,
                None => None,
            };
            let new = NewLoan {
                item: l.item.clone(),
                qty: l.qty,
                name: l.name.clone(),
                phone: l.phone.clone(),
                id_number: id.as_ref().map(|i| i.as_str().to_string()),
                worker_id: worker.as_ref().map(|w| w.id),
                due_on: l.due_on,
                deposit: l.deposit,
                ticket: l.ticket.clone(),
                note: l.note.clone(),
            };
            let masked = id.as_ref().map(|i| i.masked()).unwrap_or_else(|| mask_name(&l.name));
            let lent = db::write(conn, |tx| {
                let r = ops::lend(tx, it, &new, &by)?;
                if let Ok(loan_id) = r {
                    let detail = format!("loan={loan_id} item={} qty={} due={}", it.code, l.qty, l.due_on);
                    let e = Entry {
                        worker_id: new.worker_id,
                        worker_masked: Some(&masked),
                        ..Entry::new("station_lend").detail(&detail)
                    };
                    audit::append(tx, &actor, now, &e)?;
                }
                Ok::<_, DbError>(r)
            })?;
            match lent {
                Err(r) => Err(rule(it, r)),
                Ok(_) => Ok(Did::Lent {
                    item: it.code.clone(),
                    qty: l.qty,
                    name: l.name.clone(),
                    due: l.due_on,
                    deposit: l.deposit,
                }),
            }
        }
        StationOp::Return { loan_id, qty, note, refund } => {
            loan_step(conn, &actor, &by, loan_id, qty, &note, Step::Return { refund })?
        }
        StationOp::Lost { loan_id, qty, reason, refund } => {
            loan_step(conn, &actor, &by, loan_id, qty, &reason, Step::Lost { refund })?
        }
        StationOp::Refund { loan_id } => {
            let loan = station::loan(conn, loan_id)?;
            let done = db::write(conn, |tx| {
                let done = ops::refund(tx, loan_id, &by)?;
                if done {
                    let detail = format!("loan={loan_id}");
                    audit::append(tx, &actor, now, &Entry::new("station_refund").detail(&detail))?;
                }
                Ok::<_, DbError>(done)
            })?;
            match loan {
                Some(l) if done => Ok(Did::Refunded { item: l.item, name: l.name }),
                // Refunded meanwhile (another terminal), or not a loan owing a deposit.
                l => Err(Refused::Rule {
                    item: l.map(|l| l.item),
                    why: ops::Refused::LoanOut { outstanding: 0 },
                }),
            }
        }
        StationOp::StartUse { item, ticket, note } => {
            let Some(it) = find(&item) else { return Ok(StationReply::Done(Err(unknown(&item)))) };
            match db::write(conn, |tx| ops::start_use(tx, it, &ticket, &note, &by))? {
                Err(r) => Err(rule(it, r)),
                Ok(_) => Ok(Did::UseStarted { item: it.code.clone(), ticket }),
            }
        }
        StationOp::EndUse { use_id } => {
            let item: Option<String> =
                station::uses_open(conn, today)?.into_iter().find(|u| u.id == use_id).map(|u| u.item);
            match db::write(conn, |tx| ops::end_use(tx, use_id, &by))? {
                Err(why) => Err(Refused::Rule { item, why }),
                Ok(()) => Ok(Did::UseEnded { item }),
            }
        }
        StationOp::Help { kind, note, ticket } => {
            db::write(conn, |tx| ops::help(tx, &kind, &note, &ticket, &by))?;
            Ok(Did::Helped { kind })
        }
        StationOp::Stock { item, batch, change, reason } => {
            let Some(it) = find(&item) else { return Ok(StationReply::Done(Err(unknown(&item)))) };
            let code = match change {
                StockChange::Restock { .. } => "restock",
                StockChange::Count { .. } => "count",
                StockChange::Adjust { .. } => "adjust",
            };
            let changed = db::write(conn, |tx| {
                let r = ops::change_stock(tx, it, &batch, &change, &reason, &by)?;
                if let Ok(delta) = r {
                    let detail = format!("item={} batch={batch} {code} {delta:+} reason={reason}", it.code);
                    audit::append(tx, &actor, now, &Entry::new("station_stock").detail(&detail))?;
                }
                Ok::<_, DbError>(r)
            })?;
            match changed {
                Err(ops::Refused::BatchExpiry { expires_on }) => {
                    Err(Refused::BatchExpiry { batch, expires_on })
                }
                Err(r) => Err(rule(it, r)),
                Ok(delta) => {
                    let held: i64 = station::lots(conn, &it.code)?.iter().map(|l| l.qty).sum();
                    Ok(Did::Stocked { item: it.code.clone(), batch, change, delta, held })
                }
            }
        }
    };
    Ok(StationReply::Done(result))
}

/// What a loan step is: a return (the clerk said the deposit went back), or a lost close.
#[derive(Clone, Copy)]
enum Step {
    Return { refund: bool },
    Lost { refund: bool },
}

/// A return, or a supervisor's lost close, of `qty` units of a loan (audited with the worker);
/// a deposit refunded with the step that closes the loan is recorded in the same transaction.
fn loan_step(
    conn: &mut Connection,
    actor: &Actor,
    by: &By,
    loan_id: i64,
    qty: i64,
    note: &str,
    step: Step,
) -> Result<Result<Did, Refused>, DbError> {
    let lost = matches!(step, Step::Lost { .. });
    let item = station::loan(conn, loan_id)?.map(|l| l.item);
    let mut refunded = false;
    let stepped = db::write(conn, |tx| {
        let (r, refund) = match step {
            Step::Lost { refund } => (ops::lose(tx, loan_id, qty, note, by)?, refund),
            Step::Return { refund } => (ops::give_back(tx, loan_id, qty, note, by)?, refund),
        };
        // Recorded only when this step closed the loan (a partial step's form refuses it).
        refunded = refund && r.is_ok() && ops::refund(tx, loan_id, by)?;
        if refunded {
            let detail = format!("loan={loan_id}");
            let e = Entry::new("station_refund").detail(&detail);
            audit::append(tx, actor, by.at, &e)?;
        }
        if let Ok(l) = &r {
            let masked = l.id_number.as_deref().and_then(IdNumber::from_stored).map(|i| i.masked());
            let masked = masked.unwrap_or_else(|| mask_name(&l.name));
            let detail = format!("loan={loan_id} item={} qty={qty} left={}", l.item, l.outstanding());
            let action = if lost { "station_lost" } else { "station_return" };
            let e = Entry {
                worker_id: l.worker_id,
                worker_masked: Some(&masked),
                reason: lost.then_some(note),
                ..Entry::new(action).detail(&detail)
            };
            audit::append(tx, actor, by.at, &e)?;
        }
        Ok::<_, DbError>(r)
    })?;
    Ok(match stepped {
        Err(why) => Err(Refused::Rule { item, why }),
        Ok(l) if lost => {
            Ok(Did::Lost { left: l.outstanding(), deposit: l.deposit, refunded, item: l.item, qty })
        }
        Ok(l) => Ok(Did::Returned {
            outstanding: l.outstanding(),
            deposit: l.deposit,
            refunded,
            item: l.item,
            qty,
        }),
    })
}

/// An empty ticket, or one issued on `today`.
fn ticket_today(conn: &Connection, ticket: &str, today: NaiveDate) -> Result<bool, DbError> {
    let t = ticket.trim();
    let mut chars = t.chars();
    let Some(letter) = chars.next() else { return Ok(true) };
    let Ok(number) = chars.as_str().parse::<i64>() else { return Ok(false) };
    station::ticket_issued(conn, today, &letter.to_string(), number)
}

/// An item code the config does not have (any more).
fn unknown(code: &str) -> Refused {
    Refused::Rule { item: Some(code.to_string()), why: ops::Refused::WrongItem }
}

fn rule(it: &StationItem, why: ops::Refused) -> Refused {
    Refused::Rule { item: Some(it.code.clone()), why }
}

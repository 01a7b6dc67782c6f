//! F4's database work: the station as it is now, and each entry in one short write transaction
//! (loans, searches and stock changes audited: they touch personal data or the stock itself).

use crate::app::Env;
use crate::app::Who;
use crate::config::{ItemLog, StationItem};
use crate::db::audit::{self, Actor, Entry};
use crate::db::station_ops::{self as ops, By, NewLoan, Refused, StockChange};
use crate::db::{self, DbError, station, workers};
use crate::domain::text::mask_name;
use crate::domain::{IdNumber, Permission, dates};
use crate::i18n::{Ui, fill};
use crate::rooms::station::{Done, Overview, StationOp, StationReply};
use chrono::{NaiveDate, Utc};
use rusqlite::Connection;

/// Everything F4 shows, with the open loans matching `query`.
pub fn overview(conn: &Connection, today: NaiveDate, query: &str) -> Result<Overview, DbError> {
    let (loans_open, loans_late) = station::open_counts(conn, today)?;
    Ok(Overview {
        loans_open,
        loans_late,
        stock: station::stock(conn)?,
        out: station::out_by_item(conn)?,
        in_use: station::in_use_by_item(conn, today)?,
        uses: station::uses_open(conn, today)?,
        loans: station::open_loans(conn, query)?,
        moves: station::moves_of_day(conn, today)?,
        help: station::help_of_day(conn, today)?,
        return_rate: station::return_rate(conn, today)?,
        query: query.trim().to_string(),
    })
}

/// A search as the audit trail keeps it: digits and tickets as typed, a name masked.
fn masked_query(q: &str) -> String {
    let q = q.trim();
    if q.chars().all(|c| c.is_ascii_alphanumeric()) { q.to_string() } else { mask_name(q) }
}

fn refusal(ui: &Ui, item: Option<&StationItem>, r: Refused) -> String {
    let f4 = ui.f4;
    let (name, unit) = item.map_or((String::new(), String::new()), |i| (i.name.clone(), i.unit.clone()));
    match r {
        Refused::Short(s) => {
            let mut m = fill(f4.short, &[("item", &name), ("n", &s.available), ("unit", &unit)]);
            if s.expired > 0 {
                m.push_str(&fill(f4.short_expired, &[("m", &s.expired), ("unit", &unit)]));
            }
            m
        }
        Refused::NoneFree { total } => fill(f4.none_free, &[("item", &name), ("n", &total), ("unit", &unit)]),
        Refused::SupervisorOnly => f4.supervisor_only.into(),
        Refused::LoanOut { outstanding: 0 } => f4.loan_closed.into(),
        Refused::LoanOut { outstanding } => fill(f4.loan_changed, &[("n", &outstanding)]),
        Refused::BatchExpiry { expires_on } => {
            let date = expires_on.map(|d| d.to_string()).unwrap_or_default();
            fill(f4.batch_expiry, &[("batch", &""), ("date", &date)])
        }
        Refused::NeedBatch => f4.need_batch.into(),
        Refused::WrongItem => f4.wrong_item.into(),
        Refused::UseEnded => f4.use_ended.into(),
    }
}

fn done(message: String) -> Result<Done, String> {
    Ok(Done { message, caution: None })
}

pub fn run(conn: &mut Connection, env: &Env, who: &Who, op: StationOp) -> Result<StationReply, DbError> {
    let ui = env.lang.ui();
    let f4 = ui.f4;
    let clerk = crate::db::clerks::by_id(conn, who.clerk_id)?.filter(|c| !c.disabled);
    let Some(role) = clerk.map(|c| c.role).filter(|r| r.may(Permission::Station)) else {
        let refused = ui.tab_forbidden.replace("{role}", "").replace("{tab}", ui.tab_station);
        return Ok(StationReply::Done(Err(refused)));
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
    let result = match op {
        StationOp::Overview { query } => return Ok(StationReply::Overview(overview(conn, today, &query)?)),
        StationOp::Search { query } => {
            let o = overview(conn, today, &query)?;
            if !o.query.is_empty() {
                let detail = format!("query={} found={}", masked_query(&o.query), o.loans.len());
                db::write(conn, |tx| {
                    audit::append(tx, &actor, now, &Entry::new("station_search").detail(&detail))
                })?;
            }
            return Ok(StationReply::Overview(o));
        }
        StationOp::Give { item, qty, ticket } => {
            let Some(it) = find(&item) else { return Ok(StationReply::Done(Err(f4.wrong_item.into()))) };
            match db::write(conn, |tx| ops::give(tx, it, qty, &ticket, &by))? {
                Err(r) => Err(refusal(ui, Some(it), r)),
                Ok(taken) => {
                    let mut m = fill(f4.given, &[("item", &it.name), ("n", &qty), ("unit", &it.unit)]);
                    if it.batches {
                        let list: Vec<String> = taken.iter().map(|(b, n)| format!("{b}×{n}")).collect();
                        m.push_str(&fill(f4.given_batches, &[("list", &list.join("、"))]));
                    }
                    if it.log == ItemLog::DailyCount {
                        let day: i64 = -station::moves_of_day(conn, today)?
                            .iter()
                            .filter(|r| r.item == it.code && r.kind == "tally")
                            .map(|r| r.qty)
                            .sum::<i64>();
                        m.push_str(&fill(f4.tally_today, &[("n", &day), ("unit", &it.unit)]));
                    }
                    let caution = it.caution.as_ref().map(|c| fill(f4.caution, &[("caution", c)]));
                    Ok(Done { message: m, caution })
                }
            }
        }
        StationOp::Lend(l) => {
            let Some(it) = find(&l.item) else { return Ok(StationReply::Done(Err(f4.wrong_item.into()))) };
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
                Err(r) => Err(refusal(ui, Some(it), r)),
                Ok(_) => {
                    let due = l.due_on.to_string();
                    let mut m = fill(
                        f4.lent,
                        &[
                            ("item", &it.name),
                            ("n", &l.qty),
                            ("unit", &it.unit),
                            ("name", &l.name),
                            ("due", &due),
                        ],
                    );
                    if l.deposit {
                        m.push_str(f4.deposit_taken);
                    }
                    done(m)
                }
            }
        }
        StationOp::Return { loan_id, qty, note } => {
            loan_step(conn, ui, &actor, &by, loan_id, qty, &note, false, items)?
        }
        StationOp::Lost { loan_id, qty, reason } => {
            loan_step(conn, ui, &actor, &by, loan_id, qty, &reason, true, items)?
        }
        StationOp::StartUse { item, ticket, note } => {
            let Some(it) = find(&item) else { return Ok(StationReply::Done(Err(f4.wrong_item.into()))) };
            match db::write(conn, |tx| ops::start_use(tx, it, &ticket, &note, &by))? {
                Err(r) => Err(refusal(ui, Some(it), r)),
                Ok(_) => done(fill(f4.use_started, &[("item", &it.name), ("ticket", &ticket)])),
            }
        }
        StationOp::EndUse { use_id } => {
            let item: Option<String> =
                station::uses_open(conn, today)?.into_iter().find(|u| u.id == use_id).map(|u| u.item);
            let it = item.as_deref().and_then(find);
            match db::write(conn, |tx| ops::end_use(tx, use_id, &by))? {
                Err(r) => Err(refusal(ui, it, r)),
                Ok(()) => {
                    done(fill(f4.use_done, &[("item", &it.map(|i| i.name.clone()).unwrap_or_default())]))
                }
            }
        }
        StationOp::Help { kind, note, ticket } => {
            db::write(conn, |tx| ops::help(tx, &kind, &note, &ticket, &by))?;
            let kinds = &env.settings.config.station.help_kinds;
            let name = kinds.iter().find(|k| k.code == kind).map_or(kind.clone(), |k| k.name.clone());
            done(fill(f4.help_done, &[("kind", &name)]))
        }
        StationOp::Stock { item, batch, change, reason } => {
            let Some(it) = find(&item) else { return Ok(StationReply::Done(Err(f4.wrong_item.into()))) };
            let (what, code) = match change {
                StockChange::Restock { .. } => (f4.kind_restock, "restock"),
                StockChange::Count { .. } => (f4.kind_count, "count"),
                StockChange::Adjust { .. } => (f4.kind_adjust, "adjust"),
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
                Err(Refused::BatchExpiry { expires_on }) => {
                    let date = expires_on.map(|d| d.to_string()).unwrap_or_default();
                    Err(fill(f4.batch_expiry, &[("batch", &batch), ("date", &date)]))
                }
                Err(r) => Err(refusal(ui, Some(it), r)),
                Ok(delta) => {
                    let held: i64 = station::lots(conn, &it.code)?.iter().map(|l| l.qty).sum();
                    let label = format!("{} {batch}", it.name);
                    let delta = format!("{delta:+}{}", it.unit);
                    let item = label.trim_end();
                    let args: [(&str, &dyn std::fmt::Display); 5] = [
                        ("what", &what),
                        ("item", &item),
                        ("delta", &delta),
                        ("n", &held),
                        ("unit", &it.unit),
                    ];
                    done(fill(f4.stock_done, &args))
                }
            }
        }
    };
    Ok(StationReply::Done(result))
}

/// A return, or a supervisor's lost close, of `qty` units of a loan (audited with the worker).
#[allow(clippy::too_many_arguments)]
fn loan_step(
    conn: &mut Connection,
    ui: &Ui,
    actor: &Actor,
    by: &By,
    loan_id: i64,
    qty: i64,
    note: &str,
    lost: bool,
    items: &[StationItem],
) -> Result<Result<Done, String>, DbError> {
    let f4 = ui.f4;
    let before = station::loan(conn, loan_id)?;
    let it = before.as_ref().and_then(|l| items.iter().find(|i| i.code == l.item));
    let stepped = db::write(conn, |tx| {
        let r = if lost {
            ops::lose(tx, loan_id, qty, note, by)?
        } else {
            ops::give_back(tx, loan_id, qty, note, by)?
        };
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
    let (name, unit) = it.map_or((String::new(), String::new()), |i| (i.name.clone(), i.unit.clone()));
    Ok(match stepped {
        Err(r) => Err(refusal(ui, it, r)),
        Ok(_) if lost => done(fill(f4.lost_done, &[("item", &name), ("n", &qty), ("unit", &unit)])),
        Ok(l) => {
            let mut m = fill(f4.returned, &[("item", &name), ("n", &qty), ("unit", &unit)]);
            if l.outstanding() > 0 {
                m.push_str(&fill(f4.still_out, &[("n", &l.outstanding()), ("unit", &unit)]));
            } else {
                m.push_str(f4.all_back);
            }
            done(m)
        }
    })
}

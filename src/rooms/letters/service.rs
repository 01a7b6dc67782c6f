//! F3's database work: the worker for a letter (audited), issue then the outbox files, the
//! register, void, and verification by number and code.

use crate::app::Env;
use crate::app::Who;
use crate::db::audit::{self, Actor, Entry};
use crate::db::{self, DbError, letters as rows, workers};
use crate::domain::{IdNumber, Permission, dates};
use crate::letters::verify;
use crate::letters::{self, By, NewLetter};
use crate::rooms::letters::{Compose, Done, LetterOp, LetterReply, Notice, Refused};
use chrono::Utc;
use rusqlite::Connection;

fn actor(env: &Env, who: &Who) -> Actor {
    Actor { clerk_id: Some(who.clerk_id), login: Some(who.login.clone()), terminal: env.terminal.clone() }
}

pub fn run(conn: &mut Connection, env: &Env, who: &Who, op: LetterOp) -> Result<LetterReply, DbError> {
    let role = match crate::app::admitted(conn, who, Permission::Letters)? {
        Ok(role) => role,
        Err(no) => return Ok(LetterReply::Done(Err(Refused::Role(no)))),
    };
    match op {
        LetterOp::Worker { id_number } => {
            let Some(id) = IdNumber::from_stored(&id_number) else {
                return Ok(LetterReply::Worker { id_number, worker: None });
            };
            let worker = workers::by_id_number(conn, &id)?;
            let masked = id.masked();
            let reason = env.settings.config.privacy.lookup_reasons.first().cloned().unwrap_or_default();
            db::write(conn, |tx| {
                let entry = Entry {
                    action: "letter_worker",
                    worker_id: worker.as_ref().map(|w| w.id),
                    worker_masked: Some(&masked),
                    reason: Some(&reason),
                    detail: None,
                };
                audit::append(tx, &actor(env, who), Utc::now(), &entry)
            })?;
            Ok(LetterReply::Worker { id_number, worker })
        }
        LetterOp::WorkerOf { worker_id } => {
            let worker = workers::by_id(conn, worker_id)?;
            let Some(w) = worker else { return Ok(LetterReply::Done(Err(Refused::NoneSelected))) };
            let (masked, reason) =
                (w.id_number.masked(), env.settings.config.privacy.lookup_reasons.first().cloned());
            db::write(conn, |tx| {
                let entry = Entry {
                    action: "letter_worker",
                    worker_id: Some(w.id),
                    worker_masked: Some(&masked),
                    reason: reason.as_deref(),
                    detail: Some("reissue"),
                };
                audit::append(tx, &actor(env, who), Utc::now(), &entry)
            })?;
            Ok(LetterReply::Worker { id_number: w.id_number.as_str().to_string(), worker: Some(w) })
        }
        LetterOp::Issue(c) if c.replaces.is_some() && role != crate::domain::Role::Supervisor => {
            Ok(LetterReply::Issued(Err(Refused::ReissueSupervisorOnly)))
        }
        LetterOp::Issue(c) => issue(conn, env, who, &c),
        LetterOp::Current { id } => match rows::by_id(conn, id)? {
            Some(l) if l.replaced_by.is_some() => Ok(LetterReply::Done(Err(not_current(conn, l)?))),
            _ => Ok(LetterReply::Done(Err(Refused::NoneSelected))),
        },
        LetterOp::Commit(c) => commit(conn, env, who, &c),
        LetterOp::Roster { ids, file, start } => {
            super::batch_service::roster(conn, env, who, ids, file, start)
        }
        LetterOp::IssueBatch(b) => super::batch_service::issue(conn, env, who, &b),
        LetterOp::Page { filter, from, n } => {
            use crate::db::letter_register as register;
            // A list that shows names: audited when opened or filtered anew (not each page).
            if from == register::From::First {
                // Only what was filtered on (`year=2026 text=张* unit=siming state=void`).
                let mut detail = format!("year={}", filter.year);
                if !filter.text.trim().is_empty() {
                    detail.push_str(&format!(" text={}", mask_query(&filter.text)));
                }
                if let Some(unit) = &filter.unit {
                    detail.push_str(&format!(" unit={unit}"));
                }
                if let Some(state) = filter.state {
                    detail.push_str(&format!(" state={}", state.code()));
                }
                let entry = Entry::new("letter_register").detail(&detail);
                db::write(conn, |tx| audit::append(tx, &actor(env, who), Utc::now(), &entry))?;
            }
            let total = register::count(conn, &filter)?;
            let rows = register::page(conn, &filter, from, n)?;
            Ok(LetterReply::Page { rows, total, from })
        }
        LetterOp::Void { id, reason } => {
            if role != crate::domain::Role::Supervisor {
                return Ok(LetterReply::Done(Err(Refused::SupervisorOnly)));
            }
            let Some(l) = rows::by_id(conn, id)? else {
                return Ok(LetterReply::Done(Err(Refused::NoneSelected)));
            };
            if l.replaced_by.is_some() {
                return Ok(LetterReply::Done(Err(not_current(conn, l)?)));
            }
            let secret = db::read_key(&env.db_path)?;
            let now = Utc::now();
            let by = letters::By {
                actor: actor(env, who),
                at: now,
                today: crate::domain::dates::local_day(now, env.settings.tz),
            };
            let done = db::write(conn, |tx| letters::void_in(tx, &secret, &l, &reason, &by))?;
            if !done {
                // Replaced meanwhile at another terminal, or void already.
                let now = rows::by_id(conn, id)?.unwrap_or(l);
                if now.replaced_by.is_some() {
                    return Ok(LetterReply::Done(Err(not_current(conn, now)?)));
                }
                return Ok(LetterReply::Done(Err(Refused::AlreadyVoid { number: now.number })));
            }
            let notice = if l.delivery == "sent" { notice(conn, env, id)? } else { None };
            Ok(LetterReply::Done(Ok(Done::Voided { number: l.number, notice })))
        }
        LetterOp::Send { id } | LetterOp::MarkSent { id } => {
            let Some(l) = rows::by_id(conn, id)? else {
                return Ok(LetterReply::Done(Err(Refused::NoneSelected)));
            };
            let number = l.number.clone();
            if l.state == "void" {
                // A void letter goes to nobody: the unit has its void notice instead.
                return Ok(LetterReply::Done(Err(Refused::VoidNotSent { number })));
            }
            let by_hand = matches!(op, LetterOp::MarkSent { .. });
            let result = if by_hand {
                rows::mark_sent(conn, id, Some(who.clerk_id), "hand", Utc::now())?;
                Ok(Done::MarkedSent { number })
            } else {
                match letters::send::relay(&env.settings) {
                    Ok(Some(relay)) => {
                        let outbox = letters::outbox::dir(&env.settings, &env.db_path);
                        let sent = letters::send::deliver(
                            conn,
                            &env.settings,
                            &relay,
                            &l,
                            Some(who.clerk_id),
                            Some(&outbox),
                        )?;
                        match sent {
                            Ok(()) => Ok(Done::Sent { number }),
                            Err(error) => Err(Refused::SendFailed { number, error }),
                        }
                    }
                    Ok(None) => Err(Refused::NoRelay),
                    Err(error) => Err(Refused::SendFailed { number, error }),
                }
            };
            // The batch's roster goes with the first of its letters to go.
            if result.is_ok()
                && let Some(batch_id) = l.batch_id
                && letters::batch::roster_delivery(conn, batch_id)?.as_deref() == Some("pending")
            {
                let message = letters::batch::roster_message(&env.settings, conn, batch_id)?;
                let sent = by_hand
                    || match (letters::send::relay(&env.settings), message) {
                        (Ok(Some(relay)), Some((to, body))) => relay.send(&to, &body).is_ok(),
                        _ => false,
                    };
                if sent {
                    letters::batch::roster_sent(conn, batch_id)?;
                }
            }
            let detail = format!(
                "letter={} how={} ok={}",
                l.number,
                if by_hand { "hand" } else { "smtp" },
                result.is_ok()
            );
            db::write(conn, |tx| {
                let entry = Entry {
                    action: "letter_send",
                    worker_id: Some(l.worker_id),
                    worker_masked: Some(&l.id_masked),
                    reason: None,
                    detail: Some(&detail),
                };
                audit::append(tx, &actor(env, who), Utc::now(), &entry)
            })?;
            Ok(LetterReply::Done(result))
        }
        LetterOp::Verify { number, code } => {
            let secret = db::read_key(&env.db_path)?;
            let verdict = verify::by_code(conn, &secret, &number, &code)?;
            let detail = format!("verdict={}", verdict.word());
            db::write(conn, |tx| {
                audit::append(tx, &actor(env, who), Utc::now(), &Entry::new("letter_verify").detail(&detail))
            })?;
            Ok(LetterReply::Verified(verdict))
        }
    }
}

/// The worker a letter names: the one registered under the ID (their record left as it is:
/// the letter carries what the form says, and a record is corrected at F1, asked and audited),
/// or a new one. A name other than the one the ID number is registered under is refused (an
/// ID typed over another's name would put one person's number on another's letter).
fn worker(
    conn: &mut Connection,
    id_number: &str,
    name: &str,
    unit: &str,
) -> Result<Result<(IdNumber, i64), Refused>, DbError> {
    let Some(id) = IdNumber::from_stored(id_number) else { return Ok(Err(Refused::BadId)) };
    if let Some(w) = workers::by_id_number(conn, &id)?
        && !name.trim().is_empty()
        && w.name.trim() != name.trim()
    {
        let registered = crate::domain::text::mask_name(&w.name);
        return Ok(Err(Refused::NotTheirName { id: id.masked(), registered }));
    }
    if let Some(w) = workers::by_id_number(conn, &id)? {
        return Ok(Ok((id, w.id)));
    }
    let known = workers::Known { name, work_unit: unit, ..Default::default() };
    let worker_id = db::write(conn, |tx| workers::upsert(tx, &id, &known, Utc::now()))?;
    Ok(Ok((id, worker_id)))
}

fn issue(conn: &mut Connection, env: &Env, who: &Who, c: &Compose) -> Result<LetterReply, DbError> {
    let (id, worker_id) = match worker(conn, &c.id_number, &c.name, &c.work_unit)? {
        Ok(w) => w,
        Err(refused) => return Ok(LetterReply::Issued(Err(refused))),
    };
    let at = Utc::now();
    let secret = db::read_key(&env.db_path)?;
    let email = workers::by_id(conn, worker_id)?.and_then(|w| w.email);
    let new = NewLetter {
        worker_id,
        id_masked: id.masked(),
        name: c.name.clone(),
        work_unit: c.work_unit.clone(),
        recipient: c.recipient.clone(),
        start: c.start,
        end: c.end,
        places: c.places,
        standard: c.standard.clone(),
        companions: c.companions.clone(),
        note: c.note.clone(),
        replaces: c.replaces,
        replace_reason: c.reason.clone(),
    };
    let by = By { actor: actor(env, who), at, today: dates::local_day(at, env.settings.tz) };
    let letter = match letters::issue(conn, &env.settings, &secret, &new, &by)? {
        Ok(l) => l,
        Err(e) => return Ok(LetterReply::Issued(Err(Refused::Compose(e)))),
    };
    // After the commit: the files, then the mark. A crash in between is rebuilt at start;
    // FRONTDESK_PAUSE_AFTER_COMMIT_MS widens that window so a test can kill the process in it.
    if let Some(ms) =
        std::env::var("FRONTDESK_PAUSE_AFTER_COMMIT_MS").ok().and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms.min(10_000)));
    }
    let outbox = letters::outbox::dir(&env.settings, &env.db_path);
    if let Err(e) = letters::outbox::write(&env.settings, &outbox, &letter, email.as_deref()) {
        return Ok(LetterReply::Issued(Ok(files_later(env, &letter.number, &e))));
    }
    rows::files_written(conn, letter.id)?;
    // A re-issue of a letter the unit already has: the unit is told the old one is void.
    let mut notice_sent = None;
    if let Some(old) = c.replaces.map(|id| rows::by_id(conn, id)).transpose()?.flatten()
        && old.delivery == "sent"
    {
        notice_sent = notice(conn, env, old.id)?;
    }
    Ok(LetterReply::Issued(Ok(Done::Issued {
        number: letter.number,
        code: letter.code,
        notice: notice_sent,
    })))
}

/// A 个人承诺书: the worker (created if new), the commitment and its claim in one
/// transaction, then its two files for printing.
fn commit(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    c: &crate::rooms::letters::Commit,
) -> Result<LetterReply, DbError> {
    let (id, worker_id) = match worker(conn, &c.id_number, &c.name, &c.work_unit)? {
        Ok(w) => w,
        Err(refused) => return Ok(LetterReply::Issued(Err(refused))),
    };
    let at = Utc::now();
    let secret = db::read_key(&env.db_path)?;
    let new = letters::commitment::NewCommitment {
        worker_id,
        id_masked: id.masked(),
        name: c.name.clone(),
        work_unit: c.work_unit.clone(),
        organiser: c.organiser.clone(),
        start: c.start,
        end: c.end,
        amount_fen: c.amount_fen,
        note: c.note.clone(),
    };
    let by = By { actor: actor(env, who), at, today: dates::local_day(at, env.settings.tz) };
    let (letter, claim_no) = match letters::commitment::issue(conn, &env.settings, &secret, &new, &by)? {
        Ok(done) => done,
        Err(e) => return Ok(LetterReply::Issued(Err(Refused::Compose(e)))),
    };
    let outbox = letters::outbox::dir(&env.settings, &env.db_path);
    let written = match letters::outbox::write(&env.settings, &outbox, &letter, None) {
        Ok(w) => w,
        Err(e) => return Ok(LetterReply::Issued(Ok(files_later(env, &letter.number, &e)))),
    };
    rows::files_written(conn, letter.id)?;
    let file = written.iter().find(|p| p.extension().is_some_and(|e| e == "html"));
    let file = file.and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(LetterReply::Issued(Ok(Done::Committed { number: letter.number, claim_no, file })))
}

/// The letter is committed with its files marked pending (start-up and `check` write them from
/// the stored text), so the clerk is told it stands, and why its files wait.
fn files_later(env: &Env, number: &str, e: &DbError) -> Done {
    Done::FilesLater { number: number.to_string(), detail: crate::db::db_fault(env.lang, e, &env.db_path) }
}

/// The void notice for a letter the unit had received: sent with a relay, else left in the
/// outbox.
fn notice(conn: &Connection, env: &Env, id: i64) -> Result<Option<Notice>, DbError> {
    let Some(l) = rows::by_id(conn, id)? else { return Ok(None) };
    let outbox = letters::outbox::dir(&env.settings, &env.db_path);
    let relay = letters::send::relay(&env.settings).ok().flatten();
    let secret = crate::db::read_key(&env.db_path)?;
    Ok(Some(match letters::send::void_notice(conn, &env.settings, &secret, &outbox, relay.as_ref(), &l)? {
        Ok(_) if relay.is_some() => Notice::Sent,
        Ok(_) => Notice::Written,
        Err(error) => Notice::Failed { number: l.number, error },
    }))
}

/// The refusal for a letter already replaced: it names the chain's current letter.
fn not_current(conn: &Connection, l: rows::LetterRow) -> Result<Refused, DbError> {
    let current = rows::current_of(conn, l.id)?.map(|c| c.number).unwrap_or_default();
    Ok(Refused::NotCurrent { number: l.number, current })
}

/// A register filter as the audit trail keeps it: a number as typed, a name masked.
fn mask_query(q: &str) -> String {
    let q = q.trim();
    if q.chars().all(|c| c.is_ascii_alphanumeric()) {
        q.to_string()
    } else {
        crate::domain::text::mask_name(q)
    }
}

//! F3's database work: the worker for a letter (audited), issue then the outbox files, the
//! register, void, and verification by number and code.

use crate::app::Env;
use crate::app::Who;
use crate::db::audit::{self, Actor, Entry};
use crate::db::{self, DbError, letters as rows, workers};
use crate::domain::text::mask_name;
use crate::domain::{IdNumber, Permission, dates};
use crate::i18n::fill;
use crate::letters::verify::{self, Verdict};
use crate::letters::{self, By, NewLetter};
use crate::rooms::letters::{Compose, LetterOp, LetterReply};
use chrono::Utc;
use rusqlite::Connection;

fn actor(env: &Env, who: &Who) -> Actor {
    Actor { clerk_id: Some(who.clerk_id), login: Some(who.login.clone()), terminal: env.terminal.clone() }
}

pub fn run(conn: &mut Connection, env: &Env, who: &Who, op: LetterOp) -> Result<LetterReply, DbError> {
    let ui = env.lang.ui();
    let clerk = crate::db::clerks::by_id(conn, who.clerk_id)?.filter(|c| !c.disabled);
    let role = clerk.map(|c| c.role);
    if !role.is_some_and(|r| r.may(Permission::Letters)) {
        let refused = ui.tab_forbidden.replace("{role}", "").replace("{tab}", ui.tab_letters);
        return Ok(LetterReply::Done(Err(refused)));
    }
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
            let Some(w) = worker else { return Ok(LetterReply::Done(Err(ui.f3.none_selected.into()))) };
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
        LetterOp::Issue(c) => issue(conn, env, who, &c),
        LetterOp::Commit(c) => commit(conn, env, who, &c),
        LetterOp::Roster { ids, file, start } => {
            super::batch_service::roster(conn, env, who, ids, file, start)
        }
        LetterOp::IssueBatch(b) => super::batch_service::issue(conn, env, who, &b),
        LetterOp::List { year } => {
            // A list that shows names: audited like any other.
            let detail = format!("year={year}");
            db::write(conn, |tx| {
                audit::append(
                    tx,
                    &actor(env, who),
                    Utc::now(),
                    &Entry::new("letter_register").detail(&detail),
                )
            })?;
            Ok(LetterReply::Register(rows::list(conn, Some(year), None, 2000)?))
        }
        LetterOp::Void { id, reason } => {
            if role != Some(crate::domain::Role::Supervisor) {
                return Ok(LetterReply::Done(Err(fill(
                    ui.f2.refused_supervisor,
                    &[("act", &ui.f3.act_void)],
                ))));
            }
            let Some(l) = rows::by_id(conn, id)? else {
                return Ok(LetterReply::Done(Err(ui.f3.none_selected.into())));
            };
            let done = db::write(conn, |tx| {
                let done = rows::void(tx, id, &reason, Some(who.clerk_id), Utc::now())?;
                if done {
                    let detail = format!("letter={} reason={reason}", l.number);
                    let entry = Entry {
                        action: "letter_void",
                        worker_id: Some(l.worker_id),
                        worker_masked: Some(&l.id_masked),
                        reason: None,
                        detail: Some(&detail),
                    };
                    audit::append(tx, &actor(env, who), Utc::now(), &entry)?;
                }
                Ok::<_, DbError>(done)
            })?;
            if !done {
                return Ok(LetterReply::Done(Err(fill(ui.f3.already_void, &[("number", &l.number)]))));
            }
            let mut message = fill(ui.f3.voided, &[("number", &l.number)]);
            if l.delivery == "sent" {
                message.push('；');
                message.push_str(&notice(conn, env, id)?);
            }
            Ok(LetterReply::Done(Ok(message)))
        }
        LetterOp::Send { id } | LetterOp::MarkSent { id } => {
            let Some(l) = rows::by_id(conn, id)? else {
                return Ok(LetterReply::Done(Err(ui.f3.none_selected.into())));
            };
            let by_hand = matches!(op, LetterOp::MarkSent { .. });
            let result = if by_hand {
                rows::mark_sent(conn, id, Some(who.clerk_id), "hand", Utc::now())?;
                Ok(fill(ui.f3.marked_sent, &[("number", &l.number)]))
            } else {
                match letters::send::relay(&env.settings) {
                    Ok(Some(relay)) => {
                        match letters::send::deliver(conn, &env.settings, &relay, &l, Some(who.clerk_id))? {
                            Ok(()) => Ok(fill(ui.f3.sent, &[("number", &l.number)])),
                            Err(e) => Err(fill(ui.f3.send_failed, &[("number", &l.number), ("error", &e)])),
                        }
                    }
                    Ok(None) => Err(ui.f3.no_smtp.to_string()),
                    Err(e) => Err(fill(ui.f3.send_failed, &[("number", &l.number), ("error", &e)])),
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
            let f3 = ui.f3;
            let line = match &verdict {
                Verdict::Valid(l) => {
                    let unit = env.settings.config.recuperation_units.iter().find(|u| u.code == l.recipient);
                    fill(
                        f3.verdict_valid,
                        &[
                            ("number", &l.number),
                            ("name", &mask_name(&l.name)),
                            ("start", &l.start_on),
                            ("end", &l.end_on),
                            ("unit", &unit.map(|u| u.name.clone()).unwrap_or_default()),
                        ],
                    )
                }
                Verdict::Void(l) => fill(
                    f3.verdict_void,
                    &[("number", &l.number), ("reason", &l.void_reason.clone().unwrap_or_default())],
                ),
                Verdict::Replaced { letter, by } => {
                    fill(f3.verdict_replaced, &[("number", &letter.number), ("by", by)])
                }
                Verdict::Unknown => f3.verdict_unknown.to_string(),
                Verdict::Altered => f3.verdict_altered.to_string(),
            };
            let detail = format!("verdict={}", verdict.word());
            db::write(conn, |tx| {
                audit::append(tx, &actor(env, who), Utc::now(), &Entry::new("letter_verify").detail(&detail))
            })?;
            Ok(LetterReply::Verified(line))
        }
    }
}

/// The worker a letter names, created or brought up to date from the form.
fn worker(
    conn: &mut Connection,
    id_number: &str,
    name: &str,
    unit: &str,
) -> Result<Option<(IdNumber, i64)>, DbError> {
    let Some(id) = IdNumber::from_stored(id_number) else { return Ok(None) };
    let known = workers::Known { name, work_unit: unit, ..Default::default() };
    let worker_id = db::write(conn, |tx| workers::upsert(tx, &id, &known, Utc::now()))?;
    Ok(Some((id, worker_id)))
}

fn issue(conn: &mut Connection, env: &Env, who: &Who, c: &Compose) -> Result<LetterReply, DbError> {
    let ui = env.lang.ui();
    let Some((id, worker_id)) = worker(conn, &c.id_number, &c.name, &c.work_unit)? else {
        return Ok(LetterReply::Issued(Err(ui.id_check.into())));
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
    };
    let by = By { actor: actor(env, who), at, today: dates::local_day(at, env.settings.tz) };
    let letter = match letters::issue(conn, &env.settings, &secret, &new, &by)? {
        Ok(l) => l,
        Err(e) => return Ok(LetterReply::Issued(Err(e.to_string()))),
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
    let mut message = fill(ui.f3.issued, &[("number", &letter.number), ("code", &letter.code)]);
    // A re-issue of a letter the unit already has: the unit is told the old one is void.
    if let Some(old) = c.replaces.map(|id| rows::by_id(conn, id)).transpose()?.flatten()
        && old.delivery == "sent"
    {
        message.push('；');
        message.push_str(&notice(conn, env, old.id)?);
    }
    Ok(LetterReply::Issued(Ok(message)))
}

/// A 个人承诺书: the worker (created if new), the commitment and its claim in one
/// transaction, then its two files for printing.
fn commit(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    c: &crate::rooms::letters::Commit,
) -> Result<LetterReply, DbError> {
    let ui = env.lang.ui();
    let Some((id, worker_id)) = worker(conn, &c.id_number, &c.name, &c.work_unit)? else {
        return Ok(LetterReply::Issued(Err(ui.id_check.into())));
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
        Err(e) => return Ok(LetterReply::Issued(Err(e.to_string()))),
    };
    let outbox = letters::outbox::dir(&env.settings, &env.db_path);
    let written = match letters::outbox::write(&env.settings, &outbox, &letter, None) {
        Ok(w) => w,
        Err(e) => return Ok(LetterReply::Issued(Ok(files_later(env, &letter.number, &e)))),
    };
    rows::files_written(conn, letter.id)?;
    let file = written.iter().find(|p| p.extension().is_some_and(|e| e == "html"));
    let file = file.and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let message = fill(ui.f3.committed, &[("number", &letter.number), ("claim", &claim_no), ("file", &file)]);
    Ok(LetterReply::Issued(Ok(message)))
}

/// The letter is committed with its files marked pending (start-up and `check` write them from
/// the stored text), so the clerk is told it stands, and why its files wait.
fn files_later(env: &Env, number: &str, e: &DbError) -> String {
    let detail = crate::db::db_fault(env.lang, e, &env.db_path);
    fill(env.lang.ui().f3.files_later, &[("number", &number), ("detail", &detail)])
}

/// The void notice for a letter the unit had received: sent with a relay, else left in the
/// outbox. Returns what to tell the clerk.
fn notice(conn: &Connection, env: &Env, id: i64) -> Result<String, DbError> {
    let ui = env.lang.ui();
    let Some(l) = rows::by_id(conn, id)? else { return Ok(String::new()) };
    let outbox = letters::outbox::dir(&env.settings, &env.db_path);
    let relay = letters::send::relay(&env.settings).ok().flatten();
    Ok(match letters::send::void_notice(conn, &env.settings, &outbox, relay.as_ref(), &l)? {
        Ok(_) if relay.is_some() => ui.f3.notice_sent.to_string(),
        Ok(_) => ui.f3.notice_written.to_string(),
        Err(e) => fill(ui.f3.send_failed, &[("number", &l.number), ("error", &e)]),
    })
}

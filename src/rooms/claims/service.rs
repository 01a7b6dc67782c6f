//! F2's database work: the audited look-up, intake with a numbered claim, and steps that check
//! the version the clerk read.

use crate::app::Env;
use crate::app::Who;
use crate::config::Fund;
use crate::db::audit::{self, Actor as AuditActor, Entry};
use crate::db::claim_ops::{self, By, NewClaim, StepInput, StepRefused};
use crate::db::workers::{self, Known};
use crate::db::{self, DbError, claims};
use crate::domain::claim::Actor;
use crate::domain::{IdNumber, dates};
use crate::i18n::fill;
use crate::rooms::claims::{ClaimOp, ClaimReply, Intake, Picture, Refused, Stepped};
use chrono::{Datelike, Utc};
use rusqlite::Connection;

fn audit_actor(env: &Env, who: &Who) -> AuditActor {
    AuditActor {
        clerk_id: Some(who.clerk_id),
        login: Some(who.login.clone()),
        terminal: env.terminal.clone(),
    }
}

/// The worker and every claim with its history; `None` when the ID is not on record.
pub fn picture(conn: &Connection, fund: &Fund, id: &IdNumber) -> Result<Option<Picture>, DbError> {
    let Some(worker) = workers::by_id_number(conn, id)? else { return Ok(None) };
    let claims = claims::of_worker(conn, worker.id)?;
    let events = claim_ops::events_of_worker(conn, worker.id)?;
    let mut left = Vec::with_capacity(fund.programmes.len());
    for p in &fund.programmes {
        let figures = crate::db::fund::figures(conn, p.year, &p.code, p.budget_fen)?;
        left.push((p.year, p.code.clone(), figures.remaining()));
    }
    Ok(Some(Picture { worker, claims, events, fund: left }))
}

pub fn run(conn: &mut Connection, env: &Env, who: &Who, op: ClaimOp) -> Result<ClaimReply, DbError> {
    // The tabs keep volunteers and auditors away; the database work checks again.
    let role = match crate::app::admitted(conn, who, crate::domain::Permission::Claims)? {
        Ok(role) => role,
        Err(no) => return Ok(ClaimReply::Stepped { result: Err(Refused::Role(no)), picture: None }),
    };
    match op {
        ClaimOp::Lookup { id_number, reason } => {
            let Some(id) = IdNumber::from_stored(&id_number) else {
                return Ok(ClaimReply::Picture { id_number, picture: None });
            };
            let picture = picture(conn, &env.settings.config.fund, &id)?;
            let masked = id.masked();
            let mut detail = format!("claims={}", picture.as_ref().map_or(0, |p| p.claims.len()));
            // The trail tells 本人来访 taken from the ticket being served (the worker at the
            // counter) from the same reason picked by hand.
            let day = dates::local_day(Utc::now(), env.settings.tz).to_string();
            if let Some(v) = crate::db::queue::current(conn, &day, &who.window)?
                && v.state == crate::domain::walkin::State::Serving
                && v.id_number.as_deref() == Some(id.as_str())
            {
                detail.push_str(&format!(" serving={}", v.ticket.unwrap_or_default()));
            }
            db::write(conn, |tx| {
                let entry = Entry {
                    action: "claims_lookup",
                    worker_id: picture.as_ref().map(|p| p.worker.id),
                    worker_masked: Some(&masked),
                    reason: Some(&reason),
                    detail: Some(&detail),
                };
                audit::append(tx, &audit_actor(env, who), Utc::now(), &entry)
            })?;
            Ok(ClaimReply::Picture { id_number, picture })
        }
        ClaimOp::Intake(intake) => intake_claim(conn, env, who, by(env, who, role), &intake),
        ClaimOp::Step(input) => step(conn, env, who, by(env, who, role), &input),
        ClaimOp::HardshipFile { worker_id, reason } => hardship_file(conn, env, who, worker_id, &reason),
        ClaimOp::HardshipLists => hardship_lists(conn, env),
        ClaimOp::HardshipReread { worker_id, file_id } => {
            super::hardship_reread::reread(conn, env, who, worker_id, file_id)
        }
        ClaimOp::HardshipStep(act) => super::hardship_decide_service::run(conn, env, who, role, &act),
        ClaimOp::HardshipSave { worker_id, file, save } => {
            super::hardship_apply::save(conn, env, who, role, worker_id, file, &save)
        }
    }
}

/// Who acts, with the role the admission read (the rules need it: some steps are a supervisor's).
fn by(env: &Env, who: &Who, role: crate::domain::Role) -> By {
    let at = Utc::now();
    By { actor: Actor { clerk_id: who.clerk_id, role }, at, today: dates::local_day(at, env.settings.tz) }
}

fn intake_claim(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    b: By,
    i: &Intake,
) -> Result<ClaimReply, DbError> {
    let Some(id) = IdNumber::from_stored(&i.id_number) else {
        return Ok(ClaimReply::Registered { claim_no: String::new(), picture: None });
    };
    let f2 = env.lang.ui().f2;
    let c = &env.settings.config.claims;
    let masked = id.masked();
    let claim_no = db::write(conn, |tx| {
        let worker_id = match workers::by_id_number(tx, &id)? {
            Some(w) => w.id,
            None => {
                let known = Known { name: &i.name, phone: &i.phone, work_unit: &i.work_unit, email: "" };
                workers::upsert(tx, &id, &known, b.at)?
            }
        };
        let claim_no = claim_ops::next_number(tx, &c.number_format, c.seq_width, b.today.year())?;
        let new = NewClaim {
            worker_id,
            kind: i.kind.clone(),
            filed_on: i.filed_on,
            amount_claimed_fen: i.amount_fen,
            missing: i.missing.clone(),
            consent_version: i.consent_version.clone(),
            note: i.note.clone(),
            event_note: if i.missing.is_empty() {
                f2.note_complete.to_string()
            } else {
                fill(f2.note_missing, &[("papers", &i.missing.join(env.lang.ui().f4.list_sep))])
            },
            programme: i.programme.clone(),
        };
        if let Err(why) = claim_ops::register_checked(tx, &new, &claim_no, &b, &env.settings.config)? {
            return Ok(Err(why));
        }
        let mut detail = format!("claim={claim_no} kind={} consent={}", i.kind, i.consent_version);
        if let Some(p) = &i.programme {
            detail.push_str(&format!(" programme={p}"));
        }
        let entry = Entry {
            action: "claim_register",
            worker_id: Some(worker_id),
            worker_masked: Some(&masked),
            reason: None,
            detail: Some(&detail),
        };
        audit::append(tx, &audit_actor(env, who), b.at, &entry)?;
        Ok::<_, DbError>(Ok(claim_no))
    })?;
    // Refused inside the transaction (the number drawn is rolled back with it).
    let claim_no = match claim_no {
        Ok(no) => no,
        Err(claim_ops::IntakeRefused::NoHardshipFile) => {
            return Ok(ClaimReply::NoHardshipFile {
                kind: i.kind.clone(),
                picture: picture(conn, &env.settings.config.fund, &id)?,
            });
        }
        Err(claim_ops::IntakeRefused::Programme(why)) => {
            return Ok(ClaimReply::ProgrammeRefused {
                why,
                picture: picture(conn, &env.settings.config.fund, &id)?,
            });
        }
    };
    Ok(ClaimReply::Registered { claim_no, picture: picture(conn, &env.settings.config.fund, &id)? })
}

fn step(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    b: By,
    input: &StepInput,
) -> Result<ClaimReply, DbError> {
    let second = env.settings.config.claims.second_approval_fen;
    let mut input = input.clone();
    input.note = [
        crate::rooms::claims::step_note(env.lang, &input.step, &input.missing, second),
        input.note.trim().to_string(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join("; ");
    let input = &input;
    let result = db::write(conn, |tx| match claim_ops::apply(tx, input, &env.settings.config, &b) {
        Ok(done) => {
            let worker = workers::by_id(tx, done.claim.worker_id)?;
            let detail = format!(
                "claim={} from={} to={}{}{}",
                done.claim.claim_no,
                done.from.code(),
                done.claim.status.code(),
                if done.first_of_two { " first_of_two" } else { "" },
                if input.step.over().is_some() { " over_amount" } else { "" }
            );
            let masked = worker.as_ref().map(|w| w.id_number.masked());
            let entry = Entry {
                action: "claim_step",
                worker_id: Some(done.claim.worker_id),
                worker_masked: masked.as_deref(),
                reason: None,
                detail: Some(&detail),
            };
            audit::append(tx, &audit_actor(env, who), b.at, &entry)?;
            Ok(Ok(done))
        }
        Err(StepRefused::Db(e)) => Err(e),
        Err(other) => Ok(Err(other)),
    })?;
    let message = match result {
        Ok(done) if done.first_of_two => {
            Ok(Stepped::FirstOfTwo { no: done.claim.claim_no, again: done.replaced.is_some() })
        }
        Ok(done) => Ok(Stepped::Moved { no: done.claim.claim_no, from: done.from, to: done.claim.status }),
        Err(StepRefused::Stale(now)) => Err(Refused::Stale { no: now.claim_no, state: now.status }),
        Err(StepRefused::Rule(error)) => Err(Refused::Rule { step: input.step.clone(), error }),
        Err(StepRefused::Fund(why)) => Err(Refused::Fund(why)),
        Err(StepRefused::Missing) | Err(StepRefused::Db(_)) => Err(Refused::NoneSelected),
    };
    let claim_id = input.claim_id;
    let worker = claim_ops::by_id(conn, claim_id)?.map(|c| c.worker_id);
    let picture = match worker.map(|w| workers::by_id(conn, w)).transpose()?.flatten() {
        Some(w) => picture(conn, &env.settings.config.fund, &w.id_number)?,
        None => None,
    };
    Ok(ClaimReply::Stepped { result: message, picture })
}

/// The worker's open file (applied or filed), else their newest; a file shown is audited
/// (`hardship_view`, its number) with the look-up's reason.
fn hardship_file(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    worker_id: i64,
    reason: &str,
) -> Result<ClaimReply, DbError> {
    use crate::db::hardship;
    let file = match hardship::open_for_worker(conn, worker_id)? {
        Some(f) => Some(f),
        None => hardship::of_worker(conn, worker_id)?.into_iter().next(),
    };
    let Some(file) = file else { return Ok(ClaimReply::HardshipFile { worker_id, file: None }) };
    let whole = hardship::whole(conn, file.id)?;
    if let Some(w) = &whole {
        let masked = workers::by_id(conn, worker_id)?.map(|w| w.id_number.masked());
        let detail = format!("file={} state={}", w.file.file_no, w.file.state.code());
        db::write(conn, |tx| {
            let entry = Entry {
                action: "hardship_view",
                worker_id: Some(worker_id),
                worker_masked: masked.as_deref(),
                reason: (!reason.is_empty()).then_some(reason),
                detail: Some(&detail),
            };
            audit::append(tx, &audit_actor(env, who), Utc::now(), &entry)
        })?;
    }
    Ok(ClaimReply::HardshipFile { worker_id, file: whole.map(Box::new) })
}

/// The lists of files that need someone, each line with its worker's ID number.
fn hardship_lists(conn: &Connection, env: &Env) -> Result<ClaimReply, DbError> {
    let today = dates::local_day(Utc::now(), env.settings.tz);
    Ok(ClaimReply::HardshipLists(hardship_lists_on(conn, &env.settings.config.hardship, today)?))
}

/// The lists as of `today`.
pub fn hardship_lists_on(
    conn: &Connection,
    h: &crate::config::Hardship,
    today: chrono::NaiveDate,
) -> Result<crate::rooms::claims::hardship::Lists, DbError> {
    use crate::db::hardship;
    use crate::rooms::claims::hardship::{ListKind, ListLine, Lists};
    let lists = [
        (ListKind::Waiting, hardship::waiting(conn)?),
        (ListKind::Returned, hardship::returned(conn)?),
        (ListKind::Due, hardship::reviews_due(conn, today, h.review_warning_days)?),
        (ListKind::ReviewWaiting, hardship::reviews_waiting(conn)?),
        (ListKind::VisitOverdue, hardship::visits_overdue(conn, today, h.visit_interval_days)?),
    ];
    let mut lines = vec![];
    for (kind, rows) in lists {
        for row in rows {
            // The file's worker is on record (a foreign key); one gone would have no Enter.
            let Some(w) = workers::by_id(conn, row.worker_id)? else { continue };
            lines.push(ListLine { kind, row, id_number: w.id_number.as_str().to_string() });
        }
    }
    Ok(Lists { lines })
}

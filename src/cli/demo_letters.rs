//! The demo's letters: a few dozen across the recuperation units through the counter's own
//! issue path (so the outbox files exist), one void and one re-issued.

use crate::config::Settings;
use crate::db::audit::Actor;
use crate::db::{DbError, letters as rows, workers};
use crate::letters::{self, By, NewLetter, outbox};
use chrono::{DateTime, Days, Utc};
use rusqlite::Connection;
use std::path::Path;

pub fn seed(
    conn: &mut Connection,
    settings: &Settings,
    db_path: &Path,
    clerk_id: i64,
    now: DateTime<Utc>,
) -> Result<usize, DbError> {
    let secret = crate::db::read_key(db_path)?;
    let today = crate::domain::dates::local_day(now, settings.tz);
    let ids = workers::first_ids(conn, 30)?;
    let units = &settings.config.recuperation_units;
    let actor = Actor { clerk_id: Some(clerk_id), login: None, terminal: "demo".into() };
    let by = By { actor, at: now, today };
    let dir = outbox::dir(settings, db_path);
    let mut issued = vec![];
    for (i, worker_id) in ids.iter().enumerate() {
        let Some(w) = workers::by_id(conn, *worker_id)? else { continue };
        let unit = &units[i % units.len().max(1)];
        let start = today + Days::new(7 + 7 * (i as u64 % 4));
        let new = NewLetter {
            worker_id: w.id,
            id_masked: w.id_number.masked(),
            name: w.name.clone(),
            work_unit: w.work_unit.clone().unwrap_or_default(),
            recipient: unit.code.clone(),
            start,
            end: start + Days::new(4),
            places: Some(1),
            standard: "每人每天 300 元（含食宿）".into(),
            companions: String::new(),
            note: String::new(),
            replaces: None,
            replace_reason: String::new(),
        };
        let Ok(l) = letters::issue(conn, settings, &secret, &new, &by)? else { continue };
        outbox::write(settings, &dir, &l, w.email.as_deref())?;
        rows::files_written(conn, l.id)?;
        issued.push((l, new));
    }
    // Ten already sent another way, the rest to send.
    for (l, _) in issued.iter().skip(2).take(10) {
        rows::mark_sent(conn, l.id, Some(clerk_id), "hand", now)?;
    }
    // One voided for a wrong date and issued again; one voided only.
    if let Some((first, new)) = issued.first().cloned() {
        letters::void_in(conn, &secret, &first, "日期填写有误", &by)?;
        let again = NewLetter {
            end: new.end + Days::new(1),
            replaces: Some(first.id),
            replace_reason: "日期填写有误".into(),
            ..new
        };
        if let Ok(l) = letters::issue(conn, settings, &secret, &again, &by)? {
            outbox::write(settings, &dir, &l, None)?;
            rows::files_written(conn, l.id)?;
        }
    }
    if let Some((second, _)) = issued.get(1) {
        letters::void_in(conn, &secret, second, "职工因病取消疗养", &by)?;
    }
    // Two commitment reimbursements: one waiting for its receipts, one under review.
    for (n, worker_id) in ids.iter().skip(10).take(2).enumerate() {
        let Some(w) = workers::by_id(conn, *worker_id)? else { continue };
        let c = crate::letters::commitment::NewCommitment {
            worker_id: w.id,
            id_masked: w.id_number.masked(),
            name: w.name.clone(),
            work_unit: w.work_unit.clone().unwrap_or_default(),
            organiser: ["宁波市教育工会", "余姚市卫生健康局工会"][n].into(),
            start: today - Days::new(40 + 10 * n as u64),
            end: today - Days::new(36 + 10 * n as u64),
            amount_fen: [180_000, 246_000][n],
            note: String::new(),
        };
        let Ok((l, claim_no)) = crate::letters::commitment::issue(conn, settings, &secret, &c, &by)? else {
            continue;
        };
        outbox::write(settings, &dir, &l, None)?;
        rows::files_written(conn, l.id)?;
        if n == 1
            && let Some(claim) = crate::db::claims::by_no(conn, &claim_no)?
        {
            use crate::db::claim_ops::{self, StepInput};
            use crate::domain::claim::{Actor as ClaimActor, ClaimStep};
            let cby = claim_ops::By {
                actor: ClaimActor { clerk_id, role: crate::domain::Role::Clerk },
                at: now,
                today,
            };
            for step in [ClaimStep::Papers { complete: true }, ClaimStep::Review] {
                let version = claim_ops::by_id(conn, claim.id)?.map_or(1, |c| c.version);
                let input =
                    StepInput { claim_id: claim.id, version, step, missing: vec![], note: String::new() };
                if let Err(claim_ops::StepRefused::Db(e)) =
                    claim_ops::apply(conn, &input, &settings.config, &cby)
                {
                    return Err(e);
                }
            }
        }
    }
    // One batch of thirty to the first unit, with its roster message.
    let roster_ids = workers::last_ids(conn, 30)?;
    let mut members = vec![];
    for id in roster_ids {
        if let Some(w) = workers::by_id(conn, id)? {
            members.push(crate::letters::batch::Member {
                worker_id: w.id,
                version: w.version,
                id_masked: w.id_number.masked(),
                name: w.name.clone(),
                work_unit: w.work_unit.clone().unwrap_or_default(),
            });
        }
    }
    let start = today + Days::new(21);
    let b = crate::letters::batch::NewBatch {
        recipient: units.first().map(|u| u.code.clone()).unwrap_or_default(),
        start,
        end: start + Days::new(4),
        places: Some(1),
        standard: "每人每天 300 元（含食宿）".into(),
        note: String::new(),
        members,
    };
    let mut in_batch = 0;
    if let Ok((batch_id, letters)) = crate::letters::batch::issue(conn, settings, &secret, &b, &by)? {
        for l in &letters {
            outbox::write(settings, &dir, l, None)?;
            rows::files_written(conn, l.id)?;
        }
        for (name, content) in crate::letters::batch::roster_files(settings, conn, batch_id)? {
            let path = dir.join(&name);
            std::fs::write(&path, content).map_err(|source| DbError::Io { path, source })?;
        }
        in_batch = letters.len();
    }
    Ok(issued.len() + 3 + in_batch)
}

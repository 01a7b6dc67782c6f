//! The database side of Alt+M and Alt+F: one step in one transaction through `hardship_ops` /
//! `hardship_review` (which decide the rules again and check the version read), then the file
//! and the worker read again for the screen.

use super::hardship_decide::{HardshipAct, HardshipStep, StepRefused, Stepped};
use super::{ClaimReply, service};
use crate::app::{Env, Who};
use crate::db::audit::Actor;
use crate::db::hardship_ops::{self as ops, By};
use crate::db::{self, DbError, hardship, hardship_review, workers};
use crate::domain::{Role, dates};
use chrono::Utc;
use rusqlite::Connection;

pub fn run(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    role: Role,
    act: &HardshipAct,
) -> Result<ClaimReply, DbError> {
    let at = Utc::now();
    let actor = Actor {
        clerk_id: Some(who.clerk_id),
        login: Some(who.login.clone()),
        terminal: env.terminal.clone(),
    };
    let by = By { clerk_id: who.clerk_id, role, actor, at, today: dates::local_day(at, env.settings.tz) };
    let cfg = &env.settings.config.hardship;
    let (id, v) = (act.file.id, act.file.version);
    let result = db::write(conn, |tx| -> Result<Result<_, StepRefused>, DbError> {
        let (done, note) = match &act.step {
            HardshipStep::Approve { note } => (ops::approve(tx, cfg, &by, id, v)?, note.as_str()),
            HardshipStep::Return { reason } => (ops::send_back(tx, &by, id, v, reason)?, ""),
            HardshipStep::Reject { reason } => (ops::reject(tx, &by, id, v, reason)?, ""),
            HardshipStep::ReviewApprove { note } => {
                (hardship_review::review_approve(tx, cfg, &by, id, v)?, note.as_str())
            }
            HardshipStep::ReviewReturn { reason } => {
                (hardship_review::review_return(tx, &by, id, v, reason)?, "")
            }
            HardshipStep::Exit { reason, note } => (ops::exit(tx, &by, id, v, *reason, note)?, ""),
            HardshipStep::Visit(visit) => {
                // An unknown login is named (the storage refuses it without saying which).
                for login in &visit.logins {
                    if db::clerks::by_login(tx, login)?.is_none() {
                        return Ok(Err(StepRefused::UnknownLogin(login.clone())));
                    }
                }
                (ops::visit(tx, &by, id, v, visit)?, "")
            }
        };
        let file = match done {
            Ok(f) => f,
            Err(r) => return Ok(Err(StepRefused::Ops(r))),
        };
        // The supervisor's note goes on the step's event, after what the step wrote there.
        ops::note_last_event(tx, file.id, note)?;
        Ok(Ok(file))
    })?;
    let worker_id = act.file.worker_id;
    let file = hardship::whole(conn, id)?.map(Box::new);
    let picture = match workers::by_id(conn, worker_id)? {
        Some(w) => service::picture(conn, &env.settings.config.fund, &w.id_number)?,
        None => None,
    };
    Ok(ClaimReply::HardshipStepped(Box::new(Stepped {
        worker_id,
        step: act.step.clone(),
        result,
        file,
        picture,
    })))
}

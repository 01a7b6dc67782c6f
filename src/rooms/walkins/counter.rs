//! The counter's actions in the database: call-next (one current ticket per window, whichever
//! terminal calls), each step on the ticket meant, and putting a 过号 or 取消 ticket back.

use super::service::{actor, announce, by};
use crate::app::{Env, Who};
use crate::db::audit::{self, Entry};
use crate::db::visits::{self, Next, StepDetail, VisitError};
use crate::db::{self, DbError, queue};
use crate::domain::walkin::{State, Step};
use crate::rooms::walkins::{Act, Acted, Refused};
use rusqlite::Connection;

pub(super) fn act_on(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    act: Act,
) -> Result<Result<Acted, Refused>, DbError> {
    let none = StepDetail::default();
    let (visit_id, step, detail) = match act {
        Act::CallNext => return call_next(conn, env, who, None),
        Act::NextAfter { visit_id, leave } => return call_next(conn, env, who, Some((visit_id, leave))),
        Act::Restore(visit_id) => return restore(conn, env, who, visit_id),
        Act::ChecklistGiven(id) => {
            let b = by(env, who);
            db::write(conn, |tx| visits::checklist_given(tx, id, &b))?;
            let ticket = queue::by_id(conn, id)?.and_then(|v| v.ticket).unwrap_or_default();
            return Ok(Ok(Acted::ChecklistGiven { ticket }));
        }
        Act::FollowUp { visit_id, result } => {
            let b = by(env, who);
            let recorded = db::write(conn, |tx| {
                if !visits::record_followup(tx, visit_id, &result, &b)? {
                    return Ok(false);
                }
                let detail = format!("visit={visit_id}");
                audit::append(tx, &actor(env, who), b.at, &Entry::new("followup_result").detail(&detail))?;
                Ok::<_, DbError>(true)
            })?;
            if !recorded {
                let ticket = queue::by_id(conn, visit_id)?.and_then(|v| v.ticket).unwrap_or_default();
                return Ok(Err(Refused::FollowUpTaken { ticket }));
            }
            return Ok(Ok(Acted::FollowUpRecorded { result }));
        }
        Act::Recall(id) => (id, Step::Recall, none),
        Act::Begin(id) => (id, Step::Begin, none),
        Act::NoShow(id) => (id, Step::NoShow, none),
        Act::Cancel(id) => (id, Step::Cancel, none),
        Act::Transfer { visit_id, to_window, to_matter } => {
            (visit_id, Step::Transfer, StepDetail { to_window, to_matter, ..Default::default() })
        }
        Act::Finish { visit_id, outcome, papers, referral } => {
            let referral = referral.map(|r| (r.department, r.contact, r.follow_up_on, r.note));
            (visit_id, Step::Finish(outcome), StepDetail { papers, referral, ..Default::default() })
        }
    };
    let row = queue::by_id(conn, visit_id)?;
    let ticket = row.as_ref().and_then(|v| v.ticket.clone()).unwrap_or_default();
    // A ticket called or being served at another window is that window's to act on.
    if let Some(v) = &row
        && matches!(v.state, State::Called | State::Serving)
        && v.window.as_deref().is_some_and(|w| w != who.window)
    {
        let window = window_name(env, v.window.as_deref().unwrap_or_default());
        return Ok(Err(Refused::OtherWindow { ticket, window }));
    }
    let (b, max) = (by(env, who), env.settings.config.queue.max_missed_calls);
    let result = db::write(conn, |tx| match visits::step(tx, visit_id, step, &b, max, &detail) {
        Ok(p) => Ok(Ok(p)),
        Err(e) if visits::is_window_busy(&e) => Ok(Err(None)),
        Err(VisitError::Step(e)) => Ok(Err(Some(e.from))),
        Err(VisitError::Missing) => Ok(Err(Some(None))),
        Err(VisitError::Db(e)) => Err(e),
    })?;
    Ok(match result {
        Ok(p) if p.state == State::Called => {
            announce(env, &ticket, &who.window);
            let last = p.calls >= env.settings.config.queue.max_missed_calls;
            Ok(Acted::Called {
                ticket,
                warn: last.then_some(p.calls),
                again: Some(p.calls).filter(|_| step == Step::Recall),
            })
        }
        Ok(p) => Ok(Acted::Moved { ticket, state: p.state }),
        Err(None) => Err(busy(conn, env, who)?),
        Err(Some(from)) => Err(Refused::Step { ticket, from }),
    })
}

fn window_name(env: &Env, code: &str) -> String {
    env.settings.window(code).map_or_else(|| code.to_string(), |w| w.name.clone())
}

/// The window's current ticket as the refusal names it.
fn busy(conn: &Connection, env: &Env, who: &Who) -> Result<Refused, DbError> {
    let day = by(env, who).day;
    let id = visits::current_of(conn, &day, &who.window)?;
    let ticket = match id {
        Some(id) => queue::by_id(conn, id)?.and_then(|v| v.ticket).unwrap_or_default(),
        None => String::new(),
    };
    Ok(Refused::WindowBusy { ticket })
}

/// Calls the next ticket, first (in the same transaction) moving the current one off the
/// window as the clerk chose: 过号 or back to waiting.
fn call_next(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    leave: Option<(i64, Step)>,
) -> Result<Result<Acted, Refused>, DbError> {
    let b = by(env, who);
    let matters: Vec<String> =
        env.settings.window(&who.window).map(|w| w.matters.clone()).unwrap_or_default();
    let all = matters.iter().any(|m| m == "*");
    let left = match leave {
        Some((id, _)) => Some(queue::by_id(conn, id)?.and_then(|v| v.ticket).unwrap_or_default()),
        None => None,
    };
    let max = env.settings.config.queue.max_missed_calls;
    let done = db::write(conn, |tx| {
        let mut moved = None;
        if let Some((id, step)) = leave {
            match visits::step(tx, id, step, &b, max, &StepDetail::default()) {
                Ok(p) => moved = Some(p.state),
                Err(VisitError::Step(e)) => return Ok(Err(e.from)),
                Err(VisitError::Missing) => return Ok(Err(None)),
                Err(VisitError::Db(e)) => return Err(e),
            }
        }
        let skip = leave.filter(|(_, s)| *s == Step::SendBack).map(|(id, _)| id);
        Ok(Ok((moved, visits::call_next_but(tx, &matters, all, &b, skip)?)))
    })?;
    let (moved, next) = match done {
        Ok(d) => d,
        Err(from) => return Ok(Err(Refused::Step { ticket: left.unwrap_or_default(), from })),
    };
    let before = left.zip(moved);
    Ok(match next {
        Next::Called(id) => {
            let ticket = queue::by_id(conn, id)?.and_then(|v| v.ticket).unwrap_or_default();
            announce(env, &ticket, &who.window);
            Ok(Acted::Next { before, called: Some(ticket) })
        }
        Next::NoneWaiting if before.is_some() => Ok(Acted::Next { before, called: None }),
        Next::NoneWaiting => Err(Refused::NoneWaiting),
        Next::Busy(id) => {
            let ticket = queue::by_id(conn, id)?.and_then(|v| v.ticket).unwrap_or_default();
            Err(Refused::WindowBusy { ticket })
        }
    })
}

/// A ticket marked 过号 or 取消 today back to waiting, keeping its arrival time (audited).
fn restore(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    visit_id: i64,
) -> Result<Result<Acted, Refused>, DbError> {
    let b = by(env, who);
    let Some(v) = queue::by_id(conn, visit_id)? else {
        return Ok(Err(Refused::Step { ticket: String::new(), from: None }));
    };
    let ticket = v.ticket.clone().unwrap_or_default();
    if v.day != b.day {
        return Ok(Err(Refused::NotToday { ticket }));
    }
    let max = env.settings.config.queue.max_missed_calls;
    let result = db::write(conn, |tx| {
        match visits::step(tx, visit_id, Step::Restore, &b, max, &StepDetail::default()) {
            Ok(p) => {
                let detail = format!("visit={visit_id} ticket={ticket} from={}", v.state.code());
                let entry = Entry {
                    action: "visit_restore",
                    worker_id: v.worker_id,
                    detail: Some(&detail),
                    ..Default::default()
                };
                audit::append(tx, &actor(env, who), b.at, &entry)?;
                Ok(Ok(p))
            }
            Err(VisitError::Step(e)) => Ok(Err(e.from)),
            Err(VisitError::Missing) => Ok(Err(None)),
            Err(VisitError::Db(e)) => Err(e),
        }
    })?;
    Ok(match result {
        Ok(_) => Ok(Acted::Restored { ticket }),
        Err(from) => Err(Refused::Step { ticket, from }),
    })
}

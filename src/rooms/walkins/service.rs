//! F1's database work: registration, the window's snapshot, the worker card, counter actions.

use crate::app::Env;
use crate::app::Who;
use crate::db::audit::{self, Actor, Entry};
use crate::db::queue;
use crate::db::visits::{self, By, NewVisit};
use crate::db::workers::{self, Known};
use crate::db::{self, DbError};
use crate::domain::{IdNumber, Permission, dates};
use crate::rooms::walkins::{Card, LastTicket, Refused, Registration, Snapshot, View, WalkOp, WalkReply};
use chrono::Utc;
use rusqlite::Connection;

/// Which of a worker's fields an edit changed, for the audit row (names, not values: the
/// values are personal data the trail need not copy).
fn changed_fields(before: &workers::Worker, after: &workers::Worker) -> String {
    let mut f = vec![];
    if before.name != after.name {
        f.push("name");
    }
    if before.phone != after.phone {
        f.push("phone");
    }
    if before.work_unit != after.work_unit {
        f.push("work_unit");
    }
    format!("fields={}", f.join(","))
}

pub(super) fn by(env: &Env, who: &Who) -> By {
    let at = Utc::now();
    By {
        clerk_id: Some(who.clerk_id),
        window: Some(who.window.clone()),
        at,
        day: dates::local_day(at, env.settings.tz).to_string(),
    }
}

pub(super) fn actor(env: &Env, who: &Who) -> Actor {
    Actor { clerk_id: Some(who.clerk_id), login: Some(who.login.clone()), terminal: env.terminal.clone() }
}

impl WalkOp {
    /// What the request needs of the clerk's role: a quick ticket (no personal data) and the
    /// queue without names are a volunteer's too; everything else is the counter's.
    pub fn needs(&self) -> Permission {
        match self {
            WalkOp::Register(reg) if reg.is_quick() => Permission::QuickTicket,
            WalkOp::Refresh { .. } => Permission::QuickTicket,
            _ => Permission::WalkIns,
        }
    }

    /// This request's own refusal.
    fn refused(&self, why: Refused) -> WalkReply {
        match self {
            WalkOp::Register(_) => WalkReply::Registered(Err(why)),
            WalkOp::Card { id_number, .. } => {
                WalkReply::Card { id_number: id_number.clone(), card: Err(why) }
            }
            WalkOp::EditWorker { .. } => WalkReply::Edited(Err(why)),
            WalkOp::Refresh { .. } | WalkOp::Act(_) => WalkReply::Acted(Err(why)),
        }
    }
}

impl Registration {
    /// A ticket and nothing about the person: what a volunteer may issue.
    fn is_quick(&self) -> bool {
        self.id_number.is_none()
            && [&self.name, &self.phone, &self.work_unit, &self.note].iter().all(|s| s.trim().is_empty())
            && self.priority.is_none()
            && self.channel == crate::domain::walkin::Channel::WalkIn
    }
}

pub fn run(conn: &mut Connection, env: &Env, who: &Who, op: WalkOp) -> Result<WalkReply, DbError> {
    let role = match crate::app::admitted(conn, who, op.needs())? {
        Ok(role) => role,
        Err(no) => return Ok(op.refused(Refused::Role(no))),
    };
    let names = role.may(Permission::SeePersonalData);
    match op {
        WalkOp::Refresh { window, filter, page, n } if !names => {
            // The queue without personal data: tickets, matters and waits only.
            let mut s = snapshot(conn, env, &window, filter, page, n)?;
            for r in s.rows.iter_mut().chain(s.current.iter_mut()) {
                (r.name, r.id_number, r.phone, r.work_unit, r.worker_id) = (None, None, None, None, None);
            }
            Ok(WalkReply::Snapshot(s))
        }
        WalkOp::Register(reg) => Ok(WalkReply::Registered(register(conn, env, who, &reg)?)),
        WalkOp::Refresh { window, filter, page, n } => {
            Ok(WalkReply::Snapshot(snapshot(conn, env, &window, filter, page, n)?))
        }
        WalkOp::Card { id_number, reason } => {
            let card = card(conn, env, who, &id_number, &reason)?;
            Ok(WalkReply::Card { id_number, card: Ok(card) })
        }
        WalkOp::Act(act) => Ok(WalkReply::Acted(super::counter::act_on(conn, env, who, act)?)),
        WalkOp::EditWorker { worker_id, version, name, phone, work_unit } => {
            let known = Known { name: &name, phone: &phone, work_unit: &work_unit, email: "" };
            let before = workers::by_id(conn, worker_id)?;
            let masked = before.as_ref().map(|w| w.id_number.masked());
            let newer = db::write(conn, |tx| {
                let newer = workers::edit(tx, worker_id, version, &known, Utc::now())?;
                if newer.is_none() {
                    let after = workers::by_id(tx, worker_id)?;
                    let detail = match (&before, &after) {
                        (Some(b), Some(a)) => changed_fields(b, a),
                        _ => String::new(),
                    };
                    let entry = Entry {
                        action: "worker_edit",
                        worker_id: Some(worker_id),
                        worker_masked: masked.as_deref(),
                        detail: Some(&detail),
                        ..Default::default()
                    };
                    audit::append(tx, &actor(env, who), Utc::now(), &entry)?;
                }
                Ok::<_, DbError>(newer)
            })?;
            Ok(WalkReply::Edited(Ok(newer)))
        }
    }
}

fn register(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    reg: &Registration,
) -> Result<Result<(i64, LastTicket), Refused>, DbError> {
    let Some(matter) = env.settings.matter(&reg.matter) else {
        return Ok(Err(Refused::UnknownMatter(reg.matter.clone())));
    };
    let letter = matter.letter.clone();
    let b = by(env, who);
    let today = dates::local_day(b.at, env.settings.tz);
    let id = reg.id_number.as_deref().and_then(|s| IdNumber::parse(s, today).ok());
    let issued = db::write(conn, |tx| {
        let worker_id = match &id {
            // A known worker's record changes only when the clerk chose to correct it (and the
            // correction is audited as Alt+E's is); a new worker is filed as typed.
            Some(id) => match workers::by_id_number(tx, id)? {
                Some(w) if !reg.correct_record => Some(w.id),
                known => {
                    let typed =
                        Known { name: &reg.name, phone: &reg.phone, work_unit: &reg.work_unit, email: "" };
                    let worker = workers::upsert(tx, id, &typed, b.at)?;
                    let after = workers::by_id(tx, worker)?;
                    if let (Some(before), Some(after)) = (known, after)
                        && after.version != before.version
                    {
                        let detail = changed_fields(&before, &after);
                        let entry = Entry {
                            action: "worker_edit",
                            worker_id: Some(worker),
                            worker_masked: Some(&id.masked()),
                            detail: Some(&detail),
                            ..Default::default()
                        };
                        audit::append(tx, &actor(env, who), b.at, &entry)?;
                    }
                    Some(worker)
                }
            },
            None => None,
        };
        let visit = NewVisit {
            matter: reg.matter.clone(),
            letter: letter.clone(),
            channel: Some(reg.channel),
            worker_id,
            name: reg.name.clone(),
            phone: reg.phone.clone(),
            work_unit: reg.work_unit.clone(),
            note: reg.note.clone(),
            priority: reg.priority.clone(),
        };
        let issued = visits::issue(tx, &visit, &b)?;
        let masked = id.as_ref().map(IdNumber::masked);
        let detail = format!("matter={} channel={}", reg.matter, reg.channel.code());
        let entry = Entry {
            action: "walkin_register",
            worker_id,
            worker_masked: masked.as_deref(),
            reason: id.as_ref().and(env.settings.config.privacy.lookup_reasons.first().map(String::as_str)),
            detail: Some(&detail),
        };
        audit::append(tx, &actor(env, who), b.at, &entry)?;
        Ok::<_, DbError>(issued)
    })?;
    let last = LastTicket {
        channel: reg.channel,
        ticket: issued.ticket,
        matter: reg.matter.clone(),
        ahead: issued.ahead,
    };
    Ok(Ok((issued.visit_id, last)))
}

fn snapshot(
    conn: &Connection,
    env: &Env,
    window: &str,
    view: View,
    page: crate::db::page::From,
    n: usize,
) -> Result<Snapshot, DbError> {
    let now = Utc::now();
    let day = dates::local_day(now, env.settings.tz).to_string();
    let w = env.settings.window(window);
    let matters: Vec<String> = w.map(|w| w.matters.clone()).unwrap_or_default();
    let all = matters.iter().any(|m| m == "*");
    let rows = match view {
        View::Queue(filter) => queue::queue(conn, &day, window, &matters, all, filter, 200)?,
        View::FollowUps => queue::followups(conn, page, n as i64)?,
    };
    let (waiting, oldest) = queue::waiting_for(conn, &day, window, &matters, all)?;
    Ok(Snapshot {
        rows,
        current: queue::current(conn, &day, window)?,
        waiting,
        longest_wait_min: oldest.map(|o| (now - o).num_minutes().max(0)),
        followups: queue::open_followups(conn)?,
        page,
    })
}

fn card(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    id_number: &str,
    reason: &str,
) -> Result<Option<Card>, DbError> {
    let Some(id) = IdNumber::from_stored(id_number) else { return Ok(None) };
    let worker = workers::by_id_number(conn, &id)?;
    let (worker_id, masked) = (worker.as_ref().map(|w| w.id), id.masked());
    db::write(conn, |tx| {
        let entry = Entry {
            action: "worker_card",
            worker_id,
            worker_masked: Some(&masked),
            reason: Some(reason),
            detail: None,
        };
        audit::append(tx, &actor(env, who), Utc::now(), &entry)
    })?;
    let Some(worker) = worker else { return Ok(None) };
    card_of(conn, worker).map(Some)
}

/// Everything the card shows of a worker already read: the latest visits, claims, letters and
/// station loans (each an index search; `cargo bench --bench scale` times it).
pub fn card_of(conn: &Connection, worker: crate::db::workers::Worker) -> Result<Card, DbError> {
    let visits = queue::of_worker(conn, worker.id, 5)?;
    let total_visits = queue::count_of_worker(conn, worker.id)?;
    let repeat_30 = match visits.first() {
        Some(v) if queue::repeat_within_30_days(conn, v)? => Some(v.matter.clone()),
        _ => None,
    };
    let claims = crate::db::claims::of_worker(conn, worker.id)?;
    let letters = crate::db::letters::list(conn, None, Some(worker.id), 20)?;
    let loans = crate::db::station::loans_of_worker(conn, worker.id, worker.phone.as_deref())?;
    Ok(Card { worker, visits, total_visits, repeat_30, claims, letters, loans })
}

/// Feeds the call to `call_command` (a voice caller), if one is configured.
pub(super) fn announce(env: &Env, ticket: &str, window: &str) {
    if let Some(cmd) = &env.settings.config.call_command {
        let name = env.settings.window(window).map(|w| w.name.clone()).unwrap_or_else(|| window.to_string());
        crate::app::feed(cmd, &format!("请 {ticket} 号到 {name} 办理\n"));
    }
}

//! F6's database work, each decided from the acting clerk's role as stored: reading accounts,
//! the audit trail and the config (supervisor, auditor); changing accounts and accepting the
//! config (supervisor), with the same rules and audit rows as the command line.

use crate::app::Env;
use crate::app::Who;
use crate::db::audit::{self, Actor, Entry};
use crate::db::audit_search::{self, Filter};
use crate::db::clerk_ops::{self, Change};
use crate::db::{self, DbError, clerks, settings, workers};
use crate::domain::{IdNumber, Permission};
use crate::rooms::admin::{AccountChange, AdminOp, AdminReply, ConfigSeen, Done, Refused};
use chrono::Utc;
use rusqlite::Connection;

fn hash(pin: &str) -> Option<String> {
    crate::domain::pin::check_new_pin(pin).ok()?;
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).ok()?;
    crate::domain::pin::hash_pin(pin, &salt).ok()
}

impl AdminOp {
    /// Reading accounts, the audit trail and the config is an auditor's too; changes are a
    /// supervisor's.
    pub fn needs(&self) -> Permission {
        match self {
            AdminOp::Clerks | AdminOp::Audit { .. } | AdminOp::Config | AdminOp::Budgets(_) => {
                Permission::ReadAudit
            }
            AdminOp::Accept | AdminOp::Add { .. } | AdminOp::Change { .. } | AdminOp::ChangeBudget(_) => {
                Permission::ManageClerks
            }
        }
    }
}

pub fn run(conn: &mut Connection, env: &Env, who: &Who, op: AdminOp) -> Result<AdminReply, DbError> {
    let role = match crate::app::admitted(conn, who, op.needs())? {
        Ok(role) => role,
        Err(no) => return Ok(AdminReply::Done(Err(Refused::Role(no)))),
    };
    let actor = Actor {
        clerk_id: Some(who.clerk_id),
        login: Some(who.login.clone()),
        terminal: env.terminal.clone(),
    };
    Ok(match op {
        AdminOp::Budgets(op) => AdminReply::Budgets(Box::new(super::budgets::read(conn, env, op)?)),
        AdminOp::ChangeBudget(c) => AdminReply::Budget(super::budgets::change(conn, env, role, actor, c)?),
        AdminOp::Clerks => AdminReply::Clerks(clerks::list(conn, Utc::now())?),
        AdminOp::Config => AdminReply::Config(ConfigSeen {
            stored: settings::get(conn, settings::FINGERPRINT)?,
            stored_text: settings::get(conn, settings::CENTRE)?,
            here: env.settings.fingerprint(),
            here_text: env.settings.centre_text(),
        }),
        AdminOp::Accept => {
            let fp = env.settings.fingerprint();
            let detail = format!("fingerprint={fp}");
            // Decided inside the write: accepted by another supervisor meanwhile, or never
            // different, nothing new is stored (as `config accept` does).
            let same = db::write(conn, |tx| -> Result<bool, DbError> {
                if settings::get(tx, settings::FINGERPRINT)?.is_none_or(|s| s == fp) {
                    return Ok(true);
                }
                settings::set(tx, settings::FINGERPRINT, &fp)?;
                settings::set(tx, settings::CENTRE, &env.settings.centre_text())?;
                audit::append(tx, &actor, Utc::now(), &Entry::new("config_accept").detail(&detail))?;
                Ok(false)
            })?;
            AdminReply::Done(Ok(if same {
                Done::ConfigSame
            } else {
                Done::ConfigAccepted { fingerprint: fp }
            }))
        }
        AdminOp::Audit { query: q, page, n } => {
            let today = crate::domain::dates::local_day(Utc::now(), env.settings.tz);
            let worker = match IdNumber::parse(&q.id_number, today) {
                Ok(id) => Some(workers::by_id_number(conn, &id)?.map_or(-1, |w| w.id)),
                Err(_) => None,
            };
            let f = Filter {
                login: (!q.login.is_empty()).then(|| q.login.clone()),
                worker_id: worker,
                action: (!q.action.is_empty()).then(|| q.action.clone()),
                codes: crate::i18n::audit_actions::codes_named(&q.action)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                from: q.from.map(|d| crate::domain::dates::day_start_stamp(d, env.settings.tz)),
                to: q
                    .to
                    .and_then(|d| d.succ_opt())
                    .map(|d| crate::domain::dates::day_start_stamp(d, env.settings.tz)),
            };
            let in_person = env.settings.config.privacy.lookup_reasons.first().cloned().unwrap_or_default();
            let (total, flagged) = audit_search::count(conn, &f, &in_person)?;
            let rows = audit_search::search(conn, &f, page, n as i64)?;
            // The search is audited; turning its pages is not again.
            if page == crate::db::page::From::First {
                let masked = worker.and(IdNumber::parse(&q.id_number, today).ok()).map(|i| i.masked());
                let detail = format!("login={} action={} found={total}", q.login, q.action);
                let e = Entry {
                    worker_id: worker.filter(|w| *w > 0),
                    worker_masked: masked.as_deref(),
                    ..Entry::new("audit_search").detail(&detail)
                };
                db::write(conn, |tx| audit::append(tx, &actor, Utc::now(), &e))?;
            }
            AdminReply::Audit { rows, total, flagged, page }
        }
        AdminOp::Add { login, name, role, pin } => {
            let Some(h) = hash(&pin) else { return Ok(AdminReply::Done(Err(Refused::WeakPin))) };
            match clerk_ops::add(conn, &actor, &login, &name, role, &h)? {
                Ok(()) => AdminReply::Done(Ok(Done::Added { login, name })),
                Err(_) => AdminReply::Done(Err(Refused::LoginTaken(login))),
            }
        }
        AdminOp::Change { login, change } => {
            let Some(target) = clerks::by_login(conn, &login)? else {
                return Ok(AdminReply::Done(Err(Refused::UnknownLogin(login))));
            };
            let name = target.name.clone();
            let own = match change {
                AccountChange::Disable => Refused::OwnAccount,
                AccountChange::ResetPin(_) => Refused::OwnPin,
                _ => Refused::OwnRole,
            };
            let (change, done) = match change {
                AccountChange::Disable => (Change::Disable, Done::Disabled { login: login.clone(), name }),
                AccountChange::Enable if !target.disabled => {
                    return Ok(AdminReply::Done(Err(Refused::NotDisabled(login))));
                }
                AccountChange::Enable => (Change::Enable, Done::Enabled { login: login.clone(), name }),
                AccountChange::Unlock => {
                    (Change::Unlock, Done::Unlocked { login: login.clone(), still_disabled: target.disabled })
                }
                AccountChange::Role(role) => {
                    (Change::Role(role), Done::RoleSet { login: login.clone(), role })
                }
                AccountChange::ResetPin(pin) => {
                    let Some(h) = hash(&pin) else { return Ok(AdminReply::Done(Err(Refused::WeakPin))) };
                    (Change::ResetPin(h), Done::PinReset { login: login.clone() })
                }
            };
            match clerk_ops::apply(conn, &actor, &target, &change)? {
                Ok(()) => AdminReply::Done(Ok(done)),
                Err(clerk_ops::Refused::LastSupervisor) => AdminReply::Done(Err(Refused::LastSupervisor)),
                Err(clerk_ops::Refused::Oneself) => AdminReply::Done(Err(own)),
                // Neither is an answer to a change of an existing account.
                Err(clerk_ops::Refused::LoginTaken | clerk_ops::Refused::NotFirst) => {
                    AdminReply::Done(Err(Refused::LoginTaken(login)))
                }
            }
        }
    })
}

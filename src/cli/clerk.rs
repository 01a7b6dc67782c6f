//! `frontdesk clerk …`: accounts, by a supervisor (the first on an empty database by anyone).

use super::{Ctx, UsageError};
use crate::db::audit::{self, Entry};
use crate::db::clerk_ops::{self, Change};
use crate::db::clerks;
use crate::db::{self, OpenMode};
use crate::domain::{Permission, Role};
use crate::i18n::fill;
use anyhow::{Result, anyhow};
use chrono::Utc;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ClerkCmd {
    /// Add an account; the new PIN comes from standard input when it is not a terminal
    Add {
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// List accounts
    List,
    /// Disable an account (its history stays)
    Disable { login: String },
    /// Enable a disabled account again
    Enable { login: String },
    /// Clear failed PIN attempts and a lock-out (a disabled account stays disabled)
    Unlock { login: String },
    /// Set a new PIN (from standard input when it is not a terminal)
    ResetPin { login: String },
    /// Give an account another role
    SetRole {
        login: String,
        #[arg(value_parser = parse_role)]
        role: Role,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse().map_err(|_| format!("{s:?}: use clerk, supervisor, volunteer or auditor"))
}

pub fn run(ctx: &Ctx, cmd: ClerkCmd) -> Result<()> {
    match cmd {
        ClerkCmd::Add { login, name, role } => add(ctx, &login, &name, role),
        ClerkCmd::List => list(ctx),
        ClerkCmd::Disable { login } => change(ctx, &login, Change::Disable),
        ClerkCmd::Enable { login } => change(ctx, &login, Change::Enable),
        ClerkCmd::Unlock { login } => change(ctx, &login, Change::Unlock),
        ClerkCmd::ResetPin { login } => change(ctx, &login, Change::ResetPin(String::new())),
        ClerkCmd::SetRole { login, role } => change(ctx, &login, Change::Role(role)),
    }
}

fn valid_login(login: &str) -> bool {
    (1..=16).contains(&login.len()) && login.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn new_hash(ctx: &Ctx) -> Result<String> {
    let pin = ctx.read_new_pin()?;
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow!("{e}"))?;
    crate::domain::pin::hash_pin(&pin, &salt).map_err(|e| anyhow!(e))
}

fn add(ctx: &Ctx, login: &str, name: &str, role: Role) -> Result<()> {
    let t = ctx.t;
    if !valid_login(login) {
        return Err(UsageError(t.login_form.into()).into());
    }
    let name = crate::domain::text::strip_controls(name).trim().to_string();
    if name.is_empty() {
        return Err(UsageError(t.name_empty.into()).into());
    }
    let mut db = ctx.open(OpenMode::Existing)?;
    let first = clerks::count(&db.conn).map_err(|e| ctx.db_error(e))? == 0;
    let actor = if first {
        if role != Role::Supervisor {
            return Err(anyhow!(t.first_must_supervise));
        }
        ctx.anonymous()
    } else {
        ctx.act(&mut db, Permission::ManageClerks)?.1
    };
    let hash = new_hash(ctx)?;
    let added = if first {
        clerk_ops::add_first(&mut db.conn, &actor, login, &name, &hash)
    } else {
        clerk_ops::add(&mut db.conn, &actor, login, &name, role, &hash)
    };
    let added = added.map_err(|e| ctx.db_error(e))?;
    if added == Err(clerk_ops::Refused::NotFirst) {
        return Err(anyhow!(t.first_taken));
    }
    if added.is_err() {
        return Err(anyhow!(fill(t.clerk_exists, &[("login", &login)])));
    }
    let said = fill(t.clerk_added, &[("login", &login), ("name", &name), ("role", &ctx.role_name(role))]);
    println!("{}", super::term::out_line(&said));
    Ok(())
}

fn list(ctx: &Ctx) -> Result<()> {
    let t = ctx.t;
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::ManageClerks)?;
    let now = Utc::now();
    let rows = clerks::list(&db.conn, now).map_err(|e| ctx.db_error(e))?;
    db::write(&mut db.conn, |tx| audit::append(tx, &actor, now, &Entry::new("clerk_list")))
        .map_err(|e| ctx.db_error(e))?;
    println!("{}", t.list_header);
    for r in rows {
        let status = match (r.clerk.disabled, r.locked_until) {
            (true, _) => t.status_disabled.to_string(),
            (false, Some(u)) => {
                fill(t.status_locked, &[("until", &u.with_timezone(&ctx.settings.tz).format("%H:%M:%S"))])
            }
            (false, None) => t.status_active.to_string(),
        };
        let c = r.clerk;
        let line = format!("{}\t{}\t{}\t{status}", c.login, c.name, ctx.role_name(c.role));
        println!("{}", super::term::out_line(&line));
    }
    Ok(())
}

fn change(ctx: &Ctx, login: &str, change: Change) -> Result<()> {
    let t = ctx.t;
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::ManageClerks)?;
    let target = clerks::by_login(&db.conn, login)
        .map_err(|e| ctx.db_error(e))?
        .ok_or_else(|| anyhow!(fill(t.clerk_unknown, &[("login", &login)])))?;
    if change == Change::Enable && !target.disabled {
        return Err(anyhow!(fill(t.clerk_not_disabled, &[("login", &login)])));
    }
    // Refused before a new PIN is read (the database side refuses it too).
    if matches!(change, Change::ResetPin(_)) && actor.clerk_id == Some(target.id) {
        return Err(anyhow!(t.clerk_own_pin));
    }
    let change = match change {
        Change::ResetPin(_) => Change::ResetPin(new_hash(ctx)?),
        other => other,
    };
    match clerk_ops::apply(&mut db.conn, &actor, &target, &change).map_err(|e| ctx.db_error(e))? {
        Ok(()) => {}
        Err(clerk_ops::Refused::Oneself) if change == Change::Disable => {
            return Err(anyhow!(t.clerk_own_account));
        }
        Err(clerk_ops::Refused::Oneself) if matches!(change, Change::ResetPin(_)) => {
            return Err(anyhow!(t.clerk_own_pin));
        }
        Err(clerk_ops::Refused::Oneself) => return Err(anyhow!(t.clerk_own_role)),
        Err(_) => return Err(anyhow!(t.last_supervisor)),
    }
    let name = target.name.as_str();
    let msg = match change {
        Change::Disable => fill(t.clerk_disabled, &[("login", &login)]),
        Change::Enable => fill(t.clerk_enabled, &[("login", &login), ("name", &name)]),
        Change::Unlock if target.disabled => format!(
            "{}{}",
            fill(t.clerk_unlocked, &[("login", &login)]),
            fill(t.clerk_still_disabled, &[("login", &login)])
        ),
        Change::Unlock => fill(t.clerk_unlocked, &[("login", &login)]),
        Change::ResetPin(_) => fill(t.clerk_pin_reset, &[("login", &login)]),
        Change::Role(r) => fill(t.clerk_role_set, &[("login", &login), ("role", &ctx.role_name(r))]),
    };
    println!("{}", super::term::out_line(&msg));
    Ok(())
}

//! `frontdesk clerk …`: accounts, by a supervisor (the first on an empty database by anyone).

use super::{Ctx, UsageError};
use crate::db::audit::{self, Actor, Entry};
use crate::db::clerks::{self, Clerk};
use crate::db::{self, Db, OpenMode};
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
    /// Clear failed attempts and a lock-out
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
        ClerkCmd::Unlock { login } => change(ctx, &login, Change::Unlock),
        ClerkCmd::ResetPin { login } => change(ctx, &login, Change::ResetPin),
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
    let mut db = ctx.open(OpenMode::Create)?;
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
    let detail = format!("login={login} role={role}");
    let added = db::write(&mut db.conn, |tx| {
        if clerks::by_login(tx, login)?.is_some() {
            return Ok(false);
        }
        clerks::insert(tx, login, &name, role, &hash, Utc::now())?;
        audit::append(tx, &actor, Utc::now(), &Entry::new("clerk_add").detail(&detail))?;
        Ok(true)
    })
    .map_err(|e| ctx.db_error(e))?;
    if !added {
        return Err(anyhow!(fill(t.clerk_exists, &[("login", &login)])));
    }
    println!(
        "{}",
        fill(t.clerk_added, &[("login", &login), ("name", &name), ("role", &ctx.role_name(role))])
    );
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
        println!("{}\t{}\t{}\t{status}", c.login, c.name, ctx.role_name(c.role));
    }
    Ok(())
}

enum Change {
    Disable,
    Unlock,
    ResetPin,
    Role(Role),
}

fn change(ctx: &Ctx, login: &str, change: Change) -> Result<()> {
    let t = ctx.t;
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::ManageClerks)?;
    let target = clerks::by_login(&db.conn, login)
        .map_err(|e| ctx.db_error(e))?
        .ok_or_else(|| anyhow!(fill(t.clerk_unknown, &[("login", &login)])))?;
    let hash = match change {
        Change::ResetPin => Some(new_hash(ctx)?),
        _ => None,
    };
    apply(ctx, &mut db, &actor, &target, &change, hash.as_deref())?;
    let msg = match change {
        Change::Disable => fill(t.clerk_disabled, &[("login", &login)]),
        Change::Unlock => fill(t.clerk_unlocked, &[("login", &login)]),
        Change::ResetPin => fill(t.clerk_pin_reset, &[("login", &login)]),
        Change::Role(r) => fill(t.clerk_role_set, &[("login", &login), ("role", &ctx.role_name(r))]),
    };
    println!("{msg}");
    Ok(())
}

fn apply(
    ctx: &Ctx,
    db: &mut Db,
    actor: &Actor,
    target: &Clerk,
    change: &Change,
    hash: Option<&str>,
) -> Result<()> {
    let demotes = match change {
        Change::Disable => true,
        Change::Role(r) => *r != Role::Supervisor,
        _ => false,
    };
    let (action, detail) = match change {
        Change::Disable => ("clerk_disable", format!("login={}", target.login)),
        Change::Unlock => ("clerk_unlock", format!("login={}", target.login)),
        Change::ResetPin => ("clerk_reset_pin", format!("login={}", target.login)),
        Change::Role(r) => ("clerk_set_role", format!("login={} role={r}", target.login)),
    };
    let done = db::write(&mut db.conn, |tx| {
        // Counted inside the transaction so two supervisors cannot demote each other at once.
        if demotes
            && target.role == Role::Supervisor
            && !target.disabled
            && clerks::active_supervisors(tx)? <= 1
        {
            return Ok(false);
        }
        match change {
            Change::Disable => clerks::set_disabled(tx, target.id, true)?,
            Change::Unlock => clerks::unlock(tx, &target.login)?,
            Change::ResetPin => clerks::set_pin(tx, target.id, hash.unwrap_or_default())?,
            Change::Role(r) => clerks::set_role(tx, target.id, *r)?,
        }
        audit::append(tx, actor, Utc::now(), &Entry::new(action).detail(&detail))?;
        Ok(true)
    })
    .map_err(|e| ctx.db_error(e))?;
    if done { Ok(()) } else { Err(anyhow!(ctx.t.last_supervisor)) }
}

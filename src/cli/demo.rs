//! `frontdesk demo`: a demo database, opened as its supervisor. Data is made through the same
//! code paths the counter uses; later capabilities add theirs here.

use super::{Ctx, UsageError};
use crate::db::audit::{self, Entry};
use crate::db::clerks::{self, Clerk};
use crate::db::{self, OpenMode, settings};
use crate::domain::Role;
use crate::i18n::fill;
use anyhow::{Result, anyhow};
use chrono::Utc;

/// The demo accounts; every one has the PIN in `DEMO_PIN` (README lists them).
pub const DEMO_CLERKS: &[(&str, &str, Role)] = &[
    ("9001", "周主任", Role::Supervisor),
    ("9002", "李小窗", Role::Clerk),
    ("9003", "张志愿", Role::Volunteer),
    ("9004", "王经审", Role::Auditor),
];
pub const DEMO_PIN: &str = "208461";

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Create or refresh the demo database and exit without opening the screen
    #[arg(long)]
    pub no_tui: bool,
    /// The seed of the demo's made-up data (the same seed gives the same data)
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(ctx: &Ctx, args: &DemoArgs) -> Result<()> {
    let t = ctx.t;
    if ctx.db_path.exists() {
        let existing = ctx.open(OpenMode::Existing)?;
        if !settings::is_demo(&existing.conn).map_err(|e| ctx.db_error(e))? {
            return Err(anyhow!(fill(t.demo_refused, &[("path", &ctx.db_path.display())])));
        }
    }
    let mut db = ctx.open(OpenMode::Create)?;
    if db.created {
        seed(ctx, &mut db.conn)?;
        seed_data(&mut db.conn, &ctx.settings, &db.path, args.seed, Utc::now())
            .map_err(|e| ctx.db_error(e))?;
        eprintln!("{}", fill(t.demo_created, &[("path", &db.path.display())]));
    }
    if args.no_tui {
        println!("{}", db.path.display());
        return Ok(());
    }
    let supervisor = demo_supervisor(ctx, &mut db.conn)?;
    drop(db);
    crate::kiosk::run(ctx, Some(supervisor))
}

/// The demo's made-up data, through the counter's own paths, as of `now` (snapshot tests fix
/// it): a day of walk-ins, claims, letters, a week of the station. The demo clerks exist.
pub fn seed_data(
    conn: &mut rusqlite::Connection,
    settings: &crate::config::Settings,
    db_path: &std::path::Path,
    seed: u64,
    now: chrono::DateTime<Utc>,
) -> Result<(), crate::db::DbError> {
    let id = |conn: &rusqlite::Connection, n: usize| -> Result<i64, crate::db::DbError> {
        Ok(clerks::by_login(conn, DEMO_CLERKS[n].0)?.map_or(1, |c| c.id))
    };
    let (approver, clerk_id, volunteer) = (id(conn, 0)?, id(conn, 1)?, id(conn, 2)?);
    super::demo_walkins::seed_day(conn, settings, clerk_id, seed, now)?;
    super::demo_claims::seed(conn, settings, clerk_id, approver, now)?;
    super::demo_letters::seed(conn, settings, db_path, clerk_id, now)?;
    let station =
        super::demo_station::Station { settings, clerk_id, volunteer_id: volunteer, supervisor_id: approver };
    station.seed(conn, seed, now)
}

fn seed(ctx: &Ctx, conn: &mut rusqlite::Connection) -> Result<()> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow!("{e}"))?;
    let hash = crate::domain::pin::hash_pin(DEMO_PIN, &salt).map_err(|e| anyhow!(e))?;
    let actor = ctx.anonymous();
    db::write(conn, |tx| {
        settings::set(tx, settings::DEMO, "1")?;
        for (login, name, role) in DEMO_CLERKS {
            clerks::insert(tx, login, name, *role, &hash, Utc::now())?;
        }
        audit::append(tx, &actor, Utc::now(), &Entry::new("demo_create"))
    })
    .map_err(|e| ctx.db_error(e))
}

/// The demo opens logged in as its supervisor (audited as a login).
fn demo_supervisor(ctx: &Ctx, conn: &mut rusqlite::Connection) -> Result<Clerk> {
    let (login, _, _) = DEMO_CLERKS[0];
    let clerk = clerks::by_login(conn, login)
        .map_err(|e| ctx.db_error(e))?
        .filter(|c| !c.disabled && c.role == Role::Supervisor)
        .ok_or_else(|| UsageError(fill(ctx.t.clerk_unknown, &[("login", &login)])))?;
    let actor = crate::db::audit::Actor {
        clerk_id: Some(clerk.id),
        login: Some(clerk.login.clone()),
        terminal: ctx.terminal.clone(),
    };
    db::write(conn, |tx| audit::append(tx, &actor, Utc::now(), &Entry::new("login").detail("demo")))
        .map_err(|e| ctx.db_error(e))?;
    Ok(clerk)
}

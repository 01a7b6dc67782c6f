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
    /// small: a day at the counter with outbox files; large: a city centre after five years
    /// (a million workers, two million claims; about a minute to build)
    #[arg(long, value_enum, default_value_t = Scale::Small)]
    pub scale: Scale,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    Small,
    Large,
}

impl Scale {
    fn code(self) -> &'static str {
        match self {
            Scale::Small => "small",
            Scale::Large => "large",
        }
    }
}

pub fn run(ctx: &Ctx, args: &DemoArgs) -> Result<()> {
    let t = ctx.t;
    if ctx.db_path.exists() {
        let existing = ctx.open(OpenMode::Existing)?;
        if !settings::is_demo(&existing.conn).map_err(|e| ctx.db_error(e))? {
            return Err(anyhow!(fill(t.demo_refused, &[("path", &ctx.db_path.display())])));
        }
    }
    let mut db = match args.scale {
        Scale::Large if !ctx.db_path.exists() => build_large(ctx, args.seed)?,
        _ => ctx.open(OpenMode::Create)?,
    };
    if db.created {
        seed(ctx, &mut db.conn)?;
        let now = Utc::now();
        seed_data(&mut db.conn, &ctx.settings, &db.path, args.seed, now).map_err(|e| ctx.db_error(e))?;
        seed_fund(&mut db.conn, &ctx.settings, now).map_err(|e| ctx.db_error(e))?;
        eprintln!("{}", fill(t.demo_created, &[("path", &db.path.display())]));
    }
    let found = settings::get(&db.conn, settings::DEMO_SCALE).map_err(|e| ctx.db_error(e))?;
    let found = found.as_deref().unwrap_or("small");
    if found != args.scale.code() {
        let path = db.path.display().to_string();
        return Err(anyhow!(fill(
            t.demo_scale,
            &[("path", &path), ("found", &found), ("want", &args.scale.code())]
        )));
    }
    if args.no_tui {
        println!("{}", db.path.display());
        return Ok(());
    }
    let supervisor = demo_supervisor(ctx, &mut db.conn)?;
    drop(db);
    crate::kiosk::run(ctx, Some(supervisor))
}

/// The large demo's shapes in miniature, for tests: a new database at `path` holding the demo
/// accounts and a few thousand rows of everything, as `demo --scale large` makes them.
pub fn build_tiny(
    path: &std::path::Path,
    settings: &crate::config::Settings,
    now: chrono::DateTime<Utc>,
) -> Result<crate::db::Db, crate::db::DbError> {
    let mut db = db::open(path, OpenMode::Create)?;
    let hash = crate::domain::pin::hash_pin(DEMO_PIN, &[9; 16])
        .map_err(|e| crate::db::DbError::Io { path: path.to_path_buf(), source: std::io::Error::other(e) })?;
    db::write(&mut db.conn, |tx| {
        settings::set(tx, settings::DEMO, "1")?;
        settings::set(tx, settings::DEMO_SCALE, "large")?;
        for (login, name, role) in DEMO_CLERKS {
            clerks::insert(tx, login, name, *role, &hash, now)?;
        }
        Ok::<_, crate::db::DbError>(())
    })?;
    super::demo_large::build(&mut db.conn, settings, path, 7, now, super::demo_large::Sizes::TINY)?;
    Ok(db)
}

/// The large centre, built under a temporary name and renamed (with its key file) only when
/// complete, so an interrupted build leaves no half demo behind.
fn build_large(ctx: &Ctx, seed_n: u64) -> Result<crate::db::Db> {
    let path = ctx.db_path.clone();
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".building");
    let tmp = path.with_file_name(name);
    let key = |p: &std::path::Path| crate::db::key_path(p);
    for stale in [tmp.clone(), key(&tmp)] {
        let _ = std::fs::remove_file(stale);
    }
    eprintln!("{}", fill(ctx.t.demo_building, &[("path", &path.display())]));
    let io = |p: &std::path::Path| {
        let p = p.to_path_buf();
        move |source| ctx.db_error(crate::db::DbError::Io { path: p, source })
    };
    {
        let mut db = db::open(&tmp, OpenMode::Create).map_err(|e| ctx.db_error(e))?;
        ctx.record_creation(&db)?;
        seed(ctx, &mut db.conn)?;
        let built = super::demo_large::build(
            &mut db.conn,
            &ctx.settings,
            &tmp,
            seed_n,
            Utc::now(),
            super::demo_large::Sizes::LARGE,
        )
        .and_then(|()| settings::set(&db.conn, settings::DEMO_SCALE, "large"));
        if let Err(e) = built {
            drop(db);
            let _ = std::fs::remove_file(&tmp);
            let _ = std::fs::remove_file(key(&tmp));
            return Err(ctx.db_error(e));
        }
    }
    std::fs::rename(key(&tmp), key(&path)).map_err(io(&path))?;
    std::fs::rename(&tmp, &path).map_err(io(&path))?;
    eprintln!("{}", fill(ctx.t.demo_created, &[("path", &path.display())]));
    ctx.open(OpenMode::Existing)
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
    super::demo_hardship::seed(conn, settings, clerk_id, approver, now)?;
    super::demo_claims::seed(conn, settings, clerk_id, approver, now)?;
    super::demo_letters::seed(conn, settings, db_path, clerk_id, now)?;
    let station =
        super::demo_station::Station { settings, clerk_id, volunteer_id: volunteer, supervisor_id: approver };
    station.seed(conn, seed, now)
}

/// The small demo's aid fund (`demo_fund`): a few claims of every programme of the year,
/// entered by the demo's clerk and approved by its supervisor. Kept apart from `seed_data` so
/// the screen snapshots made from that stay as they are.
pub fn seed_fund(
    conn: &mut rusqlite::Connection,
    settings: &crate::config::Settings,
    now: chrono::DateTime<Utc>,
) -> Result<super::demo_fund::Made, crate::db::DbError> {
    let id = |conn: &rusqlite::Connection, n: usize| -> Result<i64, crate::db::DbError> {
        Ok(clerks::by_login(conn, DEMO_CLERKS[n].0)?.map_or(1, |c| c.id))
    };
    let hands = super::demo_fund::Hands { clerk: id(conn, 1)?, supervisor: id(conn, 0)? };
    db::write(conn, |tx| super::demo_fund::seed(tx, settings, hands, now, 4))
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

//! The runtime: opens the database, starts the worker, sets up the terminal and runs the one
//! synchronous loop (draw, poll with a tick, handle key presses, run effects).

mod admin;
mod batch;
pub mod board;
pub mod claims;
mod exec;
mod letters;
mod station;
mod terminal;
mod walk;
mod worker;

pub use exec::{Env, execute};
pub use station::overview as station_overview;
pub use walk::card_of as worker_card;

use crate::app::{App, Effect, Event, Reply, Setup};
use crate::cli::Ctx;
use crate::db::clerks::{self, Clerk};
use crate::db::{self, OpenMode, settings};
use anyhow::{Result, anyhow};
use chrono::Utc;
use crossterm::event::{self, Event as CtEvent, KeyEventKind};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const TICK: Duration = Duration::from_millis(200);

/// Builds the app's starting state from the database and the terminal's settings.
pub fn setup(ctx: &Ctx, conn: &rusqlite::Connection, auto_login: Option<Clerk>) -> Result<Setup> {
    if let Some(w) = &ctx.window
        && ctx.settings.window(w).is_none()
    {
        return Err(crate::cli::UsageError(format!("--window {w}: no such window in the config")).into());
    }
    let first_run = clerks::count(conn).map_err(|e| ctx.db_error(e))? == 0;
    let stored = settings::get(conn, settings::FINGERPRINT).map_err(|e| ctx.db_error(e))?;
    Ok(Setup {
        settings: ctx.settings.clone(),
        lang: ctx.lang,
        window: ctx.window.clone(),
        demo: settings::is_demo(conn).map_err(|e| ctx.db_error(e))?,
        first_run,
        config_differs: stored.is_some_and(|s| s != ctx.settings.fingerprint()),
        schema_version: db::user_version(conn).map_err(|e| ctx.db_error(e))?,
        auto_login,
    })
}

/// Opens the kiosk screen on the context's database (creating it on a first run).
pub fn run(ctx: &Ctx, auto_login: Option<Clerk>) -> Result<()> {
    let db = ctx.open(OpenMode::Create)?;
    // Letters committed but not yet in the outbox (a crash between commit and rename).
    let outbox = crate::letters::outbox::dir(&ctx.settings, &db.path);
    if let Err(e) = crate::letters::outbox::rebuild(&db.conn, &ctx.settings, &outbox, false) {
        eprintln!("frontdesk: outbox: {e}");
    }
    let setup = setup(ctx, &db.conn, auto_login)?;
    let mut app = App::new(setup, Utc::now());
    let env = Env {
        terminal: ctx.terminal.clone(),
        settings: ctx.settings.clone(),
        lang: ctx.lang,
        db_path: db.path.clone(),
    };
    let worker = worker::Worker::start(db.conn, env);
    let stop = terminal::termination_flag()?;
    let guard = terminal::enter()?;
    let mut term = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
    let size = term.size()?;
    app.size = (size.width, size.height);
    for effect in app.start() {
        worker.send(effect);
    }
    let start = Instant::now();
    let mut checks: Option<Receiver<Reply>> = None;
    let result = (|| -> Result<()> {
        loop {
            term.draw(|f| crate::ui::draw(f, &app))?;
            if checks.is_none() {
                checks = Some(quick_check(&db.path));
            }
            if stop.requested() || app.quit {
                return Ok(());
            }
            let mut events = vec![];
            if event::poll(TICK)? {
                // Drain what is queued: a card reader's burst arrives all at once.
                loop {
                    let ms = start.elapsed().as_millis() as u64;
                    match event::read()? {
                        CtEvent::Key(k) if k.kind != KeyEventKind::Release => events.push(Event::Key(k, ms)),
                        CtEvent::Paste(text) => events.push(Event::Paste(text)),
                        CtEvent::Resize(w, h) => events.push(Event::Resize(w, h)),
                        _ => {}
                    }
                    if !event::poll(Duration::ZERO)? {
                        break;
                    }
                }
            }
            events.push(Event::Tick(Utc::now(), start.elapsed().as_millis() as u64));
            events.extend(worker.replies.try_iter().map(Event::Reply));
            if let Some(rx) = &checks {
                events.extend(rx.try_iter().map(Event::Reply));
            }
            for ev in events {
                for effect in app.update(ev) {
                    match effect {
                        Effect::Quit => app.quit = true,
                        other => worker.send(other),
                    }
                }
            }
        }
    })();
    drop(stop);
    drop(term);
    drop(guard);
    worker.finish();
    result.map_err(|e| anyhow!("{e}"))
}

/// `PRAGMA quick_check` on its own read connection, after the first frame.
fn quick_check(path: &std::path::Path) -> Receiver<Reply> {
    let (tx, rx) = channel();
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let problems = match db::open_read_only(&path).and_then(|c| db::integrity(&c, false)) {
            Ok(p) => p,
            Err(e) => vec![e.to_string()],
        };
        let _ = tx.send(Reply::QuickCheck(problems));
    });
    rx
}

//! The runtime: opens the database, starts the worker, sets up the terminal and runs the one
//! synchronous loop: draw, wait on one channel that keys, database answers and the clock feed,
//! handle all that arrived, draw.

pub mod board;
mod terminal;
mod worker;

use crate::app::Env;
pub use worker::Worker;

use crate::app::{App, Effect, Event, Job, Setup};
use crate::context::Ctx;
use crate::db::clerks::{self, Clerk};
use crate::db::{self, OpenMode, settings};
use anyhow::{Result, anyhow};
use chrono::Utc;
use crossterm::event::{self, Event as CtEvent, KeyEventKind};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::backend::CrosstermBackend;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

const TICK: Duration = Duration::from_millis(200);

/// Builds the app's starting state from the database and the terminal's settings.
pub fn setup(ctx: &Ctx, conn: &rusqlite::Connection, auto_login: Option<Clerk>) -> Result<Setup> {
    if let Some(w) = &ctx.window
        && ctx.settings.window(w).is_none()
    {
        return Err(crate::context::UsageError(format!("--window {w}: no such window in the config")).into());
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
    if let Err(e) = crate::letters::outbox::rebuild(
        &db.conn,
        &ctx.settings,
        &outbox,
        false,
        crate::db::read_key(&db.path).ok().as_deref(),
    ) {
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
    let (events, inbox) = channel::<Event>();
    let worker = Worker::start(db.conn, env, events.clone());
    let stop = terminal::termination_flag()?;
    let guard = terminal::enter()?;
    let mut term = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
    let size = term.size()?;
    app.size = (size.width, size.height);
    let start = Instant::now();
    read_keys(events.clone(), start);
    tick(events.clone(), start);
    drop(events);
    for job in app.start().into_iter().map(|effect| Job { effect, awaited: false }) {
        worker.send(job);
    }
    let result = run_loop(&mut app, &mut term, &inbox, &worker, |_| stop.requested());
    drop(stop);
    drop(term);
    drop(guard);
    worker.finish();
    result.map_err(|e| anyhow!("{e}"))
}

/// The one loop: draw, wait for the next event (a key, a database answer, the clock), handle
/// every event that has arrived, draw again. Ends when the app quits or `stop` says so.
pub fn run_loop<B: Backend>(
    app: &mut App,
    term: &mut Terminal<B>,
    inbox: &Receiver<Event>,
    worker: &Worker,
    stop: impl Fn(&App) -> bool,
) -> Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let mut jobs = vec![];
    loop {
        term.draw(|f| crate::ui::draw(f, app))?;
        // Drawn first, then handed over: on two cores a long refresh must not hold the frame
        // that shows what the clerk just did.
        for job in jobs.drain(..) {
            worker.send(job);
        }
        if stop(app) || app.quit {
            return Ok(());
        }
        // Digits held over a numbered dialog (a card's, or a person's pick?) are settled as soon
        // as the reader's pace has passed.
        let hold = Duration::from_millis(crate::app::gate::GAP_MS + 5);
        let first = match inbox.recv_timeout(if app.holding() { hold } else { TICK }) {
            Ok(ev) => ev,
            Err(RecvTimeoutError::Timeout) if app.holding() => {
                Event::Tick(chrono::Utc::now(), app.now_ms + crate::app::gate::GAP_MS + 5)
            }
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        // Everything that has arrived is handled before the next draw: a card reader's burst
        // or a pasted script is applied whole, whatever its length.
        for ev in std::iter::once(first).chain(inbox.try_iter()) {
            for job in app.handle(ev) {
                match job.effect {
                    Effect::Quit => app.quit = true,
                    _ => jobs.push(job),
                }
            }
        }
    }
}

/// Reads the terminal on its own thread: each key goes into the loop's channel as it arrives.
fn read_keys(events: Sender<Event>, start: Instant) {
    std::thread::spawn(move || {
        // An error means the terminal is gone; the stop watchdog ends the program.
        while let Ok(ev) = event::read() {
            let ms = start.elapsed().as_millis() as u64;
            let ev = match ev {
                CtEvent::Key(k) if k.kind != KeyEventKind::Release => Event::Key(k, ms),
                CtEvent::Paste(text) => Event::Paste(text),
                CtEvent::Resize(w, h) => Event::Resize(w, h),
                _ => continue,
            };
            if events.send(ev).is_err() {
                return;
            }
        }
    });
}

/// The clock: only for the time shown, the idle lock and timers (answers wake the loop).
fn tick(events: Sender<Event>, start: Instant) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(TICK);
            if events.send(Event::Tick(Utc::now(), start.elapsed().as_millis() as u64)).is_err() {
                return;
            }
        }
    });
}

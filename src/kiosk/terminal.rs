//! The terminal: raw mode, alternate screen, bracketed paste, and restoring all of it on every
//! exit path (normal, error, panic, SIGTERM, SIGHUP).

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use crossterm::{cursor, execute};
use std::io::{IsTerminal, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Puts the terminal back; safe to call more than once and on a dead terminal.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), DisableBracketedPaste, LeaveAlternateScreen, cursor::Show);
}

/// Restores the terminal when dropped, so an early return or error cannot leave it raw.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

pub fn enter() -> std::io::Result<Guard> {
    install_panic_hook();
    enable_raw_mode()?;
    let guard = Guard;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    Ok(guard)
}

/// A panic restores the terminal first and then says one line, never a backtrace.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        restore();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("frontdesk: internal error: {what}");
    }));
}

/// How long the loop has to end by itself after a stop was asked for.
const GRACE: Duration = Duration::from_millis(1500);

/// Set when SIGTERM or SIGHUP (an SSH session dropping) arrives, or the terminal hangs up; the
/// loop then ends cleanly. crossterm's event source spins inside `poll` once the terminal is
/// gone (crossterm issue 793), so the loop may never look: a watchdog thread notices a hung-up
/// terminal itself and, when the loop has not ended `GRACE` after a stop, restores what it can
/// and exits. Dropping the `Stop` (the loop ended) stands the watchdog down.
pub struct Stop {
    flag: Arc<AtomicBool>,
    done: Arc<AtomicBool>,
}

impl Stop {
    pub fn requested(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }
}

impl Drop for Stop {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
    }
}

pub fn termination_flag() -> std::io::Result<Stop> {
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, Arc::clone(&flag))?;
    }
    let done = Arc::new(AtomicBool::new(false));
    let (f, d) = (Arc::clone(&flag), Arc::clone(&done));
    let watched = std::io::stdin().is_terminal();
    std::thread::spawn(move || {
        let mut since: Option<Instant> = None;
        while !d.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(250));
            if watched && hung_up() {
                f.store(true, Ordering::Relaxed);
            }
            if f.load(Ordering::Relaxed) && since.get_or_insert_with(Instant::now).elapsed() >= GRACE {
                if d.load(Ordering::Relaxed) {
                    return;
                }
                restore();
                std::process::exit(129);
            }
        }
    });
    Ok(Stop { flag, done })
}

/// The terminal on standard input has hung up (its other end is gone).
fn hung_up() -> bool {
    let mut fd = libc::pollfd { fd: 0, events: 0, revents: 0 };
    // SAFETY: one valid pollfd, a count of one, no timeout; poll only writes `revents`.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    n > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

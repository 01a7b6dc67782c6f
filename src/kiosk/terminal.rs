//! The terminal: raw mode, alternate screen, bracketed paste, and restoring all of it on every
//! exit path (normal, error, panic, SIGTERM, SIGHUP).

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use crossterm::{cursor, execute};
use std::io::stdout;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

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

/// Set when SIGTERM or SIGHUP (an SSH session dropping) arrives; the loop then ends cleanly.
pub fn termination_flag() -> std::io::Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, Arc::clone(&flag))?;
    }
    Ok(flag)
}

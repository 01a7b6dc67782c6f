//! frontdesk: the front-counter terminal of a trade-union workers' service centre.

pub mod app;
pub mod cli;
pub mod config;
pub mod context;
pub mod db;
pub mod domain;
pub mod i18n;
pub mod kiosk;
pub mod letters;
pub mod report;
pub mod rooms;
pub mod ui;

/// Process-wide setup before anything is written: every file the process creates is private.
pub fn process_setup() {
    // SAFETY: umask only changes this process's file-creation mask.
    unsafe {
        libc::umask(0o077);
    }
}

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
    allocator_setup();
}

/// Memory freed goes back to the system: blocks of 128 KiB and up (a PIN's 19 MiB hash, a long
/// period's figures) are mapped on their own and unmapped when freed, instead of glibc raising
/// that bound after the first such free and keeping the next ones in a thread's arena, resident
/// for the rest of the session. Two arenas: the kiosk's threads do not each keep their own.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn allocator_setup() {
    // SAFETY: mallopt only sets the allocator's parameters; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn allocator_setup() {}

/// Gives the system back the free pages the allocator still holds (after a long read).
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages; it touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

//! The database workers. One thread owns the write connection and runs the counter's effects
//! in order, so the loop keeps drawing while a save waits behind another terminal's write.
//! Long reads (F5's figures) run on a second thread with a read-only connection of its own:
//! the counter never waits behind a supervisor's year, and a newer request replaces one not yet
//! started and interrupts one under way (a step through the years computes only what is
//! finally shown). Each answer goes into the loop's one channel and wakes it at once.

use crate::app::{Effect, Env, Event, Job};
use rusqlite::Connection;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

pub struct Worker {
    jobs: Option<Sender<Job>>,
    handle: Option<JoinHandle<()>>,
    reader: Option<Reader>,
}

impl Worker {
    pub fn start(mut conn: Connection, env: Env, events: Sender<Event>) -> Worker {
        let reader = Reader::start(&env, events.clone());
        let (jobs, inbox) = channel::<Job>();
        let handle = std::thread::spawn(move || {
            for job in inbox {
                let Some(reply) = crate::app::execute(&mut conn, &env, job.effect) else { continue };
                let event = if job.awaited { Event::Answer(reply) } else { Event::Reply(reply) };
                if events.send(event).is_err() {
                    break;
                }
            }
        });
        Worker { jobs: Some(jobs), handle: Some(handle), reader }
    }

    pub fn send(&self, job: Job) {
        if let (Effect::Summary { .. }, Some(reader)) = (&job.effect, &self.reader) {
            reader.send(job);
            return;
        }
        if let Some(jobs) = &self.jobs {
            // A closed channel means the worker ended; the loop is ending too.
            let _ = jobs.send(job);
        }
    }

    /// Lets queued work (the last audit rows) finish before the program exits; a long read
    /// under way is interrupted.
    pub fn finish(mut self) {
        self.jobs.take();
        if let Some(r) = self.reader.take() {
            r.stop();
        }
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// The one request waiting for the reader: a newer one takes its place.
#[derive(Default)]
struct Slot {
    next: Option<Job>,
    closed: bool,
}

impl Slot {
    /// Puts `job` in, dropping one that had not started.
    fn put(&mut self, job: Job) -> Option<Job> {
        self.next.replace(job)
    }
}

struct Reader {
    slot: Arc<(Mutex<Slot>, Condvar)>,
    /// Bumped by every request: a read whose number is behind it is stale.
    latest: Arc<AtomicU64>,
    handle: JoinHandle<()>,
}

impl Reader {
    /// `None` where no read connection can be had (then long reads stay on the writer).
    fn start(env: &Env, events: Sender<Event>) -> Option<Reader> {
        let mut conn = crate::db::open_read_only(&env.db_path).ok()?;
        let slot = Arc::new((Mutex::new(Slot::default()), Condvar::new()));
        let latest = Arc::new(AtomicU64::new(0));
        let running = Arc::new(AtomicU64::new(0));
        let (l, r) = (latest.clone(), running.clone());
        // SQLite asks every few thousand steps: a read overtaken by a newer request stops.
        conn.progress_handler(4_000, Some(move || l.load(Ordering::SeqCst) != r.load(Ordering::SeqCst)))
            .ok()?;
        let (env, shared, newest) = (env.clone(), slot.clone(), latest.clone());
        let handle = std::thread::spawn(move || {
            loop {
                let job = {
                    let (lock, ready) = &*shared;
                    let Ok(mut s) = lock.lock() else { return };
                    loop {
                        if s.closed {
                            return;
                        }
                        if let Some(job) = s.next.take() {
                            break job;
                        }
                        let Ok(next) = ready.wait(s) else { return };
                        s = next;
                    }
                };
                let mine = newest.load(Ordering::SeqCst);
                running.store(mine, Ordering::SeqCst);
                let reply = crate::app::execute(&mut conn, &env, job.effect);
                // A long period's working set is freed by now: hand its pages back.
                crate::release_free_memory();
                if newest.load(Ordering::SeqCst) != mine {
                    continue; // overtaken: what is on screen now is asked for already
                }
                let Some(reply) = reply else { continue };
                let event = if job.awaited { Event::Answer(reply) } else { Event::Reply(reply) };
                if events.send(event).is_err() {
                    return;
                }
            }
        });
        Some(Reader { slot, latest, handle })
    }

    fn send(&self, job: Job) {
        self.latest.fetch_add(1, Ordering::SeqCst);
        let (lock, ready) = &*self.slot;
        if let Ok(mut s) = lock.lock() {
            s.put(job);
            ready.notify_one();
        }
    }

    fn stop(self) {
        self.latest.fetch_add(1, Ordering::SeqCst);
        let (lock, ready) = &*self.slot;
        if let Ok(mut s) = lock.lock() {
            s.closed = true;
            ready.notify_one();
        }
        let _ = self.handle.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(n: i64) -> Job {
        Job { effect: Effect::Print { command: n.to_string(), text: String::new() }, awaited: false }
    }

    #[test]
    fn a_newer_request_replaces_one_not_yet_started() {
        let mut s = Slot::default();
        assert!(s.put(job(1)).is_none());
        assert_eq!(s.put(job(2)), Some(job(1)), "the older request is dropped");
        assert_eq!(s.next, Some(job(2)));
    }
}

//! The database worker: one thread owns the write connection and runs effects in order, so the
//! loop keeps drawing while a save waits behind another terminal's write. Each answer goes into
//! the loop's one channel and wakes it at once.

use crate::app::{Event, Job};
use rusqlite::Connection;
use std::sync::mpsc::{Sender, channel};
use std::thread::JoinHandle;

pub struct Worker {
    jobs: Option<Sender<Job>>,
    handle: Option<JoinHandle<()>>,
}

impl Worker {
    pub fn start(mut conn: Connection, env: crate::app::Env, events: Sender<Event>) -> Worker {
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
        Worker { jobs: Some(jobs), handle: Some(handle) }
    }

    pub fn send(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            // A closed channel means the worker ended; the loop is ending too.
            let _ = jobs.send(job);
        }
    }

    /// Lets queued work (the last audit rows) finish before the program exits.
    pub fn finish(mut self) {
        self.jobs.take();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

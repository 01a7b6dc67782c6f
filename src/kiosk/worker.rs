//! The database worker: one thread owns the write connection and runs effects in order, so the
//! loop keeps drawing while a save waits behind another terminal's write.

use crate::app::{Effect, Reply};
use rusqlite::Connection;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

pub struct Worker {
    jobs: Option<Sender<Effect>>,
    pub replies: Receiver<Reply>,
    handle: Option<JoinHandle<()>>,
}

impl Worker {
    pub fn start(mut conn: Connection, env: super::exec::Env) -> Worker {
        let (jobs, inbox) = channel::<Effect>();
        let (outbox, replies) = channel::<Reply>();
        let handle = std::thread::spawn(move || {
            for effect in inbox {
                if let Some(reply) = super::exec::execute(&mut conn, &env, effect)
                    && outbox.send(reply).is_err()
                {
                    break;
                }
            }
        });
        Worker { jobs: Some(jobs), replies, handle: Some(handle) }
    }

    pub fn send(&self, effect: Effect) {
        if let Some(jobs) = &self.jobs {
            // A closed channel means the worker ended; the loop is ending too.
            let _ = jobs.send(effect);
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

//! The lobby board's content: ticket numbers and windows only, never personal data.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Board {
    /// The latest call, shown large for ten seconds.
    pub latest: Option<Call>,
    /// The last five calls, newest first.
    pub recent: Vec<Call>,
    /// Per matter: its name and the next tickets in calling order.
    pub next: Vec<(String, Vec<String>)>,
    pub average_wait: Option<f64>,
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub ticket: String,
    pub window: String,
    pub at: DateTime<Utc>,
}

/// How long the latest call stays large.
pub const LARGE_SECONDS: i64 = 10;

impl Board {
    pub fn large(&self) -> Option<&Call> {
        self.latest.as_ref().filter(|c| (self.now - c.at).num_seconds() < LARGE_SECONDS)
    }
}

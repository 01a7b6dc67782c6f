//! F1's answers as data: what the service did or why not. The room words them (`words`).

use super::{Card, LastTicket, Snapshot};
use crate::db::workers::Worker;
use crate::domain::walkin::State;

/// Answers to F1's requests.
#[derive(Debug, Clone, PartialEq)]
pub enum WalkReply {
    /// The visit's id and its ticket, or why not.
    Registered(Result<(i64, LastTicket), Refused>),
    Snapshot(Snapshot),
    Card {
        id_number: String,
        card: Result<Option<Card>, Refused>,
    },
    /// A counter action done, or why not.
    Acted(Result<Acted, Refused>),
    /// A card edit: saved (`None`), or the newer record someone else saved first.
    Edited(Result<Option<Worker>, Refused>),
}

/// What a counter action did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acted {
    /// A ticket called to this window (the next one, or again).
    Called {
        ticket: String,
    },
    /// A ticket moved on (begun, finished, transferred, a no-show, cancelled).
    Moved {
        ticket: String,
        state: State,
    },
    ChecklistGiven,
    FollowUpRecorded,
}

/// Why F1's request was not done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The clerk's role as stored may not: a volunteer issues quick tickets only.
    Role(crate::app::Refused),
    /// Nobody waits for this window's matters.
    NoneWaiting,
    /// The ticket's state does not allow the step (another window moved it first).
    Step { ticket: String, from: Option<State> },
    /// A matter code the config no longer has.
    UnknownMatter(String),
}

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
        /// Called this many times, the most before the next recall makes it 过号.
        warn: Option<u32>,
        /// A recall: the calls so far.
        again: Option<u32>,
    },
    /// Call-next after moving the window's ticket off (`before`: its ticket and new state);
    /// `called` is `None` when nobody was waiting.
    Next {
        before: Option<(String, State)>,
        called: Option<String>,
    },
    /// A ticket moved on (begun, finished, transferred, a no-show, cancelled).
    Moved {
        ticket: String,
        state: State,
    },
    /// A ticket marked 过号 or 取消 back to waiting, its arrival time kept.
    Restored {
        ticket: String,
    },
    ChecklistGiven {
        ticket: String,
    },
    FollowUpRecorded {
        result: String,
    },
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
    /// The window has this ticket called or being served already (from this or another terminal).
    WindowBusy { ticket: String },
    /// The ticket is called or being served at another window.
    OtherWindow { ticket: String, window: String },
    /// Only today's tickets go back to waiting.
    NotToday { ticket: String },
    /// Another clerk recorded this follow-up's result first.
    FollowUpTaken { ticket: String },
}

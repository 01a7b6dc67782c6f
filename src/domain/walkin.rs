//! Walk-ins: channels, ticket numbers, visit states and the steps between them, and the times
//! that summaries are made of. The state is derived by replaying steps, never stored by hand.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// 来访: at the counter, gets a ticket.
    WalkIn,
    /// 来电
    Phone,
    /// 线上
    Online,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::WalkIn, Channel::Phone, Channel::Online];

    pub fn code(self) -> &'static str {
        match self {
            Channel::WalkIn => "walk_in",
            Channel::Phone => "phone",
            Channel::Online => "online",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn gets_ticket(self) -> bool {
        self == Channel::WalkIn
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    Waiting,
    Called,
    Serving,
    Done,
    Referred,
    NoShow,
    Cancelled,
}

impl State {
    pub const ALL: [State; 7] = [
        State::Waiting,
        State::Called,
        State::Serving,
        State::Done,
        State::Referred,
        State::NoShow,
        State::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Waiting => "waiting",
            State::Called => "called",
            State::Serving => "serving",
            State::Done => "done",
            State::Referred => "referred",
            State::NoShow => "no_show",
            State::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|c| c.code() == s)
    }

    /// Still in the hall: waiting, called or being served.
    pub fn is_open(self) -> bool {
        matches!(self, State::Waiting | State::Called | State::Serving)
    }
}

/// How a finished visit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// 一次办结
    DoneFirstVisit,
    /// 需补材料: the worker will come back with papers.
    NeedsPapers,
    /// Referred to another department.
    Referred,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::DoneFirstVisit => "done_first_visit",
            Outcome::NeedsPapers => "needs_papers",
            Outcome::Referred => "referred",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        [Outcome::DoneFirstVisit, Outcome::NeedsPapers, Outcome::Referred].into_iter().find(|o| o.code() == s)
    }
}

/// One step in a visit's life; each is one event row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Issue,
    Call,
    Recall,
    SendBack,
    Begin,
    Finish(Outcome),
    NoShow,
    Cancel,
    Transfer,
    /// A ticket marked 过号 or 取消 put back to waiting the same day (the worker turned up).
    Restore,
    /// Brought in by `import walkins` in whatever state the file says.
    Import(State),
}

impl Step {
    pub fn code(self) -> &'static str {
        match self {
            Step::Issue => "issue",
            Step::Call => "call",
            Step::Recall => "recall",
            Step::SendBack => "send_back",
            Step::Begin => "begin",
            Step::Finish(_) => "finish",
            Step::NoShow => "no_show",
            Step::Cancel => "cancel",
            Step::Transfer => "transfer",
            Step::Restore => "restore",
            Step::Import(_) => "import",
        }
    }
}

/// A visit's state plus how many times it has been called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub state: State,
    pub calls: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{step:?} is not allowed when the visit is {from:?}")]
pub struct StepError {
    pub from: Option<State>,
    pub step: Step,
}

/// The state after `step`. `max_calls` is `max_missed_calls`: a recall beyond it makes the
/// ticket a no-show instead.
pub fn advance(from: Option<Position>, step: Step, max_calls: u32) -> Result<Position, StepError> {
    use State::*;
    let refuse = Err(StepError { from: from.map(|p| p.state), step });
    let Some(p) = from else {
        return match step {
            Step::Issue => Ok(Position { state: Waiting, calls: 0 }),
            Step::Import(state) => Ok(Position { state, calls: 0 }),
            _ => refuse,
        };
    };
    let to = |state| Ok(Position { state, calls: p.calls });
    match (p.state, step) {
        (Waiting, Step::Call) => Ok(Position { state: Called, calls: p.calls + 1 }),
        (Called, Step::Recall) if p.calls >= max_calls => Ok(Position { state: NoShow, calls: p.calls }),
        (Called, Step::Recall) => Ok(Position { state: Called, calls: p.calls + 1 }),
        (Called, Step::SendBack) => to(Waiting),
        (Called, Step::Begin) => to(Serving),
        (Serving, Step::Finish(Outcome::Referred)) => to(Referred),
        (Serving, Step::Finish(_)) => to(Done),
        (Called, Step::NoShow) => to(NoShow),
        (Waiting, Step::Cancel) => to(Cancelled),
        (NoShow | Cancelled, Step::Restore) => Ok(Position { state: Waiting, calls: 0 }),
        (Waiting | Called | Serving, Step::Transfer) => Ok(Position { state: Waiting, calls: 0 }),
        _ => refuse,
    }
}

/// Replays steps from nothing; the state a visit is in.
pub fn replay(steps: &[Step], max_calls: u32) -> Result<Position, StepError> {
    let mut pos = None;
    for &s in steps {
        pos = Some(advance(pos, s, max_calls)?);
    }
    pos.ok_or(StepError { from: None, step: Step::Issue })
}

/// `A001` … `A999`, then `A1000`: never wraps.
pub fn ticket_label(letter: &str, n: u32) -> String {
    format!("{letter}{n:03}")
}

/// Minutes between two instants, to one decimal.
pub fn minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    let secs = (to - from).num_seconds().max(0) as f64;
    (secs / 6.0).round() / 10.0
}

/// Wait and service time of a visit from its timed steps: wait = arrival → the call that
/// led to service; service = begin → finish. `None` where it was not measured.
pub fn times(arrived: DateTime<Utc>, steps: &[(Step, DateTime<Utc>)]) -> (Option<f64>, Option<f64>) {
    let finish = steps.iter().rposition(|(s, _)| matches!(s, Step::Finish(_)));
    let begin_before = |end: usize| steps[..end].iter().rposition(|(s, _)| *s == Step::Begin);
    let begin = match finish {
        Some(f) => begin_before(f),
        None => begin_before(steps.len()),
    };
    let wait = begin.and_then(|b| {
        steps[..b]
            .iter()
            .rev()
            .find(|(s, _)| matches!(s, Step::Call | Step::Recall))
            .map(|(_, at)| minutes(arrived, *at))
    });
    let service = match (begin, finish) {
        (Some(b), Some(f)) => Some(minutes(steps[b].1, steps[f].1)),
        _ => None,
    };
    (wait, service)
}

/// Visits finished 一次办结 / visits finished (done or referred by finishing).
pub fn first_visit_done_rate(outcomes: &[Outcome]) -> Option<f64> {
    if outcomes.is_empty() {
        return None;
    }
    let done = outcomes.iter().filter(|o| **o == Outcome::DoneFirstVisit).count();
    Some(done as f64 / outcomes.len() as f64)
}

#[cfg(test)]
mod tests;

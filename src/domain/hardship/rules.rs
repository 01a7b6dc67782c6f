//! The rules a hardship file is judged by (notes/hardship-design.md "The rules"): household
//! figures, the proposed category, which role may take which step in which state (four eyes),
//! and whether a file is current on a day. Pure: storage (`db::hardship_ops`) calls these inside
//! its transaction, the screens call them to say what a key would do.

use super::{Category, Cause, Health, Relation, State, Work};
use crate::domain::{IdNumber, Role};
use chrono::{Days, Months, NaiveDate};

/// One household member as the counter types it (a member row of an application or review).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    pub relation: Relation,
    /// Optional for children; when given it must be a valid ID number (stored form).
    pub id_number: Option<String>,
    pub health: Health,
    /// 1–4 when `health` is `Disabled`.
    pub disability_grade: Option<u8>,
    pub work: Work,
    /// Monthly income, in fen; 0 for a member with none.
    pub income_fen: i64,
}

/// A household's monthly figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    pub members: i64,
    pub income_fen: i64,
    /// Household income / members, whole fen rounded down (0 with no members).
    pub per_head_fen: i64,
}

/// Household income and income per head: every member counts as a head, children and members
/// without income included.
pub fn figures(members: &[Member]) -> Figures {
    let n = members.len() as i64;
    let income: i64 = members.iter().map(|m| m.income_fen.max(0)).sum();
    Figures { members: n, income_fen: income, per_head_fen: if n == 0 { 0 } else { income / n } }
}

/// What the lines say: `Err(NoLine)` when the config has no 低保 line for the year (the form
/// says `未设置{year}年低保标准`), `Ok(None)` when not eligible on income or cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoLine {
    pub year: i32,
}

/// The proposed category: `deep` below the line with a member unable to work or gravely ill;
/// else `relative` below `percent`% of the line; else `sudden` for an accident or a disaster;
/// else none. `line` is the 低保 line of the application day's year.
pub fn propose(
    members: &[Member],
    causes: &[Cause],
    line: Option<i64>,
    year: i32,
    relative_percent: u32,
) -> Result<Option<Category>, NoLine> {
    let Some(line) = line else { return Err(NoLine { year }) };
    let per_head = figures(members).per_head_fen;
    let weak = members.iter().any(|m| m.work == Work::Unable || m.health == Health::Grave);
    if per_head < line && weak {
        return Ok(Some(Category::Deep));
    }
    if (per_head as i128) * 100 < (line as i128) * (relative_percent as i128) {
        return Ok(Some(Category::Relative));
    }
    if causes.iter().any(|c| matches!(c, Cause::Accident | Cause::Disaster)) {
        return Ok(Some(Category::Sudden));
    }
    Ok(None)
}

/// Why an application, review or step is refused by the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// Volunteers and auditors never change a file.
    ReadOnly,
    /// The step is a supervisor's.
    SupervisorOnly,
    /// Whoever entered the application (or review) may not approve, return or reject it.
    FourEyes,
    /// Not a step from this state (or a lapsed/open-review condition that does not hold).
    NotFromHere {
        state: State,
    },
    /// The worker has an open (applied or filed) file already.
    OpenFile {
        file_no: String,
    },
    /// No members, or the first is not the worker (relation `self`), or a second `self`.
    NoSelf,
    /// Member `seq` (1-based) has no name.
    NameBlank {
        seq: usize,
    },
    /// Member `seq`'s ID is missing (required unless a child) or not a valid ID number.
    IdNumber {
        seq: usize,
    },
    /// Member `seq` is disabled without a grade 1–4 (or has a grade and is not disabled).
    Grade {
        seq: usize,
    },
    /// An income below zero.
    Income {
        seq: usize,
    },
    /// At least one cause.
    NoCause,
    /// A category other than the proposal needs a reason.
    CategoryReason,
    /// Approval (or a review's continue) needs a category.
    NoCategory,
    /// A reason (return, reject, exit) is required.
    ReasonRequired,
    /// No verification on the file (or the review).
    NoVerification,
    /// The latest verification is not `eligible`.
    NotEligible,
    /// The latest verification is dated `dated_on`, older than `verify_valid_days` (or after today).
    VerificationStale {
        dated_on: NaiveDate,
    },
    /// A verification dated after today, or without a reference.
    VerificationBad,
    /// A visit's finding is blank.
    FoundBlank,
    /// A visit dated after today.
    VisitFuture,
    /// A visit with nobody named as having gone (or an unknown login).
    NoVisitors,
    /// The file has an open review already (review), or none (review approve/return).
    ReviewOpen,
    NoReview,
    /// A review ending in exit without its reason.
    ExitReason,
}

/// A step on a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Apply,
    Edit,
    Return,
    Approve,
    Reject,
    Verify,
    Review,
    ReviewApprove,
    ReviewReturn,
    Exit,
    Visit,
}

impl Step {
    pub const ALL: [Step; 11] = [
        Step::Apply,
        Step::Edit,
        Step::Return,
        Step::Approve,
        Step::Reject,
        Step::Verify,
        Step::Review,
        Step::ReviewApprove,
        Step::ReviewReturn,
        Step::Exit,
        Step::Visit,
    ];

    /// The event's `action` code.
    pub fn code(self) -> &'static str {
        match self {
            Step::Apply => "apply",
            Step::Edit => "edit",
            Step::Return => "return",
            Step::Approve => "approve",
            Step::Reject => "reject",
            Step::Verify => "verify",
            Step::Review => "review",
            Step::ReviewApprove => "review_approve",
            Step::ReviewReturn => "review_return",
            Step::Exit => "exit",
            Step::Visit => "visit",
        }
    }

    /// Supervisor-only steps.
    pub fn supervisors(self) -> bool {
        matches!(
            self,
            Step::Return
                | Step::Approve
                | Step::Reject
                | Step::ReviewApprove
                | Step::ReviewReturn
                | Step::Exit
        )
    }

    /// Steps the one who entered (the application, or the review) may not take: four eyes.
    pub fn four_eyes(self) -> bool {
        matches!(self, Step::Return | Step::Approve | Step::Reject | Step::ReviewApprove | Step::ReviewReturn)
    }

    /// The states the step starts from (`None`: no file yet, for `Apply`).
    pub fn from_states(self) -> &'static [State] {
        match self {
            Step::Apply => &[],
            Step::Edit | Step::Return | Step::Approve | Step::Reject => &[State::Applied],
            Step::Verify | Step::Visit => &[State::Applied, State::Filed],
            Step::Review | Step::ReviewApprove | Step::ReviewReturn | Step::Exit => &[State::Filed],
        }
    }
}

/// Whether `role` (clerk `clerk_id`) may take `step` on a file in `state` (`None`: no file),
/// `entered_by` being who entered the application — or, for review approve/return, the review.
pub fn may(
    step: Step,
    role: Role,
    clerk_id: i64,
    state: Option<State>,
    entered_by: Option<i64>,
) -> Result<(), Rule> {
    may_by(step, role, clerk_id, state, entered_by.as_slice())
}

/// `may`, with everyone whose hands are on what the step decides on (`hands`: who entered the
/// application and who edited it — `hardship::application_hands` — or who entered the review):
/// none of them may take a four-eyes step.
pub fn may_by(
    step: Step,
    role: Role,
    clerk_id: i64,
    state: Option<State>,
    hands: &[i64],
) -> Result<(), Rule> {
    if matches!(role, Role::Volunteer | Role::Auditor) {
        return Err(Rule::ReadOnly);
    }
    if step.supervisors() && role != Role::Supervisor {
        return Err(Rule::SupervisorOnly);
    }
    match (step, state) {
        (Step::Apply, None) => {}
        (_, Some(s)) if step.from_states().contains(&s) => {}
        (_, Some(s)) => return Err(Rule::NotFromHere { state: s }),
        (_, None) => return Err(Rule::NotFromHere { state: State::Applied }),
    }
    if step.four_eyes() && hands.contains(&clerk_id) {
        return Err(Rule::FourEyes);
    }
    Ok(())
}

/// The members as a household: at least one, the worker first (`self`, once), names, IDs
/// (optional for children), grades with disability, incomes not below zero.
pub fn check_members(members: &[Member], today: NaiveDate) -> Result<(), Rule> {
    if members.first().is_none_or(|m| m.relation != Relation::Self_)
        || members.iter().skip(1).any(|m| m.relation == Relation::Self_)
    {
        return Err(Rule::NoSelf);
    }
    for (i, m) in members.iter().enumerate() {
        let seq = i + 1;
        if m.name.trim().is_empty() {
            return Err(Rule::NameBlank { seq });
        }
        match m.id_number.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(id) if IdNumber::parse(id, today).is_err() => return Err(Rule::IdNumber { seq }),
            None if m.relation != Relation::Child => return Err(Rule::IdNumber { seq }),
            _ => {}
        }
        let graded = m.disability_grade.is_some_and(|g| (1..=4).contains(&g));
        if (m.health == Health::Disabled) != graded || (m.disability_grade.is_some() && !graded) {
            return Err(Rule::Grade { seq });
        }
        if m.income_fen < 0 {
            return Err(Rule::Income { seq });
        }
    }
    Ok(())
}

/// A chosen category against the proposal: a different one (or one with no proposal) needs a
/// reason.
pub fn check_category(
    chosen: Option<Category>,
    proposed: Option<Category>,
    reason: &str,
) -> Result<(), Rule> {
    if chosen.is_some() && chosen != proposed && reason.trim().is_empty() {
        return Err(Rule::CategoryReason);
    }
    Ok(())
}

/// A verification good enough to approve on `today`: eligible, dated on or before today and no
/// more than `valid_days` before it.
pub fn check_verification(
    latest: Option<(NaiveDate, super::Verdict)>,
    today: NaiveDate,
    valid_days: u32,
) -> Result<(), Rule> {
    let Some((dated_on, verdict)) = latest else { return Err(Rule::NoVerification) };
    if verdict != super::Verdict::Eligible {
        return Err(Rule::NotEligible);
    }
    let oldest = today.checked_sub_days(Days::new(valid_days.into())).unwrap_or(NaiveDate::MIN);
    if dated_on > today || dated_on < oldest {
        return Err(Rule::VerificationStale { dated_on });
    }
    Ok(())
}

/// The last day a file approved or reviewed on `from` is current: `from` + `months` − 1 day
/// (a month end clamps: 31 Jan + 1 month − 1 day = 27/28 Feb).
pub fn valid_until(from: NaiveDate, months: u32) -> NaiveDate {
    from.checked_add_months(Months::new(months))
        .and_then(|d| d.checked_sub_days(Days::new(1)))
        .unwrap_or(NaiveDate::MAX)
}

/// A file's standing on a day, for the card and the claim check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Filed and not past its valid-until (or with none).
    Current,
    /// Filed, past its valid-until: hardship claim kinds are refused.
    Lapsed,
    /// Applied, rejected or exited.
    Not(State),
}

/// Current when filed and `valid_until` is on or after `day` (none: current).
pub fn standing(state: State, valid_until: Option<NaiveDate>, day: NaiveDate) -> Standing {
    match state {
        State::Filed if valid_until.is_none_or(|u| u >= day) => Standing::Current,
        State::Filed => Standing::Lapsed,
        other => Standing::Not(other),
    }
}

/// Category as an import writes it: the code, the Chinese name, or the old word 一般困难
/// (relative).
pub fn category_from_import(s: &str) -> Option<Category> {
    let t = s.trim();
    match t {
        "深度困难" => Some(Category::Deep),
        "相对困难" | "一般困难" => Some(Category::Relative),
        "意外致困" => Some(Category::Sudden),
        _ => Category::parse(t),
    }
}

#[cfg(test)]
mod tests;

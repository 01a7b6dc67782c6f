//! Mutual-aid and hardship claims: states, who may move them, four eyes and second approval,
//! and the payment due date from the working-day calendar. Never called 理赔.

use super::Role;
use super::calendar::Calendar;
use super::money::Fen;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClaimState {
    Submitted,
    MaterialsIncomplete,
    UnderReview,
    Approved,
    Paid,
    Rejected,
}

impl ClaimState {
    pub const ALL: [ClaimState; 6] = [
        ClaimState::Submitted,
        ClaimState::MaterialsIncomplete,
        ClaimState::UnderReview,
        ClaimState::Approved,
        ClaimState::Paid,
        ClaimState::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ClaimState::Submitted => "submitted",
            ClaimState::MaterialsIncomplete => "materials_incomplete",
            ClaimState::UnderReview => "under_review",
            ClaimState::Approved => "approved",
            ClaimState::Paid => "paid",
            ClaimState::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<ClaimState> {
        ClaimState::ALL.into_iter().find(|c| c.code() == s.trim())
    }

    /// Closed claims are no longer due.
    pub fn is_closed(self) -> bool {
        matches!(self, ClaimState::Paid | ClaimState::Rejected)
    }
}

/// What someone at the counter or the back office does to a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimStep {
    /// Papers recorded: complete (→ submitted) or not (→ materials_incomplete).
    Papers {
        complete: bool,
    },
    /// Sent on for review.
    Review,
    /// `over`: why more than was claimed is approved (without it, more is refused).
    Approve {
        amount: Fen,
        over: Option<String>,
    },
    Reject {
        reason: String,
    },
    /// `over`: why more than was approved is paid (without it, more is refused).
    Pay {
        on: NaiveDate,
        amount: Fen,
        over: Option<String>,
    },
}

impl ClaimStep {
    /// Why the amount is more than the claim allows, when the step gives a reason.
    pub fn over(&self) -> Option<&str> {
        match self {
            ClaimStep::Approve { over, .. } | ClaimStep::Pay { over, .. } => {
                over.as_deref().map(str::trim).filter(|r| !r.is_empty())
            }
            _ => None,
        }
    }
}

/// What a claim already holds that the rules look at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Held {
    pub registered_by: Option<i64>,
    /// The supervisor whose approval above the second-approval amount waits for a second.
    pub first_approver: Option<i64>,
    pub claimed: Fen,
    /// The approved amount: while a first approval waits, the amount it approved.
    pub approved: Option<Fen>,
}

/// Who acts, and what is already known about the claim's approvals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub clerk_id: i64,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimError {
    #[error("not allowed from {from:?}")]
    NotFromHere { from: ClaimState },
    #[error("only a supervisor may do this")]
    SupervisorOnly,
    #[error("the clerk who registered the claim cannot approve it")]
    FourEyes,
    #[error("a second approval must come from another supervisor")]
    SameApprover,
    #[error("a rejection needs a reason")]
    ReasonRequired,
    #[error("amount must be more than zero")]
    Amount,
    #[error("more than the {claimed:?} claimed needs a reason")]
    AboveClaimed { claimed: Fen },
    #[error("more than the {approved:?} approved needs a reason")]
    AboveApproved { approved: Fen },
    #[error("paid on a day before the claim was filed ({filed}) or after today")]
    PaidOn { filed: chrono::NaiveDate },
}

/// The result of a step: the new state, whether an approval is only the first of two, and who
/// is the first approver once it is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub to: ClaimState,
    pub first_of_two: bool,
    /// The first approver to store: this supervisor for a first of two, the first one when
    /// this approval confirms theirs, none for an approval that needs no second.
    pub first_approver: Option<i64>,
    /// A first approval of another amount that this one replaced (the two start again).
    pub replaced: Option<Fen>,
}

/// Decides a step at the counter (imports record the back office's decisions as given).
pub fn step(
    from: ClaimState,
    step: &ClaimStep,
    actor: Actor,
    held: Held,
    second_approval_fen: i64,
) -> Result<Moved, ClaimError> {
    use ClaimState::*;
    let moved =
        |to| Ok(Moved { to, first_of_two: false, first_approver: held.first_approver, replaced: None });
    let supervisor = actor.role == Role::Supervisor;
    let may_record = matches!(actor.role, Role::Clerk | Role::Supervisor);
    match (from, step) {
        (Submitted | MaterialsIncomplete, ClaimStep::Papers { complete }) if may_record => {
            moved(if *complete { Submitted } else { MaterialsIncomplete })
        }
        (Submitted, ClaimStep::Review) if may_record => moved(UnderReview),
        (UnderReview, ClaimStep::Approve { amount, .. }) => {
            if !supervisor {
                return Err(ClaimError::SupervisorOnly);
            }
            if held.registered_by == Some(actor.clerk_id) {
                return Err(ClaimError::FourEyes);
            }
            if amount.0 <= 0 {
                return Err(ClaimError::Amount);
            }
            if *amount > held.claimed && step.over().is_none() {
                return Err(ClaimError::AboveClaimed { claimed: held.claimed });
            }
            let done =
                |first_approver| Moved { to: Approved, first_of_two: false, first_approver, replaced: None };
            // A second approval confirms the first one's amount; another amount is a new first.
            match held.first_approver.zip(held.approved) {
                Some((first, was)) if was == *amount => match first == actor.clerk_id {
                    true => Err(ClaimError::SameApprover),
                    false => Ok(done(Some(first))),
                },
                pending if amount.0 > second_approval_fen => Ok(Moved {
                    to: UnderReview,
                    first_of_two: true,
                    first_approver: Some(actor.clerk_id),
                    replaced: pending.map(|(_, was)| was),
                }),
                _ => Ok(done(None)),
            }
        }
        (UnderReview, ClaimStep::Reject { reason }) => {
            if !supervisor {
                return Err(ClaimError::SupervisorOnly);
            }
            if reason.trim().is_empty() {
                return Err(ClaimError::ReasonRequired);
            }
            moved(Rejected)
        }
        (Approved, ClaimStep::Pay { amount, .. }) => {
            if !supervisor {
                return Err(ClaimError::SupervisorOnly);
            }
            if amount.0 <= 0 {
                return Err(ClaimError::Amount);
            }
            let approved = held.approved.unwrap_or(held.claimed);
            if *amount > approved && step.over().is_none() {
                return Err(ClaimError::AboveApproved { approved });
            }
            moved(Paid)
        }
        _ => Err(ClaimError::NotFromHere { from }),
    }
}

/// The date payment is due: `pay_by` working days after the papers were complete.
/// `None` when the papers are not complete or the calendar does not cover the dates.
pub fn due_date(cal: &Calendar, papers_complete_on: Option<NaiveDate>, pay_by: u32) -> Option<NaiveDate> {
    cal.add_working_days(papers_complete_on?, pay_by)
}

/// Late: past its due date and not yet paid or rejected.
pub fn is_late(state: ClaimState, due: Option<NaiveDate>, today: NaiveDate) -> bool {
    !state.is_closed() && due.is_some_and(|d| today > d)
}

/// A claim number in the centre's format: `{year}` and `{seq}` (zero-padded to `width`).
pub fn claim_number(format: &str, year: i32, seq: u32, width: u32) -> String {
    let seq = format!("{seq:0width$}", width = width as usize);
    format.replace("{year}", &year.to_string()).replace("{seq}", &seq)
}

#[cfg(test)]
mod tests;

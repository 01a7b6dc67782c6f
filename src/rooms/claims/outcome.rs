//! F2's step answers as data, and their words in the clerk's language.

use crate::domain::claim::{ClaimError, ClaimState, ClaimStep};
use crate::i18n::{Lang, claims::staff_word, fill};

/// A step saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stepped {
    /// The claim moved from one state to the next.
    Moved { no: String, from: ClaimState, to: ClaimState },
    /// An approval above the second-approval amount, now waiting for a second supervisor;
    /// `again` when it replaced a first approval of another amount.
    FirstOfTwo { no: String, again: bool },
}

/// Why a step (or anything on F2) was not done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The role as stored may not work on claims.
    Role(crate::app::Refused),
    /// Someone saved first: the claim's number and its state now.
    Stale { no: String, state: ClaimState },
    /// The rules refuse this step.
    Rule { step: ClaimStep, error: ClaimError },
    /// The aid fund refuses the approval: which rule, with its figures (issue #26).
    Fund(crate::domain::fund::Refusal),
    /// The claim is gone (or none was chosen).
    NoneSelected,
}

impl Stepped {
    pub fn words(&self, lang: Lang) -> String {
        let f2 = lang.ui().f2;
        match self {
            Stepped::Moved { no, from, to } => fill(
                f2.stepped,
                &[("no", no), ("from", &staff_word(lang, *from)), ("to", &staff_word(lang, *to))],
            ),
            Stepped::FirstOfTwo { no, again: false } => fill(f2.first_of_two, &[("no", no)]),
            Stepped::FirstOfTwo { no, again: true } => fill(f2.first_of_two_again, &[("no", no)]),
        }
    }
}

impl Refused {
    pub fn words(&self, lang: Lang) -> String {
        let ui = lang.ui();
        let f2 = ui.f2;
        match self {
            Refused::Role(_) => ui.role_forbids.replace("{tab}", ui.tab_claims),
            Refused::Stale { no, state } => {
                fill(f2.stale, &[("no", no), ("state", &staff_word(lang, *state))])
            }
            Refused::NoneSelected => f2.none_selected.to_string(),
            Refused::Fund(why) => crate::i18n::fund::refusal(lang, why),
            Refused::Rule { step, error } => {
                let act = match step {
                    ClaimStep::Papers { .. } => f2.step_papers,
                    ClaimStep::Review => f2.step_review,
                    ClaimStep::Approve { .. } => f2.step_approve,
                    ClaimStep::Reject { .. } => f2.step_reject,
                    ClaimStep::Pay { .. } => f2.step_pay,
                };
                match error {
                    ClaimError::SupervisorOnly => fill(f2.refused_supervisor, &[("act", &act)]),
                    ClaimError::FourEyes => f2.refused_four_eyes.into(),
                    ClaimError::SameApprover => f2.refused_same_approver.into(),
                    ClaimError::ReasonRequired => f2.refused_reason.into(),
                    ClaimError::Amount => f2.refused_amount.into(),
                    ClaimError::AboveClaimed { claimed } => {
                        fill(f2.refused_above_claimed, &[("claimed", &claimed.plain())])
                    }
                    ClaimError::AboveApproved { approved } => {
                        fill(f2.refused_above_approved, &[("approved", &approved.plain())])
                    }
                    ClaimError::PaidOn { filed } => fill(f2.paid_on_range, &[("filed", filed)]),
                    ClaimError::NotFromHere { from } => {
                        fill(f2.refused_state, &[("state", &staff_word(lang, *from)), ("act", &act)])
                    }
                }
            }
        }
    }
}

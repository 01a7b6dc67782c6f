//! F1's outcomes in the clerk's language.

use super::{Acted, Refused};
use crate::i18n::{Ui, fill};

impl Acted {
    pub fn words(&self, ui: &Ui) -> String {
        match self {
            Acted::Called { ticket } => fill(ui.f1_called, &[("ticket", ticket)]),
            Acted::Moved { ticket, state } => format!("{ticket} {}", ui.state_name(*state)),
            Acted::ChecklistGiven => ui.f1_checklist_given.to_string(),
            Acted::FollowUpRecorded => ui.f1_followup_saved.to_string(),
        }
    }
}

impl Refused {
    pub fn words(&self, ui: &Ui) -> String {
        match self {
            Refused::Role(_) => ui.f1_volunteer_quick_only.to_string(),
            Refused::NoneWaiting => ui.f1_none_waiting.to_string(),
            Refused::Step { ticket, from } => fill(
                ui.f1_step_refused,
                &[("ticket", ticket), ("state", &from.map(|s| ui.state_name(s)).unwrap_or("-"))],
            ),
            Refused::UnknownMatter(code) => fill(ui.f1_unknown_matter, &[("matter", code)]),
        }
    }
}

//! F1's outcomes in the clerk's language.

use super::{Acted, Refused};
use crate::i18n::{Ui, fill};

impl Acted {
    pub fn words(&self, ui: &Ui) -> String {
        match self {
            Acted::Called { ticket, warn: Some(n), .. } => {
                fill(ui.f1c.recall_warn, &[("ticket", ticket), ("n", n)])
            }
            Acted::Called { ticket, again: Some(n), .. } => {
                fill(ui.f1c.recalled, &[("ticket", ticket), ("n", n)])
            }
            Acted::Called { ticket, .. } => fill(ui.f1_called, &[("ticket", ticket)]),
            Acted::Next { before, called } => {
                let (left, state) =
                    before.as_ref().map_or((String::new(), ""), |(t, s)| (t.clone(), ui.state_name(*s)));
                match called {
                    Some(t) if before.is_none() => fill(ui.f1_called, &[("ticket", t)]),
                    Some(t) => fill(ui.f1c.next_done, &[("left", &left), ("state", &state), ("ticket", t)]),
                    None => fill(ui.f1c.next_none, &[("left", &left), ("state", &state)]),
                }
            }
            Acted::Moved { ticket, state } => format!("{ticket} {}", ui.state_name(*state)),
            Acted::Restored { ticket } => fill(ui.f1c.restored, &[("ticket", ticket)]),
            Acted::ChecklistGiven { ticket } => fill(ui.f1c.checklist_given, &[("ticket", ticket)]),
            Acted::FollowUpRecorded { result } => fill(ui.f1c.followup_saved, &[("result", result)]),
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
            Refused::WindowBusy { ticket } => fill(ui.f1c.window_busy, &[("ticket", ticket)]),
            Refused::OtherWindow { ticket, window } => {
                fill(ui.f1c.other_window, &[("ticket", ticket), ("window", window)])
            }
            Refused::NotToday { ticket } => fill(ui.f1c.not_today, &[("ticket", ticket)]),
            Refused::FollowUpTaken { ticket } => fill(ui.f1c.followup_taken, &[("ticket", ticket)]),
        }
    }
}

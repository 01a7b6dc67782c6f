//! A question over a list to read first: its keys (↑↓ PgUp PgDn Home End scroll, the rest as
//! any question's), and what Enter on any question does.

use super::keymap::Key;
use super::*;

impl App {
    /// Scrolling keys of an open review; `None` lets Enter, Esc and the dialog keys through.
    pub(super) fn review_key(&mut self, k: Option<Key>) -> Option<Vec<Effect>> {
        let Some(Modal::Review(r)) = &mut self.modal else { return None };
        let page = r.shown.or(1);
        // The last page starts where the last `page` entries do: no key scrolls past the end.
        let last = r.items.len().saturating_sub(page);
        r.top = match k? {
            Key::Up => r.top.saturating_sub(1),
            Key::Down => (r.top + 1).min(last),
            Key::PageUp => r.top.saturating_sub(page),
            Key::PageDown => (r.top + page).min(last),
            Key::Home => 0,
            Key::End => last,
            _ => return None,
        };
        Some(vec![])
    }

    /// Enter on a question (`Ask` or `Review`): the step it names.
    pub(super) fn asked(&mut self, then: Asked) -> Vec<Effect> {
        match then {
            Asked::Walk(act) => self.walk(crate::rooms::walkins::WalkOp::Act(act)),
            Asked::Letter(op) => self.letter(op),
            Asked::Station(op) => self.station(op),
            Asked::Admin(op) => self.admin(op),
        }
    }
}

//! A card reader types an ID's eighteen characters and Enter faster than anyone can. Where a
//! numbered dialog is open (a pick, a question) its digits would answer it: a consent given, a
//! claim rejected, a reason nobody chose. So there a digit waits a moment: if more follow at a
//! reader's pace and end in Enter, it was a card — the dialogs close and the ID goes to the
//! room as read; otherwise the held keys are applied as typed, in order.

use super::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A reader's keys come this close together; people type slower.
pub const GAP_MS: u64 = 30;
const ID_LEN: usize = 18;

#[derive(Debug, Clone, Default)]
pub struct Gate {
    held: Vec<(KeyEvent, u64)>,
    /// The held keys are being applied (they pass the gate).
    replaying: bool,
}

fn id_char(key: &KeyEvent) -> Option<char> {
    if !key.modifiers.difference(KeyModifiers::SHIFT).is_empty() {
        return None;
    }
    match key.code {
        KeyCode::Char(c) => {
            let c = crate::domain::text::fold_char(c);
            (c.is_ascii_digit() || c == 'X' || c == 'x').then_some(c)
        }
        _ => None,
    }
}

impl App {
    /// Keys are being held to see whether they are a card's (the loop wakes soon to apply them).
    pub fn holding(&self) -> bool {
        !self.gate.held.is_empty()
    }

    fn numbered_dialog(&self) -> bool {
        matches!(
            self.modal,
            Some(
                Modal::Pick(_)
                    | Modal::Ask { .. }
                    | Modal::Review(_)
                    | Modal::ConfirmQuit
                    | Modal::ConfirmSwitch
                    | Modal::ConfirmDiscard
                    | Modal::RevealReason
            )
        )
    }

    /// A key at the gate: `None` lets it through as usual; otherwise what holding, releasing or
    /// taking a card did.
    pub(super) fn gate_key(&mut self, key: KeyEvent, ms: u64) -> Option<Vec<Effect>> {
        if self.gate.replaying {
            return None;
        }
        let last = self.gate.held.last().map(|h| h.1);
        let soon = last.is_some_and(|t| ms.saturating_sub(t) <= GAP_MS);
        if id_char(&key).is_some() && self.numbered_dialog() && (last.is_none() || soon) {
            self.gate.held.push((key, ms));
            return Some(vec![]);
        }
        if soon && key.code == KeyCode::Enter && self.gate.held.len() >= ID_LEN {
            return Some(self.card_read(ms));
        }
        if self.holding() {
            let mut out = self.release();
            out.extend(self.update(Event::Key(key, ms)));
            return Some(out);
        }
        None
    }

    /// The held keys, applied as typed (a person's pick), if they have waited long enough.
    pub fn settle(&mut self, ms: u64) -> Vec<Effect> {
        match self.gate.held.last() {
            Some(&(_, t)) if ms.saturating_sub(t) > GAP_MS => self.release(),
            _ => vec![],
        }
    }

    /// Whether the gate keeps this key (another of a card's characters, or its Enter).
    pub(super) fn gate_takes(&self, key: &KeyEvent, ms: u64) -> bool {
        let last = self.gate.held.last().map(|h| h.1);
        let soon = last.is_some_and(|t| ms.saturating_sub(t) <= GAP_MS);
        soon && (id_char(key).is_some() || (key.code == KeyCode::Enter && self.gate.held.len() >= ID_LEN))
    }

    pub(super) fn release(&mut self) -> Vec<Effect> {
        let held = std::mem::take(&mut self.gate.held);
        self.gate.replaying = true;
        let mut out = vec![];
        for (key, ms) in held {
            out.extend(self.update(Event::Key(key, ms)));
        }
        self.gate.replaying = false;
        out
    }

    /// A card read over a numbered dialog: the dialogs close unanswered and the ID goes to the
    /// room as the reader typed it (its form knows a reader's burst).
    fn card_read(&mut self, ms: u64) -> Vec<Effect> {
        let held = std::mem::take(&mut self.gate.held);
        let id: Vec<KeyEvent> = held[held.len() - ID_LEN..].iter().map(|h| h.0).collect();
        self.modal = None;
        self.beneath.clear();
        self.gate.replaying = true;
        let mut out = vec![];
        let start = ms.saturating_sub(ID_LEN as u64 + 1);
        for (i, key) in id.into_iter().enumerate() {
            out.extend(self.update(Event::Key(key, start + i as u64)));
        }
        out.extend(self.update(Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), ms)));
        self.gate.replaying = false;
        out
    }
}

//! The generic modals: pick by digit, tick several, or a small form. What a pick or a form
//! means is decided by its purpose, in the tab that opened it.

use super::form::FormReply;
use super::keymap::{self, Key, Layer};
use super::*;

impl App {
    /// Layers for an open Pick or Form modal.
    pub(crate) fn modal_layers(&self) -> Option<Vec<Layer>> {
        dialog_layers(self.modal.as_ref()?)
    }

    /// What help lists: the dialog it was opened over, else the screen.
    pub fn help_layers(&self) -> Vec<Layer> {
        self.beneath.last().and_then(dialog_layers).unwrap_or_else(|| self.screen_layers())
    }

    /// Keys for Pick and Form modals; `None` when another modal (or none) is open.
    pub(crate) fn modal_key(&mut self, key: crossterm::event::KeyEvent, ms: u64) -> Option<Vec<Effect>> {
        let k = Key::from_event(&key);
        match self.modal.as_mut()? {
            Modal::Pick(p) => {
                match k {
                    Some(Key::Esc) => {
                        let reason = matches!(
                            p.purpose,
                            PickPurpose::Claims(crate::rooms::claims::ClaimPick::Reason(_))
                        );
                        self.modal = self.beneath.pop();
                        if reason {
                            self.hardship_reason_dropped();
                        }
                    }
                    Some(Key::Enter) if p.ticks.is_some() => {
                        let Some(Modal::Pick(p)) = self.modal.take() else { return Some(vec![]) };
                        let chosen: Vec<usize> = p
                            .ticks
                            .unwrap_or_default()
                            .iter()
                            .enumerate()
                            .filter_map(|(i, t)| t.then_some(i))
                            .collect();
                        return Some(self.picked(p.purpose, p.codes, chosen));
                    }
                    Some(Key::Char(c)) => {
                        let n = crate::domain::text::fold_char(c).to_digit(10).map(|d| d as usize)?;
                        if n == 0 || n > p.options.len() {
                            return Some(vec![]);
                        }
                        if let Some(ticks) = &mut p.ticks {
                            ticks[n - 1] = !ticks[n - 1];
                            return Some(vec![]);
                        }
                        let Some(Modal::Pick(p)) = self.modal.take() else { return Some(vec![]) };
                        return Some(self.picked(p.purpose, p.codes, vec![n - 1]));
                    }
                    _ => {}
                }
                Some(vec![])
            }
            Modal::Review(_) => self.review_key(k),
            Modal::Text { scroll, .. } => match k {
                Some(Key::Up) | Some(Key::PageUp) => {
                    *scroll = scroll.saturating_sub(if k == Some(Key::Up) { 1 } else { 10 });
                    Some(vec![])
                }
                Some(Key::Down) | Some(Key::PageDown) => {
                    *scroll = scroll.saturating_add(if k == Some(Key::Down) { 1 } else { 10 });
                    Some(vec![])
                }
                _ => None,
            },
            Modal::Form(f) => {
                if k == Some(Key::Esc) {
                    let Some(Modal::Form(f)) = self.modal.take() else { return Some(vec![]) };
                    if let FormPurpose::Claims(crate::rooms::claims::ClaimForm::HardshipDecide(d)) = f.purpose
                        && let Screen::Main(s) = &mut self.screen
                    {
                        // Kept for the same key on the same file.
                        s.claims.hk.decide.park(d, f.form);
                        self.modal = self.beneath.pop();
                        return Some(vec![]);
                    }
                    let intake = f.purpose == FormPurpose::Claims(crate::rooms::claims::ClaimForm::Intake);
                    if intake && let Screen::Main(s) = &mut self.screen {
                        // A half-filled intake is kept: Alt+A brings it back.
                        s.claims.keep_intake_form(f.form);
                    } else if f.form.changed() {
                        // Typed text is not dropped without asking; Esc again keeps it.
                        self.beneath.push(Modal::Form(f));
                        self.modal = Some(Modal::ConfirmDiscard);
                        return Some(vec![]);
                    }
                    self.modal = self.beneath.pop();
                    return Some(vec![]);
                }
                let submit = k.is_some_and(|k| {
                    let layers = [Layer::Form];
                    keymap::lookup(&layers, k).is_some_and(|b| b.action == keymap::Action::Submit)
                });
                let visit = matches!(
                    f.purpose,
                    FormPurpose::Claims(crate::rooms::claims::ClaimForm::HardshipDecide(
                        crate::rooms::claims::hardship_decide::DecideForm::Visit(_)
                    ))
                );
                let reply = match (submit, visit) {
                    (true, _) => FormReply::Submit,
                    (false, true) => crate::rooms::claims::hardship_visit::visit_key(&mut f.form, key, ms),
                    (false, false) => f.form.handle_key(key, ms),
                };
                match reply {
                    FormReply::Submit => {
                        let Some(Modal::Form(f)) = self.modal.take() else { return Some(vec![]) };
                        Some(self.form_submitted(f))
                    }
                    _ => Some(vec![]),
                }
            }
            _ => None,
        }
    }

    fn picked(&mut self, purpose: PickPurpose, codes: Vec<String>, chosen: Vec<usize>) -> Vec<Effect> {
        let chosen_codes: Vec<String> = chosen.iter().filter_map(|i| codes.get(*i).cloned()).collect();
        match purpose {
            PickPurpose::Walk(p) => self.walkins_picked(p, chosen, chosen_codes),
            PickPurpose::Claims(p) => self.claims_picked(p, chosen, chosen_codes),
            PickPurpose::Admin(p) => self.admin_picked(p, chosen_codes.into_iter().next()),
        }
    }

    pub(super) fn form_submitted(&mut self, f: ModalForm) -> Vec<Effect> {
        match f.purpose.clone() {
            FormPurpose::Walk(p) => self.walkins_form(p, f),
            FormPurpose::Claims(p) => self.claims_form(p, f),
            FormPurpose::Letters(p) => self.letters_form(p, f),
            FormPurpose::Station(p) => self.station_form(p, f),
            FormPurpose::Summary(p) => self.summary_form(p, f),
            FormPurpose::Admin(p) => self.admin_form(p, f),
            FormPurpose::OwnPin => self.pin_submitted(f),
        }
    }
}

/// A dialog's layers (a pick or a small form); `None` for the other modals.
fn dialog_layers(m: &Modal) -> Option<Vec<Layer>> {
    match m {
        Modal::Pick(p) if p.ticks.is_some() => Some(vec![Layer::Multi, Layer::Dialog]),
        Modal::Pick(_) => Some(vec![Layer::Reason, Layer::Dialog]),
        Modal::ConfirmQuit | Modal::ConfirmSwitch | Modal::ConfirmDiscard | Modal::Ask { .. } => {
            Some(vec![Layer::Confirm, Layer::Dialog])
        }
        Modal::Review(_) => Some(vec![Layer::Reading, Layer::Confirm, Layer::Dialog]),
        Modal::Form(f) => {
            let mut l = vec![Layer::Form];
            if !f.form.typing() {
                l.push(Layer::Choice);
            }
            l.push(Layer::Dialog);
            Some(l)
        }
        _ => None,
    }
}

//! F1's counter keys: each acts on the ticket meant — in the list the selected row, else the
//! window's current ticket — and the dialogs name it. Call-next with a ticket still at the
//! window asks what becomes of it; 过号 and 取消 ask first; a ticket marked so today can be put
//! back to waiting.

use super::{Act, Pane, WalkOp, WalkPick};
use crate::app::keymap::Action;
use crate::app::*;
use crate::db::queue::VisitRow;
use crate::domain::walkin::{State, Step};
use crate::i18n::fill;

impl super::WalkIns {
    /// The visit a counter action touches: the selected row of today's queue when the list has
    /// the keys, else the window's current ticket.
    /// When the selected ticket left the list, nothing: the act was aimed at that row, never at
    /// another ticket.
    pub fn target(&self) -> Option<&VisitRow> {
        if self.pane == Pane::Queue && self.unpicked {
            return None;
        }
        if self.pane == Pane::Queue && self.selected_row().is_some() {
            return self.selected_row();
        }
        self.snapshot.current.as_ref()
    }
}

impl App {
    /// A counter action (Alt+N R B F T Z X O); `None` when `action` is not one.
    pub(crate) fn counter_act(&mut self, action: Action) -> Option<Vec<Effect>> {
        let ui = self.ui;
        let max = self.settings.config.queue.max_missed_calls;
        let can_call = self.who().and_then(|w| self.settings.window(&w.window).map(|w| w.can_call));
        let Screen::Main(s) = &self.screen else { return None };
        let w = &s.walkins;
        let current = w.snapshot.current.clone();
        let in_list = (w.pane == Pane::Queue).then(|| w.selected_row().map(|r| (r.id, r.state))).flatten();
        let target = w.target().cloned();
        let ticket = |v: &VisitRow| v.ticket.clone().unwrap_or_default();
        let refused = |v: &VisitRow| {
            fill(ui.f1_step_refused, &[("ticket", &ticket(v)), ("state", &ui.state_name(v.state))])
        };
        let ask = |question: String, act: Act| Modal::Ask { question, then: Asked::Walk(act) };
        let unpicked = w.pane == Pane::Queue && w.unpicked;
        let mut out = vec![];
        match action {
            Action::Recall
            | Action::Begin
            | Action::Finish
            | Action::ReferOut
            | Action::Transfer
            | Action::NoShow
            | Action::Restore
                if unpicked =>
            {
                self.flash = Some(ui.f4.none_picked.into());
            }
            Action::CallNext if can_call != Some(true) => self.flash = Some(ui.f1_desk_cannot_call.into()),
            Action::CallNext => match current {
                None => out = self.walk(WalkOp::Act(Act::CallNext)),
                Some(c) if c.state == State::Serving => {
                    self.flash = Some(fill(ui.f1c.serving_first, &[("ticket", &ticket(&c))]));
                }
                Some(c) => {
                    let t = ticket(&c);
                    let opts = [ui.f1c.next_recall, ui.f1c.next_no_show, ui.f1c.next_send_back]
                        .iter()
                        .map(|o| fill(o, &[("ticket", &t)]))
                        .collect();
                    let title =
                        fill(ui.f1c.next_title, &[("ticket", &t), ("state", &ui.state_name(c.state))]);
                    self.modal = Some(super::keys::pick(
                        PickPurpose::Walk(WalkPick::NextFirst(c.id)),
                        &title,
                        opts,
                        vec![],
                        false,
                    ));
                }
            },
            Action::Recall
            | Action::Begin
            | Action::Finish
            | Action::ReferOut
            | Action::Transfer
            | Action::NoShow
                if target.is_none() =>
            {
                self.flash = Some(ui.f1_no_current.into());
            }
            Action::Recall => {
                let v = target?;
                if v.state == State::Called && v.calls >= max {
                    let q = fill(ui.f1c.ask_last_recall, &[("ticket", &ticket(&v)), ("n", &v.calls)]);
                    self.modal = Some(ask(q, Act::Recall(v.id)));
                } else {
                    out = self.walk(WalkOp::Act(Act::Recall(v.id)));
                }
            }
            Action::Begin => out = self.walk(WalkOp::Act(Act::Begin(target?.id))),
            Action::Finish | Action::ReferOut
                if target.as_ref().is_some_and(|v| v.state != State::Serving) =>
            {
                self.flash = target.as_ref().map(refused);
            }
            Action::Finish => {
                let v = target?;
                let opts = vec![
                    ui.f1_outcome_done.into(),
                    ui.f1_outcome_papers.into(),
                    ui.f1_outcome_referred.into(),
                ];
                let title = fill(ui.f1c.outcome_title, &[("ticket", &ticket(&v))]);
                self.modal = Some(super::keys::pick(
                    PickPurpose::Walk(WalkPick::Outcome(v.id)),
                    &title,
                    opts,
                    vec![],
                    false,
                ));
            }
            Action::ReferOut => {
                let v = target?;
                self.modal = Some(self.referral_form(v.id, &ticket(&v)));
            }
            Action::Transfer => {
                let v = target?;
                let opts = vec![ui.f1_transfer_window.into(), ui.f1_transfer_matter.into()];
                let title = fill(ui.f1c.transfer_title, &[("ticket", &ticket(&v))]);
                self.modal = Some(super::keys::pick(
                    PickPurpose::Walk(WalkPick::TransferKind(v.id)),
                    &title,
                    opts,
                    vec![],
                    false,
                ));
            }
            Action::NoShow => {
                let v = target?;
                let t = ticket(&v);
                match v.state {
                    State::Waiting => {
                        self.modal = Some(ask(fill(ui.f1c.ask_cancel, &[("ticket", &t)]), Act::Cancel(v.id)))
                    }
                    State::Called => {
                        self.modal = Some(ask(fill(ui.f1c.ask_no_show, &[("ticket", &t)]), Act::NoShow(v.id)))
                    }
                    _ => self.flash = Some(refused(&v)),
                }
            }
            Action::Restore => {
                match in_list.filter(|(_, st)| matches!(st, State::NoShow | State::Cancelled)) {
                    Some((id, _)) => out = self.walk(WalkOp::Act(Act::Restore(id))),
                    None => self.flash = Some(ui.f1c.restore_pick.into()),
                }
            }
            _ => return None,
        }
        Some(out)
    }

    /// The answer to "what becomes of the ticket still at the window" before call-next.
    pub(crate) fn next_first(&mut self, visit_id: i64, chosen: usize) -> Vec<Effect> {
        let max = self.settings.config.queue.max_missed_calls;
        let current = match &self.screen {
            Screen::Main(s) => s.walkins.snapshot.current.clone().filter(|c| c.id == visit_id),
            _ => None,
        };
        // A recall past the limit is 过号: asked, as Alt+R asks.
        if let Some(c) = current.filter(|c| chosen == 0 && c.calls >= max) {
            let ticket = c.ticket.clone().unwrap_or_default();
            let question = fill(self.ui.f1c.ask_last_recall, &[("ticket", &ticket), ("n", &c.calls)]);
            self.modal = Some(Modal::Ask { question, then: Asked::Walk(Act::Recall(visit_id)) });
            return vec![];
        }
        let act = match chosen {
            0 => Act::Recall(visit_id),
            1 => Act::NextAfter { visit_id, leave: Step::NoShow },
            _ => Act::NextAfter { visit_id, leave: Step::SendBack },
        };
        self.walk(WalkOp::Act(act))
    }
}

//! The answer to a supervisor's step or a visit: the file and the worker read again, the lists
//! following, and a refused dialog back on screen as it was typed, saying why.

use super::hardship::FileState;
use super::hardship_decide::{
    DecideForm, FileRef, HardshipStep, StepRefused, Stepped, open_review, state_words, verification_words,
};
use super::{ClaimForm, ClaimOp};
use crate::app::form::{FieldId, FieldKind};
use crate::app::*;
use crate::db::hardship::FileRow;
use crate::db::hardship_ops::Refused;
use crate::domain::hardship::{Rule, State};
use crate::i18n::{fill, hardship as words, ui_hardship_decide};

impl App {
    pub(crate) fn hardship_stepped(&mut self, st: Stepped) -> Vec<Effect> {
        let lang = self.lang;
        let t = ui_hardship_decide::of(lang);
        let today = self.today();
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let c = &mut s.claims;
        let sent = c.hk.decide.sent.take();
        // The worker and the file as they now are (an answer for someone no longer on screen
        // only says how it went).
        let on_screen = c.picture.as_ref().map(|p| p.worker.id) == Some(st.worker_id);
        let waited = matches!(&c.hk.file, FileState::Read { file: Some(w), .. } if open_review(w).is_some());
        let waits = st.file.as_deref().is_some_and(|w| open_review(w).is_some());
        let mut reoffer = false;
        if on_screen {
            if let Some(p) = st.picture {
                let keep = c.selected_claim().map(|x| x.id);
                c.selected = keep.and_then(|id| p.claims.iter().position(|x| x.id == id)).unwrap_or(0);
                c.picture = Some(p);
            }
            c.hk.file = FileState::Read { worker_id: st.worker_id, file: st.file.clone() };
        }
        let lists = c.hk.lists.is_some();
        match st.result {
            Ok(file) => {
                if let Some(d) = sent.as_ref().and_then(|m| decide_of(&m.purpose)) {
                    c.hk.decide.drafts.retain(|(k, _)| !k.same(d));
                }
                self.flash = Some(done_words(lang, &st.step, &file));
            }
            Err(why) => {
                let latest = st.file.as_ref().and_then(|w| w.verifications.first());
                let days = self.settings.config.hardship.verify_valid_days;
                let (message, field) = match &why {
                    StepRefused::Ops(Refused::Changed(now)) => {
                        let state = state_words(lang, now, today);
                        let mut said = fill(t.changed, &[("no", &now.file_no), ("state", &state)]);
                        // What changed, when the screen can tell.
                        let what = match (waited, waits) {
                            (false, true) => Some(t.now_review_waits),
                            (true, false) => Some(t.now_review_gone),
                            _ => None,
                        };
                        if let Some(what) = what {
                            said.push_str(if lang == crate::i18n::Lang::Zh { "；" } else { "; " });
                            said.push_str(what);
                        }
                        (said, None)
                    }
                    StepRefused::Ops(Refused::Missing) => (t.missing.to_string(), None),
                    StepRefused::Ops(Refused::Rule(
                        r @ (Rule::NoVerification | Rule::NotEligible | Rule::VerificationStale { .. }),
                    )) => (
                        verification_words(lang, latest, today, days).unwrap_or_else(|| words::rule(lang, r)),
                        None,
                    ),
                    StepRefused::Ops(Refused::Rule(r)) => (words::rule(lang, r), rule_field(r)),
                    StepRefused::UnknownLogin(l) => {
                        (fill(t.unknown_login, &[("login", l)]), Some(FieldId::Visitors))
                    }
                };
                let changed_step = match (&why, sent.as_ref().and_then(|m| decide_of(&m.purpose))) {
                    (StepRefused::Ops(Refused::Changed(now)), Some(d))
                        if !matches!(d, DecideForm::Visit(_)) =>
                    {
                        Some(d.with(FileRef::of(now)))
                    }
                    _ => None,
                };
                if let (Some(d), Some(m)) = (changed_step, sent.as_ref().filter(|_| on_screen)) {
                    // A supervisor's step on a file that moved: what was typed waits for the
                    // same step, and the pick is offered again for the file as it now is (the
                    // old choice is not carried to a second Alt+S).
                    c.hk.decide.park(d, m.form.clone());
                    reoffer = true;
                } else if let Some(mut m) = sent.filter(|_| on_screen) {
                    // The dialog comes back as typed; after another terminal's change, on the
                    // file as read again (the next save checks that version).
                    if let (StepRefused::Ops(Refused::Changed(now)), Some(d)) = (&why, decide_of(&m.purpose))
                    {
                        m.purpose = FormPurpose::Claims(ClaimForm::HardshipDecide(d.with(FileRef::of(now))));
                    }
                    let at = field.filter(|f| m.form.field(*f).is_some()).or_else(|| {
                        m.form.fields.iter().find(|f| f.kind != FieldKind::Choice).map(|f| f.name)
                    });
                    if let Some(at) = at {
                        m.form.set_error(at, message.clone());
                        m.form.focus_first_error();
                    }
                    self.modal = Some(Modal::Form(m));
                }
                self.flash = Some(message.clone());
                if reoffer {
                    match self.decide_pick() {
                        Ok(Modal::Pick(mut p)) => {
                            p.body = message;
                            self.modal = Some(Modal::Pick(p));
                        }
                        Ok(other) => self.modal = Some(other),
                        Err(why) if !why.is_empty() => self.flash = Some(format!("{message} {why}")),
                        Err(_) => {}
                    }
                }
            }
        }
        if lists { self.claim(ClaimOp::HardshipLists) } else { vec![] }
    }
}

fn decide_of(p: &FormPurpose) -> Option<DecideForm> {
    match p {
        FormPurpose::Claims(ClaimForm::HardshipDecide(d)) => Some(*d),
        _ => None,
    }
}

/// The field a rule's refusal belongs under.
fn rule_field(r: &Rule) -> Option<FieldId> {
    Some(match r {
        Rule::FoundBlank => FieldId::Found,
        Rule::VisitFuture => FieldId::Visited,
        Rule::NoVisitors => FieldId::Visitors,
        Rule::ReasonRequired => FieldId::Reason,
        Rule::ExitReason => FieldId::ExitReason,
        _ => return None,
    })
}

fn done_words(lang: crate::i18n::Lang, step: &HardshipStep, f: &FileRow) -> String {
    let t = ui_hardship_decide::of(lang);
    let until = words::until_words(lang, f.valid_until);
    let no = &f.file_no;
    match step {
        HardshipStep::Approve { .. } => fill(t.done_approve, &[("no", no), ("until", &until)]),
        HardshipStep::Return { .. } => fill(t.done_return, &[("no", no)]),
        HardshipStep::Reject { .. } => fill(t.done_reject, &[("no", no)]),
        HardshipStep::ReviewApprove { .. } if f.state == State::Exited => {
            fill(t.done_review_exit, &[("no", no)])
        }
        HardshipStep::ReviewApprove { .. } => fill(t.done_review_continue, &[("no", no), ("until", &until)]),
        HardshipStep::ReviewReturn { .. } => fill(t.done_review_return, &[("no", no)]),
        HardshipStep::Exit { .. } => fill(t.done_exit, &[("no", no)]),
        HardshipStep::Visit(v) => fill(t.done_visit, &[("no", no), ("date", &v.visited_on)]),
    }
}

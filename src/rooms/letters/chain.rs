//! F3's acts on a letter of the register that change its chain or its delivery: void and
//! re-issue (a supervisor's, with a reason, on the chain's current letter only) and the question
//! that names the letter before Alt+D or Alt+M acts on it.

use super::{LetterForm, LetterOp, View, compose_form};
use crate::app::form::FieldId;
use crate::app::keymap::Action;
use crate::app::*;
use crate::db::letters::LetterRow;
use crate::domain::Role;
use crate::domain::text::mask_name;
use crate::i18n::{Ui, fill};

/// Alt+D or Alt+M asks first, naming the letter; Enter acts on that letter by its id.
pub(super) fn ask_send(ui: &Ui, action: Action, l: &LetterRow) -> Modal {
    let f3 = ui.f3;
    let (text, op) = if action == Action::SendLetter {
        (f3.confirm_send, LetterOp::Send { id: l.id })
    } else {
        (f3.confirm_mark, LetterOp::MarkSent { id: l.id })
    };
    let question = fill(text, &[("number", &l.number), ("name", &mask_name(&l.name))]);
    Modal::Ask { question, then: Asked::Letter(op) }
}

impl App {
    /// Alt+X and Alt+E: a supervisor's; a letter already replaced is refused naming the current
    /// one (the database answers that); otherwise the reason is asked.
    pub(super) fn void_or_reissue(
        &mut self,
        action: Action,
        role: Role,
        selected: Option<LetterRow>,
    ) -> Vec<Effect> {
        let ui = self.ui;
        let f3 = ui.f3;
        let act = if action == Action::Reissue { f3.act_reissue } else { f3.act_void };
        if role != Role::Supervisor {
            self.flash = Some(fill(ui.f2.refused_supervisor, &[("act", &act)]));
            return vec![];
        }
        let Some(l) = selected else {
            self.flash = Some(f3.none_selected.into());
            return vec![];
        };
        if l.replaced_by.is_some() {
            return self.letter(LetterOp::Current { id: l.id });
        }
        if action == Action::VoidLetter && l.state == "void" {
            self.flash = Some(fill(f3.already_void, &[("number", &l.number)]));
            return vec![];
        }
        let (purpose, title) = if action == Action::Reissue {
            (LetterForm::Reissue(l.id), fill(f3.reissue_reason_title, &[("number", &l.number)]))
        } else {
            (LetterForm::Void(l.id), fill(f3.void_title, &[("number", &l.number)]))
        };
        let form =
            form::Form::new(vec![form::Field::new(FieldId::Reason, f3.field_reason, form::FieldKind::Text)]);
        self.modal = Some(Modal::Form(ModalForm { purpose: FormPurpose::Letters(purpose), title, form }));
        vec![]
    }

    /// The reason given: the compose form, filled from the letter it replaces, for the clerk to
    /// correct and issue.
    pub(super) fn start_reissue(&mut self, id: i64, reason: String) -> Vec<Effect> {
        let ui = self.ui;
        let units = self.settings.config.recuperation_units.clone();
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let t = &mut s.letters;
        let Some(l) = t.rows.iter().find(|l| l.id == id).cloned() else {
            self.flash = Some(ui.f3.none_selected.into());
            return vec![];
        };
        t.form = compose_form(ui, &self.settings);
        let unit = units.iter().position(|u| u.code == l.recipient);
        for (name, value) in [
            (FieldId::Name, l.name.clone()),
            (FieldId::WorkUnit, l.work_unit.clone().unwrap_or_default()),
            (FieldId::Start, l.start_on.clone()),
            (FieldId::End, l.end_on.clone()),
            (FieldId::Places, l.places.map(|p| p.to_string()).unwrap_or_default()),
            (FieldId::Standard, l.standard.clone().unwrap_or_default()),
            (FieldId::Companions, l.companions.clone().unwrap_or_default()),
            (FieldId::Note, l.note.clone().unwrap_or_default()),
        ] {
            t.form.set_value(name, &value);
        }
        if let Some(f) = t.form.field_mut(FieldId::Unit) {
            f.choice = unit;
        }
        t.worker_for = None;
        // The worker comes from the letter replaced, whatever ticket is being served.
        t.prefill_note = Some(crate::i18n::fill(ui.f3.prefill_letter, &[("number", &l.number)]));
        t.replaces = Some((l.id, l.number.clone()));
        t.replace_reason = reason;
        t.view = View::Compose;
        t.form.focus_on(FieldId::Unit);
        self.letter(LetterOp::WorkerOf { worker_id: l.worker_id })
    }
}

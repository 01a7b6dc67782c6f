//! A clerk changes their own PIN from any tab: the current PIN (checked by the database side,
//! a wrong one counting toward the lock-out), the new one twice (weak PINs refused here).

use super::form::{Field, FieldKind, Form};
use super::*;
use crate::app::form::FieldId;
use crate::domain::pin::{PinError, check_new_pin};

impl App {
    pub(crate) fn pin_form(&self) -> Modal {
        let ui = self.ui;
        Modal::Form(ModalForm {
            purpose: FormPurpose::OwnPin,
            title: ui.pin_title.into(),
            form: Form::new(vec![
                Field::new(FieldId::Old, ui.field_pin_old, FieldKind::Pin),
                Field::new(FieldId::New, ui.field_pin_new, FieldKind::Pin),
                Field::new(FieldId::Again, ui.field_pin_again, FieldKind::Pin),
            ]),
        })
    }

    pub(crate) fn pin_submitted(&mut self, mut m: ModalForm) -> Vec<Effect> {
        let (ui, t) = (self.ui, self.lang.text());
        let f = &mut m.form;
        f.clear_errors();
        let (old, new) = (f.value(FieldId::Old).to_string(), f.value(FieldId::New).to_string());
        if old.is_empty() {
            f.set_error(FieldId::Old, ui.err_required);
        }
        match check_new_pin(&new) {
            Err(e) => f.set_error(
                FieldId::New,
                match e {
                    PinError::Form => t.pin_form,
                    PinError::Repeated => t.pin_repeated,
                    PinError::Run => t.pin_run,
                    PinError::Date => t.pin_date,
                },
            ),
            Ok(()) if f.value(FieldId::Again) != new => f.set_error(FieldId::Again, ui.err_pin_mismatch),
            Ok(()) => {}
        }
        if f.has_errors() {
            f.focus_first_error();
            self.modal = Some(Modal::Form(m));
            return vec![];
        }
        // Nothing of the PINs stays in the app once sent.
        f.clear();
        self.pending = Some(self.now_ms);
        self.who().map(|who| Effect::ChangePin { who, old, new }).into_iter().collect()
    }

    pub(crate) fn pin_changed(&mut self, result: Result<(), PinRefused>) {
        self.pending = None;
        self.flash = Some(match result {
            Ok(()) => self.ui.pin_changed.to_string(),
            Err(PinRefused::Login(outcome)) => self.login_message(&outcome),
            Err(PinRefused::Weak) => self.lang.text().pin_form.to_string(),
        });
    }
}

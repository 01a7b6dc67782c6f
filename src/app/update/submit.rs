//! Submitting the login, first-run and unlock forms, and their answers.

use super::super::*;
use crate::app::form::FieldId;
use crate::db::clerks::Login;
use crate::domain::pin::{PinError, check_new_pin};
use crate::i18n::fill;

impl App {
    pub(in crate::app) fn submit(&mut self) -> Vec<Effect> {
        if self.pending.is_some() {
            return vec![];
        }
        let effect = match &mut self.screen {
            Screen::FirstRun(f) => first_run_effect(self.ui, self.lang, &mut f.form),
            Screen::Login(l) => login_effect(self.ui, l),
            Screen::Main(s) => match &mut s.lock {
                Some(lock) => {
                    let pin = lock.pin.value(FieldId::Pin).to_string();
                    (!pin.is_empty()).then(|| Effect::Unlock { login: s.clerk.login.clone(), pin })
                }
                None => None,
            },
            Screen::Stale => None,
        };
        if effect.is_some() {
            self.pending = Some(self.now_ms);
        }
        effect.into_iter().collect()
    }

    pub(in crate::app) fn first_run_done(
        &mut self,
        result: Result<crate::db::clerks::Clerk, FirstRunRefused>,
    ) {
        match result {
            Ok(clerk) => {
                let mut login = LoginScreen::new(self.ui, &self.settings, self.fixed_window.is_none());
                login.form.fields[0].input = tui_input::Input::new(clerk.login.clone());
                login.form.focus_on(FieldId::Pin);
                login.message = Some(fill(self.ui.first_run_done, &[("login", &clerk.login)]));
                self.screen = Screen::Login(login);
            }
            Err(FirstRunRefused::Taken) => self.flash = Some(self.ui.first_run_taken.to_string()),
            Err(FirstRunRefused::Failed(detail)) => {
                self.flash = Some(fill(self.ui.db_failed, &[("detail", &detail)]));
            }
        }
    }

    pub(in crate::app) fn login_done(&mut self, outcome: Login) {
        let message = self.login_message(&outcome);
        let Screen::Login(l) = &mut self.screen else { return };
        match outcome {
            Login::Ok(clerk) => {
                let picked = l.form.choice(FieldId::Window).and_then(|i| l.windows.get(i).cloned());
                let window = self.fixed_window.clone().or(picked).unwrap_or_default();
                self.last_input_ms = self.now_ms;
                self.screen = Screen::Main(Box::new(Session::new(clerk, window, self.ui, &self.settings)));
            }
            _ => {
                l.message = Some(message);
                if let Some(pin) = l.form.field_mut(FieldId::Pin) {
                    pin.input = tui_input::Input::default();
                }
                l.form.focus_on(FieldId::Pin);
            }
        }
    }

    pub(in crate::app) fn unlock_done(&mut self, outcome: Login) {
        let message = self.login_message(&outcome);
        let Screen::Main(s) = &mut self.screen else { return };
        match outcome {
            Login::Ok(c) if c.id == s.clerk.id => {
                s.lock = None;
                self.last_input_ms = self.now_ms;
                self.modal = self.beneath.pop();
            }
            _ => {
                if let Some(lock) = &mut s.lock {
                    lock.message = Some(message);
                    lock.pin.clear();
                }
            }
        }
    }
}

fn first_run_effect(ui: &crate::i18n::Ui, lang: crate::i18n::Lang, form: &mut form::Form) -> Option<Effect> {
    form.clear_errors();
    let login = form.value(FieldId::Login).to_string();
    let name = crate::domain::text::strip_controls(form.value(FieldId::Name)).trim().to_string();
    let pin = form.value(FieldId::Pin).to_string();
    if login.is_empty() {
        form.set_error(FieldId::Login, ui.err_required);
    }
    if name.is_empty() {
        form.set_error(FieldId::Name, ui.err_required);
    }
    let t = lang.text();
    if let Err(e) = check_new_pin(&pin) {
        form.set_error(
            FieldId::Pin,
            match e {
                PinError::Form => t.pin_form,
                PinError::Repeated => t.pin_repeated,
                PinError::Run => t.pin_run,
                PinError::Date => t.pin_date,
            },
        );
    } else if form.value(FieldId::Pin2) != pin {
        form.set_error(FieldId::Pin2, ui.err_pin_mismatch);
    }
    if form.has_errors() {
        form.focus_first_error();
        return None;
    }
    Some(Effect::CreateSupervisor { login, name, pin })
}

fn login_effect(ui: &crate::i18n::Ui, l: &mut LoginScreen) -> Option<Effect> {
    let form = &mut l.form;
    form.clear_errors();
    if form.value(FieldId::Login).is_empty() {
        form.set_error(FieldId::Login, ui.err_required);
    }
    if form.value(FieldId::Pin).is_empty() {
        form.set_error(FieldId::Pin, ui.err_required);
    }
    if form.field(FieldId::Window).is_some() && form.choice(FieldId::Window).is_none() {
        form.set_error(FieldId::Window, ui.err_pick_window);
    }
    if form.has_errors() {
        form.focus_first_error();
        return None;
    }
    l.message = Some(ui.login_checking.to_string());
    Some(Effect::Login {
        login: form.value(FieldId::Login).to_string(),
        pin: form.value(FieldId::Pin).to_string(),
    })
}

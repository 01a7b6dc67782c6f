//! F1's form: a quick ticket (matter + Enter) or a full registration (Alt+S), validated here
//! so a refused submit keeps every character and points at the first bad field.

use super::{Registration, WalkOp};
use crate::app::form::FieldId;
use crate::app::*;
use crate::domain::walkin::Channel;
use crate::domain::{IdError, IdNumber, Phone};
use crate::i18n::fill;
use chrono::NaiveDate;

impl App {
    pub fn today_local(&self) -> NaiveDate {
        self.today()
    }

    pub(crate) fn today(&self) -> NaiveDate {
        crate::domain::dates::local_day(self.now, self.settings.tz)
    }

    pub(crate) fn id_message(&self, e: IdError) -> String {
        let ui = self.ui;
        match e {
            IdError::Length(n) => fill(ui.id_length, &[("n", &n)]),
            IdError::Characters => ui.id_characters.into(),
            IdError::BirthDate => ui.id_birth.into(),
            IdError::CheckCharacter => ui.id_check.into(),
        }
    }

    pub(crate) fn quick_ticket(&mut self) -> Vec<Effect> {
        let ui = self.ui;
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let w = &mut s.walkins;
        w.form.clear_errors();
        let Some(matter) = w.form.choice(FieldId::Matter).and_then(|i| self.settings.config.matters.get(i))
        else {
            w.form.set_error(FieldId::Matter, ui.f1_need_matter);
            return vec![];
        };
        let reg = Registration {
            matter: matter.code.clone(),
            channel: Channel::WalkIn,
            id_number: None,
            name: String::new(),
            phone: String::new(),
            work_unit: String::new(),
            priority: None,
            note: String::new(),
            correct_record: false,
        };
        self.send_registration(reg)
    }

    /// Alt+S (or Enter on the last field): the whole registration.
    pub(crate) fn register(&mut self) -> Vec<Effect> {
        let ui = self.ui;
        let today = self.today();
        let id_text = match &self.screen {
            // A volunteer has no registration form (its keys are not offered): said, not sent.
            Screen::Main(s) if !s.clerk.role.may(crate::domain::Permission::WalkIns) => {
                self.flash = Some(ui.f1_volunteer_quick_only.into());
                return vec![];
            }
            Screen::Main(s) => s.walkins.form.value(FieldId::Id).trim().to_string(),
            _ => return vec![],
        };
        let id_checked =
            (!id_text.is_empty()).then(|| IdNumber::parse(&id_text, today).map_err(|e| self.id_message(e)));
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let form = &mut s.walkins.form;
        form.clear_errors();
        let matter = form
            .choice(FieldId::Matter)
            .and_then(|i| self.settings.config.matters.get(i))
            .map(|m| m.code.clone());
        if matter.is_none() {
            form.set_error(FieldId::Matter, ui.f1_need_matter);
        }
        let id = match id_checked {
            None => None,
            Some(Ok(id)) => Some(id),
            Some(Err(msg)) => {
                form.set_error(FieldId::Id, msg);
                None
            }
        };
        let name = crate::domain::text::strip_controls(form.value(FieldId::Name)).trim().to_string();
        if id.is_some() && name.is_empty() {
            form.set_error(FieldId::Name, ui.err_required);
        }
        let phone = form.value(FieldId::Phone).to_string();
        let phone = if phone.trim().is_empty() {
            String::new()
        } else {
            match Phone::parse(&phone) {
                Ok(p) => p.as_str().to_string(),
                Err(_) => {
                    form.set_error(FieldId::Phone, ui.phone_invalid);
                    String::new()
                }
            }
        };
        if form.has_errors() {
            form.focus_first_error();
            return vec![];
        }
        let channel = Channel::ALL[form.choice(FieldId::Channel).unwrap_or(0).min(2)];
        let priority = form
            .choice(FieldId::Priority)
            .and_then(|i| self.settings.config.queue.priority_kinds.get(i))
            .map(|p| p.code.clone());
        let reg = Registration {
            matter: matter.unwrap_or_default(),
            channel,
            id_number: id.map(|i| i.as_str().to_string()),
            name,
            phone,
            work_unit: form.value(FieldId::Unit).trim().to_string(),
            priority,
            note: form.value(FieldId::Note).trim().to_string(),
            correct_record: false,
        };
        // A known worker whose record says otherwise: correct the record, or this visit only.
        let differs = self.differs_from_record(&reg);
        if !differs.is_empty() {
            let title = fill(ui.f1c.differs_title, &[("fields", &differs.join(ui.f4.list_sep))]);
            let opts = vec![ui.f1c.differs_correct.to_string(), ui.f1c.differs_once.to_string()];
            let purpose = PickPurpose::Walk(super::WalkPick::RecordDiffers(Box::new(reg)));
            self.modal = Some(super::keys::pick(purpose, &title, opts, vec![], false));
            return vec![];
        }
        self.send_registration(reg)
    }

    /// The fields typed that differ from the record of the worker on the card (by name).
    fn differs_from_record(&self, reg: &Registration) -> Vec<&'static str> {
        let ui = self.ui;
        let Screen::Main(s) = &self.screen else { return vec![] };
        let Some(card) = &s.walkins.card else { return vec![] };
        let w = &card.worker;
        if reg.id_number.as_deref() != Some(w.id_number.as_str()) {
            return vec![];
        }
        let changed = |typed: &str, stored: Option<&str>| !typed.is_empty() && Some(typed) != stored;
        [
            (changed(&reg.name, Some(&w.name)), ui.field_name),
            (changed(&reg.phone, w.phone.as_deref()), ui.field_phone),
            (changed(&reg.work_unit, w.work_unit.as_deref()), ui.field_unit),
        ]
        .into_iter()
        .filter_map(|(c, f)| c.then_some(f))
        .collect()
    }

    pub(crate) fn send_registration(&mut self, reg: Registration) -> Vec<Effect> {
        if self.numbers_blocked && reg.channel.gets_ticket() {
            self.flash = Some(self.ui.f1_numbers_blocked.into());
            return vec![];
        }
        if self.saves_blocked {
            self.flash = Some(self.ui.saves_blocked.into());
            return vec![];
        }
        let Some(who) = self.who() else { return vec![] };
        self.pending = Some(self.now_ms);
        vec![Effect::Walk { who, op: WalkOp::Register(reg) }]
    }

    /// After typing in the form: a complete, valid ID asks for the card once and presets
    /// the elderly priority from the age it gives.
    pub(crate) fn after_form_edit(&mut self) -> Vec<Effect> {
        let today = self.today();
        let elderly_age = self.settings.config.queue.elderly_age;
        let elderly = self.settings.config.queue.priority_kinds.iter().position(|p| p.code == "elderly");
        let reason = self.settings.config.privacy.lookup_reasons.first().cloned().unwrap_or_default();
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let w = &mut s.walkins;
        // The next registration begun: the last one's checklist (and its tick) is done with.
        if w.form.is_dirty() && w.checklist_visit.is_some() {
            w.checklist_visit = None;
            w.checklist_given = false;
        }
        let Ok(id) = IdNumber::parse(w.form.value(FieldId::Id), today) else {
            if w.card_for.is_some() && w.form.value(FieldId::Id).is_empty() {
                w.card = None;
                w.card_for = None;
            }
            return vec![];
        };
        if w.card_for.as_deref() == Some(id.as_str()) {
            return vec![];
        }
        // Another person's ID (a second card read, a corrected number): the name, phone and
        // unit on the form were the last person's, and the new one's record fills them.
        if w.card_for.is_some() {
            for field in [FieldId::Name, FieldId::Phone, FieldId::Unit] {
                if let Some(f) = w.form.field_mut(field) {
                    f.input = tui_input::Input::default();
                }
            }
            w.card = None;
        }
        w.card_for = Some(id.as_str().to_string());
        if let (Some(i), Some(f)) = (elderly, w.form.field_mut(FieldId::Priority))
            && f.choice.is_none()
            && id.age_on(today) >= elderly_age
        {
            f.choice = Some(i);
        }
        // The worker is at the counter: registering records 本人来访 and asks nothing.
        self.walk(WalkOp::Card { id_number: id.as_str().to_string(), reason })
    }
}

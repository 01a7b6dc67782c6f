//! Answers from the database for F3, the void reason form, and the live preview.

use super::{LetterOp, LetterReply, View, compose_form};
use crate::app::form::FieldId;
use crate::app::keymap::Tab;
use crate::app::*;
use crate::i18n::fill;

impl App {
    pub(crate) fn letters_reply(&mut self, reply: LetterReply) -> Vec<Effect> {
        let ui = self.ui;
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let t = &mut s.letters;
        match reply {
            LetterReply::Worker { id_number, worker } => {
                t.worker_for = Some(id_number.clone());
                if let Some(w) = worker {
                    // A known worker fills what the clerk has not typed.
                    let Some(form) = t.active_form_mut() else { return vec![] };
                    if form.value(FieldId::Id).is_empty() {
                        form.set_value(FieldId::Id, &id_number);
                    }
                    for (name, value) in
                        [(FieldId::Name, Some(w.name.clone())), (FieldId::WorkUnit, w.work_unit.clone())]
                    {
                        if let Some(v) = value
                            && form.value(name).is_empty()
                        {
                            form.set_value(name, &v);
                        }
                    }
                    s.revealable = Some(Revealable {
                        worker_id: Some(w.id),
                        masked: w.id_number.masked(),
                        full: id_number,
                    });
                }
            }
            LetterReply::Issued(Ok(message)) => {
                if t.view == View::Commitment {
                    t.commit = super::commitment_form(ui);
                } else if t.view == View::Batch {
                    t.batch = super::batch_form(ui, &self.settings);
                    t.roster.clear();
                } else {
                    t.form = compose_form(ui, &self.settings);
                }
                t.replaces = None;
                t.replace_reason.clear();
                t.prefill_note = None;
                t.worker_for = None;
                t.scroll = 0;
                s.revealable = None;
                self.flash = Some(message.words(self.lang));
                return self.letters_refresh();
            }
            LetterReply::Done(Err(e @ super::Refused::SendFailed { .. })) => {
                // Some recipients may have it now: the register shows who.
                self.flash = Some(e.words(self.lang));
                return self.letters_refresh();
            }
            LetterReply::Issued(Err(e)) | LetterReply::Done(Err(e)) => self.flash = Some(e.words(self.lang)),
            LetterReply::Done(Ok(message)) => {
                self.flash = Some(message.words(self.lang));
                return self.letters_refresh();
            }
            LetterReply::Page { rows, total, from } => self.register_arrived(rows, total, from),
            LetterReply::Verified(v) => t.verdict = Some(super::verdict_words(&v, self.lang, &self.settings)),
            LetterReply::Roster { members, problems } => self.roster_arrived(members, problems),
        }
        vec![]
    }

    /// The reason of a void or a re-issue: required.
    pub(crate) fn letters_form(&mut self, purpose: super::LetterForm, mut f: ModalForm) -> Vec<Effect> {
        let reason = f.form.value(FieldId::Reason).trim().to_string();
        if reason.is_empty() {
            f.form.set_error(FieldId::Reason, self.ui.err_required);
            self.modal = Some(Modal::Form(f));
            return vec![];
        }
        match purpose {
            super::LetterForm::Void(id) => self.letter(LetterOp::Void { id, reason }),
            super::LetterForm::Reissue(id) => self.start_reissue(id, reason),
        }
    }

    /// Both copies as the form stands, with the number and code still to come.
    pub fn letter_preview(&self) -> Vec<String> {
        let f3 = self.ui.f3;
        let Screen::Main(s) = &self.screen else { return vec![] };
        let f = &s.letters.form;
        let today = self.today();
        let date = |name: FieldId| crate::domain::dates::parse_date(f.value(name), today).ok();
        let unit = f.choice(FieldId::Unit).and_then(|i| self.settings.config.recuperation_units.get(i));
        let masked = crate::domain::IdNumber::parse(f.value(FieldId::Id), today)
            .map(|i| i.masked())
            .unwrap_or_default();
        let new = crate::letters::NewLetter {
            worker_id: 0,
            id_masked: masked,
            name: f.value(FieldId::Name).to_string(),
            work_unit: f.value(FieldId::WorkUnit).to_string(),
            recipient: unit.map(|u| u.code.clone()).unwrap_or_default(),
            start: date(FieldId::Start).unwrap_or(today),
            end: date(FieldId::End).or(date(FieldId::Start)).unwrap_or(today),
            places: f.value(FieldId::Places).trim().parse().ok(),
            standard: f.value(FieldId::Standard).to_string(),
            companions: f.value(FieldId::Companions).to_string(),
            note: f.value(FieldId::Note).to_string(),
            replaces: None,
            replace_reason: String::new(),
        };
        let unit_name = unit.map(|u| u.name.as_str()).unwrap_or(f3.unit_pending);
        let text =
            match crate::letters::compose_for(&self.settings, &new, f3.number_pending, today, unit_name) {
                Ok((unit, worker)) => format!("{unit}\n{}\n{worker}", "—".repeat(20)),
                Err(crate::letters::ComposeError::Dates) => f3.end_before_start.to_string(),
                Err(crate::letters::ComposeError::Unit(_)) => f3.need_unit.to_string(),
                // A preview replaces nothing.
                Err(_) => String::new(),
            };
        text.replace(crate::letters::CODE_MARK, f3.code_pending).lines().map(str::to_string).collect()
    }

    /// The commitment as the form stands, with the number and code still to come.
    pub fn commitment_preview(&self) -> Vec<String> {
        let f3 = self.ui.f3;
        let Screen::Main(s) = &self.screen else { return vec![] };
        let f = &s.letters.commit;
        let today = self.today();
        let date = |name: FieldId| crate::domain::dates::parse_date(f.value(name), today).ok();
        let masked = crate::domain::IdNumber::parse(f.value(FieldId::Id), today)
            .map(|i| i.masked())
            .unwrap_or_default();
        let c = crate::letters::commitment::NewCommitment {
            worker_id: 0,
            id_masked: masked,
            name: f.value(FieldId::Name).to_string(),
            work_unit: f.value(FieldId::WorkUnit).to_string(),
            organiser: f.value(FieldId::Organiser).to_string(),
            start: date(FieldId::Start).unwrap_or(today),
            end: date(FieldId::End).or(date(FieldId::Start)).unwrap_or(today),
            amount_fen: crate::domain::money::Fen::parse(f.value(FieldId::Amount)).map(|a| a.0).unwrap_or(0),
            note: f.value(FieldId::Note).to_string(),
        };
        let text = match crate::letters::commitment::compose(&self.settings, &c, f3.number_pending, today) {
            Ok(t) => t,
            Err(_) => f3.end_before_start.to_string(),
        };
        text.replace(crate::letters::CODE_MARK, f3.code_pending).lines().map(str::to_string).collect()
    }

    /// The days line under the dates, when both read.
    pub fn letter_days(&self) -> Option<String> {
        let Screen::Main(s) = &self.screen else { return None };
        let f = s.letters.active_form()?;
        let today = self.today();
        let a = crate::domain::dates::parse_date(f.value(FieldId::Start), today).ok()?;
        let b = crate::domain::dates::parse_date(f.value(FieldId::End), today).ok()?;
        Some(match crate::domain::letter::days(a, b) {
            Some(n) => fill(self.ui.f3.days, &[("n", &n)]),
            None => self.ui.f3.end_before_start.to_string(),
        })
    }

    pub(crate) fn letters_entered(&mut self) -> Vec<Effect> {
        match &self.screen {
            // Only when F3 itself comes up: reading the register is audited, so a switch to
            // another tab must not read it.
            Screen::Main(s) if s.tab == Tab::Letters && s.letters.view == View::Register => {
                self.register_page(crate::db::letter_register::From::First)
            }
            _ => vec![],
        }
    }
}

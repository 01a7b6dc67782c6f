//! F3's keys: the compose form (Alt+S issues after checking every field, keeping what was
//! typed), the preview's scroll, the register (read, void, re-issue) and the verify form.

use super::{Compose, LetterOp, LettersTab, View};
use crate::app::form::FieldId;
use crate::app::form::FormReply;
use crate::app::keymap::{Action, Layer};
use crate::app::*;
use crate::domain::IdNumber;
use crate::domain::dates::parse_date;
use crate::i18n::fill;
use crossterm::event::KeyModifiers;

/// A digit this soon after the one that picked a unit goes on with it as a number.
const NUMBER_GAP_MS: u64 = 1_000;

impl App {
    pub(crate) fn letter(&mut self, op: LetterOp) -> Vec<Effect> {
        let writes = matches!(
            op,
            LetterOp::Issue(_) | LetterOp::Void { .. } | LetterOp::Send { .. } | LetterOp::MarkSent { .. }
        );
        if writes && self.saves_blocked {
            self.flash = Some(self.ui.saves_blocked.into());
            return vec![];
        }
        if matches!(op, LetterOp::Issue(_)) && self.numbers_blocked {
            self.flash = Some(self.ui.f1_numbers_blocked.into());
            return vec![];
        }
        self.who().map(|who| Effect::Letters { who, op }).into_iter().collect()
    }

    pub(crate) fn letters_layers(t: &LettersTab) -> Vec<Layer> {
        let l = match t.view {
            View::Batch if t.batch.focused().name == FieldId::Add => {
                vec![Layer::LetterAdd, Layer::LetterBatch, Layer::LetterCompose]
            }
            View::Batch => vec![Layer::LetterBatch, Layer::LetterCompose],
            View::Compose | View::Commitment => vec![Layer::LetterCompose],
            View::Register => vec![Layer::LetterList],
            View::Verify => vec![Layer::LetterVerify],
        };
        crate::app::keymap::tab_layers(l, t.active_form(), Layer::Letters)
    }

    pub(crate) fn letters_key(
        &mut self,
        key: crossterm::event::KeyEvent,
        ms: u64,
        binding: Option<Action>,
    ) -> Vec<Effect> {
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let t = &mut s.letters;
        let view = t.view;
        let form = match view {
            View::Compose => &mut t.form,
            View::Commitment => &mut t.commit,
            View::Batch => {
                if binding == Some(Action::AddMember) {
                    // The form sees Enter first, so a card reader's burst lands in the add field.
                    t.batch.handle_key(key, ms);
                    if t.batch.value(FieldId::Add).trim().is_empty() {
                        return vec![];
                    }
                    t.batch.focus_on(FieldId::Add);
                    return self.batch_act(Action::AddMember);
                }
                if let Some(a) = binding.filter(|a| matches!(a, Action::ImportRoster | Action::DropMember)) {
                    return self.batch_act(a);
                }
                &mut t.batch
            }
            View::Verify => &mut t.verify,
            View::Register => {
                if let Some(a) = binding.filter(|a| *a != Action::FilterUnit) {
                    return self.letters_act(a);
                }
                // A digit alone picks a unit (0: every unit); digits typed straight on (a number:
                // 2566, within a second) or after text are text; other typing filters by name,
                // number or work unit.
                let unit_key = t.unit_by_key.take().is_some_and(|at| ms.saturating_sub(at) <= NUMBER_GAP_MS);
                match key.code {
                    // Control keys never type: Ctrl+S is not an `s`.
                    crossterm::event::KeyCode::Char(c)
                        if !key.modifiers.intersects(KeyModifiers::ALT | KeyModifiers::CONTROL) =>
                    {
                        let c = crate::domain::text::fold_char(c);
                        match c.to_digit(10) {
                            Some(_) if unit_key => {
                                // The digit before began a number, not a unit.
                                if let Some(u) = t.filter_unit.take() {
                                    t.filter_text.push_str(&(u + 1).to_string());
                                }
                                t.filter_text.push(c);
                            }
                            Some(_) if !t.filter_text.is_empty() => t.filter_text.push(c),
                            Some(0) => t.filter_unit = None,
                            Some(d) => {
                                t.filter_unit = Some(d as usize - 1);
                                t.unit_by_key = Some(ms);
                            }
                            None => t.filter_text.push(c),
                        }
                    }
                    crossterm::event::KeyCode::Backspace => {
                        t.filter_text.pop();
                    }
                    _ => return vec![],
                }
                return self.register_page(crate::db::letter_register::From::First);
            }
        };
        if let Some(a) = binding
            && !matches!(a, Action::NextField | Action::PrevField | Action::Pick)
        {
            return self.letters_act(a);
        }
        let before = form.focused().name;
        let reply = form.handle_key(key, ms);
        let left_id = before == FieldId::Id && form.focused().name != FieldId::Id;
        match reply {
            FormReply::Submit if view == View::Verify => return self.letters_act(Action::VerifyLetter),
            FormReply::Submit => return self.letters_act(Action::IssueLetter),
            _ => {}
        }
        if left_id { self.letter_worker() } else { vec![] }
    }

    pub(crate) fn letters_paste(&mut self, text: &str) -> usize {
        match &mut self.screen {
            Screen::Main(s) => s.letters.active_form_mut().map_or(0, |f| f.paste(text)),
            _ => 0,
        }
    }

    /// Leaving the ID field with a valid ID fills the worker's name and unit.
    fn letter_worker(&mut self) -> Vec<Effect> {
        let today = self.today();
        let Screen::Main(s) = &self.screen else { return vec![] };
        let t = &s.letters;
        let Some(form) = t.active_form() else { return vec![] };
        let Ok(id) = IdNumber::parse(form.value(FieldId::Id), today) else { return vec![] };
        let id = id.as_str().to_string();
        if t.worker_for.as_deref() == Some(id.as_str()) {
            return vec![];
        }
        self.letter(LetterOp::Worker { id_number: id })
    }

    pub(crate) fn letters_act(&mut self, action: Action) -> Vec<Effect> {
        let ui = self.ui;
        let f3 = ui.f3;
        let role = match &self.screen {
            Screen::Main(s) => s.clerk.role,
            _ => return vec![],
        };
        let units: Vec<String> =
            self.settings.config.recuperation_units.iter().map(|u| u.code.clone()).collect();
        if let Some(moved) = self.register_move(action) {
            return moved;
        }
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let t = &mut s.letters;
        let selected = t.selected_in(&units);
        match action {
            // The roster's own keys, however they came (Alt or Ctrl+G).
            Action::ImportRoster | Action::DropMember if t.view == View::Batch => {
                return self.batch_act(action);
            }
            Action::FilterState => {
                t.filter_state = super::StateFilter::next(t.filter_state);
                return self.register_page(crate::db::letter_register::From::First);
            }
            Action::LetterView => {
                t.view = t.view.next();
                if t.view == View::Register {
                    // Opened anew: the newest letter first (a page read again keeps its letter).
                    t.rows.clear();
                    t.selected = 0;
                    return self.register_page(crate::db::letter_register::From::First);
                }
            }
            Action::ScrollUp => t.scroll = t.scroll.saturating_sub(5),
            Action::ScrollDown => t.scroll = t.scroll.saturating_add(5),
            Action::Back if t.active_form().is_some_and(|f| f.is_dirty()) || !t.roster.is_empty() => {
                self.modal = Some(Modal::ConfirmDiscard)
            }
            Action::IssueLetter if t.view == View::Commitment => return self.issue_commitment(),
            Action::IssueLetter if t.view == View::Batch => return self.issue_batch(),
            Action::IssueLetter => return self.issue_letter(),
            Action::VerifyLetter => {
                let (number, code) = (
                    t.verify.value(FieldId::Number).trim().to_string(),
                    t.verify.value(FieldId::Code).to_string(),
                );
                return self.letter(LetterOp::Verify { number, code });
            }
            Action::SendLetter | Action::SmsText
                if selected.as_ref().is_some_and(|l| l.letter_type == "commitment") =>
            {
                self.flash = Some(f3.no_mail.into());
            }
            Action::SendLetter | Action::MarkSent | Action::SmsText
                if selected.as_ref().is_some_and(|l| l.state == "void") =>
            {
                let number = selected.as_ref().map(|l| l.number.clone()).unwrap_or_default();
                self.flash = Some(fill(f3.void_no_send, &[("number", &number)]));
            }
            Action::SendLetter if selected.is_some() && self.settings.config.smtp.is_none() => {
                self.flash = Some(f3.no_smtp.into());
            }
            Action::SendLetter | Action::MarkSent => match &selected {
                // A question naming the letter: Enter acts on that one, whatever arrives meanwhile.
                Some(l) => self.modal = Some(super::chain::ask_send(ui, action, l)),
                None => self.flash = Some(f3.none_selected.into()),
            },
            Action::SmsText => match &selected {
                Some(l) => {
                    let c = &self.settings.config;
                    let unit =
                        c.recuperation_units.iter().find(|u| u.code == l.recipient).map(|u| u.name.clone());
                    let today = crate::domain::dates::local_day(self.now, self.settings.tz);
                    let day = |s: &str| s.parse().unwrap_or(today);
                    let text = crate::domain::letter::sms_text(
                        &c.letters.recuperation_name,
                        &l.number,
                        &unit.unwrap_or_default(),
                        day(&l.start_on),
                        day(&l.end_on),
                        &l.code,
                        &c.centre.phone,
                    );
                    self.modal =
                        Some(Modal::Text { title: f3.sms_title.into(), lines: vec![text], scroll: 0 });
                }
                None => self.flash = Some(f3.none_selected.into()),
            },
            Action::ReadLetter => match &selected {
                Some(l) => {
                    let lines = l.unit_text.lines().map(str::to_string).collect();
                    self.modal = Some(Modal::Text { title: l.number.clone(), lines, scroll: 0 });
                }
                None => self.flash = Some(f3.none_selected.into()),
            },
            Action::VoidLetter | Action::Reissue => return self.void_or_reissue(action, role, selected),
            _ => {}
        }
        vec![]
    }

    /// Alt+S: every field checked; a refusal keeps every character and points at the first.
    fn issue_letter(&mut self) -> Vec<Effect> {
        let ui = self.ui;
        let f3 = ui.f3;
        let today = self.today();
        let units = self.settings.config.recuperation_units.clone();
        let id_check = match &self.screen {
            Screen::Main(s) => IdNumber::parse(s.letters.form.value(FieldId::Id), today),
            _ => return vec![],
        };
        let id_message = id_check.as_ref().err().map(|e| self.id_message(*e));
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let t = &mut s.letters;
        let f = &mut t.form;
        f.clear_errors();
        if let Some(m) = id_message {
            f.set_error(FieldId::Id, m);
        }
        if f.value(FieldId::Name).trim().is_empty() {
            f.set_error(FieldId::Name, ui.err_required);
        }
        let unit = f.choice(FieldId::Unit).and_then(|i| units.get(i));
        if unit.is_none() {
            f.set_error(FieldId::Unit, f3.need_unit);
        }
        let (start, end) = stay_dates(f, ui, today);
        let places = f.value(FieldId::Places).trim().to_string();
        let places = if places.is_empty() {
            None
        } else {
            match crate::domain::text::fold_ascii(&places).parse::<u32>() {
                Ok(n) if (1..=99).contains(&n) => Some(n),
                _ => {
                    f.set_error(FieldId::Places, f3.places_invalid);
                    None
                }
            }
        };
        if f.has_errors() {
            f.focus_first_error();
            return vec![];
        }
        let (Ok(id), Some(unit), Some(start), Some(end)) = (id_check, unit, start, end) else {
            return vec![];
        };
        let c = Compose {
            id_number: id.as_str().to_string(),
            name: f.value(FieldId::Name).trim().to_string(),
            work_unit: f.value(FieldId::WorkUnit).trim().to_string(),
            recipient: unit.code.clone(),
            start,
            end,
            places,
            standard: f.value(FieldId::Standard).to_string(),
            companions: f.value(FieldId::Companions).to_string(),
            note: f.value(FieldId::Note).to_string(),
            replaces: t.replaces.as_ref().map(|r| r.0),
            reason: t.replace_reason.clone(),
        };
        self.letter(LetterOp::Issue(c))
    }

    /// Alt+S on the commitment form: every field checked, nothing typed lost.
    fn issue_commitment(&mut self) -> Vec<Effect> {
        let ui = self.ui;
        let today = self.today();
        let id_check = match &self.screen {
            Screen::Main(s) => IdNumber::parse(s.letters.commit.value(FieldId::Id), today),
            _ => return vec![],
        };
        let id_message = id_check.as_ref().err().map(|e| self.id_message(*e));
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let f = &mut s.letters.commit;
        f.clear_errors();
        if let Some(m) = id_message {
            f.set_error(FieldId::Id, m);
        }
        for name in [FieldId::Name, FieldId::Organiser] {
            if f.value(name).trim().is_empty() {
                f.set_error(name, ui.err_required);
            }
        }
        let (start, end) = stay_dates(f, ui, today);
        let amount = match crate::domain::money::Fen::parse(f.value(FieldId::Amount)) {
            Ok(a) if a.0 > 0 => Some(a.0),
            _ => {
                f.set_error(FieldId::Amount, ui.f2.amount_invalid);
                None
            }
        };
        if f.has_errors() {
            f.focus_first_error();
            return vec![];
        }
        let (Ok(id), Some(start), Some(end), Some(amount_fen)) = (id_check, start, end, amount) else {
            return vec![];
        };
        let c = super::Commit {
            id_number: id.as_str().to_string(),
            name: f.value(FieldId::Name).trim().to_string(),
            work_unit: f.value(FieldId::WorkUnit).trim().to_string(),
            organiser: f.value(FieldId::Organiser).trim().to_string(),
            start,
            end,
            amount_fen,
            note: f.value(FieldId::Note).to_string(),
        };
        self.letter(LetterOp::Commit(c))
    }
}

/// The start and end fields of a letter, commitment or batch form: each a date, the end not before
/// the start; errors set on the fields.
pub(super) fn stay_dates(
    f: &mut form::Form,
    ui: &crate::i18n::Ui,
    today: chrono::NaiveDate,
) -> (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>) {
    let mut date = |name: FieldId| match parse_date(f.value(name), today) {
        Ok(d) => Some(d),
        Err(_) => {
            f.set_error(name, ui.date_invalid);
            None
        }
    };
    let (start, end) = (date(FieldId::Start), date(FieldId::End));
    if let (Some(a), Some(b)) = (start, end)
        && b < a
    {
        f.set_error(FieldId::End, ui.f3.end_before_start);
    }
    (start, end)
}

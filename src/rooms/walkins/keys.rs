//! F1's keys and counter actions, and the answers that come back.

use super::{Act, Pane, View, WalkOp};
use super::{WalkForm, WalkPick};
use crate::app::form::FieldId;
use crate::app::form::FormReply;
use crate::app::keymap::{Action, Key, Layer};
use crate::app::*;
use crate::domain::walkin::Outcome;
use crate::i18n::fill;

impl App {
    pub(crate) fn who(&self) -> Option<Who> {
        let Screen::Main(s) = &self.screen else { return None };
        let (clerk_id, login, window, role) =
            (s.clerk.id, s.clerk.login.clone(), s.window.clone(), s.clerk.role);
        Some(Who { clerk_id, login, window, role })
    }

    pub(crate) fn walk(&self, op: WalkOp) -> Vec<Effect> {
        // A role without personal data (a volunteer) never asks for a worker card.
        let personal = matches!(&self.screen, Screen::Main(s) if s.clerk.role.may(crate::domain::Permission::SeePersonalData));
        if !personal && matches!(op, WalkOp::Card { .. }) {
            return vec![];
        }
        self.who().map(|who| Effect::Walk { who, op }).into_iter().collect()
    }

    /// F1's layers, most specific first.
    pub(crate) fn walkins_layers(w: &super::WalkIns, can_call: bool) -> Vec<Layer> {
        let counter = if can_call { Some(Layer::Counter) } else { None };
        match w.pane {
            Pane::Form => {
                let mut l = vec![];
                if w.form.focused().name == FieldId::Matter {
                    l.push(Layer::Matter);
                }
                if !w.form.typing() {
                    l.push(Layer::Choice);
                }
                l.push(Layer::Form);
                l.extend(counter);
                l.extend([Layer::WalkIns, Layer::Session]);
                if !w.form.typing() {
                    l.push(Layer::NotTyping);
                }
                l
            }
            Pane::Queue => {
                let mut l = vec![];
                if w.view == View::FollowUps {
                    l.push(Layer::FollowUpList);
                }
                l.push(Layer::List);
                l.extend(counter);
                l.extend([Layer::WalkIns, Layer::Session, Layer::NotTyping]);
                l
            }
        }
    }

    /// A key on F1 that the keymap did not claim for the shell.
    pub(crate) fn walkins_key(
        &mut self,
        key: crossterm::event::KeyEvent,
        ms: u64,
        binding: Option<Action>,
    ) -> Vec<Effect> {
        let k = Key::from_event(&key);
        // The desk has no counter keys (its hints list none); pressed anyway, they say why.
        if binding.is_none() && k.is_some_and(|k| crate::app::keymap::lookup(&[Layer::Counter], k).is_some())
        {
            self.flash = Some(self.ui.f1_desk_cannot_call.into());
            return vec![];
        }
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let quick_only = !s.clerk.role.may(crate::domain::Permission::WalkIns);
        let w = &mut s.walkins;
        if w.pane == Pane::Form && quick_only {
            // A volunteer issues quick tickets only: the registration's fields are neither drawn
            // nor reached, so nothing is typed into a form that would be refused.
            w.form.focus = 0;
            if k == Some(Key::Tab) || matches!(binding, Some(Action::NextField | Action::PrevField)) {
                self.flash = Some(self.ui.f1_volunteer_quick_only.into());
                return vec![];
            }
        }
        if w.pane == Pane::Queue {
            // A card swiped while the list has the keys is the swiped worker, not the row's.
            match w.form.reader_key(key, ms) {
                Some(true) => {
                    w.pane = Pane::Form;
                    return self.after_form_edit();
                }
                Some(false) => return vec![],
                None => {}
            }
            return match binding {
                Some(a) => self.walkins_act(a),
                None => vec![],
            };
        }
        // A card read with the cursor anywhere (the matter field's Enter included) is an ID.
        if k == Some(Key::Enter) && w.form.swiped(ms) {
            return self.after_form_edit();
        }
        let last = w.form.focus + 1 == w.form.fields.len();
        match (k, binding) {
            (_, Some(Action::QuickTicket)) => return self.quick_ticket(),
            (Some(Key::Tab), _) if last => {
                w.pane = Pane::Queue;
                return vec![];
            }
            (Some(Key::BackTab), _) if w.form.focus == 0 => {
                w.pane = Pane::Queue;
                return vec![];
            }
            (_, Some(a))
                if !matches!(a, Action::NextField | Action::PrevField | Action::Submit | Action::Pick) =>
            {
                return self.walkins_act(a);
            }
            _ => {}
        }
        let reply =
            if binding == Some(Action::Submit) { FormReply::Submit } else { w.form.handle_key(key, ms) };
        let mut out = match reply {
            FormReply::Submit => self.register(),
            FormReply::Ignored => binding.map(|a| self.walkins_act(a)).unwrap_or_default(),
            _ => vec![],
        };
        out.extend(self.after_form_edit());
        out
    }

    /// Paste into F1's form.
    /// Paste into F1's form: what did not fit, and what the edit asks the database.
    pub(crate) fn walkins_paste(&mut self, text: &str) -> (usize, Vec<Effect>) {
        let mut cut = 0;
        if let Screen::Main(s) = &mut self.screen
            && s.walkins.pane == Pane::Form
        {
            cut = s.walkins.form.paste(text);
        }
        (cut, self.after_form_edit())
    }

    pub(crate) fn walkins_act(&mut self, action: Action) -> Vec<Effect> {
        let ui = self.ui;
        if let Some(out) = self.counter_act(action) {
            return out;
        }
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let w = &mut s.walkins;
        let current = w.snapshot.current.clone();
        let moves = w.pane == Pane::Queue
            && matches!(
                action,
                Action::Up
                    | Action::Down
                    | Action::ScrollUp
                    | Action::ScrollDown
                    | Action::Home
                    | Action::End
            );
        // The cursor's ticket left the list: the first arrow picks a row again near its place.
        if moves && w.regain(action) {
            return vec![];
        }
        if moves {
            w.unpicked = false;
        }
        match action {
            // Alt+S (or Ctrl+G S) from the list too: the registration typed is submitted.
            Action::Submit => {
                w.pane = Pane::Form;
                return self.register();
            }
            // The follow-ups grow with the years: read a page at a time.
            Action::Up
            | Action::Down
            | Action::ScrollUp
            | Action::ScrollDown
            | Action::Home
            | Action::End
                if w.view == View::FollowUps =>
            {
                let ids: Vec<i64> = w.snapshot.rows.iter().map(|r| r.id).collect();
                match crate::app::paging::step(action, w.selected, &ids) {
                    crate::app::paging::Step::Within(i) => w.selected = i,
                    crate::app::paging::Step::Read(from) => {
                        w.page = from;
                        return self.refresh();
                    }
                    crate::app::paging::Step::Not => {}
                }
            }
            // Today's queue is read whole: the keys move within it.
            Action::Up => {
                w.selected = w.selected.saturating_sub(1).min(w.snapshot.rows.len().saturating_sub(1))
            }
            Action::Down => w.selected = (w.selected + 1).min(w.snapshot.rows.len().saturating_sub(1)),
            Action::ScrollUp => {
                w.selected = w.selected.saturating_sub(10).min(w.snapshot.rows.len().saturating_sub(1))
            }
            Action::ScrollDown => w.selected = (w.selected + 10).min(w.snapshot.rows.len().saturating_sub(1)),
            Action::Home => w.selected = 0,
            Action::End => w.selected = w.snapshot.rows.len().saturating_sub(1),
            Action::NextField | Action::Back => w.pane = Pane::Form,
            Action::CycleList => {
                w.view = w.view.next();
                (w.selected, w.unpicked) = (0, false);
                // The last view's rows are not drawn under the new one's header meanwhile.
                w.snapshot.rows.clear();
                w.page = crate::db::page::From::First;
                return self.refresh();
            }
            Action::RecordFollowUp | Action::Open | Action::WorkerCard
                if w.pane == Pane::Queue && w.unpicked =>
            {
                self.flash = Some(ui.f4.none_picked.into());
            }
            Action::RecordFollowUp => {
                if let Some(r) = w.selected_row() {
                    self.modal = Some(followup_form(ui, r.id, r.ticket.as_deref().unwrap_or_default()));
                }
            }
            Action::EditCard => match &w.card {
                Some(card) => {
                    let wk = &card.worker;
                    let mut form = form::Form::new(vec![
                        form::Field::new(FieldId::Name, ui.field_name, form::FieldKind::Text),
                        form::Field::new(FieldId::Phone, ui.field_phone, form::FieldKind::Phone),
                        form::Field::new(FieldId::Unit, ui.field_unit, form::FieldKind::Text),
                    ]);
                    for (name, value) in [
                        (FieldId::Name, Some(&wk.name)),
                        (FieldId::Phone, wk.phone.as_ref()),
                        (FieldId::Unit, wk.work_unit.as_ref()),
                    ] {
                        if let (Some(f), Some(v)) = (form.field_mut(name), value) {
                            if name == FieldId::Phone {
                                f.fill_sealed(v.clone());
                            } else {
                                f.input = tui_input::Input::new(v.clone());
                            }
                        }
                    }
                    self.modal = Some(Modal::Form(ModalForm {
                        purpose: FormPurpose::Walk(WalkForm::EditWorker {
                            worker_id: wk.id,
                            version: wk.version,
                        }),
                        title: ui.f1_edit_title.into(),
                        form,
                    }));
                }
                None => self.flash = Some(ui.f1_card_none.into()),
            },
            Action::Open | Action::WorkerCard => return self.open_card(),
            Action::PrintChecklist => {
                let matter = w.matter_code(&self.settings);
                let Some(m) = matter.and_then(|c| self.settings.matter(&c).cloned()) else {
                    self.flash = Some(ui.f1_need_matter.into());
                    return vec![];
                };
                let Some(cmd) = self.settings.config.ticket_print_command.clone() else {
                    self.flash = Some(ui.f1_print_none.into());
                    return vec![];
                };
                let title = fill(ui.f1_checklist_title, &[("matter", &m.name)]);
                let text =
                    format!("{}\n{title}\n{}\n", self.settings.config.centre.name, m.checklist.join("\n"));
                return vec![Effect::Print { command: cmd, text }];
            }
            // Typing the next registration, the checklist on screen is that one's: not yet given.
            Action::ChecklistGiven if w.checklist_visit.is_none() && w.form.is_dirty() => {
                self.flash = Some(ui.f1c.checklist_first.into());
            }
            Action::ChecklistGiven => {
                if let Some(id) = w.checklist_visit.or(current.as_ref().map(|c| c.id)) {
                    w.checklist_given = true;
                    return self.walk(WalkOp::Act(Act::ChecklistGiven(id)));
                }
                self.flash = Some(ui.f1_no_current.into());
            }
            _ => {}
        }
        vec![]
    }

    /// The card for the ID in focus: the form's, the list row's, or the current ticket's.
    fn open_card(&mut self) -> Vec<Effect> {
        let ui = self.ui;
        let today = self.today();
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let w = &mut s.walkins;
        let id = match w.pane {
            Pane::Queue => w.selected_row().and_then(|r| r.id_number.clone()),
            Pane::Form => crate::domain::IdNumber::parse(w.form.value(FieldId::Id), today)
                .ok()
                .map(|i| i.as_str().to_string()),
        }
        .or_else(|| w.snapshot.current.as_ref().and_then(|c| c.id_number.clone()));
        let Some(id) = id else {
            self.flash = Some(ui.f1_card_none.into());
            return vec![];
        };
        // The card on the panel already (read and audited): the whole of it, not read again.
        let whole = match &self.screen {
            Screen::Main(s) if s.walkins.card.as_ref().is_some_and(|c| c.worker.id_number.as_str() == id) => {
                super::draw::card_lines(self, s)
            }
            _ => None,
        };
        if let Some(lines) = whole {
            self.modal = Some(Modal::Text { title: ui.f1c.card_title.into(), lines, scroll: 0 });
            return vec![];
        }
        self.card_with_reason(id)
    }

    /// Serving this worker, or registering them, needs no reason; otherwise ask it.
    pub(crate) fn card_with_reason(&mut self, id: String) -> Vec<Effect> {
        let ui = self.ui;
        let Screen::Main(s) = &self.screen else { return vec![] };
        let w = &s.walkins;
        let serving =
            w.snapshot.current.as_ref().is_some_and(|c| c.id_number.as_deref() == Some(id.as_str()));
        let registering = w.pane == Pane::Form && w.card_for.as_deref() == Some(id.as_str());
        let reasons = self.settings.config.privacy.lookup_reasons.clone();
        if serving || registering {
            let reason = reasons.first().cloned().unwrap_or_default();
            return self.walk(WalkOp::Card { id_number: id, reason });
        }
        self.modal = Some(pick(
            PickPurpose::Walk(WalkPick::LookupReason(id)),
            ui.f1_lookup_title,
            reasons.clone(),
            reasons,
            false,
        ));
        vec![]
    }

    pub(crate) fn walkins_picked(
        &mut self,
        purpose: super::WalkPick,
        chosen: Vec<usize>,
        codes: Vec<String>,
    ) -> Vec<Effect> {
        let ui = self.ui;
        let Screen::Main(s) = &self.screen else { return vec![] };
        let row = |id: i64| {
            let w = &s.walkins;
            w.snapshot.rows.iter().chain(w.snapshot.current.iter()).find(|r| r.id == id).cloned()
        };
        let ticket_of = |id: i64| row(id).and_then(|r| r.ticket).unwrap_or_default();
        let first = chosen.first().copied().unwrap_or(0);
        match purpose {
            WalkPick::LookupReason(id) => {
                let reason = codes.first().cloned().unwrap_or_default();
                self.walk(WalkOp::Card { id_number: id, reason })
            }
            WalkPick::NextFirst(visit_id) => self.next_first(visit_id, first),
            WalkPick::RecordDiffers(mut reg) => {
                reg.correct_record = first == 0;
                self.send_registration(*reg)
            }
            WalkPick::Outcome(visit_id) => match first {
                0 => self.finish(visit_id, Outcome::DoneFirstVisit, vec![], None),
                1 => {
                    let matter = row(visit_id).map(|c| c.matter).unwrap_or_default();
                    let list = self.settings.matter(&matter).map(|m| m.checklist.clone()).unwrap_or_default();
                    let title = fill(ui.f1c.papers_title, &[("ticket", &ticket_of(visit_id))]);
                    self.modal = Some(pick(
                        PickPurpose::Walk(WalkPick::Papers(visit_id)),
                        &title,
                        list.clone(),
                        list,
                        true,
                    ));
                    vec![]
                }
                _ => {
                    self.modal = Some(self.referral_form(visit_id, &ticket_of(visit_id)));
                    vec![]
                }
            },
            WalkPick::Papers(visit_id) => self.finish(visit_id, Outcome::NeedsPapers, codes, None),
            WalkPick::TransferKind(visit_id) => {
                let title = fill(ui.f1c.transfer_title, &[("ticket", &ticket_of(visit_id))]);
                let (opts, codes, purpose): (Vec<String>, Vec<String>, _) = if first == 0 {
                    // Every window that calls, in its own order, so the digit is the window's
                    // number; this window is marked and refused.
                    let mine = self.who().map(|w| w.window).unwrap_or_default();
                    let ws: Vec<_> = self.settings.config.windows.iter().filter(|w| w.can_call).collect();
                    (
                        ws.iter()
                            .map(|w| {
                                if w.code == mine {
                                    fill(ui.f1c.own_window, &[("name", &w.name)])
                                } else {
                                    w.name.clone()
                                }
                            })
                            .collect(),
                        ws.iter().map(|w| w.code.clone()).collect(),
                        PickPurpose::Walk(WalkPick::TransferWindow(visit_id)),
                    )
                } else {
                    let ms = &self.settings.config.matters;
                    (
                        ms.iter().map(|m| m.name.clone()).collect(),
                        ms.iter().map(|m| m.code.clone()).collect(),
                        PickPurpose::Walk(WalkPick::TransferMatter(visit_id)),
                    )
                };
                self.modal = Some(pick(purpose, &title, opts, codes, false));
                vec![]
            }
            WalkPick::TransferWindow(visit_id) | WalkPick::TransferMatter(visit_id) => {
                let code = codes.first().cloned();
                let to_window = matches!(purpose, WalkPick::TransferWindow(_));
                if to_window && code.is_some() && code == self.who().map(|w| w.window) {
                    // This window: the same pick again, for another.
                    let out = self.walkins_picked(WalkPick::TransferKind(visit_id), vec![0], vec![]);
                    self.flash = Some(ui.f1c.own_window_refused.into());
                    return out;
                }
                let (to_window, to_matter) = if to_window { (code, None) } else { (None, code) };
                self.walk(WalkOp::Act(Act::Transfer { visit_id, to_window, to_matter }))
            }
        }
    }

    fn finish(
        &mut self,
        visit_id: i64,
        outcome: Outcome,
        papers: Vec<String>,
        referral: Option<super::Referral>,
    ) -> Vec<Effect> {
        self.walk(WalkOp::Act(Act::Finish { visit_id, outcome, papers, referral }))
    }

    pub(crate) fn referral_form(&self, visit_id: i64, ticket: &str) -> Modal {
        let ui = self.ui;
        let deps = self.settings.config.referral_departments.iter().map(|d| d.name.clone()).collect();
        Modal::Form(ModalForm {
            purpose: FormPurpose::Walk(WalkForm::Referral(visit_id)),
            title: fill(ui.f1c.refer_title, &[("ticket", &ticket)]),
            form: form::Form::new(vec![
                form::Field::choice(FieldId::Department, ui.field_department, deps),
                form::Field::new(FieldId::Contact, ui.field_contact, form::FieldKind::Text),
                form::Field::new(FieldId::FollowUp, ui.field_follow_up, form::FieldKind::Date),
                form::Field::new(FieldId::Note, ui.field_note, form::FieldKind::Text),
            ]),
        })
    }

    pub(crate) fn walkins_form(&mut self, purpose: WalkForm, mut f: ModalForm) -> Vec<Effect> {
        let ui = self.ui;
        match purpose {
            WalkForm::Referral(visit_id) => {
                f.form.clear_errors();
                let dep = f
                    .form
                    .choice(FieldId::Department)
                    .and_then(|i| self.settings.config.referral_departments.get(i));
                if dep.is_none() {
                    f.form.set_error(FieldId::Department, ui.err_required);
                }
                let follow = f.form.value(FieldId::FollowUp).to_string();
                let date = if follow.trim().is_empty() {
                    None
                } else {
                    match crate::domain::dates::parse_date(&follow, self.today()) {
                        Ok(d) if d < self.today() => {
                            f.form.set_error(FieldId::FollowUp, ui.f1c.followup_past);
                            None
                        }
                        Ok(d) => Some(d.to_string()),
                        Err(_) => {
                            f.form.set_error(FieldId::FollowUp, ui.date_invalid);
                            None
                        }
                    }
                };
                if f.form.has_errors() {
                    f.form.focus_first_error();
                    self.modal = Some(Modal::Form(f));
                    return vec![];
                }
                let referral = super::Referral {
                    department: dep.map(|d| d.code.clone()).unwrap_or_default(),
                    contact: f.form.value(FieldId::Contact).to_string(),
                    follow_up_on: date.unwrap_or_default(),
                    note: f.form.value(FieldId::Note).to_string(),
                };
                self.finish(visit_id, Outcome::Referred, vec![], Some(referral))
            }
            WalkForm::FollowUp(visit_id) => {
                let result = f.form.value(FieldId::Result).trim().to_string();
                if result.is_empty() {
                    f.form.set_error(FieldId::Result, ui.err_required);
                    self.modal = Some(Modal::Form(f));
                    return vec![];
                }
                self.walk(WalkOp::Act(Act::FollowUp { visit_id, result }))
            }
            WalkForm::EditWorker { worker_id, version } => {
                let (name, phone, unit) = (
                    f.form.value(FieldId::Name).to_string(),
                    f.form.value(FieldId::Phone).to_string(),
                    f.form.value(FieldId::Unit).to_string(),
                );
                f.form.clear_errors();
                if name.trim().is_empty() {
                    f.form.set_error(FieldId::Name, ui.err_required);
                }
                if !phone.trim().is_empty() && crate::domain::Phone::parse(&phone).is_err() {
                    f.form.set_error(FieldId::Phone, ui.phone_invalid);
                }
                if f.form.has_errors() {
                    f.form.focus_first_error();
                    self.modal = Some(Modal::Form(f));
                    return vec![];
                }
                self.walk(WalkOp::EditWorker { worker_id, version, name, phone, work_unit: unit })
            }
        }
    }
}

pub(crate) fn pick(
    purpose: PickPurpose,
    title: &str,
    options: Vec<String>,
    codes: Vec<String>,
    multi: bool,
) -> Modal {
    let ticks = multi.then(|| vec![false; options.len()]);
    Modal::Pick(Pick { purpose, title: title.into(), options, codes, ticks, body: String::new() })
}

/// Used by the follow-up list: opens the result form for a visit.
pub(crate) fn followup_form(ui: &crate::i18n::Ui, visit_id: i64, ticket: &str) -> Modal {
    Modal::Form(ModalForm {
        purpose: FormPurpose::Walk(WalkForm::FollowUp(visit_id)),
        title: fill(ui.f1c.followup_title, &[("ticket", &ticket)]),
        form: form::Form::new(vec![form::Field::new(
            FieldId::Result,
            ui.field_result,
            form::FieldKind::Text,
        )]),
    })
}

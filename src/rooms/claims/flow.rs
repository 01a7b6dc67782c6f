//! F2's questions: the intake form, the papers handed in, the worker's separate consent, and
//! the small forms of a step (approve, reject, pay). Each validates here, keeping every
//! character of a refused form.

use super::super::walkins::keys::pick;
use super::{ClaimForm, ClaimPick};
use super::{ClaimOp, Draft, Intake};
use crate::app::form::FieldId;
use crate::app::form::{Field, FieldKind, Form};
use crate::app::*;
use crate::db::claim_ops::{StepInput, split_papers};
use crate::domain::claim::ClaimStep;
use crate::domain::dates::parse_date;
use crate::domain::money::Fen;
use crate::i18n::fill;
use chrono::NaiveDate;

impl App {
    /// Alt+A: the intake form (the draft's, when one was left).
    pub(crate) fn open_intake(&mut self) -> Vec<Effect> {
        let ui = self.ui;
        let f2 = ui.f2;
        let today = self.today();
        let kinds: Vec<String> = self.settings.config.claim_kinds.iter().map(|k| k.name.clone()).collect();
        let blocked = self.numbers_blocked;
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let c = &mut s.claims;
        if c.looked_up().is_none() {
            self.flash = Some(f2.need_lookup.into());
            return vec![];
        }
        if blocked {
            self.flash = Some(ui.f1_numbers_blocked.into());
            return vec![];
        }
        // The draft stays until the form is submitted or closed again: it holds the ticks.
        let form = match &c.draft {
            Some(d) => d.form.clone(),
            None => {
                let mut fields = vec![
                    Field::choice(FieldId::Kind, f2.field_kind, kinds),
                    Field::new(FieldId::Filed, f2.field_filed, FieldKind::Date),
                    Field::new(FieldId::Amount, f2.field_amount, FieldKind::Amount),
                ];
                if c.picture.is_none() {
                    fields.extend([
                        Field::new(FieldId::Name, ui.field_name, FieldKind::Text),
                        Field::new(FieldId::Phone, ui.field_phone, FieldKind::Phone),
                        Field::new(FieldId::Unit, ui.field_unit, FieldKind::Text),
                    ]);
                }
                fields.push(Field::new(FieldId::Note, ui.field_note, FieldKind::Text));
                let mut form = Form::new(fields);
                form.set_value(FieldId::Filed, &today.to_string());
                form
            }
        };
        let title = self.intake_title();
        self.modal =
            Some(Modal::Form(ModalForm { purpose: FormPurpose::Claims(ClaimForm::Intake), title, form }));
        vec![]
    }

    pub(crate) fn claims_picked(
        &mut self,
        purpose: super::ClaimPick,
        chosen: Vec<usize>,
        codes: Vec<String>,
    ) -> Vec<Effect> {
        let ui = self.ui;
        let f2 = ui.f2;
        let first = chosen.first().copied().unwrap_or(0);
        match purpose {
            ClaimPick::Reason(id) => {
                let reason = codes.first().cloned().unwrap_or_default();
                if let Screen::Main(s) = &mut self.screen {
                    s.claims.reason = Some(reason.clone());
                    s.claims.reason_code = Some(reason.clone());
                    s.claims.hk.from_list = false;
                }
                self.claim(ClaimOp::Lookup { id_number: id, reason })
            }
            ClaimPick::Action(r) => {
                let code = codes.first().map(String::as_str).unwrap_or_default();
                match code {
                    "papers" => {
                        let Some(claim) = self.claim_by_id(r.id) else { return vec![] };
                        let papers = self.kind_papers(&claim.kind);
                        let missing = claim.missing_papers.as_deref().map(split_papers).unwrap_or_default();
                        let mut m = pick(
                            PickPurpose::Claims(ClaimPick::Papers(r)),
                            f2.papers_title,
                            papers.clone(),
                            papers,
                            true,
                        );
                        if let Modal::Pick(p) = &mut m {
                            let all = p.options.clone();
                            p.ticks = Some(all.iter().map(|o| !missing.contains(o)).collect());
                        }
                        self.modal = Some(m);
                        vec![]
                    }
                    "review" => self.claim_step(r, ClaimStep::Review, vec![], String::new()),
                    "approve" => self.step_form(r, StepForm::Approve),
                    "reject" => self.step_form(r, StepForm::Reject),
                    _ => self.step_form(r, StepForm::Pay),
                }
            }
            ClaimPick::Papers(r) => {
                let Some(claim) = self.claim_by_id(r.id) else { return vec![] };
                let missing: Vec<String> =
                    self.kind_papers(&claim.kind).into_iter().filter(|p| !codes.contains(p)).collect();
                let step = ClaimStep::Papers { complete: missing.is_empty() };
                self.claim_step(r, step, missing, String::new())
            }
            ClaimPick::IntakePapers => {
                let Screen::Main(s) = &mut self.screen else { return vec![] };
                let Some(intake) = s.claims.draft.as_mut().and_then(|d| d.intake.as_mut()) else {
                    return vec![];
                };
                let papers = self.settings.config.claim_kinds.iter().find(|k| k.code == intake.kind);
                let papers = papers.map(|k| k.papers.clone()).unwrap_or_default();
                intake.missing = papers.into_iter().filter(|p| !codes.contains(p)).collect();
                if let Some(d) = s.claims.draft.as_mut() {
                    d.ticked = codes;
                }
                let consent = &self.settings.config.consent;
                let title = fill(f2.consent_title, &[("version", &consent.version)]);
                let mut m = pick(
                    PickPurpose::Claims(ClaimPick::Consent),
                    &title,
                    vec![f2.consent_yes.into(), f2.consent_no.into()],
                    vec![],
                    false,
                );
                if let Modal::Pick(p) = &mut m {
                    p.body = consent.text.clone();
                }
                self.modal = Some(m);
                vec![]
            }
            ClaimPick::Programme => self.intake_programme_picked(codes.first().map(String::as_str)),
            ClaimPick::HardshipDecide(r) => {
                self.hardship_decide_picked(r, codes.first().map_or("", String::as_str))
            }
            ClaimPick::Consent => {
                let Screen::Main(s) = &mut self.screen else { return vec![] };
                let intake = s.claims.draft.as_ref().and_then(|d| d.intake.clone());
                match (first, intake) {
                    (0, Some(intake)) => self.claim(ClaimOp::Intake(intake)),
                    _ => {
                        self.flash = Some(f2.consent_refused.into());
                        vec![]
                    }
                }
            }
        }
    }

    pub(super) fn claim_by_id(&self, id: i64) -> Option<crate::db::claims::ClaimRow> {
        let Screen::Main(s) = &self.screen else { return None };
        s.claims.picture.as_ref()?.claims.iter().find(|c| c.id == id).cloned()
    }

    fn claim_step(
        &mut self,
        r: ClaimRef,
        step: ClaimStep,
        missing: Vec<String>,
        note: String,
    ) -> Vec<Effect> {
        self.claim(ClaimOp::Step(StepInput { claim_id: r.id, version: r.version, step, missing, note }))
    }

    fn step_form(&mut self, r: ClaimRef, which: StepForm) -> Vec<Effect> {
        let ui = self.ui;
        let f2 = ui.f2;
        let Some(claim) = self.claim_by_id(r.id) else { return vec![] };
        let (title, mut form) = match which {
            StepForm::Approve => (
                f2.step_approve,
                Form::new(vec![
                    Field::new(FieldId::Amount, f2.field_approved, FieldKind::Amount),
                    Field::new(FieldId::Note, ui.field_note, FieldKind::Text),
                ]),
            ),
            StepForm::Reject => (
                f2.step_reject,
                Form::new(vec![Field::new(FieldId::Reason, f2.field_reason, FieldKind::Text)]),
            ),
            StepForm::Pay => (
                f2.step_pay,
                Form::new(vec![
                    Field::new(FieldId::PaidOn, f2.field_paid_on, FieldKind::Date),
                    Field::new(FieldId::Amount, f2.field_paid, FieldKind::Amount),
                    Field::new(FieldId::Note, ui.field_note, FieldKind::Text),
                ]),
            ),
        };
        let amount = match which {
            StepForm::Approve => Some(claim.amount_approved_fen.unwrap_or(claim.amount_claimed_fen)),
            StepForm::Pay => claim.amount_approved_fen,
            StepForm::Reject => None,
        };
        if let Some(a) = amount {
            form.set_value(FieldId::Amount, &Fen(a).plain());
        }
        form.set_value(FieldId::PaidOn, &self.today().to_string());
        let mut title = format!("{title} {}", claim.claim_no);
        // A first approval waiting: the same amount confirms it, another one starts again.
        if let (StepForm::Approve, Some(_), Some(a)) =
            (which, claim.first_approver, claim.amount_approved_fen)
        {
            title.push_str(&fill(f2.approve_pending, &[("amount", &Fen(a).plain())]));
        }
        self.modal = Some(Modal::Form(ModalForm {
            purpose: FormPurpose::Claims(ClaimForm::Step(r, which)),
            title,
            form,
        }));
        vec![]
    }

    pub(crate) fn claims_form(&mut self, purpose: super::ClaimForm, mut f: ModalForm) -> Vec<Effect> {
        let ui = self.ui;
        let f2 = ui.f2;
        let today = self.today();
        f.form.clear_errors();
        // The kind's ceiling: the form's kind on intake, the claim's on a step.
        let max = match &purpose {
            super::ClaimForm::Intake => f
                .form
                .choice(FieldId::Kind)
                .and_then(|i| self.settings.config.claim_kinds.get(i))
                .map(|k| k.max_amount_fen),
            super::ClaimForm::Step(r, _) | super::ClaimForm::Over(r, ..) => {
                self.claim_by_id(r.id).map(|c| self.settings.max_amount_fen(&c.kind))
            }
            super::ClaimForm::HardshipDecide(d) => return self.hardship_decide_form(*d, f),
        };
        let over = |form: &mut Form| -> Option<Fen> {
            let max = Fen(max.unwrap_or_default()).plain();
            form.set_error(FieldId::Amount, fill(f2.amount_over_kind, &[("max", &max)]));
            None
        };
        let amount = |form: &mut Form| match Fen::parse(form.value(FieldId::Amount)) {
            Ok(a) if a.0 > 0 && max.is_none_or(|m| a.0 <= m) => Some(a),
            Ok(a) if a.0 > 0 => over(form),
            Err(crate::domain::money::MoneyError::TooLarge) if max.is_some() => over(form),
            Err(crate::domain::money::MoneyError::TooPrecise) => {
                form.set_error(FieldId::Amount, f2.amount_cents);
                None
            }
            _ => {
                form.set_error(FieldId::Amount, f2.amount_invalid);
                None
            }
        };
        let date = |form: &mut Form, name: FieldId| {
            let text = form.value(name).trim().to_string();
            if text.is_empty() {
                return Some(today);
            }
            match parse_date(&text, today) {
                Ok(d) if d > today => {
                    form.set_error(name, f2.future_date);
                    None
                }
                Ok(d) => Some(d),
                Err(_) => {
                    form.set_error(name, ui.date_invalid);
                    None
                }
            }
        };
        let note = f.form.value(FieldId::Note).trim().to_string();
        let effects = match purpose {
            ClaimForm::Intake => {
                let filed = date(&mut f.form, FieldId::Filed);
                match self.intake_programme(&f, filed) {
                    super::programme::ProgrammeStep::Asked | super::programme::ProgrammeStep::Refused => {
                        return vec![];
                    }
                    super::programme::ProgrammeStep::Go(programme) => {
                        let amount = amount(&mut f.form).and_then(|a| match &programme {
                            Some(p) => super::programme::amount_fits(self.lang, &mut f.form, p, a),
                            None => Some(a),
                        });
                        let code = programme.map(|p| p.code);
                        self.intake_checked(&mut f.form, (filed, code), amount, today, note)
                    }
                }
            }
            ClaimForm::Step(r, StepForm::Approve) => amount(&mut f.form)
                .and_then(|a| self.step_fits(r, StepForm::Approve, &mut f.form, a))
                .map(|amount| self.step_or_over(r, ClaimStep::Approve { amount, over: None }, note, &f)),
            ClaimForm::Step(r, StepForm::Reject) => {
                let reason = f.form.value(FieldId::Reason).trim().to_string();
                if reason.is_empty() {
                    f.form.set_error(FieldId::Reason, f2.refused_reason);
                    None
                } else {
                    Some(self.claim_step(r, ClaimStep::Reject { reason }, vec![], String::new()))
                }
            }
            ClaimForm::Step(r, StepForm::Pay) => {
                let filed = match &self.screen {
                    Screen::Main(s) => s.claims.picture.as_ref().and_then(|p| {
                        p.claims
                            .iter()
                            .find(|c| c.id == r.id)
                            .and_then(|c| c.filed_on.parse::<NaiveDate>().ok())
                    }),
                    _ => None,
                };
                let on = date(&mut f.form, FieldId::PaidOn).filter(|on| match filed {
                    // Not before the claim was filed (the database refuses it too).
                    Some(filed) if *on < filed => {
                        f.form.set_error(FieldId::PaidOn, fill(f2.paid_on_range, &[("filed", &filed)]));
                        false
                    }
                    _ => true,
                });
                let amount =
                    amount(&mut f.form).and_then(|a| self.step_fits(r, StepForm::Pay, &mut f.form, a));
                match (on, amount) {
                    (Some(on), Some(amount)) => {
                        Some(self.step_or_over(r, ClaimStep::Pay { on, amount, over: None }, note, &f))
                    }
                    _ => None,
                }
            }
            ClaimForm::HardshipDecide(_) => None,
            ClaimForm::Over(r, step, note) => {
                let why = f.form.value(FieldId::Reason).trim().to_string();
                if why.is_empty() {
                    f.form.set_error(FieldId::Reason, f2.over_reason_required);
                    None
                } else {
                    // The amount's form waits beneath this one: it is done with now.
                    let amount_form = FormPurpose::Claims(ClaimForm::Step(r, StepForm::Approve));
                    let pay_form = FormPurpose::Claims(ClaimForm::Step(r, StepForm::Pay));
                    let beneath = match self.beneath.last() {
                        Some(Modal::Form(b)) if b.purpose == amount_form || b.purpose == pay_form => {
                            self.beneath.pop()
                        }
                        _ => None,
                    };
                    let step = match step {
                        ClaimStep::Approve { amount, .. } => {
                            ClaimStep::Approve { amount, over: Some(why.clone()) }
                        }
                        ClaimStep::Pay { on, amount, .. } => {
                            ClaimStep::Pay { on, amount, over: Some(why.clone()) }
                        }
                        other => other,
                    };
                    let sent = self.claim_step(r, step, vec![], note);
                    if let Some(Modal::Form(b)) = beneath {
                        self.remember_sent(r, &b, Some(why));
                    }
                    Some(sent)
                }
            }
        };
        match effects {
            Some(e) if !f.form.has_errors() => e,
            _ => {
                f.form.focus_first_error();
                self.modal = Some(Modal::Form(f));
                vec![]
            }
        }
    }

    /// An amount above what was claimed (approve) or approved (pay) is not sent: a confirm step
    /// over the amount's form asks why (Esc goes back to the amount as typed).
    fn step_or_over(&mut self, r: ClaimRef, step: ClaimStep, note: String, form: &ModalForm) -> Vec<Effect> {
        let f2 = self.ui.f2;
        let Some(claim) = self.claim_by_id(r.id) else { return vec![] };
        let claimed = Fen(claim.amount_claimed_fen);
        let approved = claim.amount_approved_fen.map_or(claimed, Fen);
        let title = match &step {
            ClaimStep::Approve { amount, .. } if *amount > claimed => {
                fill(f2.over_claimed_title, &[("amount", &amount.plain()), ("claimed", &claimed.plain())])
            }
            ClaimStep::Pay { amount, .. } if *amount > approved => {
                fill(f2.over_approved_title, &[("amount", &amount.plain()), ("approved", &approved.plain())])
            }
            _ => {
                let sent = self.claim_step(r, step, vec![], note);
                self.remember_sent(r, form, None);
                return sent;
            }
        };
        // A reason typed before a refusal by the fund is there again.
        let mut why = Form::new(vec![Field::new(FieldId::Reason, f2.field_over, FieldKind::Text)]);
        if let Some(kept) = self.sent_reason(r.id) {
            why.set_value(FieldId::Reason, &kept);
        }
        self.beneath.push(Modal::Form(form.clone()));
        self.modal = Some(Modal::Form(ModalForm {
            purpose: FormPurpose::Claims(ClaimForm::Over(r, step, note)),
            title,
            form: why,
        }));
        vec![]
    }

    /// The intake form's remaining checks; on success the draft waits for papers and consent.
    fn intake_checked(
        &mut self,
        form: &mut Form,
        (filed, programme): (Option<NaiveDate>, Option<String>),
        amount: Option<Fen>,
        today: NaiveDate,
        note: String,
    ) -> Option<Vec<Effect>> {
        let ui = self.ui;
        let f2 = ui.f2;
        let kind = form.choice(FieldId::Kind).and_then(|i| self.settings.config.claim_kinds.get(i)).cloned();
        let Screen::Main(s) = &mut self.screen else { return None };
        let c = &mut s.claims;
        let id_number = c.looked_up()?;
        let Some(kind) = kind else {
            form.set_error(FieldId::Kind, ui.err_required);
            return None;
        };
        let worker = c.picture.as_ref().map(|p| &p.worker);
        if kind.hardship_file {
            // The worker's filed file as read at look-up; the intake's transaction asks again.
            let current = worker
                .and_then(|w| w.hardship)
                .is_some_and(|h| h.standing(today) == crate::domain::hardship::Standing::Current);
            if !current {
                form.set_error(FieldId::Kind, fill(f2.hardship_required, &[("kind", &kind.name)]));
            }
        }
        let (name, phone, unit) = (
            form.value(FieldId::Name).trim().to_string(),
            form.value(FieldId::Phone).trim().to_string(),
            form.value(FieldId::Unit).trim().to_string(),
        );
        if worker.is_none() && name.is_empty() {
            form.set_error(FieldId::Name, ui.err_required);
        }
        if !phone.is_empty() && crate::domain::Phone::parse(&phone).is_err() {
            form.set_error(FieldId::Phone, ui.phone_invalid);
        }
        let (Some(filed_on), Some(amount)) = (filed, amount) else { return None };
        if form.has_errors() {
            return None;
        }
        let intake = Intake {
            id_number,
            name,
            phone,
            work_unit: unit,
            kind: kind.code.clone(),
            filed_on,
            amount_fen: amount.0,
            missing: vec![],
            consent_version: self.settings.config.consent.version.clone(),
            note,
            programme: programme.clone(),
        };
        // Nothing counts as handed in until the clerk ticks it (a paper ticked by default once let a
        // claim start its pay-by clock without its 出院小结); ticks from before a refused consent
        // come back.
        let ticked = c.draft.as_ref().map(|d| d.ticked.clone()).unwrap_or_default();
        let ticks = kind.papers.iter().map(|p| ticked.contains(p)).collect();
        let programme = programme.map(|code| (code, crate::domain::fund::programme_year(filed_on)));
        c.draft = Some(Draft { form: form.clone(), intake: Some(intake), ticked, programme });
        let mut m = pick(
            PickPurpose::Claims(ClaimPick::IntakePapers),
            f2.papers_title,
            kind.papers.clone(),
            kind.papers.clone(),
            true,
        );
        if let Modal::Pick(p) = &mut m {
            p.ticks = Some(ticks);
        }
        self.modal = Some(m);
        Some(vec![])
    }
}

//! F2's intake of an aid claim (issue #26): a hardship kind that pays a programme asks which,
//! by digit, offering only the filing year's programmes of that kind whose categories include
//! the household's; a fixed standard fills the amount, and an amount off the standard is
//! refused on the form with the rule's words.

use super::super::walkins::keys::pick;
use super::{ClaimForm, ClaimPick};
use crate::app::form::{FieldId, Form};
use crate::app::*;
use crate::config::Programme;
use crate::domain::fund::{Past, Refusal, Standard, times_in_year};
use crate::domain::hardship::Standing;
use crate::domain::money::Fen;
use crate::i18n::{Lang, fill};
use chrono::{Datelike, NaiveDate};

/// Where the intake form stands on its programme.
pub(super) enum ProgrammeStep {
    /// Go on: with the programme picked, or none (the kind pays none, or the form's other
    /// checks refuse it: no current file, no date).
    Go(Option<Programme>),
    /// The pick is open; the form waits in the draft.
    Asked,
    /// Refused on the form (the words are on its kind field).
    Refused,
}

/// `定额 1,500.00 元` / `最高 5,000.00 元`.
pub fn standard_words(lang: Lang, p: &Programme) -> String {
    let w = crate::i18n::ui_fund::words(lang);
    let amount = fill(w.yuan, &[("amount", &Fen(p.standard_fen).plain())]);
    format!("{} {amount}", crate::i18n::fund::standard(lang, p.standard))
}

/// A claim's programme by its code and year, as the config names it (the code when the config
/// no longer has it).
pub fn programme_name(app: &App, year: Option<i32>, code: &str) -> String {
    let fund = &app.settings.config.fund;
    year.and_then(|y| fund.programme(y, code)).map_or_else(|| code.to_string(), |p| p.name.clone())
}

impl App {
    /// The programme step of the intake form: asks for the programme when the kind pays one
    /// and none fitting is picked yet.
    pub(super) fn intake_programme(&mut self, f: &ModalForm, filed: Option<NaiveDate>) -> ProgrammeStep {
        let lang = self.lang;
        let w = crate::i18n::ui_fund::words(lang);
        let today = self.today();
        let Some(filed) = filed else { return ProgrammeStep::Go(None) };
        let cfg = &self.settings.config;
        let Some(kind) = f.form.choice(FieldId::Kind).and_then(|i| cfg.claim_kinds.get(i)).cloned() else {
            return ProgrammeStep::Go(None);
        };
        let of_kind: Vec<Programme> = cfg
            .fund
            .of_year(filed.year())
            .filter(|p| kind.hardship_file && p.claim_kind == kind.code)
            .cloned()
            .collect();
        // The kind pays programmes, and the filing's year has none of it (a date backdated into
        // a year without the fund): said on the date, as typed.
        let pays_any = kind.hardship_file && cfg.fund.programmes.iter().any(|p| p.claim_kind == kind.code);
        if of_kind.is_empty() && pays_any {
            let mut m = f.clone();
            let args: [(&str, &dyn std::fmt::Display); 2] = [("kind", &kind.name), ("year", &filed.year())];
            m.form.set_error(FieldId::Filed, fill(w.none_in_year, &args));
            m.form.focus_first_error();
            self.modal = Some(Modal::Form(m));
            return ProgrammeStep::Refused;
        }
        let Screen::Main(s) = &mut self.screen else { return ProgrammeStep::Go(None) };
        let c = &mut s.claims;
        let category = c
            .picture
            .as_ref()
            .and_then(|p| p.worker.hardship)
            .filter(|h| h.standing(today) == Standing::Current)
            .map(|h| h.category);
        // No current file: the form's own check says so.
        let (false, Some(category)) = (of_kind.is_empty(), category) else { return ProgrammeStep::Go(None) };
        let eligible: Vec<Programme> =
            of_kind.into_iter().filter(|p| p.rule().categories.contains(&category)).collect();
        if eligible.is_empty() {
            let mut m = f.clone();
            let args: [(&str, &dyn std::fmt::Display); 3] = [
                ("kind", &kind.name),
                ("year", &filed.year()),
                ("category", &crate::i18n::hardship::category(lang, category)),
            ];
            m.form.set_error(FieldId::Kind, fill(w.none_for_household, &args));
            m.form.focus_first_error();
            self.modal = Some(Modal::Form(m));
            return ProgrammeStep::Refused;
        }
        // Picked for another year (the date moved): asked again for this one.
        let picked = c.draft.as_ref().and_then(|d| d.programme.clone()).filter(|(_, y)| *y == filed.year());
        if let Some(p) = picked.and_then(|(code, _)| eligible.iter().find(|p| p.code == code)) {
            return ProgrammeStep::Go(Some(p.clone()));
        }
        // The form waits in the draft (its ticks too) while the programme is picked.
        let ticked = c.draft.take().map(|d| d.ticked).unwrap_or_default();
        // The date as read, so the pick's answer finds the same year.
        let mut form = f.form.clone();
        form.set_value(FieldId::Filed, &filed.to_string());
        c.draft = Some(super::Draft { form, intake: None, ticked, programme: None });
        // What is left for this household (times) and in the budget, as read at look-up: a
        // programme used up is refused when picked, one short of its standard is offered with
        // a warning (the approval reads the budget again).
        let picture = c.picture.as_ref();
        let past: Vec<Past> = picture.map_or_else(Vec::new, |p| p.claims.iter().map(past_of).collect());
        let mut options = vec![];
        let mut warnings = vec![];
        let mut refused = vec![];
        for p in &eligible {
            let used = times_in_year(&past, &p.code, filed.year());
            let left = picture
                .and_then(|x| x.fund.iter().find(|(y, code, _)| *y == p.year && *code == p.code))
                .map_or(p.budget_fen, |(.., left)| *left);
            let left_words = fill(w.yuan, &[("amount", &Fen(left).plain())]);
            let args: [(&str, &dyn std::fmt::Display); 5] = [
                ("name", &p.name),
                ("standard", &standard_words(lang, p)),
                ("used", &used),
                ("times", &p.times_per_year),
                ("left", &left_words),
            ];
            options.push(fill(w.pick_option, &args));
            if used >= p.times_per_year {
                let why = Refusal::Times {
                    programme: p.name.clone(),
                    times_per_year: p.times_per_year,
                    already: used,
                };
                refused.push((p.code.clone(), crate::i18n::fund::refusal(lang, &why)));
            } else if left < p.standard_fen {
                let why = Refusal::Budget {
                    programme: p.name.clone(),
                    remaining: Fen(left),
                    amount: Fen(p.standard_fen),
                };
                warnings.push(fill(w.budget_short, &[("why", &crate::i18n::fund::refusal(lang, &why))]));
            }
        }
        let codes = eligible.iter().map(|p| p.code.clone()).collect();
        let title = fill(w.pick_title, &[("kind", &kind.name), ("year", &filed.year())]);
        let mut m = pick(PickPurpose::Claims(ClaimPick::Programme), &title, options, codes, false);
        if let Modal::Pick(p) = &mut m {
            p.body = warnings.join("\n");
        }
        c.offered = Some(Offered { pick: m.clone(), refused });
        self.modal = Some(m);
        ProgrammeStep::Asked
    }

    /// A programme picked: the form again, named for it, its amount filled by a fixed standard.
    pub(super) fn intake_programme_picked(&mut self, code: Option<&str>) -> Vec<Effect> {
        let lang = self.lang;
        let w = crate::i18n::ui_fund::words(lang);
        let this_year = self.today().year();
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let Some(d) = s.claims.draft.as_mut() else { return vec![] };
        let Some(code) = code else { return vec![] };
        // A programme the household has received as often as allowed: the pick again, saying so.
        if let Some(o) = s.claims.offered.as_ref()
            && let Some((_, why)) = o.refused.iter().find(|(c, _)| c == code)
        {
            let mut m = o.pick.clone();
            if let Modal::Pick(p) = &mut m {
                p.body = if p.body.is_empty() { why.clone() } else { format!("{why}\n{}", p.body) };
            }
            self.modal = Some(m);
            return vec![];
        }
        let filed = d.form.value(FieldId::Filed).parse::<NaiveDate>().ok();
        let year = filed.map_or(this_year, |d| d.year());
        let Some(p) = self.settings.config.fund.programme(year, code).cloned() else { return vec![] };
        d.programme = Some((p.code.clone(), year));
        let mut form: Form = d.form.clone();
        if p.standard == Standard::Fixed {
            form.set_value(FieldId::Amount, &Fen(p.standard_fen).plain());
        }
        form.focus_on(FieldId::Amount);
        let title = fill(w.intake_with, &[("name", &p.name), ("standard", &standard_words(lang, &p))]);
        self.modal =
            Some(Modal::Form(ModalForm { purpose: FormPurpose::Claims(ClaimForm::Intake), title, form }));
        vec![]
    }

    /// The intake form's title: named for the draft's programme once one is picked.
    pub(super) fn intake_title(&self) -> String {
        let Screen::Main(s) = &self.screen else { return self.ui.f2.intake_title.into() };
        let draft = s.claims.draft.as_ref();
        let filed = draft.and_then(|d| d.form.value(FieldId::Filed).parse::<NaiveDate>().ok());
        let p = draft
            .and_then(|d| d.programme.as_ref())
            .zip(filed)
            .and_then(|((code, _), on)| self.settings.config.fund.programme(on.year(), code));
        match p {
            Some(p) => fill(
                crate::i18n::ui_fund::words(self.lang).intake_with,
                &[("name", &p.name), ("standard", &standard_words(self.lang, p))],
            ),
            None => self.ui.f2.intake_title.into(),
        }
    }
}

/// The amount against the programme's standard: a fixed one must be met, a maximum not passed;
/// refused with the approval's own words.
pub(super) fn amount_fits(lang: Lang, form: &mut Form, p: &Programme, amount: Fen) -> Option<Fen> {
    refused_on_amount(lang, form, crate::domain::fund::fits_standard(&p.rule(), amount), amount)
}

/// The rule's answer on the amount field: the amount when it passes, else the words.
fn refused_on_amount(lang: Lang, form: &mut Form, checked: Result<(), Refusal>, amount: Fen) -> Option<Fen> {
    match checked {
        Ok(()) => Some(amount),
        Err(why) => {
            form.set_error(FieldId::Amount, crate::i18n::fund::refusal(lang, &why));
            None
        }
    }
}

/// The programme pick as offered, and the words refusing each programme used up this year.
#[derive(Debug, Clone)]
pub struct Offered {
    pub pick: Modal,
    pub refused: Vec<(String, String)>,
}

/// A claim of the household as the times-per-year rule counts it.
fn past_of(c: &crate::db::claims::ClaimRow) -> Past {
    use crate::domain::claim::ClaimState;
    Past {
        programme: c.programme.clone().unwrap_or_default(),
        filed_on: c.filed_on.parse().unwrap_or(NaiveDate::MIN),
        counts: matches!(c.status, ClaimState::Approved | ClaimState::Paid),
    }
}

/// An approval or a payment sent, kept until its answer: a refusal by the fund brings the
/// amount's form back as typed, and the reason typed for going above the claim waits for the
/// next 超额原因.
#[derive(Debug, Clone)]
pub struct SentStep {
    pub claim_id: i64,
    pub form: Option<ModalForm>,
    pub reason: Option<String>,
}

impl App {
    /// An approval's or a payment's amount against the claim's programme (issue #26), on the
    /// amount field before any reason is asked: approval by the fund's check 3, payment never
    /// above the standard.
    pub(super) fn step_fits(
        &self,
        r: ClaimRef,
        which: StepForm,
        form: &mut Form,
        amount: Fen,
    ) -> Option<Fen> {
        let Some(c) = self.claim_by_id(r.id) else { return Some(amount) };
        let Some(code) = c.programme.as_deref() else { return Some(amount) };
        let fund = &self.settings.config.fund;
        let p = c.programme_year.and_then(|y| fund.programme(y, code));
        let checked = match (which, p) {
            (StepForm::Pay, p) => {
                // Above the approval: storage's own refusal, said here before 超额原因 is asked.
                let name = p.map_or(code, |p| p.name.as_str());
                let standard =
                    p.map_or(Ok(()), |p| crate::domain::fund::pay_within_standard(&p.rule(), amount));
                standard.and_then(|()| match c.amount_approved_fen {
                    Some(approved) => crate::domain::fund::pay_within_approved(name, Fen(approved), amount),
                    None => Ok(()),
                })
            }
            (_, Some(p)) => crate::domain::fund::fits_standard(&p.rule(), amount),
            (_, None) => Ok(()),
        };
        refused_on_amount(self.lang, form, checked, amount)
    }

    /// The amount's form (and the reason, if any) of a step just sent.
    pub(super) fn remember_sent(&mut self, r: ClaimRef, form: &ModalForm, reason: Option<String>) {
        let Screen::Main(s) = &mut self.screen else { return };
        s.claims.sent = Some(SentStep { claim_id: r.id, form: Some(form.clone()), reason });
    }

    /// The reason typed last time for going above this claim's amount.
    pub(super) fn sent_reason(&self, claim_id: i64) -> Option<String> {
        let Screen::Main(s) = &self.screen else { return None };
        s.claims.sent.as_ref().filter(|x| x.claim_id == claim_id).and_then(|x| x.reason.clone())
    }

    /// A step's answer: refused by the fund, the amount's form comes back as typed with the
    /// words on its amount (when nothing else is open); the reason stays for the next try.
    pub(super) fn sent_answered(&mut self, refused: Option<&Refusal>) {
        let lang = self.lang;
        let Screen::Main(s) = &mut self.screen else { return };
        let Some(why) = refused else {
            s.claims.sent = None;
            return;
        };
        let Some(sent) = s.claims.sent.as_mut() else { return };
        let Some(mut m) = sent.form.take() else { return };
        if self.modal.is_some() || !self.beneath.is_empty() {
            return;
        }
        m.form.set_error(FieldId::Amount, crate::i18n::fund::refusal(lang, why));
        m.form.focus_first_error();
        self.modal = Some(Modal::Form(m));
    }
}

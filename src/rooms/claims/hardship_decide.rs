//! F2's 困难档案 page, the supervisor's steps: Alt+M picks by digit what may be decided now
//! (applied → approve / send back / reject; an open review → approve / send back; filed →
//! exit), each in a small dialog. Four eyes are told in words before any dialog. The visit form
//! (Alt+F) is `hardship_visit`; the answers and the kept dialogs are `hardship_decide_reply`.

use super::hardship::FileState;
use super::{ClaimForm, ClaimOp, ClaimPick, Picture};
use crate::app::form::{Field, FieldId, FieldKind, Form};
use crate::app::*;
use crate::db::hardship::{FileRow, ReviewRow, VerificationRow, Whole};
use crate::db::hardship_ops::{NewVisit, Refused};
use crate::domain::hardship::{self as rules, ExitReason, Outcome, Rule, Standing, State, Step, Verdict};
use crate::domain::money::Fen;
use crate::domain::text::mask_name;
use crate::i18n::{Lang, fill, hardship as words, ui_hardship_decide, ui_hardship_page};
use chrono::NaiveDate;

/// A file as the screen read it: a step checks the version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileRef {
    pub id: i64,
    pub version: i64,
    pub worker_id: i64,
}

impl FileRef {
    pub fn of(f: &FileRow) -> Self {
        FileRef { id: f.id, version: f.version, worker_id: f.worker_id }
    }
}

/// The dialogs of Alt+M and Alt+F.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecideForm {
    Approve(FileRef),
    Return(FileRef),
    Reject(FileRef),
    ReviewApprove(FileRef),
    ReviewReturn(FileRef),
    Exit(FileRef),
    Visit(FileRef),
}

impl DecideForm {
    pub fn file(self) -> FileRef {
        use DecideForm::*;
        match self {
            Approve(r) | Return(r) | Reject(r) | ReviewApprove(r) | ReviewReturn(r) | Exit(r) | Visit(r) => r,
        }
    }

    /// The same dialog on the file as read again.
    pub fn with(self, r: FileRef) -> Self {
        use DecideForm::*;
        match self {
            Approve(_) => Approve(r),
            Return(_) => Return(r),
            Reject(_) => Reject(r),
            ReviewApprove(_) => ReviewApprove(r),
            ReviewReturn(_) => ReviewReturn(r),
            Exit(_) => Exit(r),
            Visit(_) => Visit(r),
        }
    }

    /// The same dialog for the same file, whatever version was read.
    pub(crate) fn same(self, other: DecideForm) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other) && self.file().id == other.file().id
    }
}

/// A step as sent to the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HardshipStep {
    /// The supervisor's note, if any, is kept on the step's event.
    Approve {
        note: String,
    },
    Return {
        reason: String,
    },
    Reject {
        reason: String,
    },
    ReviewApprove {
        note: String,
    },
    ReviewReturn {
        reason: String,
    },
    Exit {
        reason: ExitReason,
        note: String,
    },
    Visit(NewVisit),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HardshipAct {
    pub file: FileRef,
    pub step: HardshipStep,
}

/// Why a step was not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepRefused {
    Ops(Refused),
    /// A visit named a login no account has.
    UnknownLogin(String),
}

/// A step's answer: the file and the worker as they now are.
#[derive(Debug, Clone, PartialEq)]
pub struct Stepped {
    pub worker_id: i64,
    pub step: HardshipStep,
    pub result: Result<FileRow, StepRefused>,
    pub file: Option<Box<Whole>>,
    pub picture: Option<Picture>,
}

/// The dialog waiting for its answer (back on screen when refused), and dialogs left with Esc,
/// back on the same key for the same file.
#[derive(Debug, Default)]
pub struct Decide {
    pub sent: Option<ModalForm>,
    pub drafts: Vec<(DecideForm, Form)>,
}

impl Decide {
    /// Esc on a dialog: what was typed waits for the same key on the same file.
    pub fn park(&mut self, d: DecideForm, form: Form) {
        self.drafts.retain(|(k, _)| !k.same(d));
        if form.changed() {
            self.drafts.push((d, form));
        }
        // A few at a time, the latest: an old one's worker is long gone from the counter.
        if self.drafts.len() > 4 {
            self.drafts.remove(0);
        }
    }

    pub(crate) fn take(&mut self, d: DecideForm) -> Option<Form> {
        let i = self.drafts.iter().position(|(k, _)| k.same(d))?;
        Some(self.drafts.remove(i).1)
    }
}

/// The review waiting for a supervisor, if any.
pub fn open_review(w: &Whole) -> Option<&ReviewRow> {
    w.reviews.iter().find(|r| r.state == "entered")
}

/// The state in words, lapsed when filed past its valid-until.
pub fn state_words(lang: Lang, f: &FileRow, today: NaiveDate) -> String {
    match f.standing(today) {
        Standing::Lapsed => words::lapsed(lang).to_string(),
        _ => words::state(lang, f.state).to_string(),
    }
}

/// Why the latest verification does not allow an approval today, in words with its dates.
pub fn verification_words(
    lang: Lang,
    latest: Option<&VerificationRow>,
    today: NaiveDate,
    days: u32,
) -> Option<String> {
    let t = ui_hardship_decide::of(lang);
    let key = latest.map(|v| (v.dated_on, v.result));
    let v = match rules::check_verification(key, today, days) {
        Ok(()) => return None,
        Err(Rule::NoVerification) => return Some(t.no_verification.to_string()),
        Err(_) => latest?,
    };
    if v.result != Verdict::Eligible {
        let result = words::verdict(lang, v.result);
        return Some(fill(
            t.not_eligible,
            &[("date", &v.dated_on), ("reference", &v.reference), ("result", &result)],
        ));
    }
    if v.dated_on > today {
        return Some(words::rule(lang, &Rule::VerificationStale { dated_on: v.dated_on }));
    }
    let oldest = today.checked_sub_days(chrono::Days::new(days.into())).unwrap_or(NaiveDate::MIN);
    Some(fill(t.stale, &[("date", &v.dated_on), ("days", &days), ("oldest", &oldest)]))
}

impl App {
    /// The file on the 困难档案 page (read for the worker on screen).
    pub(crate) fn hardship_on_page(&self) -> Option<&Whole> {
        let Screen::Main(s) = &self.screen else { return None };
        match &s.claims.hk.file {
            FileState::Read { file: Some(w), .. } => Some(w),
            _ => None,
        }
    }

    /// The worker on screen's name, masked as the page shows it.
    pub(crate) fn hardship_name(&self) -> String {
        let Screen::Main(s) = &self.screen else { return String::new() };
        s.claims.picture.as_ref().map(|p| mask_name(&p.worker.name)).unwrap_or_default()
    }

    /// Alt+M: the supervisor's steps allowed now, by digit; four eyes refused in words first.
    pub(crate) fn hardship_decide(&mut self) -> Vec<Effect> {
        match self.decide_pick() {
            Ok(m) => self.modal = Some(m),
            Err(why) => self.flash = Some(why),
        }
        vec![]
    }

    /// The pick Alt+M opens, or why it opens nothing (the hint bar offers the key only when
    /// there is a pick).
    pub(crate) fn decide_pick(&self) -> Result<Modal, String> {
        let lang = self.lang;
        let t = ui_hardship_decide::of(lang);
        let today = self.today();
        let Screen::Main(s) = &self.screen else { return Err(String::new()) };
        let (role, me) = (s.clerk.role, s.clerk.id);
        let Some(w) = self.hardship_on_page() else { return Err(t.no_file.into()) };
        let f = &w.file;
        let no = f.file_no.clone();
        let state = state_words(lang, f, today);
        // Four eyes: who entered or edited the application; who entered the review.
        let (step, hands) = match (f.state, open_review(w)) {
            (State::Applied, _) => (Step::Approve, w.application_hands()),
            (State::Filed, Some(r)) => (Step::ReviewApprove, r.entered_by.into_iter().collect()),
            (State::Filed, None) => (Step::Exit, vec![]),
            _ => (Step::Approve, vec![]),
        };
        match rules::may_by(step, role, me, Some(f.state), &hands) {
            Ok(()) => {}
            Err(Rule::SupervisorOnly | Rule::ReadOnly) => return Err(t.supervisors_only.to_string()),
            Err(Rule::FourEyes) => {
                let which = if step == Step::Approve { t.four_eyes_file } else { t.four_eyes_review };
                return Err(fill(which, &[("no", &no)]));
            }
            Err(_) => return Err(fill(t.nothing_to_decide, &[("no", &no), ("state", &state)])),
        }
        let steps: &[(&str, &str)] = match step {
            Step::Approve => {
                &[("approve", t.step_approve), ("return", t.step_return), ("reject", t.step_reject)]
            }
            Step::ReviewApprove => &[
                ("review_approve", t.step_review_approve),
                ("review_return", t.step_review_return),
                ("exit", t.step_exit),
            ],
            _ => &[("exit", t.step_exit)],
        };
        let r = FileRef::of(f);
        let title = fill(t.pick_title, &[("no", &no), ("state", &state)]);
        let options = steps.iter().map(|(_, l)| l.to_string()).collect();
        let codes = steps.iter().map(|(c, _)| c.to_string()).collect();
        Ok(super::super::walkins::keys::pick(
            PickPurpose::Claims(ClaimPick::HardshipDecide(r)),
            &title,
            options,
            codes,
            false,
        ))
    }

    /// A step picked: its dialog (approvals only when the verification allows them).
    pub(crate) fn hardship_decide_picked(&mut self, r: FileRef, code: &str) -> Vec<Effect> {
        let t = ui_hardship_decide::of(self.lang);
        let Some(w) = self.hardship_on_page().filter(|w| w.file.id == r.id).cloned() else {
            self.flash = Some(t.no_file.into());
            return vec![];
        };
        let no = w.file.file_no.clone();
        let today = self.today();
        let reason =
            |d: DecideForm, title: &str| (d, fill(title, &[("no", &no)]), reason_form(t.field_reason));
        let (d, title, form) = match code {
            "approve" => match self.approve_text(&w) {
                Ok(title) => (DecideForm::Approve(r), title, note_form(t.field_opinion)),
                Err(why) => {
                    self.flash = Some(why);
                    return vec![];
                }
            },
            "review_approve" => match self.review_text(&w) {
                Ok(title) => (DecideForm::ReviewApprove(r), title, note_form(t.field_opinion)),
                Err(why) => {
                    self.flash = Some(why);
                    return vec![];
                }
            },
            "return" => reason(DecideForm::Return(r), t.return_title),
            "reject" => reason(DecideForm::Reject(r), t.reject_title),
            "review_return" => reason(DecideForm::ReviewReturn(r), t.review_return_title),
            _ => {
                // Stored as of today (no date field): said before anything is saved.
                let title = format!(
                    "{}\n{}",
                    fill(t.exit_title, &[("no", &no)]),
                    fill(t.exit_dated, &[("today", &today)])
                );
                (DecideForm::Exit(r), title, self.exit_form())
            }
        };
        self.open_decide(d, title, form);
        vec![]
    }

    /// A dialog on screen: the one left with Esc for this file, else `fresh`.
    pub(crate) fn open_decide(&mut self, d: DecideForm, title: String, fresh: Form) {
        let Screen::Main(s) = &mut self.screen else { return };
        let form = s.claims.hk.decide.take(d).unwrap_or(fresh);
        self.modal = Some(Modal::Form(ModalForm {
            purpose: FormPurpose::Claims(ClaimForm::HardshipDecide(d)),
            title,
            form,
        }));
    }

    /// The approve dialog's lines: category, per head against the line, the latest
    /// verification, the valid-until it will get; `Err` says why it cannot be approved.
    fn approve_text(&self, w: &Whole) -> Result<String, String> {
        let lang = self.lang;
        let t = ui_hardship_decide::of(lang);
        let cfg = &self.settings.config.hardship;
        let today = self.today();
        let f = &w.file;
        let Some(category) = f.category else { return Err(words::rule(lang, &Rule::NoCategory)) };
        let latest = w.verifications.first();
        if let Some(why) = verification_words(lang, latest, today, cfg.verify_valid_days) {
            return Err(why);
        }
        let mut out = vec![
            fill(t.approve_title, &[("no", &f.file_no), ("name", &self.hardship_name())]),
            fill(t.approve_category, &[("category", &words::category(lang, category))]),
            self.per_head_line(f.members, f.per_head_fen),
        ];
        out.extend(latest.map(|v| verified_line(lang, v)));
        let until = rules::valid_until(today, cfg.valid_months);
        out.push(fill(t.approve_until, &[("until", &until), ("months", &cfg.valid_months)]));
        Ok(out.join("\n"))
    }

    /// Household and per head against the 低保 line of this year.
    fn per_head_line(&self, n: i64, per_head: i64) -> String {
        let t = ui_hardship_decide::of(self.lang);
        let p = ui_hardship_page::of(self.lang);
        let year = chrono::Datelike::year(&self.today());
        let line = match self.settings.config.hardship.line(year) {
            Some(l) => {
                let side = if per_head < l { p.below_line } else { p.above_line };
                format!("{}（{side}）", fill(p.line, &[("year", &year), ("line", &Fen(l).plain())]))
            }
            None => fill(p.no_line, &[("year", &year)]),
        };
        let line = if self.lang == Lang::En { line.replace('（', " (").replace('）', ")") } else { line };
        fill(t.approve_per_head, &[("n", &n), ("per_head", &Fen(per_head).plain()), ("line", &line)])
    }

    /// The review approve dialog: continue (what changes, the new valid-until) or exit.
    fn review_text(&self, w: &Whole) -> Result<String, String> {
        let lang = self.lang;
        let t = ui_hardship_decide::of(lang);
        let cfg = &self.settings.config.hardship;
        let today = self.today();
        let f = &w.file;
        let Some(r) = open_review(w) else { return Err(words::rule(lang, &Rule::NoReview)) };
        let mut out = vec![fill(t.review_title, &[("no", &f.file_no), ("name", &self.hardship_name())])];
        match r.result {
            Outcome::Continue => {
                let latest = w.verifications.first();
                if let Some(why) = verification_words(lang, latest, today, cfg.verify_valid_days) {
                    return Err(why);
                }
                let cat = |c: Option<rules::Category>| c.map_or("-", |c| words::category(lang, c));
                out.push(t.review_continue.to_string());
                let to = r.category.or(f.category);
                out.push(match to == f.category {
                    true => fill(t.approve_category, &[("category", &cat(to))]),
                    false => fill(t.review_category, &[("from", &cat(f.category)), ("to", &cat(to))]),
                });
                out.push(self.per_head_line(r.members, r.per_head_fen));
                out.extend(latest.map(|v| verified_line(lang, v)));
                let until = rules::valid_until(today, cfg.valid_months);
                out.push(fill(
                    t.review_until,
                    &[("from", &words::until_words(lang, f.valid_until)), ("to", &until)],
                ));
            }
            Outcome::Exit => {
                let reason = words::exit_reason(lang, r.exit_reason.unwrap_or(ExitReason::Other));
                out.push(fill(t.review_exit, &[("reason", &reason)]));
                out.push(fill(t.review_exit_effect, &[("today", &today)]));
            }
        }
        if let Some(note) = r.note.as_deref().filter(|n| !n.trim().is_empty()) {
            out.push(fill(t.review_note, &[("note", &note)]));
        }
        Ok(out.join("\n"))
    }

    fn exit_form(&self) -> Form {
        let t = ui_hardship_decide::of(self.lang);
        let reasons = ExitReason::ALL.iter().map(|r| words::exit_reason(self.lang, *r).to_string()).collect();
        Form::new(vec![
            Field::choice(FieldId::ExitReason, t.field_exit_reason, reasons),
            Field::new(FieldId::Note, t.field_note, FieldKind::Text),
        ])
    }

    /// Alt+S (or Enter on the last field) in one of these dialogs: checked here, keeping every
    /// character of a refused one; sent with the version read.
    pub(crate) fn hardship_decide_form(&mut self, d: DecideForm, mut f: ModalForm) -> Vec<Effect> {
        let t = ui_hardship_decide::of(self.lang);
        f.form.clear_errors();
        let text = |form: &Form, id: FieldId| form.value(id).trim().to_string();
        let reason = |form: &mut Form| {
            let r = text(form, FieldId::Reason);
            if r.is_empty() {
                form.set_error(FieldId::Reason, t.reason_required);
            }
            r
        };
        let step = match d {
            DecideForm::Approve(_) => Some(HardshipStep::Approve { note: text(&f.form, FieldId::Note) }),
            DecideForm::ReviewApprove(_) => {
                Some(HardshipStep::ReviewApprove { note: text(&f.form, FieldId::Note) })
            }
            DecideForm::Return(_) => Some(HardshipStep::Return { reason: reason(&mut f.form) }),
            DecideForm::Reject(_) => Some(HardshipStep::Reject { reason: reason(&mut f.form) }),
            DecideForm::ReviewReturn(_) => Some(HardshipStep::ReviewReturn { reason: reason(&mut f.form) }),
            DecideForm::Exit(_) => {
                let note = text(&f.form, FieldId::Note);
                let picked = f.form.choice(FieldId::ExitReason).and_then(|i| ExitReason::ALL.get(i).copied());
                match picked {
                    None => f.form.set_error(FieldId::ExitReason, t.exit_reason_required),
                    Some(ExitReason::Other) if note.is_empty() => {
                        f.form.set_error(FieldId::Note, t.exit_note_required)
                    }
                    // A digit or punctuation alone (a reason digit typed into the note) says
                    // nothing about why the household left the file.
                    Some(ExitReason::Other) if !note.chars().any(char::is_alphabetic) => {
                        f.form.set_error(FieldId::Note, t.exit_note_words)
                    }
                    _ => {}
                }
                picked.map(|reason| HardshipStep::Exit { reason, note })
            }
            DecideForm::Visit(_) => self.visit_checked(&mut f.form).map(HardshipStep::Visit),
        };
        let step = match step {
            Some(step) if !f.form.has_errors() => step,
            _ => {
                f.form.focus_first_error();
                self.modal = Some(Modal::Form(f));
                return vec![];
            }
        };
        let effects = self.claim(ClaimOp::HardshipStep(HardshipAct { file: d.file(), step }));
        if effects.is_empty() {
            // Not sent (saves are stopped): the dialog stays as typed.
            self.modal = Some(Modal::Form(f));
        } else if let Screen::Main(s) = &mut self.screen {
            s.claims.hk.decide.sent = Some(f);
        }
        effects
    }
}

fn verified_line(lang: Lang, v: &VerificationRow) -> String {
    let t = ui_hardship_decide::of(lang);
    let result = words::verdict(lang, v.result);
    fill(t.approve_verified, &[("date", &v.dated_on), ("reference", &v.reference), ("result", &result)])
}

fn reason_form(label: &str) -> Form {
    Form::new(vec![Field::new(FieldId::Reason, label, FieldKind::Text)])
}

fn note_form(label: &str) -> Form {
    Form::new(vec![Field::new(FieldId::Note, label, FieldKind::Text)])
}

/// The page's keys are offered when they can act: Alt+M when it opens a pick (a supervisor,
/// something to decide, four eyes kept), Alt+F where a visit may be recorded (`None`: not one of these keys).
pub fn offered(app: &App, action: crate::app::keymap::Action) -> Option<bool> {
    use crate::app::keymap::Action;
    if !matches!(action, Action::HardshipDecide | Action::HardshipVisit) {
        return None;
    }
    if action == Action::HardshipDecide {
        return Some(app.decide_pick().is_ok());
    }
    let Screen::Main(s) = &app.screen else { return Some(false) };
    let Some(w) = app.hardship_on_page() else { return Some(false) };
    Some(rules::may(Step::Visit, s.clerk.role, s.clerk.id, Some(w.file.state), None).is_ok())
}

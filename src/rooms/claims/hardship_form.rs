//! F2's hardship forms as typed: the household one member row at a time (a small form per
//! row), then the rest (causes, category, reason, a verification; a review's result). Keys move
//! through the rows and fields; what is typed is checked only on Alt+S, and a refused form keeps
//! every character. Pure: the App glue is `hardship_apply`.

use super::hardship_form_check::{lenient, strict, verification};
use crate::app::form::{Field, FieldId, FieldKind, Form};
use crate::db::hardship::Whole;
use crate::db::hardship_ops::{Application, NewVerification};
use crate::db::hardship_review::ReviewInput;
use crate::domain::hardship::{
    Category, Cause, ExitReason, Figures, Health, Member, NoLine, Outcome, Relation, Verdict, Work, figures,
    propose,
};
use crate::domain::money::Fen;
use crate::i18n::hardship as words;
use crate::i18n::ui_hardship_forms::{self, HardshipFormsUi};
use crate::i18n::{Lang, fill};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Which form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Apply,
    Edit,
    Review,
    Verify,
}

/// A form for one worker (and the file and version it was opened on, but for Apply).
#[derive(Debug, Clone)]
pub struct HardForm {
    pub kind: Kind,
    pub worker_id: i64,
    pub file: Option<(i64, i64, String)>,
    pub members: Vec<Form>,
    pub rest: Form,
    pub causes: Vec<bool>,
    /// The member row being typed in; `None`: the rest.
    pub row: Option<usize>,
    /// The first member row shown.
    pub top: usize,
    /// The category still follows the proposal (the clerk has not picked one).
    pub follow: bool,
    /// What the lines propose for the household as typed.
    pub proposal: Result<Option<Category>, NoLine>,
    /// The last refusal, said above the form.
    pub message: Option<String>,
}

/// What Alt+S sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Save {
    Apply(Application),
    Edit(Application),
    Review(ReviewInput),
    Verify(NewVerification),
}

fn words_of<T: Copy>(all: &[T], f: impl Fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|x| f(*x).to_string()).collect()
}

/// One member row's fields.
pub fn member_form(lang: Lang) -> Form {
    let t = ui_hardship_forms::of(lang);
    Form::new(vec![
        Field::new(FieldId::Name, t.cols[0], FieldKind::Text),
        Field::choice(FieldId::HRelation, t.cols[1], words_of(Relation::ALL, |r| words::relation(lang, r))),
        Field::new(FieldId::Id, t.cols[2], FieldKind::Id),
        Field::choice(FieldId::HHealth, t.cols[3], words_of(Health::ALL, |h| words::health(lang, h)))
            .with_default(0),
        Field::new(FieldId::HGrade, t.cols[4], FieldKind::Text),
        Field::choice(FieldId::HWork, t.cols[5], words_of(Work::ALL, |w| words::work(lang, w))),
        Field::new(FieldId::HIncome, t.cols[6], FieldKind::Amount),
    ])
}

fn filled(lang: Lang, m: &Member) -> Form {
    let mut f = member_form(lang);
    f.set_value(FieldId::Name, &m.name);
    if let Some(id) = &m.id_number
        && let Some(field) = f.field_mut(FieldId::Id)
    {
        // Not typed here: shown masked until replaced.
        field.fill_sealed(id.clone());
    }
    let pick = |f: &mut Form, name, i: Option<usize>| {
        if let Some(field) = f.field_mut(name) {
            field.choice = i;
        }
    };
    pick(&mut f, FieldId::HRelation, Relation::ALL.iter().position(|r| *r == m.relation));
    pick(&mut f, FieldId::HHealth, Health::ALL.iter().position(|h| *h == m.health));
    // Health from the file is medical data: hidden as on the page until the clerk is on it.
    if let Some(field) = f.field_mut(FieldId::HHealth) {
        field.sealed = true;
    }
    pick(&mut f, FieldId::HWork, Work::ALL.iter().position(|w| *w == m.work));
    if let Some(g) = m.disability_grade {
        f.set_value(FieldId::HGrade, &g.to_string());
    }
    // Read from the file, not typed here: the first character typed replaces it (a digit after
    // Tab is a new income, not one more decimal on the old one).
    if let Some(field) = f.field_mut(FieldId::HIncome) {
        field.fill_sealed(Fen(m.income_fen).plain());
    }
    f
}

fn verification_fields(t: &HardshipFormsUi, lang: Lang) -> Vec<Field> {
    vec![
        Field::new(FieldId::HVerifiedOn, t.v_date, FieldKind::Date),
        Field::new(FieldId::HReference, t.v_reference, FieldKind::Text),
        Field::choice(FieldId::HVerdict, t.v_result, words_of(Verdict::ALL, |v| words::verdict(lang, v))),
        Field::new(FieldId::HPerHead, t.v_per_head, FieldKind::Amount),
    ]
}

fn category_options(t: &HardshipFormsUi, lang: Lang) -> Vec<String> {
    let mut o = words_of(Category::ALL, |c| words::category(lang, c));
    o.push(t.category_none.to_string());
    o
}

impl HardForm {
    /// The form for `kind`: the worker (name and ID from the record) as member 1 for a new
    /// application; the file's household, causes and category otherwise.
    pub fn new(lang: Lang, kind: Kind, worker_id: i64, worker: (&str, &str), file: Option<&Whole>) -> Self {
        let t = ui_hardship_forms::of(lang);
        let members = match (kind, file) {
            (Kind::Verify, _) => vec![],
            (Kind::Apply, _) | (_, None) => {
                let mut me = member_form(lang);
                me.set_value(FieldId::Name, worker.0);
                if let Some(f) = me.field_mut(FieldId::Id) {
                    f.fill_sealed(worker.1.to_string());
                }
                if let Some(f) = me.field_mut(FieldId::HRelation) {
                    f.choice = Some(0);
                }
                vec![me]
            }
            (_, Some(w)) => w.household.iter().map(|m| filled(lang, &m.member)).collect(),
        };
        let mut fields = vec![];
        if matches!(kind, Kind::Apply | Kind::Edit) {
            fields.push(Field::choice(
                FieldId::HCauses,
                t.causes,
                words_of(Cause::ALL, |c| words::cause(lang, c)),
            ));
        }
        if kind != Kind::Verify {
            fields.push(Field::choice(FieldId::HCategory, t.category, category_options(t, lang)));
        }
        if kind != Kind::Verify {
            fields.push(Field::new(FieldId::Reason, t.reason, FieldKind::Text));
        }
        if kind == Kind::Review {
            fields.push(Field::choice(
                FieldId::HOutcome,
                t.outcome,
                words_of(Outcome::ALL, |o| words::outcome(lang, o)),
            ));
            fields.push(Field::choice(
                FieldId::HExitReason,
                t.exit_reason,
                words_of(ExitReason::ALL, |r| words::exit_reason(lang, r)),
            ));
        }
        fields.extend(verification_fields(t, lang));
        if kind == Kind::Review {
            fields.push(Field::new(FieldId::Note, t.note, FieldKind::Text));
        }
        let mut rest = Form::new(fields);
        let mut causes = vec![false; Cause::ALL.len()];
        let mut follow = true;
        if let (Kind::Edit | Kind::Review, Some(w)) = (kind, file) {
            for (i, c) in Cause::ALL.iter().enumerate() {
                causes[i] = w.file.causes.contains(c);
            }
            if let Some(f) = rest.field_mut(FieldId::HCategory) {
                f.choice = Some(
                    w.file.category.and_then(|k| Category::ALL.iter().position(|c| *c == k)).unwrap_or(3),
                );
            }
            follow = w.file.category == w.file.proposed;
            // An edit keeps the application's reason; a review gives its own (the old one argued
            // for the category as it was).
            if kind == Kind::Edit {
                rest.set_value(FieldId::Reason, w.file.category_reason.as_deref().unwrap_or(""));
            }
        }
        let file = file.map(|w| (w.file.id, w.file.version, w.file.file_no.clone()));
        let row = (!members.is_empty()).then_some(0);
        HardForm {
            kind,
            worker_id,
            file,
            members,
            rest,
            causes,
            row,
            top: 0,
            follow,
            proposal: Ok(None),
            message: None,
        }
    }

    /// The member rows as far as they read (a bad income counts 0 meanwhile).
    pub fn household(&self) -> Vec<Member> {
        self.members.iter().map(lenient).collect()
    }

    pub fn figures(&self) -> Figures {
        figures(&self.household())
    }

    pub fn ticked(&self) -> Vec<Cause> {
        Cause::ALL.iter().zip(&self.causes).filter(|(_, t)| **t).map(|(c, _)| *c).collect()
    }

    /// The proposal again, after a key (the category follows it until the clerk picks one).
    pub fn recompute(&mut self, line: Option<i64>, year: i32, percent: u32) {
        self.proposal = propose(&self.household(), &self.ticked(), line, year, percent);
        if self.follow && self.kind != Kind::Verify {
            let i = match self.proposal {
                Ok(Some(k)) => Category::ALL.iter().position(|c| *c == k),
                _ => Some(Category::ALL.len()),
            };
            if let Some(f) = self.rest.field_mut(FieldId::HCategory) {
                f.choice = i;
            }
        }
    }

    /// The form (member row or the rest) with the keys.
    pub fn focused(&self) -> &Form {
        self.row.and_then(|r| self.members.get(r)).unwrap_or(&self.rest)
    }

    fn focused_mut(&mut self) -> &mut Form {
        match self.row {
            Some(r) if r < self.members.len() => &mut self.members[r],
            _ => &mut self.rest,
        }
    }

    /// Tab / Enter: the next field, on to the next row and then the rest.
    pub fn next(&mut self) {
        match self.row {
            Some(r) => {
                let f = &mut self.members[r];
                if f.focus + 1 < f.fields.len() {
                    f.next();
                } else if r + 1 < self.members.len() {
                    self.row = Some(r + 1);
                    self.members[r + 1].focus = 0;
                } else {
                    self.row = None;
                    self.rest.focus = 0;
                }
            }
            None if self.rest.focus + 1 < self.rest.fields.len() => self.rest.next(),
            None => {}
        }
    }

    /// PgDn: past the household rows to the first field after them (a review with the
    /// household unchanged needs no Tab through every member's fields).
    pub fn past_household(&mut self) {
        self.row = None;
        self.rest.focus = 0;
    }

    /// PgUp: back to member 1's name.
    pub fn to_household(&mut self) {
        if let Some(first) = self.members.first_mut() {
            first.focus = 0;
            self.row = Some(0);
        }
    }

    pub fn prev(&mut self) {
        match self.row {
            Some(r) if self.members[r].focus > 0 => self.members[r].prev(),
            Some(0) => {}
            Some(r) => {
                self.row = Some(r - 1);
                let f = &mut self.members[r - 1];
                f.focus = f.fields.len() - 1;
            }
            None if self.rest.focus > 0 => self.rest.prev(),
            None if !self.members.is_empty() => {
                let last = self.members.len() - 1;
                self.row = Some(last);
                let f = &mut self.members[last];
                f.focus = f.fields.len() - 1;
            }
            None => {}
        }
    }

    /// A typing key (not Tab, Enter or a binding): into the focused field; a digit on the
    /// causes ticks or unticks one; picking a category stops it following the proposal.
    pub fn key(&mut self, key: KeyEvent, ms: u64, lang: Lang) {
        let plain = !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        if let (true, KeyCode::Char(c)) = (plain, key.code)
            && self.focused().focused().name == FieldId::HGrade
        {
            self.grade_typed(c, lang);
            return;
        }
        if self.row.is_none() && self.rest.focused().name == FieldId::HCauses {
            if let (true, KeyCode::Char(c)) = (plain, key.code)
                && let Some(d) = crate::domain::text::fold_char(c).to_digit(10)
                && (1..=self.causes.len()).contains(&(d as usize))
            {
                let i = d as usize - 1;
                self.causes[i] = !self.causes[i];
            }
            return;
        }
        let category = self.row.is_none() && self.rest.focused().name == FieldId::HCategory;
        let before = self.rest.choice(FieldId::HCategory);
        let form = self.focused_mut();
        let was = form.focused().choice;
        let was_text = form.focused().value().to_string();
        form.handle_key(key, ms);
        if form.focused().name == FieldId::HGrade
            && form.focused().value() != was_text
            && let Some(h) = form.field_mut(FieldId::HHealth)
        {
            // A grade typed: the clerk is on the health data, shown again.
            h.sealed = false;
        }
        let i = form.focus;
        if let Some(fd) = form.fields.get_mut(i).filter(|fd| fd.kind == FieldKind::Choice && fd.choice != was)
        {
            // Picked by the clerk now: no longer the file's, shown.
            fd.sealed = false;
        }
        if category && self.rest.choice(FieldId::HCategory) != before {
            self.follow = false;
        }
    }

    /// A character on 残级: a grade 1–4 of a member whose health is 残疾 replaces the one
    /// there; anything else is refused in words and nothing lands.
    fn grade_typed(&mut self, c: char, lang: Lang) {
        let t = ui_hardship_forms::of(lang);
        let form = self.focused_mut();
        let disabled =
            super::hardship_form_check::pick(form, FieldId::HHealth, Health::ALL) == Some(Health::Disabled);
        let grade = crate::domain::text::fold_char(c).to_digit(10).filter(|d| (1..=4).contains(d));
        self.message = Some(match (disabled, grade) {
            (false, _) => t.grade_not_disabled.to_string(),
            (true, None) => t.grade_range.to_string(),
            (true, Some(g)) => {
                form.set_value(FieldId::HGrade, &g.to_string());
                form.clear_errors();
                if let Some(h) = form.field_mut(FieldId::HHealth) {
                    // A grade typed: the clerk is on the health data, shown again.
                    h.sealed = false;
                }
                return self.message = None;
            }
        });
    }

    /// A new member row, focused.
    pub fn add_member(&mut self, lang: Lang) {
        if self.kind == Kind::Verify {
            return;
        }
        self.members.push(member_form(lang));
        self.row = Some(self.members.len() - 1);
    }

    /// The focused member row goes (not the worker's). `false` when it cannot.
    pub fn drop_member(&mut self) -> bool {
        match self.row {
            Some(r) if r > 0 && r < self.members.len() => {
                self.members.remove(r);
                self.row = Some(r.min(self.members.len() - 1));
                true
            }
            _ => false,
        }
    }

    /// The first member row in sight for `rows` rows, the focused one shown.
    pub fn window(&self, rows: usize) -> usize {
        let r = self.row.unwrap_or(self.top);
        let rows = rows.max(1);
        if r < self.top {
            r
        } else if r >= self.top + rows {
            r + 1 - rows
        } else {
            self.top.min(self.members.len().saturating_sub(rows))
        }
    }

    /// Alt+S: what to send, or the first bad field focused with its message (every character
    /// kept).
    pub fn check(&mut self, lang: Lang, today: NaiveDate, ui: &crate::i18n::Ui) -> Option<Save> {
        let t = ui_hardship_forms::of(lang);
        self.message = None;
        for f in self.members.iter_mut() {
            f.clear_errors();
        }
        self.rest.clear_errors();
        let mut members = vec![];
        for i in 0..self.members.len() {
            match strict(&mut self.members[i], i, t, ui, today) {
                Some(m) => members.push(m),
                None => {
                    let f = &mut self.members[i];
                    f.focus_first_error();
                    let bad = f.focused();
                    let why = bad.error.clone().unwrap_or_default();
                    self.message =
                        Some(fill(t.member_bad, &[("seq", &(i + 1)), ("field", &bad.label), ("why", &why)]));
                    self.row = Some(i);
                    return None;
                }
            }
        }
        let causes = self.ticked();
        let rest = &mut self.rest;
        let verification =
            verification(rest, t, ui, today, self.kind != Kind::Apply && self.kind != Kind::Edit);
        let category = rest.choice(FieldId::HCategory).and_then(|i| Category::ALL.get(i).copied());
        let reason = rest.value(FieldId::Reason).trim().to_string();
        if self.kind != Kind::Verify {
            if causes.is_empty() && self.kind != Kind::Review {
                rest.set_error(FieldId::HCauses, t.cause_required);
            }
            // A review continuing in a category other than the proposal needs its reason too
            // (one ending in exit keeps no category).
            let proposed = self.proposal.unwrap_or(None);
            let exits =
                rest.choice(FieldId::HOutcome).and_then(|i| Outcome::ALL.get(i)) == Some(&Outcome::Exit);
            if !(self.kind == Kind::Review && exits)
                && crate::domain::hardship::check_category(category, proposed, &reason).is_err()
            {
                rest.set_error(FieldId::Reason, t.reason_required);
            }
        }
        let outcome = rest.choice(FieldId::HOutcome).and_then(|i| Outcome::ALL.get(i).copied());
        let exit_reason = rest.choice(FieldId::HExitReason).and_then(|i| ExitReason::ALL.get(i).copied());
        if self.kind == Kind::Review {
            if outcome.is_none() {
                rest.set_error(FieldId::HOutcome, t.pick_one);
            }
            if outcome == Some(Outcome::Exit) && exit_reason.is_none() {
                rest.set_error(FieldId::HExitReason, t.exit_reason_required);
            }
        }
        if rest.has_errors() {
            rest.focus_first_error();
            self.row = None;
            let bad = rest.focused();
            let why = bad.error.clone().unwrap_or_default();
            self.message = Some(fill(t.field_bad, &[("field", &bad.label), ("why", &why)]));
            return None;
        }
        let verification = verification.ok()?;
        let application = || Application {
            members: members.clone(),
            causes: causes.clone(),
            category,
            category_reason: reason.clone(),
            verification: verification.clone(),
        };
        Some(match self.kind {
            Kind::Apply => Save::Apply(application()),
            Kind::Edit => Save::Edit(application()),
            Kind::Review => Save::Review(ReviewInput {
                members,
                category,
                category_reason: reason,
                verification: verification?,
                outcome: outcome?,
                exit_reason: (outcome == Some(Outcome::Exit)).then_some(exit_reason).flatten(),
                note: rest.value(FieldId::Note).trim().to_string(),
            }),
            Kind::Verify => Save::Verify(verification?),
        })
    }
}

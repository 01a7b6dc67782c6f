//! F2's 困难档案 page, Alt+F 走访: the visit form (date, who went, place, what was found,
//! needs, what was given, next step and its date), checked here and sent as a step.
//!
//! What was found must say something: blank is refused, and so is a bare stock phrase that only
//! says the things were delivered (已送达, 东西放下 …) — the visits the centre learnt to stop.

use super::hardship_decide::{DecideForm, FileRef};
use crate::app::form::{Field, FieldId, FieldKind, Form};
use crate::app::*;
use crate::db::hardship_ops::NewVisit;
use crate::domain::dates::parse_date;
use crate::domain::hardship::{self as rules, Step};
use crate::i18n::{fill, hardship as words, ui_hardship_decide};
use chrono::NaiveDate;

/// Phrases that only say a visit happened or the things were left (compared without spaces or
/// punctuation, lower case).
const BARE: &[&str] = &[
    "已送达",
    "送达",
    "东西放下",
    "东西已放下",
    "东西放下就走",
    "已放下",
    "放下",
    "已走访",
    "走访",
    "已慰问",
    "慰问",
    "已发放",
    "发放",
    "正常",
    "一切正常",
    "无",
    "好",
    "ok",
    "done",
    "delivered",
    "visited",
    "fine",
    "none",
];

/// What was found says nothing beyond a delivery (or is blank): `Some(blank)`. The text is
/// split on punctuation and spaces (，。、；;,. …); it is bare when every piece is a stock
/// phrase (`已慰问，东西放下`, `已送达。已慰问`).
pub fn bare_finding(found: &str) -> Option<bool> {
    let pieces: Vec<String> = found
        .split(|c: char| !c.is_alphanumeric())
        .map(|p| p.chars().flat_map(char::to_lowercase).collect::<String>())
        .filter(|p| !p.is_empty())
        .collect();
    if pieces.is_empty() {
        return Some(true);
    }
    pieces.iter().all(|p| BARE.contains(&p.as_str())).then_some(false)
}

/// Logins as typed: separated by spaces, commas (either width), 、 or semicolons.
pub fn split_logins(s: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for l in s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；')) {
        let l = crate::domain::text::fold_ascii(l);
        if !l.is_empty() && !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

/// A key in the visit dialog: a field's message (an unknown login, a date) goes once that
/// field's text changes; moving about leaves it.
pub(crate) fn visit_key(
    form: &mut Form,
    key: crossterm::event::KeyEvent,
    ms: u64,
) -> crate::app::form::FormReply {
    let at = form.focus;
    let before = form.fields.get(at).map(|f| f.value().to_string());
    let reply = form.handle_key(key, ms);
    if let Some(f) = form.fields.get_mut(at)
        && Some(f.value()) != before.as_deref()
    {
        f.error = None;
    }
    reply
}

impl App {
    /// Alt+F: the visit form on an applied or filed file (the one left with Esc, if any).
    pub(crate) fn hardship_visit(&mut self) -> Vec<Effect> {
        let lang = self.lang;
        let t = ui_hardship_decide::of(lang);
        let today = self.today();
        let Screen::Main(s) = &self.screen else { return vec![] };
        let (role, me, login) = (s.clerk.role, s.clerk.id, s.clerk.login.clone());
        let Some(w) = self.hardship_on_page() else {
            self.flash = Some(t.no_file.into());
            return vec![];
        };
        let f = &w.file;
        if let Err(r) = rules::may(Step::Visit, role, me, Some(f.state), None) {
            self.flash = Some(match r {
                rules::Rule::NotFromHere { state } => {
                    fill(t.no_visit, &[("state", &words::state(lang, state))])
                }
                other => words::rule(lang, &other),
            });
            return vec![];
        }
        let title = fill(t.visit_title, &[("no", &f.file_no), ("name", &self.hardship_name())]);
        let d = DecideForm::Visit(FileRef::of(f));
        let mut found = Field::new(FieldId::Found, t.field_found, FieldKind::Text);
        found.max_chars = 2_000;
        let mut fields = vec![
            Field::new(FieldId::Visited, t.field_visited, FieldKind::Date),
            Field::new(FieldId::Visitors, t.field_visitors, FieldKind::Text),
            Field::new(FieldId::Place, t.field_place, FieldKind::Text),
            found,
            Field::new(FieldId::Needs, t.field_needs, FieldKind::Text),
            Field::new(FieldId::Given, t.field_given, FieldKind::Text),
            Field::new(FieldId::NextStep, t.field_next_step, FieldKind::Text),
            Field::new(FieldId::NextOn, t.field_next_on, FieldKind::Date),
        ];
        for f in fields.iter_mut().filter(|f| matches!(f.name, FieldId::Needs | FieldId::Given)) {
            f.max_chars = 1_000;
        }
        let mut form = Form::new(fields);
        form.set_value(FieldId::Visited, &today.to_string());
        form.set_value(FieldId::Visitors, &login);
        self.open_decide(d, title, form);
        vec![]
    }

    /// The visit as typed, or `None` with a message under each bad field.
    pub(crate) fn visit_checked(&self, form: &mut Form) -> Option<NewVisit> {
        let t = ui_hardship_decide::of(self.lang);
        let today = self.today();
        let ui = self.ui;
        let text = |form: &Form, id: FieldId| form.value(id).trim().to_string();
        let date = |form: &mut Form, id: FieldId, required: bool| -> Result<Option<NaiveDate>, ()> {
            let v = form.value(id).trim().to_string();
            if v.is_empty() {
                return if required { Ok(Some(today)) } else { Ok(None) };
            }
            match parse_date(&v, today) {
                Ok(d) => Ok(Some(d)),
                Err(_) => {
                    form.set_error(id, ui.date_invalid);
                    Err(())
                }
            }
        };
        let visited = date(form, FieldId::Visited, true).ok().flatten();
        if visited.is_some_and(|d| d > today) {
            form.set_error(FieldId::Visited, t.date_future);
        }
        let logins = split_logins(form.value(FieldId::Visitors));
        if logins.is_empty() {
            form.set_error(FieldId::Visitors, t.visitors_blank);
        }
        let place = text(form, FieldId::Place);
        let found = text(form, FieldId::Found);
        match bare_finding(&found) {
            Some(true) => form.set_error(FieldId::Found, t.found_blank),
            Some(false) => form.set_error(FieldId::Found, t.found_bare),
            None => {}
        }
        let next_on = date(form, FieldId::NextOn, false).ok().flatten();
        if let (Some(v), Some(n)) = (visited, next_on)
            && n < v
        {
            form.set_error(FieldId::NextOn, fill(t.next_before, &[("date", &v)]));
        }
        if form.has_errors() {
            return None;
        }
        Some(NewVisit {
            visited_on: visited?,
            logins,
            place,
            found,
            needs: text(form, FieldId::Needs),
            given: text(form, FieldId::Given),
            next_step: text(form, FieldId::NextStep),
            next_on,
        })
    }
}

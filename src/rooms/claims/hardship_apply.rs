//! F2's hardship forms at the 困难档案 page: Alt+A 申请建档, Alt+E 修改申请, Alt+R 年审,
//! Alt+C 录入核对. The form takes the page's place; Esc keeps it (the same key brings it back
//! for the same worker); Alt+S sends it to the service thread, which writes through
//! `hardship_ops` / `hardship_review` with the version the form was opened on, and the page
//! re-reads the file whatever the answer.

use super::hardship::{FileState, Page};
use super::hardship_form::{HardForm, Kind, Save};
use super::{ClaimOp, ClaimReply};
use crate::app::keymap::{Action, Layer};
use crate::app::*;
use crate::db::hardship_ops::{self, By, Refused};
use crate::db::{self, DbError, hardship, hardship_review};
use crate::domain::dates;
use crate::domain::hardship::State;
use crate::i18n::{fill, ui_hardship_forms};
use chrono::{Datelike, Utc};
use crossterm::event::{KeyCode, KeyEvent};
use rusqlite::Connection;

/// The open form and the drafts left with Esc (one per worker and form).
#[derive(Debug, Default)]
pub struct Forms {
    pub open: Option<Box<HardForm>>,
    pub drafts: Vec<HardForm>,
}

/// The form open for the worker on screen, on the 困难档案 page.
pub fn open_form(s: &Session) -> Option<&HardForm> {
    open_in(&s.claims)
}

/// The same, from F2's own state.
pub fn open_in(c: &super::ClaimsTab) -> Option<&HardForm> {
    let f = c.hk.forms.open.as_deref()?;
    let on_screen = c.picture.as_ref().map(|p| p.worker.id);
    (c.hk.page == Page::File && on_screen == Some(f.worker_id)).then_some(f)
}

/// Which form a key opens, and whether the file on screen takes it now.
fn kind_of(action: Action) -> Option<Kind> {
    Some(match action {
        Action::HardshipApply => Kind::Apply,
        Action::HardshipEdit => Kind::Edit,
        Action::HardshipReview => Kind::Review,
        Action::HardshipVerify => Kind::Verify,
        _ => return None,
    })
}

fn fits(kind: Kind, file: &FileState) -> bool {
    let FileState::Read { file, .. } = file else { return false };
    let state = file.as_ref().map(|w| w.file.state);
    match kind {
        Kind::Apply => matches!(state, None | Some(State::Rejected | State::Exited)),
        Kind::Edit => state == Some(State::Applied),
        Kind::Review => {
            state == Some(State::Filed)
                && file.as_ref().is_some_and(|w| !w.reviews.iter().any(|r| r.state == "entered"))
        }
        Kind::Verify => matches!(state, Some(State::Applied | State::Filed)),
    }
}

/// For the hint bar and help: `Some(offered)` for this module's keys.
pub fn offered(app: &App, action: Action) -> Option<bool> {
    let Screen::Main(s) = &app.screen else { return None };
    if let Some(kind) = kind_of(action) {
        return Some(s.claims.hk.page == Page::File && fits(kind, &s.claims.hk.file));
    }
    // F12 lists every key of an open form (the hint bar only those that act on the field).
    let help = matches!(app.modal, Some(crate::app::Modal::Help));
    let form_keys = matches!(
        action,
        Action::HardshipAddMember
            | Action::HardshipDropMember
            | Action::HardshipPastHousehold
            | Action::HardshipToHousehold
    );
    if help && form_keys {
        return Some(open_form(s).is_some_and(|f| f.kind != Kind::Verify));
    }
    match action {
        Action::HardshipAddMember => Some(open_form(s).is_some_and(|f| f.kind != Kind::Verify)),
        Action::HardshipDropMember => Some(open_form(s).is_some_and(|f| f.row.is_some_and(|r| r > 0))),
        Action::HardshipPastHousehold => Some(open_form(s).is_some_and(|f| f.row.is_some())),
        Action::HardshipToHousehold => {
            Some(open_form(s).is_some_and(|f| f.row.is_none() && !f.members.is_empty()))
        }
        _ => None,
    }
}

impl App {
    /// The layers while a form is open on the page.
    pub(crate) fn hardship_form_layers(c: &super::ClaimsTab) -> Option<Vec<Layer>> {
        let f = open_in(c)?;
        let mut l = vec![Layer::HardshipForm, Layer::Form];
        if !f.focused().typing() {
            l.push(Layer::Choice);
        }
        l.push(Layer::Session);
        Some(l)
    }

    /// Alt+A / Alt+E / Alt+R / Alt+C: the form (its draft when one was left).
    pub(crate) fn hardship_form_open(&mut self, action: Action) -> Vec<Effect> {
        let Some(kind) = kind_of(action) else { return vec![] };
        let t = ui_hardship_forms::of(self.lang);
        let lang = self.lang;
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let c = &mut s.claims;
        let Some(p) = &c.picture else {
            self.flash = Some(self.ui.f2.need_lookup.into());
            return vec![];
        };
        let worker_id = p.worker.id;
        let now = match &c.hk.file {
            FileState::Read { file: Some(w), .. } => Some((w.file.id, w.file.version, w.file.state)),
            _ => None,
        };
        let what = action.label(self.ui);
        let kept = |d: &HardForm| d.worker_id == worker_id && d.kind == kind;
        if !fits(kind, &c.hk.file) {
            // A form kept with Esc that the file has moved past is said, not lost in silence.
            let stale = c.hk.forms.drafts.iter().position(kept);
            self.flash = Some(match (stale, now) {
                (Some(i), Some((_, _, state))) => {
                    let d = c.hk.forms.drafts.remove(i);
                    let no = d.file.as_ref().map(|x| x.2.clone()).unwrap_or_default();
                    let state = crate::i18n::hardship::state(lang, state);
                    fill(t.draft_stale, &[("what", &what), ("no", &no), ("state", &state)])
                }
                _ => fill(t.not_now, &[("what", &what)]),
            });
            return vec![];
        }
        // Kept on a version the file has since moved on from: a fresh form from the file as it
        // is (the old one would only be refused as changed), said.
        if let Some((id, version, state)) = now
            && let Some(i) =
                c.hk.forms
                    .drafts
                    .iter()
                    .position(|d| kept(d) && d.file.as_ref().is_some_and(|x| x.0 == id && x.1 != version))
        {
            let d = c.hk.forms.drafts.remove(i);
            let no = d.file.as_ref().map(|x| x.2.clone()).unwrap_or_default();
            let state = crate::i18n::hardship::state(lang, state);
            self.flash = Some(fill(t.draft_fresh, &[("what", &what), ("no", &no), ("state", &state)]));
        }
        let forms = &mut c.hk.forms;
        if let Some(other) = forms.open.take() {
            forms.drafts.push(*other);
        }
        let file = match &c.hk.file {
            FileState::Read { file, .. } => file.as_deref(),
            _ => None,
        };
        let same = |d: &HardForm| {
            d.worker_id == worker_id
                && d.kind == kind
                && d.file.as_ref().map(|f| f.0) == file.map(|w| w.file.id)
        };
        let form = match forms.drafts.iter().position(same) {
            Some(i) => {
                self.flash = Some(t.draft_back.into());
                forms.drafts.remove(i)
            }
            None => {
                let name = p.worker.name.clone();
                let id = p.worker.id_number.as_str().to_string();
                HardForm::new(lang, kind, worker_id, (&name, &id), file)
            }
        };
        forms.open = Some(Box::new(form));
        self.hardship_form_recompute();
        vec![]
    }

    fn hardship_form_recompute(&mut self) {
        let today = self.today_local();
        let h = &self.settings.config.hardship;
        let (line, percent) = (h.line(today.year()), h.relative_multiple_percent);
        if let Screen::Main(s) = &mut self.screen
            && let Some(f) = s.claims.hk.forms.open.as_deref_mut()
        {
            f.recompute(line, today.year(), percent);
        }
    }

    /// A key while a form is open; `None` when none is.
    pub(crate) fn hardship_form_key(
        &mut self,
        key: KeyEvent,
        ms: u64,
        binding: Option<Action>,
    ) -> Option<Vec<Effect>> {
        let lang = self.lang;
        let Screen::Main(s) = &mut self.screen else { return None };
        open_form(s)?;
        let forms = &mut s.claims.hk.forms;
        let f = forms.open.as_deref_mut()?;
        match (binding, key.code) {
            (
                Some(
                    a @ (Action::Back
                    | Action::Submit
                    | Action::HardshipAddMember
                    | Action::HardshipDropMember
                    | Action::HardshipPastHousehold
                    | Action::HardshipToHousehold),
                ),
                _,
            ) => {
                return self.hardship_form_act(a);
            }
            (_, KeyCode::Tab | KeyCode::Enter) => f.next(),
            (_, KeyCode::BackTab) => f.prev(),
            (None | Some(Action::Pick), _) => f.key(key, ms, lang),
            _ => {}
        }
        self.hardship_form_recompute();
        Some(vec![])
    }

    /// A form's own action (by its key or by Ctrl+G and its letter); `None` when no form is open.
    pub(crate) fn hardship_form_act(&mut self, action: Action) -> Option<Vec<Effect>> {
        let Screen::Main(s) = &mut self.screen else { return None };
        open_form(s)?;
        let t = ui_hardship_forms::of(self.lang);
        let lang = self.lang;
        let forms = &mut s.claims.hk.forms;
        let f = forms.open.as_deref_mut()?;
        match action {
            Action::Back => {
                if let Some(f) = forms.open.take() {
                    forms.drafts.push(*f);
                }
                self.flash = Some(t.kept.into());
                return Some(vec![]);
            }
            Action::Submit => return Some(self.hardship_form_submit()),
            Action::HardshipAddMember => f.add_member(lang),
            Action::HardshipDropMember if !f.drop_member() => self.flash = Some(t.drop_self.into()),
            Action::HardshipPastHousehold => f.past_household(),
            Action::HardshipToHousehold => f.to_household(),
            Action::NextField => f.next(),
            Action::PrevField => f.prev(),
            _ => {}
        }
        self.hardship_form_recompute();
        Some(vec![])
    }

    fn hardship_form_submit(&mut self) -> Vec<Effect> {
        let today = self.today_local();
        let (lang, ui) = (self.lang, self.ui);
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let Some(f) = s.claims.hk.forms.open.as_deref_mut() else { return vec![] };
        let Some(save) = f.check(lang, today, ui) else {
            self.flash = f.message.clone();
            return vec![];
        };
        let op =
            ClaimOp::HardshipSave { worker_id: f.worker_id, file: f.file.as_ref().map(|x| (x.0, x.1)), save };
        self.claim(op)
    }

    /// The answer to a save: the file as it now is on the page, the form closed when saved,
    /// kept with the refusal in words when not.
    pub(crate) fn hardship_saved(
        &mut self,
        worker_id: i64,
        result: Result<String, Refused>,
        file: Option<Box<hardship::Whole>>,
    ) -> Vec<Effect> {
        let t = ui_hardship_forms::of(self.lang);
        let lang = self.lang;
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let c = &mut s.claims;
        if c.picture.as_ref().map(|p| p.worker.id) == Some(worker_id) {
            c.hk.file = FileState::Read { worker_id, file: file.clone() };
            c.hk.scroll = 0;
        }
        let forms = &mut c.hk.forms;
        let form = forms.open.as_deref_mut().filter(|f| f.worker_id == worker_id);
        let Some(f) = form else { return vec![] };
        let message = match result {
            Ok(no) => {
                let said = match f.kind {
                    Kind::Apply => t.saved_apply,
                    Kind::Edit => t.saved_edit,
                    Kind::Review => t.saved_review,
                    Kind::Verify => t.saved_verify,
                };
                forms.open = None;
                self.flash = Some(fill(said, &[("no", &no)]));
                return vec![];
            }
            Err(Refused::Changed(now)) => {
                let state = crate::i18n::hardship::state(lang, now.state);
                let m = fill(t.changed, &[("no", &now.file_no), ("state", &state)]);
                // The next Alt+S is made against the file as it now is.
                f.file = Some((now.id, now.version, now.file_no.clone()));
                m
            }
            Err(Refused::Rule(r)) => fill(t.refused, &[("why", &crate::i18n::hardship::rule(lang, &r))]),
            Err(Refused::Missing) => fill(t.refused, &[("why", &self.ui.f2.none_selected)]),
        };
        f.message = Some(message.clone());
        self.flash = Some(message);
        vec![]
    }
}

/// The service side of Alt+S: the step in one write transaction (an application's
/// verification goes in with it), then the worker's file read again.
pub fn save(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    role: crate::domain::Role,
    worker_id: i64,
    file: Option<(i64, i64)>,
    save: &Save,
) -> Result<ClaimReply, DbError> {
    let at = Utc::now();
    let by = By {
        clerk_id: who.clerk_id,
        role,
        actor: db::audit::Actor {
            clerk_id: Some(who.clerk_id),
            login: Some(who.login.clone()),
            terminal: env.terminal.clone(),
        },
        at,
        today: dates::local_day(at, env.settings.tz),
    };
    let cfg = &env.settings.config.hardship;
    let (id, version) = file.unwrap_or((0, 0));
    let done = db::write(conn, |tx| match save {
        Save::Apply(a) => hardship_ops::apply(tx, cfg, &by, worker_id, a),
        Save::Edit(a) => hardship_ops::edit(tx, cfg, &by, id, version, a),
        Save::Review(r) => hardship_review::review(tx, &by, id, version, r),
        Save::Verify(v) => hardship_ops::verify(tx, &by, id, version, v),
    })?;
    let result = done.map(|f| f.file_no);
    let now = match hardship::open_for_worker(conn, worker_id)? {
        Some(f) => Some(f),
        None => hardship::of_worker(conn, worker_id)?.into_iter().next(),
    };
    let whole = match now {
        Some(f) => hardship::whole(conn, f.id)?.map(Box::new),
        None => None,
    };
    Ok(ClaimReply::HardshipSaved { worker_id, result, file: whole })
}

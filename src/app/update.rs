//! Dispatch: events in, state changes and effects out. Layers are computed from state, modal
//! first; the keymap table decides what a key means.

use super::form::{Form, FormReply};
use super::keymap::{self, Action, Key, Layer};
use super::*;
use crate::db::clerks::Login;
use crate::i18n::fill;

/// How long Alt+V shows a value.
pub const REVEAL_MS: u64 = 30_000;
const SCHEMA_CHECK_MS: u64 = 2_000;

impl App {
    pub fn update(&mut self, ev: Event) -> Vec<Effect> {
        match ev {
            Event::Tick(now, ms) => {
                let mut out = self.settle(ms);
                out.extend(self.tick(now, ms));
                out
            }
            Event::Resize(w, h) => {
                self.size = (w, h);
                vec![]
            }
            Event::Paste(text) => {
                self.last_input_ms = self.now_ms;
                self.paste(&text)
            }
            Event::Key(key, ms) => {
                self.now_ms = self.now_ms.max(ms);
                self.last_input_ms = self.now_ms;
                if self.too_small() {
                    return vec![];
                }
                if let Some(out) = self.gate_key(key, ms) {
                    return out;
                }
                self.flash = None;
                self.key(key, ms)
            }
            Event::Reply(reply) | Event::Answer(reply) => self.reply(reply),
        }
    }

    /// The layers whose keys work now, most specific first.
    pub fn layers(&self) -> Vec<Layer> {
        if let Some(l) = self.modal_layers() {
            return l;
        }
        match &self.modal {
            Some(Modal::Help) => return vec![Layer::Help],
            Some(Modal::Text { .. }) => return vec![Layer::Reading, Layer::Help],
            Some(Modal::RevealReason) => return vec![Layer::Reason],
            // A question (discard? quit?) locks and helps like any dialog: a clerk who presses
            // Alt+L and types the PIN must never confirm the question instead.
            Some(_) => return vec![Layer::Confirm, Layer::Dialog],
            None => {}
        }
        self.screen_layers()
    }

    /// The layers of the screen itself, as if no modal were open (what help lists).
    pub fn screen_layers(&self) -> Vec<Layer> {
        let mut layers = match &self.screen {
            Screen::Stale => vec![Layer::Stale],
            Screen::FirstRun(_) => vec![Layer::FirstRun],
            Screen::Login(_) => vec![Layer::Login],
            Screen::Main(s) if s.lock.is_some() => vec![Layer::Locked],
            Screen::Main(s) if s.tab == keymap::Tab::WalkIns => {
                let can_call = self.settings.window(&s.window).is_some_and(|w| w.can_call);
                return Self::walkins_layers(&s.walkins, can_call);
            }
            Screen::Main(s) if s.tab == keymap::Tab::Claims => return Self::claims_layers(&s.claims),
            Screen::Main(s) if s.tab == keymap::Tab::Letters => return Self::letters_layers(&s.letters),
            Screen::Main(s) if s.tab == keymap::Tab::Station => return Self::station_layers(&s.station),
            Screen::Main(s) if s.tab == keymap::Tab::Summary => return Self::summary_layers(&s.summary),
            Screen::Main(s) if s.tab == keymap::Tab::Admin => return Self::admin_layers(&s.admin),
            Screen::Main(_) => vec![Layer::Session],
        };
        match self.focused_form_ref() {
            Some(f) if !f.typing() => layers.push(Layer::Choice),
            Some(_) => {}
            None if layers == [Layer::Session] => layers.push(Layer::NotTyping),
            None => {}
        }
        layers
    }

    /// The screen's form, modal or not.
    fn focused_form_ref(&self) -> Option<&Form> {
        match &self.screen {
            Screen::FirstRun(f) => Some(&f.form),
            Screen::Login(l) => Some(&l.form),
            Screen::Main(s) if s.lock.is_none() && s.tab == keymap::Tab::WalkIns => {
                (s.walkins.pane == walkins::Pane::Form).then_some(&s.walkins.form)
            }
            Screen::Main(s) if s.lock.is_none() && s.tab == keymap::Tab::Claims => {
                (s.claims.pane == claims::Pane::Id).then_some(&s.claims.form)
            }
            Screen::Main(s) if s.lock.is_none() && s.tab == keymap::Tab::Letters => s.letters.active_form(),
            Screen::Main(s) if s.lock.is_none() && s.tab == keymap::Tab::Station => s.station.active_form(),
            Screen::Main(s) if s.lock.is_none() && s.tab == keymap::Tab::Admin => {
                (s.admin.view == admin::View::Audit).then_some(&s.admin.search)
            }
            Screen::Main(s) => s.lock.as_ref().map(|l| &l.pin),
            Screen::Stale => None,
        }
    }

    fn focused_form(&mut self) -> Option<&mut Form> {
        if self.modal.is_some() {
            return None;
        }
        match &mut self.screen {
            Screen::FirstRun(f) => Some(&mut f.form),
            Screen::Login(l) => Some(&mut l.form),
            Screen::Main(s) => {
                if s.lock.is_some() {
                    return s.lock.as_mut().map(|l| &mut l.pin);
                }
                let on_form = s.tab == keymap::Tab::WalkIns && s.walkins.pane == walkins::Pane::Form;
                on_form.then_some(&mut s.walkins.form)
            }
            Screen::Stale => None,
        }
    }

    fn key(&mut self, key: crossterm::event::KeyEvent, ms: u64) -> Vec<Effect> {
        let layers = self.layers();
        let k = Key::from_event(&key);
        if self.leader {
            self.leader = false;
            return match k {
                Some(Key::Char(c)) | Some(Key::Ctrl(c)) => match keymap::lookup_leader(&layers, c) {
                    Some(b) => self.act(b.action),
                    None => {
                        self.flash = Some(fill(self.ui.leader_unknown, &[("key", &c)]));
                        vec![]
                    }
                },
                _ => vec![],
            };
        }
        if self.modal == Some(Modal::RevealReason)
            && let Some(Key::Char(c)) = k
        {
            return self.reveal_with(c);
        }
        // What a dialog shares with the shell (lock, help, the leader) comes before its own keys.
        if self.modal.is_some()
            && let Some(b) = k.and_then(|k| keymap::lookup(&layers, k))
            && b.layer == Layer::Dialog
        {
            return self.act(b.action);
        }
        if let Some(out) = self.modal_key(key, ms) {
            return out;
        }
        let binding = k.and_then(|k| keymap::lookup(&layers, k));
        if self.modal.is_none()
            && let Some(tab) = self.room()
        {
            if let Some(b) = binding
                && (b.layer == Layer::Session || b.layer == Layer::NotTyping)
            {
                return self.act(b.action);
            }
            let action = binding.map(|b| b.action);
            return match tab {
                // Esc in F1's form asks about discarding it; in the list it returns to the form.
                keymap::Tab::WalkIns
                    if action == Some(Action::Back)
                        && matches!(&self.screen, Screen::Main(s) if s.walkins.pane == crate::rooms::walkins::Pane::Form) =>
                {
                    self.act(Action::Back)
                }
                keymap::Tab::WalkIns => self.walkins_key(key, ms, action),
                keymap::Tab::Claims => self.claims_key(key, ms, action),
                keymap::Tab::Letters => self.letters_key(key, ms, action),
                keymap::Tab::Station => self.station_key(key, ms, action),
                keymap::Tab::Summary => match (action, k) {
                    (Some(a), _) => self.summary_act(a),
                    // Digits pick a preset (the keymap lists them as one display-only binding).
                    (None, Some(Key::Char(c))) => self.summary_digit(c),
                    _ => vec![],
                },
                keymap::Tab::Admin => self.admin_key(key, ms, action),
            };
        }
        let form_key = binding.is_none_or(|b| {
            matches!(
                b.action,
                Action::NextField
                    | Action::PrevField
                    | Action::Submit
                    | Action::LogIn
                    | Action::Unlock
                    | Action::Pick
            )
        });
        if form_key && let Some(form) = self.focused_form() {
            return match form.handle_key(key, ms) {
                FormReply::Submit => self.submit(),
                FormReply::Consumed => vec![],
                FormReply::Burst(_) => self.swipe_ignored(),
                FormReply::Ignored => binding.map(|b| self.act(b.action)).unwrap_or_default(),
            };
        }
        binding.map(|b| self.act(b.action)).unwrap_or_default()
    }

    /// A card swiped where no ID is asked (the lock, the login): nothing of it is kept or tried
    /// as a PIN.
    fn swipe_ignored(&mut self) -> Vec<Effect> {
        if let Screen::Main(s) = &mut self.screen
            && let Some(lock) = &mut s.lock
        {
            lock.message = Some(self.ui.f1c.lock_swipe.into());
        }
        vec![]
    }

    fn act(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Confirm => return self.confirm(),
            Action::Cancel => self.modal = self.beneath.pop(),
            Action::Help => {
                // Help over a dialog keeps the dialog, with what was typed, for after.
                if let Some(open) = self.modal.take() {
                    self.beneath.push(open);
                }
                self.modal = Some(Modal::Help);
            }
            Action::Quit => self.modal = Some(Modal::ConfirmQuit),
            Action::SwitchClerk => self.modal = Some(Modal::ConfirmSwitch),
            Action::ChangePin => self.modal = Some(self.pin_form()),
            Action::Lock => return self.lock(),
            Action::Reveal => self.ask_reveal(),
            Action::Leader => self.leader = true,
            Action::GoTab(tab) => {
                self.go_tab(tab);
                let mut out = self.refresh();
                out.extend(self.letters_entered());
                return out;
            }
            Action::Back => {
                if self.focused_form().is_some_and(|f| f.is_dirty()) {
                    self.modal = Some(Modal::ConfirmDiscard);
                }
            }
            Action::Submit | Action::LogIn | Action::Unlock => {
                if let Some(Modal::Form(_)) = &self.modal {
                    let Some(Modal::Form(f)) = self.modal.take() else { return vec![] };
                    return self.form_submitted(f);
                }
                if self.room().is_none() {
                    return self.submit();
                }
                return self.room_act(Action::Submit);
            }
            Action::NextField | Action::PrevField | Action::Pick => {}
            other => return self.room_act(other),
        }
        vec![]
    }

    /// An action for the tab in front.
    fn room_act(&mut self, action: Action) -> Vec<Effect> {
        match self.room() {
            Some(keymap::Tab::WalkIns) => self.walkins_act(action),
            Some(keymap::Tab::Claims) => self.claims_act(action),
            Some(keymap::Tab::Letters) => self.letters_act(action),
            Some(keymap::Tab::Station) => self.station_act(action),
            Some(keymap::Tab::Summary) => self.summary_act(action),
            Some(keymap::Tab::Admin) => self.admin_act(action),
            None => vec![],
        }
    }

    /// The tab in front, on an unlocked session: the room keys and pastes go to.
    pub(crate) fn room(&self) -> Option<keymap::Tab> {
        match &self.screen {
            Screen::Main(s) if s.lock.is_none() => Some(s.tab),
            _ => None,
        }
    }

    /// A paste goes to the focused field of the topmost form: a dialog's, else the tab's, else
    /// the login, first-run or lock screen's. A dialog without a form takes none.
    fn paste(&mut self, text: &str) -> Vec<Effect> {
        let (cut, out) = match &mut self.modal {
            Some(Modal::Form(f)) => (f.form.paste(text), vec![]),
            Some(_) => return vec![],
            None => match self.room() {
                Some(keymap::Tab::WalkIns) => self.walkins_paste(text),
                Some(keymap::Tab::Claims) => (self.claims_paste(text), vec![]),
                Some(keymap::Tab::Letters) => (self.letters_paste(text), vec![]),
                Some(keymap::Tab::Station) => (self.station_paste(text), vec![]),
                Some(keymap::Tab::Summary) => (0, vec![]),
                Some(keymap::Tab::Admin) => (self.admin_paste(text), vec![]),
                None => (self.focused_form().map_or(0, |f| f.paste(text)), vec![]),
            },
        };
        if cut > 0 {
            // Never cut short in silence: the clerk sees that part of it is not there.
            self.flash = Some(fill(self.ui.paste_cut, &[("n", &cut)]));
        }
        out
    }

    fn go_tab(&mut self, tab: keymap::Tab) {
        let ui = self.ui;
        if let Screen::Main(s) = &mut self.screen {
            if s.tabs().contains(&tab) {
                let again = s.tab == tab;
                let left_claims = s.tab == keymap::Tab::Claims && !again;
                s.tab = tab;
                s.revealable = None;
                s.revealed = None;
                if tab == keymap::Tab::Letters && !s.letters.form.is_dirty() {
                    // The ticket being served, or a look-up of the last few minutes.
                    crate::rooms::letters::prefill::fill_compose(s, ui, self.now_ms);
                }
                if tab == keymap::Tab::WalkIns && !again {
                    // Back on F1 the keys are where the screen shows them: the form.
                    s.walkins.pane = crate::rooms::walkins::Pane::Form;
                }
                if left_claims {
                    // After the letter took its worker: F2 comes back empty.
                    s.claims.fresh();
                }
                if tab == keymap::Tab::Claims {
                    // F2 puts the cursor in the ID field; pressed on F2, it starts the next worker.
                    s.claims.pane = claims::Pane::Id;
                    if again {
                        s.claims.fresh();
                    }
                }
            } else {
                let role = role_name(ui, s.clerk.role);
                self.flash = Some(fill(ui.tab_forbidden, &[("role", &role), ("tab", &tab.title(ui))]));
            }
        }
    }

    fn confirm(&mut self) -> Vec<Effect> {
        match self.modal.take() {
            Some(Modal::ConfirmQuit) => {
                self.quit = true;
                let mut out: Vec<Effect> = self.note("logout").into_iter().map(Effect::Audit).collect();
                out.push(Effect::Quit);
                out
            }
            Some(Modal::ConfirmSwitch) => {
                let note = self.note("switch_clerk");
                // Another clerk logs in next: nothing of this one's stays open.
                self.beneath.clear();
                self.screen =
                    Screen::Login(LoginScreen::new(self.ui, &self.settings, self.fixed_window.is_none()));
                note.map(Effect::Audit).into_iter().collect()
            }
            Some(Modal::Ask { then, .. }) => self.asked(then),
            Some(Modal::Review(r)) => self.asked(r.then),
            Some(Modal::ConfirmDiscard) if matches!(self.beneath.last(), Some(Modal::Form(_))) => {
                // The dialog asked about is dropped; whatever was under it comes back.
                self.beneath.pop();
                self.modal = self.beneath.pop();
                vec![]
            }
            Some(Modal::ConfirmDiscard) => {
                let due = self.default_due();
                if let Screen::Main(s) = &mut self.screen
                    && s.lock.is_none()
                    && s.tab == keymap::Tab::WalkIns
                {
                    s.walkins.fresh();
                    s.revealable = None;
                } else if let Screen::Main(s) = &mut self.screen
                    && s.lock.is_none()
                    && s.tab == keymap::Tab::Letters
                {
                    s.letters.discard(self.ui, &self.settings);
                    s.revealable = None;
                } else if let Screen::Main(s) = &mut self.screen
                    && s.lock.is_none()
                    && s.tab == keymap::Tab::Station
                {
                    s.station.discard(self.ui, &self.settings, due);
                } else if let Some(f) = self.focused_form() {
                    f.clear();
                }
                vec![]
            }
            _ => vec![],
        }
    }

    /// An audit note for the logged-in clerk.
    fn note(&self, action: &'static str) -> Option<AuditNote> {
        let Screen::Main(s) = &self.screen else { return None };
        Some(AuditNote {
            clerk_id: Some(s.clerk.id),
            login: Some(s.clerk.login.clone()),
            action,
            worker_id: None,
            worker_masked: None,
            reason: None,
            detail: Some(format!("window={}", s.window)),
        })
    }

    fn lock(&mut self) -> Vec<Effect> {
        let ui = self.ui;
        let note = self.note("lock");
        if let Screen::Main(s) = &mut self.screen
            && s.lock.is_none()
        {
            s.lock = Some(Lock::new(ui));
            s.revealed = None;
            // The half-typed form stays for its clerk, but no edit history survives a lock.
            s.walkins.form.forget_history();
            s.claims.form.forget_history();
            s.letters.form.forget_history();
            s.station.entry.forget_history();
            s.station.search.forget_history();
            self.leader = false;
            // A dialog open at the lock waits under it for its clerk; help or a question goes.
            if let Some(m @ (Modal::Form(_) | Modal::Pick(_))) = self.modal.take() {
                self.beneath.push(m);
            }
            return note.map(Effect::Audit).into_iter().collect();
        }
        vec![]
    }

    fn ask_reveal(&mut self) {
        if let Screen::Main(s) = &self.screen {
            if s.revealable.is_some() {
                self.modal = Some(Modal::RevealReason);
            } else {
                self.flash = Some(self.ui.reveal_nothing.to_string());
            }
        }
    }

    fn reveal_with(&mut self, c: char) -> Vec<Effect> {
        let reasons = self.settings.config.privacy.reveal_reasons.clone();
        let Some(n) = crate::domain::text::fold_char(c).to_digit(10).map(|d| d as usize) else {
            return vec![];
        };
        if n == 0 || n > reasons.len() {
            return vec![];
        }
        self.modal = None;
        let mut note = self.note("reveal");
        let until_ms = self.now_ms + REVEAL_MS;
        if let Screen::Main(s) = &mut self.screen
            && let Some(value) = s.revealable.clone()
        {
            if let Some(n_) = note.as_mut() {
                n_.worker_id = value.worker_id;
                n_.worker_masked = Some(value.masked.clone());
                n_.reason = Some(reasons[n - 1].clone());
            }
            s.revealed = Some(Revealed { value, until_ms });
            self.flash = Some(fill(self.ui.reveal_shown, &[("secs", &(REVEAL_MS / 1000))]));
        }
        note.map(Effect::Audit).into_iter().collect()
    }

    fn tick(&mut self, now: DateTime<Utc>, ms: u64) -> Vec<Effect> {
        self.now = now;
        self.now_ms = self.now_ms.max(ms);
        let idle_ms = self.settings.config.idle_lock_seconds * 1000;
        let mut out = vec![];
        if let Screen::Main(s) = &mut self.screen {
            if s.revealed.as_ref().is_some_and(|r| r.until_ms <= self.now_ms) {
                s.revealed = None;
            }
            if s.lock.is_none() && self.now_ms.saturating_sub(self.last_input_ms) >= idle_ms {
                out.extend(self.lock());
            }
        }
        if self.now_ms.saturating_sub(self.last_schema_check_ms) >= SCHEMA_CHECK_MS {
            self.last_schema_check_ms = self.now_ms;
            out.push(Effect::CheckSchema);
            out.push(Effect::CheckConfig);
            // The queue changes under other windows' hands: read it again as often.
            out.extend(self.refresh());
        }
        out
    }

    fn reply(&mut self, reply: Reply) -> Vec<Effect> {
        match reply {
            Reply::SchemaVersion(v) => {
                if v != self.schema_version {
                    self.screen = Screen::Stale;
                    self.modal = None;
                    self.beneath.clear();
                }
            }
            Reply::ConfigOnDisk(note) => self.config_note = note,
            Reply::FileDamaged(detail) => {
                self.pending = None;
                self.saves_blocked = true;
                self.flash = Some(fill(self.ui.db_failed, &[("detail", &detail)]));
            }
            Reply::Audited => {}
            Reply::Failed(detail) => {
                self.pending = None;
                self.flash = Some(fill(self.ui.db_failed, &[("detail", &detail)]));
            }
            Reply::SupervisorCreated(result) => {
                self.pending = None;
                self.first_run_done(result);
            }
            Reply::Login(outcome) => {
                self.pending = None;
                self.login_done(outcome);
                return self.refresh();
            }
            Reply::Unlock(outcome) => {
                self.pending = None;
                self.unlock_done(outcome);
                return self.refresh();
            }
            Reply::AccountDisabled => {
                self.pending = None;
                let effects = self.lock();
                if let Screen::Main(s) = &mut self.screen
                    && let Some(lock) = &mut s.lock
                {
                    lock.message = Some(self.lang.text().login_disabled.to_string());
                    lock.disabled = true;
                }
                return effects;
            }
            Reply::RoleChanged(role) => return self.role_changed(role),
            Reply::Claims(c) => return self.claims_reply(*c),
            Reply::Letters(l) => return self.letters_reply(*l),
            Reply::Station(r) => return self.station_reply(*r),
            Reply::PinChanged(result) => self.pin_changed(result),
            Reply::Admin(r) => return self.admin_reply(*r),
            Reply::Ledger(r) => self.ledger_reply(*r),
            Reply::Summary(r) => {
                let (period, result) = *r;
                self.summary_reply(period, result);
            }
            Reply::Walk(w) => {
                if matches!(*w, walkins::WalkReply::Registered(_)) {
                    self.pending = None;
                }
                return self.walkins_reply(*w);
            }
        }
        vec![]
    }

    /// One line for a refused login, in the user's language.
    pub(crate) fn login_message(&self, outcome: &Login) -> String {
        let t = self.lang.text();
        match outcome {
            Login::Wrong { attempts_left } => fill(t.login_wrong, &[("left", attempts_left)]),
            Login::Locked { until } => {
                let local = until.with_timezone(&self.settings.tz).format("%H:%M:%S");
                fill(t.login_locked, &[("until", &local)])
            }
            Login::Disabled => t.login_disabled.to_string(),
            Login::Ok(_) => String::new(),
        }
    }
}

pub fn role_name(ui: &crate::i18n::Ui, role: crate::domain::Role) -> &'static str {
    use crate::domain::Role::*;
    match role {
        Clerk => ui.role_clerk,
        Supervisor => ui.role_supervisor,
        Volunteer => ui.role_volunteer,
        Auditor => ui.role_auditor,
    }
}

mod role;
mod submit;

//! Key sequences through the real app and the real effect executor on a temp database.

use super::keymap::Tab;
use super::*;
use crate::app::form::FieldId;
use crate::db::{self, OpenMode, clerks};
use crate::domain::Role;
use chrono::TimeZone;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const PIN: &str = "602814";

struct Harness {
    app: App,
    db: db::Db,
    _dir: tempfile::TempDir,
    ms: u64,
    effects: Vec<Effect>,
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 1, 41, 0).unwrap()
}

impl Harness {
    fn new(window: Option<&str>) -> Self {
        Self::with(window, &[("8001", "周主任", Role::Supervisor), ("8002", "吴窗口", Role::Clerk)])
    }

    fn with(window: Option<&str>, accounts: &[(&str, &str, Role)]) -> Self {
        Self::configured(window, accounts, crate::config::Settings::builtin(), tempfile::tempdir().unwrap())
    }

    fn configured(
        window: Option<&str>,
        accounts: &[(&str, &str, Role)],
        settings: crate::config::Settings,
        dir: tempfile::TempDir,
    ) -> Self {
        Self::configured_in(window, accounts, settings, dir, crate::i18n::Lang::Zh)
    }

    /// The built-in config with the screen in `lang`.
    fn with_lang(window: Option<&str>, accounts: &[(&str, &str, Role)], lang: crate::i18n::Lang) -> Self {
        let settings = crate::config::Settings::builtin();
        Self::configured_in(window, accounts, settings, tempfile::tempdir().unwrap(), lang)
    }

    fn configured_in(
        window: Option<&str>,
        accounts: &[(&str, &str, Role)],
        settings: crate::config::Settings,
        dir: tempfile::TempDir,
        lang: crate::i18n::Lang,
    ) -> Self {
        let db = db::open(&dir.path().join("fd.db"), OpenMode::Create).unwrap();
        let hash = crate::domain::pin::hash_pin(PIN, &[3; 16]).unwrap();
        for (login, name, role) in accounts {
            clerks::insert(&db.conn, login, name, *role, &hash, now()).unwrap();
        }
        let setup = Setup {
            settings: settings.clone(),
            lang,
            window: window.map(str::to_string),
            demo: false,
            first_run: accounts.is_empty(),
            config_differs: false,
            schema_version: db::LATEST_VERSION,
            auto_login: None,
        };
        Harness { app: App::new(setup, now()), db, _dir: dir, ms: 1_000, effects: vec![] }
    }

    fn send(&mut self, ev: Event) {
        let queue = self.app.update(ev);
        self.run(queue);
    }

    /// Runs effects on the real executor, feeding each answer back to the app.
    fn run(&mut self, mut queue: Vec<Effect>) {
        while !queue.is_empty() {
            let effect = queue.remove(0);
            self.effects.push(effect.clone());
            let env = self.env();
            if let Some(reply) = crate::app::execute(&mut self.db.conn, &env, effect) {
                queue.extend(self.app.update(Event::Reply(reply)));
            }
        }
    }

    /// What the effects run with: this terminal, the settings, Chinese, the temp file.
    fn env(&self) -> crate::app::Env {
        crate::app::Env {
            terminal: "test".into(),
            settings: self.app.settings.clone(),
            lang: crate::i18n::Lang::Zh,
            db_path: self.db.path.clone(),
        }
    }

    fn key(&mut self, code: KeyCode, mods: KeyModifiers) {
        self.ms += 200;
        self.send(Event::Key(KeyEvent::new(code, mods), self.ms));
        // A digit over a numbered dialog waits to be known as a person's, as the kiosk's loop
        // settles it once a card reader's pace has passed.
        if self.app.holding() {
            self.ms += crate::app::gate::GAP_MS + 5;
            let settled = self.app.settle(self.ms);
            self.run(settled);
        }
    }

    fn press(&mut self, code: KeyCode) {
        self.key(code, KeyModifiers::NONE);
    }

    fn alt(&mut self, c: char) {
        self.key(KeyCode::Char(c), KeyModifiers::ALT);
    }

    fn ctrl(&mut self, c: char) {
        self.key(KeyCode::Char(c), KeyModifiers::CONTROL);
    }

    fn typ(&mut self, s: &str) {
        for c in s.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// The screen at 80×24 as text, a wide character once.
    fn screen(&self) -> String {
        self.screen_of(80, 24)
    }

    /// The screen drawn on a terminal of `cols` × `rows`.
    fn screen_of(&self, cols: u16, rows: u16) -> String {
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(cols, rows)).unwrap();
        term.draw(|f| crate::ui::draw(f, &self.app)).unwrap();
        let buf = term.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..rows {
            let mut skip = 0;
            for x in 0..cols {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = crate::domain::width::width(sym).saturating_sub(1);
                out.push_str(sym);
            }
            out.push('\n');
        }
        out
    }

    fn login(&mut self, login: &str, pin: &str) {
        self.typ(login);
        self.press(KeyCode::Enter);
        self.typ(pin);
        self.press(KeyCode::Enter);
    }

    fn session(&self) -> &Session {
        match &self.app.screen {
            Screen::Main(s) => s,
            _ => panic!("not logged in"),
        }
    }

    fn audit_actions(&self) -> Vec<String> {
        let mut s = self.db.conn.prepare("SELECT action FROM audit_log ORDER BY id").unwrap();
        s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
    }

    /// Draws a frame at 80×24, as the kiosk does after every batch of keys (lists learn how
    /// many rows they show).
    fn draw(&self) {
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        term.draw(|f| crate::ui::draw(f, &self.app)).unwrap();
    }

    fn tick(&mut self, advance_ms: u64) {
        self.ms += advance_ms;
        self.send(Event::Tick(now(), self.ms));
    }
}

#[test]
fn login_with_a_fixed_window_opens_f1_for_a_supervisor() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    let s = h.session();
    assert_eq!((s.clerk.login.as_str(), s.window.as_str(), s.tab), ("8001", "w1", Tab::WalkIns));
    assert!(h.audit_actions().contains(&"login".to_string()));
}

#[test]
fn a_wrong_pin_says_attempts_left_and_five_lock_the_account() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", "000000");
    let Screen::Login(l) = &h.app.screen else { panic!() };
    assert_eq!(l.message.as_deref(), Some("工号或PIN错误，还可尝试 4 次"));
    assert_eq!(l.form.value(FieldId::Login), "8002", "the login stays");
    assert_eq!(l.form.value(FieldId::Pin), "");
    for _ in 0..4 {
        h.typ("000000");
        h.press(KeyCode::Enter);
    }
    let Screen::Login(l) = &h.app.screen else { panic!() };
    assert!(l.message.as_deref().unwrap().contains("锁定"), "{:?}", l.message);
    h.typ(PIN);
    h.press(KeyCode::Enter);
    assert!(matches!(h.app.screen, Screen::Login(_)), "locked out even with the right PIN");
    // Unknown logins get the same message.
    let mut h = Harness::new(Some("w1"));
    h.login("7777", PIN);
    let Screen::Login(l) = &h.app.screen else { panic!() };
    assert_eq!(l.message.as_deref(), Some("工号或PIN错误，还可尝试 4 次"));
}

#[test]
fn the_window_is_picked_by_number_when_not_configured() {
    let mut h = Harness::new(None);
    h.login("8002", PIN);
    assert!(matches!(h.app.screen, Screen::Login(_)), "Enter on PIN moves to the window picker");
    assert!(h.app.layers().contains(&keymap::Layer::Choice));
    h.press(KeyCode::Enter);
    let Screen::Login(l) = &h.app.screen else { panic!() };
    assert_eq!(l.form.field(FieldId::Window).unwrap().error.as_deref(), Some("请按数字选择窗口"));
    h.typ("2");
    h.press(KeyCode::Enter);
    assert_eq!(h.session().window, "w2");
}

#[test]
fn tabs_by_f_key_alt_digit_and_leader_follow_the_role() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    h.press(KeyCode::F(2));
    assert_eq!(h.session().tab, Tab::Claims);
    h.alt('3');
    assert_eq!(h.session().tab, Tab::Letters);
    h.ctrl('g');
    assert!(h.app.leader);
    h.typ("4");
    assert_eq!(h.session().tab, Tab::Station);
    // A clerk has no F5 or F6.
    h.press(KeyCode::F(6));
    assert_eq!(h.session().tab, Tab::Station);
    assert!(h.app.flash.as_deref().unwrap().contains("管理"));
    h.ctrl('g');
    h.typ("x");
    assert!(!h.app.leader, "an unknown leader key cancels");
    assert_eq!(h.session().tab, Tab::Station);
}

#[test]
fn auditors_open_on_the_summary_and_volunteers_on_the_station() {
    let accounts = [("8003", "张志愿", Role::Volunteer), ("8004", "王经审", Role::Auditor)];
    let mut h = Harness::with(Some("w1"), &accounts);
    h.login("8004", PIN);
    assert_eq!(h.session().tab, Tab::Summary);
    assert_eq!(h.session().tabs(), vec![Tab::Summary, Tab::Admin]);
    let mut h = Harness::with(Some("w1"), &accounts);
    h.login("8003", PIN);
    assert_eq!(h.session().tab, Tab::Station);
    h.press(KeyCode::F(2));
    assert_eq!(h.session().tab, Tab::Station, "volunteers never reach claims");
}

#[test]
fn help_opens_from_every_key_and_closes_with_esc() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    for open in [KeyCode::F(12), KeyCode::Char('?'), KeyCode::Char('？')] {
        h.press(open);
        assert_eq!(h.app.modal, Some(Modal::Help), "{open:?}");
        h.press(KeyCode::Esc);
        assert_eq!(h.app.modal, None);
    }
    h.alt('h');
    assert_eq!(h.app.modal, Some(Modal::Help));
    // Keys under a modal do not leak through.
    h.press(KeyCode::F(2));
    assert_eq!(h.session().tab, Tab::WalkIns);
}

#[test]
fn lock_hides_and_only_the_same_clerks_pin_unlocks() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    h.alt('l');
    assert!(h.session().lock.is_some());
    h.typ("000000");
    h.press(KeyCode::Enter);
    let lock = h.session().lock.as_ref().unwrap();
    assert!(lock.message.as_deref().unwrap().contains("还可尝试 4 次"));
    // Tabs do not work while locked.
    h.press(KeyCode::F(2));
    assert_eq!(h.session().tab, Tab::WalkIns);
    h.typ(PIN);
    h.press(KeyCode::Enter);
    assert!(h.session().lock.is_none());
    let actions = h.audit_actions();
    assert!(actions.contains(&"lock".to_string()) && actions.contains(&"login_failed".to_string()));
}

#[test]
fn idle_time_locks_the_screen() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    h.tick(299_000);
    assert!(h.session().lock.is_none());
    h.tick(2_000);
    assert!(h.session().lock.is_some());
}

#[test]
fn switch_clerk_confirms_and_is_audited() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    h.alt('u');
    assert_eq!(h.app.modal, Some(Modal::ConfirmSwitch));
    h.press(KeyCode::Esc);
    assert!(matches!(h.app.screen, Screen::Main(_)));
    h.alt('u');
    h.press(KeyCode::Enter);
    assert!(matches!(h.app.screen, Screen::Login(_)));
    assert!(h.audit_actions().contains(&"switch_clerk".to_string()));
    h.login("8001", PIN);
    assert_eq!(h.session().clerk.login, "8001");
}

#[test]
fn quitting_asks_first_and_control_keys_do_nothing() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    for c in ['c', 'z', 's', 'q', 'd'] {
        h.ctrl(c);
    }
    assert!(!h.app.quit && h.app.modal.is_none());
    h.alt('q');
    assert_eq!(h.app.modal, Some(Modal::ConfirmQuit));
    h.press(KeyCode::Esc);
    assert!(!h.app.quit);
    h.alt('q');
    h.press(KeyCode::Enter);
    assert!(h.app.quit);
    assert!(h.effects.contains(&Effect::Quit));
}

#[test]
fn a_schema_upgrade_under_the_program_asks_to_log_in_again() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    h.db.conn.pragma_update(None, "user_version", db::LATEST_VERSION + 1).unwrap();
    h.tick(2_500);
    assert!(matches!(h.app.screen, Screen::Stale));
    h.press(KeyCode::F(1));
    assert!(matches!(h.app.screen, Screen::Stale));
}

#[test]
fn reveal_asks_a_reason_is_audited_and_masks_again() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    h.alt('v');
    assert_eq!(h.app.flash.as_deref(), Some("此处没有可显示的内容"));
    if let Screen::Main(s) = &mut h.app.screen {
        s.revealable = Some(Revealable {
            worker_id: Some(7),
            masked: "110105********002X".into(),
            full: "11010519491231002X".into(),
        });
    }
    h.alt('v');
    assert_eq!(h.app.modal, Some(Modal::RevealReason));
    h.typ("1");
    assert!(h.session().revealed.is_some());
    let reason: String = h
        .db
        .conn
        .query_row("SELECT reason || '|' || worker_masked FROM audit_log WHERE action = 'reveal'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(reason, "核对身份|110105********002X");
    h.tick(31_000);
    assert!(h.session().revealed.is_none());
}

#[test]
fn first_run_creates_the_supervisor_and_keeps_input_on_errors() {
    let mut h = Harness::with(None, &[]);
    assert!(matches!(h.app.screen, Screen::FirstRun(_)));
    h.typ("9001");
    h.press(KeyCode::Tab);
    h.typ("周主任");
    h.press(KeyCode::Tab);
    h.typ("123456");
    h.press(KeyCode::Tab);
    h.typ("123456");
    h.alt('s');
    let Screen::FirstRun(f) = &h.app.screen else { panic!() };
    assert_eq!(f.form.focused().name, FieldId::Pin);
    assert_eq!(f.form.field(FieldId::Pin).unwrap().error.as_deref(), Some("PIN 过于简单：连续数字"));
    assert_eq!(f.form.value(FieldId::Name), "周主任");
    // Fix the PIN; typing replaces what is there.
    h.key(KeyCode::Char('u'), KeyModifiers::CONTROL);
    h.typ("602814");
    h.press(KeyCode::Tab);
    h.key(KeyCode::Char('u'), KeyModifiers::CONTROL);
    h.typ("602814");
    h.press(KeyCode::Enter);
    let Screen::Login(l) = &h.app.screen else { panic!("expected login") };
    assert_eq!(l.form.value(FieldId::Login), "9001");
    let c = clerks::by_login(&h.db.conn, "9001").unwrap().unwrap();
    assert_eq!(c.role, Role::Supervisor);
}

#[test]
fn esc_asks_before_typed_data_is_lost() {
    let mut h = Harness::with(None, &[]);
    h.press(KeyCode::Esc);
    assert_eq!(h.app.modal, None, "nothing typed: nothing to ask");
    h.typ("9001");
    h.press(KeyCode::Tab);
    h.typ("周主任");
    h.press(KeyCode::Esc);
    assert_eq!(h.app.modal, Some(Modal::ConfirmDiscard));
    h.press(KeyCode::Esc);
    let Screen::FirstRun(f) = &h.app.screen else { panic!() };
    assert_eq!(f.form.value(FieldId::Name), "周主任", "Esc on the question keeps everything");
    h.press(KeyCode::Esc);
    h.press(KeyCode::Enter);
    let Screen::FirstRun(f) = &h.app.screen else { panic!() };
    assert!(!f.form.is_dirty());
    assert_eq!(f.form.focus, 0);
}

#[test]
fn paste_goes_into_the_focused_field_cleaned() {
    let mut h = Harness::new(Some("w1"));
    h.send(Event::Paste("80\r\n02".into()));
    let Screen::Login(l) = &h.app.screen else { panic!() };
    assert_eq!(l.form.value(FieldId::Login), "8002");
}

#[test]
fn a_slow_save_is_shown_as_waiting() {
    let mut h = Harness::new(Some("w1"));
    h.app.pending = Some(h.ms);
    h.tick(100);
    assert_eq!(h.app.waiting(), None);
    h.tick(400);
    assert_eq!(h.app.waiting(), Some("正在保存…"));
    h.tick(2_000);
    assert_eq!(h.app.waiting(), Some("正在等待其他终端完成写入…"));
}

#[path = "../rooms/walkins/tests.rs"]
mod walkins;

#[path = "../rooms/walkins/tests_counter.rs"]
mod walkins_counter;

#[path = "../rooms/walkins/tests_select.rs"]
mod walkins_select;

#[path = "../rooms/claims/tests.rs"]
mod claims;

#[path = "../rooms/letters/tests.rs"]
mod letters;

#[path = "../rooms/letters/tests_chain.rs"]
mod letters_chain;

#[path = "../rooms/station/tests.rs"]
mod station;

#[path = "../rooms/station/tests_select.rs"]
mod station_select;

#[path = "../rooms/station/tests_checks.rs"]
mod station_checks;

#[path = "../rooms/station/tests_fit.rs"]
mod station_fit;

#[path = "../rooms/station/tests_steps.rs"]
mod station_steps;

#[path = "../rooms/station/tests_deposit.rs"]
mod station_deposit;

#[path = "../rooms/summary/tests.rs"]
mod summary;

#[path = "../rooms/summary/tests_fund_fixture.rs"]
mod fund_fixture;

#[test]
fn a_clerk_changes_their_own_pin_from_any_tab() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    h.press(KeyCode::F(4));
    h.alt('i');
    assert!(matches!(h.app.modal, Some(Modal::Form(_))));
    h.typ(PIN);
    h.press(KeyCode::Tab);
    h.typ("123456");
    h.press(KeyCode::Tab);
    h.typ("123456");
    h.alt('s');
    let Some(Modal::Form(m)) = &h.app.modal else { panic!("a weak PIN keeps the form") };
    assert!(m.form.field(FieldId::New).unwrap().error.is_some());
    assert_eq!(m.form.value(FieldId::Old), PIN, "what was typed stays");
    h.app.modal = None;
    // A wrong current PIN is refused and counts toward the lock-out.
    h.alt('i');
    h.typ("999999");
    h.press(KeyCode::Tab);
    h.typ("739184");
    h.press(KeyCode::Tab);
    h.typ("739184");
    h.alt('s');
    assert!(h.app.flash.as_deref().unwrap().contains('4'), "attempts left: {:?}", h.app.flash);
    h.alt('i');
    h.typ(PIN);
    h.press(KeyCode::Tab);
    h.typ("739184");
    h.press(KeyCode::Tab);
    h.typ("739184");
    h.alt('s');
    assert_eq!(h.app.flash.as_deref(), Some("PIN 已修改，下次登录用新 PIN"));
    assert!(h.audit_actions().contains(&"pin_change".to_string()));
    let hash: String =
        h.db.conn.query_row("SELECT pin_hash FROM clerks WHERE login = '8002'", [], |r| r.get(0)).unwrap();
    assert!(crate::domain::pin::verify_pin("739184", &hash) && !crate::domain::pin::verify_pin(PIN, &hash));
}

#[path = "../rooms/admin/tests.rs"]
mod admin;

#[path = "tests_roles.rs"]
mod roles;

#[path = "tests_audit.rs"]
mod audit;

#[path = "tests_keys.rs"]
mod keys;

#[path = "../rooms/admin/tests_accounts.rs"]
mod admin_accounts;

#[path = "../rooms/admin/tests_desk.rs"]
mod admin_desk;

#[path = "../rooms/admin/tests_audit_rows.rs"]
mod admin_audit_rows;

#[path = "../rooms/admin/tests_budgets.rs"]
mod admin_budgets;

#[path = "tests_fit_en.rs"]
mod fit_en;

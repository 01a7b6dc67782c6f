//! Screens on ratatui's TestBackend at 80×24 and 120×40, zh-CN and en, ambiguous width 1 and 2.

mod common;
use chrono::{TimeZone, Utc};
use common::screen::render;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::app::{App, Event, Lock, Modal, Screen, Setup};
use frontdesk::config::{Settings, Source};
use frontdesk::db::clerks::Clerk;
use frontdesk::domain::Role;
use frontdesk::i18n::Lang;

fn settings(amb: u8) -> Settings {
    let text = format!("ambiguous_width = {amb}\n");
    Settings::parse(&text, Source::BuiltIn).unwrap()
}

fn app(lang: Lang, amb: u8, window: Option<&str>, clerk: Option<Clerk>) -> App {
    let setup = Setup {
        settings: settings(amb),
        lang,
        window: window.map(str::to_string),
        demo: true,
        first_run: false,
        config_differs: false,
        schema_version: frontdesk::db::LATEST_VERSION,
        auto_login: clerk,
    };
    // 09:41 in Shanghai.
    App::new(setup, Utc.with_ymd_and_hms(2026, 11, 28, 1, 41, 0).unwrap())
}

fn clerk(role: Role) -> Clerk {
    let (login, name) = match role {
        Role::Supervisor => ("9001", "周主任"),
        Role::Clerk => ("9002", "李小窗"),
        Role::Volunteer => ("9003", "张志愿"),
        Role::Auditor => ("9004", "王经审"),
    };
    Clerk { id: 1, login: login.into(), name: name.into(), role, disabled: false }
}

fn key(app: &mut App, code: KeyCode) {
    app.update(Event::Key(KeyEvent::new(code, KeyModifiers::NONE), 5_000));
    // A digit over a numbered dialog waits out a card reader's pace; a person's is then applied.
    if app.holding() {
        app.settle(app.now_ms + 100);
    }
}

fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

#[test]
fn login_screens() {
    let mut a = app(Lang::Zh, 1, None, None);
    typ(&mut a, "9002");
    insta::assert_snapshot!("login_zh_80x24", render(&mut a, 80, 24));
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    insta::assert_snapshot!("login_errors_zh_80x24", render(&mut a, 80, 24));
    let mut a = app(Lang::En, 1, None, None);
    insta::assert_snapshot!("login_en_80x24", render(&mut a, 80, 24));
    let mut a = app(Lang::Zh, 2, None, None);
    insta::assert_snapshot!("login_zh_amb2_80x24", render(&mut a, 80, 24));
    let mut a = app(Lang::Zh, 1, Some("w1"), None);
    insta::assert_snapshot!("login_fixed_window_zh_120x40", render(&mut a, 120, 40));
}

#[test]
fn first_run_screen() {
    let setup = Setup {
        settings: settings(1),
        lang: Lang::Zh,
        window: None,
        demo: false,
        first_run: true,
        config_differs: false,
        schema_version: frontdesk::db::LATEST_VERSION,
        auto_login: None,
    };
    let mut a = App::new(setup, Utc.with_ymd_and_hms(2026, 11, 28, 0, 5, 0).unwrap());
    typ(&mut a, "9001");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "欧阳建国");
    insta::assert_snapshot!("first_run_zh_80x24", render(&mut a, 80, 24));
}

#[test]
fn main_shell_per_role() {
    for (role, name) in [
        (Role::Supervisor, "supervisor"),
        (Role::Clerk, "clerk"),
        (Role::Volunteer, "volunteer"),
        (Role::Auditor, "auditor"),
    ] {
        let mut a = app(Lang::Zh, 1, Some("w1"), Some(clerk(role)));
        insta::assert_snapshot!(format!("main_{name}_zh_80x24"), render(&mut a, 80, 24));
    }
    let mut a = app(Lang::En, 1, Some("w1"), Some(clerk(Role::Supervisor)));
    insta::assert_snapshot!("main_supervisor_en_80x24", render(&mut a, 80, 24));
    let mut a = app(Lang::Zh, 2, Some("w1"), Some(clerk(Role::Supervisor)));
    insta::assert_snapshot!("main_supervisor_zh_amb2_80x24", render(&mut a, 80, 24));
    let mut a = app(Lang::Zh, 1, Some("w4"), Some(clerk(Role::Clerk)));
    insta::assert_snapshot!("main_clerk_zh_120x40", render(&mut a, 120, 40));
}

#[test]
fn long_chinese_names_are_cut_by_display_width() {
    let text = "[centre]\nname = \"浙江省宁波市余姚市总工会职工服务中心阳明街道分中心\"\nshort = \"余工\"\nphone = \"0574-1\"\n";
    let settings = Settings::parse(text, Source::BuiltIn).unwrap();
    let mut long = clerk(Role::Clerk);
    long.name = "欧阳建国际华".into();
    let setup = Setup {
        settings,
        lang: Lang::Zh,
        window: Some("w4".into()),
        demo: true,
        first_run: false,
        config_differs: true,
        schema_version: frontdesk::db::LATEST_VERSION,
        auto_login: Some(long),
    };
    let mut a = App::new(setup, Utc.with_ymd_and_hms(2026, 11, 28, 1, 41, 0).unwrap());
    insta::assert_snapshot!("long_names_zh_80x24", render(&mut a, 80, 24));
}

#[test]
fn help_modal() {
    let mut a = app(Lang::Zh, 1, Some("w1"), Some(clerk(Role::Supervisor)));
    a.modal = Some(Modal::Help);
    insta::assert_snapshot!("help_zh_80x24", render(&mut a, 80, 24));
    let mut a = app(Lang::En, 2, Some("w1"), Some(clerk(Role::Clerk)));
    a.modal = Some(Modal::Help);
    insta::assert_snapshot!("help_clerk_en_amb2_80x24", render(&mut a, 80, 24));
}

#[test]
fn lock_quit_stale_and_too_small() {
    let mut a = app(Lang::Zh, 1, Some("w1"), Some(clerk(Role::Clerk)));
    if let Screen::Main(s) = &mut a.screen {
        s.lock = Some(Lock::new(a.ui));
    }
    typ(&mut a, "12");
    insta::assert_snapshot!("lock_zh_80x24", render(&mut a, 80, 24));
    let mut a = app(Lang::Zh, 1, Some("w1"), Some(clerk(Role::Clerk)));
    a.modal = Some(Modal::ConfirmQuit);
    insta::assert_snapshot!("quit_confirm_zh_80x24", render(&mut a, 80, 24));
    let mut a = app(Lang::Zh, 1, Some("w1"), Some(clerk(Role::Clerk)));
    a.screen = Screen::Stale;
    insta::assert_snapshot!("stale_zh_80x24", render(&mut a, 80, 24));
    let mut a = app(Lang::Zh, 1, Some("w1"), Some(clerk(Role::Clerk)));
    insta::assert_snapshot!("too_small_zh_79x24", render(&mut a, 79, 24));
    let mut a = app(Lang::En, 1, Some("w1"), Some(clerk(Role::Clerk)));
    insta::assert_snapshot!("too_small_en_80x23", render(&mut a, 80, 23));
}

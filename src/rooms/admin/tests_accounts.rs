//! F6's accounts from issue #28: oneself, confirmation, re-enabling, a taken login, through the
//! real key path on a temp database.

use super::*;
use crate::app::form::FieldId;

fn t(h: &Harness) -> &crate::rooms::admin::AdminTab {
    &h.session().admin
}

fn select(h: &mut Harness, login: &str) {
    for _ in 0..10 {
        h.press(KeyCode::Up);
    }
    while t(h).clerks.get(t(h).selected).is_some_and(|c| c.clerk.login != login) {
        h.press(KeyCode::Down);
    }
}

fn row(h: &Harness, login: &str) -> (String, bool) {
    h.db.conn
        .query_row("SELECT role, disabled FROM clerks WHERE login = ?1", [login], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap()
}

fn two_supervisors() -> Harness {
    let mut h = Harness::with(
        Some("w1"),
        &[
            ("8001", "周主任", Role::Supervisor),
            ("8003", "郑主任", Role::Supervisor),
            ("8002", "吴窗口", Role::Clerk),
        ],
    );
    h.login("8001", PIN);
    h.press(KeyCode::F(6));
    h
}

fn change_as_self(
    h: &mut Harness,
    change: crate::rooms::admin::AccountChange,
) -> crate::rooms::admin::AdminReply {
    let who = h.app.who().unwrap();
    let env = h.env();
    let op = crate::rooms::admin::AdminOp::Change { login: "8001".into(), change };
    match crate::app::execute(&mut h.db.conn, &env, Effect::Admin { who, op }) {
        Some(Reply::Admin(r)) => *r,
        other => panic!("{other:?}"),
    }
}

/// Disabling or demoting oneself was stored while the screen said 只有主管可以修改账号和配置:
/// now it is refused, said so, and nothing is stored (the database side refuses it too).
#[test]
fn a_supervisor_cannot_disable_or_demote_themselves() {
    let mut h = two_supervisors();
    select(&mut h, "8001");
    h.alt('d');
    if matches!(h.app.modal, Some(Modal::Ask { .. })) {
        h.press(KeyCode::Enter);
    }
    assert_eq!(h.app.flash.as_deref(), Some("不能停用自己的账号"));
    assert_eq!(row(&h, "8001"), ("supervisor".to_string(), false));
    h.alt('e');
    assert_eq!(h.app.flash.as_deref(), Some("不能更改自己的角色"));
    assert!(h.app.modal.is_none(), "no role to pick");
    h.typ("1");
    assert_eq!(row(&h, "8001"), ("supervisor".to_string(), false));
    let acts = h.audit_actions();
    assert!(!acts.iter().any(|a| a == "clerk_disable" || a == "clerk_set_role"), "{acts:?}");
    // Asked directly, the database side refuses both.
    use crate::rooms::admin::{AccountChange, AdminReply, Refused};
    let r = change_as_self(&mut h, AccountChange::Disable);
    assert_eq!(r, AdminReply::Done(Err(Refused::OwnAccount)));
    let r = change_as_self(&mut h, AccountChange::Role(Role::Clerk));
    assert_eq!(r, AdminReply::Done(Err(Refused::OwnRole)));
    assert_eq!(row(&h, "8001"), ("supervisor".to_string(), false));
    // The list is still readable: the session is the same supervisor's.
    assert_eq!(t(&h).clerks.len(), 3);
}

/// Alt+D disabled at once: now it asks, naming the account, and says what was done.
#[test]
fn disabling_asks_first_naming_the_account() {
    let mut h = two_supervisors();
    select(&mut h, "8002");
    h.alt('d');
    let Some(Modal::Ask { question, .. }) = &h.app.modal else { panic!("asks: {:?}", h.app.modal) };
    assert!(question.contains("8002") && question.contains("吴窗口"), "{question}");
    assert!(!row(&h, "8002").1, "nothing stored before Enter");
    h.press(KeyCode::Esc);
    assert!(h.app.modal.is_none());
    assert!(!row(&h, "8002").1, "Esc stores nothing");
    h.alt('d');
    h.press(KeyCode::Enter);
    assert!(row(&h, "8002").1);
    assert_eq!(h.app.flash.as_deref(), Some("已停用 8002 吴窗口"));
    let c = t(&h).clerks.iter().find(|c| c.clerk.login == "8002").unwrap();
    assert!(c.clerk.disabled, "the list shows it");
}

/// Nothing re-enabled a disabled account: Alt+R does, for a supervisor, audited.
#[test]
fn a_disabled_account_is_enabled_again_with_alt_r() {
    let mut h = two_supervisors();
    crate::db::clerks::set_disabled(&h.db.conn, 2, true).unwrap();
    // Round the four pages back to the accounts.
    for _ in 0..4 {
        h.alt('k');
    }
    select(&mut h, "8003");
    assert!(t(&h).clerks[t(&h).selected].clerk.disabled);
    h.alt('r');
    assert_eq!(h.app.flash.as_deref(), Some("已启用 8003 郑主任"));
    assert!(!row(&h, "8003").1);
    assert!(h.audit_actions().contains(&"clerk_enable".to_string()));
    // On an account in use it says so and stores nothing.
    let before = h.audit_actions().len();
    h.alt('r');
    assert_eq!(h.app.flash.as_deref(), Some("8003 在用，无需启用"));
    assert_eq!(h.audit_actions().len(), before);
    // The keymap lists it, so hints and help do.
    let help = h.screen();
    assert!(help.contains("Alt+R"), "{help}");
}

/// A taken login closed the form: the name and both PINs had to be typed again.
#[test]
fn a_taken_login_keeps_the_form_with_the_error_on_the_login() {
    let mut h = two_supervisors();
    h.alt('a');
    for (v, last) in [("8002", false), ("欧阳志愿", false), ("3", false), ("739184", false), ("739184", true)]
    {
        h.typ(v);
        if !last {
            h.press(KeyCode::Tab);
        }
    }
    h.alt('s');
    let Some(Modal::Form(m)) = &h.app.modal else { panic!("the form stays: {:?}", h.app.flash) };
    assert_eq!(m.form.value(FieldId::Name), "欧阳志愿");
    assert_eq!(m.form.value(FieldId::Pin), "739184");
    assert_eq!(m.form.value(FieldId::Again), "739184");
    assert_eq!(m.form.field(FieldId::Login).unwrap().error.as_deref(), Some("工号 8002 已存在"));
    // Another login goes through from the same form.
    for _ in 0..4 {
        h.press(KeyCode::Backspace);
    }
    h.typ("8010");
    h.alt('s');
    assert!(h.app.modal.is_none());
    assert_eq!(h.app.flash.as_deref(), Some("已新增 8010 欧阳志愿"));
}

/// Audit rows read `12-04 21:27 9001 clerk_disable`: now the account the row is about and the
/// action in words, and Enter opens the row's whole detail.
#[test]
fn audit_rows_name_their_object_and_enter_opens_the_detail() {
    let mut h = two_supervisors();
    let actor =
        crate::db::audit::Actor { clerk_id: Some(1), login: Some("8001".into()), terminal: "t".into() };
    let e = crate::db::audit::Entry::new("clerk_disable").detail("login=8002");
    crate::db::audit::append(&h.db.conn, &actor, now(), &e).unwrap();
    h.alt('k');
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ("clerk_dis");
    h.alt('s');
    assert_eq!(t(&h).rows.as_ref().map(Vec::len), Some(1));
    let screen = h.screen();
    let line = screen.lines().find(|l| l.contains("11-28 09:41 8001")).unwrap_or_default().to_string();
    assert!(line.contains("停用账号") && line.contains("8002"), "{screen}");
    h.press(KeyCode::Enter);
    let Some(Modal::Text { lines, .. }) = &h.app.modal else { panic!("{:?}", h.app.modal) };
    let all = lines.join("\n");
    assert!(all.contains("login=8002") && all.contains("clerk_disable"), "{all}");
}

/// Alt+Y accepted this terminal's config with one key and nothing shown: now it shows what
/// differs (key, the record's value, this terminal's) and asks first.
#[test]
fn accepting_the_config_shows_the_differences_and_asks() {
    let mut h = two_supervisors();
    crate::db::settings::set(&h.db.conn, crate::db::settings::FINGERPRINT, "other").unwrap();
    // The record: this terminal's config but for one value.
    let here = h.app.settings.centre_text();
    let line = here.lines().find(|l| l.starts_with("second_approval_fen")).unwrap().to_string();
    let stored = here.replacen(&line, "second_approval_fen = 1", 1);
    crate::db::settings::set(&h.db.conn, crate::db::settings::CENTRE, &stored).unwrap();
    h.alt('k');
    h.alt('k');
    h.alt('y');
    let Some(Modal::Review(r)) = &h.app.modal else { panic!("asks: {:?}", h.app.modal) };
    let line = r.items.iter().find(|l| l.contains("claims.second_approval_fen")).cloned().unwrap_or_default();
    assert!(line.contains("记录 1 → 本机"), "{:?}", r.items);
    assert_eq!(r.items.len(), 1, "only what differs: {:?}", r.items);
    let stored = crate::db::settings::get(&h.db.conn, crate::db::settings::FINGERPRINT).unwrap();
    assert_eq!(stored.as_deref(), Some("other"), "nothing accepted before Enter");
    h.press(KeyCode::Enter);
    let here = h.app.settings.fingerprint();
    let stored = crate::db::settings::get(&h.db.conn, crate::db::settings::FINGERPRINT).unwrap();
    assert_eq!(stored, Some(here));
    assert!(!h.app.numbers_blocked);
    // The text is kept with its fingerprint: the next terminal's differences can be shown.
    let text = crate::db::settings::get(&h.db.conn, crate::db::settings::CENTRE).unwrap();
    assert_eq!(text, Some(h.app.settings.centre_text()));
}

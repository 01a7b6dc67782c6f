//! F6 from issue #28's second round: Alt+Y's differences scrolled and wrapped (and no question
//! when nothing differs), the audit search by the actions' words, item names in a row's detail,
//! English labels that fit, and no PIN reset of one's own account — through the real key path.

use super::*;

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

pub(super) fn supervisor_on_f6() -> Harness {
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

fn pin_hash(h: &Harness, login: &str) -> String {
    h.db.conn.query_row("SELECT pin_hash FROM clerks WHERE login = ?1", [login], |r| r.get(0)).unwrap()
}

fn run_as_self(h: &mut Harness, op: crate::rooms::admin::AdminOp) -> crate::rooms::admin::AdminReply {
    let who = h.app.who().unwrap();
    let env = h.env();
    match crate::app::execute(&mut h.db.conn, &env, Effect::Admin { who, op }) {
        Some(Reply::Admin(r)) => *r,
        other => panic!("{other:?}"),
    }
}

pub(super) fn audit_row(h: &Harness, action: &str, detail: &str) {
    let actor =
        crate::db::audit::Actor { clerk_id: Some(1), login: Some("8001".into()), terminal: "t".into() };
    let e = crate::db::audit::Entry::new(action).detail(detail);
    crate::db::audit::append(&h.db.conn, &actor, now(), &e).unwrap();
}

/// Types `term` into the audit search's action field (the others emptied) and searches.
pub(super) fn search_action(h: &mut Harness, term: &str) -> Vec<String> {
    while t(h).view != crate::rooms::admin::View::Audit {
        h.alt('k');
    }
    let s = match &mut h.app.screen {
        Screen::Main(s) => s,
        _ => panic!(),
    };
    s.admin.search = crate::rooms::admin::AdminTab::new(h.app.ui).search;
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ(term);
    h.alt('s');
    t(h).rows.iter().flatten().map(|r| r.action.clone()).collect()
}

/// Alt+P on one's own row reset one's own PIN with no current PIN asked: refused, pointed to
/// Alt+I, and refused by the database side too.
#[test]
fn ones_own_pin_is_not_reset_on_f6() {
    let mut h = supervisor_on_f6();
    let before = pin_hash(&h, "8001");
    select(&mut h, "8001");
    h.alt('p');
    assert!(h.app.modal.is_none(), "no new-PIN form: {:?}", h.app.modal);
    let said = h.app.flash.clone().unwrap_or_default();
    assert!(said.contains("Alt+I"), "{said}");
    use crate::rooms::admin::{AccountChange, AdminOp, AdminReply, Refused};
    let op = AdminOp::Change { login: "8001".into(), change: AccountChange::ResetPin("739184".into()) };
    assert_eq!(run_as_self(&mut h, op), AdminReply::Done(Err(Refused::OwnPin)));
    assert_eq!(pin_hash(&h, "8001"), before);
    assert!(!h.audit_actions().contains(&"clerk_reset_pin".to_string()));
    // Another's PIN is still reset here.
    select(&mut h, "8003");
    h.alt('p');
    assert!(matches!(h.app.modal, Some(Modal::Form(_))));
}

/// Searching by action matched only the English codes: `停用` and `登录` found nothing.
#[test]
fn the_audit_search_matches_the_actions_words() {
    let mut h = supervisor_on_f6();
    audit_row(&h, "clerk_disable", "login=8002");
    let found = search_action(&mut h, "停用");
    assert!(found.contains(&"clerk_disable".to_string()), "{found:?}");
    assert!(!found.contains(&"login".to_string()), "{found:?}");
    let found = search_action(&mut h, "登录");
    assert!(found.contains(&"login".to_string()), "{found:?}");
    assert!(!found.contains(&"clerk_disable".to_string()), "{found:?}");
    // English words and the codes still match.
    assert!(search_action(&mut h, "account disabled").contains(&"clerk_disable".to_string()));
    assert_eq!(search_action(&mut h, "clerk_dis"), ["clerk_disable"]);
    // The hint under the form says so, uncut at 80×24 (it was cut: `逐页…`).
    let screen = h.screen();
    let hint = screen.lines().find(|l| l.contains("Alt+S 或回车")).unwrap_or_default();
    assert!(hint.contains("中文") && !hint.contains('…'), "{screen}");
}

/// A row's detail showed `item=umbrella`: it names the item as the config does.
#[test]
fn an_audit_rows_detail_names_the_station_item() {
    let mut h = supervisor_on_f6();
    let name =
        h.app.settings.config.station.items.iter().find(|i| i.code == "umbrella").unwrap().name.clone();
    audit_row(&h, "station_lend", "loan=7 item=umbrella qty=1 due=2026-12-01");
    assert_eq!(search_action(&mut h, "station_lend"), ["station_lend"]);
    h.press(KeyCode::Enter);
    let Some(Modal::Text { lines, .. }) = &h.app.modal else { panic!("{:?}", h.app.modal) };
    let all = lines.join("\n");
    assert!(all.contains(&format!("item={name}")), "{all}");
    // A letter's recuperation unit the same way; a code the config lacks stays as stored.
    let unit = h.app.settings.config.recuperation_units[0].clone();
    audit_row(&h, "letter_issue", &format!("letter=L1 unit={} other=zz", unit.code));
    h.app.modal = None;
    assert_eq!(search_action(&mut h, "letter_issue"), ["letter_issue"]);
    h.press(KeyCode::Enter);
    let Some(Modal::Text { lines, .. }) = &h.app.modal else { panic!("{:?}", h.app.modal) };
    let all = lines.join("\n");
    assert!(all.contains(&format!("unit={}({})", unit.name, unit.code)) && all.contains("other=zz"), "{all}");
}

/// `--lang en`: the search form's label read `ID nu…` at 80×24.
#[test]
fn english_audit_labels_fit() {
    let mut h = Harness::with_lang(
        Some("w1"),
        &[("8001", "Zhou", Role::Supervisor), ("8002", "Wu", Role::Clerk)],
        crate::i18n::Lang::En,
    );
    h.login("8001", PIN);
    h.press(KeyCode::F(6));
    h.alt('k');
    let screen = h.screen();
    assert!(screen.contains("ID number") && !screen.contains("ID nu…"), "{screen}");
    // Nothing on the page is cut, the hint under the form included.
    assert!(!screen.contains('…'), "{screen}");
    // Nor the actions' names in the results (`letter issu…`).
    audit_row(&h, "login_refused_disabled", "login=8002");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ("refused");
    h.alt('s');
    let screen = h.screen();
    assert!(screen.contains("login refused: disabled 8002"), "{screen}");
}

/// Sets the record's centre config to `stored` (its fingerprint other than this terminal's).
fn record(h: &Harness, stored: &str) {
    crate::db::settings::set(&h.db.conn, crate::db::settings::FINGERPRINT, "other").unwrap();
    crate::db::settings::set(&h.db.conn, crate::db::settings::CENTRE, stored).unwrap();
}

/// Alt+Y's differences stopped at 13 rows with no scrolling and cut long values: now every
/// difference is reached with ↓ / PgDn, the rows shown are counted, and a long (CJK) value is
/// wrapped whole.
#[test]
fn the_differences_scroll_and_wrap() {
    let mut h = supervisor_on_f6();
    let long = "甲乙丙丁戊己庚辛壬癸".repeat(9) + "终";
    let here = h.app.settings.centre_text();
    let n = crate::config::diff::differences(&format!("x_long = \"{long}\"\n"), &here).len();
    assert!(n > 30, "{n}");
    record(&h, &format!("x_long = \"{long}\"\n"));
    h.alt('k');
    h.alt('k');
    h.alt('y');
    assert!(h.app.modal.is_some());
    let screen = h.screen();
    assert!(screen.contains(&format!("共 {n} 项")), "{screen}");
    assert!(screen.contains("第 1–"), "{screen}");
    // The keys are in order: the last one is reached by paging down.
    let keys: Vec<String> = crate::config::diff::differences(&format!("x_long = \"{long}\"\n"), &here)
        .into_iter()
        .map(|d| d.0)
        .collect();
    let last = keys.last().unwrap().clone();
    assert!(!screen.contains(&last), "{screen}");
    for _ in 0..n {
        h.press(KeyCode::PageDown);
    }
    let seen = h.screen();
    assert!(seen.contains(&last), "{seen}");
    assert!(seen.contains(&format!("–{n} 项 / 共 {n} 项")), "{seen}");
    // The long value whole, wrapped rather than cut: its last character is on screen.
    assert_eq!(last, "x_long");
    let in_box = |l: &&str| l.starts_with("│ │");
    assert!(seen.contains("终") && !seen.lines().filter(in_box).any(|l| l.contains('…')), "{seen}");
    // Still a question: nothing stored until Enter.
    let fp = crate::db::settings::get(&h.db.conn, crate::db::settings::FINGERPRINT).unwrap();
    assert_eq!(fp.as_deref(), Some("other"));
    h.press(KeyCode::Enter);
    let fp = crate::db::settings::get(&h.db.conn, crate::db::settings::FINGERPRINT).unwrap();
    assert_eq!(fp, Some(h.app.settings.fingerprint()));
}

/// With nothing different Alt+Y still asked: now it says so, asks nothing and stores nothing.
#[test]
fn nothing_to_accept_is_said_and_nothing_asked() {
    let mut h = supervisor_on_f6();
    let here = h.app.settings.centre_text();
    crate::db::settings::set(&h.db.conn, crate::db::settings::FINGERPRINT, &h.app.settings.fingerprint())
        .unwrap();
    crate::db::settings::set(&h.db.conn, crate::db::settings::CENTRE, &here).unwrap();
    h.alt('k');
    h.alt('k');
    h.alt('y');
    assert!(h.app.modal.is_none(), "{:?}", h.app.modal);
    assert_eq!(h.app.flash.as_deref(), Some("本机配置与中心一致，无需接受"));
    // Asked directly, the service stores nothing either.
    let r = run_as_self(&mut h, crate::rooms::admin::AdminOp::Accept);
    assert_eq!(r, crate::rooms::admin::AdminReply::Done(Ok(crate::rooms::admin::Done::ConfigSame)));
    assert!(!h.audit_actions().contains(&"config_accept".to_string()));
}

/// The banner of a terminal whose config differs was cut at 80×24 in both languages
/// (`请负责人运行 frontdesk config…`, `until a…`): it fits, and names the key that accepts.
#[test]
fn the_config_differs_banner_fits() {
    for lang in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
        let mut h = Harness::with_lang(Some("w1"), &[("8001", "周主任", Role::Supervisor)], lang);
        crate::db::settings::set(&h.db.conn, crate::db::settings::FINGERPRINT, "other").unwrap();
        h.login("8001", PIN);
        h.press(KeyCode::F(6));
        h.alt('k');
        h.alt('k');
        assert!(h.app.numbers_blocked);
        let screen = h.screen();
        // The status line, over the two rows of hints.
        let banner = screen.lines().nth(20).unwrap_or_default();
        assert!(banner.contains("Alt+Y") && !banner.contains('…'), "{screen}");
    }
}

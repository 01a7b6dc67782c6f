//! F6 through the real key path and the real executor on a temp database.

use super::*;
use crate::app::form::FieldId;
use crate::rooms::admin::View;

const ID: &str = "11010519491231002X";

fn t(h: &Harness) -> &crate::rooms::admin::AdminTab {
    &h.session().admin
}

fn go(h: &mut Harness, v: View) {
    for _ in 0..4 {
        if t(h).view == v {
            return;
        }
        h.alt('k');
    }
    panic!("no view {v:?}");
}

/// Selects a login on the accounts page.
fn select(h: &mut Harness, login: &str) {
    for _ in 0..10 {
        h.press(KeyCode::Up);
    }
    while t(h).clerks.get(t(h).selected).is_some_and(|c| c.clerk.login != login) {
        h.press(KeyCode::Down);
    }
}

fn clerk_row(h: &Harness, login: &str) -> (String, bool, String) {
    h.db.conn
        .query_row("SELECT role, disabled, pin_hash FROM clerks WHERE login = ?1", [login], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap()
}

#[test]
fn a_supervisor_manages_accounts_with_the_clis_rules() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    h.press(KeyCode::F(6));
    assert_eq!(t(&h).clerks.len(), 2);
    h.alt('a');
    h.typ("8010");
    h.press(KeyCode::Tab);
    h.typ("欧阳志愿");
    h.press(KeyCode::Tab);
    h.typ("3");
    h.press(KeyCode::Tab);
    h.typ("111111");
    h.press(KeyCode::Tab);
    h.typ("111111");
    h.alt('s');
    let Some(Modal::Form(m)) = &h.app.modal else { panic!("a weak PIN keeps the form") };
    assert!(m.form.field(FieldId::Pin).unwrap().error.is_some());
    assert_eq!(m.form.value(FieldId::Name), "欧阳志愿");
    h.app.modal = None;
    h.alt('a');
    for (v, last) in [("8010", false), ("欧阳志愿", false), ("3", false), ("739184", false), ("739184", true)]
    {
        h.typ(v);
        if !last {
            h.press(KeyCode::Tab);
        }
    }
    h.alt('s');
    assert_eq!(h.app.flash.as_deref(), Some("已新增 8010 欧阳志愿"));
    assert_eq!(clerk_row(&h, "8010").0, "volunteer");
    assert_eq!(t(&h).clerks.len(), 3, "the list is read again");
    // The last active supervisor stays: here, as the one logged in, their own account.
    select(&mut h, "8001");
    h.alt('d');
    assert_eq!(h.app.flash.as_deref(), Some("不能停用自己的账号"));
    assert!(!clerk_row(&h, "8001").1);
    // A role by its digit, a PIN reset, a disable.
    select(&mut h, "8002");
    h.alt('e');
    h.typ("3");
    assert_eq!(clerk_row(&h, "8002").0, "volunteer");
    h.alt('p');
    h.typ("739184");
    h.press(KeyCode::Tab);
    h.typ("739184");
    h.alt('s');
    assert!(crate::domain::pin::verify_pin("739184", &clerk_row(&h, "8002").2));
    h.alt('d');
    h.press(KeyCode::Enter);
    assert!(clerk_row(&h, "8002").1);
    for a in ["clerk_add", "clerk_set_role", "clerk_reset_pin", "clerk_disable"] {
        assert!(h.audit_actions().contains(&a.to_string()), "{a}");
    }
}

#[test]
fn an_auditor_reads_but_changes_nothing() {
    let mut h =
        Harness::with(Some("w1"), &[("8001", "周主任", Role::Supervisor), ("8004", "王经审", Role::Auditor)]);
    h.login("8004", PIN);
    h.press(KeyCode::F(6));
    assert_eq!(t(&h).clerks.len(), 2);
    h.alt('a');
    assert!(h.app.modal.is_none());
    assert_eq!(h.app.flash.as_deref(), Some("只有主管可以修改账号和配置"));
    // Asked directly, the database side refuses too.
    let who = h.app.who().unwrap();
    let env = h.env();
    let op = crate::rooms::admin::AdminOp::Change {
        login: "8001".into(),
        change: crate::rooms::admin::AccountChange::Disable,
    };
    match crate::app::execute(&mut h.db.conn, &env, Effect::Admin { who, op }) {
        Some(Reply::Admin(r)) => assert!(matches!(*r, crate::rooms::admin::AdminReply::Done(Err(_)))),
        other => panic!("{other:?}"),
    }
    assert!(!clerk_row(&h, "8001").1);
}

#[test]
fn who_looked_at_this_worker_with_look_ups_without_a_ticket_flagged() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    let id = crate::domain::IdNumber::from_stored(ID).unwrap();
    let known = crate::db::workers::Known { name: "王建国", ..Default::default() };
    crate::db::workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    // A look-up on F2 by phone (电话查询): no ticket being served.
    h.press(KeyCode::F(2));
    h.typ(ID);
    h.press(KeyCode::Enter);
    h.typ("2");
    h.press(KeyCode::F(6));
    go(&mut h, View::Audit);
    h.press(KeyCode::Tab);
    h.typ("11010519491231002");
    h.alt('s');
    assert!(t(&h).search.field(FieldId::Id).unwrap().error.is_some(), "a bad ID is said, not searched");
    h.typ("X");
    h.alt('s');
    let rows = t(&h).rows.clone().unwrap();
    assert_eq!(rows.iter().map(|r| r.action.as_str()).collect::<Vec<_>>(), ["claims_lookup"]);
    assert!(rows[0].without_ticket("本人来访"));
    assert_eq!(rows[0].worker.as_deref(), Some("110105********002X"));
    assert!(h.audit_actions().contains(&"audit_search".to_string()), "the search itself is audited");
}

#[test]
fn the_config_fingerprint_is_shown_and_accepted() {
    let mut h = Harness::new(Some("w1"));
    crate::db::settings::set(&h.db.conn, crate::db::settings::FINGERPRINT, "other").unwrap();
    h.login("8001", PIN);
    h.press(KeyCode::F(6));
    go(&mut h, View::Config);
    let seen = t(&h).config.clone().unwrap();
    let (stored, here) = (seen.stored, seen.here);
    assert_eq!(stored.as_deref(), Some("other"));
    assert!(h.app.numbers_blocked);
    h.alt('y');
    h.press(KeyCode::Enter);
    let now_stored = crate::db::settings::get(&h.db.conn, crate::db::settings::FINGERPRINT).unwrap();
    assert_eq!(now_stored, Some(here));
    assert!(!h.app.numbers_blocked);
    assert!(h.audit_actions().contains(&"config_accept".to_string()));
}

/// The audit search reaches every match (it showed the newest 200 and counted those): the count
/// and the look-ups without a ticket are over all matches, and PgDn, End and Home page through.
#[test]
fn the_audit_search_pages_through_every_match() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    let actor =
        crate::db::audit::Actor { clerk_id: Some(1), login: Some("8001".into()), terminal: "t".into() };
    for i in 0..450 {
        let reason = if i % 3 == 0 { "电话查询" } else { "本人来访" };
        let e =
            crate::db::audit::Entry { reason: Some(reason), ..crate::db::audit::Entry::new("claims_lookup") };
        crate::db::audit::append(&h.db.conn, &actor, now(), &e).unwrap();
    }
    h.press(KeyCode::F(6));
    go(&mut h, View::Audit);
    for _ in 0..2 {
        h.press(KeyCode::Tab);
    }
    h.typ("claims");
    h.alt('s');
    assert_eq!((t(&h).total, t(&h).flagged), (450, 150), "every match counted, not a page's");
    let page = t(&h).rows.as_ref().unwrap().len();
    assert!((5..=50).contains(&page), "a page: {page}");
    let newest = t(&h).rows.as_ref().unwrap()[0].id;
    h.press(KeyCode::PageDown);
    assert_eq!(t(&h).rows.as_ref().unwrap()[0].id, newest - page as i64);
    h.press(KeyCode::End);
    let rows = t(&h).rows.clone().unwrap();
    assert_eq!(rows[t(&h).selected].action, "claims_lookup");
    assert_eq!(rows[t(&h).selected].id, newest - 449, "End: the oldest match");
    h.press(KeyCode::Home);
    assert_eq!(t(&h).rows.as_ref().unwrap()[t(&h).selected].id, newest);
    let searches = h.audit_actions().iter().filter(|a| *a == "audit_search").count();
    assert_eq!(searches, 1, "turning pages is not another search");
}

#[test]
fn an_account_added_elsewhere_never_slides_another_under_the_cursor() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    h.press(KeyCode::F(6));
    select(&mut h, "8002");
    // Another terminal adds an account that sorts first; this one reads the list again.
    let hash = crate::domain::pin::hash_pin(PIN, &[3; 16]).unwrap();
    clerks::insert(&h.db.conn, "8000", "新来的", Role::Clerk, &hash, now()).unwrap();
    h.tick(2_100);
    assert_eq!(t(&h).clerks.len(), 3);
    let login = |h: &Harness| t(h).clerks.get(t(h).selected).map(|c| c.clerk.login.clone());
    assert_eq!(login(&h).as_deref(), Some("8002"), "the cursor stays on 8002's account");
    h.alt('d');
    h.press(KeyCode::Enter);
    assert!(clerk_row(&h, "8002").1, "8002 disabled");
    assert_eq!((clerk_row(&h, "8001").1, clerk_row(&h, "8000").1), (false, false));
}

/// helper-26: a supervisor demoted on another terminal while F6 was open froze at a full core:
/// the refused read was answered by another read, refused again, for ever. A refusal of the
/// role reads nothing again; the session stays on its keys. (#28: the next read now finds the
/// role changed and the session takes it: F6 is not a clerk's, so F1.)
#[test]
fn a_supervisor_demoted_elsewhere_is_refused_once_and_keeps_the_keys() {
    use crate::rooms::admin::{AdminReply, Refused};
    let mut h = Harness::with(
        Some("w1"),
        &[("8001", "周主任", Role::Supervisor), ("8009", "郑主任", Role::Supervisor)],
    );
    h.login("8001", PIN);
    h.press(KeyCode::F(6));
    let refused = Refused::Role(crate::app::Refused { needs: crate::domain::Permission::ReadAudit });
    assert!(h.app.admin_reply(AdminReply::Done(Err(refused))).is_empty(), "no read answers a refusal");
    h.db.conn.execute("UPDATE clerks SET role = 'clerk' WHERE login = '8001'", []).unwrap();
    h.tick(2_100);
    assert_eq!(h.app.flash.as_deref(), Some("角色已变更为窗口工作人员，可用的功能已随之调整"));
    assert_eq!(h.session().tab, Tab::WalkIns, "F6 is not a clerk's");
    h.press(KeyCode::F(4));
    assert_eq!(h.session().tab, Tab::Station, "keys still work");
}

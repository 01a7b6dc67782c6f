//! Every kind of request the kiosk sends, executed for every role straight through the
//! executor (as if the screen had been bypassed): the database side allows exactly what the
//! role may do. This is the app half of the role × action table (the CLI half is
//! `tests/cli_roles.rs`).

use super::*;
use crate::db::station_ops::StockChange;
use crate::rooms::admin::{AccountChange, AdminOp, AdminReply};
use crate::rooms::claims::{ClaimOp, ClaimReply};
use crate::rooms::letters::{LetterOp, LetterReply};
use crate::rooms::station::{StationOp, StationReply};
use crate::rooms::walkins::{Registration, WalkOp};

/// A request as a role would send it.
type Request<'a> = Box<dyn Fn(Who) -> Effect + 'a>;

const ROLES: [(&str, Role); 4] =
    [("8001", Role::Supervisor), ("8002", Role::Clerk), ("8003", Role::Volunteer), ("8004", Role::Auditor)];

fn refused(reply: Option<Reply>) -> bool {
    match reply {
        Some(Reply::Walk(w)) => matches!(
            *w,
            crate::rooms::walkins::WalkReply::Registered(Err(_))
                | crate::rooms::walkins::WalkReply::Card { card: Err(_), .. }
                | crate::rooms::walkins::WalkReply::Acted(Err(_))
        ),
        Some(Reply::Claims(c)) => matches!(*c, ClaimReply::Stepped { result: Err(_), .. }),
        Some(Reply::Letters(l)) => matches!(*l, LetterReply::Done(Err(_))),
        Some(Reply::Station(s)) => matches!(*s, StationReply::Done(Err(_))),
        Some(Reply::Summary(s)) => s.1.is_err(),
        Some(Reply::Admin(a)) => matches!(*a, AdminReply::Done(Err(_))),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn every_request_by_every_role() {
    let accounts: Vec<(&str, &str, Role)> = ROLES.iter().map(|(l, r)| (*l, *l, *r)).collect();
    let mut h = Harness::with(Some("w4"), &accounts);
    let env = h.env();
    let reg = |id: Option<&str>, name: &str| Registration {
        matter: "medical_aid".into(),
        channel: crate::domain::walkin::Channel::WalkIn,
        id_number: id.map(str::to_string),
        name: name.into(),
        phone: String::new(),
        work_unit: String::new(),
        priority: None,
        note: String::new(),
        correct_record: false,
    };
    const ID: &str = "11010519491231002X";
    let period = crate::report::Period::day(chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
    let restock = StockChange::Restock { qty: 1, expires_on: None };
    // (what, the request, allowed for supervisor, clerk, volunteer, auditor)
    let requests: Vec<(&str, Request<'_>, [bool; 4])> = vec![
        (
            "register a worker",
            Box::new(|who| Effect::Walk { who, op: WalkOp::Register(reg(Some(ID), "王建国")) }),
            [true, true, false, false],
        ),
        (
            "quick ticket",
            Box::new(|who| Effect::Walk { who, op: WalkOp::Register(reg(None, "")) }),
            [true, true, true, false],
        ),
        (
            "worker card",
            Box::new(|who| Effect::Walk {
                who,
                op: WalkOp::Card { id_number: ID.into(), reason: "本人来访".into() },
            }),
            [true, true, false, false],
        ),
        (
            "claims look-up",
            Box::new(|who| Effect::Claims {
                who,
                op: ClaimOp::Lookup { id_number: ID.into(), reason: "电话查询".into() },
            }),
            [true, true, false, false],
        ),
        (
            "letters register",
            Box::new(|who| {
                let filter = crate::db::letter_register::Filter { year: 2026, ..Default::default() };
                let op = LetterOp::Page { filter, from: crate::db::letter_register::From::First, n: 20 };
                Effect::Letters { who, op }
            }),
            [true, true, false, false],
        ),
        (
            "station help entry",
            Box::new(|who| Effect::Station {
                who,
                op: StationOp::Help {
                    kind: "directions".into(), note: "指引".into(), ticket: String::new()
                },
            }),
            [true, true, true, false],
        ),
        (
            "station restock",
            Box::new(|who| Effect::Station {
                who,
                op: StationOp::Stock {
                    item: "water".into(),
                    batch: String::new(),
                    change: restock.clone(),
                    reason: "入库".into(),
                },
            }),
            [true, false, false, false],
        ),
        (
            "summary",
            Box::new(|who| Effect::Summary { who, op: crate::rooms::summary::SummaryOp { period } }),
            [true, false, false, true],
        ),
        (
            "accounts list",
            Box::new(|who| Effect::Admin { who, op: AdminOp::Clerks }),
            [true, false, false, true],
        ),
        (
            "account change",
            Box::new(|who| Effect::Admin {
                who,
                op: AdminOp::Change { login: "8002".into(), change: AccountChange::Unlock },
            }),
            [true, false, false, false],
        ),
    ];
    for (what, make, allowed) in &requests {
        for (i, (login, role)) in ROLES.iter().enumerate() {
            let who =
                Who { clerk_id: i as i64 + 1, login: login.to_string(), window: "w4".into(), role: *role };
            let reply = crate::app::execute(&mut h.db.conn, &env, make(who));
            assert_eq!(!refused(reply), allowed[i], "{role:?}: {what}");
        }
    }
    // What was refused left nothing behind.
    let count = |sql: &str| -> i64 { h.db.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM visits"), 5, "two registrations and three quick tickets");
    assert_eq!(count("SELECT count(*) FROM station_moves WHERE kind = 'restock'"), 1);
    assert_eq!(count("SELECT count(*) FROM station_help"), 3, "supervisor, clerk and volunteer");
    assert_eq!(count("SELECT count(*) FROM audit_log WHERE action = 'clerk_unlock'"), 1);
}

/// An account disabled on another terminal: the open session's next request does nothing, and
/// the screen locks saying the login was disabled (not "volunteers issue quick tickets only").
#[test]
fn a_session_whose_account_was_disabled_locks_saying_so() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    h.db.conn.execute("UPDATE clerks SET disabled = 1 WHERE login = '8002'", []).unwrap();
    let who =
        Who { clerk_id: h.session().clerk.id, login: "8002".into(), window: "w1".into(), role: Role::Clerk };
    let env = h.env();
    let op = crate::rooms::station::StationOp::Overview {
        query: String::new(),
        from: crate::db::page::From::First,
        n: 10,
    };
    let reply = crate::app::service::execute(&mut h.db.conn, &env, Effect::Station { who, op });
    assert!(matches!(reply, Some(Reply::AccountDisabled)), "{reply:?}");
    // Through the app: any request locks the screen with the reason.
    h.press(KeyCode::F(4));
    let lock = h.session().lock.as_ref().expect("locked");
    assert_eq!(lock.message.as_deref(), Some("该工号已停用"));
    assert!(h.audit_actions().contains(&"lock".to_string()));
    // #28: the lock screen gives that reason, not "stepped away".
    let screen = h.screen();
    assert!(screen.contains("该工号已停用") && !screen.contains("离开了"), "{screen}");
}

/// #28: a clerk made an auditor, then a volunteer, on another terminal: the open session picks
/// the role up at its next read, and its tabs, hints and help follow it, saying so.
#[test]
fn a_role_changed_elsewhere_is_picked_up_at_the_next_read() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    assert_eq!(h.session().tab, keymap::Tab::WalkIns);
    h.db.conn.execute("UPDATE clerks SET role = 'auditor' WHERE login = '8002'", []).unwrap();
    h.tick(2_100);
    assert_eq!(h.session().clerk.role, Role::Auditor);
    assert_eq!(h.session().tab, keymap::Tab::Summary, "F1 is not an auditor's: the auditor's first tab");
    let screen = h.screen();
    assert!(screen.contains("角色已变更为经审"), "{screen}");
    assert!(!screen.contains("志愿者") && !screen.contains("F1 来访登记"), "{screen}");
    assert!(screen.contains("F5") && screen.contains("F6"), "{screen}");
    // Now a volunteer: the next request (F4 reads its lists) picks it up.
    h.db.conn.execute("UPDATE clerks SET role = 'volunteer' WHERE login = '8002'", []).unwrap();
    h.press(KeyCode::F(6));
    h.tick(2_100);
    assert_eq!(h.session().clerk.role, Role::Volunteer);
    assert_eq!(h.session().tab, keymap::Tab::Station);
    assert!(h.screen().contains("角色已变更为志愿者"), "{}", h.screen());
    h.press(KeyCode::F(1));
    let keys: Vec<String> = crate::ui::hint_items(&h.app).into_iter().map(|(k, _)| k).collect();
    assert!(!keys.iter().any(|k| ["Alt+N", "Alt+S", "Alt+W"].contains(&k.as_str())), "{keys:?}");
    h.press(KeyCode::F(12));
    let help = h.screen();
    assert!(help.contains("F1 F4") && !help.contains("Alt+N"), "{help}");
}

/// #28: F1's refusal of the role named every role a volunteer.
#[test]
fn f1_refusals_name_the_role_refused() {
    let mut h = Harness::with(Some("w1"), &[("8004", "王经审", Role::Auditor)]);
    h.login("8004", PIN);
    let no = crate::app::Refused { needs: crate::domain::Permission::QuickTicket };
    let reply = crate::rooms::walkins::WalkReply::Acted(Err(crate::rooms::walkins::Refused::Role(no)));
    let _ = h.app.walkins_reply(reply);
    let said = h.app.flash.clone().unwrap_or_default();
    assert!(said.contains("经审") && !said.contains("志愿者"), "{said}");
}

/// #28: a volunteer's F1 offers the quick ticket only: typing never lands in a registration
/// field the hints do not offer.
#[test]
fn a_volunteer_is_offered_the_quick_ticket_only() {
    let mut h = Harness::with(Some("w1"), &[("8003", "志愿者", Role::Volunteer)]);
    h.login("8003", PIN);
    h.press(KeyCode::F(1));
    h.typ("1");
    h.press(KeyCode::Tab);
    assert!(h.screen().contains("志愿者只能发快速取号"), "Tab says why:\n{}", h.screen());
    h.typ("3302");
    let w = &h.session().walkins;
    assert_eq!(w.form.value(crate::app::form::FieldId::Id), "", "nothing typed into the ID field");
    assert_eq!(w.form.focused().name, crate::app::form::FieldId::Matter);
    let screen = h.screen();
    assert!(!screen.contains("证件号") && !screen.contains("姓名"), "no registration form:\n{screen}");
    h.alt('s');
    assert_eq!(h.app.flash.as_deref(), Some("志愿者只能发快速取号（事项数字+回车），不能登记或查看个人信息"));
    h.typ("1");
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("刚取号 A001"), "{}", h.screen());
}

/// #28: the hint bar and help listed keys the role would be refused — a volunteer's counter keys
/// on F1 and stock keys on F4, an auditor's account keys on F6 — and a volunteer's help said
/// F1–F4. Both now come from the keymap filtered by the role.
#[test]
fn hints_and_help_offer_only_what_the_role_may_do() {
    let keys =
        |h: &Harness| -> Vec<String> { crate::ui::hint_items(&h.app).into_iter().map(|(k, _)| k).collect() };
    let mut h =
        Harness::with(Some("w1"), &[("8003", "志愿者", Role::Volunteer), ("8004", "王经审", Role::Auditor)]);
    h.login("8003", PIN);
    h.press(KeyCode::F(1));
    let f1 = keys(&h);
    for k in ["Alt+N", "Alt+R", "Alt+B", "Alt+F", "Alt+W", "Alt+S"] {
        assert!(!f1.contains(&k.to_string()), "{k} offered to a volunteer on F1: {f1:?}");
    }
    // helper-26: F12 over F1 still listed the form's keys.
    h.press(KeyCode::F(12));
    let help = h.screen();
    assert!(!help.contains("Alt+S") && !help.contains("Alt+W") && !help.contains("Alt+N"), "{help}");
    h.press(KeyCode::Esc);
    h.press(KeyCode::F(4));
    for _ in 0..3 {
        h.alt('k');
    }
    let f4 = keys(&h);
    assert!(!f4.iter().any(|k| ["Alt+A", "Alt+C", "Alt+J", "Alt+D"].contains(&k.as_str())), "{f4:?}");
    h.press(KeyCode::F(12));
    let help = h.screen();
    assert!(help.contains("F1 F4") && !help.contains("F1–F4"), "{help}");
    h.press(KeyCode::Esc);
    h.alt('u');
    h.press(KeyCode::Enter);
    h.login("8004", PIN);
    h.press(KeyCode::F(6));
    let f6 = keys(&h);
    for k in ["Alt+A", "Alt+D", "Alt+O", "Alt+P", "Alt+E", "Alt+R"] {
        assert!(!f6.contains(&k.to_string()), "{k} offered to an auditor on F6: {f6:?}");
    }
    h.press(KeyCode::F(12));
    let help = h.screen();
    assert!(!help.contains("Alt+A") && !help.contains("Alt+P"), "{help}");
}

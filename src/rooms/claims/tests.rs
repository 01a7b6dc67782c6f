//! F2 through the real key path and the real executor on a temp database.

use super::*;
use crate::app::form::FieldId;
use crate::db::claim_ops::{self, By, NewClaim, StepInput};
use crate::db::workers::{self, Known};
use crate::domain::IdNumber;
use crate::domain::claim::{Actor, ClaimStep};
use crate::rooms::claims::{ClaimOp, ClaimReply, ClaimsTab, Pane};

const ID: &str = "11010519491231002X";

fn c(h: &Harness) -> &ClaimsTab {
    &h.session().claims
}

fn clerk_id(h: &Harness, login: &str) -> i64 {
    h.db.conn.query_row("SELECT id FROM clerks WHERE login = ?1", [login], |r| r.get(0)).unwrap()
}

/// A worker with one claim registered by 8002, as another terminal would leave it.
fn seeded(h: &Harness, yuan: i64, missing: &[&str]) -> String {
    seeded_as(h, "8002", yuan, missing)
}

fn seeded_by(h: &Harness, login: &str) -> String {
    seeded_as(h, login, 100, &[])
}

fn seeded_as(h: &Harness, login: &str, yuan: i64, missing: &[&str]) -> String {
    let id = IdNumber::from_stored(ID).unwrap();
    let known = Known { name: "王建国", phone: "13812345678", work_unit: "久立特钢", email: "" };
    let worker_id = workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    let by = By {
        actor: Actor { clerk_id: clerk_id(h, login), role: Role::Clerk },
        at: now(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 10, 9).unwrap(),
    };
    let new = NewClaim {
        worker_id,
        kind: "inpatient".into(),
        filed_on: by.today,
        amount_claimed_fen: yuan * 100,
        missing: missing.iter().map(|m| m.to_string()).collect(),
        consent_version: "2026-01".into(),
        note: String::new(),
        event_note: String::new(),
        programme: None,
    };
    let no = claim_ops::next_number(&h.db.conn, "HZ{year}{seq}", 6, 2026).unwrap();
    claim_ops::register(&h.db.conn, &new, &no, &by).unwrap();
    no
}

fn status(h: &Harness, no: &str) -> String {
    h.db.conn.query_row("SELECT status FROM claims WHERE claim_no = ?1", [no], |r| r.get(0)).unwrap()
}

/// F2, the ID, Enter, and the reason by its digit.
fn look_up(h: &mut Harness, id: &str, reason: char) {
    h.press(KeyCode::F(2));
    h.typ(id);
    h.press(KeyCode::Enter);
    if h.app.modal.is_some() {
        h.typ(&reason.to_string());
    }
}

fn at(login: &str, accounts: &[(&str, &str, Role)]) -> Harness {
    let mut h = Harness::with(Some("w1"), accounts);
    h.login(login, PIN);
    h
}

fn clerk() -> Harness {
    at("8002", &[("8001", "周主任", Role::Supervisor), ("8002", "吴窗口", Role::Clerk)])
}

#[test]
fn lookup_folds_lower_case_x_asks_the_reason_first_and_audits_it() {
    let mut h = clerk();
    let no = seeded(&h, 12_340, &[]);
    h.press(KeyCode::F(2));
    assert_eq!((h.session().tab, c(&h).pane), (Tab::Claims, Pane::Id), "F2 puts the cursor in the ID field");
    h.typ(&ID.to_lowercase());
    h.press(KeyCode::Enter);
    let Some(Modal::Pick(p)) = &h.app.modal else { panic!("the reason is asked") };
    assert_eq!(p.options, ["本人来访", "电话查询", "回访", "其他"]);
    assert!(!h.audit_actions().contains(&"claims_lookup".to_string()), "nothing is read before the reason");
    h.typ("2");
    let pic = c(&h).picture.clone().expect("the claims");
    assert_eq!(pic.worker.name, "王建国");
    assert_eq!(pic.claims[0].claim_no, no);
    assert_eq!(c(&h).pane, Pane::List);
    let (action, reason): (String, String) =
        h.db.conn
            .query_row("SELECT action, reason FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
    assert_eq!((action.as_str(), reason.as_str()), ("claims_lookup", "电话查询"));
}

#[test]
fn a_wrong_check_character_keeps_what_was_typed_and_asks_nothing() {
    let mut h = clerk();
    h.press(KeyCode::F(2));
    h.typ("110105194912310021");
    h.press(KeyCode::Enter);
    assert!(h.app.modal.is_none(), "no reason is asked for a refused ID");
    assert_eq!(c(&h).form.value(FieldId::Id), "110105194912310021");
    assert!(c(&h).form.field(FieldId::Id).unwrap().error.as_deref().unwrap().contains("校验"));
    assert!(!h.audit_actions().contains(&"claims_lookup".to_string()));
}

#[test]
fn an_unknown_id_offers_intake_which_refuses_without_consent_and_loses_nothing() {
    let mut h = clerk();
    look_up(&mut h, ID, '1');
    assert_eq!(c(&h).unknown.as_deref(), Some(ID));
    h.alt('a');
    h.typ("1");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ("1,234.5");
    h.press(KeyCode::Tab);
    h.typ("王建国");
    h.alt('s');
    let Some(Modal::Pick(p)) = &h.app.modal else { panic!("papers") };
    assert_eq!(p.ticks.as_ref().unwrap().iter().filter(|t| **t).count(), 0, "none ticked to start");
    h.typ("12345");
    h.press(KeyCode::Enter);
    let Some(Modal::Pick(p)) = &h.app.modal else { panic!("consent") };
    assert!(p.body.contains("敏感个人信息") && p.title.contains("2026-01"));
    h.typ("2");
    assert_eq!(h.app.flash.as_deref(), Some(h.app.ui.f2.consent_refused));
    let n: i64 = h.db.conn.query_row("SELECT count(*) FROM claims", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0, "refused consent registers nothing");
    h.alt('a');
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("the draft comes back") };
    assert_eq!((f.form.value(FieldId::Amount), f.form.value(FieldId::Name)), ("1,234.5", "王建国"));
    h.alt('s');
    h.press(KeyCode::Enter);
    h.typ("1");
    let row: (String, i64, String, String) =
        h.db.conn
            .query_row("SELECT claim_no, amount_claimed_fen, status, consent_version FROM claims", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap();
    assert_eq!(row, ("HZ2026000001".into(), 123_450, "submitted".into(), "2026-01".into()));
    assert!(h.audit_actions().contains(&"claim_register".to_string()));
    assert_eq!(c(&h).picture.as_ref().unwrap().claims.len(), 1, "the new claim is shown");
}

#[test]
fn missing_papers_make_it_incomplete_and_the_slip_lists_them() {
    let mut settings = crate::config::Settings::builtin();
    settings.config.ticket_print_command = Some("cat >/dev/null".into());
    let accounts = [("8002", "吴窗口", Role::Clerk)];
    let mut h = Harness::configured(Some("w1"), &accounts, settings, tempfile::tempdir().unwrap());
    h.login("8002", PIN);
    seeded(&h, 10, &[]);
    look_up(&mut h, ID, '1');
    h.alt('a');
    h.typ("1");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ("800");
    h.alt('s');
    // Every paper but 出院小结.
    h.typ("1235");
    h.press(KeyCode::Enter);
    h.typ("1");
    let (no, status, missing): (String, String, String) = h
        .db
        .conn
        .query_row("SELECT claim_no, status, missing_papers FROM claims ORDER BY id DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((status.as_str(), missing.as_str()), ("materials_incomplete", "出院小结"));
    let slip = h.effects.iter().rev().find_map(|e| match e {
        Effect::Print { text, .. } => Some(text.clone()),
        _ => None,
    });
    let slip = slip.expect("the slip is printed");
    assert!(slip.contains(&no) && slip.contains("一次性告知") && slip.contains("出院小结"), "{slip}");
    assert!(slip.contains("110105********002X") && !slip.contains(ID), "the slip masks the ID");
}

#[test]
fn four_eyes_second_approval_and_supervisor_only_steps() {
    let accounts = [
        ("8001", "周主任", Role::Supervisor),
        ("8002", "吴窗口", Role::Clerk),
        ("8003", "钱主任", Role::Supervisor),
    ];
    let mut h = at("8001", &accounts);
    let no = seeded(&h, 30_000, &[]);
    look_up(&mut h, ID, '1');
    h.alt('m');
    h.typ("2");
    assert_eq!(status(&h, &no), "under_review");
    h.alt('m');
    h.typ("1");
    h.alt('s');
    assert_eq!(status(&h, &no), "under_review");
    assert!(h.app.flash.as_deref().unwrap().contains("第一次核准"), "{:?}", h.app.flash);
    h.alt('m');
    h.typ("1");
    h.alt('s');
    assert_eq!(h.app.flash.as_deref(), Some(h.app.ui.f2.refused_same_approver));
    // The second supervisor.
    h.alt('u');
    h.press(KeyCode::Enter);
    h.login("8003", PIN);
    look_up(&mut h, ID, '1');
    h.alt('m');
    h.typ("1");
    h.alt('s');
    assert_eq!(status(&h, &no), "approved");
    // A clerk cannot mark it paid.
    h.alt('u');
    h.press(KeyCode::Enter);
    h.login("8002", PIN);
    look_up(&mut h, ID, '1');
    h.alt('m');
    h.typ("1");
    h.alt('s');
    assert_eq!(h.app.flash.as_deref(), Some("只有主管可以发放"));
    assert_eq!(status(&h, &no), "approved");
}

#[test]
fn the_one_who_registered_cannot_approve() {
    let mut h = at("8001", &[("8001", "周主任", Role::Supervisor)]);
    look_up(&mut h, ID, '1');
    h.alt('a');
    h.typ("1");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ("500");
    h.press(KeyCode::Tab);
    h.typ("王建国");
    h.alt('s');
    h.typ("12345");
    h.press(KeyCode::Enter);
    h.typ("1");
    h.alt('m');
    h.typ("2");
    h.alt('m');
    h.typ("1");
    h.alt('s');
    assert_eq!(h.app.flash.as_deref(), Some(h.app.ui.f2.refused_four_eyes));
    assert_eq!(status(&h, "HZ2026000001"), "under_review");
}

#[test]
fn a_second_save_is_shown_the_newer_state_instead_of_overwriting() {
    let mut h = clerk();
    let no = seeded(&h, 100, &[]);
    look_up(&mut h, ID, '1');
    let claim = c(&h).picture.as_ref().unwrap().claims[0].clone();
    // Another terminal sends it for review first.
    let other = By {
        actor: Actor { clerk_id: clerk_id(&h, "8001"), role: Role::Supervisor },
        at: now(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
    };
    let input = StepInput {
        claim_id: claim.id,
        version: claim.version,
        step: ClaimStep::Review,
        missing: vec![],
        note: String::new(),
    };
    claim_ops::apply(&h.db.conn, &input, &crate::config::Settings::builtin().config, &other).unwrap();
    // This clerk, still reading the old version, records papers as incomplete.
    h.alt('m');
    h.typ("1");
    h.typ("4");
    h.press(KeyCode::Enter);
    assert_eq!(status(&h, &no), "under_review", "the other save stands");
    assert!(h.app.flash.as_deref().unwrap().contains("审核中"), "{:?}", h.app.flash);
    assert_eq!(c(&h).selected_claim().unwrap().status, crate::domain::claim::ClaimState::UnderReview);
    let events: i64 = h.db.conn.query_row("SELECT count(*) FROM claim_events", [], |r| r.get(0)).unwrap();
    assert_eq!(events, 2, "intake and the other terminal's step only");
}

#[test]
fn f2_again_starts_the_next_worker_and_esc_clears() {
    let mut h = clerk();
    seeded(&h, 100, &[]);
    look_up(&mut h, ID, '1');
    assert!(h.session().revealable.is_some(), "Alt+V can reveal the looked-up ID");
    h.press(KeyCode::F(2));
    assert!(c(&h).picture.is_none() && c(&h).form.value(FieldId::Id).is_empty());
    look_up(&mut h, ID, '1');
    h.press(KeyCode::Esc);
    assert!(c(&h).picture.is_none() && c(&h).pane == Pane::Id);
}

#[test]
fn the_database_side_refuses_a_volunteer_even_without_the_screen() {
    let h = at("8003", &[("8003", "张志愿", Role::Volunteer)]);
    assert!(!h.session().tabs().contains(&Tab::Claims), "no F2 for a volunteer");
    let mut h = h;
    seeded_by(&h, "8003");
    let env = h.env();
    let who = Who {
        clerk_id: clerk_id(&h, "8003"),
        login: "8003".into(),
        window: "w1".into(),
        role: Role::Volunteer,
    };
    let op = ClaimOp::Lookup { id_number: ID.into(), reason: "本人来访".into() };
    let reply = crate::app::execute(&mut h.db.conn, &env, Effect::Claims { who, op });
    match reply {
        Some(Reply::Claims(r)) => {
            assert!(matches!(*r, ClaimReply::Stepped { result: Err(_), picture: None }), "{r:?}")
        }
        other => panic!("{other:?}"),
    }
    assert!(!h.audit_actions().contains(&"claims_lookup".to_string()));
}

#[test]
fn a_workers_claims_move_by_page_and_to_either_end() {
    let mut h = clerk();
    let numbers: Vec<String> = (0..18).map(|_| seeded(&h, 100, &[])).collect();
    look_up(&mut h, ID, '1');
    assert_eq!(c(&h).picture.as_ref().map(|p| p.claims.len()), Some(18));
    assert_eq!(c(&h).pane, Pane::List, "the list has the keys after a look-up");
    let no = |h: &Harness| c(h).selected_claim().map(|c| c.claim_no.clone());
    h.press(KeyCode::End);
    assert_eq!(no(&h).as_ref(), numbers.first(), "End: the oldest");
    h.press(KeyCode::Home);
    assert_eq!(no(&h).as_ref(), numbers.last(), "Home: the newest");
    // PgDn and PgUp move by the rows shown (three at 80×24).
    h.draw();
    assert_eq!(c(&h).shown.or(0), 3);
    h.press(KeyCode::PageDown);
    assert_eq!(no(&h).as_ref(), numbers.get(14));
    h.press(KeyCode::PageUp);
    assert_eq!(no(&h).as_ref(), numbers.last());
}

#[path = "tests_intent.rs"]
mod intent;

#[path = "tests_hardship.rs"]
mod hardship;

#[path = "tests_hardship_page.rs"]
mod hardship_page;

#[path = "tests_fund.rs"]
mod fund;
#[path = "tests_fund_counter.rs"]
mod fund_counter;
#[path = "tests_hardship_apply.rs"]
mod hardship_apply;
#[path = "tests_hardship_decide.rs"]
mod hardship_decide;
#[path = "tests_hardship_decide2.rs"]
mod hardship_decide2;
#[path = "tests_hardship_forms2.rs"]
mod hardship_forms2;
#[path = "tests_hardship_h49.rs"]
mod hardship_h49;

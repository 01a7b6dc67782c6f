//! `report fund` and `check`'s ledger proof on a temp file, with claims taken through the real
//! counter path (registered, reviewed, approved by two supervisors, paid) beside imported ones
//! that break the rules.

use crate::config::Settings;
use crate::db::claim_ops::{self, NewClaim, StepInput};
use crate::db::claims::{self, ClaimData};
use crate::db::*;
use crate::domain::Role;
use crate::domain::claim::{Actor, ClaimState, ClaimStep};
use crate::domain::money::Fen;
use crate::i18n::Lang;
use chrono::{NaiveDate, TimeZone, Utc};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn by(clerk_id: i64, role: Role, day: &str) -> claim_ops::By {
    claim_ops::By {
        actor: Actor { clerk_id, role },
        at: Utc.from_utc_datetime(&d(day).and_hms_opt(2, 0, 0).unwrap()),
        today: d(day),
    }
}

fn step(db: &mut Db, settings: &Settings, id: i64, s: ClaimStep, by: &claim_ops::By) -> claim_ops::Stepped {
    let version = claim_ops::by_id(&db.conn, id).unwrap().unwrap().version;
    let input = StepInput { claim_id: id, version, step: s, missing: vec![], note: String::new() };
    write(&mut db.conn, |tx| Ok::<_, DbError>(claim_ops::apply(tx, &input, &settings.config, by)))
        .unwrap()
        .unwrap_or_else(|e| panic!("{e:?}"))
}

fn imported(db: &mut Db, no: &str, worker: i64, programme: &str, status: ClaimState, fen: i64) {
    let c = ClaimData {
        claim_no: no.into(),
        kind: "medical_help".into(),
        filed_on: "2026-06-01".into(),
        amount_claimed_fen: fen,
        amount_approved_fen: Some(fen),
        amount_paid_fen: (status == ClaimState::Paid).then_some(fen),
        paid_on: (status == ClaimState::Paid).then(|| "2026-06-10".into()),
        status: Some(status),
        programme: Some((programme.into(), 2026)),
        ..Default::default()
    };
    write(&mut db.conn, |tx| claims::upsert_imported(tx, &c, worker, Some(2), "2026-12-01T01:00:00.000Z"))
        .unwrap();
}

#[test]
fn the_report_names_both_approvers_and_lists_what_imports_broke_and_check_holds() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = open(&dir.path().join("fd.db"), OpenMode::Create).unwrap();
    let mut settings = Settings::builtin();
    settings.config.claims.second_approval_fen = 100_000;
    for (login, name, role) in [
        ("8001", "周主任", Role::Supervisor),
        ("8002", "吴窗口", Role::Clerk),
        ("8003", "郑主任", Role::Supervisor),
    ] {
        clerks::insert(&db.conn, login, name, role, "x", Utc::now()).unwrap();
    }
    let id = crate::domain::IdNumber::from_stored("11010519491231002X").unwrap();
    let known = workers::Known { name: "王建国", ..Default::default() };
    let w = write(&mut db.conn, |tx| workers::upsert(tx, &id, &known, Utc::now())).unwrap();
    db.conn
        .execute(
            "INSERT INTO hardship_files (file_no, worker_id, state, category, applied_on, filed_on, valid_until,
                                         created_at, updated_at)
             VALUES ('KN00001', ?1, 'filed', 'deep', '2026-01-05', '2026-01-10', '2027-01-09', 'x', 'x')",
            [w],
        )
        .unwrap();
    let new = NewClaim {
        worker_id: w,
        kind: "medical_help".into(),
        filed_on: d("2026-11-01"),
        amount_claimed_fen: 150_000,
        missing: vec![],
        consent_version: "2026-01".into(),
        note: String::new(),
        event_note: String::new(),
        programme: Some("medical_relief".into()),
    };
    let c = write(&mut db.conn, |tx| {
        claim_ops::register_checked(
            tx,
            &new,
            "HZ2026000001",
            &by(2, Role::Clerk, "2026-11-01"),
            &settings.config,
        )
    })
    .unwrap()
    .unwrap();
    step(&mut db, &settings, c, ClaimStep::Review, &by(2, Role::Clerk, "2026-11-01"));
    let approve = ClaimStep::Approve { amount: Fen(150_000), over: None };
    assert!(
        step(&mut db, &settings, c, approve.clone(), &by(1, Role::Supervisor, "2026-11-02")).first_of_two
    );
    step(&mut db, &settings, c, approve, &by(3, Role::Supervisor, "2026-11-03"));
    let pay = ClaimStep::Pay { on: d("2026-11-04"), amount: Fen(150_000), over: None };
    step(&mut db, &settings, c, pay, &by(3, Role::Supervisor, "2026-11-04"));

    let r = crate::report::fund::build(&db.conn, &settings, 2026, Lang::Zh).unwrap();
    let p = &r.payments[0];
    assert_eq!(
        (p.entered_by.as_deref(), p.first_approver.as_deref(), p.second_approver.as_deref()),
        (Some("吴窗口"), Some("周主任"), Some("郑主任"))
    );
    assert_eq!((p.file_no.as_deref(), p.category.as_deref()), (Some("KN00001"), Some("deep")));
    assert_eq!((p.approved_on.as_deref(), p.paid_on.as_deref()), (Some("2026-11-03"), Some("2026-11-04")));
    assert_eq!((p.worker.as_str(), p.id_number.as_str()), ("王*国", "110105********002X"));
    assert!(r.exceptions.is_empty(), "{:?}", r.exceptions);
    assert!(
        crate::report::fund_check::problems(&db.conn, &settings.config.fund, Lang::Zh).unwrap().is_empty()
    );

    // Two more of medical_relief (twice a year) by import: the later one is over the times.
    imported(&mut db, "M2", w, "medical_relief", ClaimState::Paid, 100_000);
    imported(&mut db, "M3", w, "medical_relief", ClaimState::Approved, 100_000);
    // Over 生活救助's budget (200,000 元) and its standard (3,000 元).
    imported(&mut db, "L1", w, "living_relief", ClaimState::Approved, 20_000_100);
    let r = crate::report::fund::build(&db.conn, &settings, 2026, Lang::Zh).unwrap();
    let found: Vec<(Option<&str>, &str)> =
        r.exceptions.iter().map(|e| (e.claim_no.as_deref(), e.rule)).collect();
    // Every import is entered and approved by its importer: no second person (try-out #56 D).
    assert_eq!(
        found,
        [
            (Some("M2"), "one_person"),
            (Some("M3"), "one_person"),
            (Some("M3"), "times"),
            (Some("L1"), "one_person"),
            (Some("L1"), "standard"),
            (None, "budget")
        ]
    );
    let budget = r.exceptions.iter().find(|e| e.rule == "budget").unwrap();
    assert_eq!(budget.detail, "生活救助（2026 年）预算 200,000.00 元，已核准及发放 200,001.00 元");
    let times = r.exceptions.iter().find(|e| e.rule == "times").unwrap();
    assert_eq!(times.detail, "医疗救助 每户每年 2 次，本年已 2 次");
    // An import explains a ledger over budget: check still holds.
    assert!(
        crate::report::fund_check::problems(&db.conn, &settings.config.fund, Lang::Zh).unwrap().is_empty()
    );
}

/// Try-out #56 A: an old row paid above its approval (the pay step refuses it now) is named
/// `overpaid`, and the standard is judged on the paid amount when it is the larger.
#[test]
fn a_payment_above_its_approval_is_an_exception_and_over_the_standard_by_what_was_paid() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = open(&dir.path().join("fd.db"), OpenMode::Create).unwrap();
    let settings = Settings::builtin();
    for (login, name, role) in [("8001", "周主任", Role::Supervisor), ("8002", "吴窗口", Role::Clerk)] {
        clerks::insert(&db.conn, login, name, role, "x", Utc::now()).unwrap();
    }
    let id = crate::domain::IdNumber::from_stored("11010519491231002X").unwrap();
    let known = workers::Known { name: "王建国", ..Default::default() };
    let w = write(&mut db.conn, |tx| workers::upsert(tx, &id, &known, Utc::now())).unwrap();
    imported(&mut db, "M9", w, "medical_relief", ClaimState::Paid, 100_000);
    db.conn.execute("UPDATE claims SET amount_paid_fen = 2500000 WHERE claim_no = 'M9'", []).unwrap();
    let r = crate::report::fund::build(&db.conn, &settings, 2026, Lang::Zh).unwrap();
    let of = |rule: &str| r.exceptions.iter().find(|e| e.rule == rule && e.claim_no.as_deref() == Some("M9"));
    let over = of("overpaid").unwrap_or_else(|| panic!("{:?}", r.exceptions));
    assert_eq!(over.detail, "医疗救助 发放 25,000.00 元超过核准 1,000.00 元");
    assert!(of("standard").is_some_and(|e| e.detail.contains("本次 25,000.00 元")), "{:?}", r.exceptions);
}

//! The aid fund on temp files: intake with a programme, each refusal through the real
//! approval path, the race for the last of a budget, budget changes, objections, and the
//! ledger against a recomputation from the claims' events.

use super::claim_ops::{self, IntakeRefused, NewClaim, StepInput, StepRefused};
use super::fund::{self, BudgetRefused};
use super::*;
use crate::config::{Config, Settings};
use crate::domain::Role;
use crate::domain::claim::{Actor, ClaimState, ClaimStep};
use crate::domain::fund::{Figures, IntakeRefusal, Refusal};
use crate::domain::hardship::Category;
use crate::domain::money::Fen;
use chrono::{NaiveDate, TimeZone, Utc};

pub(super) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(super) fn cfg() -> Config {
    Settings::builtin().config
}

pub(super) fn temp() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir.path().join("fd.db"), OpenMode::Create).unwrap();
    (dir, db)
}

pub(super) fn cby(clerk_id: i64, role: Role, day: &str) -> claim_ops::By {
    claim_ops::By {
        actor: Actor { clerk_id, role },
        at: Utc.from_utc_datetime(&d(day).and_hms_opt(2, 0, 0).unwrap()),
        today: d(day),
    }
}

fn hby(clerk_id: i64, day: &str) -> hardship_ops::By {
    hardship_ops::By {
        clerk_id,
        role: Role::Supervisor,
        actor: audit::Actor {
            clerk_id: Some(clerk_id),
            login: Some(format!("800{clerk_id}")),
            terminal: "t".into(),
        },
        at: Utc.from_utc_datetime(&d(day).and_hms_opt(2, 0, 0).unwrap()),
        today: d(day),
    }
}

/// Supervisors 1 and 3, clerk 2.
pub(super) fn clerks(db: &Db) {
    for (login, role) in [("8001", Role::Supervisor), ("8002", Role::Clerk), ("8003", Role::Supervisor)] {
        clerks::insert(&db.conn, login, login, role, "x", Utc::now()).unwrap();
    }
}

/// A worker with a filed file of `category`, current until `until` (None: no file).
pub(super) fn household(db: &mut Db, n: u32, category: Option<(Category, &str)>) -> i64 {
    let id_number = format!("110105194912{:02}{:03}", n % 28 + 1, n);
    let full = format!("{id_number}{}", check_digit(&id_number));
    let id = crate::domain::IdNumber::from_stored(&full).unwrap_or_else(|| panic!("{full}"));
    let known = workers::Known { name: "王一", ..Default::default() };
    let w = write(&mut db.conn, |tx| workers::upsert(tx, &id, &known, Utc::now())).unwrap();
    if let Some((cat, until)) = category {
        db.conn
            .execute(
                "INSERT INTO hardship_files (file_no, worker_id, state, category, applied_on, filed_on, valid_until,
                                             created_at, updated_at)
                 VALUES (?1, ?2, 'filed', ?3, '2026-01-05', '2026-01-10', ?4, 'x', 'x')",
                rusqlite::params![format!("KN{n:05}"), w, cat.code(), until],
            )
            .unwrap();
    }
    w
}

fn check_digit(first17: &str) -> char {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17.chars().zip(weights).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    b"10X98765432"[(sum % 11) as usize] as char
}

pub(super) fn new_claim(worker_id: i64, kind: &str, programme: &str, filed: &str, fen: i64) -> NewClaim {
    NewClaim {
        worker_id,
        kind: kind.into(),
        filed_on: d(filed),
        amount_claimed_fen: fen,
        missing: vec![],
        consent_version: "2026-01".into(),
        note: String::new(),
        event_note: String::new(),
        programme: Some(programme.into()),
    }
}

/// Registers at the counter (clerk 2) on the filing day; the claim's id.
pub(super) fn register(db: &mut Db, cfg: &Config, c: &NewClaim) -> std::result::Result<i64, IntakeRefused> {
    let no = format!("HZ{}", rand_no());
    let by = cby(2, Role::Clerk, &c.filed_on.to_string());
    write(&mut db.conn, |tx| claim_ops::register_checked(tx, c, &no, &by, cfg)).unwrap()
}

fn rand_no() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    N.fetch_add(1, Ordering::Relaxed)
}

pub(super) fn step(
    conn: &mut rusqlite::Connection,
    cfg: &Config,
    id: i64,
    s: ClaimStep,
    by: &claim_ops::By,
) -> std::result::Result<claim_ops::Stepped, StepRefused> {
    let version = claim_ops::by_id(conn, id).unwrap().unwrap().version;
    let input = StepInput { claim_id: id, version, step: s, missing: vec![], note: String::new() };
    write(conn, |tx| Ok::<_, DbError>(claim_ops::apply(tx, &input, cfg, by))).unwrap()
}

/// Reviewed by clerk 2, then approved by supervisor 1 for `fen` on `day`.
pub(super) fn approve(
    db: &mut Db,
    cfg: &Config,
    id: i64,
    fen: i64,
    day: &str,
) -> std::result::Result<claim_ops::Stepped, StepRefused> {
    step(&mut db.conn, cfg, id, ClaimStep::Review, &cby(2, Role::Clerk, day)).unwrap();
    step(
        &mut db.conn,
        cfg,
        id,
        ClaimStep::Approve { amount: Fen(fen), over: None },
        &cby(1, Role::Supervisor, day),
    )
}

pub(super) fn fund_refusal(r: std::result::Result<claim_ops::Stepped, StepRefused>) -> Refusal {
    match r {
        Err(StepRefused::Fund(why)) => why,
        other => panic!("expected a fund refusal, got {other:?}"),
    }
}

pub(super) fn status(db: &Db, id: i64) -> ClaimState {
    claim_ops::by_id(&db.conn, id).unwrap().unwrap().status
}

#[test]
fn intake_stores_the_programme_of_the_filing_year_and_a_fixed_standard_sets_the_amount() {
    let (_t, mut db) = temp();
    clerks(&db);
    let cfg = cfg();
    let deep = household(&mut db, 1, Some((Category::Deep, "2027-12-31")));
    let sudden = household(&mut db, 2, Some((Category::Sudden, "2027-12-31")));
    let id =
        register(&mut db, &cfg, &new_claim(deep, "hardship_aid", "spring_warmth", "2026-12-20", 99)).unwrap();
    let c = claim_ops::by_id(&db.conn, id).unwrap().unwrap();
    assert_eq!(
        (c.programme.as_deref(), c.programme_year, c.amount_claimed_fen),
        (Some("spring_warmth"), Some(2026), 150_000)
    );
    let next =
        register(&mut db, &cfg, &new_claim(deep, "hardship_aid", "spring_warmth", "2027-01-02", 99)).unwrap();
    assert_eq!(claim_ops::by_id(&db.conn, next).unwrap().unwrap().programme_year, Some(2027));
    assert_eq!(
        register(&mut db, &cfg, &new_claim(deep, "hardship_aid", "autumn_study", "2026-09-01", 100)),
        Err(IntakeRefused::Programme(IntakeRefusal::Kind {
            programme: "金秋助学".into(),
            kind: "hardship_aid".into()
        }))
    );
    assert_eq!(
        register(&mut db, &cfg, &new_claim(sudden, "medical_help", "medical_relief", "2026-09-01", 100)),
        Err(IntakeRefused::Programme(IntakeRefusal::Category {
            programme: "医疗救助".into(),
            category: Some(Category::Sudden)
        }))
    );
    assert_eq!(
        register(&mut db, &cfg, &new_claim(deep, "hardship_aid", "spring_warmth", "2025-06-01", 100)),
        Err(IntakeRefused::Programme(IntakeRefusal::Unknown { code: "spring_warmth".into(), year: 2025 }))
    );
    let none = household(&mut db, 3, None);
    assert_eq!(
        register(&mut db, &cfg, &new_claim(none, "hardship_aid", "spring_warmth", "2026-09-01", 100)),
        Err(IntakeRefused::NoHardshipFile)
    );
}

#[test]
fn each_rule_refuses_through_the_real_approval_path_with_its_figures() {
    let (_t, mut db) = temp();
    clerks(&db);
    let mut cfg = cfg();
    let w = household(&mut db, 1, Some((Category::Relative, "2026-12-31")));
    // 1: the file lapsed before the approval day.
    let id = register(&mut db, &cfg, &new_claim(w, "hardship_aid", "living_relief", "2026-11-02", 100_000))
        .unwrap();
    let r = fund_refusal(approve(&mut db, &cfg, id, 100_000, "2027-01-04"));
    assert_eq!(r, Refusal::NoFile { lapsed_on: Some(d("2026-12-31")) });
    assert_eq!(status(&db, id), ClaimState::UnderReview, "the refusal leaves the claim where it was");
    // 2: the category is no longer served (the config changed since the intake).
    cfg.fund
        .programmes
        .iter_mut()
        .filter(|p| p.code == "living_relief")
        .for_each(|p| p.categories = vec!["deep".into()]);
    let r = fund_refusal(step(
        &mut db.conn,
        &cfg,
        id,
        ClaimStep::Approve { amount: Fen(100_000), over: None },
        &cby(1, Role::Supervisor, "2026-11-03"),
    ));
    assert_eq!(r, Refusal::Category { programme: "生活救助".into(), category: Category::Relative });
    let cfg = self::cfg();
    // 3: above the maximum standard (3,000 元).
    let big = register(&mut db, &cfg, &new_claim(w, "hardship_aid", "living_relief", "2026-11-02", 400_000))
        .unwrap();
    let r = fund_refusal(approve(&mut db, &cfg, big, 400_000, "2026-11-03"));
    assert!(matches!(r, Refusal::Standard { standard_fen: Fen(300_000), amount: Fen(400_000), .. }), "{r:?}");
    // 4: twice a year: the third is refused.
    for _ in 0..2 {
        let ok =
            register(&mut db, &cfg, &new_claim(w, "hardship_aid", "living_relief", "2026-11-02", 100_000))
                .unwrap();
        approve(&mut db, &cfg, ok, 100_000, "2026-11-03").unwrap();
    }
    let r = fund_refusal(step(
        &mut db.conn,
        &cfg,
        id,
        ClaimStep::Approve { amount: Fen(100_000), over: None },
        &cby(1, Role::Supervisor, "2026-11-03"),
    ));
    assert_eq!(r, Refusal::Times { programme: "生活救助".into(), times_per_year: 2, already: 2 });
    // 5: the budget, cut to what is spent plus 500 元.
    let w2 = household(&mut db, 2, Some((Category::Deep, "2027-12-31")));
    write(&mut db.conn, |tx| {
        fund::change_budget(tx, &hby(1, "2026-11-03"), &cfg.fund, 2026, "living_relief", 250_000, "追加为零")
    })
    .unwrap()
    .unwrap();
    let c = register(&mut db, &cfg, &new_claim(w2, "hardship_aid", "living_relief", "2026-11-02", 100_000))
        .unwrap();
    let r = fund_refusal(approve(&mut db, &cfg, c, 100_000, "2026-11-03"));
    assert_eq!(
        r,
        Refusal::Budget { programme: "生活救助".into(), remaining: Fen(50_000), amount: Fen(100_000) }
    );
    assert_eq!(
        crate::i18n::fund::refusal(crate::i18n::Lang::Zh, &r),
        "生活救助 本年余额 500.00 元，不足 1,000.00 元"
    );
    // Claims outside the fund are not asked.
    let line = &fund::ledger(&db.conn, &cfg.fund, 2026).unwrap()[3];
    assert_eq!(
        (line.code.as_str(), line.figures, line.recipients),
        ("living_relief", Figures { budget: 250_000, committed: 200_000, paid: 0 }, 1)
    );
}

#[test]
fn with_a_second_approval_the_checks_run_at_the_step_that_approves() {
    let (_t, mut db) = temp();
    clerks(&db);
    let mut cfg = cfg();
    cfg.claims.second_approval_fen = 100_000;
    let w = household(&mut db, 1, Some((Category::Deep, "2027-12-31")));
    write(&mut db.conn, |tx| {
        fund::change_budget(tx, &hby(1, "2026-11-02"), &cfg.fund, 2026, "medical_relief", 150_000, "测试")
    })
    .unwrap()
    .unwrap();
    let id = register(&mut db, &cfg, &new_claim(w, "medical_help", "medical_relief", "2026-11-02", 200_000))
        .unwrap();
    let first = approve(&mut db, &cfg, id, 200_000, "2026-11-02").unwrap();
    assert!(first.first_of_two, "the first of two commits nothing to the fund yet");
    let second = step(
        &mut db.conn,
        &cfg,
        id,
        ClaimStep::Approve { amount: Fen(200_000), over: None },
        &cby(3, Role::Supervisor, "2026-11-02"),
    );
    assert_eq!(
        fund_refusal(second),
        Refusal::Budget { programme: "医疗救助".into(), remaining: Fen(150_000), amount: Fen(200_000) }
    );
    write(&mut db.conn, |tx| {
        fund::change_budget(tx, &hby(1, "2026-11-02"), &cfg.fund, 2026, "medical_relief", 300_000, "追加")
    })
    .unwrap()
    .unwrap();
    let done = step(
        &mut db.conn,
        &cfg,
        id,
        ClaimStep::Approve { amount: Fen(200_000), over: None },
        &cby(3, Role::Supervisor, "2026-11-02"),
    )
    .unwrap();
    assert_eq!(done.claim.status, ClaimState::Approved);
    let hist = fund::history(&db.conn, 2026, "medical_relief").unwrap();
    assert_eq!(hist.iter().map(|h| h.budget_fen).collect::<Vec<_>>(), [150_000, 300_000]);
}

#[test]
fn a_budget_cut_below_committed_and_paid_is_refused_and_a_change_is_audited() {
    let (_t, mut db) = temp();
    clerks(&db);
    let cfg = cfg();
    let w = household(&mut db, 1, Some((Category::Deep, "2027-12-31")));
    let id = register(&mut db, &cfg, &new_claim(w, "education_aid", "autumn_study", "2026-09-01", 500_000))
        .unwrap();
    approve(&mut db, &cfg, id, 500_000, "2026-09-02").unwrap();
    step(
        &mut db.conn,
        &cfg,
        id,
        ClaimStep::Pay { on: d("2026-09-03"), amount: Fen(400_000), over: None },
        &cby(3, Role::Supervisor, "2026-09-03"),
    )
    .unwrap();
    let change = |db: &mut Db, fen, reason: &str| {
        write(&mut db.conn, |tx| {
            fund::change_budget(tx, &hby(1, "2026-09-04"), &cfg.fund, 2026, "autumn_study", fen, reason)
        })
        .unwrap()
    };
    assert_eq!(
        change(&mut db, 300_000, "压缩"),
        Err(BudgetRefused::TooLow(crate::domain::fund::BudgetTooLow {
            new: Fen(300_000),
            committed: Fen(0),
            paid: Fen(400_000)
        }))
    );
    assert_eq!(change(&mut db, 500_000, "  "), Err(BudgetRefused::NoReason));
    let mut clerk = hby(2, "2026-09-04");
    clerk.role = Role::Clerk;
    assert_eq!(
        write(&mut db.conn, |tx| fund::change_budget(
            tx,
            &clerk,
            &cfg.fund,
            2026,
            "autumn_study",
            600_000,
            "x"
        ))
        .unwrap(),
        Err(BudgetRefused::SupervisorOnly)
    );
    assert_eq!(
        write(&mut db.conn, |tx| fund::change_budget(
            tx,
            &hby(1, "2026-09-04"),
            &cfg.fund,
            2026,
            "nope",
            1,
            "x"
        ))
        .unwrap(),
        Err(BudgetRefused::Unknown)
    );
    let after = change(&mut db, 400_000, "年中调整").unwrap();
    assert_eq!(after.remaining(), 0);
    let audits: Vec<String> = db
        .conn
        .prepare("SELECT action || ' ' || coalesce(reason, '') FROM audit_log")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(audits, ["fund_budget 年中调整"]);
    // The config's budget is shown beside the one in force.
    let line = &fund::ledger(&db.conn, &cfg.fund, 2026).unwrap()[1];
    assert_eq!(
        (line.config_budget, line.figures.budget, line.figures.paid, line.recipients),
        (30_000_000, 400_000, 400_000, 1)
    );
    let pays = fund::payments(&db.conn, 2026, "autumn_study").unwrap();
    assert_eq!((pays.len(), pays[0].amount_fen(), pays[0].status), (1, 400_000, ClaimState::Paid));
}

#[test]
fn a_december_and_a_january_claim_count_in_their_own_years() {
    let (_t, mut db) = temp();
    clerks(&db);
    let cfg = cfg();
    let w = household(&mut db, 1, Some((Category::Deep, "2027-12-31")));
    let dec =
        register(&mut db, &cfg, &new_claim(w, "hardship_aid", "spring_warmth", "2026-12-30", 0)).unwrap();
    let jan =
        register(&mut db, &cfg, &new_claim(w, "hardship_aid", "spring_warmth", "2027-01-02", 0)).unwrap();
    approve(&mut db, &cfg, dec, 150_000, "2027-01-03").unwrap();
    approve(&mut db, &cfg, jan, 150_000, "2027-01-03").unwrap();
    let again =
        register(&mut db, &cfg, &new_claim(w, "hardship_aid", "spring_warmth", "2027-01-05", 0)).unwrap();
    let r = fund_refusal(approve(&mut db, &cfg, again, 150_000, "2027-01-05"));
    assert_eq!(r, Refusal::Times { programme: "元旦春节送温暖".into(), times_per_year: 1, already: 1 });
    for year in [2026, 2027] {
        assert_eq!(fund::ledger(&db.conn, &cfg.fund, year).unwrap()[0].figures.committed, 150_000, "{year}");
    }
}

#[test]
fn objections_are_recorded_against_a_payment_and_settled_once() {
    let (_t, mut db) = temp();
    clerks(&db);
    let cfg = cfg();
    let w = household(&mut db, 1, Some((Category::Deep, "2027-12-31")));
    let id =
        register(&mut db, &cfg, &new_claim(w, "hardship_aid", "spring_warmth", "2026-11-02", 0)).unwrap();
    approve(&mut db, &cfg, id, 150_000, "2026-11-02").unwrap();
    let by = hby(1, "2026-11-05");
    let o = write(&mut db.conn, |tx| fund::add_objection(tx, &by, id, "匿名电话", "称其家中有营运车辆"))
        .unwrap()
        .unwrap();
    assert_eq!(write(&mut db.conn, |tx| fund::add_objection(tx, &by, id, "x", "  ")).unwrap(), None);
    assert_eq!(fund::payments(&db.conn, 2026, "spring_warmth").unwrap()[0].open_objections, 1);
    assert!(
        write(&mut db.conn, |tx| fund::settle_objection(tx, &by, o, "核实车辆为亲属所有，异议不成立"))
            .unwrap()
    );
    assert!(!write(&mut db.conn, |tx| fund::settle_objection(tx, &by, o, "again")).unwrap());
    let list = fund::objections(&db.conn, id).unwrap();
    assert_eq!(
        (list.len(), list[0].raised_by.as_str(), list[0].outcome_by.as_deref()),
        (1, "匿名电话", Some("8001"))
    );
    let p = &fund::payments(&db.conn, 2026, "spring_warmth").unwrap()[0];
    assert_eq!((p.objections, p.open_objections), (1, 0));
}

/// Two supervisors on two connections approve the last of a budget at once: the IMMEDIATE
/// transactions queue, one approves, the other is refused with the new remaining.
#[test]
fn two_approvals_of_the_last_of_a_budget_one_wins_the_other_reads_the_new_remaining() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fd.db");
    let mut db = open(&path, OpenMode::Create).unwrap();
    clerks(&db);
    let cfg = cfg();
    write(&mut db.conn, |tx| {
        fund::change_budget(tx, &hby(1, "2026-09-01"), &cfg.fund, 2026, "autumn_study", 800_000, "测试")
    })
    .unwrap()
    .unwrap();
    let mut ids = vec![];
    for n in 1..=2 {
        let w = household(&mut db, n, Some((Category::Deep, "2027-12-31")));
        let id =
            register(&mut db, &cfg, &new_claim(w, "education_aid", "autumn_study", "2026-09-01", 500_000))
                .unwrap();
        step(&mut db.conn, &cfg, id, ClaimStep::Review, &cby(2, Role::Clerk, "2026-09-02")).unwrap();
        ids.push(id);
    }
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let results: Vec<_> = ids
        .iter()
        .zip([1, 3])
        .map(|(&id, sup)| {
            let (path, cfg, barrier) = (path.clone(), cfg.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut db = open(&path, OpenMode::Existing).unwrap();
                let version = claim_ops::by_id(&db.conn, id).unwrap().unwrap().version;
                let input = StepInput {
                    claim_id: id,
                    version,
                    step: ClaimStep::Approve { amount: Fen(500_000), over: None },
                    missing: vec![],
                    note: String::new(),
                };
                barrier.wait();
                let by = cby(sup, Role::Supervisor, "2026-09-02");
                write(&mut db.conn, |tx| Ok::<_, DbError>(claim_ops::apply(tx, &input, &cfg, &by))).unwrap()
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap())
        .collect();
    let won = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(won, 1, "{results:?}");
    let lost = results.into_iter().find(|r| r.is_err()).unwrap();
    assert_eq!(
        fund_refusal(lost),
        Refusal::Budget { programme: "金秋助学".into(), remaining: Fen(300_000), amount: Fen(500_000) }
    );
    let line = &fund::ledger(&db.conn, &cfg.fund, 2026).unwrap()[1];
    assert_eq!((line.figures.committed, line.remaining()), (500_000, 300_000));
}

/// Random intakes, approvals (some refused), payments and rejections: the ledger equals the
/// claims' events recomputed in plain SQL, and no programme is over its budget.
#[test]
fn the_ledger_after_random_steps_equals_a_recomputation_from_the_events() {
    let (_t, mut db) = temp();
    clerks(&db);
    let mut cfg = cfg();
    for p in cfg.fund.programmes.iter_mut() {
        p.budget_fen = p.standard_fen * 3; // small budgets, so the budget rule bites
    }
    let workers: Vec<i64> =
        (1..=6).map(|n| household(&mut db, n, Some((Category::Deep, "2027-12-31")))).collect();
    let mut seed: u64 = 0x2026_1105;
    let mut next = |m: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    let progs: Vec<_> = cfg.fund.of_year(2026).cloned().collect();
    for _ in 0..60 {
        let p = &progs[next(progs.len() as u64) as usize];
        let w = workers[next(workers.len() as u64) as usize];
        let fen = 1 + next(p.standard_fen as u64 + 50_000) as i64;
        let Ok(id) = register(&mut db, &cfg, &new_claim(w, &p.claim_kind, &p.code, "2026-10-01", fen)) else {
            continue;
        };
        let claimed = claim_ops::by_id(&db.conn, id).unwrap().unwrap().amount_claimed_fen;
        match next(4) {
            0 => {
                step(&mut db.conn, &cfg, id, ClaimStep::Review, &cby(2, Role::Clerk, "2026-10-02")).unwrap();
                let _ = step(
                    &mut db.conn,
                    &cfg,
                    id,
                    ClaimStep::Reject { reason: "不符".into() },
                    &cby(1, Role::Supervisor, "2026-10-02"),
                );
            }
            k => {
                let amount = claimed.min(cfg.claims.second_approval_fen);
                if approve(&mut db, &cfg, id, amount, "2026-10-02").is_ok() && k > 1 {
                    let paid = amount - next(2) as i64 * amount / 3;
                    step(
                        &mut db.conn,
                        &cfg,
                        id,
                        ClaimStep::Pay { on: d("2026-10-03"), amount: Fen(paid), over: None },
                        &cby(3, Role::Supervisor, "2026-10-03"),
                    )
                    .unwrap();
                }
            }
        }
    }
    let mut approved_any = 0;
    for line in fund::ledger(&db.conn, &cfg.fund, 2026).unwrap() {
        let recomputed: (i64, i64, i64) = db
            .conn
            .query_row(
                "WITH last AS (SELECT e.claim_id, e.to_state FROM claim_events e
                               WHERE e.id = (SELECT max(x.id) FROM claim_events x WHERE x.claim_id = e.claim_id))
                 SELECT coalesce(sum(CASE WHEN l.to_state = 'approved' THEN c.amount_approved_fen END), 0),
                        coalesce(sum(CASE WHEN l.to_state = 'paid' THEN c.amount_paid_fen END), 0),
                        count(DISTINCT CASE WHEN l.to_state IN ('approved', 'paid') THEN c.worker_id END)
                 FROM claims c JOIN last l ON l.claim_id = c.id
                 WHERE c.programme_year = 2026 AND c.programme = ?1",
                [&line.code],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((line.figures.committed, line.figures.paid, line.recipients), recomputed, "{}", line.code);
        assert!(line.remaining() >= 0, "{} over budget: {:?}", line.code, line.figures);
        approved_any += line.recipients;
        let times: i64 = db
            .conn
            .query_row(
                "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM claims WHERE programme = ?1
                 AND programme_year = 2026 AND status IN ('approved', 'paid') GROUP BY worker_id)",
                [&line.code],
                |r| r.get(0),
            )
            .unwrap();
        let p = cfg.fund.programme(2026, &line.code).unwrap();
        assert!(times <= i64::from(p.times_per_year), "{}: {times} times", line.code);
    }
    assert!(approved_any > 3, "the run approved something");
}

//! Counter claims on temp files: numbering, steps with version checks, the history query.

use super::claim_ops::{self, By, NewClaim, StepInput, StepRefused};
use super::*;
use crate::domain::Role;
use crate::domain::claim::{Actor, ClaimError, ClaimState, ClaimStep};
use crate::domain::money::Fen;
use chrono::{NaiveDate, TimeZone, Utc};

fn temp() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir.path().join("fd.db"), OpenMode::Create).unwrap();
    (dir, db)
}

fn by(clerk_id: i64, role: Role) -> By {
    By {
        actor: Actor { clerk_id, role },
        at: Utc.with_ymd_and_hms(2026, 11, 2, 1, 0, 0).unwrap(),
        today: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
    }
}

/// Clerks 1 (supervisor) and 2 (clerk), then a worker.
fn worker(db: &mut Db) -> i64 {
    for (login, role) in [("8001", Role::Supervisor), ("8002", Role::Clerk)] {
        super::clerks::insert(&db.conn, login, login, role, "x", Utc::now()).unwrap();
    }
    let id = crate::domain::IdNumber::from_stored("11010519491231002X").unwrap();
    let known = super::workers::Known { name: "王一", ..Default::default() };
    write(&mut db.conn, |tx| super::workers::upsert(tx, &id, &known, Utc::now())).unwrap()
}

fn new_claim(worker_id: i64, missing: &[&str]) -> NewClaim {
    NewClaim {
        worker_id,
        kind: "inpatient".into(),
        filed_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        amount_claimed_fen: 500_000,
        missing: missing.iter().map(|s| s.to_string()).collect(),
        consent_version: "2026-01".into(),
        note: "窗口受理".into(),
        event_note: String::new(),
        programme: None,
    }
}

#[test]
fn numbers_follow_the_format_per_year_and_skip_imported_ones() {
    let (_d, mut db) = temp();
    let w = worker(&mut db);
    let imported = super::claims::ClaimData {
        claim_no: "HZ2026000002".into(),
        kind: "inpatient".into(),
        filed_on: "2026-01-05".into(),
        ..Default::default()
    };
    write(&mut db.conn, |tx| {
        super::claims::upsert_imported(tx, &imported, w, None, &super::workers::stamp(Utc::now()))
    })
    .unwrap();
    let next = |db: &mut Db, year| {
        write(&mut db.conn, |tx| claim_ops::next_number(tx, "HZ{year}{seq}", 6, year)).unwrap()
    };
    assert_eq!(next(&mut db, 2026), "HZ2026000001");
    assert_eq!(next(&mut db, 2026), "HZ2026000003", "the imported number is not issued again");
    assert_eq!(next(&mut db, 2027), "HZ2027000001", "a new year starts again");
}

#[test]
fn intake_state_follows_the_papers_and_steps_check_the_version() {
    let (_d, mut db) = temp();
    let w = worker(&mut db);
    let clerk = by(2, Role::Clerk);
    let id = write(&mut db.conn, |tx| claim_ops::register(tx, &new_claim(w, &["出院小结"]), "C1", &clerk))
        .unwrap();
    let c = claim_ops::by_id(&db.conn, id).unwrap().unwrap();
    assert_eq!(
        (c.status, c.missing_papers.as_deref(), c.papers_complete_on),
        (ClaimState::MaterialsIncomplete, Some("出院小结"), None)
    );
    assert_eq!((c.registered_by, c.consent_version.as_deref()), (Some(2), Some("2026-01")));
    let step = |db: &mut Db, version, step, who: &By| {
        let input = StepInput { claim_id: id, version, step, missing: vec![], note: String::new() };
        write(&mut db.conn, |tx| {
            Ok::<_, DbError>(claim_ops::apply(tx, &input, &crate::config::Settings::builtin().config, who))
        })
        .unwrap()
    };
    let done = step(&mut db, c.version, ClaimStep::Papers { complete: true }, &clerk).unwrap();
    assert_eq!(done.claim.status, ClaimState::Submitted);
    assert_eq!(
        (done.claim.papers_complete_on.as_deref(), done.claim.missing_papers),
        (Some("2026-11-02"), None)
    );
    // The old version is refused with the claim as it now is.
    match step(&mut db, c.version, ClaimStep::Review, &clerk) {
        Err(StepRefused::Stale(now)) => assert_eq!(now.status, ClaimState::Submitted),
        other => panic!("{other:?}"),
    }
    let v = done.claim.version;
    let reviewed = step(&mut db, v, ClaimStep::Review, &clerk).unwrap();
    match step(
        &mut db,
        reviewed.claim.version,
        ClaimStep::Approve { amount: Fen(400_000), over: None },
        &by(2, Role::Supervisor),
    ) {
        Err(StepRefused::Rule(ClaimError::FourEyes)) => {}
        other => panic!("{other:?}"),
    }
    let approved = step(
        &mut db,
        reviewed.claim.version,
        ClaimStep::Approve { amount: Fen(400_000), over: None },
        &by(1, Role::Supervisor),
    )
    .unwrap();
    assert_eq!(
        (approved.claim.status, approved.claim.amount_approved_fen),
        (ClaimState::Approved, Some(400_000))
    );
    let on = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let paid = step(
        &mut db,
        approved.claim.version,
        ClaimStep::Pay { on, amount: Fen(400_000), over: None },
        &by(1, Role::Supervisor),
    )
    .unwrap();
    assert_eq!(
        (paid.claim.paid_on.as_deref(), paid.claim.amount_paid_fen),
        (Some("2026-11-02"), Some(400_000))
    );
    let events = claim_ops::events_of_worker(&db.conn, w).unwrap();
    let moves: Vec<_> = events.iter().map(|e| (e.from, e.to, e.source.as_str())).collect();
    use ClaimState::*;
    assert_eq!(
        moves,
        [
            (None, MaterialsIncomplete, "counter"),
            (Some(MaterialsIncomplete), Submitted, "counter"),
            (Some(Submitted), UnderReview, "counter"),
            (Some(UnderReview), Approved, "counter"),
            (Some(Approved), Paid, "counter"),
        ]
    );
    assert_eq!(events[0].note.as_deref(), Some("窗口受理"));
}

#[test]
fn the_history_query_searches_indexes() {
    let (_d, db) = temp();
    let sql = "EXPLAIN QUERY PLAN SELECT e.claim_id FROM claims c JOIN claim_events e ON e.claim_id = c.id \
               LEFT JOIN clerks k ON k.id = e.clerk_id WHERE c.worker_id = 1 ORDER BY e.at, e.id";
    let plan: Vec<String> = {
        let mut s = db.conn.prepare(sql).unwrap();
        s.query_map([], |r| r.get::<_, String>(3)).unwrap().map(|r| r.unwrap()).collect()
    };
    assert!(plan.iter().any(|p| p.contains("SEARCH c USING") && p.contains("claims_worker")), "{plan:?}");
    assert!(plan.iter().any(|p| p.contains("SEARCH e USING INDEX claim_events_claim")), "{plan:?}");
    assert!(!plan.iter().any(|p| p.starts_with("SCAN")), "{plan:?}");
}

/// Clerk 2 registers a claim of 5,000.00 and sends it for review; returns its id and version.
fn reviewed(db: &mut Db, w: i64) -> (i64, i64) {
    let clerk = by(2, Role::Clerk);
    let id = write(&mut db.conn, |tx| claim_ops::register(tx, &new_claim(w, &[]), "C1", &clerk)).unwrap();
    let input =
        StepInput { claim_id: id, version: 1, step: ClaimStep::Review, missing: vec![], note: String::new() };
    let done = write(&mut db.conn, |tx| {
        Ok::<_, DbError>(claim_ops::apply(tx, &input, &crate::config::Settings::builtin().config, &clerk))
    })
    .unwrap()
    .unwrap();
    (id, done.claim.version)
}

fn apply(
    db: &mut Db,
    id: i64,
    version: i64,
    step: ClaimStep,
    who: &By,
) -> Result<claim_ops::Stepped, StepRefused> {
    let input = StepInput { claim_id: id, version, step, missing: vec![], note: String::new() };
    write(&mut db.conn, |tx| {
        Ok::<_, DbError>(claim_ops::apply(tx, &input, &crate::config::Settings::builtin().config, who))
    })
    .unwrap()
}

#[test]
fn the_database_refuses_approving_more_than_claimed_and_paying_more_than_approved() {
    let (_d, mut db) = temp();
    let w = worker(&mut db);
    let (id, v) = reviewed(&mut db, w);
    let sup = by(1, Role::Supervisor);
    let approve =
        |fen, over: Option<&str>| ClaimStep::Approve { amount: Fen(fen), over: over.map(str::to_string) };
    match apply(&mut db, id, v, approve(500_001, None), &sup) {
        Err(StepRefused::Rule(ClaimError::AboveClaimed { claimed: Fen(500_000) })) => {}
        other => panic!("approved more than claimed: {other:?}"),
    }
    let ok = apply(&mut db, id, v, approve(600_000, Some("含复诊费用")), &sup).unwrap();
    assert_eq!(ok.claim.amount_approved_fen, Some(600_000));
    let on = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let pay =
        |fen, over: Option<&str>| ClaimStep::Pay { on, amount: Fen(fen), over: over.map(str::to_string) };
    match apply(&mut db, id, ok.claim.version, pay(600_001, None), &sup) {
        Err(StepRefused::Rule(ClaimError::AboveApproved { approved: Fen(600_000) })) => {}
        other => panic!("paid more than approved: {other:?}"),
    }
    // Paid before the claim was filed, or after today: refused whatever the screen let through.
    for day in [NaiveDate::from_ymd_opt(2026, 11, 1), NaiveDate::from_ymd_opt(2026, 11, 3)] {
        let early = ClaimStep::Pay { on: day.unwrap(), amount: Fen(600_000), over: None };
        match apply(&mut db, id, ok.claim.version, early, &sup) {
            Err(StepRefused::Rule(ClaimError::PaidOn { .. })) => {}
            other => panic!("paid outside filing..today: {other:?}"),
        }
    }
    apply(&mut db, id, ok.claim.version, pay(650_000, Some("补发交通费")), &sup).unwrap();
    // The reasons are in the history even when the caller's note leaves them out.
    let notes: Vec<String> =
        claim_ops::events_of_worker(&db.conn, w).unwrap().into_iter().filter_map(|e| e.note).collect();
    assert!(
        notes.iter().any(|n| n.contains("含复诊费用")) && notes.iter().any(|n| n.contains("补发交通费")),
        "{notes:?}"
    );
}

#[test]
fn the_database_takes_a_second_approval_only_for_the_first_ones_amount() {
    let (_d, mut db) = temp();
    let w = worker(&mut db);
    super::clerks::insert(&db.conn, "8003", "8003", Role::Supervisor, "x", Utc::now()).unwrap();
    let (id, v) = reviewed(&mut db, w);
    db.conn.execute("UPDATE claims SET amount_claimed_fen = 5000000 WHERE id = ?1", [id]).unwrap();
    let approve = |fen| ClaimStep::Approve { amount: Fen(fen), over: None };
    let first = apply(&mut db, id, v, approve(3_000_000), &by(1, Role::Supervisor)).unwrap();
    assert!(first.first_of_two);
    let other =
        apply(&mut db, id, first.claim.version, approve(4_000_000), &by(3, Role::Supervisor)).unwrap();
    assert_eq!(
        (other.claim.status, other.claim.first_approver, other.claim.amount_approved_fen, other.replaced),
        (ClaimState::UnderReview, Some(3), Some(4_000_000), Some(Fen(3_000_000)))
    );
    let done = apply(&mut db, id, other.claim.version, approve(4_000_000), &by(1, Role::Supervisor)).unwrap();
    assert_eq!((done.claim.status, done.claim.first_approver), (ClaimState::Approved, Some(3)));
}

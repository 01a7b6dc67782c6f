use super::queue;
use super::visits::{self, By, NewVisit, Next, StepDetail};
use super::*;
use crate::domain::walkin::{Outcome, State, Step};
use chrono::{TimeZone, Utc};

fn by(window: &str, minute: u32) -> By {
    By {
        clerk_id: None,
        window: Some(window.into()),
        at: Utc.with_ymd_and_hms(2026, 11, 28, 1, minute, 0).unwrap(),
        day: "2026-11-28".into(),
    }
}

fn ticket(matter: &str, letter: &str) -> NewVisit {
    NewVisit { matter: matter.into(), letter: letter.into(), ..Default::default() }
}

fn temp() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir.path().join("fd.db"), OpenMode::Create).unwrap();
    (dir, db)
}

#[test]
fn tickets_count_per_matter_and_day() {
    let (_d, mut db) = temp();
    let a1 =
        write(&mut db.conn, |tx| visits::issue(tx, &ticket("medical_aid", "A"), &by("desk", 0))).unwrap();
    let b1 = write(&mut db.conn, |tx| visits::issue(tx, &ticket("hardship", "B"), &by("desk", 1))).unwrap();
    let a2 =
        write(&mut db.conn, |tx| visits::issue(tx, &ticket("medical_aid", "A"), &by("desk", 2))).unwrap();
    assert_eq!(
        (a1.ticket.as_deref(), b1.ticket.as_deref(), a2.ticket.as_deref()),
        (Some("A001"), Some("B001"), Some("A002"))
    );
    assert_eq!(a2.ahead, 1);
    let mut next_day = by("desk", 3);
    next_day.day = "2026-11-29".into();
    let a = write(&mut db.conn, |tx| visits::issue(tx, &ticket("medical_aid", "A"), &next_day)).unwrap();
    assert_eq!(a.ticket.as_deref(), Some("A001"));
    let phone = NewVisit { channel: Some(crate::domain::walkin::Channel::Phone), ..ticket("rights", "C") };
    let p = write(&mut db.conn, |tx| visits::issue(tx, &phone, &by("w2", 4))).unwrap();
    assert_eq!(p.ticket, None, "calls get no ticket");
}

#[test]
fn concurrent_issuers_get_unique_gapless_numbers() {
    let (dir, db) = temp();
    drop(db);
    let path = dir.path().join("fd.db");
    let threads: Vec<_> = (0..6)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut db = open(&path, OpenMode::Existing).unwrap();
                (0..40)
                    .map(|i| {
                        let b = by(&format!("w{t}"), (i % 50) as u32);
                        write(&mut db.conn, |tx| visits::issue(tx, &ticket("medical_aid", "A"), &b))
                            .unwrap()
                            .ticket
                            .unwrap()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut all: Vec<String> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    all.sort();
    let want: Vec<String> = (1..=240).map(|n| crate::domain::walkin::ticket_label("A", n)).collect();
    let mut want_sorted = want.clone();
    want_sorted.sort();
    assert_eq!(all, want_sorted);
}

#[test]
fn call_next_takes_priority_then_the_longest_waiting_of_the_windows_matters() {
    let (_d, mut db) = temp();
    let issue = |db: &mut Db, v: NewVisit, m: u32| {
        write(&mut db.conn, |tx| visits::issue(tx, &v, &by("desk", m))).unwrap()
    };
    issue(&mut db, ticket("medical_aid", "A"), 0); // A001
    issue(&mut db, ticket("rights", "C"), 1); // C001: not w1's matter
    let prio = NewVisit { priority: Some("elderly".into()), ..ticket("hardship", "B") };
    issue(&mut db, prio, 2); // B001 priority
    issue(&mut db, ticket("medical_aid", "A"), 3); // A002
    let matters = vec!["medical_aid".to_string(), "hardship".to_string()];
    let mut order = vec![];
    for m in 10..14 {
        let next = write(&mut db.conn, |tx| visits::call_next(tx, &matters, false, &by("w1", m))).unwrap();
        let Next::Called(id) = next else {
            assert_eq!(next, Next::NoneWaiting);
            order.push(None);
            continue;
        };
        order.push(queue::by_id(&db.conn, id).unwrap().and_then(|v| v.ticket));
        // The window holds one current ticket: the next is called only once this one is off.
        let again = write(&mut db.conn, |tx| visits::call_next(tx, &matters, false, &by("w1", m))).unwrap();
        assert_eq!(again, Next::Busy(id));
        let none = StepDetail::default();
        write(&mut db.conn, |tx| visits::step(tx, id, Step::NoShow, &by("w1", m), 3, &none)).unwrap();
    }
    assert_eq!(order, vec![Some("B001".into()), Some("A001".into()), Some("A002".into()), None]);
    assert!(queue::current(&db.conn, "2026-11-28", "w1").unwrap().is_none());
}

#[test]
fn the_database_refuses_a_second_current_ticket_at_a_window() {
    let (_d, mut db) = temp();
    let a = write(&mut db.conn, |tx| visits::issue(tx, &ticket("medical_aid", "A"), &by("desk", 0))).unwrap();
    let b = write(&mut db.conn, |tx| visits::issue(tx, &ticket("medical_aid", "A"), &by("desk", 1))).unwrap();
    let none = StepDetail::default();
    write(&mut db.conn, |tx| visits::step(tx, a.visit_id, Step::Call, &by("w1", 2), 3, &none)).unwrap();
    // A second terminal at the same window that skipped call-next's check still cannot.
    let second = write(&mut db.conn, |tx| visits::step(tx, b.visit_id, Step::Call, &by("w1", 3), 3, &none));
    assert!(second.as_ref().is_err_and(visits::is_window_busy), "{second:?}");
    // Another window may.
    write(&mut db.conn, |tx| visits::step(tx, b.visit_id, Step::Call, &by("w2", 3), 3, &none)).unwrap();
    // Begin on the window's own ticket is not a second one.
    write(&mut db.conn, |tx| visits::step(tx, a.visit_id, Step::Begin, &by("w1", 4), 3, &none)).unwrap();
    // 过号 and 取消 go back to waiting the same day, keeping the arrival time.
    write(&mut db.conn, |tx| visits::step(tx, b.visit_id, Step::NoShow, &by("w2", 5), 3, &none)).unwrap();
    write(&mut db.conn, |tx| visits::step(tx, b.visit_id, Step::Restore, &by("w2", 6), 3, &none)).unwrap();
    let row = queue::by_id(&db.conn, b.visit_id).unwrap().unwrap();
    assert_eq!((row.state, row.calls, row.arrived_at), (State::Waiting, 0, by("desk", 1).at));
}

#[test]
fn steps_are_events_and_refusals_change_nothing() {
    let (_d, mut db) = temp();
    let v = write(&mut db.conn, |tx| visits::issue(tx, &ticket("medical_aid", "A"), &by("desk", 0))).unwrap();
    let none = StepDetail::default();
    let err = write(&mut db.conn, |tx| visits::step(tx, v.visit_id, Step::Begin, &by("w1", 1), 3, &none));
    assert!(matches!(err, Err(visits::VisitError::Step(_))));
    for (s, m) in [(Step::Call, 2), (Step::Recall, 4), (Step::Begin, 5)] {
        write(&mut db.conn, |tx| visits::step(tx, v.visit_id, s, &by("w1", m), 3, &none)).unwrap();
    }
    let papers = StepDetail { papers: vec!["出院小结".into()], ..Default::default() };
    let done = write(&mut db.conn, |tx| {
        visits::step(tx, v.visit_id, Step::Finish(Outcome::NeedsPapers), &by("w1", 15), 3, &papers)
    })
    .unwrap();
    assert_eq!(done.state, State::Done);
    let steps = queue::timed_steps(&db.conn, v.visit_id).unwrap();
    assert_eq!(steps.len(), 5);
    let row = queue::by_id(&db.conn, v.visit_id).unwrap().unwrap();
    assert_eq!(crate::domain::walkin::times(row.arrived_at, &steps), (Some(4.0), Some(10.0)));
    assert_eq!(row.begun_at, Some(by("w1", 5).at));
    assert_eq!(row.papers.as_deref(), Some("出院小结"));
    // 需补材料 is the worker's to bring, not a follow-up of ours.
    assert!(queue::followups(&db.conn, crate::db::page::From::First, 10).unwrap().is_empty());
}

#[test]
fn too_many_recalls_make_a_no_show_event() {
    let (_d, mut db) = temp();
    let v = write(&mut db.conn, |tx| visits::issue(tx, &ticket("medical_aid", "A"), &by("desk", 0))).unwrap();
    let none = StepDetail::default();
    let mut last = None;
    for (i, s) in [Step::Call, Step::Recall, Step::Recall, Step::Recall].into_iter().enumerate() {
        last = Some(
            write(&mut db.conn, |tx| visits::step(tx, v.visit_id, s, &by("w1", i as u32), 3, &none)).unwrap(),
        );
    }
    assert_eq!(last.unwrap().state, State::NoShow);
    let kinds: Vec<String> = {
        let mut s = db.conn.prepare("SELECT kind FROM visit_events WHERE visit_id = ?1 ORDER BY id").unwrap();
        s.query_map([v.visit_id], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
    };
    assert_eq!(kinds, ["issue", "call", "recall", "recall", "no_show"]);
}

#[test]
fn transfer_moves_the_ticket_and_keeps_its_arrival() {
    let (_d, mut db) = temp();
    let v = write(&mut db.conn, |tx| visits::issue(tx, &ticket("medical_aid", "A"), &by("desk", 0))).unwrap();
    let none = StepDetail::default();
    write(&mut db.conn, |tx| visits::step(tx, v.visit_id, Step::Call, &by("w1", 2), 3, &none)).unwrap();
    let to = StepDetail { to_window: Some("w2".into()), ..Default::default() };
    write(&mut db.conn, |tx| visits::step(tx, v.visit_id, Step::Transfer, &by("w1", 3), 3, &to)).unwrap();
    let row = queue::by_id(&db.conn, v.visit_id).unwrap().unwrap();
    assert_eq!((row.state, row.window.as_deref(), row.calls), (State::Waiting, Some("w2"), 0));
    assert_eq!(row.arrived_at, by("desk", 0).at);
    // w2 serves rights and employment, but a ticket transferred to it is its to call.
    let w2 = vec!["rights".to_string()];
    let next = write(&mut db.conn, |tx| visits::call_next(tx, &w2, false, &by("w2", 5))).unwrap();
    assert_eq!(next, Next::Called(v.visit_id));
}

#[test]
fn claim_lookups_are_index_searches_and_reimports_record_only_changes() {
    use super::claims::{self, ClaimData};
    use crate::domain::claim::ClaimState;
    let (_d, mut db) = temp();
    for (sql, want) in [
        (
            "EXPLAIN QUERY PLAN SELECT * FROM claims WHERE worker_id = 1 ORDER BY filed_on DESC",
            "claims_worker",
        ),
        ("EXPLAIN QUERY PLAN SELECT * FROM claims WHERE claim_no = 'x'", "sqlite_autoindex_claims"),
        ("EXPLAIN QUERY PLAN SELECT * FROM workers WHERE id_number = 'x'", "sqlite_autoindex_workers"),
    ] {
        let plan: Vec<String> = {
            let mut s = db.conn.prepare(sql).unwrap();
            s.query_map([], |r| r.get::<_, String>(3)).unwrap().map(|r| r.unwrap()).collect()
        };
        assert!(plan.iter().any(|p| p.contains("SEARCH") && p.contains(want)), "{sql}: {plan:?}");
    }
    let id = crate::domain::IdNumber::from_stored("11010519491231002X").unwrap();
    let now = by("w1", 0).at;
    let w = write(&mut db.conn, |tx| {
        super::workers::upsert(tx, &id, &super::workers::Known { name: "王一", ..Default::default() }, now)
    })
    .unwrap();
    let mut c = ClaimData {
        claim_no: "S001".into(),
        kind: "inpatient".into(),
        filed_on: "2026-10-08".into(),
        amount_claimed_fen: 123_450,
        status: Some(ClaimState::Submitted),
        ..Default::default()
    };
    assert!(
        write(&mut db.conn, |tx| claims::upsert_imported(tx, &c, w, None, &super::workers::stamp(now)))
            .unwrap()
    );
    assert!(
        !write(&mut db.conn, |tx| claims::upsert_imported(tx, &c, w, None, &super::workers::stamp(now)))
            .unwrap(),
        "same state: no event"
    );
    c.status = Some(ClaimState::Approved);
    c.amount_approved_fen = Some(100_000);
    assert!(
        write(&mut db.conn, |tx| claims::upsert_imported(tx, &c, w, None, &super::workers::stamp(now)))
            .unwrap()
    );
    c.amount_approved_fen = None; // an empty cell never overwrites
    write(&mut db.conn, |tx| claims::upsert_imported(tx, &c, w, None, &super::workers::stamp(now))).unwrap();
    let row = claims::by_no(&db.conn, "S001").unwrap().unwrap();
    assert_eq!((row.status, row.amount_approved_fen), (ClaimState::Approved, Some(100_000)));
    let events: i64 = db.conn.query_row("SELECT count(*) FROM claim_events", [], |r| r.get(0)).unwrap();
    assert_eq!(events, 2);
}

#[test]
fn who_is_ahead_is_counted_from_the_index_alone() {
    let (_d, db) = temp();
    let plan: String = db
        .conn
        .query_row(&format!("EXPLAIN QUERY PLAN {}", visits::AHEAD), ["2026-11-28", "rights", "9"], |r| {
            r.get(3)
        })
        .unwrap();
    assert!(plan.contains("COVERING INDEX visits_day_state"), "{plan}");
}

//! Hardship files on temp files: a file's life and its events, four eyes, two terminals, the
//! approval's verification, reviews, visits, lapse and the lists.

use super::hardship::{self as files, FileRow};
use super::hardship_ops::{self as ops, Application, By, NewVerification, NewVisit, Refused};
use super::hardship_review::{self as reviews, ReviewInput};
use super::*;
use crate::config::Hardship;
use crate::domain::Role;
use crate::domain::hardship::{
    Category, Cause, ExitReason, Health, Member, Outcome, Relation, Rule, Standing, State, Verdict, Work,
};
use chrono::{NaiveDate, TimeZone, Utc};

fn temp() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir.path().join("fd.db"), OpenMode::Create).unwrap();
    (dir, db)
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Clerk `id` as role, acting on `day`.
fn by(clerk_id: i64, role: Role, day: &str) -> By {
    let today = d(day);
    By {
        clerk_id,
        role,
        actor: audit::Actor {
            clerk_id: Some(clerk_id),
            login: Some(format!("800{clerk_id}")),
            terminal: "test".into(),
        },
        at: Utc.from_utc_datetime(&today.and_hms_opt(2, 0, 0).unwrap()),
        today,
    }
}

/// Supervisors 1 and 3, clerk 2, volunteer 4, then a worker.
fn setup(db: &mut Db) -> i64 {
    for (login, role) in [
        ("8001", Role::Supervisor),
        ("8002", Role::Clerk),
        ("8003", Role::Supervisor),
        ("8004", Role::Volunteer),
    ] {
        clerks::insert(&db.conn, login, &format!("员工{login}"), role, "x", Utc::now()).unwrap();
    }
    let id = crate::domain::IdNumber::from_stored("11010519491231002X").unwrap();
    let known = workers::Known { name: "王一", ..Default::default() };
    write(&mut db.conn, |tx| workers::upsert(tx, &id, &known, Utc::now())).unwrap()
}

fn member(relation: Relation, work: Work, income_fen: i64) -> Member {
    Member {
        name: "王某".into(),
        relation,
        id_number: (relation != Relation::Child).then(|| "11010519491231002X".into()),
        health: Health::Healthy,
        disability_grade: None,
        work,
        income_fen,
    }
}

/// Three members, 300,000 fen a month: 100,000 a head, below the 2026 line (123,000) → relative.
fn application(verification: Option<NewVerification>) -> Application {
    Application {
        members: vec![
            member(Relation::Self_, Work::Employed, 300_000),
            member(Relation::Spouse, Work::Unemployed, 0),
            member(Relation::Child, Work::Student, 0),
        ],
        causes: vec![Cause::Illness, Cause::Unemployment],
        category: Some(Category::Relative),
        category_reason: String::new(),
        verification,
    }
}

fn eligible(on: &str) -> NewVerification {
    NewVerification {
        dated_on: d(on),
        reference: "HY-1".into(),
        result: Verdict::Eligible,
        per_head_fen: Some(100_000),
    }
}

fn ok<T: std::fmt::Debug>(r: ops::Done<T>) -> T {
    r.unwrap().unwrap()
}

fn refused<T: std::fmt::Debug>(r: ops::Done<T>) -> Refused {
    r.unwrap().unwrap_err()
}

fn applied(db: &mut Db, w: i64, who: &By) -> FileRow {
    let cfg = Hardship::default();
    ok(write(&mut db.conn, |tx| ops::apply(tx, &cfg, who, w, &application(Some(eligible("2026-03-01"))))))
}

fn actions(db: &Db, file: i64) -> Vec<String> {
    files::events(&db.conn, file).unwrap().into_iter().map(|e| e.action).collect()
}

fn audits(db: &Db) -> Vec<String> {
    let mut st =
        db.conn.prepare("SELECT action FROM audit_log WHERE action LIKE 'hardship_%' ORDER BY id").unwrap();
    st.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn a_file_is_applied_for_approved_and_every_step_is_an_event_and_an_audit_row() {
    let (_d, mut db) = temp();
    let w = setup(&mut db);
    let cfg = Hardship::default();
    let clerk = by(2, Role::Clerk, "2026-03-02");
    let f = applied(&mut db, w, &clerk);
    assert_eq!((f.file_no.as_str(), f.state, f.version), ("KN202600001", State::Applied, 1));
    assert_eq!((f.members, f.income_fen, f.per_head_fen), (3, 300_000, 100_000));
    assert_eq!(
        (f.proposed, f.category, f.line_year),
        (Some(Category::Relative), Some(Category::Relative), Some(2026))
    );
    assert_eq!(f.entered_by, Some(2));
    // The worker has an open file: a second is refused.
    let again = write(&mut db.conn, |tx| ops::apply(tx, &cfg, &clerk, w, &application(None)));
    assert_eq!(refused(again), Refused::Rule(Rule::OpenFile { file_no: "KN202600001".into() }));
    let sup = by(1, Role::Supervisor, "2026-03-05");
    let f = ok(write(&mut db.conn, |tx| ops::approve(tx, &cfg, &sup, f.id, f.version)));
    assert_eq!(
        (f.state, f.filed_on, f.valid_until),
        (State::Filed, Some(d("2026-03-05")), Some(d("2027-03-04")))
    );
    assert_eq!(f.approved_by, Some(1));
    assert_eq!(actions(&db, f.id), ["apply", "approve"]);
    let ev = files::events(&db.conn, f.id).unwrap();
    assert_eq!(
        (ev[1].state, ev[1].valid_until, ev[1].clerk.as_deref()),
        (State::Filed, f.valid_until, Some("员工8001"))
    );
    assert_eq!(audits(&db), ["hardship_apply", "hardship_approve"]);
    let whole = files::whole(&db.conn, f.id).unwrap().unwrap();
    assert_eq!(whole.household.len(), 3);
    assert_eq!(whole.household[0].member.relation, Relation::Self_);
    assert_eq!(whole.verifications[0].reference, "HY-1");
    assert_eq!(files::of_worker(&db.conn, w).unwrap()[0].id, f.id);
    assert_eq!(files::current_for_worker(&db.conn, w, d("2026-03-05")).unwrap().map(|f| f.id), Some(f.id));
    // The next number of the year follows.
    let n = write(&mut db.conn, |tx| ops::next_number(tx, &cfg, 2026)).unwrap();
    assert_eq!(n, "KN202600002");
}

#[test]
fn whoever_entered_may_not_approve_return_or_reject_and_volunteers_change_nothing() {
    let (_d, mut db) = temp();
    let w = setup(&mut db);
    let cfg = Hardship::default();
    let sup1 = by(1, Role::Supervisor, "2026-03-02");
    let f = applied(&mut db, w, &sup1);
    let v = f.version;
    assert_eq!(
        refused(write(&mut db.conn, |tx| ops::approve(tx, &cfg, &sup1, f.id, v))),
        Refused::Rule(Rule::FourEyes)
    );
    assert_eq!(
        refused(write(&mut db.conn, |tx| ops::send_back(tx, &sup1, f.id, v, "缺材料"))),
        Refused::Rule(Rule::FourEyes)
    );
    assert_eq!(
        refused(write(&mut db.conn, |tx| ops::reject(tx, &sup1, f.id, v, "收入超标"))),
        Refused::Rule(Rule::FourEyes)
    );
    let clerk = by(2, Role::Clerk, "2026-03-02");
    assert_eq!(
        refused(write(&mut db.conn, |tx| ops::approve(tx, &cfg, &clerk, f.id, v))),
        Refused::Rule(Rule::SupervisorOnly)
    );
    let vol = by(4, Role::Volunteer, "2026-03-02");
    assert_eq!(
        refused(write(&mut db.conn, |tx| ops::verify(tx, &vol, f.id, v, &eligible("2026-03-01")))),
        Refused::Rule(Rule::ReadOnly)
    );
    assert_eq!(actions(&db, f.id), ["apply"], "nothing refused is stored");
    // Another supervisor sends it back with a reason, the clerk edits, the other approves.
    let sup3 = by(3, Role::Supervisor, "2026-03-03");
    assert_eq!(
        refused(write(&mut db.conn, |tx| ops::send_back(tx, &sup3, f.id, v, " "))),
        Refused::Rule(Rule::ReasonRequired)
    );
    let f = ok(write(&mut db.conn, |tx| ops::send_back(tx, &sup3, f.id, v, "缺户口本")));
    assert!(f.returned);
    assert_eq!(files::returned(&db.conn).unwrap().len(), 1);
    assert!(files::waiting(&db.conn).unwrap().is_empty());
    let f = ok(write(&mut db.conn, |tx| ops::edit(tx, &cfg, &clerk, f.id, f.version, &application(None))));
    assert!(!f.returned);
    assert_eq!(files::waiting(&db.conn).unwrap()[0].worker_name, "王一");
    let f = ok(write(&mut db.conn, |tx| ops::approve(tx, &cfg, &sup3, f.id, f.version)));
    assert_eq!(f.state, State::Filed);
    assert_eq!(actions(&db, f.id), ["apply", "return", "edit", "approve"]);
    assert_eq!(files::events(&db.conn, f.id).unwrap()[1].detail.as_deref(), Some("缺户口本"));
}

/// Two terminals read the same file; the first saves, the second is told it changed and
/// nothing of its edit is stored.
#[test]
fn a_file_edited_on_two_terminals_keeps_the_first_and_refuses_the_second() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fd.db");
    let mut a = open(&path, OpenMode::Create).unwrap();
    let w = setup(&mut a);
    let mut b = open(&path, OpenMode::Existing).unwrap();
    let cfg = Hardship::default();
    let clerk = by(2, Role::Clerk, "2026-03-02");
    let f = applied(&mut a, w, &clerk);
    let read_a = files::by_id(&a.conn, f.id).unwrap().unwrap();
    let read_b = files::by_id(&b.conn, f.id).unwrap().unwrap();
    let mut first = application(None);
    first.members.pop();
    ok(write(&mut a.conn, |tx| ops::edit(tx, &cfg, &clerk, f.id, read_a.version, &first)));
    let mut second = application(None);
    second.members[0].income_fen = 1;
    let r = refused(write(&mut b.conn, |tx| ops::edit(tx, &cfg, &clerk, f.id, read_b.version, &second)));
    let Refused::Changed(now) = r else { panic!("{r:?}") };
    assert_eq!((now.members, now.version), (2, read_a.version + 1));
    let whole = files::whole(&b.conn, f.id).unwrap().unwrap();
    assert_eq!(whole.household.len(), 2);
    assert_eq!(whole.household[0].member.income_fen, 300_000);
    assert_eq!(actions(&b, f.id), ["apply", "edit"]);
}

#[test]
fn approval_needs_a_fresh_eligible_verification_and_a_category() {
    let (_d, mut db) = temp();
    let w = setup(&mut db);
    let cfg = Hardship::default();
    let clerk = by(2, Role::Clerk, "2026-06-30");
    let f = ok(write(&mut db.conn, |tx| ops::apply(tx, &cfg, &clerk, w, &application(None))));
    let sup = by(1, Role::Supervisor, "2026-06-30");
    let approve =
        |db: &mut Db, v: i64| refused(write(&mut db.conn, |tx| ops::approve(tx, &cfg, &sup, f.id, v)));
    assert_eq!(approve(&mut db, f.version), Refused::Rule(Rule::NoVerification));
    // 91 days before the approval day: too old.
    let f = ok(write(&mut db.conn, |tx| ops::verify(tx, &clerk, f.id, f.version, &eligible("2026-03-31"))));
    assert_eq!(
        approve(&mut db, f.version),
        Refused::Rule(Rule::VerificationStale { dated_on: d("2026-03-31") })
    );
    // The latest decides: a pending answer after it is not eligible.
    let pending = NewVerification { result: Verdict::Pending, ..eligible("2026-06-01") };
    let f = ok(write(&mut db.conn, |tx| ops::verify(tx, &clerk, f.id, f.version, &pending)));
    assert_eq!(approve(&mut db, f.version), Refused::Rule(Rule::NotEligible));
    let future = eligible("2026-07-01");
    assert_eq!(
        refused(write(&mut db.conn, |tx| ops::verify(tx, &clerk, f.id, f.version, &future))),
        Refused::Rule(Rule::VerificationBad)
    );
    let f = ok(write(&mut db.conn, |tx| ops::verify(tx, &clerk, f.id, f.version, &eligible("2026-06-15"))));
    // Without a category nothing is filed either.
    let mut none = application(None);
    none.category = None;
    let f = ok(write(&mut db.conn, |tx| ops::edit(tx, &cfg, &clerk, f.id, f.version, &none)));
    assert_eq!(approve(&mut db, f.version), Refused::Rule(Rule::NoCategory));
    let f = ok(write(&mut db.conn, |tx| ops::edit(tx, &cfg, &clerk, f.id, f.version, &application(None))));
    let f = ok(write(&mut db.conn, |tx| ops::approve(tx, &cfg, &sup, f.id, f.version)));
    assert_eq!(f.valid_until, Some(d("2027-06-29")));
}

/// Filed on 2026-03-05, valid to 2027-03-04: current that day, lapsed the next — hardship claim
/// kinds refused, the review list showing it — and a review (entered by one, approved by
/// another) moves valid-until on a year from the approval.
#[test]
fn a_lapsed_file_and_a_review_that_continues_it() {
    let (_d, mut db) = temp();
    let w = setup(&mut db);
    let cfg = Hardship::default();
    let f = applied(&mut db, w, &by(2, Role::Clerk, "2026-03-02"));
    let f = ok(write(&mut db.conn, |tx| {
        ops::approve(tx, &cfg, &by(1, Role::Supervisor, "2026-03-05"), f.id, f.version)
    }));
    assert!(ops::is_current(&db.conn, w, d("2027-03-04")).unwrap());
    assert!(!ops::is_current(&db.conn, w, d("2027-03-05")).unwrap());
    assert_eq!(files::current_for_worker(&db.conn, w, d("2027-03-05")).unwrap(), None);
    let filed = files::filed_for_worker(&db.conn, w).unwrap().unwrap();
    assert_eq!(filed.standing(d("2027-03-05")), Standing::Lapsed);
    assert!(files::reviews_due(&db.conn, d("2027-02-01"), 30).unwrap().is_empty());
    assert_eq!(files::reviews_due(&db.conn, d("2027-02-03"), 30).unwrap().len(), 1);
    assert_eq!(files::reviews_due(&db.conn, d("2027-04-01"), 30).unwrap()[0].since, Some(d("2027-03-04")));
    // A review of the lapsed file, entered by the clerk.
    let clerk = by(2, Role::Clerk, "2027-03-10");
    let mut members = application(None).members;
    members[1].income_fen = 30_000;
    let input = ReviewInput {
        category_reason: String::new(),
        members,
        category: None,
        verification: eligible("2027-03-08"),
        outcome: Outcome::Continue,
        exit_reason: None,
        note: String::new(),
    };
    let f = ok(write(&mut db.conn, |tx| reviews::review(tx, &clerk, f.id, f.version, &input)));
    assert_eq!(
        refused(write(&mut db.conn, |tx| reviews::review(tx, &clerk, f.id, f.version, &input))),
        Refused::Rule(Rule::ReviewOpen)
    );
    assert_eq!(files::reviews_waiting(&db.conn).unwrap().len(), 1);
    let sup2 = by(2, Role::Supervisor, "2027-03-12");
    assert_eq!(
        refused(write(&mut db.conn, |tx| reviews::review_approve(tx, &cfg, &sup2, f.id, f.version))),
        Refused::Rule(Rule::FourEyes),
        "the review's entrant, even promoted, may not approve it"
    );
    let sup = by(1, Role::Supervisor, "2027-03-12");
    let f = ok(write(&mut db.conn, |tx| reviews::review_approve(tx, &cfg, &sup, f.id, f.version)));
    assert_eq!(
        (f.state, f.valid_until, f.reviewed_on),
        (State::Filed, Some(d("2028-03-11")), Some(d("2027-03-12")))
    );
    assert_eq!((f.income_fen, f.per_head_fen), (330_000, 110_000));
    assert_eq!(f.category, Some(Category::Relative));
    assert!(ops::is_current(&db.conn, w, d("2027-03-12")).unwrap());
    let whole = files::whole(&db.conn, f.id).unwrap().unwrap();
    assert_eq!(whole.household[1].member.income_fen, 30_000, "the household is the review's now");
    assert_eq!(whole.reviews[0].state, "approved");
    assert_eq!(actions(&db, f.id), ["apply", "approve", "review", "review_approve"]);
    // The events keep the day it lapsed: valid to 2027-03-04 until the review moved it on.
    let ev = files::events(&db.conn, f.id).unwrap();
    assert_eq!(ev[2].valid_until, Some(d("2027-03-04")));
    assert_eq!(files::valid_until_on(&db.conn, f.id, d("2027-03-11")).unwrap(), Some(d("2027-03-04")));
    assert_eq!(files::valid_until_on(&db.conn, f.id, d("2027-03-12")).unwrap(), Some(d("2028-03-11")));
    assert_eq!(files::valid_until_on(&db.conn, f.id, d("2026-03-01")).unwrap(), None);
}

#[test]
fn a_review_to_exit_exits_and_a_returned_review_leaves_the_file_as_it_was() {
    let (_d, mut db) = temp();
    let w = setup(&mut db);
    let cfg = Hardship::default();
    let f = applied(&mut db, w, &by(2, Role::Clerk, "2026-03-02"));
    let f = ok(write(&mut db.conn, |tx| {
        ops::approve(tx, &cfg, &by(1, Role::Supervisor, "2026-03-05"), f.id, f.version)
    }));
    let clerk = by(2, Role::Clerk, "2027-02-10");
    let mut input = ReviewInput {
        category_reason: String::new(),
        members: application(None).members,
        category: None,
        verification: NewVerification { result: Verdict::Ineligible, ..eligible("2027-02-09") },
        outcome: Outcome::Exit,
        exit_reason: None,
        note: "已就业".into(),
    };
    assert_eq!(
        refused(write(&mut db.conn, |tx| reviews::review(tx, &clerk, f.id, f.version, &input))),
        Refused::Rule(Rule::ExitReason)
    );
    input.exit_reason = Some(ExitReason::Employed);
    let f = ok(write(&mut db.conn, |tx| reviews::review(tx, &clerk, f.id, f.version, &input)));
    let sup = by(1, Role::Supervisor, "2027-02-11");
    let f = ok(write(&mut db.conn, |tx| reviews::review_return(tx, &sup, f.id, f.version, "核对单缺页")));
    assert_eq!((f.state, f.valid_until), (State::Filed, Some(d("2027-03-04"))));
    assert_eq!(files::reviews(&db.conn, f.id).unwrap()[0].state, "returned");
    assert_eq!(
        refused(write(&mut db.conn, |tx| reviews::review_approve(tx, &cfg, &sup, f.id, f.version))),
        Refused::Rule(Rule::NoReview)
    );
    let f = ok(write(&mut db.conn, |tx| reviews::review(tx, &clerk, f.id, f.version, &input)));
    let f = ok(write(&mut db.conn, |tx| reviews::review_approve(tx, &cfg, &sup, f.id, f.version)));
    assert_eq!(
        (f.state, f.exited_on, f.exit_reason),
        (State::Exited, Some(d("2027-02-11")), Some(ExitReason::Employed))
    );
    assert!(files::open_for_worker(&db.conn, w).unwrap().is_none());
    // Exited: a new application may be made.
    let again = write(&mut db.conn, |tx| ops::apply(tx, &cfg, &clerk, w, &application(None)));
    assert_eq!(ok(again).file_no, "KN202700001");
}

#[test]
fn a_direct_exit_and_visits_with_who_went() {
    let (_d, mut db) = temp();
    let w = setup(&mut db);
    let cfg = Hardship::default();
    let f = applied(&mut db, w, &by(2, Role::Clerk, "2026-03-02"));
    let f = ok(write(&mut db.conn, |tx| {
        ops::approve(tx, &cfg, &by(1, Role::Supervisor, "2026-03-05"), f.id, f.version)
    }));
    assert_eq!(files::visits_overdue(&db.conn, d("2026-06-03"), 90).unwrap().len(), 0);
    assert_eq!(files::visits_overdue(&db.conn, d("2026-06-04"), 90).unwrap()[0].since, Some(d("2026-03-05")));
    let clerk = by(2, Role::Clerk, "2026-06-10");
    let mut v = NewVisit {
        visited_on: d("2026-06-11"),
        logins: vec!["8002".into(), "8003".into()],
        place: "家中".into(),
        found: " ".into(),
        needs: "助学".into(),
        given: "米油".into(),
        next_step: "开学前再访".into(),
        next_on: Some(d("2026-08-20")),
    };
    assert_eq!(
        refused(write(&mut db.conn, |tx| ops::visit(tx, &clerk, f.id, f.version, &v))),
        Refused::Rule(Rule::VisitFuture)
    );
    v.visited_on = d("2026-06-09");
    assert_eq!(
        refused(write(&mut db.conn, |tx| ops::visit(tx, &clerk, f.id, f.version, &v))),
        Refused::Rule(Rule::FoundBlank)
    );
    v.found = "孩子上初中，母亲卧床".into();
    v.logins.push("9999".into());
    assert_eq!(
        refused(write(&mut db.conn, |tx| ops::visit(tx, &clerk, f.id, f.version, &v))),
        Refused::Rule(Rule::NoVisitors)
    );
    v.logins.pop();
    let f = ok(write(&mut db.conn, |tx| ops::visit(tx, &clerk, f.id, f.version, &v)));
    let visits = files::visits(&db.conn, f.id).unwrap();
    assert_eq!(visits[0].clerks.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(), ["8002", "8003"]);
    assert!(files::visits_overdue(&db.conn, d("2026-06-10"), 90).unwrap().is_empty());
    let sup = by(1, Role::Supervisor, "2026-07-01");
    assert_eq!(
        refused(write(&mut db.conn, |tx| ops::exit(tx, &clerk, f.id, f.version, ExitReason::Moved, ""))),
        Refused::Rule(Rule::SupervisorOnly)
    );
    let f = ok(write(&mut db.conn, |tx| ops::exit(tx, &sup, f.id, f.version, ExitReason::Moved, "迁往外省")));
    assert_eq!((f.state, f.exit_note.as_deref()), (State::Exited, Some("迁往外省")));
    assert_eq!(actions(&db, f.id), ["apply", "approve", "visit", "exit"]);
    assert_eq!(audits(&db), ["hardship_apply", "hardship_approve", "hardship_visit", "hardship_exit"]);
}

/// The claim intake's transaction asks the file again: a hardship kind is refused for a lapsed
/// file and registered for a current one.
#[test]
fn a_hardship_claim_is_refused_for_a_lapsed_file_inside_the_intake() {
    use super::claim_ops::{self, NewClaim};
    let (_d, mut db) = temp();
    let w = setup(&mut db);
    let cfg = Hardship::default();
    let f = applied(&mut db, w, &by(2, Role::Clerk, "2026-03-02"));
    ok(write(&mut db.conn, |tx| {
        ops::approve(tx, &cfg, &by(1, Role::Supervisor, "2026-03-05"), f.id, f.version)
    }));
    let claim_by = |day: &str| claim_ops::By {
        actor: crate::domain::claim::Actor { clerk_id: 2, role: Role::Clerk },
        at: by(2, Role::Clerk, day).at,
        today: d(day),
    };
    let new = NewClaim {
        worker_id: w,
        kind: "education_aid".into(),
        filed_on: d("2027-03-05"),
        amount_claimed_fen: 50_000,
        missing: vec![],
        consent_version: "2026-01".into(),
        note: String::new(),
        event_note: String::new(),
        programme: None,
    };
    let cfg = crate::config::Settings::builtin().config;
    let mut other = cfg.clone();
    other.claim_kinds.iter_mut().for_each(|k| k.hardship_file = false);
    // Without programmes too: a kind that pays a programme is registered only with one.
    other.fund.programmes.clear();
    let lapsed =
        write(&mut db.conn, |tx| claim_ops::register_checked(tx, &new, "C1", &claim_by("2027-03-05"), &cfg));
    assert_eq!(lapsed.unwrap(), Err(claim_ops::IntakeRefused::NoHardshipFile));
    let other_kind = write(&mut db.conn, |tx| {
        claim_ops::register_checked(tx, &new, "C1", &claim_by("2027-03-05"), &other)
    });
    assert!(other_kind.unwrap().is_ok(), "a kind without hardship_file does not ask");
    let new = NewClaim { programme: Some("autumn_study".into()), ..new };
    let current =
        write(&mut db.conn, |tx| claim_ops::register_checked(tx, &new, "C2", &claim_by("2027-03-04"), &cfg));
    assert!(current.unwrap().is_ok());
}

/// Four eyes covers edits: a supervisor who edited an application (Alt+E) may not approve,
/// return or reject it, though a clerk entered it; another supervisor may.
#[test]
fn whoever_edited_the_application_may_not_decide_it() {
    let (_d, mut db) = temp();
    let w = setup(&mut db);
    let cfg = Hardship::default();
    let f = applied(&mut db, w, &by(2, Role::Clerk, "2026-03-02"));
    let sup1 = by(1, Role::Supervisor, "2026-03-03");
    let mut edited = application(Some(eligible("2026-03-01")));
    edited.causes.push(Cause::Disability);
    let f = ok(write(&mut db.conn, |tx| ops::edit(tx, &cfg, &sup1, f.id, f.version, &edited)));
    let v = f.version;
    assert_eq!(
        refused(write(&mut db.conn, |tx| ops::approve(tx, &cfg, &sup1, f.id, v))),
        Refused::Rule(Rule::FourEyes)
    );
    assert_eq!(
        refused(write(&mut db.conn, |tx| ops::send_back(tx, &sup1, f.id, v, "缺材料"))),
        Refused::Rule(Rule::FourEyes)
    );
    assert_eq!(
        refused(write(&mut db.conn, |tx| ops::reject(tx, &sup1, f.id, v, "收入超标"))),
        Refused::Rule(Rule::FourEyes)
    );
    assert_eq!(actions(&db, f.id), ["apply", "edit"], "nothing stored by the refusals");
    let sup3 = by(3, Role::Supervisor, "2026-03-03");
    let f = ok(write(&mut db.conn, |tx| ops::approve(tx, &cfg, &sup3, f.id, v)));
    assert_eq!((f.state, f.approved_by), (State::Filed, Some(3)));
}

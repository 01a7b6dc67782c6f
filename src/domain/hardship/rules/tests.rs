use super::*;
use crate::domain::hardship::Verdict;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn m(relation: Relation, health: Health, work: Work, income_fen: i64) -> Member {
    let id = (relation != Relation::Child).then(|| "11010519491231002X".to_string());
    Member { name: "甲".into(), relation, id_number: id, health, disability_grade: None, work, income_fen }
}

const LINE: i64 = 123_000;

/// Per head counts every member: a child and a member without income are heads too, and the
/// division rounds down to whole fen.
#[test]
fn per_head_counts_children_and_members_without_income() {
    let h = [
        m(Relation::Self_, Health::Healthy, Work::Employed, 300_001),
        m(Relation::Spouse, Health::Chronic, Work::Unemployed, 0),
        m(Relation::Child, Health::Healthy, Work::Student, 0),
    ];
    assert_eq!(figures(&h), Figures { members: 3, income_fen: 300_001, per_head_fen: 100_000 });
    assert_eq!(figures(&[]), Figures::default());
}

#[test]
fn category_from_incomes_and_lines() {
    let low = |work, health| {
        vec![
            m(Relation::Self_, Health::Healthy, Work::Employed, 100_000),
            m(Relation::Spouse, health, work, 0),
        ]
    };
    // 50,000 per head, below the line, someone unable to work: deep.
    assert_eq!(
        propose(&low(Work::Unable, Health::Healthy), &[], Some(LINE), 2026, 150),
        Ok(Some(Category::Deep))
    );
    assert_eq!(
        propose(&low(Work::Retired, Health::Grave), &[], Some(LINE), 2026, 150),
        Ok(Some(Category::Deep))
    );
    // Below the line but nobody unable or gravely ill: relative.
    assert_eq!(
        propose(&low(Work::Unemployed, Health::Chronic), &[], Some(LINE), 2026, 150),
        Ok(Some(Category::Relative))
    );
    // Relative up to the multiple, exclusive: 184,499 < 184,500 is relative, 184,500 is not.
    let one = |fen| vec![m(Relation::Self_, Health::Grave, Work::Unable, fen)];
    assert_eq!(propose(&one(184_499), &[], Some(LINE), 2026, 150), Ok(Some(Category::Relative)));
    assert_eq!(propose(&one(184_500), &[], Some(LINE), 2026, 150), Ok(None));
    // At the line itself, unable to work, is relative not deep.
    assert_eq!(propose(&one(LINE), &[], Some(LINE), 2026, 150), Ok(Some(Category::Relative)));
    // Above on income, an accident or disaster: sudden; illness alone: none.
    assert_eq!(propose(&one(500_000), &[Cause::Accident], Some(LINE), 2026, 150), Ok(Some(Category::Sudden)));
    assert_eq!(propose(&one(500_000), &[Cause::Disaster], Some(LINE), 2026, 150), Ok(Some(Category::Sudden)));
    assert_eq!(propose(&one(500_000), &[Cause::Illness], Some(LINE), 2026, 150), Ok(None));
    // No line for the year: no proposal, the year named.
    assert_eq!(propose(&one(1), &[], None, 2031, 150), Err(NoLine { year: 2031 }));
    // The built-in config's 2026 line is what the counter uses.
    let cfg = crate::config::Hardship::default();
    assert_eq!(
        propose(&one(1), &[], cfg.line(2026), 2026, cfg.relative_multiple_percent),
        Ok(Some(Category::Deep))
    );
}

#[test]
fn a_different_category_needs_a_reason() {
    assert_eq!(
        check_category(Some(Category::Deep), Some(Category::Relative), " "),
        Err(Rule::CategoryReason)
    );
    assert_eq!(check_category(Some(Category::Sudden), None, ""), Err(Rule::CategoryReason));
    assert_eq!(check_category(Some(Category::Deep), Some(Category::Relative), "瘫痪在床"), Ok(()));
    assert_eq!(check_category(Some(Category::Relative), Some(Category::Relative), ""), Ok(()));
}

#[test]
fn members_need_the_worker_first_and_ids_except_children() {
    let today = d("2026-03-01");
    let me = m(Relation::Self_, Health::Healthy, Work::Employed, 1);
    assert_eq!(check_members(&[], today), Err(Rule::NoSelf));
    assert_eq!(
        check_members(&[m(Relation::Spouse, Health::Healthy, Work::Employed, 1)], today),
        Err(Rule::NoSelf)
    );
    assert_eq!(check_members(&[me.clone(), me.clone()], today), Err(Rule::NoSelf));
    let child = m(Relation::Child, Health::Healthy, Work::Student, 0);
    assert_eq!(check_members(&[me.clone(), child.clone()], today), Ok(()));
    let bad = Member { id_number: Some("110105194912310021".into()), ..child };
    assert_eq!(check_members(&[me.clone(), bad], today), Err(Rule::IdNumber { seq: 2 }));
    let spouse = Member { id_number: None, ..m(Relation::Spouse, Health::Healthy, Work::Employed, 0) };
    assert_eq!(check_members(&[me.clone(), spouse], today), Err(Rule::IdNumber { seq: 2 }));
    let disabled = m(Relation::Parent, Health::Disabled, Work::Unable, 0);
    assert_eq!(check_members(&[me.clone(), disabled.clone()], today), Err(Rule::Grade { seq: 2 }));
    let graded = Member { disability_grade: Some(2), ..disabled };
    assert_eq!(check_members(&[me.clone(), graded], today), Ok(()));
    let nameless = Member { name: " ".into(), ..me.clone() };
    assert_eq!(check_members(&[nameless], today), Err(Rule::NameBlank { seq: 1 }));
}

/// The state table: every step for every role in every state, four eyes included.
#[test]
fn who_may_take_which_step_in_which_state() {
    use Role::*;
    use Step::*;
    let (me, other) = (7, 8);
    for step in Step::ALL {
        for state in
            [None, Some(State::Applied), Some(State::Filed), Some(State::Rejected), Some(State::Exited)]
        {
            for role in [Volunteer, Auditor] {
                assert_eq!(may(step, role, me, state, Some(other)), Err(Rule::ReadOnly), "{step:?} {role:?}");
            }
        }
    }
    let open = |step: Step, state: Option<State>| may(step, Supervisor, me, state, Some(other)).is_ok();
    assert!(open(Apply, None));
    for step in [Edit, Return, Approve, Reject] {
        assert!(open(step, Some(State::Applied)), "{step:?}");
        assert!(!open(step, Some(State::Filed)), "{step:?}");
    }
    for step in [Verify, Visit] {
        assert!(open(step, Some(State::Applied)) && open(step, Some(State::Filed)), "{step:?}");
        assert!(!open(step, Some(State::Exited)) && !open(step, Some(State::Rejected)), "{step:?}");
    }
    for step in [Review, ReviewApprove, ReviewReturn, Exit] {
        assert!(open(step, Some(State::Filed)) && !open(step, Some(State::Applied)), "{step:?}");
    }
    assert_eq!(
        may(Approve, Supervisor, me, Some(State::Exited), None),
        Err(Rule::NotFromHere { state: State::Exited })
    );
    // Clerks enter, supervisors decide.
    for step in [Apply, Edit, Verify, Visit] {
        let state = if step == Apply { None } else { Some(State::Applied) };
        assert_eq!(may(step, Clerk, me, state, Some(me)), Ok(()), "{step:?}");
    }
    assert_eq!(may(Review, Clerk, me, Some(State::Filed), Some(me)), Ok(()));
    for step in [Return, Approve, Reject, ReviewApprove, ReviewReturn, Exit] {
        let state = if step.from_states().contains(&State::Applied) { State::Applied } else { State::Filed };
        assert_eq!(may(step, Clerk, me, Some(state), Some(other)), Err(Rule::SupervisorOnly), "{step:?}");
    }
    // Four eyes: the supervisor who entered may not approve, return or reject; another may;
    // a direct exit is not an entry's decision.
    for step in [Return, Approve, Reject, ReviewApprove, ReviewReturn] {
        let state = if step.from_states().contains(&State::Applied) { State::Applied } else { State::Filed };
        assert_eq!(may(step, Supervisor, me, Some(state), Some(me)), Err(Rule::FourEyes), "{step:?}");
        assert_eq!(may(step, Supervisor, other, Some(state), Some(me)), Ok(()), "{step:?}");
    }
    assert_eq!(may(Exit, Supervisor, me, Some(State::Filed), Some(me)), Ok(()));
}

#[test]
fn verification_must_be_eligible_and_fresh() {
    let today = d("2026-06-30");
    assert_eq!(check_verification(None, today, 90), Err(Rule::NoVerification));
    assert_eq!(check_verification(Some((today, Verdict::Pending)), today, 90), Err(Rule::NotEligible));
    assert_eq!(check_verification(Some((d("2026-04-01"), Verdict::Eligible)), today, 90), Ok(()));
    let old = d("2026-03-31");
    assert_eq!(
        check_verification(Some((old, Verdict::Eligible)), today, 90),
        Err(Rule::VerificationStale { dated_on: old })
    );
    let later = d("2026-07-01");
    assert_eq!(
        check_verification(Some((later, Verdict::Eligible)), today, 90),
        Err(Rule::VerificationStale { dated_on: later })
    );
}

/// Valid until is the day before the same date `valid_months` later; the file is current
/// through that day and lapsed the day after.
#[test]
fn valid_until_and_lapse() {
    assert_eq!(valid_until(d("2026-03-15"), 12), d("2027-03-14"));
    assert_eq!(valid_until(d("2026-01-01"), 12), d("2026-12-31"));
    assert_eq!(valid_until(d("2026-01-31"), 1), d("2026-02-27"));
    let until = Some(d("2027-03-14"));
    assert_eq!(standing(State::Filed, until, d("2027-03-14")), Standing::Current);
    assert_eq!(standing(State::Filed, until, d("2027-03-15")), Standing::Lapsed);
    assert_eq!(standing(State::Filed, None, d("2099-01-01")), Standing::Current);
    assert_eq!(standing(State::Applied, until, d("2026-05-01")), Standing::Not(State::Applied));
    assert_eq!(standing(State::Exited, until, d("2026-05-01")), Standing::Not(State::Exited));
}

#[test]
fn import_levels_read_as_categories() {
    assert_eq!(category_from_import("deep"), Some(Category::Deep));
    assert_eq!(category_from_import(" 深度困难 "), Some(Category::Deep));
    assert_eq!(category_from_import("一般困难"), Some(Category::Relative));
    assert_eq!(category_from_import("意外致困"), Some(Category::Sudden));
    assert_eq!(category_from_import("很困难"), None);
}

use super::*;
use crate::domain::calendar::YearCalendar;
use ClaimState::*;
use rstest::rstest;
use std::collections::BTreeMap;

const CLERK: Actor = Actor { clerk_id: 2, role: Role::Clerk };
const SUP: Actor = Actor { clerk_id: 1, role: Role::Supervisor };
const SUP2: Actor = Actor { clerk_id: 3, role: Role::Supervisor };
const VOLUNTEER: Actor = Actor { clerk_id: 4, role: Role::Volunteer };
const LIMIT: i64 = 2_000_000;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn approve(fen: i64) -> ClaimStep {
    ClaimStep::Approve { amount: Fen(fen), over: None }
}

fn pay(fen: i64) -> ClaimStep {
    ClaimStep::Pay { on: d(2026, 11, 20), amount: Fen(fen), over: None }
}

/// Registered by clerk 9, 50,000.00 claimed, nothing approved yet.
fn held() -> Held {
    Held { registered_by: Some(9), first_approver: None, claimed: Fen(5_000_000), approved: None }
}

/// `who` approved `fen` first and it waits for a second supervisor.
fn pending(who: Actor, fen: i64) -> Held {
    Held { first_approver: Some(who.clerk_id), approved: Some(Fen(fen)), ..held() }
}

#[rstest]
#[case(Submitted, ClaimStep::Papers { complete: false }, CLERK, MaterialsIncomplete)]
#[case(MaterialsIncomplete, ClaimStep::Papers { complete: true }, CLERK, Submitted)]
#[case(Submitted, ClaimStep::Review, CLERK, UnderReview)]
#[case(UnderReview, approve(800_000), SUP, Approved)]
#[case(UnderReview, ClaimStep::Reject { reason: "不符合条件".into() }, SUP, Rejected)]
#[case(Approved, pay(800_000), SUP, Paid)]
fn allowed(#[case] from: ClaimState, #[case] s: ClaimStep, #[case] who: Actor, #[case] to: ClaimState) {
    assert_eq!(step(from, &s, who, held(), LIMIT).unwrap().to, to);
}

#[rstest]
#[case(UnderReview, approve(1), CLERK, ClaimError::SupervisorOnly)]
#[case(UnderReview, ClaimStep::Reject { reason: "x".into() }, CLERK, ClaimError::SupervisorOnly)]
#[case(UnderReview, ClaimStep::Reject { reason: " ".into() }, SUP, ClaimError::ReasonRequired)]
#[case(Approved, pay(1), CLERK, ClaimError::SupervisorOnly)]
#[case(UnderReview, approve(0), SUP, ClaimError::Amount)]
#[case(Submitted, approve(1), SUP, ClaimError::NotFromHere { from: Submitted })]
#[case(MaterialsIncomplete, ClaimStep::Review, CLERK, ClaimError::NotFromHere { from: MaterialsIncomplete })]
#[case(Paid, ClaimStep::Papers { complete: true }, CLERK, ClaimError::NotFromHere { from: Paid })]
#[case(Rejected, approve(1), SUP, ClaimError::NotFromHere { from: Rejected })]
#[case(Submitted, ClaimStep::Review, VOLUNTEER, ClaimError::NotFromHere { from: Submitted })]
fn refused(#[case] from: ClaimState, #[case] s: ClaimStep, #[case] who: Actor, #[case] err: ClaimError) {
    assert_eq!(step(from, &s, who, held(), LIMIT), Err(err));
}

#[test]
fn whoever_registered_cannot_approve() {
    let mine = Held { registered_by: Some(SUP.clerk_id), ..held() };
    assert_eq!(step(UnderReview, &approve(100), SUP, mine, LIMIT), Err(ClaimError::FourEyes));
}

#[test]
fn above_the_limit_two_supervisors_approve() {
    let first = step(UnderReview, &approve(3_000_000), SUP, held(), LIMIT).unwrap();
    assert_eq!(
        first,
        Moved { to: UnderReview, first_of_two: true, first_approver: Some(SUP.clerk_id), replaced: None }
    );
    let waiting = pending(SUP, 3_000_000);
    assert_eq!(step(UnderReview, &approve(3_000_000), SUP, waiting, LIMIT), Err(ClaimError::SameApprover));
    let second = step(UnderReview, &approve(3_000_000), SUP2, waiting, LIMIT).unwrap();
    assert_eq!((second.to, second.first_approver), (Approved, Some(SUP.clerk_id)));
    // At the limit exactly, one approval is enough.
    assert_eq!(step(UnderReview, &approve(LIMIT), SUP, held(), LIMIT).unwrap().to, Approved);
}

#[test]
fn a_second_approval_confirms_the_first_amount_and_another_amount_starts_again() {
    let waiting = pending(SUP, 3_000_000);
    // 30,000 → 40,000: this supervisor's is now the first approval, of 40,000.
    assert_eq!(
        step(UnderReview, &approve(4_000_000), SUP2, waiting, LIMIT),
        Ok(Moved {
            to: UnderReview,
            first_of_two: true,
            first_approver: Some(SUP2.clerk_id),
            replaced: Some(Fen(3_000_000)),
        })
    );
    // The first supervisor may correct their own amount: still a first approval.
    let again = step(UnderReview, &approve(3_500_000), SUP, waiting, LIMIT).unwrap();
    assert_eq!((again.to, again.first_approver), (UnderReview, Some(SUP.clerk_id)));
    // Down to the limit or under: one approval is enough, and no first approver stays on it.
    let under = step(UnderReview, &approve(LIMIT), SUP2, waiting, LIMIT).unwrap();
    assert_eq!((under.to, under.first_approver), (Approved, None));
}

#[test]
fn more_than_claimed_or_approved_needs_a_reason() {
    let claimed = Held { claimed: Fen(2_500_050), ..held() };
    assert_eq!(
        step(UnderReview, &approve(2_500_051), SUP, claimed, 10 * LIMIT),
        Err(ClaimError::AboveClaimed { claimed: Fen(2_500_050) })
    );
    let blank = ClaimStep::Approve { amount: Fen(3_000_000), over: Some("  ".into()) };
    assert!(step(UnderReview, &blank, SUP, claimed, 10 * LIMIT).is_err(), "a blank reason is no reason");
    let why = ClaimStep::Approve { amount: Fen(3_000_000), over: Some("含复诊费用".into()) };
    assert_eq!(step(UnderReview, &why, SUP, claimed, 10 * LIMIT).unwrap().to, Approved);
    assert_eq!(step(UnderReview, &approve(2_500_050), SUP, claimed, 10 * LIMIT).unwrap().to, Approved);
    let approved = Held { approved: Some(Fen(800_000)), ..held() };
    assert_eq!(
        step(Approved, &pay(900_000), SUP, approved, LIMIT),
        Err(ClaimError::AboveApproved { approved: Fen(800_000) })
    );
    let why = ClaimStep::Pay { on: d(2026, 11, 20), amount: Fen(900_000), over: Some("补发".into()) };
    assert_eq!(step(Approved, &why, SUP, approved, LIMIT).unwrap().to, Paid);
    assert_eq!(step(Approved, &pay(800_000), SUP, approved, LIMIT).unwrap().to, Paid);
}

fn cal() -> Calendar {
    let mut y = YearCalendar::default();
    for day in 1..=7 {
        y.holidays.insert(d(2026, 10, day));
    }
    y.makeup_workdays.insert(d(2026, 10, 10));
    Calendar { years: BTreeMap::from([(2026, y)]) }
}

#[test]
fn due_dates_count_working_days_across_weekends_holidays_and_makeup_days() {
    // Complete on Fri 25 Sep: 15 working days skip two weekends, the National Day week,
    // and count the make-up Saturday 10 Oct.
    assert_eq!(due_date(&cal(), Some(d(2026, 9, 25)), 15), Some(d(2026, 10, 22)));
    assert_eq!(due_date(&cal(), Some(d(2026, 11, 2)), 1), Some(d(2026, 11, 3)));
    assert_eq!(due_date(&cal(), None, 15), None);
    assert_eq!(due_date(&cal(), Some(d(2026, 12, 20)), 15), None, "2027 is not set");
    assert!(is_late(Approved, Some(d(2026, 11, 24)), d(2026, 11, 26)));
    assert!(!is_late(Paid, Some(d(2026, 11, 24)), d(2026, 11, 26)));
    assert!(!is_late(UnderReview, Some(d(2026, 11, 24)), d(2026, 11, 24)));
}

#[test]
fn claim_numbers_follow_the_format() {
    assert_eq!(claim_number("HZ{year}{seq}", 2026, 412, 6), "HZ2026000412");
    assert_eq!(claim_number("互助〔{year}〕{seq}号", 2026, 7, 0), "互助〔2026〕7号");
}

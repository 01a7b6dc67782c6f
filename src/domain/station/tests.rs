use super::*;
use crate::domain::calendar::YearCalendar;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn lot(batch: &str, expires: Option<NaiveDate>, qty: i64) -> Lot {
    Lot { batch: batch.into(), expires_on: expires, qty }
}

#[test]
fn stock_is_the_sum_of_its_movements() {
    // Restock 10 umbrellas, lend 3, one comes back, a count finds one fewer; water: 48 in,
    // a day's tally of 30 out.
    let moves = [
        ("umbrella", "", 10),
        ("umbrella", "", -3),
        ("umbrella", "", 1),
        ("umbrella", "", -1),
        ("water", "", 48),
        ("water", "", -30),
        ("huoxiang", "2026A", 20),
        ("huoxiang", "2026B", 12),
        ("huoxiang", "2026A", -2),
    ];
    let b = balances(moves);
    assert_eq!(b[&("umbrella".to_string(), String::new())], 7);
    assert_eq!(b[&("water".to_string(), String::new())], 18);
    assert_eq!(b[&("huoxiang".to_string(), "2026A".to_string())], 18);
    assert_eq!(b[&("huoxiang".to_string(), "2026B".to_string())], 12);
    assert_eq!(b.len(), 4);
}

#[test]
fn medicine_leaves_from_the_earliest_expiry_and_spans_batches() {
    let today = d(2026, 11, 28);
    let lots = [
        lot("B", Some(d(2027, 6, 1)), 10),
        lot("A", Some(d(2026, 12, 20)), 2),
        lot("C", Some(d(2027, 1, 1)), 5),
    ];
    assert_eq!(pick(&lots, 1, today), Ok(vec![("A".into(), 1)]));
    assert_eq!(pick(&lots, 4, today), Ok(vec![("A".into(), 2), ("C".into(), 2)]));
    assert_eq!(pick(&lots, 17, today), Ok(vec![("A".into(), 2), ("C".into(), 5), ("B".into(), 10)]));
    // Same expiry: by batch name, so the choice is stable.
    let tie = [lot("Y", Some(d(2027, 1, 1)), 1), lot("X", Some(d(2027, 1, 1)), 1)];
    assert_eq!(pick(&tie, 1, today), Ok(vec![("X".into(), 1)]));
}

#[test]
fn an_expired_batch_is_never_handed_out() {
    let today = d(2026, 11, 28);
    let lots = [lot("OLD", Some(d(2026, 11, 27)), 8), lot("NEW", Some(d(2027, 3, 1)), 3)];
    assert_eq!(pick(&lots, 2, today), Ok(vec![("NEW".into(), 2)]));
    assert_eq!(pick(&lots, 4, today), Err(Shortage { available: 3, expired: 8 }));
    assert_eq!(available(&lots, today), 3);
    // Expiring today is still good; tomorrow it is not.
    let last_day = [lot("T", Some(today), 1)];
    assert_eq!(pick(&last_day, 1, today), Ok(vec![("T".into(), 1)]));
    assert_eq!(pick(&last_day, 1, d(2026, 11, 29)), Err(Shortage { available: 0, expired: 1 }));
    assert!(pick(&lots, 0, today).is_err(), "nothing to give is refused, not a no-op");
}

#[test]
fn near_expiry_is_flagged_ahead_but_not_once_expired() {
    let today = d(2026, 11, 28);
    assert!(lot("A", Some(d(2026, 12, 28)), 1).near_expiry(today, 30));
    assert!(!lot("A", Some(d(2026, 12, 29)), 1).near_expiry(today, 30));
    assert!(!lot("A", Some(d(2026, 11, 27)), 1).near_expiry(today, 30));
    assert!(!lot("", None, 1).near_expiry(today, 30));
}

#[test]
fn a_loan_is_due_at_the_end_of_the_next_working_day() {
    let mut y = YearCalendar::default();
    for day in 1..=7 {
        y.holidays.insert(d(2026, 10, day));
    }
    y.makeup_workdays.insert(d(2026, 10, 10));
    let cal = Calendar { years: BTreeMap::from([(2026, y)]) };
    assert_eq!(due_date(&cal, d(2026, 9, 29)), Some(d(2026, 9, 30))); // Tuesday → Wednesday
    assert_eq!(due_date(&cal, d(2026, 9, 30)), Some(d(2026, 10, 8))); // over the National Day week
    assert_eq!(due_date(&cal, d(2026, 10, 9)), Some(d(2026, 10, 10))); // Friday → make-up Saturday
    assert_eq!(due_date(&cal, d(2026, 11, 27)), Some(d(2026, 11, 30))); // Friday → Monday
    assert_eq!(due_date(&cal, d(2026, 12, 31)), None, "next year's calendar is not set");
    assert_eq!(days_late(d(2026, 11, 30), d(2026, 12, 3)), 3);
    assert_eq!(days_late(d(2026, 11, 30), d(2026, 11, 30)), 0);
}

#[test]
fn return_rate_counts_loans_due_in_the_last_thirty_days() {
    let day = d(2026, 11, 28);
    let due = |m, dd, returned| Due { due_on: d(2026, m, dd), returned };
    let loans = [
        due(11, 28, true),
        due(11, 20, false),
        due(10, 30, true),  // the 30th day back: counted
        due(10, 29, false), // 31 days back: not
        due(11, 30, false), // not due yet
    ];
    assert_eq!(return_rate(&loans, day), Some(2.0 / 3.0));
    assert_eq!(return_rate(&[], day), None);
    assert_eq!(return_rate(&loans[4..], day), None);
}

//! helper-22's try-out of the as-of figures: a due date falls at the end of its day, a loss on
//! a loan still open is known as of now, a payment entered later never moves a past day, and the
//! back office's imported steps are nobody's at the counter.

use super::{Fixture, at, d};
use crate::report::{Period, summary_at};
use chrono::{DateTime, TimeZone, Utc};

fn moment(day: chrono::NaiveDate, h: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai
        .from_local_datetime(&day.and_hms_opt(h, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

impl Fixture {
    fn loan_out(&self, qty: i64, lost: i64, lent: chrono::NaiveDate, due: chrono::NaiveDate) {
        self.db
            .conn
            .execute(
                "INSERT INTO station_loans (item, qty, lost, name, phone, lent_at, lent_on, due_on)
                 VALUES ('umbrella', ?1, ?2, '借伞人', '13800000000', ?3, ?4, ?5)",
                rusqlite::params![qty, lost, at(lent, 9, 0), lent.to_string(), due.to_string()],
            )
            .unwrap();
    }
}

/// A loan due on 3 December was overdue at that day's end, as it is the next morning: the
/// day's report and the next day's agree (helper-22: 3 loans, then 4 thirty seconds later).
#[test]
fn a_loan_due_on_a_periods_last_day_is_overdue_at_its_end() {
    let f = Fixture::new();
    f.loan_out(2, 0, d(12, 1), d(12, 3));
    let now = moment(d(12, 4), 10);
    let day = |p| summary_at(&f.db.conn, &f.settings, p, now).unwrap().station;
    assert_eq!((day(Period::day(d(12, 3))).overdue_loans, day(Period::day(d(12, 3))).overdue), (1, 2));
    assert_eq!(day(Period::day(d(12, 4))).overdue, 2);
    assert_eq!(day(Period::day(d(12, 2))).overdue, 0, "not due yet at the 2nd's end");
}

/// A loss recorded on a loan still open carries no date: F4 counts it out of the units still
/// out, and so does the report as of now (helper-22: 4 件 on F4, 5 on F5).
#[test]
fn a_loss_on_a_loan_still_open_counts_as_of_now() {
    let f = Fixture::new();
    f.loan_out(2, 1, d(12, 1), d(12, 2));
    let s = summary_at(&f.db.conn, &f.settings, Period::day(d(12, 4)), moment(d(12, 4), 10)).unwrap();
    assert_eq!((s.station.overdue_loans, s.station.overdue), (1, 1));
}

/// A payment entered today dated 20 November, or a claim step an import wrote: neither moves
/// November's 逾期未办结, and the import's rows are not the importer's claims steps.
#[test]
fn a_payment_entered_later_leaves_the_past_and_imports_are_nobodys_steps() {
    let f = Fixture::new();
    let c = &f.db.conn;
    c.execute(
        "INSERT INTO workers (id_number, name, created_at, updated_at) VALUES ('110101198001010016', '王测试', 'x', 'x')",
        [],
    )
    .unwrap();
    c.execute(
        "INSERT INTO claims (claim_no, worker_id, kind, filed_on, amount_claimed_fen, amount_paid_fen, paid_on,
                             status, papers_complete_on, created_at)
         VALUES ('P1', 1, 'inpatient', '2026-10-01', 100, 100, '2026-11-20', 'paid', '2026-10-08', 'x')",
        [],
    )
    .unwrap();
    let id = c.last_insert_rowid();
    for (day, from, to, source) in [
        (d(10, 8), None, "under_review", "counter"),
        (d(12, 4), Some("approved"), "paid", "counter"),
        (d(12, 4), Some("paid"), "paid", "import"),
    ] {
        c.execute(
            "INSERT INTO claim_events (claim_id, at, clerk_id, from_state, to_state, source) VALUES (?1, ?2, 1, ?3, ?4, ?5)",
            rusqlite::params![id, at(day, 9, 0), from, to, source],
        )
        .unwrap();
    }
    let now = moment(d(12, 4), 10);
    let november = summary_at(&f.db.conn, &f.settings, Period::month_of(d(11, 20)), now).unwrap();
    assert_eq!(november.claims.late, 1, "open at November's end as recorded then");
    let today = summary_at(&f.db.conn, &f.settings, Period::day(d(12, 4)), now).unwrap();
    assert_eq!(today.claims.late, 0);
    assert_eq!(
        today.clerks.get("8001").map(|x| x.claims),
        Some(1),
        "the counter's payment, not the import's row"
    );
}

//! Figures #24 and helper-21 found wrong. A period still running is "as of now": what falls due
//! after now is neither late nor overdue, and the return rate looks back from yesterday (a loan
//! due today falls due at its end). A period past is as of its last day, and what came on record
//! later does not change it. Sums of amounts are i128 and cannot wrap.

use super::{Fixture, at, d};
use crate::domain::claim;
use crate::report::{Period, summary_at};
use chrono::{DateTime, TimeZone, Utc};

/// 10:00 local on a day, as the moment a summary is read.
fn moment(day: chrono::NaiveDate) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai
        .from_local_datetime(&day.and_hms_opt(10, 0, 0).unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

impl Fixture {
    fn worker(&self) -> i64 {
        self.db
            .conn
            .execute(
                "INSERT INTO workers (id_number, name, created_at, updated_at) VALUES ('110101198001010016', '王测试', 'x', 'x')",
                [],
            )
            .unwrap();
        self.db.conn.last_insert_rowid()
    }

    /// An inpatient claim whose papers were complete on `complete`, closed (paid) on `paid`.
    fn claim(&self, no: &str, worker: i64, complete: chrono::NaiveDate, paid: Option<chrono::NaiveDate>) {
        let c = &self.db.conn;
        let status = if paid.is_some() { "paid" } else { "under_review" };
        c.execute(
            "INSERT INTO claims (claim_no, worker_id, kind, filed_on, amount_claimed_fen, status,
                                 papers_complete_on, created_at)
             VALUES (?1, ?2, 'inpatient', ?3, 100000, ?4, ?3, 'x')",
            rusqlite::params![no, worker, complete.to_string(), status],
        )
        .unwrap();
        let id = c.last_insert_rowid();
        let event = |day: chrono::NaiveDate, from: Option<&str>, to: &str| {
            c.execute(
                "INSERT INTO claim_events (claim_id, at, clerk_id, from_state, to_state, source)
                 VALUES (?1, ?2, 2, ?3, ?4, 'counter')",
                rusqlite::params![id, at(day, 9, 0), from, to],
            )
            .unwrap();
        };
        event(complete, None, "submitted");
        if let Some(p) = paid {
            event(p, Some("approved"), "paid");
        }
    }

    /// A loan of `qty` umbrellas lent on `lent`, due on `due`, returned whole on `back`.
    fn loan(
        &self,
        qty: i64,
        lent: chrono::NaiveDate,
        due: chrono::NaiveDate,
        back: Option<chrono::NaiveDate>,
    ) {
        let c = &self.db.conn;
        c.execute(
            "INSERT INTO station_loans (item, qty, returned, name, phone, lent_at, lent_on, due_on, closed_at)
             VALUES ('umbrella', ?1, ?2, '借伞人', '13800000000', ?3, ?4, ?5, ?6)",
            rusqlite::params![
                qty,
                if back.is_some() { qty } else { 0 },
                at(lent, 9, 0),
                lent.to_string(),
                due.to_string(),
                back.map(|b| at(b, 9, 0))
            ],
        )
        .unwrap();
        let id = c.last_insert_rowid();
        let mut moves = vec![(lent, "lend", -qty)];
        if let Some(b) = back {
            moves.push((b, "return", qty));
        }
        for (day, kind, n) in moves {
            c.execute(
                "INSERT INTO station_moves (at, day, item, kind, qty, loan_id, clerk_id)
                 VALUES (?1, ?2, 'umbrella', ?3, ?4, ?5, 2)",
                rusqlite::params![at(day, 9, 0), day.to_string(), kind, n, id],
            )
            .unwrap();
        }
    }
}

#[test]
fn a_month_still_running_is_as_of_now_and_a_month_past_as_of_its_last_day() {
    let f = Fixture::new();
    let w = f.worker();
    let cal = &f.settings.calendar;
    let due = |c| claim::due_date(cal, Some(c), 15).unwrap();
    // Due before 4 December and open: late now. Due after it: late only by the month's end.
    let (early, later, closed) = (d(11, 5), d(11, 20), d(11, 3));
    assert!(due(early) < d(12, 4) && due(later) > d(12, 4) && due(later) < d(12, 31), "{:?}", due(later));
    f.claim("C1", w, early, None);
    f.claim("C2", w, later, None);
    f.claim("C3", w, closed, Some(d(12, 2)));
    // Two umbrellas overdue since the 2nd; three due the 7th; one back on the day it was due.
    f.loan(2, d(12, 1), d(12, 2), None);
    f.loan(3, d(12, 3), d(12, 7), None);
    f.loan(1, d(11, 30), d(12, 1), Some(d(12, 1)));
    // Due today: it falls due at the end of the day, so neither overdue nor in the rate now.
    f.loan(1, d(12, 4), d(12, 4), None);
    let december = Period::month_of(d(12, 4));

    let now = moment(d(12, 4));
    let running = summary_at(&f.db.conn, &f.settings, december, now).unwrap();
    assert!(running.running);
    assert_eq!(running.as_of, "2026-12-04T10:00:00+08:00");
    assert_eq!(running.claims.late, 1, "C2 falls due on {}", due(later));
    assert_eq!((running.station.overdue_loans, running.station.overdue), (1, 2));
    // Due by today: the loan of two (out) and the loan of one (back).
    assert_eq!(running.station.return_rate, Some(0.5));
    // A day after today in the running month has no as-of figures (helper-22: it showed today's),
    // never the month's end's.
    let later_day = running.days.iter().find(|x| x.date.as_deref() == Some("2026-12-20")).unwrap();
    assert_eq!(
        (later_day.claims.late, later_day.station.overdue, later_day.station.return_rate),
        (0, 0, None)
    );
    assert_eq!(later_day.walkins.open_followups, 0);
    assert!(later_day.running);
    let january = Period::month_of(d(12, 4)).shifted(true);
    let to_come = summary_at(&f.db.conn, &f.settings, january, now).unwrap();
    assert_eq!((to_come.claims.late, to_come.station.overdue_loans), (0, 0));
    assert!(to_come.station.low_stock.is_empty() && to_come.station.expiring.is_empty());

    let past = summary_at(
        &f.db.conn,
        &f.settings,
        december,
        moment(chrono::NaiveDate::from_ymd_opt(2027, 1, 2).unwrap()),
    )
    .unwrap();
    assert!(!past.running);
    assert_eq!(past.as_of, "2027-01-01T00:00:00+08:00");
    assert_eq!(crate::report::render::as_of_text(&past), "2026-12-31 24:00");
    assert_eq!(past.claims.late, 2);
    assert_eq!((past.station.overdue_loans, past.station.overdue), (3, 6));
    // The 30 days to 31 December start on the 2nd: the loan back on the 1st is out of them.
    assert_eq!(past.station.return_rate, Some(0.0));
}

#[test]
fn sums_of_amounts_are_exact_past_what_an_i64_holds() {
    let f = Fixture::new();
    let w = f.worker();
    let c = &f.db.conn;
    // Three approvals of 4e18 fen each: 1.2e19, past i64's 9.2e18. Stored by hand: the counter
    // and the import refuse amounts past the kind's ceiling long before.
    let each: i64 = 4_000_000_000_000_000_000;
    for no in ["X1", "X2", "X3"] {
        c.execute(
            "INSERT INTO claims (claim_no, worker_id, kind, filed_on, amount_claimed_fen, amount_approved_fen,
                                 status, created_at)
             VALUES (?1, ?2, 'inpatient', '2026-10-31', ?3, ?3, 'approved', 'x')",
            rusqlite::params![no, w, each],
        )
        .unwrap();
        c.execute(
            "INSERT INTO claim_events (claim_id, at, clerk_id, from_state, to_state, source)
             VALUES (?1, ?2, 1, 'under_review', 'approved', 'counter')",
            rusqlite::params![c.last_insert_rowid(), at(d(10, 31), 10, 0)],
        )
        .unwrap();
    }
    let s = summary_at(&f.db.conn, &f.settings, Period::day(d(10, 31)), Utc::now()).unwrap();
    assert_eq!(s.claims.approved_fen, 3 * i128::from(each));
    assert_eq!(crate::report::render::Cell::Yuan(s.claims.approved_fen).text(), "120,000,000,000,000,000.00");
    let json = serde_json::to_string(&s).unwrap();
    assert!(json.contains("\"approved_fen\":12000000000000000000"), "{json}");
    // A spreadsheet number holds fen exactly up to 2^53: past it the cell is the exact text.
    use calamine::{Data, Reader, Xlsx};
    let book = crate::report::xlsx::workbook(&s, &f.settings).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(book)).unwrap();
    let sheet = book.worksheet_range("概况").unwrap();
    let row =
        sheet.rows().find(|r| r.first() == Some(&Data::String("核定金额(元)".into()))).unwrap().to_vec();
    assert_eq!(row[1], Data::String("120000000000000000.00".into()));
}

/// helper-21: a claim imported today, paid on 1 December by the back office, made past days'
/// 逾期未办结 larger: it was counted late before it was on record. What was on record then is
/// what counts (helper-22: a `paid_on` honoured moved past days the other way).
#[test]
fn a_claim_imported_later_leaves_past_days_as_they_were() {
    let f = Fixture::new();
    let w = f.worker();
    let c = &f.db.conn;
    c.execute(
        "INSERT INTO claims (claim_no, worker_id, kind, filed_on, amount_claimed_fen, amount_paid_fen, paid_on,
                             status, papers_complete_on, created_at)
         VALUES ('T001', ?1, 'inpatient', '2026-11-01', 100, 100, '2026-12-01', 'paid', '2026-11-02', 'x')",
        [w],
    )
    .unwrap();
    c.execute(
        "INSERT INTO claim_events (claim_id, at, clerk_id, from_state, to_state, source)
         VALUES (?1, ?2, 1, NULL, 'paid', 'import')",
        rusqlite::params![c.last_insert_rowid(), at(d(12, 4), 9, 0)],
    )
    .unwrap();
    let due = claim::due_date(&f.settings.calendar, Some(d(11, 2)), 15).unwrap();
    assert!(due < d(11, 30), "{due}");
    let now = moment(d(12, 4));
    let late_on = |day| summary_at(&f.db.conn, &f.settings, Period::day(day), now).unwrap().claims.late;
    assert_eq!(late_on(d(11, 30)), 0, "not on record on 30 November");
    assert_eq!(late_on(d(12, 2)), 0, "not on record on 2 December either");
    assert_eq!(late_on(d(12, 4)), 0);
}

/// helper-21: claims falling due in a year the config has no calendar for were never late and
/// never said; they are counted apart as `due_unknown`.
#[test]
fn a_due_date_past_the_calendar_is_said_not_dropped() {
    let f = Fixture::new();
    let w = f.worker();
    let last = f.settings.config.calendar.keys().filter_map(|y| y.parse::<i32>().ok()).max().unwrap();
    let complete = chrono::NaiveDate::from_ymd_opt(last, 12, 28).unwrap();
    f.claim("U1", w, complete, None);
    let later = chrono::NaiveDate::from_ymd_opt(last + 1, 3, 1).unwrap();
    let s = summary_at(&f.db.conn, &f.settings, Period::day(later), moment(later)).unwrap();
    assert_eq!((s.claims.late, s.claims.due_unknown), (0, 1));
    let before = summary_at(&f.db.conn, &f.settings, Period::day(d(12, 1)), moment(later)).unwrap();
    assert_eq!(before.claims.due_unknown, 0, "papers not complete yet on 1 December");
}

/// helper-21: nine of ten charger slots in use showed 低 on F4 but not in F5's stock alerts.
#[test]
fn in_hall_items_in_use_now_are_not_free_for_the_low_stock_alert() {
    let f = Fixture::new();
    let c = &f.db.conn;
    c.execute("INSERT INTO station_stock (item, batch, qty) VALUES ('charger', '', 10)", []).unwrap();
    for _ in 0..9 {
        c.execute(
            "INSERT INTO station_uses (item, day, started_at, clerk_id) VALUES ('charger', '2026-12-04', ?1, 2)",
            [at(d(12, 4), 9, 0)],
        )
        .unwrap();
    }
    let low = |p: Period| {
        let s = summary_at(&f.db.conn, &f.settings, p, moment(d(12, 4))).unwrap();
        s.station.low_stock.iter().find(|a| a.item == "charger").map(|a| a.qty)
    };
    assert_eq!(low(Period::day(d(12, 4))), Some(1), "one free of ten, threshold 1");
    assert_eq!(low(Period::month_of(d(12, 4))), Some(1));
    assert_eq!(low(Period::day(d(12, 3))), None, "a past day's uses had closed by its end");
}

/// helper-21: the first of two approvals (审核中 → 审核中) was counted as a change to 审核中.
/// It is still the supervisor's act among their claims figures.
#[test]
fn a_step_that_keeps_the_state_is_not_a_change_of_state() {
    let f = Fixture::new();
    let w = f.worker();
    f.claim("S1", w, d(10, 30), None);
    let c = &f.db.conn;
    for (from, to) in
        [("submitted", "under_review"), ("under_review", "under_review"), ("under_review", "approved")]
    {
        c.execute(
            "INSERT INTO claim_events (claim_id, at, clerk_id, from_state, to_state, source)
             VALUES ((SELECT id FROM claims WHERE claim_no = 'S1'), ?1, 1, ?2, ?3, 'counter')",
            rusqlite::params![at(d(10, 31), 10, 0), from, to],
        )
        .unwrap();
    }
    let s = summary_at(&f.db.conn, &f.settings, Period::day(d(10, 31)), moment(d(12, 4))).unwrap();
    let changes: Vec<(&str, i64)> = s.claims.status_changes.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(changes, [("approved", 1), ("under_review", 1)]);
    assert_eq!(s.clerks.get("8001").map(|c| c.claims), Some(3));
}

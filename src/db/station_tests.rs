//! The station's storage on temp files: stock from the log, loans and partial returns, tallies,
//! batches, supervisor-only changes, in-hall uses and the check against the log.

use super::page::From;
use super::station::{self, StockRow};
use super::station_ops::{self, By, NewLoan, Refused, StockChange};
use super::*;
use crate::config::{Settings, StationItem};
use crate::domain::Role;
use crate::domain::station::Shortage;
use chrono::{NaiveDate, TimeZone, Utc};

fn temp() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir.path().join("fd.db"), OpenMode::Create).unwrap();
    for (login, role) in [("8001", Role::Supervisor), ("8002", Role::Clerk)] {
        super::clerks::insert(&db.conn, login, login, role, "x", Utc::now()).unwrap();
    }
    (dir, db)
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn by(role: Role, today: NaiveDate) -> By {
    let clerk_id = if role == Role::Supervisor { 1 } else { 2 };
    let at = Utc.from_utc_datetime(&today.and_hms_opt(2, 0, 0).unwrap());
    By { clerk_id, role, window: "w4".into(), at, today }
}

fn item(code: &str) -> StationItem {
    Settings::builtin().config.station.items.into_iter().find(|i| i.code == code).unwrap()
}

fn restock(db: &mut Db, code: &str, batch: &str, qty: i64, expires: Option<NaiveDate>) {
    let it = item(code);
    let change = StockChange::Restock { qty, expires_on: expires };
    let by = by(Role::Supervisor, day(11, 2));
    write(&mut db.conn, |tx| station_ops::change_stock(tx, &it, batch, &change, "入库", &by))
        .unwrap()
        .unwrap();
}

fn qty(db: &Db, code: &str, batch: &str) -> i64 {
    station::stock(&db.conn)
        .unwrap()
        .into_iter()
        .find(|s| s.item == code && s.batch == batch)
        .map_or(0, |s| s.qty)
}

fn loan(qty: i64) -> NewLoan {
    NewLoan {
        item: "umbrella".into(),
        qty,
        name: "王建国".into(),
        phone: "13812345678".into(),
        id_number: None,
        worker_id: None,
        due_on: day(11, 3),
        deposit: true,
        ticket: "A012".into(),
        note: String::new(),
    }
}

#[test]
fn lend_return_in_part_then_in_full() {
    let (_d, mut db) = temp();
    restock(&mut db, "umbrella", "", 10, None);
    let (umbrella, b) = (item("umbrella"), by(Role::Clerk, day(11, 2)));
    let id = write(&mut db.conn, |tx| station_ops::lend(tx, &umbrella, &loan(3), &b)).unwrap().unwrap();
    assert_eq!(qty(&db, "umbrella", ""), 7);
    assert_eq!(station::out_by_item(&db.conn).unwrap()["umbrella"], 3);
    let after =
        write(&mut db.conn, |tx| station_ops::give_back(tx, id, 2, "伞骨有点弯", &b)).unwrap().unwrap();
    assert_eq!((after.returned, after.outstanding(), after.closed_at.is_none()), (2, 1, true));
    assert_eq!(qty(&db, "umbrella", ""), 9);
    // More than is out is refused and changes nothing.
    let over = write(&mut db.conn, |tx| station_ops::give_back(tx, id, 2, "", &b)).unwrap();
    assert_eq!(over, Err(Refused::TooMany { outstanding: 1, lost: false }));
    let done = write(&mut db.conn, |tx| station_ops::give_back(tx, id, 1, "", &b)).unwrap().unwrap();
    assert!(done.closed_at.is_some());
    assert_eq!(qty(&db, "umbrella", ""), 10);
    // Closed, its deposit not refunded: still listed, owing only that.
    let listed = station::open_loans(&db.conn, "", From::First, 300).unwrap();
    assert_eq!(listed.iter().map(|l| (l.id, l.owes_deposit())).collect::<Vec<_>>(), [(id, true)]);
    assert_eq!(station::open_counts(&db.conn, day(11, 2)).unwrap().owed, 1);
    assert!(write(&mut db.conn, |tx| station_ops::refund(tx, id, &b)).unwrap());
    assert!(station::open_loans(&db.conn, "", From::First, 300).unwrap().is_empty());
    let closed = write(&mut db.conn, |tx| station_ops::give_back(tx, id, 1, "", &b)).unwrap();
    assert_eq!(closed, Err(Refused::LoanOut { outstanding: 0 }));
    assert!(station::check(&db.conn).unwrap().is_empty());
}

#[test]
fn lending_or_giving_more_than_there_is_is_refused_with_what_is_available() {
    let (_d, mut db) = temp();
    restock(&mut db, "umbrella", "", 2, None);
    restock(&mut db, "plaster", "", 5, None);
    let b = by(Role::Clerk, day(11, 2));
    let (umbrella, plaster) = (item("umbrella"), item("plaster"));
    let r = write(&mut db.conn, |tx| station_ops::lend(tx, &umbrella, &loan(3), &b)).unwrap();
    assert_eq!(r, Err(Refused::Short(Shortage { available: 2, expired: 0 })));
    let r = write(&mut db.conn, |tx| station_ops::give(tx, &plaster, 6, "", &b)).unwrap();
    assert_eq!(r, Err(Refused::Short(Shortage { available: 5, expired: 0 })));
    assert!(station::open_loans(&db.conn, "", From::First, 300).unwrap().is_empty());
    let moves: i64 = db.conn.query_row("SELECT count(*) FROM station_moves", [], |r| r.get(0)).unwrap();
    assert_eq!(moves, 2, "only the two restocks");
}

#[test]
fn ten_given_at_once_is_one_entry_and_water_is_a_tally_per_day() {
    let (_d, mut db) = temp();
    restock(&mut db, "plaster", "", 50, None);
    restock(&mut db, "water", "", 48, None);
    let (plaster, water) = (item("plaster"), item("water"));
    let mon = by(Role::Clerk, day(11, 2));
    write(&mut db.conn, |tx| station_ops::give(tx, &plaster, 10, "", &mon)).unwrap().unwrap();
    for n in [1, 3, 2] {
        write(&mut db.conn, |tx| station_ops::give(tx, &water, n, "", &mon)).unwrap().unwrap();
    }
    let tue = by(Role::Clerk, day(11, 3));
    write(&mut db.conn, |tx| station_ops::give(tx, &water, 4, "", &tue)).unwrap().unwrap();
    let monday = station::moves_of_day(&db.conn, day(11, 2)).unwrap();
    let gives: Vec<_> = monday.iter().filter(|m| m.kind == "give").collect();
    assert_eq!(gives.len(), 1);
    assert_eq!(gives[0].qty, -10);
    let tally: Vec<_> = monday.iter().filter(|m| m.kind == "tally").collect();
    assert_eq!((tally.len(), tally[0].qty, tally[0].entries), (1, -6, 3));
    let tuesday = station::moves_of_day(&db.conn, day(11, 3)).unwrap();
    assert_eq!(tuesday.iter().map(|m| (m.kind.as_str(), m.qty)).collect::<Vec<_>>(), [("tally", -4)]);
    assert_eq!(qty(&db, "water", ""), 38);
    assert_eq!(qty(&db, "plaster", ""), 40);
    assert!(station::check(&db.conn).unwrap().is_empty());
}

#[test]
fn medicine_comes_from_the_earliest_batch_and_never_an_expired_one() {
    let (_d, mut db) = temp();
    restock(&mut db, "huoxiang", "2026A", 3, Some(day(11, 20)));
    restock(&mut db, "huoxiang", "2026B", 2, Some(day(12, 10)));
    restock(&mut db, "huoxiang", "2027A", 10, Some(NaiveDate::from_ymd_opt(2027, 6, 1).unwrap()));
    let (hx, b) = (item("huoxiang"), by(Role::Clerk, day(11, 28)));
    let taken = write(&mut db.conn, |tx| station_ops::give(tx, &hx, 3, "", &b)).unwrap().unwrap();
    assert_eq!(taken, [("2026B".to_string(), 2), ("2027A".to_string(), 1)]);
    assert_eq!(qty(&db, "huoxiang", "2026A"), 3, "the expired batch is untouched");
    let r = write(&mut db.conn, |tx| station_ops::give(tx, &hx, 10, "", &b)).unwrap();
    assert_eq!(r, Err(Refused::Short(Shortage { available: 9, expired: 3 })));
    // A new batch needs its expiry; a known batch keeps its own.
    let sup = by(Role::Supervisor, day(11, 28));
    let none = StockChange::Restock { qty: 1, expires_on: None };
    let r =
        write(&mut db.conn, |tx| station_ops::change_stock(tx, &hx, "2028X", &none, "入库", &sup)).unwrap();
    assert_eq!(r, Err(Refused::NeedBatch));
    let other = StockChange::Restock { qty: 1, expires_on: Some(day(12, 31)) };
    let r =
        write(&mut db.conn, |tx| station_ops::change_stock(tx, &hx, "2026B", &other, "入库", &sup)).unwrap();
    assert_eq!(r, Err(Refused::BatchExpiry { expires_on: Some(day(12, 10)) }));
    // The supervisor writes the expired batch off.
    let off = StockChange::Adjust { delta: -3 };
    write(&mut db.conn, |tx| station_ops::change_stock(tx, &hx, "2026A", &off, "过期报损", &sup))
        .unwrap()
        .unwrap();
    assert_eq!(qty(&db, "huoxiang", "2026A"), 0);
    assert!(station::check(&db.conn).unwrap().is_empty());
}

#[test]
fn restock_counts_and_adjustments_are_the_supervisors() {
    let (_d, mut db) = temp();
    restock(&mut db, "glasses", "", 4, None);
    let glasses = item("glasses");
    let clerk = by(Role::Clerk, day(11, 2));
    for change in [
        StockChange::Restock { qty: 1, expires_on: None },
        StockChange::Count { counted: 3, book: 4 },
        StockChange::Adjust { delta: -1 },
    ] {
        let r = write(&mut db.conn, |tx| station_ops::change_stock(tx, &glasses, "", &change, "x", &clerk))
            .unwrap();
        assert_eq!(r, Err(Refused::SupervisorOnly));
    }
    let sup = by(Role::Supervisor, day(11, 2));
    let count = StockChange::Count { counted: 3, book: 4 };
    let d = write(&mut db.conn, |tx| station_ops::change_stock(tx, &glasses, "", &count, "少一副", &sup))
        .unwrap();
    assert_eq!(d, Ok(-1));
    let logged = station::moves_of_day(&db.conn, day(11, 2)).unwrap();
    let c = logged.iter().find(|m| m.kind == "count").unwrap();
    assert_eq!((c.expected, c.qty, c.note.as_deref()), (Some(4), -1, Some("少一副")));
    let below = StockChange::Adjust { delta: -4 };
    let r = write(&mut db.conn, |tx| station_ops::change_stock(tx, &glasses, "", &below, "x", &sup)).unwrap();
    assert_eq!(r, Err(Refused::Short(Shortage { available: 3, expired: 0 })));
    assert_eq!(qty(&db, "glasses", ""), 3);
}

#[test]
fn a_lost_loan_is_closed_by_a_supervisor() {
    let (_d, mut db) = temp();
    restock(&mut db, "umbrella", "", 5, None);
    let (umbrella, clerk, sup) =
        (item("umbrella"), by(Role::Clerk, day(11, 2)), by(Role::Supervisor, day(11, 9)));
    let id = write(&mut db.conn, |tx| station_ops::lend(tx, &umbrella, &loan(2), &clerk)).unwrap().unwrap();
    write(&mut db.conn, |tx| station_ops::give_back(tx, id, 1, "", &clerk)).unwrap().unwrap();
    let r = write(&mut db.conn, |tx| station_ops::lose(tx, id, 1, "借用人告知遗失", &clerk)).unwrap();
    assert_eq!(r, Err(Refused::SupervisorOnly));
    let l = write(&mut db.conn, |tx| station_ops::lose(tx, id, 1, "借用人告知遗失", &sup)).unwrap().unwrap();
    assert_eq!((l.returned, l.lost, l.closed_at.is_some()), (1, 1, true));
    assert!(l.note.unwrap().contains("借用人告知遗失"));
    // On hand stays 4; the station now owns 4 (nothing is out).
    assert_eq!(qty(&db, "umbrella", ""), 4);
    assert!(station::out_by_item(&db.conn).unwrap().is_empty());
    // Not returned in full: the return rate counts it against.
    assert_eq!(station::return_rate(&db.conn, day(11, 9)).unwrap(), Some(0.0));
}

#[test]
fn in_hall_uses_take_a_free_unit_and_close_at_day_end() {
    let (_d, mut db) = temp();
    restock(&mut db, "wheelchair", "", 1, None);
    let (chair, mon) = (item("wheelchair"), by(Role::Clerk, day(11, 2)));
    let id = write(&mut db.conn, |tx| station_ops::start_use(tx, &chair, "A003", "", &mon)).unwrap().unwrap();
    let r = write(&mut db.conn, |tx| station_ops::start_use(tx, &chair, "", "", &mon)).unwrap();
    assert_eq!(r, Err(Refused::NoneFree { total: 1 }));
    assert_eq!(station::uses_open(&db.conn, day(11, 2)).unwrap().len(), 1);
    // The next day it is closed without anyone touching it, and the chair is free again.
    let tue = by(Role::Clerk, day(11, 3));
    assert!(station::uses_open(&db.conn, day(11, 3)).unwrap().is_empty());
    assert_eq!(write(&mut db.conn, |tx| station_ops::end_use(tx, id, &tue)).unwrap(), Err(Refused::UseEnded));
    let id2 = write(&mut db.conn, |tx| station_ops::start_use(tx, &chair, "", "", &tue)).unwrap().unwrap();
    write(&mut db.conn, |tx| station_ops::end_use(tx, id2, &tue)).unwrap().unwrap();
    assert!(station::uses_open(&db.conn, day(11, 3)).unwrap().is_empty());
    let umbrella = item("umbrella");
    let r = write(&mut db.conn, |tx| station_ops::start_use(tx, &umbrella, "", "", &tue)).unwrap();
    assert_eq!(r, Err(Refused::WrongItem));
}

#[test]
fn open_loans_are_found_by_name_phone_tail_or_ticket_and_overdue_first() {
    let (_d, mut db) = temp();
    restock(&mut db, "umbrella", "", 5, None);
    let (umbrella, b) = (item("umbrella"), by(Role::Clerk, day(11, 2)));
    let late = NewLoan {
        due_on: day(10, 30),
        name: "李四".into(),
        phone: "13900001111".into(),
        ticket: "".into(),
        ..loan(1)
    };
    write(&mut db.conn, |tx| station_ops::lend(tx, &umbrella, &loan(1), &b)).unwrap().unwrap();
    write(&mut db.conn, |tx| station_ops::lend(tx, &umbrella, &late, &b)).unwrap().unwrap();
    let all = station::open_loans(&db.conn, "", From::First, 300).unwrap();
    assert_eq!(all.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["李四", "王建国"]);
    let names = |q: &str| {
        station::open_loans(&db.conn, q, From::First, 300)
            .unwrap()
            .into_iter()
            .map(|l| l.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(names("建国"), ["王建国"]);
    assert_eq!(names("1111"), ["李四"]);
    assert_eq!(names("a012"), ["王建国"]);
    assert!(names("9999").is_empty());
}

#[test]
fn a_workers_loans_are_found_by_id_or_phone() {
    let (_d, mut db) = temp();
    restock(&mut db, "umbrella", "", 5, None);
    let id = crate::domain::IdNumber::from_stored("11010519491231002X").unwrap();
    let known = super::workers::Known { name: "王建国", phone: "13812345678", ..Default::default() };
    let w = write(&mut db.conn, |tx| super::workers::upsert(tx, &id, &known, Utc::now())).unwrap();
    let (umbrella, b) = (item("umbrella"), by(Role::Clerk, day(11, 2)));
    let by_id = NewLoan { worker_id: Some(w), phone: "13900000000".into(), ..loan(1) };
    let stranger = NewLoan { phone: "13700000000".into(), ..loan(1) };
    for l in [loan(1), by_id, stranger] {
        write(&mut db.conn, |tx| station_ops::lend(tx, &umbrella, &l, &b)).unwrap().unwrap();
    }
    let found = station::loans_of_worker(&db.conn, w, Some("13812345678")).unwrap();
    assert_eq!(found.iter().map(|l| l.id).collect::<Vec<_>>(), [2, 1]);
}

#[test]
fn the_check_finds_stock_that_differs_from_its_log() {
    let (_d, mut db) = temp();
    restock(&mut db, "plaster", "", 5, None);
    assert!(station::check(&db.conn).unwrap().is_empty());
    db.conn.execute("UPDATE station_stock SET qty = 9 WHERE item = 'plaster'", []).unwrap();
    let problems = station::check(&db.conn).unwrap();
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("plaster") && problems[0].contains('9') && problems[0].contains('5'));
    // And stock cannot be driven below zero even by hand.
    assert!(db.conn.execute("UPDATE station_stock SET qty = -1 WHERE item = 'plaster'", []).is_err());
    let _: Vec<StockRow> = station::stock(&db.conn).unwrap();
}

/// Upgrade 19: the tally is kept per clerk. A day's tally written before it stays the clerk's
/// whose row it was; from then on each clerk adds to a row of their own.
#[test]
fn upgrading_to_19_keeps_the_days_tally_and_gives_each_clerk_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fd.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    for sql in &super::migrations::all()[..18] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 18).unwrap();
    for (login, role) in [("8001", Role::Supervisor), ("8002", Role::Clerk)] {
        super::clerks::insert(&conn, login, login, role, "x", Utc::now()).unwrap();
    }
    // As version 18 kept it: 8002's row of the day, 3 bottles in 2 hand-outs.
    conn.execute_batch(
        "INSERT INTO station_stock (item, batch, qty) VALUES ('water', '', 21);
         INSERT INTO station_moves (at, day, item, batch, kind, qty, clerk_id)
         VALUES ('2026-11-02T01:00:00.000Z', '2026-11-02', 'water', '', 'restock', 24, 1);
         INSERT INTO station_moves (at, day, item, batch, kind, qty, entries, clerk_id)
         VALUES ('2026-11-02T02:00:00.000Z', '2026-11-02', 'water', '', 'tally', -3, 2, 2);",
    )
    .unwrap();
    drop(conn);
    let mut db = open(&path, OpenMode::Existing).unwrap();
    assert_eq!(user_version(&db.conn).unwrap(), LATEST_VERSION);
    let water = item("water");
    for role in [Role::Supervisor, Role::Clerk, Role::Supervisor] {
        let b = by(role, day(11, 2));
        write(&mut db.conn, |tx| station_ops::give(tx, &water, 1, "", &b)).unwrap().unwrap();
    }
    // Each clerk's figures (since upgrade 22 a row written without a window stays apart from
    // the rows of the window given now).
    let mut tally: std::collections::BTreeMap<Option<String>, (i64, i64)> = Default::default();
    for m in station::moves_of_day(&db.conn, day(11, 2)).unwrap().into_iter().filter(|m| m.kind == "tally") {
        let e = tally.entry(m.clerk).or_default();
        *e = (e.0 + m.qty, e.1 + m.entries);
    }
    let tally: Vec<_> = tally.into_iter().map(|(c, (q, n))| (c, q, n)).collect();
    assert_eq!(tally, [(Some("8001".into()), -2, 2), (Some("8002".into()), -4, 3)]);
    assert_eq!(qty(&db, "water", ""), 18);
    assert!(station::check(&db.conn).unwrap().is_empty());
}

#[test]
fn upgrading_to_20_gives_each_lost_close_its_row_from_the_audit_trail() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fd.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    for sql in &super::migrations::all()[..19] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 19).unwrap();
    super::clerks::insert(&conn, "8001", "8001", Role::Supervisor, "x", Utc::now()).unwrap();
    // As version 19 kept them: a loan of 3 with 2 lost (the audit trail has one close of 1,
    // the other is not on it) and one still out; a loan of 1 lost and closed, not on the trail.
    conn.execute_batch(
        "INSERT INTO station_loans (id, item, qty, lost, name, phone, lent_at, lent_on, due_on, note)
         VALUES (7, 'umbrella', 3, 2, '欧阳建国', '13912345678', '2026-11-02T01:00:00.000Z', '2026-11-02',
                 '2026-11-03', '遗失 1：告知遗失；遗失 1：又丢一把');
         INSERT INTO station_loans (id, item, qty, lost, name, phone, lent_at, lent_on, due_on, closed_at, note)
         VALUES (8, 'glasses', 1, 1, '李四', '13900001111', '2026-11-02T01:00:00.000Z', '2026-11-02',
                 '2026-11-03', '2026-11-09T02:00:00.000Z', '遗失 1：丢了');
         INSERT INTO audit_log (at, clerk_id, clerk_login, action, reason, detail, terminal, prev_hash, hash)
         VALUES ('2026-11-05T03:00:00.000Z', 1, '8001', 'station_lost', '告知遗失',
                 'loan=7 item=umbrella qty=1 left=2', 'test', 'x', 'y');",
    )
    .unwrap();
    drop(conn);
    let db = open(&path, OpenMode::Existing).unwrap();
    let mut st = db
        .conn
        .prepare("SELECT loan_id, at, day, qty, clerk_id, reason FROM station_lost ORDER BY id")
        .unwrap();
    type Lost = (i64, String, String, i64, Option<i64>, Option<String>);
    let rows: Vec<Lost> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        rows,
        [
            (7, s("2026-11-05T03:00:00.000Z"), s("2026-11-05"), 1, Some(1), Some(s("告知遗失"))),
            (
                7,
                s("2026-11-02T01:00:00.000Z"),
                s("2026-11-02"),
                1,
                None,
                Some(s("遗失 1：告知遗失；遗失 1：又丢一把"))
            ),
            (8, s("2026-11-09T02:00:00.000Z"), s("2026-11-09"), 1, None, Some(s("遗失 1：丢了"))),
        ]
    );
}

/// Upgrade 22: the tally is kept per clerk and window. A day's tally written before stays as it
/// was (its figures kept); from then on a clerk at another window adds to a row of that window.
#[test]
fn upgrading_to_22_keeps_the_days_tally_and_gives_each_window_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fd.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    for sql in &super::migrations::all()[..21] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 21).unwrap();
    super::clerks::insert(&conn, "8002", "8002", Role::Clerk, "x", Utc::now()).unwrap();
    // As version 21 kept it: 8002's row of the day at w4, 3 bottles in 2 hand-outs.
    conn.execute_batch(
        "INSERT INTO station_stock (item, batch, qty) VALUES ('water', '', 21);
         INSERT INTO station_moves (at, day, item, batch, kind, qty, clerk_id, window)
         VALUES ('2026-11-02T01:00:00.000Z', '2026-11-02', 'water', '', 'restock', 24, 1, 'w4');
         INSERT INTO station_moves (at, day, item, batch, kind, qty, entries, clerk_id, window)
         VALUES ('2026-11-02T02:00:00.000Z', '2026-11-02', 'water', '', 'tally', -3, 2, 1, 'w4');",
    )
    .unwrap();
    drop(conn);
    let mut db = open(&path, OpenMode::Existing).unwrap();
    assert_eq!(user_version(&db.conn).unwrap(), LATEST_VERSION);
    let water = item("water");
    for window in ["w4", "w2", "w2"] {
        let b = By { window: window.into(), ..by(Role::Clerk, day(11, 2)) };
        let b = By { clerk_id: 1, ..b };
        write(&mut db.conn, |tx| station_ops::give(tx, &water, 1, "", &b)).unwrap().unwrap();
    }
    let mut st = db
        .conn
        .prepare("SELECT window, qty, entries FROM station_moves WHERE kind = 'tally' ORDER BY window")
        .unwrap();
    let rows: Vec<(String, i64, i64)> =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(rows, [("w2".into(), -2, 2), ("w4".into(), -4, 3)], "the old row kept and added to");
    assert_eq!(qty(&db, "water", ""), 18);
    assert!(station::check(&db.conn).unwrap().is_empty());
}

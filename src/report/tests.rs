//! Figures on hand-made event sets, with the answers worked out by hand (times are Asia/Shanghai,
//! UTC+8): a ticket recalled twice, a transfer, a visit crossing midnight, a no-show, an imported
//! row, a phone call cancelled, an empty day, and a range over a month boundary. The as-of
//! figures and the sums' bounds are in `tests_asof.rs`.

use super::*;
use crate::db::{self, OpenMode};
use crate::domain::Role;
use chrono::{TimeZone, Utc};

mod asof;
mod dues;
mod station;

struct Fixture {
    _dir: tempfile::TempDir,
    db: db::Db,
    settings: Settings,
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

/// A local time on a day as the stored UTC stamp.
fn at(day: NaiveDate, h: u32, min: u32) -> String {
    let local = chrono_tz::Asia::Shanghai.from_local_datetime(&day.and_hms_opt(h, min, 0).unwrap()).unwrap();
    local.with_timezone(&Utc).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = db::open(&dir.path().join("r.db"), OpenMode::Create).unwrap();
        db::clerks::insert(&db.conn, "8001", "周主任", Role::Supervisor, "x", Utc::now()).unwrap();
        db::clerks::insert(&db.conn, "8002", "吴窗口", Role::Clerk, "x", Utc::now()).unwrap();
        Fixture { _dir: dir, db, settings: Settings::builtin() }
    }

    /// A visit and its events: (kind, local day, hour, minute, window, to_state, detail).
    #[allow(clippy::type_complexity)]
    fn visit(
        &self,
        (day, h, m): (NaiveDate, u32, u32),
        matter: &str,
        channel: &str,
        ticket: Option<&str>,
        imported: bool,
        events: &[(&str, NaiveDate, u32, u32, Option<&str>, &str, Option<&str>)],
    ) -> i64 {
        let c = &self.db.conn;
        let last = events.last().map_or("waiting", |e| e.5);
        c.execute(
            "INSERT INTO visits (day, ticket, matter, channel, arrived_at, state, imported) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![day.to_string(), ticket, matter, channel, at(day, h, m), last, imported],
        )
        .unwrap();
        let id = c.last_insert_rowid();
        for (kind, eday, eh, em, window, to, detail) in events {
            c.execute(
                "INSERT INTO visit_events (visit_id, at, clerk_id, window, kind, to_state, detail)
                 VALUES (?1, ?2, 2, ?3, ?4, ?5, ?6)",
                rusqlite::params![id, at(*eday, *eh, *em), window, kind, to, detail],
            )
            .unwrap();
        }
        id
    }

    /// The hand-made day (Saturday 31 October) and one visit on 1 November.
    fn seeded() -> Self {
        let f = Fixture::new();
        let (a, b) = (d(10, 31), d(11, 1));
        // V1: recalled twice; the wait runs to the second recall (14 min), service 15 min at w1.
        f.visit(
            (a, 9, 0),
            "medical_aid",
            "walk_in",
            Some("A001"),
            false,
            &[
                ("issue", a, 9, 0, None, "waiting", Some("walk_in")),
                ("call", a, 9, 10, Some("w1"), "called", None),
                ("recall", a, 9, 12, Some("w1"), "called", None),
                ("recall", a, 9, 14, Some("w1"), "called", None),
                ("begin", a, 9, 15, Some("w1"), "serving", None),
                ("finish", a, 9, 30, Some("w1"), "done", Some("outcome=done_first_visit;")),
            ],
        );
        // V2: called at w2, transferred to w4, served there: wait 35 min (over the 30 target),
        // service 19 min, referred to 民政局 with the follow-up still open.
        let v2 = f.visit(
            (a, 9, 5),
            "rights",
            "walk_in",
            Some("C001"),
            false,
            &[
                ("issue", a, 9, 5, None, "waiting", Some("walk_in")),
                ("call", a, 9, 20, Some("w2"), "called", None),
                ("transfer", a, 9, 22, Some("w2"), "waiting", Some("window=w4;")),
                ("call", a, 9, 40, Some("w4"), "called", None),
                ("begin", a, 9, 41, Some("w4"), "serving", None),
                ("finish", a, 10, 0, Some("w4"), "referred", Some("outcome=referred;")),
            ],
        );
        f.db.conn
            .execute(
                "UPDATE visits SET outcome = 'referred', ref_department = 'civil_affairs' WHERE id = ?1",
                [v2],
            )
            .unwrap();
        // V3: arrives 23:50, finished after midnight: counts on the 31st, wait 5, service 12.
        f.visit(
            (a, 23, 50),
            "employment",
            "walk_in",
            Some("D001"),
            false,
            &[
                ("issue", a, 23, 50, None, "waiting", Some("walk_in")),
                ("call", a, 23, 55, Some("w3"), "called", None),
                ("begin", a, 23, 58, Some("w3"), "serving", None),
                ("finish", b, 0, 10, Some("w3"), "done", Some("outcome=done_first_visit;")),
            ],
        );
        // V4: called, recalled, no-show.
        f.visit(
            (a, 10, 0),
            "hardship",
            "walk_in",
            Some("B001"),
            false,
            &[
                ("issue", a, 10, 0, None, "waiting", Some("walk_in")),
                ("call", a, 10, 5, Some("w1"), "called", None),
                ("recall", a, 10, 7, Some("w1"), "called", None),
                ("no_show", a, 10, 10, Some("w1"), "no_show", None),
            ],
        );
        // V5: imported, done: in totals, matters and states only.
        f.visit((a, 14, 0), "other", "walk_in", None, true, &[("import", a, 14, 0, None, "done", None)]);
        // V6: a phone call logged, then cancelled.
        f.visit(
            (a, 11, 0),
            "service_card",
            "phone",
            None,
            false,
            &[
                ("issue", a, 11, 0, None, "waiting", Some("phone")),
                ("cancel", a, 11, 3, Some("w1"), "cancelled", None),
            ],
        );
        // V7, 1 November: wait 30, service 10.
        f.visit(
            (b, 9, 0),
            "medical_aid",
            "walk_in",
            Some("A001"),
            false,
            &[
                ("issue", b, 9, 0, None, "waiting", Some("walk_in")),
                ("call", b, 9, 30, Some("w1"), "called", None),
                ("begin", b, 9, 31, Some("w1"), "serving", None),
                ("finish", b, 9, 41, Some("w1"), "done", Some("outcome=done_first_visit;")),
            ],
        );
        f
    }

    fn summary(&self, p: Period) -> Summary {
        summary(&self.db.conn, &self.settings, p).unwrap()
    }
}

#[test]
fn a_hand_made_day() {
    let f = Fixture::seeded();
    let s = f.summary(Period::day(d(10, 31)));
    let w = &s.walkins;
    assert_eq!(s.date.as_deref(), Some("2026-10-31"));
    assert_eq!(w.total, 6);
    let get = |m: &BTreeMap<String, i64>, k: &str| m.get(k).copied();
    assert_eq!(
        ["medical_aid", "hardship", "rights", "employment", "service_card", "other", "recuperation"]
            .map(|k| get(&w.by_category, k)),
        [1, 1, 1, 1, 1, 1, 0].map(Some)
    );
    // The phone call is counted by its channel, not among the states of the visits that came.
    assert_eq!(
        ["done", "referred", "no_show", "cancelled", "waiting", "called", "serving"]
            .map(|k| get(&w.by_status, k)),
        [3, 1, 1, 0, 0, 0, 0].map(Some)
    );
    // Served: finished at a window (V1, V2, V3); not the imported V5.
    assert_eq!(w.served, 3);
    assert_eq!(["w1", "w2", "w3", "w4", "desk"].map(|k| get(&w.by_window, k)), [1, 0, 1, 1, 0].map(Some));
    assert_eq!(["walk_in", "phone", "online"].map(|k| get(&w.by_channel, k)), [4, 1, 0].map(Some));
    assert_eq!(w.wait_minutes, Minutes { avg: Some(18.0), p50: Some(14.0), p90: Some(35.0) });
    assert_eq!(w.service_minutes, Minutes { avg: Some(15.3), p50: Some(15.0), p90: Some(19.0) });
    assert_eq!(w.over_target_share, Some(0.3333));
    assert_eq!(w.no_show_rate, Some(0.25));
    assert_eq!(w.first_visit_done_rate, Some(0.6667));
    assert_eq!(w.referred_to.get("civil_affairs"), Some(&1));
    assert_eq!(w.open_followups, 1);
    assert_eq!(
        (w.arrivals_by_half_hour[18], w.arrivals_by_half_hour[20], w.arrivals_by_half_hour[47]),
        (2, 1, 1)
    );
    assert_eq!(w.arrivals_by_half_hour.iter().sum::<i64>(), 6);
    // Waits by the half hour of the call that led to service: 09:14 (14), 09:40 (35), 23:55 (5).
    assert_eq!(
        (w.wait_by_half_hour[18], w.wait_by_half_hour[19], w.wait_by_half_hour[47]),
        (Some(14.0), Some(35.0), Some(5.0))
    );
    assert_eq!(s.clerks.get("8002").map(|c| c.walkins), Some(5), "every visit but the imported one");
    assert!(s.days.is_empty());
}

#[test]
fn an_empty_day_is_zeros_and_nulls() {
    let f = Fixture::seeded();
    let s = f.summary(Period::day(d(10, 30)));
    assert_eq!(s.walkins.total, 0);
    assert!(s.walkins.by_category.values().all(|n| *n == 0) && s.walkins.by_category.len() == 7);
    assert_eq!(s.walkins.wait_minutes, Minutes::default());
    assert_eq!(
        (s.walkins.no_show_rate, s.walkins.first_visit_done_rate, s.walkins.over_target_share),
        (None, None, None)
    );
    let json = serde_json::to_value(&s).unwrap();
    assert!(json["walkins"]["wait_minutes"]["avg"].is_null());
    for key in ["date", "walkins", "claims", "letters", "station", "clerks"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    for key in
        ["lent", "returned", "overdue", "return_rate", "in_hall", "given", "help", "low_stock", "expiring"]
    {
        assert!(json["station"].get(key).is_some(), "station.{key}");
    }
}

#[test]
fn a_range_over_a_month_boundary_adds_a_row_per_day() {
    let f = Fixture::seeded();
    let s = f.summary(Period { from: d(10, 31), to: d(11, 1) });
    assert_eq!(
        (s.from.as_deref(), s.to.as_deref(), s.date.as_deref()),
        (Some("2026-10-31"), Some("2026-11-01"), None)
    );
    assert_eq!(s.walkins.total, 7);
    assert_eq!(s.walkins.wait_minutes, Minutes { avg: Some(21.0), p50: Some(14.0), p90: Some(35.0) });
    assert_eq!(
        s.days.iter().map(|d| (d.date.clone().unwrap(), d.walkins.total)).collect::<Vec<_>>(),
        [("2026-10-31".to_string(), 6), ("2026-11-01".to_string(), 1)]
    );
    assert_eq!(s.days[1].walkins.wait_minutes.avg, Some(30.0));
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["days"].as_array().map(Vec::len), Some(2));
    assert!(json.get("date").is_none());
}

#[test]
fn a_long_period_read_on_two_connections_agrees_with_its_days() {
    // From 31 days on, the visits and the amounts are read on a second connection of the file.
    let f = Fixture::seeded();
    let long = f.summary(Period { from: d(10, 1), to: d(11, 30) });
    assert_eq!(long.days.len(), 61);
    let short = f.summary(Period { from: d(10, 31), to: d(11, 1) });
    assert_eq!(long.walkins.total, short.walkins.total);
    assert_eq!(long.walkins.wait_minutes, short.walkins.wait_minutes);
    assert_eq!(long.walkins.by_status, short.walkins.by_status);
    let d31 = long.days.iter().find(|x| x.date.as_deref() == Some("2026-10-31")).unwrap();
    assert_eq!(d31.walkins.total, 6);
}

#[test]
fn a_period_over_a_year_read_a_month_at_a_time_is_the_same_as_read_whole() {
    let f = Fixture::seeded();
    let long = Period { from: d(1, 1).with_year(2025).unwrap(), to: d(12, 31) };
    let now = chrono::Utc::now();
    let pieces = super::summary_at(&f.db.conn, &f.settings, long, now).unwrap();
    let at = super::AsOf { now, today: crate::domain::dates::local_day(now, f.settings.tz) };
    let mut whole = super::whole_summary(&f.db.conn, &f.settings, long, at).unwrap();
    super::followups::apply(&f.db.conn, &f.settings, long, now, &mut whole).unwrap();
    super::hardship::apply(&f.db.conn, &f.settings, long, now, &mut whole).unwrap();
    super::fund_figures::apply(&f.db.conn, &f.settings, long, &mut whole).unwrap();
    assert_eq!(pieces.days.len(), 730);
    assert!(pieces.walkins.total > 0);
    assert_eq!(pieces, whole);
}

#[test]
fn claims_letters_and_station_on_their_days() {
    use crate::db::station_ops::{self, By, NewLoan, StockChange};
    let f = Fixture::seeded();
    let c = &f.db.conn;
    let (a, b) = (d(10, 31), d(11, 1));
    let id = crate::domain::IdNumber::from_stored("11010519491231002X").unwrap();
    let w =
        db::workers::upsert(c, &id, &db::workers::Known { name: "王一", ..Default::default() }, Utc::now())
            .unwrap();
    c.execute(
        "INSERT INTO claims (claim_no, worker_id, kind, filed_on, amount_claimed_fen, amount_approved_fen,
                             amount_paid_fen, status, created_at) VALUES ('HZ1', ?1, 'inpatient', ?2, 200000, 150000, 150000, 'paid', ?3)",
        rusqlite::params![w, a.to_string(), at(a, 9, 0)],
    )
    .unwrap();
    let claim = c.last_insert_rowid();
    for (day, h, from, to, source) in [
        (a, 9, None, "submitted", "window"),
        (a, 10, Some("submitted"), "under_review", "window"),
        (a, 11, Some("under_review"), "approved", "window"),
        (b, 9, Some("approved"), "paid", "window"),
    ] {
        c.execute(
            "INSERT INTO claim_events (claim_id, at, clerk_id, from_state, to_state, source) VALUES (?1, ?2, 1, ?3, ?4, ?5)",
            rusqlite::params![claim, at(day, h, 0), from, to, source],
        )
        .unwrap();
    }
    let item = |code: &str| f.settings.config.station.items.iter().find(|i| i.code == code).unwrap().clone();
    let by =
        |day: NaiveDate, role| By { clerk_id: 2, role, window: "desk".into(), at: Utc::now(), today: day };
    let restock = StockChange::Restock { qty: 5, expires_on: None };
    station_ops::change_stock(c, &item("umbrella"), "", &restock, "入库", &by(a, Role::Supervisor))
        .unwrap()
        .unwrap();
    station_ops::change_stock(c, &item("water"), "", &restock, "入库", &by(a, Role::Supervisor))
        .unwrap()
        .unwrap();
    let loan = NewLoan {
        item: "umbrella".into(),
        qty: 2,
        name: "王一".into(),
        phone: "13800000001".into(),
        id_number: None,
        worker_id: None,
        due_on: b,
        deposit: false,
        ticket: String::new(),
        note: String::new(),
    };
    let l = station_ops::lend(c, &item("umbrella"), &loan, &by(a, Role::Clerk)).unwrap().unwrap();
    station_ops::give_back(c, l, 1, "", &by(b, Role::Clerk)).unwrap().unwrap();
    for n in [2, 1] {
        station_ops::give(c, &item("water"), n, "", &by(a, Role::Clerk)).unwrap().unwrap();
    }
    station_ops::help(c, "directions", "指引", "", &by(a, Role::Clerk)).unwrap();
    let day_a = f.summary(Period::day(a));
    assert_eq!((day_a.claims.registered, day_a.claims.approved_fen, day_a.claims.paid_fen), (1, 150_000, 0));
    assert_eq!(day_a.claims.status_changes.get("under_review"), Some(&1));
    assert_eq!((day_a.station.lent, day_a.station.returned, day_a.station.overdue), (2, 0, 0));
    assert_eq!(day_a.station.given.get("water"), Some(&3), "units, not rows (one tally of 3)");
    assert_eq!(day_a.station.help.get("directions"), Some(&1));
    assert_eq!(
        day_a.clerks.get("8002").map(|c| c.station),
        Some(6),
        "two restocks, the lend, the tally's two hand-outs and the help are 8002's"
    );
    let day_b = f.summary(Period::day(b));
    assert_eq!((day_b.claims.paid_fen, day_b.station.returned), (150_000, 1));
    // Due on the 1st with one still out: not overdue until the 2nd; not fully back.
    assert_eq!(day_b.station.return_rate, Some(0.0));
    let day_c = f.summary(Period::day(d(11, 2)));
    assert_eq!(day_c.station.overdue, 1);
    // Low stock at each day's end, from the log: 3 umbrellas free on the 31st (≤ 3), water 2.
    assert!(day_a.station.low_stock.iter().any(|s| s.item == "umbrella" && s.qty == 3));
    assert!(day_a.station.low_stock.iter().any(|s| s.item == "water" && s.qty == 2));
    let both = f.summary(Period { from: a, to: b });
    assert_eq!((both.claims.approved_fen, both.claims.paid_fen, both.station.lent), (150_000, 150_000, 2));
}

#[test]
fn periods_from_presets_and_their_neighbours() {
    assert_eq!(Period::month(2026, 2), Some(Period { from: d(2, 1), to: d(2, 28) }));
    assert_eq!(Period::quarter(2026, 4), Some(Period { from: d(10, 1), to: d(12, 31) }));
    assert_eq!(Period::quarter(2026, 5), None);
    assert_eq!(Period::month_of(d(11, 28)).shifted(false), Period { from: d(10, 1), to: d(10, 31) });
    assert_eq!(
        Period::quarter_of(d(11, 28)).shifted(true).from,
        NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
    );
    assert_eq!(Period::day(d(11, 28)).shifted(true), Period::day(d(11, 29)));
    assert_eq!(nearest_rank(&[1.0, 2.0, 3.0, 4.0], 50.0), Some(2.0));
    assert_eq!(nearest_rank(&[1.0, 2.0, 3.0, 4.0], 90.0), Some(4.0));
}

#[test]
fn amounts_read_with_thousands_separators_and_stay_numbers_for_spreadsheets() {
    use render::Cell;
    assert_eq!(Cell::Yuan(874_613_163).text(), "8,746,131.63");
    assert_eq!(Cell::Yuan(874_613_163).raw(), "8746131.63");
    assert_eq!(Cell::Yuan(5).text(), "0.05");
    assert_eq!(Cell::Yuan(-123_456).text(), "-1,234.56");
    assert_eq!(Cell::Int(1234).raw(), "1234");
}

/// Issue #22: a letter replaced by a re-issue counts as voided, and commitments are counted
/// by type (`letters.by_type`, a key added; `issued` and `by_unit` stay the recuperation
/// letters').
#[test]
fn a_reissue_counts_a_void_and_commitments_count_by_type() {
    let mut f = Fixture::new();
    let day = d(11, 2);
    let when = chrono::DateTime::parse_from_rfc3339(&at(day, 10, 0)).unwrap().with_timezone(&Utc);
    let id = crate::domain::IdNumber::from_stored("11010519491231002X").unwrap();
    let known = db::workers::Known { name: "王一", ..Default::default() };
    let w = db::workers::upsert(&f.db.conn, &id, &known, when).unwrap();
    let actor = db::audit::Actor { clerk_id: Some(1), login: Some("8001".into()), terminal: "t".into() };
    let by = crate::letters::By { actor, at: when, today: day };
    let unit = f.settings.config.recuperation_units[0].code.clone();
    let mut new = crate::letters::NewLetter {
        worker_id: w,
        id_masked: id.masked(),
        name: "王一".into(),
        work_unit: String::new(),
        recipient: unit.clone(),
        start: d(12, 1),
        end: d(12, 3),
        places: None,
        standard: String::new(),
        companions: String::new(),
        note: String::new(),
        replaces: None,
        replace_reason: String::new(),
    };
    let secret = [7u8; 32];
    let first = crate::letters::issue(&mut f.db.conn, &f.settings, &secret, &new, &by).unwrap().unwrap();
    new.replaces = Some(first.id);
    new.replace_reason = "日期有误".into();
    crate::letters::issue(&mut f.db.conn, &f.settings, &secret, &new, &by).unwrap().unwrap();
    let commitment = crate::letters::commitment::NewCommitment {
        worker_id: w,
        id_masked: id.masked(),
        name: "王一".into(),
        work_unit: String::new(),
        organiser: "某集团工会".into(),
        start: d(12, 1),
        end: d(12, 3),
        amount_fen: 80_000,
        note: String::new(),
    };
    crate::letters::commitment::issue(&mut f.db.conn, &f.settings, &secret, &commitment, &by)
        .unwrap()
        .unwrap();
    let s = f.summary(Period::day(day));
    assert_eq!((s.letters.issued, s.letters.voided), (2, 1), "{:?}", s.letters);
    assert_eq!(s.letters.by_type.get("recuperation"), Some(&2));
    assert_eq!(s.letters.by_type.get("commitment"), Some(&1));
    assert_eq!(s.letters.by_unit.get(&unit), Some(&2));
    assert_eq!(s.letters.by_unit.values().sum::<i64>(), 2, "a commitment has no recuperation unit");
}

/// Water is a tally per day: a clerk's station count is every hand-out they recorded (the
/// tally's entries), not the one row that holds a day's first clerk's hand-outs and the rest.
#[test]
fn each_clerk_counts_the_water_they_handed_out() {
    use crate::db::station_ops::{self, By, StockChange};
    let mut f = Fixture::new();
    let day = d(11, 2);
    let water = f.settings.config.station.items.iter().find(|i| i.code == "water").unwrap().clone();
    let by = |clerk_id, role, h, m| {
        let when = chrono::DateTime::parse_from_rfc3339(&at(day, h, m)).unwrap().with_timezone(&Utc);
        By { clerk_id, role, window: "w4".into(), at: when, today: day }
    };
    let restock = StockChange::Restock { qty: 24, expires_on: None };
    let sup = by(1, Role::Supervisor, 8, 30);
    db::write(&mut f.db.conn, |tx| station_ops::change_stock(tx, &water, "", &restock, "入库", &sup))
        .unwrap()
        .unwrap();
    // 8002 gives the day's first bottle; 8001 two at once at 11:00; 8002 two more, the last at 18:31.
    for (clerk, role, h, m, n) in [
        (2, Role::Clerk, 9, 0, 1),
        (1, Role::Supervisor, 11, 0, 2),
        (2, Role::Clerk, 14, 0, 1),
        (2, Role::Clerk, 18, 31, 1),
    ] {
        let b = by(clerk, role, h, m);
        db::write(&mut f.db.conn, |tx| station_ops::give(tx, &water, n, "", &b)).unwrap().unwrap();
    }
    let s = f.summary(Period::day(day));
    assert_eq!(s.station.given.get("water"), Some(&5), "the day's units, both clerks'");
    let station = |login: &str| s.clerks.get(login).map(|c| c.station);
    assert_eq!(station("8002"), Some(3), "8002's three hand-outs");
    assert_eq!(station("8001"), Some(2), "8001's restock and one hand-out (of two bottles)");
}

/// #28: the water tally kept "where" as the clerk's first window of the day, so hand-outs at a
/// second window were recorded at the first. Each tally row is per clerk, window and day; F5's
/// per-clerk figure and `export station` stay right.
#[test]
fn a_clerk_moving_windows_keeps_a_tally_for_each_window() {
    use crate::db::station_ops::{self, By, StockChange};
    let mut f = Fixture::new();
    let day = d(11, 2);
    let water = f.settings.config.station.items.iter().find(|i| i.code == "water").unwrap().clone();
    let by = |clerk_id, role, window: &str, h| {
        let when = chrono::DateTime::parse_from_rfc3339(&at(day, h, 0)).unwrap().with_timezone(&Utc);
        By { clerk_id, role, window: window.into(), at: when, today: day }
    };
    let restock = StockChange::Restock { qty: 24, expires_on: None };
    let sup = by(1, Role::Supervisor, "w4", 8);
    db::write(&mut f.db.conn, |tx| station_ops::change_stock(tx, &water, "", &restock, "入库", &sup))
        .unwrap()
        .unwrap();
    // 8002 at desk gives 2, moves to w2 and gives 10 in two hand-outs, then 1 more at desk.
    for (window, h, n) in [("desk", 9, 2), ("w2", 10, 4), ("w2", 11, 6), ("desk", 12, 1)] {
        let b = by(2, Role::Clerk, window, h);
        db::write(&mut f.db.conn, |tx| station_ops::give(tx, &water, n, "", &b)).unwrap().unwrap();
    }
    let mut st =
        f.db.conn
            .prepare("SELECT window, qty, entries FROM station_moves WHERE kind = 'tally' ORDER BY window")
            .unwrap();
    let rows: Vec<(String, i64, i64)> =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(rows, [("desk".into(), -3, 2), ("w2".into(), -10, 2)], "each window its own tally");
    let s = f.summary(Period::day(day));
    assert_eq!(s.station.given.get("water"), Some(&13));
    assert_eq!(s.clerks.get("8002").map(|c| c.station), Some(4), "8002's four hand-outs");
    let mut export = vec![];
    db::exports::each_row::<rusqlite::Error>(&f.db.conn, db::exports::Query::Station, None, None, |c| {
        if c[1] == "tally" {
            export.push((c[4].clone(), c[11].clone(), c[12].clone()));
        }
        Ok(())
    })
    .unwrap();
    export.sort();
    assert_eq!(
        export,
        [("-10".into(), "8002".into(), "w2".into()), ("-3".into(), "8002".into(), "desk".into())]
    );
}

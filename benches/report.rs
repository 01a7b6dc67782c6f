//! The summary on a large centre's five years (DESIGN: 500,000 walk-ins over 1,250 working
//! days, with their events; claims with events; station rows): one day, a month, a 365-day
//! range and five years, as `report` and F5 compute them. Run with `cargo bench --bench report`
//! (REPORT_DAYS=… for fewer days while trying things; REPORT_DB=path keeps the generated file,
//! and a second run with it measures the reports alone). Peak memory is the CLI's, measured
//! on that file from outside (see the README).

use chrono::{Days, NaiveDate, TimeZone, Utc};
use frontdesk::config::Settings;
use frontdesk::db::{OpenMode, clerks, open};
use frontdesk::domain::Role;
use frontdesk::report::{Period, summary};
use std::time::Instant;

fn stamp(day: NaiveDate, minute: u32) -> String {
    let local = day.and_hms_opt(8 + minute / 60, minute % 60, 0).unwrap();
    let t = chrono_tz::Asia::Shanghai.from_local_datetime(&local).unwrap().with_timezone(&Utc);
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn main() {
    let days: usize = std::env::var("REPORT_DAYS").ok().and_then(|s| s.parse().ok()).unwrap_or(1_250);
    let dir = tempfile::tempdir().unwrap();
    // REPORT_DB=path keeps the generated file; run again with it to measure the reports alone.
    let path = std::env::var_os("REPORT_DB").map_or(dir.path().join("big.db"), std::path::PathBuf::from);
    let settings = Settings::builtin();
    if path.exists() {
        let db = open(&path, OpenMode::Existing).unwrap();
        let last: String = db.conn.query_row("SELECT max(day) FROM visits", [], |r| r.get(0)).unwrap();
        return measure(&db, &settings, last.parse().unwrap());
    }
    let mut db = open(&path, OpenMode::Create).unwrap();
    clerks::insert(&db.conn, "8001", "周主任", Role::Supervisor, "x", Utc::now()).unwrap();
    clerks::insert(&db.conn, "8002", "吴窗口", Role::Clerk, "x", Utc::now()).unwrap();
    let matters: Vec<String> = settings.config.matters.iter().map(|m| m.code.clone()).collect();
    let t = Instant::now();
    let tx = db.conn.transaction().unwrap();
    tx.execute("INSERT INTO workers (id_number, name, created_at, updated_at) VALUES ('11010519491231002X', '王一', '', '')", [])
        .unwrap();
    let mut day = NaiveDate::from_ymd_opt(2021, 12, 1).unwrap();
    let (mut visits, mut events, mut worked) = (0u64, 0u64, 0usize);
    {
        let mut v = tx
            .prepare("INSERT INTO visits (day, ticket, matter, channel, arrived_at, state, window) VALUES (?1, ?2, ?3, 'walk_in', ?4, ?5, 'w1')")
            .unwrap();
        let mut e = tx
            .prepare("INSERT INTO visit_events (visit_id, at, clerk_id, window, kind, to_state, detail) VALUES (?1, ?2, 2, ?3, ?4, ?5, ?6)")
            .unwrap();
        let mut c = tx
            .prepare("INSERT INTO claims (claim_no, worker_id, kind, filed_on, amount_claimed_fen, amount_approved_fen, amount_paid_fen, status, papers_complete_on, created_at) VALUES (?1, 1, 'inpatient', ?2, 100000, 90000, 90000, 'paid', ?2, ?3)")
            .unwrap();
        let mut ce = tx
            .prepare("INSERT INTO claim_events (claim_id, at, clerk_id, from_state, to_state, source) VALUES (?1, ?2, 1, ?3, ?4, 'window')")
            .unwrap();
        let mut m = tx
            .prepare("INSERT INTO station_moves (at, day, item, batch, kind, qty, clerk_id) VALUES (?1, ?2, ?3, '', ?4, ?5, 2)")
            .unwrap();
        while worked < days {
            if matches!(chrono::Datelike::weekday(&day), chrono::Weekday::Sat | chrono::Weekday::Sun) {
                day = day + Days::new(1);
                continue;
            }
            worked += 1;
            let d = day.to_string();
            for i in 0..400u32 {
                let minute = i * 540 / 400;
                let matter = &matters[i as usize % matters.len()];
                v.execute(rusqlite::params![d, format!("A{i:03}"), matter, stamp(day, minute), "done"])
                    .unwrap();
                let id = tx.last_insert_rowid();
                for (k, (kind, to, detail)) in [
                    ("issue", "waiting", Some("walk_in")),
                    ("call", "called", None),
                    ("begin", "serving", None),
                    ("finish", "done", Some("outcome=done_first_visit;")),
                ]
                .into_iter()
                .enumerate()
                {
                    e.execute(rusqlite::params![
                        id,
                        stamp(day, minute + 5 * k as u32),
                        "w1",
                        kind,
                        to,
                        detail
                    ])
                    .unwrap();
                    events += 1;
                }
                visits += 1;
            }
            for i in 0..8u32 {
                c.execute(rusqlite::params![format!("HZ{d}{i}"), d, stamp(day, 60)]).unwrap();
                let id = tx.last_insert_rowid();
                for (from, to) in [
                    (None, "submitted"),
                    (Some("submitted"), "under_review"),
                    (Some("under_review"), "approved"),
                    (Some("approved"), "paid"),
                ] {
                    ce.execute(rusqlite::params![id, stamp(day, 90), from, to]).unwrap();
                }
            }
            // About 160 station rows a day: a day's water tally, plasters, umbrellas out and back.
            m.execute(rusqlite::params![stamp(day, 120), d, "water", "tally", -40]).unwrap();
            for (item, kind, qty) in
                [("plaster", "give", -2), ("umbrella", "lend", -1), ("umbrella", "return", 1)]
            {
                for _ in 0..53 {
                    m.execute(rusqlite::params![stamp(day, 120), d, item, kind, qty]).unwrap();
                }
            }
            day = day + Days::new(1);
        }
    }
    tx.commit().unwrap();
    let last = day.pred_opt().unwrap();
    println!(
        "built {visits} visits, {events} events over {worked} working days in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    measure(&db, &settings, last);
}

fn measure(db: &frontdesk::db::Db, settings: &Settings, last: NaiveDate) {
    let time = |name: &str, p: Period, runs: usize| {
        let mut ms = vec![];
        for _ in 0..runs {
            let t = Instant::now();
            let s = summary(&db.conn, settings, p).unwrap();
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            assert!(s.walkins.total > 0);
        }
        ms.sort_by(|a, b| a.total_cmp(b));
        println!("{name}: {:.1} ms median, {:.1} ms max ({runs} runs)", ms[ms.len() / 2], ms[ms.len() - 1]);
    };
    time("one day", Period::day(last), 21);
    time("a month", Period::month_of(last), 5);
    time("365 days", Period { from: last - Days::new(364), to: last }, 3);
    // Over a year the period is read a month at a time (memory does not grow with the range).
    time("five years", Period { from: last - Days::new(5 * 365 - 1), to: last }, 1);
}

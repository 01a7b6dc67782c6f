//! An independent cross-check of `report daily --format json`: on a fresh demo, the real
//! binary's summary for (a) today and (b) the current month — a period still running, so it
//! holds days after today — is compared figure by figure with figures this test works out with
//! its own plain SQL over the raw tables (`report_sql/expect.rs`), from the definitions the
//! report is meant to follow, not through the crate's query layer. (c) Rows falling due after
//! today within the month are then written into the same demo with SQL (`report_sql/extra.rs`)
//! and the month is checked again: a running period is "as of now", so lateness, overdue loans,
//! the return rate, stock alerts and open follow-ups are taken at today, not at the month's
//! last day — and the added rows make sure the two would differ.
//!
//! Every difference is collected and printed (period, figure, expected, got) before the one
//! assertion, so one run shows all of them.

mod common;
mod report_sql {
    pub mod compare;
    pub mod expect;
    pub mod extra;
}

use chrono::{Datelike, Months, NaiveDate, Utc};
use common::{demo_in_tempdir, sup_on};
use frontdesk::config::{Lookup, Settings};
use report_sql::compare::{self, Want};
use report_sql::expect::{self, Src};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::process::Output;

/// The config the binary finds when run as below (`/etc/frontdesk`, else the temp HOME's
/// config folder, else the built-in one), read with the crate's config loader.
fn settings_for(home: &Path) -> Settings {
    let lookup = Lookup {
        explicit: None,
        candidates: vec!["/etc/frontdesk/frontdesk.toml".into(), home.join("cfg/frontdesk/frontdesk.toml")],
    };
    Settings::load(&lookup).expect("the config")
}

fn local_today(settings: &Settings) -> NaiveDate {
    Utc::now().with_timezone(&settings.tz).date_naive()
}

fn month_of(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = d.with_day(1).expect("a first day");
    let last = first.checked_add_months(Months::new(1)).and_then(|n| n.pred_opt()).expect("a last day");
    (first, last)
}

fn ok(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "exit {:?}: {}{text}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[derive(Clone, Copy, PartialEq)]
enum Period {
    Today,
    ThisMonth,
}

/// One report against the figures of the same day. Today is read before and after the run;
/// when the day turned over meanwhile, the whole comparison is made again.
fn check(db: &Path, home: &Path, settings: &Settings, label: &str, period: Period, bad: &mut Vec<String>) {
    for _ in 0..2 {
        let today = local_today(settings);
        let (first, last) = month_of(today);
        let (from, to, args) = match period {
            Period::Today => (today, today, vec!["--date".to_string(), today.to_string()]),
            Period::ThisMonth => (
                first,
                last,
                vec!["--month".to_string(), format!("{:04}-{:02}", today.year(), today.month())],
            ),
        };
        let mut all = vec!["report", "daily", "--format", "json"];
        all.extend(args.iter().map(String::as_str));
        let json: serde_json::Value =
            serde_json::from_str(&ok(&sup_on(db, home, &all))).expect("the report's JSON");
        if local_today(settings) != today {
            continue;
        }
        let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let src = Src { conn: &conn, settings };
        let mut want = expect::figures(&src, from, to, today);
        // A period whose last day is today or later is as of today (date part only).
        want.push(("as_of".into(), Want::DatePart(expect::as_of(to, today).to_string())));
        let label =
            format!("{label} {}", if from == to { from.to_string() } else { format!("{from}..{to}") });
        compare::compare(&label, "", &want, &json, bad);
        if period == Period::ThisMonth {
            let days: Vec<NaiveDate> = from.iter_days().take_while(|d| *d <= to).collect();
            let got = json.get("days").and_then(|d| d.as_array()).map_or(0, Vec::len);
            if got != days.len() {
                bad.push(format!("[{label}] days: expected {} rows, got {got}", days.len()));
            }
            for (i, d) in days.iter().enumerate() {
                let want = expect::figures(&src, *d, *d, today);
                compare::compare(&format!("{label} day {d}"), &format!("days.{i}"), &want, &json, bad);
            }
        }
        return;
    }
    panic!("the day turned over twice during one report");
}

/// Walk-ins brought in by `import walkins` (none in the demo), on the month's first day (today
/// just after midnight when today is the first): they count in totals, matters and states only.
fn import_walkins(db: &Path, home: &Path, today: NaiveDate) {
    let (first, _) = month_of(today);
    let (day, times) = if first < today {
        (first, ["09:05", "09:20", "10:40", "11:00"])
    } else {
        (today, ["00:00", "00:01", "00:01", "00:02"])
    };
    let mut csv = String::from("arrived_at,category,name,id_number,phone,work_unit,note,status\n");
    for (t, (matter, status)) in times.iter().zip([
        ("medical_aid", "done"),
        ("rights", "no_show"),
        ("hardship", "referred"),
        ("other", "waiting"),
    ]) {
        csv.push_str(&format!("{day} {t},{matter},导入{status},,,,,{status}\n"));
    }
    let file = home.join("walkins.csv");
    std::fs::write(&file, csv).unwrap();
    ok(&sup_on(db, home, &["import", "walkins", file.to_str().unwrap()]));
}

#[test]
fn report_json_agrees_with_plain_sql_today_and_this_month() {
    let (dir, db) = demo_in_tempdir();
    let home = dir.path();
    let settings = settings_for(home);
    let mut bad: Vec<String> = vec![];

    // (a) today, (b) the month so far and to come, on the demo as built.
    check(&db, home, &settings, "(a) today", Period::Today, &mut bad);
    check(&db, home, &settings, "(b) month", Period::ThisMonth, &mut bad);

    // (c) rows due after today within the month, then the month again.
    let today = local_today(&settings);
    let (_, last) = month_of(today);
    import_walkins(&db, home, today);
    let written = report_sql::extra::insert(&db, &settings, today, last);
    {
        // The added rows must tell "as of today" from "as of the month's last day".
        let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let src = Src { conn: &conn, settings: &settings };
        let pairs = [
            (
                "station.overdue",
                expect::overdue(&src, today, today).to_string(),
                expect::overdue(&src, last, today).to_string(),
            ),
            (
                "station.return_rate",
                format!("{:?}", expect::return_rate(&src, today, today)),
                format!("{:?}", expect::return_rate(&src, last, today)),
            ),
            (
                "claims.late",
                expect::late(&src, today, expect::fallen(today, today)).to_string(),
                expect::late(&src, last, expect::fallen(last, today)).to_string(),
            ),
        ];
        if today == last {
            eprintln!("today is the month's last day: as of today and as of its end are one day");
        }
        for (figure, t, l) in pairs {
            let can_differ = today < last && (figure != "claims.late" || written.claims_due_ahead > 0);
            if can_differ && t == l {
                bad.push(format!("[(c) setup] {figure}: {t} both as of today and as of {last}"));
            }
            eprintln!("(c) {figure}: as of today {t}, as of {last} {l}");
        }
    }
    check(&db, home, &settings, "(c) month+rows", Period::ThisMonth, &mut bad);

    assert!(
        bad.is_empty(),
        "{} figure(s) of the report differ from the plain-SQL figures:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

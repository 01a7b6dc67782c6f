//! Eight clerks at once on one file, for a bounded time, each a process doing the counter's
//! mix through its own effect path: quick tickets, registrations with an ID, call next, card
//! look-ups, claim intake, letters, plasters handed out. No effect may fail; afterwards every
//! ticket and letter number is unique and gapless, stock never went below zero, and the file
//! passes `frontdesk check`. MIX_SECONDS=N runs longer (the note's figure comes from 10).

mod common;
use common::*;
use frontdesk::app::{Effect, Reply, Who};
use frontdesk::domain::walkin::Channel;
use frontdesk::rooms::claims::{ClaimOp, Intake};
use frontdesk::rooms::station::StationOp;
use frontdesk::rooms::walkins::{Act, Registration, WalkOp};
use std::time::{Duration, Instant};

const CHILDREN: usize = 8;
const IDS: [&str; 2] = ["11010519491231002X", "440524188001010014"];

fn seconds() -> u64 {
    std::env::var("MIX_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3)
}

fn failed(reply: &Option<Reply>) -> Option<String> {
    match reply {
        Some(Reply::Failed(e)) => Some(e.clone()),
        Some(Reply::Walk(w)) => match &**w {
            frontdesk::rooms::walkins::WalkReply::Registered(Err(e)) => Some(format!("{e:?}")),
            _ => None,
        },
        _ => None,
    }
}

fn mix(db_path: &std::path::Path, child: u64) {
    let mut db = frontdesk::db::open(db_path, frontdesk::db::OpenMode::Existing).unwrap();
    let settings = frontdesk::config::Settings::builtin();
    let env = frontdesk::app::Env {
        terminal: format!("child{child}"),
        settings: settings.clone(),
        lang: frontdesk::i18n::Lang::Zh,
        db_path: db_path.to_path_buf(),
    };
    let who = Who {
        clerk_id: 1,
        login: "8001".into(),
        window: format!("w{}", child % 4 + 1),
        role: frontdesk::domain::Role::Supervisor,
    };
    let walk = |op| Effect::Walk { who: who.clone(), op };
    let reg = |id: Option<&str>, name: &str| Registration {
        matter: "medical_aid".into(),
        channel: Channel::WalkIn,
        id_number: id.map(String::from),
        name: name.into(),
        phone: String::new(),
        work_unit: String::new(),
        priority: None,
        note: String::new(),
        correct_record: false,
    };
    let today = frontdesk::domain::dates::local_day(chrono::Utc::now(), settings.tz);
    let end = Instant::now() + Duration::from_secs(seconds());
    let mut done = [0u64; 7];
    let mut i = child;
    while Instant::now() < end {
        i = i.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let pick = (i >> 33) % 100;
        let id = IDS[(i >> 20) as usize % 2];
        let (kind, effect) = match pick {
            0..50 => (0, walk(WalkOp::Register(reg(None, "")))),
            50..65 => (1, walk(WalkOp::Register(reg(Some(id), "王建国")))),
            65..77 => (2, walk(WalkOp::Act(Act::CallNext))),
            77..87 => (3, walk(WalkOp::Card { id_number: id.into(), reason: "本人来访".into() })),
            87..92 => {
                let intake = Intake {
                    id_number: id.into(),
                    name: "王建国".into(),
                    phone: String::new(),
                    work_unit: String::new(),
                    kind: "inpatient".into(),
                    filed_on: today,
                    amount_fen: 123_456,
                    missing: vec![],
                    consent_version: settings.config.consent.version.clone(),
                    note: String::new(),
                    programme: None,
                };
                (4, Effect::Claims { who: who.clone(), op: ClaimOp::Intake(intake) })
            }
            92..95 => (5, letter(&mut db.conn, db_path, id, today)),
            _ => {
                let op = StationOp::Give { item: "plaster".into(), qty: 1, ticket: String::new() };
                (6, Effect::Station { who: who.clone(), op })
            }
        };
        let reply = frontdesk::app::execute(&mut db.conn, &env, effect);
        if let Some(e) = failed(&reply) {
            panic!("child {child}: an effect failed: {e}");
        }
        done[kind] += 1;
    }
    println!("MIX {}", done.map(|n| n.to_string()).join(" "));
}

/// A letter through the library's own issue (F3's form is the app's business); answers a
/// harmless effect so the caller's bookkeeping stays one shape.
fn letter(
    conn: &mut rusqlite::Connection,
    db_path: &std::path::Path,
    id: &str,
    today: chrono::NaiveDate,
) -> Effect {
    issue_letter(conn, db_path, id, today);
    Effect::CheckSchema
}

/// Run by the parent test in its own process.
#[test]
#[ignore]
fn child() {
    if let Some(p) = std::env::var_os("FRONTDESK_TEST_CHILD_DB") {
        let n = std::env::var("FRONTDESK_TEST_CHILD_N").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
        mix(std::path::Path::new(&p), n);
    }
}

#[test]
fn eight_clerks_at_once_lose_nothing_and_number_without_gaps() {
    let env = Env::seeded();
    {
        use frontdesk::db::station_ops::{self, By, StockChange};
        let mut db = frontdesk::db::open(&env.db, frontdesk::db::OpenMode::Existing).unwrap();
        let settings = frontdesk::config::Settings::builtin();
        let item = settings.config.station.items.iter().find(|i| i.code == "plaster").unwrap().clone();
        let today = frontdesk::domain::dates::local_day(chrono::Utc::now(), settings.tz);
        let by = By {
            clerk_id: 1,
            role: frontdesk::domain::Role::Supervisor,
            window: "w4".into(),
            at: chrono::Utc::now(),
            today,
        };
        let change = StockChange::Restock { qty: 50, expires_on: None };
        frontdesk::db::write(&mut db.conn, |tx| {
            station_ops::change_stock(tx, &item, "", &change, "入库", &by)
        })
        .unwrap()
        .unwrap();
        for id in IDS {
            let id = frontdesk::domain::IdNumber::from_stored(id).unwrap();
            let known = frontdesk::db::workers::Known { name: "王建国", ..Default::default() };
            frontdesk::db::workers::upsert(&db.conn, &id, &known, chrono::Utc::now()).unwrap();
        }
    }
    let exe = std::env::current_exe().unwrap();
    let t0 = Instant::now();
    let children: Vec<_> = (0..CHILDREN)
        .map(|n| {
            std::process::Command::new(&exe)
                .args(["--exact", "child", "--ignored", "--test-threads=1", "--nocapture"])
                .env("FRONTDESK_TEST_CHILD_DB", &env.db)
                .env("FRONTDESK_TEST_CHILD_N", n.to_string())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut totals = [0u64; 7];
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "a clerk's process failed");
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text
            .lines()
            .find_map(|l| l.split_once("MIX ").map(|(_, counts)| counts))
            .unwrap_or_else(|| panic!("the child's counts: {text}"));
        for (t, n) in totals.iter_mut().zip(line.split(' ')) {
            *t += n.parse::<u64>().unwrap();
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    let q = |sql: &str| -> i64 {
        rusqlite::Connection::open(&env.db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
    };
    let registrations = totals[0] + totals[1];
    assert_eq!(q("SELECT count(*) FROM visits") as u64, registrations, "every registration kept");
    assert_eq!(q("SELECT count(DISTINCT day || ticket) FROM visits") as u64, registrations, "tickets unique");
    assert_eq!(
        q("SELECT max(CAST(substr(ticket, 2) AS INTEGER)) FROM visits") as u64,
        registrations,
        "no gaps"
    );
    assert_eq!(q("SELECT count(*) FROM claims") as u64, totals[4]);
    assert_eq!(q("SELECT count(*) FROM letters") as u64, totals[5]);
    assert_eq!(q("SELECT max(seq) FROM letters") as u64, totals[5], "letter numbers without gaps");
    let given = q("SELECT count(*) FROM station_moves WHERE kind = 'give'");
    assert_eq!(given as u64, totals[6].min(50), "as many handed out as there were");
    assert!(q("SELECT min(qty) FROM station_stock") >= 0, "stock never below zero");
    let check = env.sup(&["check"]);
    assert_eq!(code(&check), 0, "{}{}", stdout(&check), stderr(&check));
    eprintln!(
        "{CHILDREN} processes, {secs:.1} s: {registrations} registrations ({:.0}/s), {} calls, {} look-ups, \
         {} claims, {} letters, {} give-outs",
        registrations as f64 / secs,
        totals[2],
        totals[3],
        totals[4],
        totals[5],
        totals[6]
    );
}

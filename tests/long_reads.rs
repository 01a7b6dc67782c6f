//! F5's figures run on their own read connection: a counter action is not queued behind a
//! supervisor's long range, and a newer request for figures replaces an older one.

mod common;

use clap::Parser;
use frontdesk::app::{Effect, Event, Job, Reply, Who};
use frontdesk::report::Period;
use frontdesk::rooms::summary::SummaryOp;
use std::time::Duration;

/// The first matter of the built-in config: a quick ticket.
const MATTER: &str = "medical_aid";

fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path(), "demo");
    (dir, db)
}

/// The real worker on `db`, acting as the demo's supervisor at window 1.
fn worker(db: &std::path::Path) -> (frontdesk::kiosk::Worker, std::sync::mpsc::Receiver<Event>, Who) {
    let args = frontdesk::cli::Args::try_parse_from(["frontdesk", "--db", db.to_str().unwrap()]).unwrap();
    let ctx = frontdesk::cli::Ctx::new(&args, false).unwrap();
    let opened = ctx.open(frontdesk::db::OpenMode::Existing).unwrap();
    let clerk = frontdesk::db::clerks::by_login(&opened.conn, "9001").unwrap().unwrap();
    let env = frontdesk::app::Env {
        terminal: "long-reads".into(),
        settings: ctx.settings.clone(),
        lang: ctx.lang,
        db_path: opened.path.clone(),
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let who = Who { clerk_id: clerk.id, login: clerk.login, window: "w1".into(), role: clerk.role };
    (frontdesk::kiosk::Worker::start(opened.conn, env, tx), rx, who)
}

fn years(from: i32, to: i32) -> Period {
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
    Period { from: d(from, 1, 1), to: d(to, 12, 31) }
}

fn summary(who: &Who, period: Period) -> Job {
    Job { effect: Effect::Summary { who: who.clone(), op: SummaryOp { period } }, awaited: false }
}

/// Every reply until `n` have come or a quiet second passes.
fn replies(rx: &std::sync::mpsc::Receiver<Event>, n: usize) -> Vec<Reply> {
    let mut out = vec![];
    while out.len() < n {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Event::Reply(r) | Event::Answer(r)) => out.push(r),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    while let Ok(Event::Reply(r) | Event::Answer(r)) = rx.recv_timeout(Duration::from_secs(1)) {
        out.push(r);
    }
    out
}

#[test]
fn a_quick_ticket_is_not_queued_behind_decades_of_figures() {
    let (_dir, db) = demo();
    let (w, rx, who) = worker(&db);
    w.send(summary(&who, years(1990, 2026)));
    let reg = frontdesk::rooms::walkins::Registration {
        matter: MATTER.into(),
        channel: frontdesk::domain::walkin::Channel::WalkIn,
        id_number: None,
        name: String::new(),
        phone: String::new(),
        work_unit: String::new(),
        priority: None,
        note: String::new(),
        correct_record: false,
    };
    let op = frontdesk::rooms::walkins::WalkOp::Register(reg);
    w.send(Job { effect: Effect::Walk { who: who.clone(), op }, awaited: true });
    let got = replies(&rx, 2);
    let first = got.first().expect("an answer");
    assert!(matches!(first, Reply::Walk(_)), "the ticket came after the figures: {:?}", got.len());
    assert!(got.iter().any(|r| matches!(r, Reply::Summary(_))), "the figures came too");
    w.finish();
}

#[test]
fn a_newer_request_for_figures_replaces_the_older_ones() {
    let (_dir, db) = demo();
    let (w, rx, who) = worker(&db);
    let last = Period::day(chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
    for p in [years(1990, 2026), years(1995, 2026), years(2000, 2026), last] {
        w.send(summary(&who, p));
    }
    let got = replies(&rx, 1);
    let periods: Vec<Period> =
        got.iter().filter_map(|r| if let Reply::Summary(s) = r { Some(s.0) } else { None }).collect();
    assert_eq!(periods, [last], "only what is finally shown is answered");
    w.finish();
}

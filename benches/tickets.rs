//! Ticket throughput: 1, 4 and 8 processes registering walk-ins at once on one database file,
//! through the counter's own effect path (visit, event, counter, audit row per ticket).
//! Run with `cargo bench --bench tickets`; checks afterwards that nothing was lost.

use frontdesk::app::{Effect, Reply, Who};
use frontdesk::config::Settings;
use frontdesk::db::{self, OpenMode, clerks};
use frontdesk::domain::Role;
use frontdesk::domain::walkin::Channel;
use frontdesk::rooms::walkins::WalkReply;
use frontdesk::rooms::walkins::{Registration, WalkOp};
use std::time::Instant;

mod common;

const PER_PROCESS: usize = 400;

fn child(db_path: &str, n: usize) {
    let mut d = db::open(std::path::Path::new(db_path), OpenMode::Existing).unwrap();
    let env = frontdesk::app::Env {
        terminal: "bench".into(),
        settings: Settings::builtin(),
        lang: frontdesk::i18n::Lang::Zh,
        db_path: std::path::PathBuf::from(db_path),
    };
    let who = Who { clerk_id: 1, login: "8001".into(), window: "desk".into(), role: Role::Supervisor };
    for i in 0..n {
        let reg = Registration {
            matter: ["medical_aid", "hardship", "rights"][i % 3].into(),
            channel: Channel::WalkIn,
            id_number: None,
            name: String::new(),
            phone: String::new(),
            work_unit: String::new(),
            priority: None,
            note: String::new(),
            correct_record: false,
        };
        let reply = frontdesk::app::execute(
            &mut d.conn,
            &env,
            Effect::Walk { who: who.clone(), op: WalkOp::Register(reg) },
        );
        match reply {
            Some(Reply::Walk(w)) if matches!(*w, WalkReply::Registered(Ok(_))) => {}
            other => panic!("registration failed: {other:?}"),
        }
    }
}

/// `procs` processes registering at once on `path`: how long they took and how many visits
/// came (checked: none lost, no ticket twice on a day).
fn race(exe: &std::path::Path, path: &std::path::Path, procs: usize) -> (f64, i64) {
    let count = |sql: &str| -> i64 {
        let d = db::open(path, OpenMode::Existing).unwrap();
        d.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    let before = count("SELECT count(*) FROM visits");
    let t0 = Instant::now();
    let children: Vec<_> = (0..procs)
        .map(|_| {
            std::process::Command::new(exe)
                .args(["--child", path.to_str().unwrap(), &PER_PROCESS.to_string()])
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let secs = t0.elapsed().as_secs_f64();
    let added = count("SELECT count(*) FROM visits") - before;
    let doubled = count(
        "SELECT count(*) FROM (SELECT 1 FROM visits WHERE ticket IS NOT NULL GROUP BY day, ticket HAVING count(*) > 1)",
    );
    assert_eq!((added, doubled), ((procs * PER_PROCESS) as i64, 0), "lost or duplicated tickets");
    (secs, added)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(&args[i + 1], args[i + 2].parse().unwrap());
        return;
    }
    let exe = std::env::current_exe().unwrap();
    for procs in [1usize, 4, 8] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bench.db");
        {
            let d = db::open(&path, OpenMode::Create).unwrap();
            let hash = frontdesk::domain::pin::hash_pin("602814", &[1; 16]).unwrap();
            clerks::insert(&d.conn, "8001", "周主任", Role::Supervisor, &hash, chrono::Utc::now()).unwrap();
        }
        let (secs, n) = race(&exe, &path, procs);
        println!(
            "{procs} process(es) x {PER_PROCESS} registrations: {n} in {secs:.2} s = {:.0} registrations/s",
            n as f64 / secs
        );
    }
    // DESIGN's target is on the large demo: 8 processes on a copy of it (TICKETS_LARGE=0 skips).
    if std::env::var("TICKETS_LARGE").as_deref() != Ok("0") {
        let large = common::demo_db("large");
        // Brought up to the current schema first, so no child's timing includes a migration.
        drop(db::open(&large, OpenMode::Existing).unwrap());
        let dir = tempfile::tempdir_in(large.parent().unwrap()).unwrap();
        let path = dir.path().join("large-copy.db");
        std::fs::copy(&large, &path).unwrap();
        std::fs::copy(large.with_extension("db.key"), path.with_extension("db.key")).unwrap();
        let (secs, n) = race(&exe, &path, 8);
        println!(
            "8 processes x {PER_PROCESS} on a copy of the large demo: {n} in {secs:.2} s = {:.0} registrations/s",
            n as f64 / secs
        );
    }
}

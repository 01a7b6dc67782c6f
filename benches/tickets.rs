//! Ticket throughput: 1, 4 and 8 processes registering walk-ins at once on one database file,
//! through the counter's own effect path (visit, event, counter, audit row per ticket).
//! Run with `cargo bench --bench tickets`; checks afterwards that nothing was lost.

use frontdesk::app::walkins::{Registration, WalkOp};
use frontdesk::app::{Effect, Reply, WalkReply, Who};
use frontdesk::config::Settings;
use frontdesk::db::{self, OpenMode, clerks};
use frontdesk::domain::Role;
use frontdesk::domain::walkin::Channel;
use std::time::Instant;

const PER_PROCESS: usize = 400;

fn child(db_path: &str, n: usize) {
    let mut d = db::open(std::path::Path::new(db_path), OpenMode::Existing).unwrap();
    let env = frontdesk::kiosk::Env {
        terminal: "bench".into(),
        settings: Settings::builtin(),
        lang: frontdesk::i18n::Lang::Zh,
        db_path: std::path::PathBuf::from(db_path),
    };
    let who = Who { clerk_id: 1, login: "8001".into(), window: "desk".into() };
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
        };
        let reply = frontdesk::kiosk::execute(
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
        let t0 = Instant::now();
        let children: Vec<_> = (0..procs)
            .map(|_| {
                std::process::Command::new(&exe)
                    .args(["--child", path.to_str().unwrap(), &PER_PROCESS.to_string()])
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut c in children {
            assert!(c.wait().unwrap().success());
        }
        let secs = t0.elapsed().as_secs_f64();
        let d = db::open(&path, OpenMode::Existing).unwrap();
        let total: i64 = d.conn.query_row("SELECT count(*) FROM visits", [], |r| r.get(0)).unwrap();
        let distinct: i64 =
            d.conn.query_row("SELECT count(DISTINCT day || ticket) FROM visits", [], |r| r.get(0)).unwrap();
        let want = (procs * PER_PROCESS) as i64;
        assert_eq!((total, distinct), (want, want), "lost or duplicated tickets");
        println!(
            "{procs} process(es) x {PER_PROCESS} registrations: {total} in {secs:.2} s = {:.0} registrations/s",
            total as f64 / secs
        );
    }
}

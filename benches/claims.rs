//! Claims at scale: the F2 look-up on a database of 1,000,000 claims (2,000,000 events), and
//! `frontdesk import claims` of a 1,000,000-row file beside sqlite3's own `.import` of it.
//! Run with `cargo bench --bench claims` (about two minutes; needs sqlite3 for the comparison).

use frontdesk::app::{Effect, Reply, Who};
use frontdesk::config::Settings;
use frontdesk::db::{self, OpenMode, clerks};
use frontdesk::domain::{IdNumber, Role};
use frontdesk::rooms::claims::ClaimOp;
use std::io::Write;
use std::time::Instant;

const CLAIMS: usize = 1_000_000;
const PIN: &str = "602814";

fn id(i: usize) -> IdNumber {
    let birth = chrono::NaiveDate::from_ymd_opt(1960, 1, 1).unwrap() + chrono::Days::new((i / 1000) as u64);
    IdNumber::synthesize("330281", birth, (i % 1000) as u16).unwrap()
}

fn stats(mut t: Vec<f64>) -> (f64, f64) {
    t.sort_by(f64::total_cmp);
    (t[t.len() / 2], t[t.len() * 99 / 100])
}

fn with_supervisor(path: &std::path::Path) -> db::Db {
    let d = db::open(path, OpenMode::Create).unwrap();
    let hash = frontdesk::domain::pin::hash_pin(PIN, &[7; 16]).unwrap();
    clerks::insert(&d.conn, "8001", "周主任", Role::Supervisor, &hash, chrono::Utc::now()).unwrap();
    d
}

fn lookups(dir: &std::path::Path) {
    let mut d = with_supervisor(&dir.join("big.db"));
    let started = Instant::now();
    let workers = CLAIMS / 2;
    let tx = d.conn.transaction().unwrap();
    {
        let mut w = tx.prepare("INSERT INTO workers (id, id_number, name, created_at, updated_at) VALUES (?1, ?2, '王建国', 'x', 'x')").unwrap();
        for i in 0..workers {
            w.execute(rusqlite::params![i as i64 + 1, id(i).as_str()]).unwrap();
        }
        let mut c = tx
            .prepare(
                "INSERT INTO claims (id, claim_no, worker_id, kind, filed_on, amount_claimed_fen, status,
                                     papers_complete_on, created_at) VALUES (?1, ?2, ?3, 'inpatient', '2026-10-08', 123450, 'under_review', '2026-10-08', 'x')",
            )
            .unwrap();
        let mut e = tx
            .prepare(
                "INSERT INTO claim_events (claim_id, at, clerk_id, from_state, to_state, source)
                 VALUES (?1, '2026-10-08T01:00:00.000Z', 1, ?2, ?3, 'counter')",
            )
            .unwrap();
        for i in 0..CLAIMS {
            let cid = i as i64 + 1;
            c.execute(rusqlite::params![cid, format!("HZ{:09}", i), (i % workers) as i64 + 1]).unwrap();
            e.execute(rusqlite::params![cid, None::<String>, "submitted"]).unwrap();
            e.execute(rusqlite::params![cid, Some("submitted"), "under_review"]).unwrap();
        }
    }
    tx.commit().unwrap();
    println!(
        "built {workers} workers, {CLAIMS} claims, {} events in {:.1} s",
        CLAIMS * 2,
        started.elapsed().as_secs_f64()
    );
    let mut read = vec![];
    // The look-up reads every configured programme's remaining budget too (the intake's pick).
    let fund = Settings::builtin().config.fund;
    for k in 0..2000usize {
        let i = (k * 7919) % workers;
        let t = Instant::now();
        let p = frontdesk::rooms::claims::service::picture(&d.conn, &fund, &id(i)).unwrap().unwrap();
        read.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!((p.claims.len(), p.events.len()), (2, 4));
    }
    let (m, p99) = stats(read);
    println!("look-up read (worker + claims + events), 2000 IDs: median {m:.3} ms, p99 {p99:.3} ms");
    let env = frontdesk::app::Env {
        terminal: "bench".into(),
        settings: Settings::builtin(),
        lang: frontdesk::i18n::Lang::Zh,
        db_path: dir.join("big.db"),
    };
    let who = Who { clerk_id: 1, login: "8001".into(), window: "w1".into(), role: Role::Supervisor };
    let mut full = vec![];
    for k in 0..300usize {
        let i = (k * 104_729) % workers;
        let op = ClaimOp::Lookup { id_number: id(i).as_str().to_string(), reason: "本人来访".into() };
        let t = Instant::now();
        let reply = frontdesk::app::execute(&mut d.conn, &env, Effect::Claims { who: who.clone(), op });
        full.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(matches!(reply, Some(Reply::Claims(_))));
    }
    let (m, p99) = stats(full);
    println!(
        "look-up as the counter does it (read + audit row, its own FULL-sync commit), 300 IDs: median {m:.3} ms, p99 {p99:.3} ms"
    );
}

fn import(dir: &std::path::Path) {
    let csv = dir.join("claims.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&csv).unwrap());
        writeln!(f, "claim_no,id_number,name,kind,filed_on,amount_claimed,amount_approved,status,note")
            .unwrap();
        for i in 0..CLAIMS {
            let status = ["submitted", "under_review", "approved", "paid"][i % 4];
            let approved = if i % 4 >= 2 { "800.00" } else { "" };
            writeln!(
                f,
                "HZ{i:09},{},王建国,inpatient,2026-10-08,1234.50,{approved},{status},",
                id(i / 2).as_str()
            )
            .unwrap();
        }
    }
    let path = dir.join("import.db");
    drop(with_supervisor(&path));
    let run = |extra: &[&str]| {
        let mut args = vec!["--db", path.to_str().unwrap(), "import", "claims", csv.to_str().unwrap()];
        args.extend_from_slice(extra);
        let t = Instant::now();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
            .args(&args)
            .env("FRONTDESK_LOGIN", "8001")
            .env("FRONTDESK_PIN", PIN)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        t.elapsed().as_secs_f64()
    };
    println!(
        "frontdesk import claims --dry-run (the checking pass alone), {CLAIMS} rows: {:.1} s",
        run(&["--dry-run"])
    );
    let t = Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["--db", path.to_str().unwrap(), "import", "claims", csv.to_str().unwrap()])
        .env("FRONTDESK_LOGIN", "8001")
        .env("FRONTDESK_PIN", PIN)
        .output()
        .unwrap();
    let ours = t.elapsed().as_secs_f64();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    println!("frontdesk import claims, {CLAIMS} rows: {ours:.1} s");
    let sql = dir.join("plain.db");
    let script = format!(
        "CREATE TABLE claims (claim_no TEXT NOT NULL UNIQUE, id_number TEXT, name TEXT, kind TEXT, filed_on TEXT, \
         amount_claimed TEXT, amount_approved TEXT, status TEXT, note TEXT);\n.import --csv --skip 1 {} claims\n",
        csv.display()
    );
    let t = Instant::now();
    let status =
        std::process::Command::new("sqlite3").arg(&sql).stdin(std::process::Stdio::piped()).spawn().and_then(
            |mut c| {
                c.stdin.take().unwrap().write_all(script.as_bytes())?;
                c.wait()
            },
        );
    match status {
        Ok(s) if s.success() => {
            let theirs = t.elapsed().as_secs_f64();
            println!("sqlite3 .import of the same file: {theirs:.1} s; ratio {:.2}×", ours / theirs);
        }
        _ => println!("sqlite3 not found: no comparison"),
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    // CLAIMS_BENCH=import measures only the import.
    if std::env::var("CLAIMS_BENCH").as_deref() != Ok("import") {
        lookups(dir.path());
    }
    import(dir.path());
    // CLAIMS_KEEP=1 leaves the files for a profiler.
    if std::env::var_os("CLAIMS_KEEP").is_some() {
        println!("kept {}", dir.keep().display());
    }
}

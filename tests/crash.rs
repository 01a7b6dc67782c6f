//! SIGKILL at random moments: the real binary killed mid-import and mid-save at the counter,
//! then the file checked: integrity, foreign keys, `frontdesk check` (the audit chain and the
//! outbox), every save acknowledged before the kill present, no half-import visible.
//! CRASH_ITERATIONS=N runs more rounds (the closing note's figures come from 100).

mod common;
use common::tmux::{Tmux, pid_of, script};
use common::*;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn rounds(default: u64) -> u64 {
    std::env::var("CRASH_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// splitmix64: the kill moments, the same on every run.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn count(db: &std::path::Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Everything a killed process may have left: the file sound, keys kept, `check` clean.
fn sound(env: &Env) {
    let c = rusqlite::Connection::open(&env.db).unwrap();
    let integrity: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    let broken: i64 = c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(broken, 0, "foreign keys");
    drop(c);
    let out = env.sup(&["check"]);
    assert_eq!(code(&out), 0, "check after a kill: {}{}", stdout(&out), stderr(&out));
}

#[test]
fn killed_mid_import_leaves_all_of_a_file_or_none() {
    let env = Env::seeded();
    let mut rng = 0x5EED_u64;
    // What the imports said they did, plus any killed between commit and saying so.
    let mut acknowledged = 0;
    let (mut killed, mut finished) = (0, 0);
    for round in 0..rounds(10) {
        let f = env.path(&format!("c{round}.csv"));
        let mut text =
            "claim_no,id_number,name,kind,filed_on,amount_claimed,amount_approved,status,note\n".to_string();
        for i in 0..20_000 {
            let id = if i % 2 == 0 { "11010519491231002X" } else { "440524188001010014" };
            text.push_str(&format!("K{round:03}-{i:05},{id},王一,inpatient,2026-10-08,100,,submitted,\n"));
        }
        std::fs::write(&f, text).unwrap();
        let mut child = env
            .cmd(&["import", "claims", f.to_str().unwrap()])
            .env("FRONTDESK_LOGIN", "8001")
            .env("FRONTDESK_PIN", SUP_PIN)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(next(&mut rng) % 700));
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        if stdout(&out).contains("已导入 20000 条") {
            acknowledged += 20_000;
            finished += 1;
        } else {
            killed += 1;
        }
        // Killed after its commit but before it said so, a file is in whole: never in part.
        let held = count(&env.db, "SELECT count(*) FROM claims");
        assert!(held == acknowledged || held == acknowledged + 20_000, "round {round}: {held} rows");
        acknowledged = held;
        assert_eq!(count(&env.db, "SELECT count(*) FROM claim_events"), held);
    }
    eprintln!("imports killed {killed}, finished before the kill {finished}");
    sound(&env);
}

#[test]
fn killed_at_the_counter_keeps_every_ticket_it_showed() {
    let env = Env::seeded();
    let mut rng = 0xC0FFEE_u64;
    for round in 0..rounds(5) {
        let t = Tmux::start(&format!("crash{round}"), &script(&env.db, env.dir.path(), "--window w1"));
        t.log_in("8002", CLERK_PIN);
        // Quick tickets as fast as the keys come, then a kill at a random moment among them.
        let mut keys = vec![];
        for _ in 0..60 {
            keys.extend(["1", "Enter"]);
        }
        t.keys(&keys);
        std::thread::sleep(Duration::from_millis(next(&mut rng) % 60));
        let shown = t.screen();
        let pid = pid_of(&env.db).expect("running");
        // SAFETY: a plain kill(2) of the process we started.
        unsafe { libc::kill(pid, libc::SIGKILL) };
        t.wait_for("EXIT=137");
        // The last ticket on screen was acknowledged: it and every one before it are stored.
        if let Some(at) = shown.find("刚取号 A") {
            let n: i64 = shown[at + "刚取号 A".len()..].chars().take(3).collect::<String>().parse().unwrap();
            let last = format!("A{n:03}");
            let sql = format!("SELECT count(*) FROM visits WHERE ticket = '{last}'");
            assert_eq!(count(&env.db, &sql), 1, "round {round}: {last} was shown, so it is kept");
        }
        let tickets = count(&env.db, "SELECT count(*) FROM visits WHERE ticket IS NOT NULL");
        let distinct = count(&env.db, "SELECT count(DISTINCT ticket) FROM visits WHERE ticket IS NOT NULL");
        assert_eq!(tickets, distinct, "no ticket given twice");
        let top = count(&env.db, "SELECT coalesce(max(CAST(substr(ticket, 2) AS INTEGER)), 0) FROM visits");
        assert_eq!(top, tickets, "numbers without gaps: the kill took no number with it");
        drop(t);
    }
    let kept = count(&env.db, "SELECT count(*) FROM visits");
    eprintln!(
        "{} rounds: {kept} of {} quick tickets keyed were saved before the kills",
        rounds(5),
        rounds(5) * 60
    );
    sound(&env);
    // And the counter opens again on the same file, numbering on.
    let t = Tmux::start("crash-after", &script(&env.db, env.dir.path(), "--window w1"));
    t.log_in("8002", CLERK_PIN);
    let before = count(&env.db, "SELECT count(*) FROM visits");
    t.keys(&["1", "Enter"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while count(&env.db, "SELECT count(*) FROM visits") == before {
        assert!(Instant::now() < deadline, "no ticket after the kills");
        std::thread::sleep(Duration::from_millis(50));
    }
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
}

#[test]
fn killed_while_issuing_letters_keeps_every_letter_shown_and_check_finishes_the_files() {
    let env = Env::seeded();
    let mut rng = 0x1E77E5_u64;
    for round in 0..rounds(4) {
        let t = Tmux::start(&format!("letter{round}"), &script(&env.db, env.dir.path(), "--window w1"));
        t.log_in("8002", CLERK_PIN);
        t.compose_letter(&["11010519491231002X", "王建国", "", "3", "2026-12-01", "2026-12-03"]);
        t.wait_for("共3天");
        t.keys(&["M-s"]);
        let pid = pid_of(&env.db).expect("running");
        std::thread::sleep(Duration::from_micros(next(&mut rng) % 6_000));
        // SAFETY: a plain kill(2) of the process we started.
        unsafe { libc::kill(pid, libc::SIGKILL) };
        // The last frame it drew stays on the pane: what it showed before it died.
        let shown = t.wait_for("EXIT=137");
        if let Some(at) = shown.find("已签发 ") {
            let number: String = shown[at + "已签发 ".len()..].chars().take_while(|c| *c != ' ').collect();
            let sql = format!("SELECT count(*) FROM letters WHERE number = '{number}'");
            assert_eq!(count(&env.db, &sql), 1, "round {round}: {number} was shown, so it is kept");
        }
        drop(t);
    }
    let pending = count(&env.db, "SELECT count(*) FROM letters WHERE files = 'pending'");
    // `check` writes the files of letters committed before a kill, from their stored text.
    sound(&env);
    let letters = count(&env.db, "SELECT count(*) FROM letters");
    assert_eq!(count(&env.db, "SELECT count(*) FROM letters WHERE files = 'written'"), letters);
    assert_eq!(count(&env.db, "SELECT coalesce(max(seq), 0) FROM letters"), letters, "numbers without gaps");
    let outbox = env.path("outbox");
    let year = count(&env.db, "SELECT coalesce(max(year), 0) FROM letters");
    for seq in 1..=letters {
        let text = outbox.join(format!("recuperation-{year}-{seq:04}.txt"));
        assert!(text.exists(), "{} is missing", text.display());
    }
    eprintln!(
        "{} rounds: {letters} letters committed before the kills ({pending} killed before their files), \
         all with their files after check",
        rounds(4)
    );
}

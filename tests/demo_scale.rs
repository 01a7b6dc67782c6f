//! The large demo's generator, in miniature (the same code as `demo --scale large`, fewer
//! rows): what it builds passes `check` (integrity, the audit chain, stock against its log, no
//! letter files owed), its letters verify, its figures hold together, the counter's number
//! series resume after it, and `demo` refuses to open a demo of the other scale.

mod common;

use common::Env;
use frontdesk::config::Settings;

#[test]
fn the_generator_builds_a_consistent_centre() {
    let env = Env::new();
    let settings = Settings::builtin();
    let db = frontdesk::cli::build_tiny_demo(&env.db, &settings, chrono::Utc::now()).unwrap();
    let count = |sql: &str| -> i64 { db.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM workers"), 3_000);
    assert_eq!(count("SELECT count(*) FROM claims WHERE programme IS NULL"), 6_000);
    // The aid fund's claims besides, each through the intake and the approval's checks.
    assert!(count("SELECT count(*) FROM claims WHERE programme IS NOT NULL AND status = 'paid'") > 10);
    // Hardship files instead of loose levels: households of 2 to 5 in force, figures from them,
    // the workers' columns as the filed files say, one open file a worker.
    assert_eq!(count("SELECT count(*) FROM hardship_files"), 120);
    assert_eq!(
        count(
            "SELECT count(*) FROM hardship_files f WHERE (SELECT count(*) FROM hardship_members m WHERE m.file_id = f.id
               AND m.review_id IS f.current_review) NOT BETWEEN 2 AND 5
             OR f.per_head_fen <> f.income_fen / f.members
             OR f.income_fen <> (SELECT sum(income_fen) FROM hardship_members m WHERE m.file_id = f.id
                                 AND m.review_id IS f.current_review)"
        ),
        0
    );
    assert!(count("SELECT count(*) FROM hardship_files WHERE state = 'filed'") > 0);
    assert!(count("SELECT count(*) FROM hardship_visits") > 0);
    assert_eq!(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
    // Every claim state, each claim with its history from `submitted` on.
    assert_eq!(count("SELECT count(DISTINCT status) FROM claims"), 6);
    assert_eq!(
        count(
            "SELECT count(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM claim_events e WHERE e.claim_id = c.id AND e.from_state IS NULL)"
        ),
        0
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM claims c WHERE c.status <> (SELECT e.to_state FROM claim_events e WHERE e.claim_id = c.id ORDER BY e.id DESC LIMIT 1)"
        ),
        0
    );
    // Walk-ins over the working days, tickets unique per day, no-shows and priority present.
    let visits = count("SELECT count(*) FROM visits");
    assert!((3_500..=4_600).contains(&visits), "{visits} visits");
    assert_eq!(
        count(
            "SELECT count(*) FROM (SELECT day, ticket FROM visits WHERE ticket IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1)"
        ),
        0
    );
    assert!(count("SELECT count(*) FROM visits WHERE state = 'no_show'") > 0);
    assert!(count("SELECT count(*) FROM visits WHERE priority IS NOT NULL") > 0);
    assert_eq!(
        count(
            "SELECT count(*) FROM visits v WHERE v.state <> (SELECT e.to_state FROM visit_events e WHERE e.visit_id = v.id ORDER BY e.id DESC LIMIT 1)"
        ),
        0
    );
    // Letters stored without files; the station's stock is its log.
    assert!(count("SELECT count(*) FROM letters") >= 100);
    assert_eq!(count("SELECT count(*) FROM letters WHERE files <> 'none'"), 0);
    assert!(count("SELECT count(*) FROM station_loans") > 0);
    // A new claim at the counter numbers after the last one of the year.
    let year = chrono::Datelike::year(&chrono::Utc::now());
    let last: i64 = db
        .conn
        .query_row("SELECT last FROM number_counters WHERE series = 'claim' AND year = ?1", [year], |r| {
            r.get(0)
        })
        .unwrap();
    let taken = count(&format!("SELECT count(*) FROM claims WHERE claim_no LIKE 'HZ{year}%'"));
    assert_eq!(last, taken);
    let (number, code): (String, String) = db
        .conn
        .query_row(
            "SELECT number, code FROM letters WHERE state = 'issued' ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(db);

    let check = env.cmd(&["check"]).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let mut fund = env.cmd(&["report", "fund", "--format", "json"]);
    let fund =
        fund.env("FRONTDESK_LOGIN", "9001").env("FRONTDESK_PIN", frontdesk::cli::DEMO_PIN).output().unwrap();
    assert!(fund.status.success(), "{}", String::from_utf8_lossy(&fund.stderr));
    let fund: serde_json::Value = serde_json::from_slice(&fund.stdout).unwrap();
    assert_eq!(fund["exceptions"].as_array().map(Vec::len), Some(0), "{}", fund["exceptions"]);
    let outbox = env.dir.path().join("outbox");
    assert!(
        !outbox.exists() || std::fs::read_dir(&outbox).unwrap().next().is_none(),
        "check wrote letter files"
    );
    let verify = env.cmd(&["letter", "verify", &number, &code]).output().unwrap();
    assert_eq!(verify.status.code(), Some(0), "{}", String::from_utf8_lossy(&verify.stdout));

    // The tiny centre is not a `large` one: `demo --scale small` refuses it, naming both.
    let small = env.cmd(&["demo", "--no-tui"]).output().unwrap();
    assert_eq!(small.status.code(), Some(1));
    let err = String::from_utf8_lossy(&small.stderr);
    assert!(err.contains("small") || err.contains("小"), "{err}");
}

#[test]
fn each_window_has_at_most_one_person_at_it_while_a_queue_waits() {
    let settings = Settings::builtin();
    let mut served = 0;
    // A Friday at 09:40, 11:40 and 13:40 in Asia/Shanghai.
    for hour in [1, 3, 5] {
        let env = Env::new();
        let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 27, hour, 40, 0).unwrap();
        let db = frontdesk::cli::build_tiny_demo(&env.db, &settings, now).unwrap();
        let count = |sql: &str| -> i64 { db.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        let today = "day = '2026-11-27'";
        let at_windows =
            count(&format!("SELECT count(*) FROM visits WHERE {today} AND state IN ('called', 'serving')"));
        let windows = count(&format!(
            "SELECT count(DISTINCT window) FROM visits WHERE {today} AND state IN ('called', 'serving')"
        ));
        assert_eq!(at_windows, windows, "one person per window at {hour}:40 UTC");
        assert!(count(&format!("SELECT count(*) FROM visits WHERE {today} AND state = 'waiting'")) > 0);
        served += at_windows;
    }
    assert!(served >= 3, "people are being served through the day");
}

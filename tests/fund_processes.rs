//! Supervisors at several terminals approving the last of a programme's budget at once: each a
//! process of its own approving a different waiting claim through `claim_ops::apply` (the real
//! approval path with the fund's checks). Exactly one gets it; the others are refused by the
//! budget rule naming the remaining left after the winner. The test binary starts copies of
//! itself running the ignored `child` test.

mod common;
use common::*;
use frontdesk::config::{Settings, Standard};
use frontdesk::db::claim_ops::{self, By, NewClaim, StepInput, StepRefused};
use frontdesk::db::{OpenMode, audit, fund, hardship, hardship_ops, open, write};
use frontdesk::domain::claim::{Actor, ClaimStep};
use frontdesk::domain::fund::Refusal;
use frontdesk::domain::money::Fen;
use frontdesk::domain::{Role, dates};
use rusqlite::Connection;
use std::process::{Command, Stdio};

const CHILDREN: usize = 4;

fn clerk_id(c: &Connection, login: &str) -> i64 {
    c.query_row("SELECT id FROM clerks WHERE login = ?1", [login], |r| r.get(0)).unwrap()
}

fn by(c: &Connection, login: &str, role: Role) -> By {
    let at = chrono::Utc::now();
    let today = dates::local_day(at, Settings::builtin().tz);
    By { actor: Actor { clerk_id: clerk_id(c, login), role }, at, today }
}

/// One approval of the claim in FRONTDESK_TEST_CHILD_CLAIM for FRONTDESK_TEST_CHILD_FEN, once
/// the go file exists; prints what happened on a RESULT line.
#[test]
#[ignore]
fn child() {
    let (Some(db), Some(claim), Some(fen), Some(go)) = (
        std::env::var_os("FRONTDESK_TEST_CHILD_DB"),
        std::env::var("FRONTDESK_TEST_CHILD_CLAIM").ok(),
        std::env::var("FRONTDESK_TEST_CHILD_FEN").ok(),
        std::env::var_os("FRONTDESK_TEST_CHILD_GO"),
    ) else {
        return;
    };
    let (claim_id, amount): (i64, i64) = (claim.parse().unwrap(), fen.parse().unwrap());
    let settings = Settings::builtin();
    let mut db = open(std::path::Path::new(&db), OpenMode::Existing).unwrap();
    let version = claim_ops::by_id(&db.conn, claim_id).unwrap().unwrap().version;
    let by = by(&db.conn, "9001", Role::Supervisor);
    let step = ClaimStep::Approve { amount: Fen(amount), over: None };
    let input = StepInput { claim_id, version, step, missing: vec![], note: String::new() };
    while !std::path::Path::new(&go).exists() {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    match write(&mut db.conn, |tx| claim_ops::apply(tx, &input, &settings.config, &by)) {
        Ok(_) => println!("RESULT ok"),
        Err(StepRefused::Fund(Refusal::Budget { remaining, amount, .. })) => {
            println!("RESULT budget {} {}", remaining.0, amount.0)
        }
        Err(other) => println!("RESULT other {other:?}"),
    }
}

#[test]
fn processes_approving_the_last_of_a_budget_at_once_give_it_to_exactly_one() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = fresh_demo(dir.path());
    let settings = Settings::builtin();
    let mut db = open(&db_path, OpenMode::Existing).unwrap();
    let clerk = by(&db.conn, "9002", Role::Clerk);
    let year = chrono::Datelike::year(&clerk.today);
    // A programme of the year with at least two households still entitled to it.
    let filed: Vec<i64> = {
        let mut st =
            db.conn.prepare("SELECT DISTINCT worker_id FROM hardship_files WHERE state = 'filed'").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let (p, workers) = settings
        .config
        .fund
        .of_year(year)
        .map(|p| {
            let ok: Vec<i64> = filed
                .iter()
                .copied()
                .filter(|&w| {
                    let file = hardship::current_for_worker(&db.conn, w, clerk.today).unwrap();
                    let fits = file
                        .and_then(|f| f.category)
                        .is_some_and(|c| p.categories.iter().any(|x| x == c.code()));
                    let times: i64 = db
                        .conn
                        .query_row(
                            "SELECT count(*) FROM claims WHERE worker_id = ?1 AND programme = ?2
                             AND programme_year = ?3 AND status IN ('approved', 'paid')",
                            rusqlite::params![w, p.code, year],
                            |r| r.get(0),
                        )
                        .unwrap();
                    fits && times < i64::from(p.times_per_year)
                })
                .take(CHILDREN)
                .collect();
            (p, ok)
        })
        .max_by_key(|(_, ok)| ok.len())
        .expect("the config has programmes for this year");
    assert!(workers.len() >= 2, "{}: {workers:?}", p.code);
    let amount = match p.standard {
        Standard::Fixed => p.standard_fen,
        Standard::Max => p.standard_fen.min(100_000),
    };
    let c = &settings.config.claims;
    // Each household's claim entered and reviewed; the budget then set so one more fits.
    let claims: Vec<i64> = write(&mut db.conn, |tx| {
        let mut ids = vec![];
        for &worker_id in &workers {
            let new = NewClaim {
                worker_id,
                kind: p.claim_kind.clone(),
                filed_on: clerk.today,
                amount_claimed_fen: amount,
                missing: vec![],
                consent_version: settings.config.consent.version.clone(),
                note: String::new(),
                event_note: String::new(),
                programme: Some(p.code.clone()),
            };
            let no = claim_ops::next_number(tx, &c.number_format, c.seq_width, year).unwrap();
            let id = claim_ops::register_checked(tx, &new, &no, &clerk, &settings.config).unwrap().unwrap();
            let input = StepInput {
                claim_id: id,
                version: 1,
                step: ClaimStep::Review,
                missing: vec![],
                note: String::new(),
            };
            claim_ops::apply(tx, &input, &settings.config, &clerk).unwrap();
            ids.push(id);
        }
        let f = fund::figures(tx, year, &p.code, p.budget_fen)?;
        let sup = clerk_id(tx, "9001");
        let actor = audit::Actor { clerk_id: Some(sup), login: Some("9001".into()), terminal: "test".into() };
        let hb = hardship_ops::By {
            clerk_id: sup,
            role: Role::Supervisor,
            actor,
            at: clerk.at,
            today: clerk.today,
        };
        let new_budget = f.committed + f.paid + amount + amount / 2;
        fund::change_budget(tx, &hb, &settings.config.fund, year, &p.code, new_budget, "只够再批一笔")
            .unwrap()
            .unwrap();
        Ok::<_, frontdesk::db::DbError>(ids)
    })
    .unwrap();
    drop(db);

    let go = dir.path().join("go");
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = claims
        .iter()
        .map(|id| {
            Command::new(&exe)
                .args(["--exact", "child", "--ignored", "--test-threads=1", "--nocapture"])
                .env("FRONTDESK_TEST_CHILD_DB", &db_path)
                .env("FRONTDESK_TEST_CHILD_CLAIM", id.to_string())
                .env("FRONTDESK_TEST_CHILD_FEN", amount.to_string())
                .env("FRONTDESK_TEST_CHILD_GO", &go)
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::fs::write(&go, "").unwrap();
    let mut results = vec![];
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let line = text.lines().find_map(|l| l.find("RESULT ").map(|i| l[i..].trim().to_string()));
        results.push(line.unwrap_or_else(|| panic!("no result: {text}")));
    }
    let won = results.iter().filter(|r| *r == "RESULT ok").count();
    assert_eq!(won, 1, "{results:?}");
    let refused = format!("RESULT budget {} {amount}", amount / 2);
    assert!(results.iter().filter(|r| *r != "RESULT ok").all(|r| *r == refused), "{results:?}");

    let conn = Connection::open(&db_path).unwrap();
    let approved: i64 = conn
        .query_row(
            &format!(
                "SELECT count(*) FROM claims WHERE status = 'approved' AND id IN ({})",
                claims.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
            ),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(approved, 1);
    let line = fund::ledger(&conn, &settings.config.fund, year)
        .unwrap()
        .into_iter()
        .find(|l| l.code == p.code)
        .unwrap();
    let (committed, paid): (i64, i64) = conn
        .query_row(
            "SELECT coalesce(sum(CASE WHEN status = 'approved' THEN amount_approved_fen END), 0),
                    coalesce(sum(CASE WHEN status = 'paid' THEN amount_paid_fen END), 0)
             FROM claims WHERE programme_year = ?1 AND programme = ?2",
            rusqlite::params![year, p.code],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let budget: i64 = conn
        .query_row(
            "SELECT budget_fen FROM fund_budgets WHERE year = ?1 AND programme = ?2 ORDER BY id DESC LIMIT 1",
            rusqlite::params![year, p.code],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(line.remaining(), budget - committed - paid);
    assert_eq!(line.remaining(), amount / 2);
    assert!(line.remaining() >= 0);
    assert_ok(&run_on(&db_path, dir.path(), &["check"]));
}

//! Several processes issuing letters on one database at once get unique, gapless numbers per
//! type and year. The test binary starts copies of itself running the ignored `child` test.

mod common;
use common::*;

const PER_CHILD: usize = 10;
const CHILDREN: usize = 4;

fn issue_many(db_path: &std::path::Path) {
    let mut db = frontdesk::db::open(db_path, frontdesk::db::OpenMode::Existing).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    for _ in 0..PER_CHILD {
        issue_letter(&mut db.conn, db_path, "11010519491231002X", today);
    }
}

/// Run by the parent test in its own process.
#[test]
#[ignore]
fn child() {
    if let Some(p) = std::env::var_os("FRONTDESK_TEST_CHILD_DB") {
        issue_many(std::path::Path::new(&p));
    }
}

#[test]
fn processes_issuing_at_once_get_unique_gapless_numbers() {
    let env = Env::seeded();
    // The worker exists before the children race.
    {
        let db = frontdesk::db::open(&env.db, frontdesk::db::OpenMode::Existing).unwrap();
        let id = frontdesk::domain::IdNumber::from_stored("11010519491231002X").unwrap();
        let known = frontdesk::db::workers::Known { name: "王建国", ..Default::default() };
        frontdesk::db::workers::upsert(&db.conn, &id, &known, chrono::Utc::now()).unwrap();
    }
    run_children(&env.db, CHILDREN);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let mut stmt = conn.prepare("SELECT seq FROM letters ORDER BY seq").unwrap();
    let seqs: Vec<u32> = stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(seqs, (1..=(CHILDREN * PER_CHILD) as u32).collect::<Vec<_>>());
}

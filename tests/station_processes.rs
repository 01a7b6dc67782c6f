//! Several processes handing out the last units of an item at once cannot drive its stock below
//! zero or hand out more than there was. The test binary starts copies of itself running the
//! ignored `child` test.

mod common;
use common::*;
use frontdesk::db::station_ops::{self, By, Refused, StockChange};
use frontdesk::db::{OpenMode, open, write};
use frontdesk::domain::Role;

const TRIES: usize = 8;
const CHILDREN: usize = 4;
const STOCK: i64 = 13;

fn plaster() -> frontdesk::config::StationItem {
    let settings = frontdesk::config::Settings::builtin();
    settings.config.station.items.into_iter().find(|i| i.code == "plaster").unwrap()
}

fn by(role: Role) -> By {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    By { clerk_id: 1, role, window: "w4".into(), at: chrono::Utc::now(), today }
}

fn give_many(db_path: &std::path::Path) {
    let mut db = open(db_path, OpenMode::Existing).unwrap();
    let item = plaster();
    for _ in 0..TRIES {
        match write(&mut db.conn, |tx| station_ops::give(tx, &item, 1, "", &by(Role::Volunteer))).unwrap() {
            Ok(_) | Err(Refused::Short(_)) => {}
            Err(other) => panic!("unexpected refusal {other:?}"),
        }
    }
}

/// Run by the parent test in its own process.
#[test]
#[ignore]
fn child() {
    if let Some(p) = std::env::var_os("FRONTDESK_TEST_CHILD_DB") {
        give_many(std::path::Path::new(&p));
    }
}

#[test]
fn processes_giving_the_last_units_at_once_never_go_below_zero() {
    let env = Env::seeded();
    {
        let mut db = open(&env.db, OpenMode::Existing).unwrap();
        let change = StockChange::Restock { qty: STOCK, expires_on: None };
        let item = plaster();
        write(&mut db.conn, |tx| {
            station_ops::change_stock(tx, &item, "", &change, "入库", &by(Role::Supervisor))
        })
        .unwrap()
        .unwrap();
    }
    run_children(&env.db, CHILDREN);
    let db = open(&env.db, OpenMode::Existing).unwrap();
    let left: i64 =
        db.conn.query_row("SELECT qty FROM station_stock WHERE item = 'plaster'", [], |r| r.get(0)).unwrap();
    let given: i64 = db
        .conn
        .query_row("SELECT count(*), -sum(qty) FROM station_moves WHERE kind = 'give'", [], |r| {
            assert_eq!(r.get::<_, i64>(0)?, STOCK);
            r.get(1)
        })
        .unwrap();
    assert_eq!((left, given), (0, STOCK), "{} tries for {STOCK} units", TRIES * CHILDREN);
    assert!(frontdesk::db::station::check(&db.conn).unwrap().is_empty());
}

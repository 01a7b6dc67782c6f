//! The station from the command line: `export station` (masked unless --unmasked, supervisor
//! only) and `check` failing when the stock kept differs from its movements.

mod common;
use common::*;
use frontdesk::db::station_ops::{self, By, NewLoan, StockChange};
use frontdesk::db::{OpenMode, open, write};
use frontdesk::domain::Role;

fn seed_loan(env: &Env) {
    let settings = frontdesk::config::Settings::builtin();
    let umbrella = settings.config.station.items.iter().find(|i| i.code == "umbrella").unwrap().clone();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let by = |role| By { clerk_id: 1, role, window: "desk".into(), at: chrono::Utc::now(), today };
    let mut db = open(&env.db, OpenMode::Existing).unwrap();
    let restock = StockChange::Restock { qty: 3, expires_on: None };
    write(&mut db.conn, |tx| {
        station_ops::change_stock(tx, &umbrella, "", &restock, "入库", &by(Role::Supervisor))
    })
    .unwrap()
    .unwrap();
    let loan = NewLoan {
        item: "umbrella".into(),
        qty: 1,
        name: "欧阳建国".into(),
        phone: "13912345678".into(),
        id_number: Some("11010519491231002X".into()),
        worker_id: None,
        due_on: today,
        deposit: true,
        ticket: "A012".into(),
        note: String::new(),
    };
    write(&mut db.conn, |tx| station_ops::lend(tx, &umbrella, &loan, &by(Role::Clerk))).unwrap().unwrap();
}

#[test]
fn export_station_is_masked_unless_asked_and_for_supervisors_only() {
    let env = Env::seeded();
    seed_loan(&env);
    let out = env.run(&["export", "station"], Some(("8001", SUP_PIN)), "");
    assert_ok(&out);
    let csv = stdout(&out);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}at,event,item,batch,qty,expected,name,phone,id_number,ticket,due_on,clerk,window,note,loan"
    );
    assert!(lines[1].contains(",restock,umbrella,,3,"), "{csv}");
    assert!(
        lines[2].contains(",lend,umbrella,,-1,,欧**国,139****5678,110105********002X,A012,2026-11-27,"),
        "{csv}"
    );
    assert!(!csv.contains("13912345678") && !csv.contains("欧阳建国"));
    let out = env.run(&["export", "station", "--unmasked"], Some(("8001", SUP_PIN)), "");
    assert!(stdout(&out).contains("欧阳建国,13912345678,11010519491231002X"));
    let out = env.run(
        &["export", "station", "--from", "2000-01-01", "--to", "2000-01-02"],
        Some(("8001", SUP_PIN)),
        "",
    );
    assert_eq!(stdout(&out).lines().count(), 1, "only the header outside the range");
    let out = env.run(&["export", "station"], Some(("8002", CLERK_PIN)), "");
    assert_eq!(out.status.code(), Some(1), "a clerk may not export");
}

#[test]
fn check_fails_when_the_stock_kept_differs_from_its_log() {
    let env = Env::seeded();
    seed_loan(&env);
    assert_ok(&env.run(&["check"], None, ""));
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute("UPDATE station_stock SET qty = qty + 1 WHERE item = 'umbrella'", []).unwrap();
    let out = env.run(&["check"], None, "");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("station stock umbrella"), "{err}");
}

#[test]
fn export_station_has_a_row_for_each_lost_close_with_who_where_and_when() {
    let env = Env::seeded();
    let settings = frontdesk::config::Settings::builtin();
    let umbrella = settings.config.station.items.iter().find(|i| i.code == "umbrella").unwrap().clone();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let by = |clerk_id, window: &str| By {
        clerk_id,
        role: Role::Supervisor,
        window: window.into(),
        at: chrono::Utc::now(),
        today,
    };
    let mut db = open(&env.db, OpenMode::Existing).unwrap();
    let restock = StockChange::Restock { qty: 3, expires_on: None };
    write(&mut db.conn, |tx| station_ops::change_stock(tx, &umbrella, "", &restock, "入库", &by(1, "w1")))
        .unwrap()
        .unwrap();
    let loan = NewLoan {
        item: "umbrella".into(),
        qty: 3,
        name: "欧阳建国".into(),
        phone: "13912345678".into(),
        id_number: None,
        worker_id: None,
        due_on: today,
        deposit: false,
        ticket: String::new(),
        note: String::new(),
    };
    let id =
        write(&mut db.conn, |tx| station_ops::lend(tx, &umbrella, &loan, &by(2, "desk"))).unwrap().unwrap();
    // Two supervisors each close one as lost; one umbrella is still out, so the loan is open.
    write(&mut db.conn, |tx| station_ops::lose(tx, id, 1, "借用人告知遗失", &by(1, "w1"))).unwrap().unwrap();
    write(&mut db.conn, |tx| station_ops::lose(tx, id, 1, "第二把也丢了", &by(2, "w2"))).unwrap().unwrap();
    drop(db);
    let out = env.run(
        &["export", "station", "--from", "2026-11-27", "--to", "2026-11-27"],
        Some(("8001", SUP_PIN)),
        "",
    );
    assert_ok(&out);
    let csv = stdout(&out);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}at,event,item,batch,qty,expected,name,phone,id_number,ticket,due_on,clerk,window,note,loan"
    );
    let lost: Vec<&str> = lines.iter().copied().filter(|l| l.contains(",lost,")).collect();
    assert_eq!(lost.len(), 2, "{csv}");
    assert!(
        lost[0].contains(",lost,umbrella,,1,,欧**国,") && lost[0].contains(",8001,w1,借用人告知遗失,"),
        "{csv}"
    );
    assert!(
        lost[1].contains(",lost,umbrella,,1,,欧**国,") && lost[1].contains(",8002,w2,第二把也丢了,"),
        "{csv}"
    );
    assert!(lost.iter().all(|l| l.starts_with("2026-") && l.ends_with(&format!(",{id}"))), "{csv}");
}

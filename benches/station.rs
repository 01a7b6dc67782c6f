//! The station on a five-year log (200,000 rows, as DESIGN's large centre): F4's whole
//! overview read (what the tab reads on entry and every two seconds), one hand-out and one
//! loan as the counter commits them, and `check`'s stock-against-log pass.
//! Run with `cargo bench --bench station`.

use frontdesk::config::Settings;
use frontdesk::db::page::From;
use frontdesk::db::station_ops::{self as ops, By, NewLoan, StockChange};
use frontdesk::db::{OpenMode, clerks, open, station, write};
use frontdesk::domain::Role;
use std::time::Instant;

const ROWS: usize = 200_000;

fn pct(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 * p) as usize).min(v.len() - 1)]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = open(&dir.path().join("fd.db"), OpenMode::Create).unwrap();
    clerks::insert(&db.conn, "8001", "周主任", Role::Supervisor, "x", chrono::Utc::now()).unwrap();
    let settings = Settings::builtin();
    let item = |code: &str| settings.config.station.items.iter().find(|i| i.code == code).unwrap().clone();
    let (water, plaster, umbrella) = (item("water"), item("plaster"), item("umbrella"));
    let start = chrono::NaiveDate::from_ymd_opt(2021, 11, 29).unwrap();
    let by = |day: chrono::NaiveDate, role| By {
        clerk_id: 1,
        role,
        window: "desk".into(),
        at: chrono::Utc::now(),
        today: day,
    };
    // Five years of days, ~110 rows a day: restocks, tallies, plasters, loans and returns.
    let t = Instant::now();
    let tx = db.conn.transaction().unwrap();
    let mut rows = 0;
    let mut day = start;
    while rows < ROWS {
        let sup = by(day, Role::Supervisor);
        for it in [&water, &plaster, &umbrella] {
            let change = StockChange::Restock { qty: 100, expires_on: None };
            ops::change_stock(&tx, it, "", &change, "入库", &sup).unwrap().unwrap();
            rows += 1;
        }
        let clerk = by(day, Role::Clerk);
        for i in 0..35 {
            ops::give(&tx, &water, 1, "", &clerk).unwrap().unwrap();
            ops::give(&tx, &plaster, 1, "", &clerk).unwrap().unwrap();
            let loan = NewLoan {
                item: "umbrella".into(),
                qty: 1,
                name: format!("职工{i}"),
                phone: format!("139{:08}", rows),
                id_number: None,
                worker_id: None,
                due_on: day + chrono::Days::new(1),
                deposit: false,
                ticket: String::new(),
                note: String::new(),
            };
            let id = ops::lend(&tx, &umbrella, &loan, &clerk).unwrap().unwrap();
            if i % 20 != 0 {
                ops::give_back(&tx, id, 1, "", &clerk).unwrap().unwrap();
                rows += 1;
            }
            rows += 3;
        }
        day = day + chrono::Days::new(1);
    }
    tx.commit().unwrap();
    println!(
        "built {rows} station rows over {} days in {:.1} s",
        (day - start).num_days(),
        t.elapsed().as_secs_f64()
    );
    let today = day;
    let mut read = vec![];
    for _ in 0..200 {
        let t = Instant::now();
        let o = frontdesk::rooms::station::service::overview(&db.conn, today, "", From::First, 16).unwrap();
        read.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(!o.stock.is_empty());
    }
    println!(
        "overview read: {:.2} ms median, {:.2} ms p99 (200 reads)",
        pct(read.clone(), 0.5),
        pct(read, 0.99)
    );
    if std::env::var_os("STATION_PROBE").is_some() {
        let c = &db.conn;
        let time = |name: &str, f: &dyn Fn()| {
            let t = Instant::now();
            for _ in 0..20 {
                f();
            }
            println!("  {name}: {:.2} ms", t.elapsed().as_secs_f64() * 1000.0 / 20.0);
        };
        time("stock", &|| drop(station::stock(c).unwrap()));
        time("out", &|| drop(station::out_by_item(c).unwrap()));
        time("in_use", &|| drop(station::in_use_by_item(c, today).unwrap()));
        time("uses", &|| drop(station::uses_open(c, today).unwrap()));
        time("loans", &|| drop(station::open_loans(c, "", From::First, 16).unwrap()));
        time("moves", &|| drop(station::moves_of_day(c, today).unwrap()));
        time("help", &|| drop(station::help_of_day(c, today).unwrap()));
        time("rate", &|| assert!(station::return_rate(c, today).unwrap().is_some()));
    }
    let (mut give, mut lend) = (vec![], vec![]);
    for i in 0..200 {
        let clerk = by(today, Role::Clerk);
        let t = Instant::now();
        write(&mut db.conn, |tx| ops::give(tx, &plaster, 1, "", &clerk)).unwrap().unwrap();
        give.push(t.elapsed().as_secs_f64() * 1000.0);
        let loan = NewLoan {
            item: "umbrella".into(),
            qty: 1,
            name: "欧阳建国".into(),
            phone: format!("138{i:08}"),
            id_number: None,
            worker_id: None,
            due_on: today,
            deposit: false,
            ticket: String::new(),
            note: String::new(),
        };
        let t = Instant::now();
        write(&mut db.conn, |tx| ops::lend(tx, &umbrella, &loan, &clerk)).unwrap().unwrap();
        lend.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!("give (committed): {:.2} ms median, {:.2} ms p99", pct(give.clone(), 0.5), pct(give, 0.99));
    println!("lend (committed): {:.2} ms median, {:.2} ms p99", pct(lend.clone(), 0.5), pct(lend, 0.99));
    let t = Instant::now();
    let problems = station::check(&db.conn).unwrap();
    println!(
        "check, stock against log: {:.0} ms, {} problems",
        t.elapsed().as_secs_f64() * 1000.0,
        problems.len()
    );
}

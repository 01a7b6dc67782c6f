//! DESIGN "Speed and scale" on the demo databases, small and large (built once by the real
//! binary; see common/mod.rs): the worker card by ID, the claims look-up, the hardship file and
//! the lists of files, start to first frame, F1's queue and F4's overview as the tabs read them, the summary for a day and for 365 days.
//! Run with `cargo bench --bench scale` (SCALE=small or SCALE=large for one of them).

#[path = "common/mod.rs"]
mod common;

use clap::Parser;
use common::{demo_db, stats, times};
use frontdesk::app::{Effect, Reply, Who};
use frontdesk::cli::{Args, Ctx};
use frontdesk::db::{OpenMode, workers};
use frontdesk::domain::IdNumber;
use frontdesk::report::{Period, summary};
use frontdesk::rooms::claims::ClaimOp;
use frontdesk::rooms::walkins::WalkOp;

fn line(what: &str, ms: Vec<f64>) {
    let n = ms.len();
    let (m, p99) = stats(ms);
    println!("  {what:<58} median {m:>8.3} ms  p99 {p99:>8.3} ms  (n={n})");
}

fn measure(scale: &str) {
    let path = demo_db(scale);
    let db = path.to_str().unwrap().to_string();
    println!("{scale}: {db}");
    let args = Args::try_parse_from(["frontdesk", "--db", &db, "--window", "w1"]).unwrap();
    let ctx = Ctx::new(&args, false).unwrap();
    let mut opened = ctx.open(OpenMode::Existing).unwrap();
    let conn = &mut opened.conn;
    let workers_n: i64 = conn.query_row("SELECT max(id) FROM workers", [], |r| r.get(0)).unwrap();
    // Spread over the whole table, the same IDs on every run.
    let id_of = |conn: &rusqlite::Connection, k: usize| -> String {
        let row = 1 + (k as i64 * 7919 * 131) % workers_n;
        conn.query_row("SELECT id_number FROM workers WHERE id >= ?1 ORDER BY id LIMIT 1", [row], |r| {
            r.get(0)
        })
        .unwrap()
    };
    let ids: Vec<String> = (0..2000).map(|k| id_of(conn, k)).collect();
    let mut found = 0usize;
    line(
        "worker card read (worker, visits, claims, letters, loans)",
        times(ids.len(), |k| {
            let id = IdNumber::from_stored(&ids[k]).unwrap();
            let w = workers::by_id_number(conn, &id).unwrap().unwrap();
            let card = frontdesk::rooms::walkins::service::card_of(conn, w).unwrap();
            found += card.claims.len() + card.visits.len() + card.letters.len() + card.loans.len();
        }),
    );
    assert!(found > 0, "the cards read nothing");
    let env = frontdesk::app::Env {
        terminal: "bench".into(),
        settings: ctx.settings.clone(),
        lang: frontdesk::i18n::Lang::Zh,
        db_path: path.clone(),
    };
    let who = Who {
        clerk_id: 1,
        login: "9001".into(),
        window: "w1".into(),
        role: frontdesk::domain::Role::Supervisor,
    };
    line(
        "worker card as F1 opens it (read + audit row, FULL-sync commit)",
        times(300, |k| {
            let op = WalkOp::Card { id_number: ids[k].clone(), reason: "本人来访".into() };
            let reply = frontdesk::app::execute(conn, &env, Effect::Walk { who: who.clone(), op });
            assert!(matches!(reply, Some(Reply::Walk(_))));
        }),
    );
    line(
        "claims look-up read (worker, claims, events)",
        times(ids.len(), |k| {
            let id = IdNumber::from_stored(&ids[k]).unwrap();
            frontdesk::rooms::claims::service::picture(conn, &env.settings.config.fund, &id)
                .unwrap()
                .unwrap();
        }),
    );
    line(
        "claims look-up as F2 does it (read + audit row)",
        times(300, |k| {
            let op = ClaimOp::Lookup { id_number: ids[k].clone(), reason: "本人来访".into() };
            let reply = frontdesk::app::execute(conn, &env, Effect::Claims { who: who.clone(), op });
            assert!(matches!(reply, Some(Reply::Claims(_))));
        }),
    );
    // F2's 困难档案 page: the worker's file whole (household, verifications, reviews, visits,
    // events) with its `hardship_view` audit row, for workers spread over the files; and the
    // lists page (waiting, returned, due, reviews waiting, overdue visits).
    let filed: Vec<i64> = {
        let mut st = conn.prepare("SELECT worker_id FROM hardship_files ORDER BY id").unwrap();
        let all: Vec<i64> = st.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
        (0..300).map(|k| all[(k * 7919) % all.len()]).collect()
    };
    line(
        "hardship file read (the worker's files, the latest whole)",
        times(filed.len(), |k| {
            let files = frontdesk::db::hardship::of_worker(conn, filed[k]).unwrap();
            assert!(frontdesk::db::hardship::whole(conn, files[0].id).unwrap().is_some());
        }),
    );
    line(
        "hardship file as F2 opens it (read whole + audit row)",
        times(filed.len(), |k| {
            let op = ClaimOp::HardshipFile { worker_id: filed[k], reason: "本人来访".into() };
            let reply = frontdesk::app::execute(conn, &env, Effect::Claims { who: who.clone(), op });
            assert!(matches!(reply, Some(Reply::Claims(_))));
        }),
    );
    line(
        "hardship lists page (waiting, due, reviews, overdue visits)",
        times(50, |_| {
            let op = ClaimOp::HardshipLists;
            let reply = frontdesk::app::execute(conn, &env, Effect::Claims { who: who.clone(), op });
            assert!(matches!(reply, Some(Reply::Claims(_))));
        }),
    );
    // The aid fund: F5's ledger (the year's programmes, read every two seconds while shown), a
    // programme's payments list, and the auditor's `report fund` for the year, built whole.
    let year_now =
        chrono::Datelike::year(&frontdesk::domain::dates::local_day(chrono::Utc::now(), ctx.settings.tz));
    let fund = &ctx.settings.config.fund;
    line(
        "fund ledger (F5 Alt+K: the year's programmes)",
        times(100, |_| drop(frontdesk::db::fund::ledger(conn, fund, year_now).unwrap())),
    );
    let codes: Vec<String> =
        fund.programmes.iter().filter(|p| p.year == year_now).map(|p| p.code.clone()).collect();
    if !codes.is_empty() {
        line(
            "fund payments list (one programme's payments)",
            times(100, |k| {
                drop(frontdesk::db::fund::payments(conn, year_now, &codes[k % codes.len()]).unwrap())
            }),
        );
    }
    line(
        "report fund, the year built whole (payments, totals, exceptions)",
        times(5, |_| {
            let r = frontdesk::report::fund::build(conn, &ctx.settings, year_now, frontdesk::i18n::Lang::Zh);
            assert!(r.is_ok());
        }),
    );
    line("start to first frame (open, set up, draw 80x24)", times(40, |_| common::first_frame(&db)));
    let today = frontdesk::domain::dates::local_day(chrono::Utc::now(), ctx.settings.tz);
    line(
        "F1 queue snapshot (window w1)",
        times(200, |_| {
            let reply = frontdesk::app::execute(
                conn,
                &env,
                Effect::Walk {
                    who: who.clone(),
                    op: WalkOp::Refresh {
                        window: "w1".into(),
                        filter: frontdesk::rooms::walkins::View::Queue(frontdesk::db::queue::Filter::Mine),
                        page: frontdesk::db::page::From::First,
                        n: 15,
                    },
                },
            );
            assert!(reply.is_some());
        }),
    );
    // F3's register a page at a time: the first page with the year's count, the last page, and
    // a name filter searched in the database (each a read, without the audit row).
    let register = |text: &str, from| {
        let filter = frontdesk::db::letter_register::Filter {
            year: chrono::Datelike::year(&today),
            text: text.into(),
            ..Default::default()
        };
        let total = frontdesk::db::letter_register::count(conn, &filter).unwrap();
        let rows = frontdesk::db::letter_register::page(conn, &filter, from, 15).unwrap();
        assert!(total == 0 || !rows.is_empty());
    };
    use frontdesk::db::page::From;
    line("F3 register: first page and the year's count", times(200, |_| register("", From::First)));
    line("F3 register: the last page", times(200, |_| register("", From::Last)));
    line("F3 register: filtered by a name (何丽萍)", times(100, |_| register("何丽萍", From::First)));
    line(
        "F4 overview (stock, loans out, uses, today's log)",
        times(200, |_| {
            drop(frontdesk::rooms::station::service::overview(conn, today, "", From::First, 16).unwrap())
        }),
    );
    let day = today.pred_opt().unwrap();
    line("summary, one day", times(21, |_| assert!(summary(conn, &ctx.settings, Period::day(day)).is_ok())));
    let year = Period { from: day - chrono::Days::new(364), to: day };
    line("summary, 365 days", times(3, |_| assert!(summary(conn, &ctx.settings, year).is_ok())));
}

fn main() {
    match std::env::var("SCALE").as_deref() {
        Ok(one) => measure(one),
        Err(_) => {
            measure("small");
            measure("large");
        }
    }
}

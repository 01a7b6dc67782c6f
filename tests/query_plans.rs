//! Every hot query is an index search: the counter's paths (start, the worker card, the claims
//! look-up, F1's queue, a ticket, call next, F3's register and verify, F4's overview and a
//! hand-out, the day's summary) run on the large demo's shapes in miniature with every
//! statement traced, and `EXPLAIN QUERY PLAN` of each may not scan a big table. A later change
//! that loses an index fails here instead of slowing the counter on a real centre.
//! PLAN_DB=path runs the same on a given database (say the large demo) and prints each
//! statement's time, slowest first.

use clap::Parser;
use frontdesk::app::{Effect, Who};
use frontdesk::cli::{Args, Ctx};
use frontdesk::db::letter_register::{Filter as RegisterFilter, From};
use frontdesk::db::{OpenMode, queue::Filter};
use frontdesk::rooms::claims::ClaimOp;
use frontdesk::rooms::letters::LetterOp;
use frontdesk::rooms::station::StationOp;
use frontdesk::rooms::walkins::{Act, Registration, View, WalkOp};
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Tables that grow with the years: never walked whole on a hot path.
const BIG: &[&str] = &[
    "workers",
    "visits",
    "visit_events",
    "claims",
    "claim_events",
    "letters",
    "audit_log",
    "station_moves",
    "station_loans",
    "station_uses",
    "station_help",
];

/// Table of each name or alias after FROM or JOIN.
fn sources(sql: &str) -> BTreeMap<String, String> {
    let words: Vec<&str> =
        sql.split(|c: char| c.is_whitespace() || "(),;".contains(c)).filter(|w| !w.is_empty()).collect();
    let mut out = BTreeMap::new();
    for (i, w) in words.iter().enumerate() {
        if (w.eq_ignore_ascii_case("FROM")
            || w.eq_ignore_ascii_case("JOIN")
            || w.eq_ignore_ascii_case("UPDATE"))
            && let Some(table) = words.get(i + 1)
        {
            out.insert(table.to_string(), table.to_string());
            let mut next = words.get(i + 2).copied().unwrap_or("");
            if next.eq_ignore_ascii_case("AS") {
                next = words.get(i + 3).copied().unwrap_or("");
            }
            let keyword =
                ["WHERE", "JOIN", "LEFT", "ON", "ORDER", "GROUP", "SET", "UNION", "LIMIT", "INNER", "CROSS"]
                    .iter()
                    .any(|k| next.eq_ignore_ascii_case(k));
            if !next.is_empty() && !keyword {
                out.insert(next.to_string(), table.to_string());
            }
        }
    }
    out
}

/// The plan's lines (parameters left unbound, as the statement is planned when prepared).
fn plan(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut st = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let mut rows = st.raw_query();
    let mut out = vec![];
    while let Some(r) = rows.next().unwrap() {
        out.push(r.get::<_, String>(3).unwrap());
    }
    out
}

#[test]
fn hot_queries_are_index_searches() {
    let dir = tempfile::tempdir().unwrap();
    let settings = frontdesk::config::Settings::builtin();
    let now = chrono::Utc::now();
    let path = match std::env::var_os("PLAN_DB") {
        Some(p) => std::path::PathBuf::from(p),
        None => {
            let p = dir.path().join("tiny.db");
            drop(frontdesk::cli::build_tiny_demo(&p, &settings, now).unwrap());
            p
        }
    };
    let db = path.to_str().unwrap().to_string();
    let args = Args::try_parse_from(["frontdesk", "--db", &db, "--window", "w1"]).unwrap();
    let ctx = Ctx::new(&args, false).unwrap();
    let mut opened = ctx.open(OpenMode::Existing).unwrap();
    let conn = &mut opened.conn;
    let log: Arc<Mutex<Vec<(String, u128)>>> = Arc::default();
    let sink = log.clone();
    conn.trace_v2(
        TraceEventCodes::SQLITE_TRACE_PROFILE,
        Some(move |e: TraceEvent<'_>| {
            if let TraceEvent::Profile(s, took) = e {
                sink.lock().unwrap().push((s.sql().to_string(), took.as_micros()));
            }
        }),
    )
    .unwrap();
    let id_number: String = conn
        .query_row(
            "SELECT w.id_number FROM workers w JOIN claims c ON c.worker_id = w.id ORDER BY c.id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (letter_no, code): (String, String) = conn
        .query_row("SELECT number, code FROM letters ORDER BY id DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    log.lock().unwrap().clear();

    drop(frontdesk::kiosk::setup(&ctx, conn, None).unwrap());
    let env = frontdesk::app::Env {
        terminal: "plans".into(),
        settings: settings.clone(),
        lang: frontdesk::i18n::Lang::Zh,
        db_path: path.clone(),
    };
    let who = Who {
        clerk_id: 1,
        login: "9001".into(),
        window: "w1".into(),
        role: frontdesk::domain::Role::Supervisor,
    };
    let reason = "本人来访".to_string();
    let registration = Registration {
        matter: "medical_aid".into(),
        channel: frontdesk::domain::walkin::Channel::WalkIn,
        id_number: Some(id_number.clone()),
        name: String::new(),
        phone: String::new(),
        work_unit: String::new(),
        priority: None,
        note: String::new(),
        correct_record: false,
    };
    let today = frontdesk::domain::dates::local_day(now, settings.tz);
    let effects = vec![
        Effect::Walk {
            who: who.clone(),
            op: WalkOp::Card { id_number: id_number.clone(), reason: reason.clone() },
        },
        Effect::Claims {
            who: who.clone(),
            op: ClaimOp::Lookup { id_number: id_number.clone(), reason: reason.clone() },
        },
        Effect::Walk { who: who.clone(), op: WalkOp::Register(registration) },
        Effect::Walk {
            who: who.clone(),
            op: WalkOp::Refresh {
                window: "w1".into(),
                filter: View::Queue(Filter::Mine),
                page: From::First,
                n: 15,
            },
        },
        Effect::Walk {
            who: who.clone(),
            op: WalkOp::Refresh {
                window: "w1".into(),
                filter: View::FollowUps,
                page: From::After(1_000),
                n: 15,
            },
        },
        Effect::Walk { who: who.clone(), op: WalkOp::Act(Act::CallNext) },
        Effect::Letters { who: who.clone(), op: page(&today, "", From::First) },
        Effect::Letters { who: who.clone(), op: page(&today, "", From::After(1_000_000)) },
        Effect::Letters { who: who.clone(), op: page(&today, "王", From::Last) },
        Effect::Letters { who: who.clone(), op: LetterOp::Verify { number: letter_no, code } },
        Effect::Station {
            who: who.clone(),
            op: StationOp::Overview { query: String::new(), from: From::First, n: 16 },
        },
        Effect::Station {
            who: who.clone(),
            op: StationOp::Overview { query: "王".into(), from: From::After(3), n: 16 },
        },
        Effect::Station {
            who: who.clone(),
            op: StationOp::Overview { query: String::new(), from: From::Before(3), n: 16 },
        },
        Effect::Station { who: who.clone(), op: StationOp::Search { query: "1234".into(), n: 16 } },
        Effect::Station {
            who: who.clone(),
            op: StationOp::Give { item: "plaster".into(), qty: 1, ticket: String::new() },
        },
    ];
    for effect in effects {
        assert!(frontdesk::app::execute(conn, &env, effect).is_some());
    }
    frontdesk::report::summary(conn, &settings, frontdesk::report::Period::day(today)).unwrap();

    let statements = log.lock().unwrap().clone();
    let mut by_sql: BTreeMap<String, (u128, usize)> = BTreeMap::new();
    for (sql, us) in statements {
        let e = by_sql.entry(sql).or_default();
        e.0 += us;
        e.1 += 1;
    }
    assert!(by_sql.len() > 30, "too few statements traced: {}", by_sql.len());
    if std::env::var_os("PLAN_DB").is_some() {
        let mut slow: Vec<_> = by_sql.iter().collect();
        slow.sort_by_key(|(_, (us, _))| std::cmp::Reverse(*us));
        for (sql, (us, n)) in slow.iter().take(15) {
            println!(
                "{:>9.3} ms x{n}  {}",
                *us as f64 / 1000.0,
                sql.split_whitespace().collect::<Vec<_>>().join(" ")
            );
            if sql.trim_start().starts_with("SELECT") || sql.trim_start().starts_with("WITH") {
                println!("            {}", plan(conn, sql).join(" | "));
            }
        }
    }
    conn.trace_v2(TraceEventCodes::empty(), None::<fn(TraceEvent<'_>)>).unwrap();
    // A partial index holds only the open rows (loans not yet back): walking it is the point.
    let partial: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut scans = vec![];
    for sql in by_sql.keys() {
        // The newest row by its id reads one row, not the table.
        if sql.contains("ORDER BY id DESC LIMIT 1") {
            continue;
        }
        let head = sql.trim_start().to_ascii_uppercase();
        if !["SELECT", "WITH", "UPDATE", "DELETE", "INSERT"].iter().any(|k| head.starts_with(k)) {
            continue;
        }
        let names = sources(sql);
        let details = plan(conn, sql);
        for d in details {
            let Some(rest) = d.strip_prefix("SCAN ") else { continue };
            let name = rest.split_whitespace().next().unwrap_or("");
            let table = names.get(name).map_or(name, String::as_str);
            let on_partial = partial.iter().any(|p| d.ends_with(&format!("INDEX {p}")));
            if BIG.contains(&table) && !on_partial {
                scans.push(format!("{d}  ←  {}", sql.split_whitespace().collect::<Vec<_>>().join(" ")));
            }
        }
    }
    assert!(scans.is_empty(), "hot queries walking a whole table:\n{}", scans.join("\n"));
}

/// A page of the year's register (F3), filtered by `text`.
fn page(today: &chrono::NaiveDate, text: &str, from: From) -> LetterOp {
    let filter =
        RegisterFilter { year: chrono::Datelike::year(today), text: text.into(), ..Default::default() };
    LetterOp::Page { filter, from, n: 15 }
}

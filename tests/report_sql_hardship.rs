//! An independent cross-check of 困难档案 in `report daily --format json`, in the style of
//! `report_sql.rs`: sixty hardship files with plain SQL written into a fresh demo over the
//! fourteen months to today (filed, applied only, reviewed on time and late after lapsing, with
//! a new category, exited directly and by review, visited or not), then the real binary's
//! figures for last month (as of its last evening), this month (running: as of now; days to
//! come have no as-of figures) and each of this month's days are compared with figures this test
//! works out with its own SQL from the definitions in README's "How each figure is counted".

mod common;
use chrono::{Days, Months, NaiveDate, Utc};
use common::{demo_in_tempdir, sup_on};
use frontdesk::config::{Lookup, Settings};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};
use std::path::Path;

const CATEGORIES: [&str; 3] = ["deep", "relative", "sudden"];
const CAUSES: [&str; 7] = ["illness", "disability", "study", "disaster", "unemployment", "accident", "other"];
const REASONS: [&str; 7] = ["income", "employed", "recovered", "own_request", "died", "moved", "other"];

fn settings_for(home: &Path) -> Settings {
    let lookup = Lookup {
        explicit: None,
        candidates: vec!["/etc/frontdesk/frontdesk.toml".into(), home.join("cfg/frontdesk/frontdesk.toml")],
    };
    Settings::load(&lookup).expect("the config")
}

fn year_on(d: NaiveDate) -> NaiveDate {
    d.checked_add_months(Months::new(12)).and_then(|d| d.pred_opt()).unwrap()
}

fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap()
}

/// The sixty files; every step on or before `today`, in order.
fn write_files(conn: &Connection, today: NaiveDate) {
    let ev = |f: i64, day: NaiveDate, action: &str, state: &str, until: Option<NaiveDate>| {
        conn.execute(
            "INSERT INTO hardship_events (file_id, at, day, action, state, valid_until)
             VALUES (?1, ?2 || 'T01:00:00.000Z', ?2, ?3, ?4, ?5)",
            params![f, day.to_string(), action, state, until.map(|d| d.to_string())],
        )
        .unwrap();
    };
    for k in 0..60u64 {
        conn.execute(
            "INSERT INTO workers (id_number, name, created_at, updated_at) VALUES (?1, ?2, 'x', 'x')",
            params![format!("HS{k:016}"), format!("困难户{k}")],
        )
        .unwrap();
        let worker = conn.last_insert_rowid();
        let filed_on = today.checked_sub_days(Days::new(k * 7 % 420)).unwrap();
        let causes: Vec<&str> = CAUSES
            .iter()
            .enumerate()
            .filter(|(i, _)| (k >> (i % 4)) & 1 == 1 || *i == (k % 7) as usize)
            .map(|(_, c)| *c)
            .collect();
        let mut category = CATEGORIES[(k % 3) as usize];
        conn.execute(
            "INSERT INTO hardship_files (file_no, worker_id, state, category, causes, applied_on, filed_on,
                                         created_at, updated_at)
             VALUES (?1, ?2, 'applied', ?3, ?4, ?5, NULL, 'x', 'x')",
            params![format!("KNS{k:05}"), worker, category, causes.join(","), filed_on.to_string()],
        )
        .unwrap();
        let f = conn.last_insert_rowid();
        let applied = filed_on.checked_sub_days(Days::new(5)).unwrap();
        ev(f, applied, "apply", "applied", None);
        if k % 10 == 9 {
            continue;
        }
        let mut until = year_on(filed_on);
        ev(f, filed_on, "approve", "filed", Some(until));
        let mut visits = vec![];
        if k % 3 == 0 {
            visits.extend([plus(filed_on, 30), plus(filed_on, 150)]);
        }
        if k % 6 == 1 {
            visits.push(today.checked_sub_days(Days::new(3)).unwrap());
        }
        // Reviews: on time (ten days before the valid-until) or late (a week after the lapse).
        let review = match k % 4 {
            1 => until.checked_sub_days(Days::new(10)),
            2 => Some(plus(until, 8)),
            _ => None,
        }
        .filter(|d| *d <= today && *d > filed_on);
        let exit = match (k % 5, k % 7) {
            (3, _) => Some((plus(filed_on, 200), "exit", REASONS[(k % 7) as usize])),
            (_, 4) => Some((plus(filed_on, 300), "review_approve", REASONS[(k % 3) as usize])),
            _ => None,
        }
        .filter(|(d, _, _)| *d <= today && review.is_none_or(|r| *d > r));
        let mut steps: Vec<(NaiveDate, u8)> =
            visits.iter().filter(|d| **d <= today).map(|d| (*d, 0)).collect();
        if let Some(r) = review {
            steps.push((r, 1));
        }
        if let Some((d, _, _)) = exit {
            steps.push((d, 2));
            steps.retain(|(v, what)| *what != 0 || *v < d);
        }
        steps.sort();
        let mut state = "filed";
        for (day, what) in steps {
            match what {
                0 => {
                    conn.execute(
                        "INSERT INTO hardship_visits (file_id, visited_on, place, found, entered_at)
                         VALUES (?1, ?2, '家中', '见到本人', 'x')",
                        params![f, day.to_string()],
                    )
                    .unwrap();
                    ev(f, day, "visit", state, Some(until));
                }
                1 => {
                    category = CATEGORIES[((k + 1) % 3) as usize];
                    until = year_on(day);
                    conn.execute(
                        "INSERT INTO hardship_reviews (file_id, state, result, category, entered_at, entered_on, approved_on)
                         VALUES (?1, 'approved', 'continue', ?2, 'x', ?3, ?3)",
                        params![f, category, day.to_string()],
                    )
                    .unwrap();
                    ev(f, day, "review_approve", "filed", Some(until));
                }
                _ => {
                    let (_, action, reason) = exit.unwrap();
                    if action == "review_approve" {
                        conn.execute(
                            "INSERT INTO hardship_reviews (file_id, state, result, exit_reason, entered_at, entered_on, approved_on)
                             VALUES (?1, 'approved', 'exit', ?2, 'x', ?3, ?3)",
                            params![f, reason, day.to_string()],
                        )
                        .unwrap();
                    }
                    state = "exited";
                    ev(f, day, action, "exited", Some(until));
                    conn.execute(
                        "UPDATE hardship_files SET exit_reason = ?2, exited_on = ?3 WHERE id = ?1",
                        params![f, reason, day.to_string()],
                    )
                    .unwrap();
                }
            }
        }
        conn.execute(
            "UPDATE hardship_files SET state = ?2, category = ?3, filed_on = ?4, valid_until = ?5 WHERE id = ?1",
            params![f, state, category, filed_on.to_string(), until.to_string()],
        )
        .unwrap();
    }
}

/// The figures by the definitions, in plain SQL.
fn expected(conn: &Connection, from: NaiveDate, to: NaiveDate, today: NaiveDate, interval: u32) -> Value {
    let (a, b) = (from.to_string(), to.to_string());
    let n = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> i64 { conn.query_row(sql, p, |r| r.get(0)).unwrap() };
    let filed = n(
        "SELECT count(*) FROM hardship_events WHERE action = 'approve' AND day BETWEEN ?1 AND ?2",
        &[&a, &b],
    );
    let reviewed = n(
        "SELECT count(*) FROM hardship_events WHERE action = 'review_approve' AND state = 'filed' AND day BETWEEN ?1 AND ?2",
        &[&a, &b],
    );
    let exits = "FROM hardship_events e JOIN hardship_files f ON f.id = e.file_id
                 WHERE (e.action = 'exit' OR (e.action = 'review_approve' AND e.state = 'exited'))
                   AND e.day BETWEEN ?1 AND ?2";
    let exited = n(&format!("SELECT count(*) {exits}"), &[&a, &b]);
    let by_reason: serde_json::Map<String, Value> = REASONS
        .iter()
        .map(|r| {
            (
                r.to_string(),
                json!(n(&format!("SELECT count(*) {exits} AND f.exit_reason = ?3"), &[&a, &b, r])),
            )
        })
        .collect();
    let visits = n("SELECT count(*) FROM hardship_visits WHERE visited_on BETWEEN ?1 AND ?2", &[&a, &b]);
    let zeros = |codes: &[&str]| -> Value {
        codes.iter().map(|c| (c.to_string(), json!(0))).collect::<serde_json::Map<_, _>>().into()
    };
    let mut h = json!({
        "in_file": {"total": 0, "by_category": zeros(&CATEGORIES), "by_cause": zeros(&CAUSES)},
        "filed": filed, "reviewed": reviewed, "exited": {"total": exited, "by_reason": by_reason},
        "lapsed": 0, "visits": visits, "overdue_visits": 0,
    });
    if from > today {
        return h;
    }
    let end = to.min(today).to_string();
    let fallen = if to >= today { today } else { to.succ_opt().unwrap() }.to_string();
    // The state and valid-until a file had at the end of a day: its latest event by then.
    let at = |what: &str, day: &str| {
        format!(
            "(SELECT e.{what} FROM hardship_events e WHERE e.file_id = f.id AND e.day <= {day}
              ORDER BY e.day DESC, e.id DESC LIMIT 1)"
        )
    };
    let current = format!(
        "{} = 'filed' AND ({} IS NULL OR {} >= ?1)",
        at("state", "?1"),
        at("valid_until", "?1"),
        at("valid_until", "?1")
    );
    h["in_file"]["total"] =
        json!(n(&format!("SELECT count(*) FROM hardship_files f WHERE {current}"), &[&end]));
    for c in CATEGORIES {
        let sql = format!(
            "SELECT count(*) FROM hardship_files f WHERE {current}
               AND coalesce((SELECT r.category FROM hardship_reviews r WHERE r.file_id = f.id AND r.state = 'approved'
                               AND r.result = 'continue' AND r.approved_on <= ?1 ORDER BY r.approved_on DESC, r.id DESC LIMIT 1),
                            f.category) = ?2"
        );
        h["in_file"]["by_category"][c] = json!(n(&sql, &[&end, &c]));
    }
    for c in CAUSES {
        let sql = format!(
            "SELECT count(*) FROM hardship_files f WHERE {current} AND ',' || f.causes || ',' LIKE '%,' || ?2 || ',%'"
        );
        h["in_file"]["by_cause"][c] = json!(n(&sql, &[&end, &c]));
    }
    // A lapse: a valid-until v with v + 1 in [from, end] the file still had, filed, at v's end.
    let lapsed = format!(
        "SELECT count(*) FROM (SELECT DISTINCT e0.file_id AS fid, e0.valid_until AS v FROM hardship_events e0
                               WHERE e0.valid_until IS NOT NULL AND date(e0.valid_until, '+1 day') BETWEEN ?1 AND ?2) x
         JOIN hardship_files f ON f.id = x.fid
         WHERE {} = 'filed' AND {} = x.v",
        at("state", "x.v"),
        at("valid_until", "x.v")
    );
    h["lapsed"] = json!(n(&lapsed, &[&a, &end]));
    let overdue = format!(
        "SELECT count(*) FROM hardship_files f WHERE {} = 'filed'
           AND date(coalesce((SELECT max(v.visited_on) FROM hardship_visits v WHERE v.file_id = f.id AND v.visited_on <= ?1),
                             f.filed_on), '+{interval} days') < ?2",
        at("state", "?1")
    );
    h["overdue_visits"] = json!(n(&overdue, &[&end, &fallen]));
    h
}

#[test]
fn hardship_figures_agree_with_plain_sql_last_month_this_month_and_each_day() {
    let (dir, db) = demo_in_tempdir();
    let home = dir.path();
    let settings = settings_for(home);
    let interval = settings.config.hardship.visit_interval_days;
    for _ in 0..2 {
        let today = Utc::now().with_timezone(&settings.tz).date_naive();
        let conn = Connection::open(&db).unwrap();
        let already: Option<i64> = conn
            .query_row("SELECT 1 FROM workers WHERE id_number = 'HS0000000000000000'", [], |r| r.get(0))
            .optional()
            .unwrap();
        if already.is_none() {
            write_files(&conn, today);
        }
        let this =
            NaiveDate::from_ymd_opt(chrono::Datelike::year(&today), chrono::Datelike::month(&today), 1)
                .unwrap();
        let last = this.checked_sub_months(Months::new(1)).unwrap();
        let mut bad = vec![];
        let mut lapses = 0;
        for first in [last, this] {
            let end = first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap();
            let month = first.format("%Y-%m").to_string();
            let out = sup_on(&db, home, &["report", "daily", "--format", "json", "--month", &month]);
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let j: Value = serde_json::from_slice(&out.stdout).unwrap();
            let want = expected(&conn, first, end, today, interval);
            lapses += want["lapsed"].as_i64().unwrap_or(0);
            eprintln!("{month}: {want}");
            if j["hardship"] != want {
                bad.push(format!("{month}: expected {want}\n got {}", j["hardship"]));
            }
            for (i, d) in first.iter_days().take_while(|d| *d <= end).enumerate() {
                let want = expected(&conn, d, d, today, interval);
                if j["days"][i]["hardship"] != want {
                    bad.push(format!("{d}: expected {want}\n got {}", j["days"][i]["hardship"]));
                }
            }
        }
        if Utc::now().with_timezone(&settings.tz).date_naive() != today {
            continue;
        }
        assert!(lapses > 0, "the rows make lapses to count");
        assert!(bad.is_empty(), "{} difference(s):\n{}", bad.len(), bad.join("\n"));
        return;
    }
    panic!("the day turned over twice");
}

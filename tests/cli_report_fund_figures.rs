//! 帮扶资金 in `report daily` (issue #26): per programme-year of the period, committed and paid
//! in the period (by event day in the centre's timezone) and recipients. Claims of two
//! programmes are approved and paid through the real storage path across a month and a year
//! boundary (one payment at 01:30 Beijing time on New Year's Day, the UTC day before), then the
//! real binary's JSON is compared with plain SQL, and every format shows the section.

mod common;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use common::*;
use frontdesk::config::Settings;
use frontdesk::db::claim_ops::{self, By, NewClaim, StepInput};
use frontdesk::db::{self, OpenMode};
use frontdesk::domain::Role;
use frontdesk::domain::claim::{Actor, ClaimStep};
use frontdesk::domain::money::Fen;
use serde_json::Value;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// An instant given in UTC, acted on by `clerk_id`; `today` the Beijing day of it.
fn by(clerk_id: i64, role: Role, utc: &str) -> By {
    let at: DateTime<Utc> = utc.parse().unwrap();
    let today = at.with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    By { actor: Actor { clerk_id, role }, at, today }
}

fn check_digit(first17: &str) -> char {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17.chars().zip(weights).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    b"10X98765432"[(sum % 11) as usize] as char
}

/// A worker with a filed, current file of `category`.
fn household(conn: &mut rusqlite::Connection, n: u32, category: &str) -> i64 {
    let first = format!("110105194912{:02}{:03}", n + 1, n);
    let id = frontdesk::domain::IdNumber::from_stored(&format!("{first}{}", check_digit(&first))).unwrap();
    let known = db::workers::Known { name: "王一", ..Default::default() };
    let w = db::write(conn, |tx| db::workers::upsert(tx, &id, &known, Utc::now())).unwrap();
    conn.execute(
        "INSERT INTO hardship_files (file_no, worker_id, state, category, applied_on, filed_on, valid_until,
                                     created_at, updated_at)
         VALUES (?1, ?2, 'filed', ?3, '2026-01-05', '2026-01-10', '2027-12-31', 'x', 'x')",
        rusqlite::params![format!("KN{n:05}"), w, category],
    )
    .unwrap();
    w
}

fn step(conn: &mut rusqlite::Connection, id: i64, s: ClaimStep, by: &By) {
    let cfg = Settings::builtin().config;
    let version = claim_ops::by_id(conn, id).unwrap().unwrap().version;
    let input = StepInput { claim_id: id, version, step: s, missing: vec![], note: String::new() };
    db::write(conn, |tx| Ok::<_, db::DbError>(claim_ops::apply(tx, &input, &cfg, by))).unwrap().unwrap();
}

/// Registered by the clerk (8002) on the filing day, reviewed, and approved by the supervisor
/// (8001) for `fen` at `approved_utc`; paid `paid` (fen, at) when given.
fn claim(
    conn: &mut rusqlite::Connection,
    no: &str,
    (worker, kind, programme, filed): (i64, &str, &str, &str),
    fen: i64,
    approved_utc: &str,
    paid: Option<(i64, &str)>,
) {
    let cfg = Settings::builtin().config;
    let c = NewClaim {
        worker_id: worker,
        kind: kind.into(),
        filed_on: d(filed),
        amount_claimed_fen: fen,
        missing: vec![],
        consent_version: "2026-01".into(),
        note: String::new(),
        event_note: String::new(),
        programme: Some(programme.into()),
    };
    let at = format!("{filed}T02:00:00Z");
    let reg = by(2, Role::Clerk, &at);
    let id = db::write(conn, |tx| claim_ops::register_checked(tx, &c, no, &reg, &cfg)).unwrap().unwrap();
    step(conn, id, ClaimStep::Review, &reg);
    step(
        conn,
        id,
        ClaimStep::Approve { amount: Fen(fen), over: None },
        &by(1, Role::Supervisor, approved_utc),
    );
    if let Some((paid_fen, utc)) = paid {
        let b = by(1, Role::Supervisor, utc);
        step(conn, id, ClaimStep::Pay { on: b.today, amount: Fen(paid_fen), over: None }, &b);
    }
}

/// Four claims: living_relief 2026 approved and paid in December; spring_warmth 2026 approved
/// in December, paid 2027-01-01 01:30 Beijing (2026-12-31 UTC); medical_relief 2027 approved
/// in January; spring_warmth 2027 approved 2027-01-06 00:30 Beijing (01-05 UTC).
fn fund_env() -> Env {
    let env = Env::seeded();
    let mut db = db::open(&env.db, OpenMode::Existing).unwrap();
    let conn = &mut db.conn;
    let (a, b, c) = (household(conn, 1, "deep"), household(conn, 2, "relative"), household(conn, 3, "deep"));
    claim(
        conn,
        "HZ1",
        (b, "hardship_aid", "living_relief", "2026-12-01"),
        200_000,
        "2026-12-10T02:00:00Z",
        Some((180_000, "2026-12-15T03:00:00Z")),
    );
    claim(
        conn,
        "HZ2",
        (a, "hardship_aid", "spring_warmth", "2026-12-20"),
        150_000,
        "2026-12-28T02:00:00Z",
        Some((150_000, "2026-12-31T17:30:00Z")),
    );
    claim(
        conn,
        "HZ3",
        (c, "medical_help", "medical_relief", "2027-01-02"),
        500_000,
        "2027-01-03T02:00:00Z",
        None,
    );
    claim(
        conn,
        "HZ4",
        (a, "hardship_aid", "spring_warmth", "2027-01-05"),
        150_000,
        "2027-01-05T16:30:00Z",
        None,
    );
    env
}

fn report(env: &Env, args: &[&str]) -> Output {
    let mut all = vec!["report", "daily"];
    all.extend_from_slice(args);
    let out = env.sup(&all);
    assert_ok(&out);
    out
}
use std::process::Output;

/// (year, code) → (committed, paid, recipients) of the JSON's `fund`.
fn figures(v: &Value) -> Vec<(i64, String, i64, i64, i64)> {
    v["fund"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["year"].as_i64().unwrap(),
                g["programme"].as_str().unwrap().to_string(),
                g["committed_fen"].as_i64().unwrap(),
                g["paid_fen"].as_i64().unwrap(),
                g["recipients"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// The same figures from plain SQL (Beijing has no summer time: +8 hours is its day), the
/// programme-years with any step in the period.
fn sql(env: &Env, from: &str, to: &str) -> Vec<(i64, String, i64, i64, i64)> {
    let c = rusqlite::Connection::open(&env.db).unwrap();
    let mut st = c
        .prepare(
            "SELECT c.programme_year, c.programme,
                    sum(CASE WHEN e.to_state = 'approved' THEN c.amount_approved_fen ELSE 0 END),
                    sum(CASE WHEN e.to_state = 'paid' THEN c.amount_paid_fen ELSE 0 END),
                    count(DISTINCT c.worker_id)
             FROM claim_events e JOIN claims c ON c.id = e.claim_id
             WHERE e.to_state IN ('approved', 'paid') AND c.programme IS NOT NULL
               AND date(e.at, '+8 hours') BETWEEN ?1 AND ?2
             GROUP BY 1, 2 ORDER BY 1, 2",
        )
        .unwrap();
    st.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn json(env: &Env, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_slice(&report(env, &all).stdout).unwrap()
}

fn nonzero(mut v: Vec<(i64, String, i64, i64, i64)>) -> Vec<(i64, String, i64, i64, i64)> {
    v.retain(|g| g.2 != 0 || g.3 != 0 || g.4 != 0);
    v.sort();
    v
}

#[test]
fn report_daily_json_has_each_programmes_committed_paid_and_recipients_by_beijing_day() {
    let env = fund_env();
    let dec = json(&env, &["--month", "2026-12"]);
    let got = figures(&dec);
    // Every programme of 2026 listed, zero ones too, in config order.
    let codes: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(
        codes,
        ["spring_warmth", "autumn_study", "medical_relief", "living_relief", "accident_relief"]
    );
    assert!(got.iter().all(|g| g.0 == 2026));
    assert_eq!(
        nonzero(got),
        vec![
            (2026, "living_relief".into(), 200_000, 180_000, 1),
            (2026, "spring_warmth".into(), 150_000, 0, 1),
        ]
    );
    assert_eq!(nonzero(figures(&dec)), sql(&env, "2026-12-01", "2026-12-31"));
    assert_eq!(dec["fund"][0]["name"], "元旦春节送温暖");

    // January: 2027's programmes, and 2026's spring_warmth, paid on New Year's Day in Beijing.
    let jan = json(&env, &["--month", "2027-01"]);
    let got = figures(&jan);
    assert_eq!(got.len(), 6, "{got:?}");
    assert_eq!(got.last().map(|g| (g.0, g.1.as_str())), Some((2026, "spring_warmth")));
    assert_eq!(
        nonzero(got),
        vec![
            (2026, "spring_warmth".into(), 0, 150_000, 1),
            (2027, "medical_relief".into(), 500_000, 0, 1),
            (2027, "spring_warmth".into(), 150_000, 0, 1),
        ]
    );
    assert_eq!(nonzero(figures(&jan)), sql(&env, "2027-01-01", "2027-01-31"));

    // Across the year: both years' programmes; each day its own (the payment on 01-01, not
    // on the UTC day 12-31; the approval at 00:30 on 01-06 not on 01-05).
    let span = json(&env, &["--from", "2026-12-28", "--to", "2027-01-05"]);
    assert_eq!(figures(&span).len(), 10);
    assert_eq!(nonzero(figures(&span)), sql(&env, "2026-12-28", "2027-01-05"));
    let day = |date: &str| {
        let d = span["days"].as_array().unwrap().iter().find(|d| d["date"] == date).unwrap();
        nonzero(figures(d))
    };
    assert_eq!(day("2026-12-31"), vec![]);
    assert_eq!(day("2027-01-01"), vec![(2026, "spring_warmth".into(), 0, 150_000, 1)]);
    assert_eq!(day("2027-01-05"), vec![]);
    assert_eq!(
        nonzero(figures(&json(&env, &["--date", "2027-01-06"]))),
        sql(&env, "2027-01-06", "2027-01-06")
    );
    assert_eq!(sql(&env, "2027-01-06", "2027-01-06").len(), 1);
    // A year with no programme in the config and no step lists none.
    assert!(figures(&json(&env, &["--date", "2025-06-01"])).is_empty());
}

/// The budget in force and what is left of it as they stood at the period's end (DOMAIN's
/// figures: per programme budget, committed, paid, remaining, recipients): a budget raised on
/// 12-20 is not November's; 2026's 元旦春节送温暖, paid at 01:30 on New Year's Day, still stood
/// committed at December's end; days carry no budget of their own.
#[test]
fn the_budget_and_remaining_are_as_they_stood_at_the_periods_end() {
    let env = fund_env();
    let mut db = db::open(&env.db, OpenMode::Existing).unwrap();
    let cfg = Settings::builtin().config;
    let raise = by(1, Role::Supervisor, "2026-12-20T02:00:00Z");
    let hb = db::hardship_ops::By {
        clerk_id: 1,
        role: Role::Supervisor,
        actor: db::audit::Actor { clerk_id: Some(1), login: Some("8001".into()), terminal: "t".into() },
        at: raise.at,
        today: raise.today,
    };
    db::write(&mut db.conn, |tx| {
        db::fund::change_budget(tx, &hb, &cfg.fund, 2026, "living_relief", 25_000_000, "追加")
    })
    .unwrap()
    .unwrap();
    let at = |v: &Value, code: &str| -> (Value, Value) {
        let g = v["fund"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["year"] == 2026 && g["programme"] == code)
            .unwrap();
        (g["budget_fen"].clone(), g["remaining_fen"].clone())
    };
    let nov = json(&env, &["--month", "2026-11"]);
    assert_eq!(at(&nov, "living_relief"), (Value::from(20_000_000), Value::from(20_000_000)));
    let dec = json(&env, &["--month", "2026-12"]);
    assert_eq!(at(&dec, "living_relief"), (Value::from(25_000_000), Value::from(25_000_000 - 180_000)));
    assert_eq!(at(&dec, "spring_warmth"), (Value::from(45_000_000), Value::from(45_000_000 - 150_000)));
    let day = &dec["days"][0]["fund"][0];
    assert!(day["budget_fen"].is_null() && day["remaining_fen"].is_null(), "{day}");
    let text = String::from_utf8(report(&env, &["--month", "2026-12", "--format", "md"]).stdout).unwrap();
    assert!(text.contains("期末余额") && text.contains("248,200.00"), "{text}");
}

#[test]
fn every_format_of_report_daily_shows_the_fund_section() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let env = fund_env();
    let args = ["--month", "2026-12", "--format"];
    let text = stdout(&report(&env, &[&args[..], &["text"]].concat()));
    assert!(text.contains("帮扶资金") && text.contains("生活救助"), "{text}");
    assert!(text.contains("2,000.00") && text.contains("1,800.00"), "{text}");
    let md = stdout(&report(&env, &[&args[..], &["md"]].concat()));
    assert!(md.contains("帮扶资金") && md.contains("生活救助") && md.contains("1,800.00"), "{md}");
    let csv = stdout(&report(&env, &[&args[..], &["csv"]].concat()));
    assert!(
        csv.contains("帮扶资金") && csv.lines().any(|l| l.starts_with("生活救助,2026,2000.00,1800.00,1")),
        "{csv}"
    );
    let one = stdout(&report(&env, &["--month", "2026-12", "--format", "csv", "--table", "fund"]));
    assert!(
        one.lines().any(|l| l == "living_relief,生活救助,2026,2000.00,1800.00,1,200000.00,198200.00"),
        "{one}"
    );
    let f = env.path("r.xlsx");
    report(&env, &["--month", "2026-12", "--format", "xlsx", "--out", f.to_str().unwrap()]);
    let mut book: Xlsx<_> = open_workbook(&f).unwrap();
    let sheet = book.worksheet_range("帮扶资金").unwrap();
    let row = sheet
        .rows()
        .find(|r| r.first() == Some(&Data::String("生活救助".into())))
        .unwrap_or_else(|| panic!("{sheet:?}"));
    assert_eq!(row.get(2), Some(&Data::Float(2000.0)));
    assert_eq!(row.get(3), Some(&Data::Float(1800.0)));
    assert_eq!(row.get(4), Some(&Data::Float(1.0)));
}

/// F5 on December 2026 (its figures read on 2027-01-10), scrolled until the section's title is the first
/// line under the header, at 80×24.
fn f5(lang: frontdesk::i18n::Lang, conn: &rusqlite::Connection, long_name: Option<&str>) -> String {
    use common::screen::{key, render};
    use crossterm::event::{KeyCode, KeyModifiers};
    use frontdesk::app::{Event, Reply};
    use frontdesk::report::{Period, summary_at};
    let mut a = common::screen::kiosk(lang, (1, "9001", "周主任", Role::Supervisor), false);
    key(&mut a, KeyCode::F(5), KeyModifiers::NONE);
    // The kiosk's clock reads 2026-11-28: this month, then the next.
    key(&mut a, KeyCode::Char('2'), KeyModifiers::NONE);
    key(&mut a, KeyCode::Right, KeyModifiers::NONE);
    let month = Period::month(2026, 12).unwrap();
    let now = Utc.with_ymd_and_hms(2027, 1, 10, 1, 41, 0).unwrap();
    let mut settings = a.settings.clone();
    if let Some(name) = long_name {
        settings.config.fund.programmes[0].name = name.into();
    }
    let s = summary_at(conn, &settings, month, now).unwrap();
    let _ = a.update(Event::Reply(Reply::Summary(Box::new((month, Ok(s))))));
    let title = frontdesk::i18n::report_fund_summary::words(lang).section;
    for _ in 0..300 {
        let screen = render(&mut a, 80, 24);
        if screen.lines().nth(4).is_some_and(|l| l.starts_with(&format!("│ {title} "))) {
            return screen;
        }
        key(&mut a, KeyCode::Down, KeyModifiers::NONE);
    }
    panic!("no {title} section:\n{}", render(&mut a, 80, 24));
}

#[test]
fn f5_shows_the_fund_section_in_both_languages() {
    let env = fund_env();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let zh = f5(frontdesk::i18n::Lang::Zh, &conn, None);
    for want in ["帮扶项目", "本期批准", "本期发放", "受助户数", "意外致困救助"] {
        assert!(zh.contains(want), "{want}:\n{zh}");
    }
    let row = zh.lines().find(|l| l.contains("生活救助")).unwrap();
    assert!(row.contains("2026") && row.contains("2,000.00") && row.contains("1,800.00"), "{zh}");
    insta::assert_snapshot!("f5_fund_zh_80x24", zh);
    let en = f5(frontdesk::i18n::Lang::En, &conn, None);
    assert!(en.contains("Committed") && en.contains("Recipients") && en.contains("1,500.00"), "{en}");
    insta::assert_snapshot!("f5_fund_en_80x24", en);
    // A programme's long name is cut by display width; its figures stay on the screen.
    let long = "元旦春节送温暖暨困难职工家庭生活保障与子女助学综合帮扶行动";
    let zh = f5(frontdesk::i18n::Lang::Zh, &conn, Some(long));
    let row = zh.lines().find(|l| l.contains("元旦春节")).unwrap();
    assert!(row.contains('…') && row.contains("1,500.00") && row.ends_with('│'), "{zh}");
    assert!(zh.contains("受助户数"), "{zh}");
}

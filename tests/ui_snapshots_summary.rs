//! F5 on demo data made as of a fixed time (Saturday 28 November 2026, 09:41 in Yuyao): the day
//! at 80×24 (scrolled too) and 160×48, a month, English, and wide ambiguous width.

mod common;
use chrono::TimeZone;
use common::screen::{key, render};
use crossterm::event::{KeyCode, KeyModifiers};
use frontdesk::app::{App, Event, Reply};
use frontdesk::domain::Role;
use frontdesk::i18n::Lang;
use frontdesk::report::{Period, summary_at};

fn demo() -> (tempfile::TempDir, frontdesk::db::Db) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = frontdesk::db::open(&dir.path().join("demo.db"), frontdesk::db::OpenMode::Create).unwrap();
    for (login, name, role) in frontdesk::cli::DEMO_CLERKS {
        frontdesk::db::clerks::insert(&db.conn, login, name, *role, "x", chrono::Utc::now()).unwrap();
    }
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 28, 1, 41, 0).unwrap();
    let settings = frontdesk::config::Settings::builtin();
    let path = db.path.clone();
    frontdesk::cli::seed_data(&mut db.conn, &settings, &path, 1, now).unwrap();
    (dir, db)
}

/// The moment the demo was made and the screen shows: the figures are read then, as the kiosk would.
fn fixed_now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.with_ymd_and_hms(2026, 11, 28, 1, 41, 0).unwrap()
}

fn f5(lang: Lang, db: &frontdesk::db::Db, period: Period) -> App {
    let mut a = common::screen::kiosk(lang, (1, "9001", "周主任", Role::Supervisor), false);
    key(&mut a, KeyCode::F(5), KeyModifiers::NONE);
    let s = summary_at(&db.conn, &a.settings, period, fixed_now()).unwrap();
    let _ = a.update(Event::Reply(Reply::Summary(Box::new((period, Ok(s))))));
    a
}

#[test]
fn the_day_and_the_month_on_demo_data() {
    let (_dir, db) = demo();
    let day = Period::day(chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
    let mut a = f5(Lang::Zh, &db, day);
    insta::assert_snapshot!("f5_day_zh_80x24", render(&mut a, 80, 24));
    insta::assert_snapshot!("f5_day_zh_160x48", render(&mut a, 160, 48));
    for _ in 0..14 {
        key(&mut a, KeyCode::Down, KeyModifiers::NONE);
    }
    insta::assert_snapshot!("f5_day_scrolled_zh_80x24", render(&mut a, 80, 24));
    let mut a = f5(Lang::En, &db, day);
    insta::assert_snapshot!("f5_day_en_80x24", render(&mut a, 80, 24));
    let mut a = f5(Lang::Zh, &db, day);
    a.amb = frontdesk::domain::width::Ambiguous::Wide;
    insta::assert_snapshot!("f5_day_zh_amb2_80x24", render(&mut a, 80, 24));
    let mut a = common::screen::kiosk(Lang::Zh, (1, "9001", "周主任", Role::Supervisor), false);
    key(&mut a, KeyCode::F(5), KeyModifiers::NONE);
    key(&mut a, KeyCode::Char('2'), KeyModifiers::NONE);
    let month = Period::month_of(day.from);
    let s = summary_at(&db.conn, &a.settings, month, fixed_now()).unwrap();
    let _ = a.update(Event::Reply(Reply::Summary(Box::new((month, Ok(s))))));
    insta::assert_snapshot!("f5_month_zh_160x48", render(&mut a, 160, 48));
}

#[test]
fn the_admin_tab_on_demo_data() {
    use frontdesk::rooms::admin::AdminReply;
    let (_dir, db) = demo();
    let mut a = common::screen::kiosk(Lang::Zh, (1, "9001", "周主任", Role::Supervisor), false);
    key(&mut a, KeyCode::F(6), KeyModifiers::NONE);
    let now = chrono::Utc.with_ymd_and_hms(2026, 11, 28, 1, 41, 0).unwrap();
    let list = frontdesk::db::clerks::list(&db.conn, now).unwrap();
    let _ = a.update(Event::Reply(Reply::Admin(Box::new(AdminReply::Clerks(list)))));
    insta::assert_snapshot!("f6_clerks_zh_80x24", render(&mut a, 80, 24));
    key(&mut a, KeyCode::Char('k'), KeyModifiers::ALT);
    let actor = frontdesk::db::audit::Actor {
        clerk_id: Some(2),
        login: Some("9002".into()),
        terminal: "tty=/dev/pts/3 ssh=10.0.0.21 pid=4242".into(),
    };
    for reason in ["本人来访", "电话查询"] {
        let e = frontdesk::db::audit::Entry {
            worker_masked: Some("330281********1234"),
            reason: Some(reason),
            ..frontdesk::db::audit::Entry::new("claims_lookup")
        };
        frontdesk::db::audit::append(&db.conn, &actor, now, &e).unwrap();
    }
    let filter = frontdesk::db::audit_search::Filter { action: Some("claims".into()), ..Default::default() };
    let first = frontdesk::db::page::From::First;
    let mut rows = frontdesk::db::audit_search::search(&db.conn, &filter, first, 200).unwrap();
    let (total, flagged) = frontdesk::db::audit_search::count(&db.conn, &filter, "本人来访").unwrap();
    for r in &mut rows {
        // Stored stamps are of the moment the demo was made; the screen shows the fixed day.
        r.at = "2026-11-28T01:30:00.000Z".into();
    }
    let page = AdminReply::Audit { rows, total, flagged, page: first };
    let _ = a.update(Event::Reply(Reply::Admin(Box::new(page))));
    insta::assert_snapshot!("f6_audit_zh_80x24", render(&mut a, 80, 24));
}

/// While the period stepped to is read, the one before's figures do not stand under its header.
#[test]
fn a_new_period_shows_no_figures_until_its_own_arrive() {
    let (_dir, db) = demo();
    let day = Period::day(chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
    let mut a = f5(Lang::Zh, &db, day);
    assert!(render(&mut a, 80, 24).contains("来访总数 39"));
    key(&mut a, KeyCode::Left, KeyModifiers::NONE);
    let reading = render(&mut a, 80, 24);
    assert!(reading.contains("2026-11-27"), "{reading}");
    assert!(!reading.contains("来访总数"), "the 28th's figures under the 27th's header:\n{reading}");
    let prev = Period::day(chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    let s = summary_at(&db.conn, &a.settings, prev, fixed_now()).unwrap();
    let _ = a.update(Event::Reply(Reply::Summary(Box::new((prev, Ok(s))))));
    assert!(render(&mut a, 80, 24).contains("来访总数"));
}

/// Stepped away from this year (or quarter), the header no longer calls it 本年 (本季度): the
/// dates name the period (helper-5 saw `[本年] 2023-01-01 ~ 2023-12-31`).
#[test]
fn a_year_stepped_to_is_named_by_its_dates() {
    let (_dir, db) = demo();
    let mut a = f5(Lang::Zh, &db, Period::day(chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()));
    // The period's header is the fourth line (the hint bar names the presets too).
    let header = |a: &mut App| render(a, 80, 24).lines().nth(3).unwrap_or_default().to_string();
    key(&mut a, KeyCode::Char('5'), KeyModifiers::NONE);
    assert!(header(&mut a).contains("[本年] 2026-01-01 ~ 2026-12-31"), "{}", header(&mut a));
    key(&mut a, KeyCode::Left, KeyModifiers::NONE);
    let line = header(&mut a);
    assert!(line.contains("2025-01-01 ~ 2025-12-31") && !line.contains("本年"), "{line}");
    key(&mut a, KeyCode::Char('4'), KeyModifiers::NONE);
    assert!(header(&mut a).contains("[本季度]"));
    key(&mut a, KeyCode::Left, KeyModifiers::NONE);
    assert!(!header(&mut a).contains("本季度"), "{}", header(&mut a));
}

//! F5's 困难档案 section on the demo (made as of Saturday 28 November 2026, 09:41 in Yuyao)
//! with hardship files written into it with plain SQL: November, scrolled to the section, at
//! 80×24 in both languages — the whole section on one screen.

mod common;
use chrono::TimeZone;
use common::screen::{key, render};
use crossterm::event::{KeyCode, KeyModifiers};
use frontdesk::app::{App, Event, Reply};
use frontdesk::domain::Role;
use frontdesk::i18n::Lang;
use frontdesk::report::{Period, summary_at};

fn fixed_now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.with_ymd_and_hms(2026, 11, 28, 1, 41, 0).unwrap()
}

/// Five households: one filed this month, one reviewed late after lapsing on 11-15, one lapsed
/// on 11-10 and not reviewed, one exited (died), one exited by review (income), a visit.
const FILES: &str = include_str!("fixtures/hardship_november.sql");

fn demo() -> (tempfile::TempDir, frontdesk::db::Db) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = frontdesk::db::open(&dir.path().join("demo.db"), frontdesk::db::OpenMode::Create).unwrap();
    for (login, name, role) in frontdesk::cli::DEMO_CLERKS {
        frontdesk::db::clerks::insert(&db.conn, login, name, *role, "x", chrono::Utc::now()).unwrap();
    }
    let settings = frontdesk::config::Settings::builtin();
    let path = db.path.clone();
    frontdesk::cli::seed_data(&mut db.conn, &settings, &path, 1, fixed_now()).unwrap();
    // The demo's own files make way for the five whose figures the snapshot shows.
    db.conn
        .execute_batch(
            "UPDATE hardship_files SET current_review = NULL;
             DELETE FROM hardship_visit_clerks; DELETE FROM hardship_visits;
             DELETE FROM hardship_verifications; DELETE FROM hardship_members;
             DELETE FROM hardship_events; DELETE FROM hardship_reviews; DELETE FROM hardship_files;",
        )
        .unwrap();
    db.conn.execute_batch(FILES).unwrap();
    (dir, db)
}

/// F5 on November, scrolled down until the section's title is the first line under the header.
fn scrolled(lang: Lang, db: &frontdesk::db::Db) -> (App, String) {
    let mut a = common::screen::kiosk(lang, (1, "9001", "周主任", Role::Supervisor), false);
    key(&mut a, KeyCode::F(5), KeyModifiers::NONE);
    key(&mut a, KeyCode::Char('2'), KeyModifiers::NONE);
    let month = Period::month(2026, 11).unwrap();
    let s = summary_at(&db.conn, &a.settings, month, fixed_now()).unwrap();
    let _ = a.update(Event::Reply(Reply::Summary(Box::new((month, Ok(s))))));
    let title = frontdesk::i18n::report_hardship::words(lang).section;
    for _ in 0..200 {
        let screen = render(&mut a, 80, 24);
        if screen.lines().nth(4).is_some_and(|l| l.starts_with(&format!("│ {title} "))) {
            return (a, screen);
        }
        key(&mut a, KeyCode::Down, KeyModifiers::NONE);
    }
    panic!("no {title} section:\n{}", render(&mut a, 80, 24));
}

#[test]
fn the_hardship_section_fits_one_screen_in_both_languages() {
    let (_dir, db) = demo();
    let (_a, zh) = scrolled(Lang::Zh, &db);
    // As of now (28th): 1 and 2 in file (2 reviewed after lapsing), 3 lapsed, 4 and 5 exited;
    // 2 and 3 never visited since filing a year ago.
    for want in [
        "在档户数 2",
        "新建档 1",
        "年审续档 1",
        "解困退出 2",
        "到期失效 2",
        "走访次数 1",
        "逾期未走访 2",
        "在档按致困原因：因病 1",
        "意外 1",
        "其他 0",
    ] {
        assert!(zh.contains(want), "{want}:\n{zh}");
    }
    insta::assert_snapshot!("f5_hardship_zh_80x24", zh);
    let (_a, en) = scrolled(Lang::En, &db);
    assert!(en.contains("Households in file 2") && en.contains("moved away"), "{en}");
    insta::assert_snapshot!("f5_hardship_en_80x24", en);
}

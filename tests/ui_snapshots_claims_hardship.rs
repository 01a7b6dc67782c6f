//! F2's 困难档案 page and lists page on the demo (made as of Saturday 28 November 2026, 09:41
//! in Yuyao), through the real key and reply path: the demo's largest current household, then
//! the lists; 80×24 in both languages.

mod common;
use chrono::TimeZone;
use common::screen::{key, render, typ};
use crossterm::event::{KeyCode, KeyModifiers};
use frontdesk::app::{App, Event, Reply};
use frontdesk::domain::{IdNumber, Role};
use frontdesk::i18n::Lang;
use frontdesk::rooms::claims::ClaimReply;

fn fixed_now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.with_ymd_and_hms(2026, 11, 28, 1, 41, 0).unwrap()
}

fn demo() -> (tempfile::TempDir, frontdesk::db::Db) {
    let dir = tempfile::tempdir().unwrap();
    let mut db = frontdesk::db::open(&dir.path().join("demo.db"), frontdesk::db::OpenMode::Create).unwrap();
    for (login, name, role) in frontdesk::cli::DEMO_CLERKS {
        frontdesk::db::clerks::insert(&db.conn, login, name, *role, "x", chrono::Utc::now()).unwrap();
    }
    let settings = frontdesk::config::Settings::builtin();
    let path = db.path.clone();
    frontdesk::cli::seed_data(&mut db.conn, &settings, &path, 1, fixed_now()).unwrap();
    (dir, db)
}

fn reply(a: &mut App, r: ClaimReply) {
    let _ = a.update(Event::Reply(Reply::Claims(Box::new(r))));
}

/// F2, the worker with the largest filed household, reason 1, Alt+K, and the file read.
fn file_page(lang: Lang, db: &frontdesk::db::Db) -> App {
    let (worker_id, id, file_id): (i64, String, i64) = db
        .conn
        .query_row(
            "SELECT w.id, w.id_number, f.id FROM hardship_files f JOIN workers w ON w.id = f.worker_id
             WHERE f.state = 'filed' AND f.valid_until >= '2026-11-28' ORDER BY f.members DESC, f.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let mut a = common::screen::kiosk(lang, (2, "9002", "李小窗", Role::Clerk), false);
    key(&mut a, KeyCode::F(2), KeyModifiers::NONE);
    typ(&mut a, &id);
    key(&mut a, KeyCode::Enter, KeyModifiers::NONE);
    typ(&mut a, "1");
    let picture = frontdesk::rooms::claims::service::picture(
        &db.conn,
        &a.settings.config.fund,
        &IdNumber::from_stored(&id).unwrap(),
    )
    .unwrap();
    reply(&mut a, ClaimReply::Picture { id_number: id, picture });
    key(&mut a, KeyCode::Char('k'), KeyModifiers::ALT);
    let file = frontdesk::db::hardship::whole(&db.conn, file_id).unwrap().map(Box::new);
    reply(&mut a, ClaimReply::HardshipFile { worker_id, file });
    a
}

#[test]
fn the_file_page_and_the_lists_at_80x24_in_both_languages() {
    let (_dir, db) = demo();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let mut a = file_page(lang, &db);
        insta::assert_snapshot!(format!("f2_hardship_file_{tag}_80x24"), render(&mut a, 80, 24));
        key(&mut a, KeyCode::PageDown, KeyModifiers::NONE);
        insta::assert_snapshot!(format!("f2_hardship_file_down_{tag}_80x24"), render(&mut a, 80, 24));
        key(&mut a, KeyCode::Char('k'), KeyModifiers::ALT);
        let lists = frontdesk::rooms::claims::service::hardship_lists_on(
            &db.conn,
            &a.settings.config.hardship,
            today,
        )
        .unwrap();
        reply(&mut a, ClaimReply::HardshipLists(lists));
        key(&mut a, KeyCode::Down, KeyModifiers::NONE);
        insta::assert_snapshot!(format!("f2_hardship_lists_{tag}_80x24"), render(&mut a, 80, 24));
    }
}

//! The record in the database is signed: edits made with write access to the database but
//! without the key are caught by `letter verify` and by `check` (issue #22, part B).

mod common;
use common::*;

/// A valid letter of the demo with its files written: (id, number, code).
fn a_valid_letter(db: &std::path::Path) -> (i64, String, String) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(
        "SELECT id, number, code FROM letters WHERE type = 'recuperation' AND state = 'issued'
           AND replaced_by IS NULL AND replaces IS NULL AND files = 'written' ORDER BY id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

#[test]
fn forged_dates_on_a_letter_marked_purged_are_caught_by_verify_and_check() {
    let (dir, db) = demo_in_tempdir();
    let (id, number, code) = a_valid_letter(&db);
    let out = run_on(&db, dir.path(), &["letter", "verify", &number, &code]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute("UPDATE letters SET end_on = '2027-03-31', files = 'purged' WHERE id = ?1", [id]).unwrap();
    let out = run_on(&db, dir.path(), &["letter", "verify", &number, &code]);
    let said = stdout(&out);
    assert!(!said.starts_with("valid") && !said.contains("2027-03-31"), "{said}");
    assert_eq!(out.status.code(), Some(5), "{said}");
    let out = run_on(&db, dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stderr(&out).contains(&number), "{}", stderr(&out));
}

#[test]
fn a_stored_text_edited_in_the_database_is_caught_by_verify_file_and_check() {
    let (dir, db) = demo_in_tempdir();
    let (id, number, code) = a_valid_letter(&db);
    let c = rusqlite::Connection::open(&db).unwrap();
    let text: String =
        c.query_row("SELECT unit_text FROM letters WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    let forged = text.replacen("名额：", "名额：9", 1);
    assert_ne!(forged, text);
    c.execute("UPDATE letters SET unit_text = ?2 WHERE id = ?1", rusqlite::params![id, forged]).unwrap();
    let file = dir.path().join("forged.txt");
    std::fs::write(&file, &forged).unwrap();
    let out = run_on(&db, dir.path(), &["letter", "verify", "--file", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(5), "{}", stdout(&out));
    let out = run_on(&db, dir.path(), &["letter", "verify", &number, &code]);
    assert_eq!(out.status.code(), Some(5), "{}", stdout(&out));
    let out = run_on(&db, dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(&number), "{}", stderr(&out));
}

#[test]
fn an_untouched_demo_passes_check_and_every_letter_verifies_by_number_and_code() {
    let (dir, db) = demo_in_tempdir();
    let out = run_on(&db, dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// helper-11's edits with sqlite3: a voided letter revived, a good one set void without a
/// reason, a detail the code does not sign (places) raised.
#[test]
fn a_void_revived_a_letter_voided_by_hand_or_its_places_raised_are_caught() {
    let (dir, db) = demo_in_tempdir();
    let c = rusqlite::Connection::open(&db).unwrap();
    let (void_id, void_number, void_code): (i64, String, String) = c
        .query_row(
            "SELECT id, number, code FROM letters WHERE state = 'void' AND replaced_by IS NULL ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let out = run_on(&db, dir.path(), &["letter", "verify", &void_number, &void_code]);
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    c.execute(
        "UPDATE letters SET state = 'issued', void_reason = NULL, voided_at = NULL, voided_by = NULL WHERE id = ?1",
        [void_id],
    )
    .unwrap();
    let out = run_on(&db, dir.path(), &["letter", "verify", &void_number, &void_code]);
    assert_eq!(out.status.code(), Some(5), "{}", stdout(&out));

    let (id, number, code) = a_valid_letter(&db);
    c.execute("UPDATE letters SET state = 'void' WHERE id = ?1", [id]).unwrap();
    let out = run_on(&db, dir.path(), &["letter", "verify", &number, &code]);
    assert_eq!(out.status.code(), Some(5), "{}", stdout(&out));
    c.execute("UPDATE letters SET state = 'issued', places = 5 WHERE id = ?1", [id]).unwrap();
    let out = run_on(&db, dir.path(), &["letter", "verify", &number, &code]);
    assert_eq!(out.status.code(), Some(5), "{}", stdout(&out));

    let out = run_on(&db, dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(&void_number) && stderr(&out).contains(&number), "{}", stderr(&out));
}

/// helper-12: the newest letter of a series deleted by hand (its mark too) went unnoticed.
#[test]
fn a_letter_deleted_from_the_database_is_named_by_check() {
    let (dir, db) = demo_in_tempdir();
    let c = rusqlite::Connection::open(&db).unwrap();
    let (id, number): (i64, String) = c
        .query_row(
            "SELECT id, number FROM letters WHERE type = 'recuperation' ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    c.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    c.execute("DELETE FROM letter_marks WHERE letter_id = ?1", [id]).unwrap();
    c.execute("DELETE FROM letter_deliveries WHERE letter_id = ?1", [id]).unwrap();
    c.execute("DELETE FROM letters WHERE id = ?1", [id]).unwrap();
    let out = run_on(&db, dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(&number), "{}", stderr(&out));
}

/// helper-12: `check` wrote outbox files from a tampered row (`recuperation-2026-0099.*`)
/// before naming it.
#[test]
fn check_writes_no_files_for_a_tampered_row() {
    let (dir, db) = demo_in_tempdir();
    let (id, number, _) = a_valid_letter(&db);
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute("UPDATE letters SET seq = 99, files = 'pending' WHERE id = ?1", [id]).unwrap();
    let out = run_on(&db, dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(&number), "{}", stderr(&out));
    let outbox = db.with_file_name("outbox");
    let written: Vec<String> = std::fs::read_dir(&outbox)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("-0099."))
        .collect();
    assert!(written.is_empty(), "{written:?}");
}

/// helper-14: a link in a letter file's place counted as the file, and `check` passed. It is
/// written over with the letter's own file (the link's target untouched).
#[test]
fn a_link_in_a_letter_files_place_is_written_over() {
    let (dir, db) = demo_in_tempdir();
    let c = rusqlite::Connection::open(&db).unwrap();
    let (ty, year, seq): (String, i32, u32) = c
        .query_row(
            "SELECT type, year, seq FROM letters WHERE files = 'written' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let file = db.with_file_name("outbox").join(format!("{ty}-{year}-{seq:04}.txt"));
    let elsewhere = dir.path().join("elsewhere.txt");
    std::fs::write(&elsewhere, "not the letter").unwrap();
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &file).unwrap();
    let out = run_on(&db, dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(&file).unwrap().file_type().is_file(), "the link replaced");
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "not the letter");
}

/// helper-16: a letter file emptied, or with text appended, passed `check`; a folder in a
/// file's place left temporaries behind. Files are held to what they show, and a folder is
/// named.
#[test]
fn check_writes_again_a_letter_file_that_no_longer_shows_the_letter() {
    let (dir, db) = demo_in_tempdir();
    let outbox = db.with_file_name("outbox");
    let (_, number, _) = a_valid_letter(&db);
    let c = rusqlite::Connection::open(&db).unwrap();
    let (ty, year, seq): (String, i32, u32) = c
        .query_row("SELECT type, year, seq FROM letters WHERE number = ?1", [&number], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    let base = format!("{ty}-{year}-{seq:04}");
    let txt = outbox.join(format!("{base}.txt"));
    let genuine = std::fs::read(&txt).unwrap();
    std::fs::write(&txt, [genuine.as_slice(), "另：名额增加至5人".as_bytes()].concat()).unwrap();
    std::fs::write(outbox.join(format!("{base}.html")), "").unwrap();
    let out = run_on(&db, dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains(&number), "said it was written again: {}", stderr(&out));
    assert_eq!(std::fs::read(&txt).unwrap(), genuine);
    // A folder where the page goes: named, and nothing half-written left.
    let page = outbox.join(format!("{base}.html"));
    std::fs::remove_file(&page).unwrap();
    std::fs::create_dir(&page).unwrap();
    let out = run_on(&db, dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(&format!("{base}.html")), "{}", stderr(&out));
    let temps: Vec<_> = std::fs::read_dir(&outbox)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp-"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
}

/// helper-18: rosters and void notices in the outbox were not looked at by `check` (deleted or
/// emptied, they stayed so). They are held to what they show like the letters' files.
#[test]
fn check_writes_again_a_roster_or_a_notice_that_is_gone_or_changed() {
    let (dir, db) = demo_in_tempdir();
    let outbox = db.with_file_name("outbox");
    let c = rusqlite::Connection::open(&db).unwrap();
    let id: i64 = c
        .query_row("SELECT id FROM letters WHERE state = 'void' AND replaced_by IS NULL LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let settings = frontdesk::config::Settings::builtin();
    let l = frontdesk::db::letters::by_id(&c, id).unwrap().unwrap();
    let secret = frontdesk::db::read_key(&db).unwrap();
    let notice =
        frontdesk::letters::send::void_notice(&c, &settings, &secret, &outbox, None, &l).unwrap().unwrap();
    drop(c);
    let genuine_txt = std::fs::read(outbox.join("batch-2026-0001.roster.txt")).unwrap();
    std::fs::remove_file(outbox.join("batch-2026-0001.roster.html")).unwrap();
    std::fs::write(outbox.join("batch-2026-0001.roster.txt"), "").unwrap();
    std::fs::remove_file(&notice).unwrap();
    let out = run_on(&db, dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(outbox.join("batch-2026-0001.roster.html").is_file());
    assert_eq!(std::fs::read(outbox.join("batch-2026-0001.roster.txt")).unwrap(), genuine_txt);
    assert!(notice.is_file(), "the notice written again");
    let out = run_on(&db, dir.path(), &["letter", "verify", "--file", notice.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
}

//! The audit trail with only sqlite3 at hand (issue #23): `check` reports dropped triggers,
//! a head that no longer matches its signature, and a trail cut back behind the head an
//! earlier check anchored beside the key (and printed).

mod common;
use common::*;

#[test]
fn check_anchors_the_head_and_finds_the_trail_cut_back_or_its_triggers_dropped() {
    let env = Env::seeded();
    let out = env.run(&["check"], None, "");
    assert_ok(&out);
    let anchor = env.db.with_file_name("fd.db.audit-head");
    let anchored = std::fs::read_to_string(&anchor).unwrap();
    assert!(stdout(&out).contains(anchored.trim()), "the head is printed: {}", stdout(&out));
    assert_eq!(mode_of(&anchor) & 0o777, 0o600);
    let c = rusqlite::Connection::open(&env.db).unwrap();
    // Cut back: the last rows deleted (the head and its signature could be put back from a
    // copy taken when the trail was shorter; the anchor does not depend on them).
    let (id, _) = anchored.trim().split_once(':').unwrap();
    let id: i64 = id.parse().unwrap();
    c.execute_batch("DROP TRIGGER audit_log_no_delete").unwrap();
    c.execute("DELETE FROM audit_log WHERE id >= ?1", [id - 1]).unwrap();
    let out = env.run(&["check"], None, "");
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("audit_log_no_delete"), "{err}");
    assert!(err.contains(&format!("截短到第 {id} 行之前")), "in the user's language: {err}");
}

/// helper-15: the whole database put back from a copy taken before a void: `letter verify`
/// said valid while `check` failed, and `check` first rewrote the outbox from the old rows.
#[test]
fn a_database_put_back_from_an_older_copy_is_not_read_out_as_valid() {
    let (dir, db) = demo_in_tempdir();
    let c = rusqlite::Connection::open(&db).unwrap();
    let l: frontdesk::db::letters::LetterRow = {
        let id: i64 = c
            .query_row(
                "SELECT id FROM letters WHERE state = 'issued' AND type = 'recuperation' LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        frontdesk::db::letters::by_id(&c, id).unwrap().unwrap()
    };
    drop(c);
    let old = dir.path().join("before-void.db");
    // No terminal has it open: the file is the whole database (the journal went at close).
    std::fs::copy(&db, &old).unwrap();
    {
        let mut d = frontdesk::db::open(&db, frontdesk::db::OpenMode::Existing).unwrap();
        let secret = frontdesk::db::read_key(&db).unwrap();
        let by = frontdesk::letters::By {
            actor: frontdesk::db::audit::Actor { clerk_id: Some(1), login: None, terminal: "t".into() },
            at: chrono::Utc::now(),
            today: chrono::Utc::now().date_naive(),
        };
        assert!(
            frontdesk::db::write(&mut d.conn, |tx| frontdesk::letters::void_in(
                tx,
                &secret,
                &l,
                "行程取消",
                &by
            ))
            .unwrap()
        );
    }
    assert_ok(&run_on(&db, dir.path(), &["check"]));
    // The copy from before the void put in place of the database, files and all.
    for ext in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
    std::fs::copy(&old, &db).unwrap();
    let outbox = db.with_file_name("outbox");
    std::fs::remove_dir_all(&outbox).unwrap();
    let out = run_on(&db, dir.path(), &["letter", "verify", &l.number, &l.code]);
    assert_eq!(out.status.code(), Some(5), "{}", stdout(&out));
    let out = run_on(&db, dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!outbox.exists(), "no letter files written from the old rows");
}

/// helper-14: a link in place of the anchor file made `check` print (and audit) the key it
/// pointed at, and /dev/zero made it read without end. The anchor is never followed, never read
/// past a head's length, never shown.
#[test]
fn an_anchor_that_is_a_link_is_neither_followed_nor_shown() {
    let (dir, db) = demo_in_tempdir();
    assert_ok(&run_on(&db, dir.path(), &["check"]));
    let anchor = db.with_file_name("fd.db.audit-head");
    let key = std::fs::read_to_string(db.with_file_name("fd.db.key")).unwrap();
    for target in [db.with_file_name("fd.db.key"), std::path::PathBuf::from("/dev/zero")] {
        std::fs::remove_file(&anchor).unwrap();
        std::os::unix::fs::symlink(&target, &anchor).unwrap();
        let out = run_on(&db, dir.path(), &["check"]);
        assert_eq!(out.status.code(), Some(1), "{target:?}");
        assert!(!stderr(&out).contains(key.trim()) && !stdout(&out).contains(key.trim()), "{}", stderr(&out));
        assert!(stderr(&out).contains("fd.db.audit-head"), "{}", stderr(&out));
    }
    let c = rusqlite::Connection::open(&db).unwrap();
    let leaked: i64 = c
        .query_row("SELECT count(*) FROM audit_log WHERE instr(detail, ?1) > 0", [key.trim()], |r| r.get(0))
        .unwrap();
    assert_eq!(leaked, 0);
}

/// helper-16: the whole trail deleted (triggers dropped and put back, the head and the anchor
/// removed) passed `check` and was signed again from a first row. The letters it told of are
/// no longer accounted for, and the seal keeps that the trail was wiped.
#[test]
fn a_trail_wiped_whole_is_found() {
    let (dir, db) = demo_in_tempdir();
    assert_ok(&run_on(&db, dir.path(), &["check"]));
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log; DELETE FROM settings WHERE key = 'audit_head';
         CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only'); END;",
    )
    .unwrap();
    drop(c);
    std::fs::remove_file(db.with_file_name("fd.db.audit-head")).unwrap();
    for _ in 0..2 {
        let out = run_on(&db, dir.path(), &["check"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    }
}

/// helper-16: another backup's key put in place made any command (an anonymous verify) mark
/// the trail broken for good. A key that is not this database's is refused before anything is
/// written; the right key put back, all is as it was.
#[test]
fn a_wrong_key_is_refused_and_leaves_nothing_behind() {
    let (dir, db) = demo_in_tempdir();
    assert_ok(&run_on(&db, dir.path(), &["check"]));
    let key = db.with_file_name("fd.db.key");
    let right = std::fs::read(&key).unwrap();
    std::fs::write(&key, "ab".repeat(32)).unwrap();
    let out = run_on(&db, dir.path(), &["letter", "verify", "余工疗函〔2026〕1号", "AAAAA-AAAAA"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("不是这个数据库的"), "{}", stderr(&out));
    std::fs::write(&key, right).unwrap();
    assert_ok(&run_on(&db, dir.path(), &["check"]));
}

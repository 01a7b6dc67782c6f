use super::audit::{Actor, Entry};
use super::*;
use chrono::{TimeZone, Utc};

fn actor() -> Actor {
    Actor { clerk_id: None, login: Some("8001".into()), terminal: "test".into() }
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0).unwrap()
}

#[test]
fn opening_sets_and_keeps_the_pragmas_and_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/fd.db");
    let db = open(&path, OpenMode::Create).unwrap();
    assert!(db.created);
    let mode: String = db.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(user_version(&db.conn).unwrap(), LATEST_VERSION);
    settings::set(&db.conn, "x", "1").unwrap();
    drop(db);
    let again = open(&path, OpenMode::Existing).unwrap();
    assert!(!again.created);
    assert_eq!(settings::get(&again.conn, "x").unwrap().as_deref(), Some("1"));
    assert_eq!(read_key(&path).unwrap().len(), 32);
}

#[test]
fn files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fd.db");
    let _db = open(&path, OpenMode::Create).unwrap();
    for p in [path.clone(), key_path(&path)] {
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", p.display());
    }
}

#[test]
fn missing_file_is_not_created_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.db");
    assert!(matches!(open(&path, OpenMode::Existing), Err(DbError::NotFound(_))));
    assert!(!path.exists());
}

#[test]
fn a_newer_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fd.db");
    let db = open(&path, OpenMode::Create).unwrap();
    db.conn.pragma_update(None, "user_version", LATEST_VERSION + 1).unwrap();
    drop(db);
    match open(&path, OpenMode::Existing) {
        Err(DbError::Newer { found, .. }) => assert_eq!(found, LATEST_VERSION + 1),
        other => panic!("expected Newer, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn upgrading_from_each_version_reaches_the_latest() {
    for from in 0..LATEST_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fd.db");
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in &migrations_for_test()[..from as usize] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", from).unwrap();
        drop(conn);
        // A blank file (version 0) is only ever made a database by `init`, `demo` or the kiosk.
        let mode = if from == 0 { OpenMode::Create } else { OpenMode::Existing };
        let db = open(&path, mode).unwrap();
        assert_eq!(user_version(&db.conn).unwrap(), LATEST_VERSION);
    }
}

fn migrations_for_test() -> Vec<&'static str> {
    migrations::all().to_vec()
}

#[test]
fn audit_rows_cannot_be_changed_and_tampering_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fd.db");
    let mut db = open(&path, OpenMode::Create).unwrap();
    for action in ["login", "clerk_add", "backup"] {
        write(&mut db.conn, |tx| audit::append(tx, &actor(), now(), &Entry::new(action))).unwrap();
    }
    assert_eq!(audit::verify_chain(&db.conn).unwrap(), None);
    assert!(db.conn.execute("UPDATE audit_log SET action = 'x' WHERE id = 2", []).is_err());
    assert!(db.conn.execute("DELETE FROM audit_log WHERE id = 2", []).is_err());

    // Someone with sqlite3 drops the triggers, deletes a row and restores them.
    let triggers: Vec<String> = {
        let mut s = db
            .conn
            .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
            .unwrap();
        s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
    };
    db.conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;").unwrap();
    db.conn.execute("DELETE FROM audit_log WHERE id = 2", []).unwrap();
    for t in &triggers {
        db.conn.execute_batch(t).unwrap();
    }
    let problem = audit::verify_chain(&db.conn).unwrap().expect("deletion found");
    assert!(problem.contains('3'), "{problem}");
}

#[test]
fn an_edited_or_truncated_audit_trail_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = open(&dir.path().join("fd.db"), OpenMode::Create).unwrap();
    for action in ["a", "b"] {
        write(&mut db.conn, |tx| audit::append(tx, &actor(), now(), &Entry::new(action))).unwrap();
    }
    db.conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;").unwrap();
    db.conn.execute("UPDATE audit_log SET reason = 'x' WHERE id = 1", []).unwrap();
    assert!(audit::verify_chain(&db.conn).unwrap().unwrap().contains("edited"));
    db.conn.execute("UPDATE audit_log SET reason = NULL WHERE id = 1", []).unwrap();
    assert_eq!(audit::verify_chain(&db.conn).unwrap(), None);
    db.conn.execute("DELETE FROM audit_log WHERE id = 2", []).unwrap();
    assert!(audit::verify_chain(&db.conn).unwrap().is_some(), "the last row's deletion is found");
}

#[test]
fn lockout_after_five_failures_and_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = open(&dir.path().join("fd.db"), OpenMode::Create).unwrap();
    let hash = crate::domain::pin::hash_pin("602814", &[1; 16]).unwrap();
    clerks::insert(&db.conn, "8001", "周主任", crate::domain::Role::Supervisor, &hash, now()).unwrap();
    use clerks::{Login, authenticate};
    for left in (1..5).rev() {
        assert_eq!(
            authenticate(&mut db.conn, "8001", "000000", "t", now()).unwrap(),
            Login::Wrong { attempts_left: left }
        );
    }
    let locked = authenticate(&mut db.conn, "8001", "000000", "t", now()).unwrap();
    assert!(matches!(locked, Login::Locked { .. }));
    // Even the right PIN is refused while locked.
    assert!(matches!(
        authenticate(&mut db.conn, "8001", "602814", "t", now()).unwrap(),
        Login::Locked { .. }
    ));
    // Five minutes later it works again.
    let later = now() + chrono::Duration::minutes(5) + chrono::Duration::seconds(1);
    assert!(matches!(authenticate(&mut db.conn, "8001", "602814", "t", later).unwrap(), Login::Ok(_)));
    // An unknown login gets the same answer as a wrong PIN.
    assert_eq!(
        authenticate(&mut db.conn, "9999", "602814", "t", now()).unwrap(),
        Login::Wrong { attempts_left: 4 }
    );
    clerks::unlock(&db.conn, "9999").unwrap();
    assert_eq!(audit::verify_chain(&db.conn).unwrap(), None);
    assert!(audit::count(&db.conn).unwrap() >= 8);
}

/// With sqlite3 and no key: triggers dropped, a row edited, every hash and the head recomputed.
/// The chain walks clean, but its head no longer matches its signature, and the dropped
/// triggers are named.
#[test]
fn an_audit_trail_rewritten_without_the_key_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fd.db");
    let mut db = open(&path, OpenMode::Create).unwrap();
    for action in ["login", "lookup", "export"] {
        write(&mut db.conn, |tx| audit::append(tx, &actor(), now(), &Entry::new(action))).unwrap();
    }
    let key = super::audit_seal::key_for(&path).unwrap();
    assert!(super::audit_seal::problems(&db.conn, &key).unwrap().is_empty());
    db.conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;").unwrap();
    db.conn.execute("UPDATE audit_log SET action = 'login' WHERE id = 3", []).unwrap();
    audit::rehash_all(&db.conn).unwrap();
    assert_eq!(audit::verify_chain(&db.conn).unwrap(), None, "the unkeyed chain is fooled");
    let problems = super::audit_seal::problems(&db.conn, &key).unwrap();
    use super::audit_seal::Problem;
    assert!(problems.contains(&Problem::Rewritten), "{problems:?}");
    assert!(problems.contains(&Problem::TriggerMissing("audit_log_no_update")), "{problems:?}");
    // The last row deleted and the head reset to the row before: the same.
    db.conn.execute("DELETE FROM audit_log WHERE id = 3", []).unwrap();
    audit::rehash_all(&db.conn).unwrap();
    assert!(
        super::audit_seal::problems(&db.conn, &key).unwrap().contains(&super::audit_seal::Problem::Rewritten)
    );
    // helper-14: the next row written (any command's) signed the rewritten head again. It no
    // longer does: the trail stays marked from where it was found.
    write(&mut db.conn, |tx| audit::append(tx, &actor(), now(), &Entry::new("lookup"))).unwrap();
    write(&mut db.conn, |tx| audit::append(tx, &actor(), now(), &Entry::new("check"))).unwrap();
    assert_eq!(audit::verify_chain(&db.conn).unwrap(), None);
    let problems = super::audit_seal::problems(&db.conn, &key).unwrap();
    assert!(problems.contains(&super::audit_seal::Problem::BrokenAt(2)), "{problems:?}");
}

/// A trail cut back to an earlier head (its signature copied at the time) still matches its
/// signature; the head an earlier check anchored is what finds it.
#[test]
fn a_trail_cut_back_to_an_earlier_signed_head_is_found_by_the_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fd.db");
    let mut db = open(&path, OpenMode::Create).unwrap();
    write(&mut db.conn, |tx| audit::append(tx, &actor(), now(), &Entry::new("a"))).unwrap();
    let copied: Vec<(String, String)> = db
        .conn
        .prepare("SELECT key, value FROM settings WHERE key IN ('audit_head', 'audit_seal')")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    write(&mut db.conn, |tx| audit::append(tx, &actor(), now(), &Entry::new("export"))).unwrap();
    let anchored = super::settings::get(&db.conn, super::settings::AUDIT_HEAD).unwrap().unwrap();
    assert_eq!(super::audit_seal::extends(&db.conn, &anchored).unwrap(), None);
    db.conn.execute_batch("DROP TRIGGER audit_log_no_delete").unwrap();
    db.conn.execute("DELETE FROM audit_log WHERE id = 2", []).unwrap();
    for (k, v) in copied {
        super::settings::set(&db.conn, &k, &v).unwrap();
    }
    assert_eq!(audit::verify_chain(&db.conn).unwrap(), None);
    let key = super::audit_seal::key_for(&path).unwrap();
    assert!(
        !super::audit_seal::problems(&db.conn, &key)
            .unwrap()
            .contains(&super::audit_seal::Problem::Rewritten)
    );
    let cut = super::audit_seal::extends(&db.conn, &anchored).unwrap();
    assert_eq!(cut, Some(super::audit_seal::Problem::CutBack(2)));
}

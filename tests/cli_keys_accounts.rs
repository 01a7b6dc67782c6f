//! The key and the database file, and accounts (issue #23): a missing key is an error, never a
//! new key; an empty or missing database is refused by every command but init and demo; the
//! first account on an empty database is exactly one, however many ask at once.

mod common;
use common::*;

#[test]
fn a_missing_key_is_an_error_naming_it_and_no_new_key_is_made() {
    let (dir, db) = demo_in_tempdir();
    let c = rusqlite::Connection::open(&db).unwrap();
    let (number, code): (String, String) = c
        .query_row("SELECT number, code FROM letters WHERE state = 'issued' LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let key = db.with_file_name("fd.db.key");
    let saved = std::fs::read(&key).unwrap();
    std::fs::remove_file(&key).unwrap();
    for args in [
        vec!["letter", "verify", number.as_str(), code.as_str()],
        vec!["check"],
        vec!["--lang", "zh", "check"],
    ] {
        let out = run_on(&db, dir.path(), &args);
        let err = stderr(&out);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(!stdout(&out).starts_with("altered"), "{args:?}: {}", stdout(&out));
        assert!(err.contains("fd.db.key"), "{args:?}: {err}");
        assert!(!key.exists(), "{args:?} made a new key");
    }
    // helper-14: commands that write audit rows went on writing them unsigned (a false alarm
    // once the key came back, and a backup without its key). They refuse, naming the key.
    for args in [vec!["clerk", "list"], vec!["backup", dir.path().join("b.db").to_str().unwrap()]] {
        let out = std::process::Command::new(bin_under_test())
            .args(&args)
            .args(["--db", db.to_str().unwrap()])
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("cfg"))
            .env("FRONTDESK_LOGIN", "9001")
            .env("FRONTDESK_PIN", "208461")
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(stderr(&out).contains("fd.db.key"), "{args:?}: {}", stderr(&out));
    }
    assert!(!dir.path().join("b.db").exists());
    // Restored from the backup, every letter verifies again.
    std::fs::write(&key, saved).unwrap();
    let out = run_on(&db, dir.path(), &["letter", "verify", &number, &code]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn an_empty_database_file_is_refused_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fd.db");
    std::fs::write(&db, b"").unwrap();
    for args in [
        vec!["check"],
        vec!["letter", "verify", "余工疗函〔2026〕1号", "AAAAA-AAAAA"],
        vec!["clerk", "add", "--login", "8001", "--name", "某人", "--role", "supervisor"],
    ] {
        let out = run_on(&db, dir.path(), &args);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(stderr(&out).contains("fd.db"), "{args:?}: {}", stderr(&out));
        assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "{args:?} made a database of it");
    }
    assert!(!dir.path().join("fd.db.key").exists());
    // `clerk add` on no database at all is refused too: `init` makes one.
    let missing = dir.path().join("none.db");
    let out = run_on(
        &missing,
        dir.path(),
        &["clerk", "add", "--login", "8001", "--name", "某人", "--role", "supervisor"],
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(!missing.exists());
}

#[test]
fn of_four_first_accounts_asked_at_once_exactly_one_is_added() {
    let env = Env::new();
    assert_ok(&env.run(&["init"], None, ""));
    let children: Vec<_> = (0..4)
        .map(|i| {
            let login = format!("800{i}");
            let mut c =
                env.cmd(&["clerk", "add", "--login", &login, "--name", "某人", "--role", "supervisor"]);
            c.stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            let mut child = c.spawn().unwrap();
            use std::io::Write;
            child.stdin.take().unwrap().write_all(b"602814\n").unwrap();
            child
        })
        .collect();
    let ok =
        children.into_iter().map(|c| c.wait_with_output().unwrap()).filter(|o| o.status.success()).count();
    let c = rusqlite::Connection::open(&env.db).unwrap();
    let n: i64 = c.query_row("SELECT count(*) FROM clerks", [], |r| r.get(0)).unwrap();
    assert_eq!((ok, n), (1, 1));
}

/// 24 wrong PINs started at once for one login: at most five are ever checked, one lock-out is
/// written, and the rest are refused as locked before their PIN is looked at.
#[test]
fn wrong_pins_at_once_check_at_most_five_and_lock_once() {
    let env = Env::seeded();
    let children: Vec<_> = (0..24)
        .map(|_| {
            let mut c = env.cmd(&["clerk", "list"]);
            c.env("FRONTDESK_LOGIN", "8001")
                .env("FRONTDESK_PIN", "739164")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null());
            c.spawn().unwrap()
        })
        .collect();
    for mut c in children {
        assert!(!c.wait().unwrap().success());
    }
    let c = rusqlite::Connection::open(&env.db).unwrap();
    let count = |action: &str| -> i64 {
        c.query_row("SELECT count(*) FROM audit_log WHERE action = ?1", [action], |r| r.get(0)).unwrap()
    };
    assert_eq!((count("login_failed"), count("lockout")), (5, 1));
    assert_eq!(count("login_refused_locked"), 19);
    // The right PIN now is refused too, until the lock ends.
    assert_ne!(code(&env.sup(&["clerk", "list"])), 0);
}

/// helper-14: an SQLite file of someone else's (a table of its own), or an empty one, was made
/// a frontdesk database by `check` or `letter verify` (and then anyone could add the first
/// supervisor). Refused and left as it was.
#[test]
fn a_foreign_or_blank_sqlite_file_is_refused_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("x.db");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE foo (x)").unwrap();
    let blank = dir.path().join("e.db");
    rusqlite::Connection::open(&blank).unwrap().execute_batch("VACUUM").unwrap();
    std::fs::write(&blank, std::fs::read(&blank).unwrap()).unwrap();
    for db in [&foreign, &blank] {
        let before = std::fs::read(db).unwrap();
        for args in [
            vec!["check"],
            vec!["letter", "verify", "A", "B"],
            vec!["clerk", "add", "--login", "6666", "--name", "某", "--role", "supervisor"],
        ] {
            let out = run_on(db, dir.path(), &args);
            assert_ne!(out.status.code(), Some(0), "{db:?} {args:?}");
            assert!(stderr(&out).contains("frontdesk"), "{}", stderr(&out));
        }
        assert_eq!(std::fs::read(db).unwrap(), before, "{db:?} unchanged");
        assert!(!frontdesk::db::key_path(db).exists());
    }
    // `init` does not take a file with tables of its own either.
    assert_ne!(run_on(&foreign, dir.path(), &["init"]).status.code(), Some(0));
}

/// A database with no letters whose key was lost gets a new one and works on (nothing signed
/// with the lost key can be checked any more, and `check` says the trail's head no longer
/// matches); it is never refused as "another database's key" for good.
#[test]
fn a_database_without_letters_works_on_with_a_new_key() {
    let env = Env::seeded();
    std::fs::remove_file(env.db.with_file_name("fd.db.key")).unwrap();
    assert_ok(&env.sup(&["clerk", "list"]));
    assert_ok(&env.sup(&["clerk", "list"]));
    assert!(env.db.with_file_name("fd.db.key").exists());
    assert_eq!(code(&env.run(&["check"], None, "")), 1, "the old trail's signature cannot be checked");
}

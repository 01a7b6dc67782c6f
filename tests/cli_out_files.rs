//! Files the program writes at the user's word (`export … --out`, `report … --out`, `backup`):
//! never the live database, its companions or the outbox, never through a link, never over a
//! file without `--force`, always private (0600) and whole; a file not written is not audited.

mod common;
use common::*;
use std::os::unix::fs::PermissionsExt;

fn count(env: &Env, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every command that writes a file the user names, writing to `path`.
fn writers(path: &str) -> Vec<Vec<String>> {
    let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        v(&["export", "workers", "--out", path]),
        v(&["export", "workers", "--unmasked", "--out", path]),
        v(&["export", "audit", "--out", path]),
        v(&["export", "worker", "--id", "11010519491231002X", "--out", path]),
        v(&["report", "daily", "--out", path]),
        v(&["report", "daily", "--format", "json", "--out", path]),
        v(&["backup", path]),
    ]
}

fn sup(env: &Env, args: &[String]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    env.sup(&args)
}

/// One worker to export, so `export worker --id` has someone.
fn with_a_worker(env: &Env) {
    let f = env.path("w.csv");
    std::fs::write(&f, "id_number,name,phone,work_unit,email\n11010519491231002X,王建国,13812345678,一厂,\n")
        .unwrap();
    assert_ok(&env.sup(&["import", "workers", f.to_str().unwrap()]));
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn out_refuses_the_database_its_files_and_the_outbox() {
    let env = Env::seeded();
    with_a_worker(&env);
    let outbox = env.path("outbox");
    std::fs::create_dir_all(&outbox).unwrap();
    let link = env.path("via-link");
    std::os::unix::fs::symlink(env.dir.path(), &link).unwrap();
    let key = frontdesk::db::key_path(&env.db);
    let key_before = std::fs::read(&key).unwrap();
    let targets = [
        env.db.clone(),
        env.path("fd.db-wal"),
        env.path("fd.db-shm"),
        env.path("fd.db-journal"),
        key.clone(),
        env.path("fd.db.audit-head"),
        link.join("fd.db"),
        link.join("fd.db.key"),
        outbox.join("x.csv"),
        link.join("outbox").join("y.csv"),
    ];
    for target in &targets {
        for args in writers(target.to_str().unwrap()) {
            let out = sup(&env, &args);
            assert_eq!(code(&out), 1, "{args:?} must be refused\n{}", stderr(&out));
            assert!(
                stderr(&out).contains(target.file_name().unwrap().to_str().unwrap()),
                "names it: {}",
                stderr(&out)
            );
            assert_eq!(std::fs::read(&key).unwrap(), key_before, "{args:?}: the key is untouched");
        }
    }
    // The database is whole and holds what it held.
    assert!(std::fs::read(&env.db).unwrap().starts_with(b"SQLite format 3\0"), "still a database");
    assert_eq!(count(&env, "SELECT count(*) FROM workers"), 1);
    assert!(files_in(&outbox).is_empty(), "nothing in the outbox: {:?}", files_in(&outbox));
    assert_ok(&env.run(&["check"], None, ""));
    // A copy may well be named after the database.
    assert_ok(&env.sup(&["backup", env.path("fd.db.bak").to_str().unwrap()]));
    assert_ok(&env.sup(&["export", "workers", "--out", env.path("fd.db.csv").to_str().unwrap()]));
}

#[test]
fn out_never_follows_a_link_nor_replaces_a_file_without_force() {
    let env = Env::seeded();
    with_a_worker(&env);
    let victim = env.path("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let dangling = env.path("dangling.csv");
    std::os::unix::fs::symlink(env.path("nowhere.csv"), &dangling).unwrap();
    let linked = env.path("linked.csv");
    std::os::unix::fs::symlink(&victim, &linked).unwrap();
    for target in [&linked, &dangling] {
        for args in writers(target.to_str().unwrap()) {
            assert_eq!(code(&sup(&env, &args)), 1, "{args:?} through a link");
        }
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(!env.path("nowhere.csv").exists(), "a dangling link's target is not created");

    // An existing file, left open to others: refused, then replaced with --force by a private one.
    for (i, args) in writers("PLACEHOLDER").into_iter().enumerate() {
        let existing = env.path(&format!("old-{i}.out"));
        std::fs::write(&existing, "old").unwrap();
        std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o644)).unwrap();
        let at = |a: &[String]| -> Vec<String> {
            a.iter()
                .map(|s| if s == "PLACEHOLDER" { existing.to_str().unwrap().to_string() } else { s.clone() })
                .collect()
        };
        let out = sup(&env, &at(&args));
        assert_eq!(code(&out), 1, "{args:?}: an existing file without --force");
        assert!(stderr(&out).contains("--force") || args[0] == "backup", "{}", stderr(&out));
        assert_eq!(std::fs::read_to_string(&existing).unwrap(), "old");
        if args[0] == "backup" {
            continue;
        }
        let mut forced = at(&args);
        forced.push("--force".into());
        assert_ok(&sup(&env, &forced));
        assert_ne!(std::fs::read(&existing).unwrap(), b"old");
        assert_eq!(mode_of(&existing), 0o600, "{args:?}: the replaced file is private");
    }
    // New files are private too, and no temporary is left behind.
    for (i, args) in writers("PLACEHOLDER").into_iter().enumerate() {
        let new = env.path(&format!("new-{i}.out"));
        let args: Vec<String> = args
            .iter()
            .map(|s| if s == "PLACEHOLDER" { new.to_str().unwrap().to_string() } else { s.clone() })
            .collect();
        assert_ok(&sup(&env, &args));
        assert_eq!(mode_of(&new), 0o600, "{args:?}");
    }
    let names = files_in(env.dir.path());
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "no temporaries: {names:?}");
}

#[test]
fn a_missing_folder_is_named_in_the_users_language_and_nothing_is_audited() {
    let env = Env::seeded();
    with_a_worker(&env);
    let audited = |env: &Env| {
        count(
            env,
            "SELECT count(*) FROM audit_log WHERE action IN ('export', 'export_worker', 'report', 'backup')",
        )
    };
    let before = audited(&env);
    let folder = env.path("no-such-folder");
    let target = folder.join("x.csv");
    for args in writers(target.to_str().unwrap()) {
        let out = sup(&env, &args);
        assert_eq!(code(&out), 1, "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("no-such-folder") && err.contains("不存在"), "{args:?}: {err}");
        assert!(!err.contains("os error"), "{err}");
        assert!(!err.contains(env.db.to_str().unwrap()), "names the target, not the database: {err}");
        let mut en = args.clone();
        en.push("--lang".into());
        en.push("en".into());
        let err = stderr(&sup(&env, &en));
        assert!(err.contains("no-such-folder") && err.contains("does not exist"), "{args:?}: {err}");
    }
    assert_eq!(audited(&env), before, "no audit row for a file not written");
    // A written file is audited once, with where it went.
    assert_ok(&env.sup(&["export", "workers", "--out", env.path("w-out.csv").to_str().unwrap()]));
    assert_eq!(audited(&env), before + 1);
    assert_eq!(
        count(&env, "SELECT count(*) FROM audit_log WHERE action = 'export' AND detail LIKE '%w-out.csv'"),
        1
    );
}

/// helper-14: `--out … --force` replaced a FIFO (and, as root, /dev/null) with a plain file.
#[test]
fn force_never_replaces_a_pipe_or_a_device() {
    let env = Env::seeded();
    let fifo = env.path("p.fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only reads it.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for target in [fifo.to_str().unwrap(), "/dev/null"] {
        let out = env.sup(&["export", "workers", "--out", target, "--force"]);
        assert_eq!(code(&out), 1, "{target}: {}", stderr(&out));
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(std::fs::symlink_metadata("/dev/null").unwrap().file_type().is_char_device());
}

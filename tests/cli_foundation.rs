//! The foundation commands through the real binary: init, clerk, check, backup, config accept.

mod common;
use common::*;

#[test]
fn init_creates_a_private_database_and_key_and_is_idempotent() {
    let env = Env::new();
    let out = env.run(&["init"], None, "");
    assert_ok(&out);
    assert!(stdout(&out).contains("已创建数据库"));
    assert_eq!(mode_of(&env.db), 0o600);
    assert_eq!(mode_of(&env.path("fd.db.key")), 0o600);
    let again = env.run(&["init"], None, "");
    assert_ok(&again);
    assert!(stderr(&again).contains("已存在"));
}

#[test]
fn first_clerk_needs_no_login_later_ones_need_a_supervisor() {
    let env = Env::new();
    // The first account must be a supervisor.
    let out =
        env.run(&["clerk", "add", "--login", "8002", "--name", "吴", "--role", "clerk"], None, "937125\n");
    assert_eq!(code(&out), 1);
    let env = Env::seeded();
    // Without a login, a second account is refused.
    let out =
        env.run(&["clerk", "add", "--login", "8003", "--name", "王", "--role", "clerk"], None, "408631\n");
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("FRONTDESK_LOGIN"));
    // A clerk may not add accounts.
    let out = env.run(
        &["clerk", "add", "--login", "8003", "--name", "王", "--role", "clerk"],
        Some(("8002", CLERK_PIN)),
        "408631\n",
    );
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("无权"), "{}", stderr(&out));
    let list = stdout(&env.sup(&["clerk", "list"]));
    assert!(list.contains("8001\t周主任\t中心负责人\t在用"), "{list}");
    assert!(list.contains("8002\t吴窗口"));
    assert!(!list.contains("8003"));
}

#[test]
fn weak_or_malformed_new_pins_are_refused() {
    let env = Env::seeded();
    for pin in ["123456", "111111", "19880101", "12345", "abcdef"] {
        let out = env.run(
            &["clerk", "add", "--login", "8009", "--name", "王", "--role", "clerk"],
            Some(("8001", SUP_PIN)),
            &format!("{pin}\n"),
        );
        assert_eq!(code(&out), 1, "{pin} accepted");
        assert!(stderr(&out).contains("PIN"), "{pin}: {}", stderr(&out));
    }
}

#[test]
fn wrong_pins_count_toward_a_lockout_that_a_supervisor_lifts() {
    let env = Env::seeded();
    for left in (1..5).rev() {
        let out = env.run(&["clerk", "list"], Some(("8002", "000000")), "");
        assert_eq!(code(&out), 1);
        assert!(stderr(&out).contains(&format!("还可尝试 {left} 次")), "{}", stderr(&out));
    }
    let out = env.run(&["clerk", "list"], Some(("8002", "000000")), "");
    assert!(stderr(&out).contains("锁定"), "{}", stderr(&out));
    // The right PIN is refused while locked.
    let out = env.run(&["check"], None, "");
    assert_ok(&out);
    let out = env.run(&["clerk", "list"], Some(("8002", CLERK_PIN)), "");
    assert!(stderr(&out).contains("锁定"));
    let list = stdout(&env.sup(&["clerk", "list"]));
    assert!(list.contains("8002\t吴窗口\t窗口工作人员\t锁定至"), "{list}");
    assert_ok(&env.sup(&["clerk", "unlock", "8002"]));
    // Unlocked: the clerk authenticates again (and is then refused for lacking the role).
    let out = env.run(&["clerk", "list"], Some(("8002", CLERK_PIN)), "");
    assert!(stderr(&out).contains("无权"), "{}", stderr(&out));
}

#[test]
fn accounts_can_be_disabled_reset_and_given_roles_but_not_the_last_supervisor() {
    let env = Env::seeded();
    assert_eq!(code(&env.sup(&["clerk", "disable", "8001"])), 1);
    assert_eq!(code(&env.sup(&["clerk", "set-role", "8001", "clerk"])), 1);
    assert_ok(&env.sup(&["clerk", "set-role", "8002", "auditor"]));
    assert!(stdout(&env.sup(&["clerk", "list"])).contains("8002\t吴窗口\t经审"));
    assert_ok(&env.run(&["clerk", "reset-pin", "8002"], Some(("8001", SUP_PIN)), "408631\n"));
    assert_ok(&env.sup(&["clerk", "disable", "8002"]));
    let out = env.run(&["clerk", "list"], Some(("8002", "408631")), "");
    assert!(stderr(&out).contains("停用"), "{}", stderr(&out));
    assert_eq!(code(&env.sup(&["clerk", "disable", "9999"])), 1);
}

#[test]
fn usage_errors_exit_2_runtime_errors_exit_1_in_one_line() {
    let env = Env::seeded();
    assert_eq!(
        code(&env.run(&["clerk", "add", "--login", "x", "--name", "y", "--role", "boss"], None, "")),
        2
    );
    assert_eq!(code(&env.run(&["--lang", "fr", "check"], None, "")), 2);
    assert_eq!(code(&env.run(&["nonsense"], None, "")), 2);
    assert_eq!(
        code(&env.run(&["clerk", "add", "--login", "a b", "--name", "y", "--role", "clerk"], None, "")),
        2
    );
    let missing = Env::new();
    let out = missing.run(&["check"], None, "");
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("找不到数据库"), "{err}");
    assert!(!missing.db.exists(), "check must not create a database");
    let en = missing.run(&["--lang", "en", "check"], None, "");
    assert!(stderr(&en).contains("database not found"));
}

#[test]
fn a_broken_config_names_file_line_and_key() {
    let env = Env::seeded();
    let cfg = env.path("bad.toml");
    std::fs::write(&cfg, "language = \"zh-CN\"\nidle_lock_seconds = \"soon\"\n").unwrap();
    let out = env.run(&["--config", cfg.to_str().unwrap(), "check"], None, "");
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:2: idle_lock_seconds", cfg.display())), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    // The environment variable works the same way.
    let out = env.cmd(&["check"]).env("FRONTDESK_CONFIG", &cfg).output().unwrap();
    assert_eq!(code(&out), 1);
}

#[test]
fn backup_is_a_sound_copy_with_its_key() {
    let env = Env::seeded();
    let target = env.path("copy.db");
    assert_ok(&env.sup(&["backup", target.to_str().unwrap()]));
    assert_eq!(mode_of(&target), 0o600);
    assert_eq!(
        std::fs::read(env.path("copy.db.key")).unwrap(),
        std::fs::read(env.path("fd.db.key")).unwrap()
    );
    let copy = Env { dir: tempfile::tempdir().unwrap(), db: target.clone() };
    assert_ok(&copy.run(&["check"], None, ""));
    assert!(stdout(&copy.sup(&["clerk", "list"])).contains("8002"));
    // Never overwrites.
    assert_eq!(code(&env.sup(&["backup", target.to_str().unwrap()])), 1);
    // A clerk may not take backups.
    assert_eq!(
        code(&env.run(&["backup", env.path("b2.db").to_str().unwrap()], Some(("8002", CLERK_PIN)), "")),
        1
    );
}

#[test]
fn check_fails_on_a_tampered_audit_trail_and_warns_without_failing() {
    let env = Env::seeded();
    let out = env.run(&["check"], None, "");
    assert_ok(&out);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2;").unwrap();
    drop(conn);
    let out = env.run(&["check"], None, "");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("audit"), "{}", stderr(&out));
}

#[test]
fn a_different_centre_config_warns_until_a_supervisor_accepts_it() {
    let env = Env::seeded();
    let cfg = env.path("own.toml");
    std::fs::write(
        &cfg,
        "[claims]\nsecond_approval_fen = 100\nnumber_format = \"C{year}{seq}\"\nseq_width = 5\n",
    )
    .unwrap();
    let c = cfg.to_str().unwrap();
    let out = env.run(&["--config", c, "check"], None, "");
    assert_ok(&out);
    assert!(stderr(&out).contains("config accept"), "{}", stderr(&out));
    assert_eq!(code(&env.run(&["--config", c, "config", "accept"], Some(("8002", CLERK_PIN)), "")), 1);
    assert_ok(&env.run(&["--config", c, "config", "accept"], Some(("8001", SUP_PIN)), ""));
    let out = env.run(&["--config", c, "check"], None, "");
    assert!(!stderr(&out).contains("config accept"), "{}", stderr(&out));
    // Terminal-only keys never need accepting.
    let term = env.path("term.toml");
    std::fs::write(&term, "language = \"en\"\nwindow = \"w2\"\ntheme = \"mono\"\n").unwrap();
    let out = env.run(&["--config", term.to_str().unwrap(), "check"], None, "");
    assert!(stderr(&out).contains("config accept"), "the database now holds the accepted config");
    assert_ok(&env.run(
        &["--config", term.to_str().unwrap(), "config", "accept"],
        Some(("8001", SUP_PIN)),
        "",
    ));
    let out = env.run(&["check"], None, "");
    assert!(!stderr(&out).contains("config accept"), "built-in and terminal-only configs agree");
}

#[test]
fn terminals_creating_one_new_database_at_once_do_not_race() {
    let env = Env::new();
    let children: Vec<_> = (0..6)
        .map(|_| {
            env.cmd(&["init"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outs: Vec<_> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
    for o in &outs {
        assert_ok(o);
    }
    let created = outs.iter().filter(|o| stdout(o).contains("已创建")).count();
    assert_eq!(created, 1);
    assert_ok(&env.run(&["check"], None, ""));
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, frontdesk::db::LATEST_VERSION);
}

#[test]
fn demo_creates_a_demo_database_and_refuses_a_real_one() {
    let env = Env::new();
    let out = env.run(&["demo", "--no-tui"], None, "");
    assert_ok(&out);
    assert_eq!(stdout(&out).trim(), env.db.display().to_string());
    let list = stdout(&env.run(&["clerk", "list"], Some(("9001", "208461")), ""));
    for login in ["9001", "9002", "9003", "9004"] {
        assert!(list.contains(login), "{list}");
    }
    // Again: the same demo database is reused.
    assert_ok(&env.run(&["demo", "--no-tui"], None, ""));
    // A real database is never touched by demo.
    let real = Env::seeded();
    let out = real.run(&["demo", "--no-tui"], None, "");
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("不是演示数据库"), "{}", stderr(&out));
    // Without --db, demo.db goes to the data directory.
    let home = Env::new();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["demo", "--no-tui"])
        .env_clear()
        .env("HOME", home.dir.path())
        .env("XDG_DATA_HOME", home.path("data"))
        .env("XDG_CONFIG_HOME", home.path("cfg"))
        .output()
        .unwrap();
    assert_ok(&out);
    assert!(home.path("data/frontdesk/demo.db").exists(), "{}", stdout(&out));
}

//! Helpers for driving the real binary on temp databases.
#![allow(dead_code)]

pub mod screen;
pub mod tmux;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const SUP_PIN: &str = "602814";
pub const CLERK_PIN: &str = "937125";

pub struct Env {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Env {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fd.db");
        Env { dir, db }
    }

    /// A command on this env's database, isolated from the host's config and environment.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin_under_test());
        c.args(args)
            .arg("--db")
            .arg(&self.db)
            .env_clear()
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg-config"))
            .env("XDG_DATA_HOME", self.dir.path().join("xdg-data"))
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TZ", "UTC")
            .stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str], login: Option<(&str, &str)>, stdin: &str) -> Output {
        let mut c = self.cmd(args);
        if let Some((l, p)) = login {
            c.env("FRONTDESK_LOGIN", l).env("FRONTDESK_PIN", p);
        }
        c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        // The child may refuse before reading its input; a broken pipe is not a failure here.
        let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
        child.wait_with_output().unwrap()
    }

    pub fn sup(&self, args: &[&str]) -> Output {
        self.run(args, Some(("8001", SUP_PIN)), "")
    }

    /// A database with supervisor 8001 and clerk 8002.
    pub fn seeded() -> Self {
        let env = Env::new();
        assert_ok(&env.run(&["init"], None, ""));
        let out = env.run(
            &["clerk", "add", "--login", "8001", "--name", "周主任", "--role", "supervisor"],
            None,
            "602814\n",
        );
        assert_ok(&out);
        let out = env.run(
            &["clerk", "add", "--login", "8002", "--name", "吴窗口", "--role", "clerk"],
            Some(("8001", SUP_PIN)),
            "937125\n",
        );
        assert_ok(&out);
        env
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn assert_ok(o: &Output) {
    assert!(o.status.success(), "exit {:?}\nstdout: {}\nstderr: {}", o.status.code(), stdout(o), stderr(o));
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn mode_of(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Starts `n` copies of the running test binary on the ignored `child` test (which reads the
/// database from FRONTDESK_TEST_CHILD_DB), all at once, and waits for each to succeed.
pub fn run_children(db: &std::path::Path, n: usize) {
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..n)
        .map(|_| {
            Command::new(&exe)
                .args(["--exact", "child", "--ignored", "--test-threads=1"])
                .env("FRONTDESK_TEST_CHILD_DB", db)
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
}

/// A plain letter for `id` (a worker already held) through the library's own issue, as a
/// process racing others would: returns its sequence number.
pub fn issue_letter(conn: &mut rusqlite::Connection, db: &Path, id: &str, today: chrono::NaiveDate) -> u32 {
    let settings = frontdesk::config::Settings::builtin();
    let worker_id: i64 =
        conn.query_row("SELECT id FROM workers WHERE id_number = ?1", [id], |r| r.get(0)).unwrap();
    let id = frontdesk::domain::IdNumber::from_stored(id).unwrap();
    let new = frontdesk::letters::NewLetter {
        worker_id,
        id_masked: id.masked(),
        name: "王建国".into(),
        work_unit: String::new(),
        recipient: "siming".into(),
        start: today,
        end: today,
        places: None,
        standard: String::new(),
        companions: String::new(),
        note: String::new(),
        replaces: None,
        replace_reason: String::new(),
    };
    let actor = frontdesk::db::audit::Actor {
        clerk_id: Some(1),
        login: Some("8001".into()),
        terminal: "child".into(),
    };
    let by = frontdesk::letters::By { actor, at: chrono::Utc::now(), today };
    let secret = frontdesk::db::read_key(db).unwrap();
    frontdesk::letters::issue(conn, &settings, &secret, &new, &by).unwrap().unwrap().seq
}

/// The small demo, built by the real binary in `dir/sub` (its own HOME, nothing of the host's).
pub fn demo_db(dir: &Path, sub: &str) -> PathBuf {
    let db = dir.join(sub).join("fd.db");
    std::fs::create_dir_all(dir.join(sub)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["--db", db.to_str().unwrap(), "demo", "--no-tui"])
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("cfg"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    db
}

/// The binary under test; `FRONTDESK_TEST_BIN` runs the same cases against another build (an
/// older one, to see what it answered before).
pub fn bin_under_test() -> String {
    std::env::var("FRONTDESK_TEST_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_frontdesk").to_string())
}

/// A fresh small demo built by that binary in `dir/d`.
pub fn fresh_demo(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("d").join("fd.db");
    std::fs::create_dir_all(dir.join("d")).unwrap();
    let out = std::process::Command::new(bin_under_test())
        .args(["--db", db.to_str().unwrap(), "demo", "--no-tui"])
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("cfg"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    db
}

/// A fresh small demo in its own temporary folder: (the folder, the database).
pub fn demo_in_tempdir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_demo(dir.path());
    (dir, db)
}

/// The binary under test on `db`, with `home` as its whole environment (nothing of the host's).
pub fn run_on(db: &Path, home: &Path, args: &[&str]) -> Output {
    on(db, home, args).output().unwrap()
}

/// `run_on` as the demo's supervisor (9001, README's PIN).
pub fn sup_on(db: &Path, home: &Path, args: &[&str]) -> Output {
    on(db, home, args).env("FRONTDESK_LOGIN", "9001").env("FRONTDESK_PIN", "208461").output().unwrap()
}

fn on(db: &Path, home: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(bin_under_test());
    c.args(args)
        .arg("--db")
        .arg(db)
        .env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("cfg"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TZ", "UTC");
    c
}

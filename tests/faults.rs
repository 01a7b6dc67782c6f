//! Faults from outside, through the real binary: a read-only file or folder, a full disk (a
//! file-size limit), a damaged or newer file, a lock held past the busy limit. Each gives one
//! sentence in the clerk's language, exit 1, and leaves the database as it was.

mod common;
use common::*;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Output, Stdio};

fn count(env: &Env, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// `frontdesk args` as a user who may read but not write what root made: root ignores file
/// modes, so as root the command runs as `nobody` (setpriv); otherwise the modes are taken away.
fn as_outsider(home: &std::path::Path, db: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let bin = env!("CARGO_BIN_EXE_frontdesk");
    let mut c = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else {
        Command::new(bin)
    };
    c.args(args)
        .arg("--db")
        .arg(db)
        .env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("FRONTDESK_LOGIN", "8001")
        .env("FRONTDESK_PIN", SUP_PIN)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    let _ = std::io::Write::write_all(&mut child.stdin.take().unwrap(), stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn set_mode(p: &std::path::Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

const ADD: [&str; 8] = ["clerk", "add", "--login", "8009", "--name", "吴新", "--role", "clerk"];

#[test]
fn a_read_only_file_or_folder_is_named_and_nothing_is_written() {
    let env = Env::seeded();
    set_mode(env.dir.path(), 0o755);
    // The file: readable, not writable.
    set_mode(&env.db, if is_root() { 0o644 } else { 0o444 });
    if !is_root() {
        set_mode(env.dir.path(), 0o555);
    }
    let out = as_outsider(env.dir.path(), &env.db, &ADD, "937125\n");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("只读，无法保存"), "{}", stderr(&out));
    assert!(stderr(&out).contains(&env.db.display().to_string()), "says where: {}", stderr(&out));
    set_mode(env.dir.path(), 0o755);
    set_mode(&env.db, 0o644);
    assert_eq!(count(&env, "SELECT count(*) FROM clerks"), 2);
    // The folder only (no WAL file can be made beside a writable database file).
    let folder = env.path("ro");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("fd.db");
    std::fs::copy(&env.db, &db).unwrap();
    if is_root() {
        // SAFETY: chown of a file just made, through a valid C string.
        let c = std::ffi::CString::new(db.display().to_string()).unwrap();
        assert_eq!(unsafe { libc::chown(c.as_ptr(), 65534, 65534) }, 0);
    }
    set_mode(&folder, 0o555);
    let out = as_outsider(env.dir.path(), &db, &ADD, "937125\n");
    set_mode(&folder, 0o755);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("只读，无法保存"), "{}", stderr(&out));
}

#[test]
fn a_full_disk_stops_an_import_whole_and_the_file_stays_sound() {
    let env = Env::seeded();
    let f = env.path("big.csv");
    let mut text =
        "claim_no,id_number,name,kind,filed_on,amount_claimed,amount_approved,status,note\n".to_string();
    for i in 0..20_000 {
        text.push_str(&format!(
            "Q{i:06},11010519491231002X,王一,inpatient,2026-10-08,100,,submitted,{}\n",
            "备注".repeat(40)
        ));
    }
    std::fs::write(&f, text).unwrap();
    // A file-size limit of 2 MB, with SIGXFSZ ignored: writes past it fail as on a full disk.
    let bin = env!("CARGO_BIN_EXE_frontdesk");
    let line = format!(
        "trap '' XFSZ; ulimit -f 2000; exec {bin} --db {} import claims {}",
        env.db.display(),
        f.display()
    );
    let out = Command::new("sh")
        .args(["-c", &line])
        .env("FRONTDESK_LOGIN", "8001")
        .env("FRONTDESK_PIN", SUP_PIN)
        .env("HOME", env.dir.path())
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("磁盘可能已满"), "{}", stderr(&out));
    assert_eq!(count(&env, "SELECT count(*) FROM claims"), 0, "nothing half-imported");
    let check = env.sup(&["check"]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
}

#[test]
fn a_damaged_or_newer_file_is_refused_in_the_clerks_language() {
    let env = Env::seeded();
    let bytes = std::fs::read(&env.db).unwrap();
    std::fs::write(&env.db, &bytes[..bytes.len() / 3]).unwrap();
    let out = env.sup(&["report", "daily"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("已损坏或不是 frontdesk 的数据库"), "{}", stderr(&out));
    std::fs::write(&env.db, b"SQLite format 3\0 but then nothing a database holds".repeat(200)).unwrap();
    let out = env.run(&["--lang", "en", "report", "daily"], Some(("8001", SUP_PIN)), "");
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("is damaged or not a frontdesk database"), "{}", stderr(&out));
    let env = Env::seeded();
    rusqlite::Connection::open(&env.db).unwrap().pragma_update(None, "user_version", 999).unwrap();
    let out = env.sup(&["report", "daily"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("由更新版本的 frontdesk 写入（结构版本 999"), "{}", stderr(&out));
}

#[test]
fn a_lock_held_past_the_busy_limit_is_said_and_the_next_try_goes_through() {
    let env = Env::seeded();
    let holder = rusqlite::Connection::open(&env.db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let mut c = env.cmd(&ADD);
    c.env("FRONTDESK_LOGIN", "8001").env("FRONTDESK_PIN", SUP_PIN).env("FRONTDESK_BUSY_SECONDS", "1");
    let out = c.stdin(Stdio::null()).output().unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("被其他程序长时间占用"), "{}", stderr(&out));
    holder.execute_batch("ROLLBACK").unwrap();
    assert_ok(&env.run(&ADD, Some(("8001", SUP_PIN)), "937125\n"));
    assert_eq!(count(&env, "SELECT count(*) FROM clerks"), 3);
}

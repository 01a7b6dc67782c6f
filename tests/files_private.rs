//! Everything frontdesk writes is private to its user (umask 077): another Unix user can read
//! neither the database, its key file nor the outbox, even when the folder around them is left
//! open. Runs as root only (it switches to `nobody` with setpriv); elsewhere it says so and passes.

mod common;
use common::*;
use std::os::unix::fs::PermissionsExt;

fn mode(p: &std::path::Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn another_user_cannot_read_the_database() {
    let env = Env::seeded();
    let out = env.run(&["demo", "--no-tui"], None, "");
    // The seeded database is not a demo: refused, and nothing else is written.
    assert_eq!(out.status.code(), Some(1));
    let key = frontdesk::db::key_path(&env.db);
    assert_eq!(mode(&env.db), 0o600, "the database");
    assert_eq!(mode(&key), 0o600, "the letter-code key");
    if unsafe { libc::geteuid() } != 0 || !std::path::Path::new("/usr/bin/setpriv").exists() {
        eprintln!("not root or no setpriv: the other-user half of this test is skipped");
        return;
    }
    // A careless admin opens the folder; the files stay closed.
    std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin_dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(bin_dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = bin_dir.path().join("frontdesk");
    std::fs::copy(env!("CARGO_BIN_EXE_frontdesk"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let as_nobody = |args: &[&str]| {
        std::process::Command::new("/usr/bin/setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin)
            .arg("--db")
            .arg(&env.db)
            .args(args)
            .env_clear()
            .env("HOME", bin_dir.path())
            .output()
            .unwrap()
    };
    let out = as_nobody(&["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains("fd.db"), "says where: {err}");
    let cat = std::process::Command::new("/usr/bin/setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "cat"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(!cat.status.success() && cat.stdout.is_empty(), "the key file is not readable by another user");
}

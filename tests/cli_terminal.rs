//! Stored text is data on the command line too: written to a terminal, control characters
//! (ESC, OSC, BEL, bidi overrides) are shown the way the kiosk shows them; written to a file
//! or a pipe, the bytes go out as stored.

mod common;
use common::*;
use std::io::Read;
use std::os::fd::FromRawFd;

const HEADER: &str = "id_number,name,phone,work_unit,email\n";

/// A new pseudo-terminal: the controlling side and the terminal side.
fn pty() -> (std::fs::File, std::fs::File) {
    unsafe {
        let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(master >= 0);
        assert_eq!(libc::grantpt(master), 0);
        assert_eq!(libc::unlockpt(master), 0);
        let name = libc::ptsname(master);
        assert!(!name.is_null());
        let slave = libc::open(name, libc::O_RDWR | libc::O_NOCTTY);
        assert!(slave >= 0);
        (std::fs::File::from_raw_fd(master), std::fs::File::from_raw_fd(slave))
    }
}

/// `args` run with standard output on a terminal; what the terminal received.
fn on_terminal(env: &Env, args: &[&str]) -> String {
    let (text, ok) = to_terminal(env, args, false);
    assert!(ok, "{args:?}");
    text
}

/// `args` run with standard output (or standard error) on a terminal: what the terminal
/// received and whether the command succeeded.
fn to_terminal(env: &Env, args: &[&str], errors: bool) -> (String, bool) {
    let (mut master, slave) = pty();
    let mut c = env.cmd(args);
    c.env("FRONTDESK_LOGIN", "8001").env("FRONTDESK_PIN", SUP_PIN);
    if errors {
        c.stderr(slave).stdout(std::process::Stdio::null());
    } else {
        c.stdout(slave).stderr(std::process::Stdio::piped());
    }
    let mut child = c.spawn().unwrap();
    drop(c); // the terminal side stays open only in the child
    let reader = std::thread::spawn(move || {
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        // Reading ends with EIO once the child has closed the terminal side.
        while let Ok(n) = master.read(&mut buf) {
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
        got
    });
    let status = child.wait().unwrap();
    (String::from_utf8_lossy(&reader.join().unwrap()).into_owned(), status.success())
}

#[test]
fn stored_escapes_reach_a_terminal_as_marks_and_a_file_as_stored() {
    let env = Env::seeded();
    let f = env.path("w.csv");
    let name = "王\u{1b}]0;pwned\u{7}建国";
    let unit = "\u{1b}[5m一厂\u{1b}[2J\u{202E}";
    std::fs::write(&f, format!("{HEADER}11010519491231002X,{name},13812345678,{unit},\n")).unwrap();
    assert_ok(&env.sup(&["import", "workers", f.to_str().unwrap()]));

    for args in [&["export", "workers"][..], &["export", "workers", "--unmasked"], &["report", "daily"]] {
        let shown = on_terminal(&env, args);
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}') && !shown.contains('\u{202E}'),
            "{args:?}: {shown:?}"
        );
        if args[0] == "export" {
            assert!(shown.contains("^[[5m一厂^[[2J<U+202E>"), "{args:?}: {shown:?}");
        }
    }
    assert!(on_terminal(&env, &["export", "workers", "--unmasked"]).contains("王^[]0;pwned^G建国"));

    // A pipe and a file get the bytes as stored.
    let piped = stdout(&env.sup(&["export", "workers", "--unmasked"]));
    assert!(piped.contains(name) && piped.contains(unit), "{piped:?}");
    let out = env.path("w-out.csv");
    assert_ok(&env.sup(&["export", "workers", "--unmasked", "--out", out.to_str().unwrap()]));
    let file = std::fs::read_to_string(&out).unwrap();
    assert!(file.contains(name) && file.contains(unit), "{file:?}");
}

#[test]
fn import_error_lines_reach_a_terminal_as_marks() {
    let env = Env::seeded();
    let f = env.path("c.csv");
    std::fs::write(
        &f,
        "claim_no,id_number,name,kind,filed_on,amount_claimed,amount_approved,status,note\n\
         S1,11010519491231002X,王一,\u{1b}]0;pwned\u{7},2026-10-08,100,,\u{1b}[2Jpaid_out,\n",
    )
    .unwrap();
    let (shown, ok) = to_terminal(&env, &["import", "claims", f.to_str().unwrap(), "--dry-run"], true);
    assert!(!ok);
    assert!(
        shown.contains("第 2 行") && shown.contains("^[]0;pwned^G") && shown.contains("^[[2Jpaid_out"),
        "{shown:?}"
    );
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}'), "{shown:?}");
}

/// helper-18: `export letters | head -1` ended with "Broken pipe (os error 32)" in English and
/// exit 1. A reader that went away gets nothing more said (exit 141, as a writer `head` cut).
#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    let (dir, db) = demo_in_tempdir();
    let mut child = std::process::Command::new(bin_under_test())
        .args(["--db", db.to_str().unwrap(), "export", "letters"])
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("cfg"))
        .env("FRONTDESK_LOGIN", "9001")
        .env("FRONTDESK_PIN", "208461")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Gone before the first line (the login's PIN check comes first, so it is gone by then).
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(141), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

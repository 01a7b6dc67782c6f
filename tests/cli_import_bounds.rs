//! What an import refuses before it costs anything: a cell past 64 KiB and a row past 1 MiB
//! (named by line, read no further), a device or a folder, bytes that are neither UTF-8 nor
//! GB18030, and a file without even a header. A pipe is read like a file.

mod common;
use common::*;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

const HEADER: &str = "id_number,name,phone,work_unit,email\n";
const GOOD: &str = "11010519491231002X,王建国,13812345678,一厂,\n";

fn workers(env: &Env) -> i64 {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.query_row("SELECT count(*) FROM workers", [], |r| r.get(0)).unwrap()
}

/// The import of `path`, killed (and failed) if it has not ended within 30 s.
fn import_within(env: &Env, path: &str, dry_run: bool) -> std::process::Output {
    let mut args = vec!["import", "workers", path];
    if dry_run {
        args.push("--dry-run");
    }
    let mut c = env.cmd(&args);
    c.env("FRONTDESK_LOGIN", "8001")
        .env("FRONTDESK_PIN", SUP_PIN)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("import {path} did not end in 30 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_cell_over_64_kib_is_refused_with_its_line() {
    let env = Env::seeded();
    let f = env.path("w.csv");
    let long = "王".repeat(22_000); // 66,000 bytes
    std::fs::write(&f, format!("{HEADER}{GOOD}440524188001010014,{long},,,\n")).unwrap();
    let out = import_within(&env, f.to_str().unwrap(), false);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("第 3 行") && err.contains("64 KiB"), "{err}");
    assert_eq!(workers(&env), 0, "all or nothing");
}

#[test]
#[allow(clippy::zombie_processes)] // reaped by wait4, which also gives its peak memory
fn a_huge_row_is_refused_by_its_line_without_being_held_in_memory() {
    let env = Env::seeded();
    let f = env.path("huge.csv");
    {
        use std::io::Write;
        let mut w = std::io::BufWriter::new(std::fs::File::create(&f).unwrap());
        w.write_all(format!("{HEADER}{GOOD}440524188001010014,").as_bytes()).unwrap();
        let chunk = "名".repeat(1 << 16);
        for _ in 0..200 {
            w.write_all(chunk.as_bytes()).unwrap(); // 40 MB of one name
        }
        w.write_all(b",,,\n").unwrap();
    }
    let mut c = env.cmd(&["import", "workers", f.to_str().unwrap()]);
    c.env("FRONTDESK_LOGIN", "8001")
        .env("FRONTDESK_PIN", SUP_PIN)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    // This child's own peak, not that of others running beside it (argon2 alone takes 19 MiB).
    let (mut status, mut usage): (libc::c_int, libc::rusage) = (0, unsafe { std::mem::zeroed() });
    let pid = child.id() as libc::pid_t;
    assert_eq!(unsafe { libc::wait4(pid, &mut status, 0, &mut usage) }, pid);
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 1, "{err}");
    assert!(err.contains("第 3 行") && err.contains("1 MiB"), "{err}");
    let peak_mib = usage.ru_maxrss / 1024;
    assert!(peak_mib < 64, "peak memory {peak_mib} MiB for a 40 MB row");
}

#[test]
fn a_device_or_a_folder_is_refused_and_a_pipe_is_read() {
    let env = Env::seeded();
    for path in ["/dev/zero", env.dir.path().to_str().unwrap()] {
        let out = import_within(&env, path, true);
        assert_eq!(code(&out), 1, "{path}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(path) && stderr(&out).contains("不是普通文件或管道"),
            "{}",
            stderr(&out)
        );
    }
    // An endless pipe without line breaks is refused once a row could not be shorter.
    let mut c = env.cmd(&["import", "workers", "/dev/stdin"]);
    c.env("FRONTDESK_LOGIN", "8001")
        .env("FRONTDESK_PIN", SUP_PIN)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    let mut zeros = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let block = vec![0u8; 1 << 16];
        // Until the reader stops reading (a broken pipe) or 64 MiB, whichever comes first.
        for _ in 0..1024 {
            if zeros.write_all(&block).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("第 1 行") && stderr(&out).contains("1 MiB"), "{}", stderr(&out));
    // Standard input from a pipe is a file to read.
    let out =
        env.run(&["import", "workers", "/dev/stdin"], Some(("8001", SUP_PIN)), &format!("{HEADER}{GOOD}"));
    assert_ok(&out);
    assert_eq!(workers(&env), 1);
    // helper-16: an export piped into an import (its header with every optional column) was
    // refused from a pipe though taken from a file.
    let exported = stdout(&env.sup(&["export", "workers", "--unmasked"]));
    let out = env.run(&["import", "workers", "/dev/stdin", "--dry-run"], Some(("8001", SUP_PIN)), &exported);
    assert_ok(&out);
}

#[test]
fn bytes_neither_utf8_nor_gb18030_are_refused_by_line() {
    let env = Env::seeded();
    let f = env.path("bad.csv");
    // Line 2 is GB18030 (王建国), line 3 holds bytes no encoding we take can read.
    let text = format!("{HEADER}{GOOD}");
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let mut bytes = gb.into_owned();
    bytes.extend_from_slice(b"440524188001010014,Li \xff\xfe Er,,,\n");
    std::fs::write(&f, &bytes).unwrap();
    for dry in [true, false] {
        let out = import_within(&env, f.to_str().unwrap(), dry);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("第 3 行") && err.contains("GB18030"), "{err}");
    }
    assert_eq!(workers(&env), 0);
}

#[test]
fn an_empty_file_is_an_error_not_zero_rows() {
    let env = Env::seeded();
    let f = env.path("empty.csv");
    for content in ["", "\n\n", "\u{feff}"] {
        std::fs::write(&f, content).unwrap();
        for dry in [true, false] {
            let out = import_within(&env, f.to_str().unwrap(), dry);
            assert_eq!(code(&out), 1, "{content:?} dry={dry}: {}", stdout(&out));
            let err = stderr(&out);
            assert!(
                err.contains("empty.csv") && err.contains("空文件") && err.contains("id_number"),
                "{err}"
            );
        }
    }
}

/// helper-14: a UTF-8 file with one GBK line was read whole as GB18030, its UTF-8 names stored
/// as mojibake (赵芳 as 璧佃姵). Refused, naming the GBK line.
#[test]
fn a_utf8_file_with_a_gbk_line_is_refused_by_that_line() {
    let env = Env::seeded();
    let f = env.path("mixed.csv");
    let mut bytes = format!("{HEADER}330281197401188794,赵芳,,余姚市人民医院,\n").into_bytes();
    let (gbk, _, _) = encoding_rs::GBK.encode("440524188001010014,李建国,,宁波舜宇光电,\n");
    bytes.extend_from_slice(&gbk);
    std::fs::write(&f, &bytes).unwrap();
    for dry in [true, false] {
        let out = import_within(&env, f.to_str().unwrap(), dry);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("第 3 行") && err.contains("两种编码"), "{err}");
    }
    assert_eq!(workers(&env), 0);
}

/// `import workers /dev/stdin` fed `head` once, then `line` over and over as `yes` would,
/// until the import stops reading (or 256 MiB): what it said, and how much went in.
fn endless_pipe(env: &Env, spool_mib: Option<&str>, head: &str, line: &str) -> (std::process::Output, usize) {
    let mut c = env.cmd(&["import", "workers", "/dev/stdin", "--dry-run"]);
    c.env("FRONTDESK_LOGIN", "8001")
        .env("FRONTDESK_PIN", SUP_PIN)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    if let Some(mib) = spool_mib {
        c.env("FRONTDESK_SPOOL_MIB", mib);
    }
    let mut child = c.spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let (head, block) = (head.to_string(), line.repeat(1 << 12));
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(head.as_bytes());
        let mut written = 0usize;
        for _ in 0..(1 << 14) {
            if pipe.write_all(block.as_bytes()).is_err() {
                break;
            }
            written += block.len();
        }
        written
    });
    let out = child.wait_with_output().unwrap();
    (out, feeder.join().unwrap())
}

/// helper-14: `yes aaaa | import` never ended (a wrong header was only found once the pipe
/// closed). The pipe's first line is the header, checked before the rest is read.
#[test]
fn an_endless_pipe_under_a_wrong_header_is_refused_at_line_one() {
    let env = Env::seeded();
    let (out, written) = endless_pipe(&env, None, "", "aaaa\n");
    assert!(written < 16 << 20, "the import read {written} bytes before refusing");
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("第 1 行") && stderr(&out).contains("表头"), "{}", stderr(&out));
}

/// helper-18: an endless pipe under a right header was spooled until the disk was full, and
/// millions of bad lines were all held in memory. The spool stops at its limit (lowered here
/// by FRONTDESK_SPOOL_MIB), and past 200 the bad lines are counted, not held.
#[test]
fn an_endless_pipe_stops_at_the_spool_limit_and_bad_lines_are_counted() {
    let env = Env::seeded();
    let (out, written) = endless_pipe(&env, Some("4"), HEADER, "33028119550415040,赵芳,,x,\n");
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("4 MiB"), "{}", stderr(&out));
    assert!(written < 64 << 20, "read {written} bytes");
    // 5,000 bad lines from a file: 200 told, all counted.
    let f = env.path("bad.csv");
    let mut text = HEADER.to_string();
    for _ in 0..5_000 {
        text.push_str("33028119550415040,赵芳,,x,\n");
    }
    std::fs::write(&f, text).unwrap();
    let out = import_within(&env, f.to_str().unwrap(), true);
    assert_eq!(code(&out), 1);
    let told = stderr(&out).lines().filter(|l| l.starts_with("第 ")).count();
    assert_eq!(told, 200, "{}", stderr(&out));
    assert!(stderr(&out).contains("5000 行有误"), "{}", stderr(&out));
}

//! Key to committed change and key to redrawn screen, through a real pseudo-terminal (80x24) on
//! a copy of the large demo (built once by the real binary; see common/mod.rs): the kiosk logged
//! in at window w1 and driven by the bytes a terminal sends. Three actions: a quick ticket (1,
//! Enter on F1), call next (Alt+N) and an F2 look-up (F2, an ID number, Enter, then the reason's
//! digit 1, the key timed). "Committed" is the row seen by a read-only connection polling the
//! file; "redrawn" is the result's text on a screen kept from the output stream by a small VT
//! parser (ratatui writes only the changed cells, so a new ticket may arrive as one digit).
//! Target: 10 ms median, 30 ms p99. Run with `cargo bench --bench keys`.

#[path = "common/mod.rs"]
mod common;

use clap::Parser;
use common::{demo_db, stats};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::ptr::{null, null_mut};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthChar;

const W: usize = 80;
const H: usize = 24;
const F2: &[u8] = b"\x1bOQ";
const ALT_N: &[u8] = b"\x1bn";
const ALT_D: &[u8] = b"\x1bd";
const ALT_S: &[u8] = b"\x1bs";
const F1: &[u8] = b"\x1bOP";
const F5: &[u8] = b"\x1b[15~";
/// Between two timed keys, so that one action's follow-up (the queue's refresh) is not timed.
const PAUSE: Duration = Duration::from_millis(30);

/// Where the parser is: in text, after ESC, inside a control sequence (its parameters so far).
enum Parse {
    Text,
    Esc,
    Csi(String),
}

/// The screen as a terminal shows it, from what ratatui and crossterm write (no OSC, no charset
/// switching): cursor moves, clears and printed characters (a wide one takes two cells, `\0`
/// marks its right half); colours and modes are ignored.
struct Screen {
    cells: Vec<Vec<char>>,
    row: usize,
    col: usize,
    parse: Parse,
    utf8: Vec<u8>,
}

impl Screen {
    fn new() -> Self {
        Screen { cells: vec![vec![' '; W]; H], row: 0, col: 0, parse: Parse::Text, utf8: vec![] }
    }

    fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.parse = match std::mem::replace(&mut self.parse, Parse::Text) {
                Parse::Text => self.text_byte(b),
                Parse::Esc if b == b'[' => Parse::Csi(String::new()),
                Parse::Esc => Parse::Text,
                Parse::Csi(p) if (0x40..=0x7e).contains(&b) => {
                    self.csi(&p, b);
                    Parse::Text
                }
                Parse::Csi(mut p) => {
                    p.push(b as char);
                    Parse::Csi(p)
                }
            };
        }
    }

    fn text_byte(&mut self, b: u8) -> Parse {
        match b {
            0x1b => return Parse::Esc,
            b'\r' => self.col = 0,
            b'\n' => self.row = (self.row + 1).min(H - 1),
            0x08 => self.col = self.col.saturating_sub(1),
            0..=0x1f => {}
            _ => {
                self.utf8.push(b);
                match std::str::from_utf8(&self.utf8) {
                    Ok(s) => {
                        let c = s.chars().next().unwrap_or(' ');
                        self.utf8.clear();
                        self.put(c);
                    }
                    Err(e) if e.error_len().is_some() => self.utf8.clear(),
                    Err(_) => {}
                }
            }
        }
        Parse::Text
    }

    fn put(&mut self, c: char) {
        let w = c.width().unwrap_or(0);
        if w == 0 || self.col + w > W {
            return;
        }
        // As a terminal does: writing over either half of a wide character blanks the other.
        let (row, col) = (&mut self.cells[self.row], self.col);
        if row[col] == '\0' {
            row[col - 1] = ' ';
        }
        if row.get(col + w) == Some(&'\0') {
            row[col + w] = ' ';
        }
        row[col] = c;
        if w == 2 {
            row[col + 1] = '\0';
        }
        self.col += w;
    }

    fn csi(&mut self, params: &str, f: u8) {
        if params.starts_with('?') {
            return;
        }
        let n: Vec<usize> = params.split(';').map(|s| s.parse().unwrap_or(0)).collect();
        let a = |i: usize| n.get(i).copied().filter(|&v| v > 0).unwrap_or(1);
        let (row, col) = (self.row, self.col);
        // What ratatui's crossterm backend writes besides colours, modes and the cursor's shape.
        match f {
            b'H' | b'f' => (self.row, self.col) = ((a(0) - 1).min(H - 1), (a(1) - 1).min(W - 1)),
            b'J' if n[0] >= 2 => self.cells.iter_mut().for_each(|r| r.fill(' ')),
            b'K' if n[0] == 0 => self.cells[row][col..].fill(' '),
            b'K' if n[0] == 2 => self.cells[row].fill(' '),
            _ => {}
        }
    }

    fn text(&self) -> String {
        let rows = self.cells.iter().map(|r| r.iter().filter(|&&c| c != '\0').collect::<String>());
        rows.collect::<Vec<_>>().join("\n")
    }
}

/// The reader's: the screen, the text awaited (present or gone), when the output first did so.
struct Seen {
    screen: Screen,
    want: Option<(String, bool)>,
    at: Option<Instant>,
}

struct Kiosk {
    child: Child,
    tty: File,
    seen: Arc<(Mutex<Seen>, Condvar)>,
}

impl Kiosk {
    /// The real binary on the slave side of a new 80x24 pty, its controlling terminal.
    fn start(db: &Path) -> Kiosk {
        let (mut master, mut slave) = (0, 0);
        // SAFETY: two valid out-pointers; no name, termios or size asked for.
        let rc = unsafe { libc::openpty(&mut master, &mut slave, null_mut(), null(), null()) };
        assert_eq!(rc, 0, "openpty");
        // SAFETY: openpty returned two open descriptors that nothing else owns.
        let (tty, slave) = unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let size = libc::winsize { ws_row: H as u16, ws_col: W as u16, ws_xpixel: 0, ws_ypixel: 0 };
        // SAFETY: an open pty descriptor and a valid winsize; the child must not inherit the master.
        unsafe {
            assert_eq!(libc::ioctl(tty.as_raw_fd(), libc::TIOCSWINSZ, &size), 0);
            assert_eq!(libc::fcntl(tty.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC), 0);
        }
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_frontdesk"));
        cmd.args(["--db", db.to_str().unwrap(), "--window", "w1"])
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .env_remove("FRONTDESK_LOGIN")
            .env_remove("FRONTDESK_PIN")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().unwrap();
        drop(cmd);
        let seen =
            Arc::new((Mutex::new(Seen { screen: Screen::new(), want: None, at: None }), Condvar::new()));
        let (mut out, shared) = (tty.try_clone().unwrap(), Arc::clone(&seen));
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            // EIO once the child has gone and closed the slave.
            while let Ok(n @ 1..) = out.read(&mut buf) {
                let now = Instant::now();
                let (lock, cv) = &*shared;
                let mut s = lock.lock().unwrap();
                s.screen.feed(&buf[..n]);
                if s.at.is_none()
                    && let Some((text, present)) = &s.want
                    && s.screen.text().contains(text.as_str()) == *present
                {
                    s.at = Some(now);
                    cv.notify_all();
                }
            }
        });
        Kiosk { child, tty, seen }
    }

    /// Writes the bytes of a key (or several) and returns when they were written.
    fn send(&mut self, bytes: &[u8]) -> Instant {
        let t = Instant::now();
        self.tty.write_all(bytes).unwrap();
        t
    }

    /// From now on the reader notes when `text` is on the screen (or, `present` false, gone).
    fn expect(&self, text: &str, present: bool) {
        let mut s = self.seen.0.lock().unwrap();
        let already = s.screen.text().contains(text) == present;
        s.at = already.then(Instant::now);
        s.want = Some((text.to_string(), present));
    }

    /// When the awaited text first showed (or went); panics with the screen after 10 s.
    fn seen(&self) -> Instant {
        let (lock, cv) = &*self.seen;
        let s = lock.lock().unwrap();
        let (s, _) = cv.wait_timeout_while(s, Duration::from_secs(10), |s| s.at.is_none()).unwrap();
        let Some(at) = s.at else { panic!("waited for {:?}; the screen:\n{}", s.want, s.screen.text()) };
        at
    }

    fn wait(&self, text: &str, present: bool) {
        self.expect(text, present);
        self.seen();
    }

    /// Times one key: key → the change visible in the file, key → `text` on the screen (ms).
    fn timed(&mut self, key: &[u8], text: &str, mut committed: impl FnMut() -> bool) -> (f64, f64) {
        self.expect(text, true);
        assert!(self.seen.0.lock().unwrap().at.is_none(), "{text:?} is on the screen already");
        let t0 = self.send(key);
        while !committed() {
            assert!(t0.elapsed() < Duration::from_secs(10), "not committed after 10 s: {text}");
            std::thread::sleep(Duration::from_micros(100));
        }
        let commit = t0.elapsed().as_secs_f64() * 1000.0;
        let shown = (self.seen() - t0).as_secs_f64() * 1000.0;
        std::thread::sleep(PAUSE);
        (commit, shown)
    }

    /// Waits until the process is idle (its start-up `quick_check` of the 2 GB file done):
    /// under 30 ms of CPU and 1 MiB read in each of two half-seconds running.
    fn settle(&self) {
        let pid = self.child.id();
        let probe = || {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let f: Vec<u64> =
                stat.rsplit(')').next().unwrap_or("").split(' ').filter_map(|x| x.parse().ok()).collect();
            let io = std::fs::read_to_string(format!("/proc/{pid}/io")).unwrap_or_default();
            let rchar = io.lines().find_map(|l| l.strip_prefix("rchar: ")).and_then(|v| v.parse().ok());
            (f.get(10).zip(f.get(11)).map_or(0, |(u, s)| u + s), rchar.unwrap_or(0u64))
        };
        let (t, mut quiet) = (Instant::now(), 0);
        while quiet < 2 && t.elapsed() < Duration::from_secs(150) {
            let a = probe();
            std::thread::sleep(Duration::from_millis(500));
            let b = probe();
            quiet =
                if b.0.saturating_sub(a.0) <= 3 && b.1.saturating_sub(a.1) < 1 << 20 { quiet + 1 } else { 0 };
        }
        println!("  (the kiosk was idle {:.1} s after logging in)", t.elapsed().as_secs_f64());
    }

    /// Alt+Q, Enter; killed if still running half a second later.
    fn quit(mut self) {
        self.send(b"\x1bq");
        self.wait("确定退出", true);
        self.send(b"\r");
        std::thread::sleep(Duration::from_millis(500));
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn report(what: &str, samples: Vec<(f64, f64)>) {
    for (to, pick) in [("committed", 0), ("redrawn", 1)] {
        let ms: Vec<f64> = samples.iter().map(|s| if pick == 0 { s.0 } else { s.1 }).collect();
        let max = ms.iter().copied().fold(0.0, f64::max);
        let ((m, p99), what) = (stats(ms), format!("{what}: key → {to}"));
        let n = samples.len();
        println!("  {what:<50} median {m:>7.3} ms  p99 {p99:>7.3} ms  max {max:>7.3} ms  (n={n})");
    }
}

fn main() {
    let large = demo_db("large");
    let dir = tempfile::Builder::new().prefix("keys-").tempdir_in(large.parent().unwrap()).unwrap();
    let db = dir.path().join("large.db");
    let t = Instant::now();
    // The file, its WAL if any and its key file (else the kiosk makes a new key).
    for ext in ["db", "db-wal", "db.key"].into_iter().filter(|ext| large.with_extension(ext).exists()) {
        std::fs::copy(large.with_extension(ext), db.with_extension(ext)).unwrap();
        // Else the kiosk's first checkpoint fsync waits for the copy's 2 GB of dirty pages (1.2 s).
        File::open(db.with_extension(ext)).and_then(|f| f.sync_all()).unwrap();
    }
    println!(
        "keys through a pty at 80x24 on a copy of the large demo (copied and synced in {:.1} s)",
        t.elapsed().as_secs_f64()
    );
    let args = frontdesk::cli::Args::try_parse_from(["frontdesk", "--db", db.to_str().unwrap()]).unwrap();
    let settings = frontdesk::cli::Ctx::new(&args, false).unwrap().settings;
    let day = frontdesk::domain::dates::local_day(chrono::Utc::now(), settings.tz).to_string();
    let letter = settings.config.matters[0].letter.clone();
    let matters = settings.window("w1").unwrap().matters.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>();
    let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();

    let mut k = Kiosk::start(&db);
    k.wait("请登录", true);
    k.send(b"9001\r208461\r");
    k.wait("[F1 来访登记]", true);
    k.settle();

    let mut quick = vec![];
    for _ in 0..200 {
        let sql = "SELECT coalesce(max(last), 0) + 1 FROM ticket_counters WHERE day = ?1 AND letter = ?2";
        let n: u32 = conn.query_row(sql, [&day, &letter], |r| r.get(0)).unwrap();
        let ticket = format!("{letter}{n:03}");
        let mut issued = conn.prepare("SELECT count(*) FROM visits WHERE day = ?1 AND ticket = ?2").unwrap();
        quick.push(k.timed(b"1\r", &format!("刚取号 {ticket}"), || {
            issued.query_row([&day, &ticket], |r| r.get::<_, i64>(0)).unwrap() == 1
        }));
    }

    let mut calls = vec![];
    let next = format!(
        "SELECT id, ticket FROM visits WHERE day = ?1 AND state = 'waiting'
           AND (window = 'w1' OR (window IS NULL AND matter IN ({})))
         ORDER BY priority IS NULL, arrived_at, id LIMIT 1",
        matters.join(",")
    );
    let mut state = conn.prepare("SELECT state FROM visits WHERE id = ?1").unwrap();
    for _ in 0..200 {
        let Some((id, ticket)) = conn
            .query_row(&next, [&day], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .optional()
            .unwrap()
        else {
            break;
        };
        calls.push(k.timed(ALT_N, &format!("叫号 {ticket}"), || {
            state.query_row([id], |r| r.get::<_, String>(0)).unwrap() == "called"
        }));
    }

    // Workers with one claim, spread over the table, the same on every run.
    let claims_n: i64 = conn.query_row("SELECT max(id) FROM claims", [], |r| r.get(0)).unwrap();
    let one = "SELECT w.id_number, c.claim_no FROM claims c JOIN workers w ON w.id = c.worker_id
               WHERE c.id >= ?1 AND (SELECT count(*) FROM claims x WHERE x.worker_id = c.worker_id) = 1
               ORDER BY c.id LIMIT 1";
    let mut people: Vec<(String, String)> = (0..100i64)
        .map(|j| {
            conn.query_row(one, [1 + j * 7919 * 131 % claims_n], |r| Ok((r.get(0)?, r.get(1)?))).unwrap()
        })
        .collect();
    people.sort();
    people.dedup();
    let mut audited = conn.prepare("SELECT max(id) FROM audit_log").unwrap();
    let mut lookups = vec![];
    let mut shown: Option<&str> = None;
    for (id_number, claim_no) in &people {
        // F2 again clears the last worker (the first time it opens the tab).
        k.send(F2);
        k.wait(shown.unwrap_or("[F2 互助申报]"), shown.is_none());
        k.send(id_number.as_bytes());
        k.wait(id_number, true);
        k.send(b"\r");
        k.wait("查询原因（按数字）", true);
        let before: i64 = audited.query_row([], |r| r.get(0)).unwrap();
        lookups.push(
            k.timed(b"1", claim_no, || audited.query_row([], |r| r.get::<_, i64>(0)).unwrap() > before),
        );
        shown = Some(claim_no);
    }
    // Quick tickets while F5 reads five years on its own connection: the counter must not wait.
    let mut beside = vec![];
    let five = format!("{}-01-01", chrono::Datelike::year(&chrono::Utc::now()) - 4);
    for _ in 0..5 {
        k.send(F5);
        k.wait("[F5 统计日报]", true);
        k.send(ALT_D);
        k.wait(&settings_range_title(), true);
        k.send(five.as_bytes());
        k.send(b"\t");
        k.send(ALT_S);
        k.wait(&five, true);
        k.send(F1);
        k.wait("[F1 来访登记]", true);
        for _ in 0..20 {
            let sql = "SELECT coalesce(max(last), 0) + 1 FROM ticket_counters WHERE day = ?1 AND letter = ?2";
            let n: u32 = conn.query_row(sql, [&day, &letter], |r| r.get(0)).unwrap();
            let ticket = format!("{letter}{n:03}");
            let mut issued =
                conn.prepare("SELECT count(*) FROM visits WHERE day = ?1 AND ticket = ?2").unwrap();
            beside.push(k.timed(b"1\r", &format!("刚取号 {ticket}"), || {
                issued.query_row([&day, &ticket], |r| r.get::<_, i64>(0)).unwrap() == 1
            }));
        }
    }
    k.quit();

    println!("  target: median ≤ 10 ms, p99 ≤ 30 ms");
    report("quick ticket (1, Enter on F1)", quick);
    report("call next (Alt+N at w1)", calls);
    report("F2 look-up (reason digit 1)", lookups);
    report("quick ticket while F5 reads 5 years", beside);
}

/// The title of F5's date-or-range dialog.
fn settings_range_title() -> String {
    frontdesk::i18n::Lang::Zh.ui().f5.range_title.to_string()
}

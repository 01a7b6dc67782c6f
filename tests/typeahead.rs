//! Typeahead: the same key script, run through the real loop and the real database worker on
//! two copies of one database, once with no gap between keys and once with 300 ms gaps, leaves
//! the same rows and the same screen. What a key sequence does never depends on its speed.

mod common;

use clap::Parser;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::app::{App, Event};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// A key script: events with the logical times they were typed at (the same in both runs, so
/// a card reader's burst is told from typing the same way whatever the wall clock did).
#[derive(Default, Clone)]
struct Script(Vec<KeyEvent>);

impl Script {
    fn key(mut self, code: KeyCode) -> Self {
        self.0.push(KeyEvent::new(code, KeyModifiers::NONE));
        self
    }
    fn text(mut self, s: &str) -> Self {
        self.0.extend(s.chars().map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
        self
    }
    fn alt(mut self, c: char) -> Self {
        self.0.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
        self
    }
    fn enter(self) -> Self {
        self.key(KeyCode::Enter)
    }
    fn tab(self) -> Self {
        self.key(KeyCode::Tab)
    }
}

/// The small demo, built once per test by the real binary, copied for each run.
fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path(), "base");
    (dir, db)
}

fn copy_of(base: &Path, to: &Path) -> PathBuf {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(base.parent().unwrap()).unwrap().flatten() {
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    to.join(base.file_name().unwrap())
}

/// Runs `script` through `kiosk::run_loop` at window w1 as the demo's supervisor, a key every
/// `gap`; returns the final screen and the rows the script could have touched.
fn run(db: &Path, script: &Script, gap: Duration) -> (String, Vec<String>) {
    let args =
        frontdesk::cli::Args::try_parse_from(["frontdesk", "--db", db.to_str().unwrap(), "--window", "w1"])
            .unwrap();
    let ctx = frontdesk::cli::Ctx::new(&args, false).unwrap();
    let opened = ctx.open(frontdesk::db::OpenMode::Existing).unwrap();
    let clerk = frontdesk::db::clerks::by_login(&opened.conn, "9001").unwrap();
    let setup = frontdesk::kiosk::setup(&ctx, &opened.conn, clerk).unwrap();
    let mut app = App::new(setup, chrono::Utc::now());
    let env = frontdesk::app::Env {
        terminal: "typeahead".into(),
        settings: ctx.settings.clone(),
        lang: ctx.lang,
        db_path: opened.path.clone(),
    };
    let (events, inbox) = std::sync::mpsc::channel();
    let worker = frontdesk::kiosk::Worker::start(opened.conn, env, events.clone());
    for effect in app.start() {
        worker.send(frontdesk::app::Job { effect, awaited: false });
    }
    let typed = Arc::new(AtomicBool::new(false));
    let feeder = {
        let (keys, typed) = (script.0.clone(), typed.clone());
        std::thread::spawn(move || {
            for (i, k) in keys.into_iter().enumerate() {
                if !gap.is_zero() {
                    std::thread::sleep(gap);
                }
                let _ = events.send(Event::Key(k, 10_000 + i as u64 * 300));
            }
            typed.store(true, Ordering::SeqCst);
        })
    };
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    frontdesk::kiosk::run_loop(&mut app, &mut term, &inbox, &worker, |a| {
        typed.load(Ordering::SeqCst) && a.idle()
    })
    .unwrap();
    feeder.join().unwrap();
    // Whatever arrived after the last check is applied too (a digit held at a numbered dialog
    // is settled as the kiosk's loop settles it, once a card reader's pace has passed).
    loop {
        let ev = match inbox.recv_timeout(Duration::from_millis(300)) {
            Ok(ev) => ev,
            Err(_) if app.holding() => Event::Tick(chrono::Utc::now(), app.now_ms + 100),
            Err(_) => break,
        };
        for job in app.handle(ev) {
            worker.send(job);
        }
    }
    // The state's own frame, drawn afresh (not the backend's sum of every diff drawn before).
    let screen = common::screen::render(&mut app, 80, 24);
    worker.finish();
    (clocks_out(&screen), rows(db))
}

/// Times of day on screen come from the wall clock: the two runs may straddle a minute.
fn clocks_out(screen: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = screen.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let clock = i + 5 <= chars.len()
            && chars[i].is_ascii_digit()
            && chars[i + 1].is_ascii_digit()
            && chars[i + 2] == ':'
            && chars[i + 3].is_ascii_digit()
            && chars[i + 4].is_ascii_digit();
        if clock {
            out.push_str("hh:mm");
            i += 5;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn rows(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let queries = [
        "SELECT id, ticket, matter, state, calls, window, outcome, worker_id FROM visits",
        "SELECT id, claim_no, worker_id, kind, status, amount_claimed_fen FROM claims",
        "SELECT id, number, worker_id, state, start_on, end_on, delivery FROM letters",
        "SELECT id, item, qty, returned, lost, name FROM station_loans",
        "SELECT id, item, kind, qty, ticket FROM station_moves",
        "SELECT id, clerk_login, action, worker_id, reason FROM audit_log",
    ];
    let mut out = vec![];
    for q in queries {
        let mut stmt = conn.prepare(&format!("{q} ORDER BY id")).unwrap();
        let n = stmt.column_count();
        let got = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| match r.get_ref(i).unwrap() {
                        rusqlite::types::ValueRef::Null => "∅".to_string(),
                        rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                        rusqlite::types::ValueRef::Real(v) => v.to_string(),
                        v => String::from_utf8_lossy(v.as_bytes().unwrap()).into_owned(),
                    })
                    .collect();
                Ok(cells.join("|"))
            })
            .unwrap();
        out.extend(got.map(Result::unwrap));
    }
    out
}

/// Both speeds on copies of one demo: the same rows and the same screen; returns the screen.
fn same_at_any_speed(name: &str, script: Script) -> String {
    let (dir, base) = demo();
    let fast = run(&copy_of(&base, &dir.path().join("fast")), &script, Duration::ZERO);
    let slow = run(&copy_of(&base, &dir.path().join("slow")), &script, Duration::from_millis(300));
    assert_eq!(fast.1, slow.1, "{name}: the rows differ between typing fast and slow");
    assert_eq!(fast.0, slow.0, "{name}: the screens differ between typing fast and slow");
    slow.0
}

#[test]
fn call_next_begin_and_finish_typed_at_once_act_on_the_ticket_just_called() {
    // The demo's window 1 has A002 called already: Alt+N asks what becomes of it (2: 过号).
    let script = Script::default().text("1").enter().alt('n').text("2").alt('b').alt('f').text("1");
    let screen = same_at_any_speed("call-begin-finish", script);
    assert!(screen.contains("已办结"), "{screen}");
}

#[test]
fn quick_tickets_typed_while_a_registration_saves_come_after_it() {
    let script = Script::default()
        .text("1")
        .tab()
        .text("330281195504150407")
        .tab()
        .text("赵芳")
        .alt('s')
        .text("2")
        .enter()
        .text("3")
        .enter();
    let screen = same_at_any_speed("registration-then-quick", script);
    assert!(screen.contains("刚取号"), "{screen}");
}

#[test]
fn a_claims_look_up_then_a_new_claim_opens_the_intake_for_that_worker() {
    let script = Script::default().key(KeyCode::F(2)).text("330282195912250534").enter().text("1").alt('a');
    let screen = same_at_any_speed("lookup-then-new-claim", script);
    assert!(screen.contains("李*国") || screen.contains("李建国"), "{screen}");
}

#[test]
fn a_letter_issued_then_the_register_shows_it() {
    let script = Script::default()
        .key(KeyCode::F(3))
        .text("330281199806110679")
        .tab()
        .tab()
        .tab()
        .text("1")
        .tab()
        .text("2026-12-14")
        .tab()
        .text("2026-12-18")
        .alt('s')
        .alt('k')
        .alt('k')
        .alt('k');
    let screen = same_at_any_speed("issue-then-register", script);
    assert!(screen.contains("〔2026〕"), "{screen}");
}

#[test]
fn a_hand_out_then_a_loan_at_the_station() {
    // Water (5) is handed out by digit + Enter; the umbrella (1) is lent on the form.
    let script = Script::default()
        .key(KeyCode::F(4))
        .text("5")
        .enter()
        .text("1")
        .tab()
        .tab()
        .text("王建国")
        .tab()
        .text("13800138000")
        .alt('s');
    let screen = same_at_any_speed("station-give-then-loan", script);
    assert!(screen.contains("已借出 雨伞 1把 · 王建国"), "{screen}");
    assert!(screen.contains("纯净水     可用"), "{screen}");
}

/// The issue's own report, on the real binary: a ticket, call, begin, finish and its outcome
/// sent to the terminal in one write. Before typeahead the finish dialog never opened and the
/// outcome's `1` landed in the matter field.
#[test]
fn one_write_of_keys_to_the_real_binary_finishes_the_visit_it_called() {
    use common::tmux::{Tmux, script};
    let env = common::Env::seeded();
    let t = Tmux::start("typeahead", &script(&env.db, env.dir.path(), "--window w1"));
    t.log_in("8002", common::CLERK_PIN);
    t.keys(&["1", "Enter", "M-n", "M-b", "M-f", "1"]);
    t.wait_for("A001 已办结");
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let visits: Vec<(String, String, Option<String>)> = conn
        .prepare("SELECT ticket, state, outcome FROM visits ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(visits, [("A001".to_string(), "done".to_string(), Some("done_first_visit".to_string()))]);
}

/// Input that arrives at once is handled at once, whatever its length: 500 ↓ in one write
/// reaches the register's last letter, `3↓ 340↑ 2↓` (over 1 KB) leaves the third selected, and
/// 1,500 characters typed at once are all in the field (crossterm's reader once left what lay
/// past its first kilobyte in the terminal until the next key).
#[test]
fn a_burst_of_arrows_in_one_write_is_applied_whole() {
    use common::tmux::{Tmux, script};
    let env = common::Env::new();
    let t = Tmux::start("burst", &script(&env.db, env.dir.path(), "demo"));
    t.wait_for("F6 管理");
    t.keys(&["F3", "M-k", "M-k", "M-k"]);
    t.wait_for("登记簿 ");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let number = |sql: &str| -> String { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let oldest = number("SELECT number FROM letters WHERE type = 'recuperation' ORDER BY id LIMIT 1");
    let count: i64 = conn.query_row("SELECT count(*) FROM letters", [], |r| r.get(0)).unwrap();
    // From the last row: 3↓ stays there, 340↑ goes to the top, 2↓ down 2.
    assert!(count < 340);
    let expected = number("SELECT number FROM letters ORDER BY id DESC LIMIT 1 OFFSET 2");
    t.keys(&vec!["Down"; 500]);
    let screen = t.wait_for(&format!(">{oldest}"));
    assert!(screen.contains(&format!(">{oldest}")), "{screen}");
    let mut mixed = vec!["Down"; 3];
    mixed.extend(vec!["Up"; 340]);
    mixed.extend(vec!["Down"; 2]);
    t.keys(&mixed);
    t.wait_for(&format!(">{expected}"));
    // Control keys never type into the register's filter (Ctrl+S was an `s`).
    t.keys(&["C-s"]);
    t.keys(&["Down"]);
    let screen = t.wait_for("登记簿 ");
    assert!(!screen.contains("共0封"), "Ctrl+S filtered the list:\n{screen}");
    // 1,507 characters in one write into F1's note.
    t.keys(&["F1", "1"]);
    t.keys(&["Tab"; 7]);
    t.type_text(&format!("{}ENDMARK", "a".repeat(1500)));
    t.wait_for("ENDMARK");
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
}

/// A card read over F2's reason question (one write: eighteen characters and Enter, as a reader
/// types them) picks no reason for the ID asked about: it is the next ID, with its own question.
#[test]
fn a_card_read_over_a_numbered_question_answers_nothing() {
    use common::tmux::{Tmux, script};
    let env = common::Env::seeded();
    let t = Tmux::start("swipe", &script(&env.db, env.dir.path(), "--window w1"));
    t.log_in("8002", common::CLERK_PIN);
    t.keys(&["F2"]);
    t.type_text("11010519491231002X");
    t.keys(&["Enter"]);
    t.wait_for("查询原因");
    t.keys(&["330281199806110679", "Enter"]);
    t.wait_for("证件号 330281199806110679");
    let screen = t.wait_for("查询原因");
    assert!(screen.contains("1 本人来访"), "{screen}");
    t.keys(&["Escape"]);
    t.wait_gone("查询原因");
    t.keys(&["M-q"]);
    t.wait_for("退出");
    t.keys(&["Enter"]);
    t.wait_for("EXIT=0");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let lookups: i64 = conn
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'claims_lookup'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lookups, 0, "no reason was picked by the card's digits");
}

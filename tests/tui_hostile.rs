//! Hostile text at the counter, through the real binary in tmux at 80×24: stored escape
//! sequences, BEL, backspace and bidi overrides are shown as visible marks with the screen
//! around them intact (a stored 10,000-character unit too); SQL and HTML typed into a form, and a
//! 2,000-character note, are stored exactly as typed.

mod common;
use common::tmux::{Tmux, script};
use common::*;

const ID: &str = "11010519491231002X";

/// Every line of the screen fits 80 columns, and the frame's corners are where they belong.
fn intact(screen: &str) {
    let lines: Vec<&str> = screen.lines().collect();
    assert!(lines.len() >= 24, "{screen}");
    for l in &lines {
        assert!(frontdesk::domain::width::width(l) <= 80, "a line overflows:\n{screen}");
    }
    assert!(lines[0].starts_with('┌') && lines[0].ends_with('┐'), "top border:\n{screen}");
    assert!(lines[23].starts_with('└') && lines[23].ends_with('┘'), "bottom border:\n{screen}");
}

#[test]
fn stored_escapes_show_as_marks_and_typed_sql_and_html_are_kept_as_typed() {
    let env = Env::seeded();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    // As an old import or another program could have left them.
    let name = "王\u{1b}[2J\u{7}\u{8}\u{202e}明";
    let unit = format!("单位\u{1b}]0;hacked\u{7}{}", "长".repeat(10_000));
    conn.execute(
        "INSERT INTO workers (id_number, name, phone, work_unit, created_at, updated_at)
         VALUES (?1, ?2, '13800000000', ?3, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')",
        rusqlite::params![ID, name, unit],
    )
    .unwrap();
    let t = Tmux::start("hostile", &script(&env.db, env.dir.path(), "--window w1"));
    t.log_in("8001", SUP_PIN);
    t.keys(&["F2"]);
    t.type_text(ID);
    t.keys(&["Enter"]);
    t.wait_for("本人来访");
    t.keys(&["1"]);
    let screen = t.wait_for("王^[[2J^G^H<U+202E>明");
    intact(&screen);
    assert!(screen.contains("单位^[]0;hacked^G"), "{screen}");
    assert_ne!(t.format("#{pane_title}"), "hacked", "no escape reached the terminal");
    // Typed at F1: SQL, HTML and a long note go in as text.
    t.keys(&["F1"]);
    t.wait_for("事项+回车=快速取号");
    let sql = "王'); DROP TABLE visits;--";
    let html = "<script>alert(1)</script>&amp;<b>";
    let note = format!("{}完", "注".repeat(1_999));
    t.type_text("1");
    t.keys(&["Tab"]);
    t.type_text("440524188001010014");
    t.keys(&["Tab"]);
    t.type_text(sql);
    t.keys(&["Tab", "Tab"]);
    t.type_text(html);
    t.keys(&["Tab", "Tab", "Tab"]);
    // In pieces: one tmux command carries only so much.
    for piece in note.chars().collect::<Vec<_>>().chunks(100) {
        t.type_text(&piece.iter().collect::<String>());
    }
    // The field scrolls with the cursor: its end in view means every key has been taken.
    intact(&t.wait_for("注注完"));
    t.keys(&["M-s"]);
    let screen = t.wait_for("刚取号 A001");
    intact(&screen);
    let (n, u, w): (String, String, String) = conn
        .query_row("SELECT name, work_unit, note FROM visits", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    assert_eq!((n.as_str(), u.as_str()), (sql, html));
    assert_eq!(w, note, "all 2,000 characters");
    let tables: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'visits'", [], |r| r.get(0)).unwrap();
    assert_eq!(tables, 1);
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
}

#[test]
fn a_lock_held_too_long_is_said_and_what_was_typed_stays_for_the_next_try() {
    let env = Env::seeded();
    let vars = "FRONTDESK_BUSY_SECONDS=1";
    let t = Tmux::start("busy", &common::tmux::script_env(&env.db, env.dir.path(), vars, "--window w1"));
    t.log_in("8002", CLERK_PIN);
    t.type_text("1");
    t.keys(&["Tab"]);
    t.type_text("440524188001010014");
    t.keys(&["Tab"]);
    t.type_text("欧阳建国");
    // Another program holds the file past the busy limit.
    let holder = rusqlite::Connection::open(&env.db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    t.keys(&["M-s"]);
    let screen = t.wait_for("被其他程序长时间占用，未能保存");
    intact(&screen);
    assert!(screen.contains("欧阳建国") && screen.contains("440524********0014"), "kept:\n{screen}");
    holder.execute_batch("ROLLBACK").unwrap();
    t.keys(&["M-s"]);
    t.wait_for("刚取号 A001");
    let name: String = holder.query_row("SELECT name FROM visits", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "欧阳建国");
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
}

#[test]
fn a_config_changed_or_broken_under_a_running_terminal_is_said_and_the_old_one_kept() {
    let env = Env::seeded();
    let cfg = env.path("frontdesk.toml");
    let original =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config/frontdesk.toml")).unwrap();
    std::fs::write(&cfg, &original).unwrap();
    let args = format!("--window w1 --config {}", cfg.display());
    let t = Tmux::start("config", &script(&env.db, env.dir.path(), &args));
    t.log_in("8002", CLERK_PIN);
    std::fs::write(&cfg, original.replace("idle_lock_seconds = 300", "idle_lock_seconds = 600")).unwrap();
    intact(&t.wait_for("配置已更改，重新打开本程序后生效；现仍用启动时的配置"));
    std::fs::write(&cfg, format!("{original}\n[[[not toml")).unwrap();
    intact(&t.wait_for("配置文件有误，现仍用启动时的配置"));
    // The terminal still works on the config it started with.
    t.type_text("1");
    t.keys(&["Enter"]);
    t.wait_for("A001");
    std::fs::write(&cfg, &original).unwrap();
    t.wait_gone("配置文件有误");
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
}

#[test]
fn a_full_disk_at_the_counter_is_said_and_the_typed_form_kept() {
    let env = Env::seeded();
    // A file-size limit (SIGXFSZ ignored) stands in for a full disk: the WAL cannot grow past it.
    let line = format!("trap '' XFSZ; ulimit -f 300; {}", script(&env.db, env.dir.path(), "--window w1"));
    let t = Tmux::start("full", &line);
    t.log_in("8002", CLERK_PIN);
    // Quick tickets until one is refused; each attempt waits for its answer on screen.
    let mut said = None;
    'tickets: for n in 1..=300 {
        t.type_text("1");
        t.keys(&["Enter"]);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while std::time::Instant::now() < deadline {
            let screen = t.screen();
            if screen.contains("失败（磁盘可能已满或有故障）") {
                said = Some(screen);
                break 'tickets;
            }
            if screen.contains(&format!("刚取号 A{n:03}")) {
                continue 'tickets;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("ticket {n}: no answer:\n{}", t.screen());
    }
    let screen = said.unwrap_or_else(|| panic!("the limit was never reached:\n{}", t.screen()));
    intact(&screen);
    // A registration typed now is refused with the same sentence and stays in the form.
    t.type_text("1");
    t.keys(&["Tab"]);
    t.type_text("440524188001010014");
    t.keys(&["Tab"]);
    t.type_text("欧阳建国");
    t.keys(&["M-s"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let screen = t.wait_for("磁盘可能已满");
    assert!(screen.contains("欧阳建国"), "kept:\n{screen}");
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
    // Nothing half-written: the file is sound and holds whole visits only.
    drop(t);
    let out = env.sup(&["check"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
}

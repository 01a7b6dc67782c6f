//! The real binary in tmux at 80×24: log in, switch tabs, Chinese input, resize, quit, signals.

mod common;
use common::tmux::{Tmux, pid_of, script};
use common::*;

fn left_clean(t: &Tmux, code: &str) {
    t.wait_for(&format!("EXIT={code}"));
    let screen = t.wait_for("STTY ");
    assert!(screen.contains("STTY icanon echo"), "terminal left raw:\n{screen}");
    assert_eq!(t.format("#{alternate_on}"), "0", "still in the alternate screen");
    assert_eq!(t.format("#{cursor_flag}"), "1", "cursor hidden");
}

#[test]
fn log_in_switch_tabs_resize_and_quit() {
    let env = Env::seeded();
    let t = Tmux::start("login", &script(&env.db, env.dir.path(), "--window w1"));
    t.wait_for("请登录");
    t.type_text("8002");
    t.keys(&["Enter"]);
    t.type_text(CLERK_PIN);
    t.keys(&["Enter"]);
    t.wait_for("吴窗口 8002");
    t.wait_for("[F1 来访登记]");
    t.keys(&["F2"]);
    t.wait_for("[F2 互助申报]");
    t.keys(&["M-3"]);
    t.wait_for("[F3 疗养服务]");
    t.keys(&["C-g"]);
    t.wait_for("Ctrl+G：请按数字或字母");
    t.keys(&["4"]);
    t.wait_for("[F4 爱心服务站]");
    // Ctrl+C, Ctrl+Z and Ctrl+S do nothing harmful.
    t.keys(&["C-c", "C-z", "C-s"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(t.screen().contains("[F4 爱心服务站]"));
    t.resize(70, 20);
    let small = t.wait_for("请把窗口放大到至少 80×24");
    assert!(!small.contains("爱心服务站"), "nothing else shows when too small:\n{small}");
    t.resize(80, 24);
    t.wait_for("[F4 爱心服务站]");
    t.keys(&["F12"]);
    t.wait_for("按键帮助");
    t.keys(&["Escape"]);
    t.wait_gone("按键帮助");
    t.keys(&["M-q"]);
    t.wait_for("确定退出");
    t.keys(&["Escape"]);
    t.wait_gone("确定退出");
    assert!(!t.screen().contains("EXIT="));
    t.keys(&["M-q"]);
    t.wait_for("确定退出");
    t.keys(&["Enter"]);
    left_clean(&t, "0");
}

#[test]
fn first_run_with_chinese_input_then_lock_and_unlock() {
    let env = Env::new();
    let t = Tmux::start("firstrun", &script(&env.db, env.dir.path(), "--window w2"));
    t.wait_for("首次使用");
    t.type_text("8001");
    t.keys(&["Tab"]);
    t.type_text("欧阳建国");
    t.wait_for("欧阳建国");
    t.keys(&["Tab"]);
    t.type_text(SUP_PIN);
    t.keys(&["Tab"]);
    t.type_text(SUP_PIN);
    t.keys(&["Enter"]);
    t.wait_for("已创建负责人 8001");
    t.type_text(SUP_PIN);
    t.keys(&["Enter"]);
    t.wait_for("欧阳建国 8001");
    t.wait_for("2号窗口");
    t.keys(&["M-l"]);
    let locked = t.wait_for("屏幕已锁定");
    assert!(locked.contains("欧阳建国（8001）"));
    t.type_text("000000");
    t.keys(&["Enter"]);
    t.wait_for("还可尝试 4 次");
    t.type_text(SUP_PIN);
    t.keys(&["Enter"]);
    t.wait_for("[F1 来访登记]");
    t.keys(&["M-q", "Enter"]);
    left_clean(&t, "0");
    // The supervisor made on screen works on the command line too.
    assert_ok(&env.sup(&["clerk", "list"]));
}

fn signal_restores(sig: i32, name: &str) {
    let env = Env::seeded();
    let t = Tmux::start(name, &script(&env.db, env.dir.path(), "--window w1"));
    t.wait_for("请登录");
    t.type_text("80");
    let pid = pid_of(&env.db).expect("frontdesk is running");
    // SAFETY: sending a signal to a child process of this test.
    assert_eq!(unsafe { libc::kill(pid, sig) }, 0);
    t.wait_for("EXIT=");
    let screen = t.wait_for("STTY ");
    assert!(screen.contains("STTY icanon echo"), "terminal left raw:\n{screen}");
    assert_eq!(t.format("#{alternate_on}"), "0");
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores(libc::SIGTERM, "term");
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores(libc::SIGHUP, "hup");
}

#[test]
fn the_program_ends_when_its_terminal_goes_away() {
    let env = Env::seeded();
    let t = Tmux::start("hangup", &script(&env.db, env.dir.path(), "--window w1"));
    t.wait_for("请登录");
    let pid = pid_of(&env.db).expect("running");
    t.kill_server();
    // crossterm spins once the terminal is gone; the watchdog ends the process instead.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        if state.contains(") Z ") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "frontdesk still running after its terminal went away");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn demo_opens_logged_in_as_its_supervisor_at_window_4() {
    let env = Env::new();
    let t = Tmux::start("demo", &script(&env.db, env.dir.path(), "demo"));
    // Not just "演示数据": the creation message on stderr says that too.
    let screen = t.wait_for("4号窗口 综合");
    assert!(screen.contains("演示数据  20"), "{screen}");
    assert!(screen.contains("周主任 9001"), "{screen}");
    t.wait_for("F6 管理");
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
}

#[test]
fn a_visit_from_ticket_to_finish_through_the_real_binary() {
    let env = Env::seeded();
    let t = Tmux::start("visit", &script(&env.db, env.dir.path(), "--window w1"));
    t.log_in("8002", CLERK_PIN);
    // Full registration with a Chinese name.
    t.type_text("1");
    t.keys(&["Tab"]);
    t.type_text("11010519491231002X");
    t.keys(&["Tab"]);
    t.type_text("王建国");
    t.keys(&["M-s"]);
    t.wait_for("刚取号 A001 医疗互助 前面还有 0 人");
    t.wait_for("A001 医疗互助");
    t.keys(&["M-n"]);
    t.wait_for("已叫号 A001 → 1号窗口（第1次）");
    t.keys(&["M-b"]);
    t.wait_for("正在办理 A001 王*国");
    t.keys(&["M-f"]);
    t.wait_for("办结结果");
    t.type_text("1");
    t.wait_for("A001 已办结");
    t.wait_for("本窗口等候 0 人");
    t.keys(&["M-q", "Enter"]);
    left_clean(&t, "0");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let (state, outcome): (String, String) =
        conn.query_row("SELECT state, outcome FROM visits", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((state.as_str(), outcome.as_str()), ("done", "done_first_visit"));
}

#[test]
fn two_windows_calling_at_once_get_different_tickets() {
    let env = Env::seeded();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    drop(conn);
    let a = Tmux::start("calla", &script(&env.db, env.dir.path(), "--window w1"));
    let b = Tmux::start("callb", &script(&env.db, env.dir.path(), "--window w4"));
    for (t, login, pin) in [(&a, "8001", SUP_PIN), (&b, "8002", CLERK_PIN)] {
        t.wait_for("请登录");
        t.type_text(login);
        t.keys(&["Enter"]);
        t.type_text(pin);
        t.keys(&["Enter"]);
        t.wait_for("事项+回车=快速取号");
    }
    a.type_text("1");
    a.keys(&["Enter"]);
    a.wait_for("刚取号 A001");
    a.type_text("1");
    a.keys(&["Enter"]);
    a.wait_for("刚取号 A002");
    a.keys(&["M-n"]);
    b.keys(&["M-n"]);
    let sa = a.wait_for("已叫号 A00");
    let sb = b.wait_for("已叫号 A00");
    let ticket = |s: &str| s.split("已叫号 ").nth(1).map(|r| r[..4].to_string()).unwrap_or_default();
    let (ta, tb) = (ticket(&sa), ticket(&sb));
    assert_ne!(ta, tb, "both windows called {ta}");
    let mut both = [ta, tb];
    both.sort();
    assert_eq!(both, ["A001".to_string(), "A002".to_string()]);
}

//! F1's queue through the real binary in tmux at 80×24, two terminals on one database (#28):
//! terminal A's highlight stays on the ticket it shows when terminal B takes the one above it.

mod common;
use common::tmux::{Tmux, script};
use common::*;

#[test]
fn a_ticket_called_at_another_window_never_slides_the_next_one_under_the_highlight() {
    let env = Env::seeded();
    let home_b = env.path("b");
    std::fs::create_dir_all(&home_b).unwrap();
    let a = Tmux::start("queue-a", &script(&env.db, env.dir.path(), "--window w4"));
    let b = Tmux::start("queue-b", &script(&env.db, &home_b, "--window w1"));
    a.log_in("8001", SUP_PIN);
    for n in 1..=4 {
        a.type_text("1");
        a.keys(&["Enter"]);
        a.wait_for(&format!("刚取号 A00{n}"));
    }
    // A's list, the third ticket highlighted.
    a.keys(&["BTab", "Down", "Down"]);
    a.wait_for(">A003");
    // B, at window 1, calls the first ticket: it leaves A's queue.
    b.log_in("8002", CLERK_PIN);
    b.keys(&["M-n"]);
    b.wait_for("已叫号 A001 → 1号窗口");
    a.wait_gone("A001");
    let screen = a.screen();
    assert!(screen.contains(">A003"), "A's highlight stays on A003:\n{screen}");
    assert!(!screen.contains(">A004"), "it did not slide onto A004:\n{screen}");
    // A's act lands on the ticket it shows.
    a.keys(&["M-x"]);
    a.wait_for("A003");
    a.keys(&["Enter"]);
    a.wait_for("A003 已取消");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let mut s = conn.prepare("SELECT ticket, state FROM visits ORDER BY id").unwrap();
    let states: Vec<(String, String)> =
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect();
    let want = [("A001", "called"), ("A002", "waiting"), ("A003", "cancelled"), ("A004", "waiting")];
    assert_eq!(states, want.map(|(t, s)| (t.to_string(), s.to_string())), "A003 cancelled, not A004");
    for t in [&a, &b] {
        t.keys(&["M-q", "Enter"]);
        t.wait_for("EXIT=0");
    }
}

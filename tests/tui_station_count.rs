//! Issue #28, the count race through the real binary in tmux at 80×24: terminal A (the
//! supervisor) opens the count of 创可贴 at 账面 18; terminal B (a volunteer) hands one out; A
//! enters the 18 it counted and saves: refused with the new book, nothing stored, and the form
//! shows 账面 17 with the counted figure cleared; A counts again, types 17, and it is stored.

mod common;
use common::tmux::{Tmux, script};
use common::*;

fn counts(conn: &rusqlite::Connection) -> Vec<(i64, i64)> {
    let mut s =
        conn.prepare("SELECT expected, qty FROM station_moves WHERE kind = 'count' ORDER BY id").unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn a_count_refused_because_the_book_moved_is_taken_again_from_a_blank_figure() {
    let env = Env::seeded();
    let out = env.run(
        &["clerk", "add", "--login", "8003", "--name", "张志愿", "--role", "volunteer"],
        Some(("8001", SUP_PIN)),
        "418263\n",
    );
    assert_ok(&out);
    let home_b = env.path("b");
    std::fs::create_dir_all(&home_b).unwrap();
    let a = Tmux::start("count-a", &script(&env.db, env.dir.path(), "--window w4"));
    a.log_in("8001", SUP_PIN);
    a.keys(&["F4"]);
    a.wait_for("[登记]");
    a.keys(&["M-k", "M-k", "M-k"]);
    a.wait_for("在库  借出/在用");
    for _ in 0..5 {
        a.keys(&["Down"]);
    }
    a.keys(&["M-a"]);
    a.wait_for("入库 创可贴");
    a.type_text("18");
    a.keys(&["M-s"]);
    a.wait_for("现有 18片");
    a.keys(&["M-c"]);
    a.wait_for("盘点 创可贴（账面 18）");
    // Meanwhile a volunteer at another terminal hands one out.
    let b = Tmux::start("count-b", &script(&env.db, &home_b, "--window w3"));
    // A volunteer's session opens on F4 (log_in waits for F1's line).
    b.wait_for("请登录");
    b.type_text("8003");
    b.keys(&["Enter"]);
    b.type_text("418263");
    b.keys(&["Enter"]);
    b.wait_for("[F4 爱心服务站]");
    b.type_text("6");
    b.keys(&["Enter"]);
    b.wait_for("已发放 创可贴 1片");
    // A enters the figure it counted against the old book.
    a.type_text("18");
    a.keys(&["Tab"]);
    a.type_text("月末盘点");
    a.keys(&["M-s"]);
    let screen = a.wait_for("账面已变为 17，请重新盘点");
    assert!(screen.contains("盘点 创可贴（账面 17）"), "the new book:\n{screen}");
    let line = screen.lines().find(|l| l.contains("实点数量")).unwrap_or_default().to_string();
    assert!(!line.contains("18"), "the counted figure is cleared: {line}\n{screen}");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    assert_eq!(counts(&conn), [], "nothing stored");
    // Alt+S with no fresh figure stores nothing either.
    a.keys(&["M-s"]);
    a.wait_for("请输入");
    assert_eq!(counts(&conn), [], "nothing stored without a fresh figure");
    a.type_text("17");
    a.keys(&["M-s"]);
    a.wait_for("现有 17片");
    assert_eq!(counts(&conn), [(17, 0)], "the fresh count, against the book as it is now");
    for t in [&a, &b] {
        t.keys(&["M-q", "Enter"]);
        t.wait_for("EXIT=0");
    }
}

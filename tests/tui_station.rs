//! F4 through the real binary in tmux at 80×24: a supervisor restocks, lends two umbrellas and
//! takes one back, gives ten plasters, is refused more than there is (input kept); a clerk is
//! refused restock; a volunteer works the station and is refused the claims tab.

mod common;
use common::tmux::{Tmux, script};
use common::*;

#[test]
fn restock_lend_return_give_and_refusals() {
    let env = Env::seeded();
    let t = Tmux::start("station", &script(&env.db, env.dir.path(), "--window w4"));
    t.log_in("8001", SUP_PIN);
    t.keys(&["F4"]);
    t.wait_for("登记：物品数字+回车=立即登记");
    // Stock page: 雨伞 is the first line; then 创可贴.
    t.keys(&["M-k", "M-k", "M-k"]);
    t.wait_for("在库  借出/在用");
    t.keys(&["M-a"]);
    t.wait_for("入库 雨伞");
    t.type_text("5");
    t.keys(&["M-s"]);
    t.wait_for("入库 雨伞 +5把，现有 5把");
    for _ in 0..5 {
        t.keys(&["Down"]);
    }
    t.keys(&["M-a"]);
    t.wait_for("入库 创可贴");
    t.type_text("12");
    t.keys(&["M-s"]);
    t.wait_for("现有 12片");
    // Lend two umbrellas.
    t.keys(&["M-k", "M-k"]);
    t.wait_for("[登记]");
    t.type_text("1");
    t.keys(&["Enter"]);
    t.type_text("2");
    t.keys(&["Tab"]);
    t.type_text("欧阳建国");
    t.keys(&["Tab"]);
    t.type_text("13912345678");
    t.keys(&["M-s"]);
    t.wait_for("已借出 雨伞 2把 · 欧阳建国");
    // One comes back.
    t.keys(&["M-k"]);
    t.wait_for("未还 1 笔 2 件");
    t.type_text("5678");
    t.keys(&["Enter"]);
    t.wait_for("“5678”：1 笔");
    t.keys(&["Enter"]);
    t.wait_for("归还 雨伞 · 欧阳建国 · 未还 2");
    t.keys(&["C-u"]);
    t.type_text("1");
    t.keys(&["Tab"]);
    t.type_text("伞骨有点弯");
    t.keys(&["M-s"]);
    t.wait_for("已归还 雨伞 1把，仍未还 1把");
    // Ten plasters at once, then more than there is.
    t.keys(&["M-k", "M-k", "M-k", "M-k"]);
    t.wait_for("[登记]");
    t.type_text("6");
    t.keys(&["Tab"]);
    t.type_text("10");
    t.keys(&["M-s"]);
    t.wait_for("已发放 创可贴 10片");
    t.type_text("6");
    t.keys(&["Tab"]);
    t.type_text("5");
    t.keys(&["M-s"]);
    let screen = t.wait_for("! 库存不足：创可贴可用 2片");
    assert!(screen.contains("数量 5") && screen.contains("[6] 创可贴"), "input kept:\n{screen}");
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let (umbrellas, plasters): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT qty FROM station_stock WHERE item = 'umbrella'),
                    (SELECT qty FROM station_stock WHERE item = 'plaster')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((umbrellas, plasters), (4, 2));
}

#[test]
fn a_clerk_is_refused_restock_and_a_volunteer_the_claims_tab() {
    let env = Env::seeded();
    let out = env.run(
        &["clerk", "add", "--login", "8003", "--name", "张志愿", "--role", "volunteer"],
        Some(("8001", SUP_PIN)),
        "418263\n",
    );
    assert_ok(&out);
    let t = Tmux::start("station-roles", &script(&env.db, env.dir.path(), "--window w4"));
    t.log_in("8002", CLERK_PIN);
    t.keys(&["F4"]);
    t.wait_for("[登记]");
    t.keys(&["M-k", "M-k", "M-k"]);
    t.wait_for("在库  借出/在用");
    t.keys(&["M-a"]);
    t.wait_for("只有主管可以办理此项");
    t.keys(&["M-u"]);
    t.wait_for("切换操作员？");
    t.keys(&["Enter"]);
    t.wait_for("请登录");
    t.type_text("8003");
    t.keys(&["Enter"]);
    t.type_text("418263");
    t.keys(&["Enter"]);
    // A volunteer opens on the station; water is out of stock, so it is refused.
    t.wait_for("[F4 爱心服务站]");
    t.type_text("5");
    t.keys(&["Enter"]);
    t.wait_for("库存不足：纯净水可用 0瓶");
    t.keys(&["F2"]);
    t.wait_for("不能使用「互助申报」");
    let screen = t.screen();
    assert!(!screen.contains("F2 互助申报"), "the volunteer's tab line has no claims:\n{screen}");
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
}

/// Issue #28: terminal A has 吴国庆's loan (row 5) under its cursor; terminal B, on the same
/// database, takes back the first loan. A's list is read again and its cursor stays on 吴国庆
/// (it used to slide onto 徐芳, whose umbrella Enter, Alt+S then returned). When B takes back
/// the loan under A's cursor, A has nothing selected and Enter says so.
#[test]
fn a_loan_returned_at_another_terminal_never_slides_the_next_person_under_the_cursor() {
    let env = Env::seeded();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    for (i, name) in ["张伟", "李娜", "王磊", "刘洋", "吴国庆", "徐芳"].iter().enumerate() {
        conn.execute(
            "INSERT INTO station_loans (item, qty, name, phone, lent_at, lent_on, due_on)
             VALUES ('umbrella', 1, ?1, ?2, '2026-11-20T01:00:00.000Z', '2026-11-20', ?3)",
            rusqlite::params![name, format!("1390000928{}", i + 1), format!("2030-01-0{}", i + 1)],
        )
        .unwrap();
    }
    let home_b = env.path("b");
    std::fs::create_dir_all(&home_b).unwrap();
    let a = Tmux::start("station-a", &script(&env.db, env.dir.path(), "--window w4"));
    let b = Tmux::start("station-b", &script(&env.db, &home_b, "--window w3"));
    a.log_in("8001", SUP_PIN);
    a.keys(&["F4", "M-k"]);
    a.wait_for("未还 6 笔");
    a.keys(&["Down", "Down", "Down", "Down"]);
    a.wait_for(">雨伞     ×1  吴国庆");
    b.log_in("8002", CLERK_PIN);
    b.keys(&["F4", "M-k"]);
    b.wait_for(">雨伞     ×1  张伟");
    b.keys(&["Enter"]);
    b.wait_for("归还 雨伞 · 张伟");
    b.keys(&["M-s"]);
    b.wait_for("已归还 雨伞");
    // A reads its list again within two seconds.
    let screen = a.wait_for("未还 5 笔");
    assert!(screen.contains(">雨伞     ×1  吴国庆"), "the cursor stays on 吴国庆:\n{screen}");
    a.keys(&["Enter"]);
    a.wait_for("归还 雨伞 · 吴国庆");
    a.keys(&["M-s"]);
    a.wait_for("已归还 雨伞");
    let open = |conn: &rusqlite::Connection| -> Vec<String> {
        let mut s =
            conn.prepare("SELECT name FROM station_loans WHERE closed_at IS NULL ORDER BY id").unwrap();
        s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
    };
    assert_eq!(open(&conn), ["李娜", "王磊", "刘洋", "徐芳"], "吴国庆's came back, not 徐芳's");
    // B takes back 刘洋's, the loan under A's cursor now.
    a.keys(&["Up"]);
    a.wait_for(">雨伞     ×1  刘洋");
    b.type_text("9284");
    b.keys(&["Enter"]);
    b.wait_for("“9284”：1 笔");
    b.keys(&["Enter"]);
    b.wait_for("归还 雨伞 · 刘洋");
    b.keys(&["M-s"]);
    b.wait_for("已归还 雨伞");
    a.wait_for("未还 3 笔");
    a.keys(&["Enter"]);
    let screen = a.wait_for("未选中，请先用 ↑ ↓ 选择");
    assert!(!screen.contains(">雨伞"), "no loan is selected:\n{screen}");
    assert_eq!(open(&conn), ["李娜", "王磊", "徐芳"]);
    for t in [&a, &b] {
        t.keys(&["M-q", "Enter"]);
        t.wait_for("EXIT=0");
    }
}

//! Issue #25, the whole life of one hardship file through the real binary in tmux at 80×24,
//! three terminals on one database: clerk 8002 (w1) applies for 欧阳建国's household of three
//! typed in Chinese, supervisor 8001 (w2) approves it, the clerk records a visit, the supervisor
//! enters the yearly review and is refused its approval (four eyes), supervisor 8004 (w3)
//! approves it, and then exits the file. Each step is checked in the database and the day's
//! figures (`report daily --format json`) count it.

mod common;
use common::tmux::{Tmux, script};
use common::*;

const ID: &str = "330381196607151234";

/// A verification date inside `verify_valid_days` and never in the future, whatever the hour.
fn verified_on() -> String {
    let shanghai = chrono::Utc::now() + chrono::Duration::hours(8);
    (shanghai.date_naive() - chrono::Days::new(3)).to_string()
}

/// F2, the worker looked up (reason 1 本人来访), on the 困难档案 page read afresh.
fn open_file(t: &Tmux, expect: &str) {
    t.keys(&["F2"]);
    t.type_text(ID);
    t.keys(&["Enter"]);
    t.wait_for("查询原因");
    t.type_text("1");
    t.wait_for("原因：本人来访");
    t.keys(&["M-k"]);
    t.wait_for(expect);
}

fn tab(t: &Tmux, n: usize) {
    for _ in 0..n {
        t.keys(&["Tab"]);
    }
}

fn file(conn: &rusqlite::Connection) -> (String, Option<String>, Option<String>) {
    conn.query_row("SELECT state, category, exit_reason FROM hardship_files", [], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
    .unwrap()
}

fn actions(conn: &rusqlite::Connection) -> Vec<String> {
    let mut s = conn.prepare("SELECT action FROM hardship_events ORDER BY id").unwrap();
    s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn a_file_is_applied_approved_visited_reviewed_and_exited_by_keyboard() {
    let env = Env::seeded();
    let out = env.run(
        &["clerk", "add", "--login", "8004", "--name", "钱主管", "--role", "supervisor"],
        Some(("8001", SUP_PIN)),
        "514372\n",
    );
    assert_ok(&out);
    let csv = env.path("w.csv");
    std::fs::write(&csv, format!("id_number,name,phone,work_unit,email\n{ID},欧阳建国,13812345678,宁波市北仑区港口机械维修有限公司,\n"))
        .unwrap();
    assert_ok(&env.sup(&["import", "workers", csv.to_str().unwrap()]));
    let homes: Vec<_> = ["a", "b", "c"].iter().map(|h| env.path(h)).collect();
    for h in &homes {
        std::fs::create_dir_all(h).unwrap();
    }
    let conn = rusqlite::Connection::open(&env.db).unwrap();

    // The clerk applies: three members, one a child without ID, incomes in several forms.
    let a = Tmux::start("life-a", &script(&env.db, &homes[0], "--window w1"));
    a.log_in("8002", CLERK_PIN);
    open_file(&a, "该职工没有困难职工档案");
    a.keys(&["M-a"]);
    a.wait_for("── 申请建档");
    tab(&a, 3); // relation, ID, health
    a.type_text("2"); // 慢性病
    tab(&a, 2); // grade, work
    a.type_text("1"); // 在职
    tab(&a, 1);
    a.type_text("２,０００元");
    a.keys(&["M-n"]);
    a.type_text("李秀英");
    tab(&a, 1);
    a.type_text("2"); // 配偶
    tab(&a, 1);
    a.type_text("330381194503020820");
    tab(&a, 1);
    a.type_text("3"); // 大病
    tab(&a, 2);
    a.type_text("5"); // 无劳动能力
    tab(&a, 1);
    a.type_text("0");
    a.keys(&["M-n"]);
    a.type_text("欧阳小明明明明明");
    tab(&a, 1);
    a.type_text("3"); // 子女, no ID
    tab(&a, 2);
    a.type_text("1");
    tab(&a, 2);
    a.type_text("4"); // 在学, income left empty
    let screen = a.wait_for("人均 666.66");
    assert!(screen.contains("建议：深度困难"), "the proposal follows the household:\n{screen}");
    tab(&a, 2); // income, causes
    a.type_text("12"); // 因病 因残
    tab(&a, 3); // category (the proposal), reason, date
    a.type_text(&verified_on());
    tab(&a, 1);
    a.type_text("余民核2026-0088");
    tab(&a, 1);
    a.type_text("1"); // 符合
    tab(&a, 1);
    a.type_text("666.66");
    a.keys(&["M-s"]);
    let screen = a.wait_for("已申请建档");
    assert!(screen.contains("待审批"), "{screen}");
    assert!(screen.contains("欧******明"), "the household masked on the page:\n{screen}");
    assert!(!screen.contains("李秀英"), "{screen}");
    assert_eq!(file(&conn), ("applied".into(), Some("deep".into()), None));
    let per_head: i64 = conn.query_row("SELECT per_head_fen FROM hardship_files", [], |r| r.get(0)).unwrap();
    assert_eq!(per_head, 66_666, "rounded down to the fen");

    // The clerk may not approve; a supervisor who did not enter it does.
    a.keys(&["M-m"]);
    a.wait_for("困难档案的审批由主管办理");
    let b = Tmux::start("life-b", &script(&env.db, &homes[1], "--window w2"));
    b.log_in("8001", SUP_PIN);
    open_file(&b, "待审批");
    b.keys(&["M-m"]);
    b.wait_for("1 批准建档");
    b.type_text("1");
    b.wait_for("批准后有效期至");
    b.keys(&["Enter"]);
    b.wait_for("已批准建档");
    assert_eq!(file(&conn).0, "filed");

    // A visit by the clerk, two who went, what was found in Chinese.
    open_file(&a, "在档");
    a.keys(&["M-f"]);
    a.wait_for("走访人工号 8002");
    tab(&a, 1);
    a.type_text(" 8001");
    tab(&a, 1);
    a.type_text("家中");
    tab(&a, 1);
    a.type_text("妻子卧床，孩子上学需要护理帮手");
    tab(&a, 1);
    a.type_text("护理");
    a.keys(&["M-s"]);
    let screen = a.wait_for("走访（1）");
    assert!(!screen.contains("妻子卧床"), "what was found waits for Alt+V:\n{screen}");
    a.keys(&["M-v"]);
    a.wait_for("显示原文");
    a.type_text("1");
    a.wait_for("妻子卧床");
    let went: i64 = conn.query_row("SELECT count(*) FROM hardship_visit_clerks", [], |r| r.get(0)).unwrap();
    assert_eq!(went, 2);

    // The supervisor enters the review (continue) and cannot approve it: four eyes.
    open_file(&b, "在档");
    b.keys(&["M-r"]);
    b.wait_for("── 年审");
    tab(&b, 21 + 2); // the three members' fields, category, its reason
    b.type_text("1"); // 继续在档
    tab(&b, 2); // exit reason, date
    b.type_text(&verified_on());
    tab(&b, 1);
    b.type_text("余民核2027-0011");
    tab(&b, 1);
    b.type_text("1");
    tab(&b, 1);
    b.type_text("650");
    b.keys(&["M-s"]);
    // Saved: the service's answer (the form's own title says 年审 already, and the page may
    // be back before the write lands).
    b.wait_for("已录入年审");
    let entered: i64 = conn
        .query_row("SELECT count(*) FROM hardship_reviews WHERE state = 'entered'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(entered, 1, "{}", b.screen());
    b.keys(&["M-m"]);
    b.wait_for("须由另一位主管审批");

    // A second supervisor approves the review, then exits the file.
    let c = Tmux::start("life-c", &script(&env.db, &homes[2], "--window w3"));
    c.log_in("8004", "514372");
    open_file(&c, "在档");
    c.keys(&["M-m"]);
    c.wait_for("批准年审");
    c.type_text("1");
    c.wait_for("继续");
    c.keys(&["Enter"]);
    c.wait_for("年审通过");
    let reviewed: String = conn.query_row("SELECT state FROM hardship_reviews", [], |r| r.get(0)).unwrap();
    assert_eq!(reviewed, "approved", "{}", c.screen());
    c.keys(&["M-m"]);
    c.wait_for("退出（解困脱困）");
    c.type_text("1");
    c.wait_for("收入超过标准");
    c.type_text("2"); // 就业
    c.keys(&["M-s"]);
    c.wait_for("已退出");
    assert_eq!(file(&conn), ("exited".into(), Some("deep".into()), Some("employed".into())));
    assert_eq!(actions(&conn), ["apply", "approve", "visit", "review", "review_approve", "exit"]);

    // The day's figures count each step.
    let out = env.sup(&["report", "daily", "--format", "json"]);
    assert_ok(&out);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let h = &json["hardship"];
    assert_eq!(
        (h["filed"].as_i64(), h["reviewed"].as_i64(), h["visits"].as_i64()),
        (Some(1), Some(1), Some(1)),
        "{h}"
    );
    assert_eq!(h["exited"]["total"].as_i64(), Some(1), "{h}");
    for t in [&a, &b, &c] {
        t.keys(&["M-q", "Enter"]);
        t.wait_for("EXIT=0");
    }
}

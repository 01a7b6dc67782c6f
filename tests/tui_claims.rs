//! F2 through the real binary in tmux at 80×24: claims imported by the back office, looked up
//! with a lower-case x, a wrong check character, the history, an unknown ID and an intake
//! refused without consent.

mod common;
use common::tmux::{Tmux, script};
use common::*;

#[test]
fn lookup_history_unknown_id_and_intake_without_consent() {
    let env = Env::seeded();
    let f = env.path("c.csv");
    std::fs::write(
        &f,
        "claim_no,id_number,name,kind,filed_on,amount_claimed,amount_approved,status,note,papers_complete_on\n\
         HZ2026000412,11010519491231002X,王建国,inpatient,2026-01-05,12340.50,8000,approved,,2026-01-05\n\
         HZ2026000371,11010519491231002X,王建国,medical_subsidy,2026-01-12,3000,,materials_incomplete,,\n",
    )
    .unwrap();
    assert_ok(&env.sup(&["import", "claims", f.to_str().unwrap()]));
    let t = Tmux::start("claims", &script(&env.db, env.dir.path(), "--window w1"));
    t.log_in("8002", CLERK_PIN);
    t.keys(&["F2"]);
    t.wait_for("回车查询");
    // Lower-case x, then the reason by its digit.
    t.type_text("11010519491231002x");
    t.keys(&["Enter"]);
    t.wait_for("电话查询");
    t.type_text("2");
    let screen = t.wait_for("HZ2026000412");
    assert!(screen.contains("审核通过") && screen.contains("逾期"), "{screen}");
    assert!(screen.contains("110105********002X") && !screen.contains("11010519491231002X"), "{screen}");
    assert!(screen.contains("原因：电话查询"), "{screen}");
    // Newest first: the imported claim without a papers list says so instead of an empty list.
    t.wait_for("读给职工：还缺以下材料：（未登记缺少哪些材料");
    t.keys(&["Down"]);
    t.wait_for("读给职工：已批准，等待发放");
    // The history of the selected claim.
    t.keys(&["Enter"]);
    let screen = t.wait_for("HZ2026000412 办理进度");
    assert!(screen.contains("[导入]"), "{screen}");
    t.keys(&["Escape"]);
    t.wait_gone("办理进度");
    // A wrong check character: the reason, and the characters stay.
    t.keys(&["F2"]);
    t.wait_gone("HZ2026000412");
    t.type_text("110105194912310021");
    t.keys(&["Enter"]);
    let screen = t.wait_for("校验位不符");
    assert!(screen.contains("110105194912310021"), "{screen}");
    // An unknown ID: nothing on record, intake a key away, refused without consent.
    t.keys(&["F2"]);
    t.type_text("330281198001010027");
    t.keys(&["Enter"]);
    t.wait_for("本人来访");
    t.type_text("1");
    t.wait_for("该证件号暂无申报记录");
    t.keys(&["M-a"]);
    t.wait_for("申请金额");
    t.type_text("1");
    t.keys(&["Tab", "Tab"]);
    t.type_text("2000");
    t.keys(&["Tab"]);
    t.type_text("欧阳建国");
    t.keys(&["M-s"]);
    t.wait_for("收到的材料");
    t.keys(&["Enter"]);
    t.wait_for("您有权拒绝");
    t.type_text("2");
    t.wait_for("未取得本人单独同意");
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let n: i64 = conn.query_row("SELECT count(*) FROM claims", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 2, "refused consent registered nothing");
    let lookups: i64 = conn
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'claims_lookup'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lookups, 2);
}

//! F5 and F6 through the real binary in tmux at 80×24: a supervisor reads today's figures and
//! last month's, adds an account with a Chinese name, changes their own PIN with Alt+I and logs
//! in again with it.

mod common;
use common::tmux::{Tmux, script};
use common::*;

#[test]
fn summary_accounts_and_my_pin() {
    let env = Env::seeded();
    let t = Tmux::start("admin", &script(&env.db, env.dir.path(), "--window w4"));
    t.log_in("8001", SUP_PIN);
    t.keys(&["F5"]);
    t.wait_for("[今天]");
    t.wait_for("来访总数 0");
    t.type_text("3");
    t.wait_for("[上月]");
    t.keys(&["F6"]);
    t.wait_for("[工作人员]");
    t.keys(&["M-a"]);
    t.wait_for("新增工作人员");
    t.type_text("8010");
    t.keys(&["Tab"]);
    t.type_text("欧阳小志");
    t.keys(&["Tab"]);
    t.type_text("3");
    t.keys(&["Tab"]);
    t.type_text("739184");
    t.keys(&["Tab"]);
    t.type_text("739184");
    t.keys(&["M-s"]);
    t.wait_for("已新增 8010 欧阳小志");
    t.wait_for("8010      欧阳小志      志愿者        在用");
    t.keys(&["M-i"]);
    t.wait_for("修改我的PIN");
    t.type_text(SUP_PIN);
    t.keys(&["Tab"]);
    t.type_text("582917");
    t.keys(&["Tab"]);
    t.type_text("582917");
    t.keys(&["M-s"]);
    t.wait_for("PIN 已修改");
    t.keys(&["M-u"]);
    t.wait_for("切换操作员？");
    t.keys(&["Enter"]);
    t.log_in("8001", "582917");
    t.keys(&["M-q", "Enter"]);
    t.wait_for("EXIT=0");
}

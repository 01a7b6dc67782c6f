//! `clerk enable` re-enables a disabled account (nothing did: `clerk unlock` said 已解锁 and left
//! it disabled), `clerk unlock` says what it did, and no one disables or demotes themselves.

mod common;
use common::*;

fn disabled(env: &Env, login: &str) -> i64 {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.query_row("SELECT disabled FROM clerks WHERE login = ?1", [login], |r| r.get(0)).unwrap()
}

fn actions(env: &Env) -> Vec<String> {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let mut s = conn.prepare("SELECT action FROM audit_log ORDER BY id").unwrap();
    s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn clerk_enable_re_enables_and_unlock_says_it_only_clears_a_lock_out() {
    let env = Env::seeded();
    assert_ok(&env.sup(&["clerk", "disable", "8002"]));
    assert_eq!(disabled(&env, "8002"), 1);
    let out = env.sup(&["clerk", "unlock", "8002"]);
    assert_ok(&out);
    assert_eq!(disabled(&env, "8002"), 1, "unlock is not enable");
    let said = stdout(&out);
    assert!(said.contains("PIN") && said.contains("仍停用"), "{said}");
    // A clerk may not.
    assert_eq!(code(&env.run(&["clerk", "enable", "8002"], Some(("8002", CLERK_PIN)), "")), 1);
    let out = env.sup(&["clerk", "enable", "8002"]);
    assert_ok(&out);
    assert!(stdout(&out).contains("已启用 8002"), "{}", stdout(&out));
    assert_eq!(disabled(&env, "8002"), 0);
    assert!(actions(&env).contains(&"clerk_enable".to_string()));
    let list = stdout(&env.sup(&["clerk", "list"]));
    assert!(list.contains("8002\t吴窗口\t窗口工作人员\t在用"), "{list}");
}

#[test]
fn a_supervisor_cannot_disable_or_demote_themselves_on_the_command_line() {
    let env = Env::seeded();
    assert_ok(&env.run(
        &["clerk", "add", "--login", "8003", "--name", "郑主任", "--role", "supervisor"],
        Some(("8001", SUP_PIN)),
        "715926\n",
    ));
    let out = env.sup(&["clerk", "disable", "8001"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("不能停用自己的账号"), "{}", stderr(&out));
    let out = env.sup(&["clerk", "set-role", "8001", "clerk"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("不能更改自己的角色"), "{}", stderr(&out));
    assert_eq!(disabled(&env, "8001"), 0);
    assert!(!actions(&env).iter().any(|a| a == "clerk_disable" || a == "clerk_set_role"));
}

/// F6's Alt+Y compares the record's centre config with a terminal's: `init` keeps the text
/// with the fingerprint (it kept the fingerprint alone).
#[test]
fn init_keeps_the_centre_config_with_its_fingerprint() {
    let env = Env::seeded();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let get = |k: &str| -> Option<String> {
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [k], |r| r.get(0)).ok()
    };
    assert!(get("config_fingerprint").is_some());
    let text = get("config_centre").unwrap_or_default();
    assert!(text.contains("second_approval_fen"), "{text}");
}

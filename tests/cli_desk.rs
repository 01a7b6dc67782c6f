//! Issue #28 on the command line: `config accept` printed nothing of what it accepted (now each
//! difference: key, the centre's value, this terminal's; or that there were none), and
//! `clerk reset-pin` of one's own login is refused (a PIN is changed with Alt+I, current first).

mod common;
use common::*;

fn pin_hash(env: &Env, login: &str) -> String {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.query_row("SELECT pin_hash FROM clerks WHERE login = ?1", [login], |r| r.get(0)).unwrap()
}

fn actions(env: &Env) -> Vec<String> {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let mut s = conn.prepare("SELECT action FROM audit_log ORDER BY id").unwrap();
    s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn config_accept_prints_what_differs_or_that_nothing_does() {
    let env = Env::seeded();
    let cfg = env.path("own.toml");
    std::fs::write(
        &cfg,
        "[claims]\nsecond_approval_fen = 123456\nnumber_format = \"C{year}{seq}\"\nseq_width = 5\n",
    )
    .unwrap();
    let c = cfg.to_str().unwrap();
    let out = env.run(&["--config", c, "config", "accept"], Some(("8001", SUP_PIN)), "");
    assert_ok(&out);
    let said = stdout(&out);
    let line = said.lines().find(|l| l.contains("claims.second_approval_fen")).unwrap_or_default();
    assert!(line.contains("123456") && line.contains("2000000"), "{said}");
    assert!(said.contains("已接受"), "{said}");
    // Again: nothing differs, said plainly, nothing stored.
    let before = actions(&env).len();
    let out = env.run(&["--config", c, "config", "accept"], Some(("8001", SUP_PIN)), "");
    assert_ok(&out);
    assert!(stdout(&out).contains("无需接受"), "{}", stdout(&out));
    let after = actions(&env);
    assert_eq!(after.iter().filter(|a| *a == "config_accept").count(), 1, "{after:?}");
    // Only the command's own sign-in is recorded.
    assert_eq!(after[before..], ["login"], "{after:?}");
}

#[test]
fn clerk_reset_pin_of_ones_own_login_is_refused() {
    let env = Env::seeded();
    let before = pin_hash(&env, "8001");
    let out = env.run(&["clerk", "reset-pin", "8001"], Some(("8001", SUP_PIN)), "408631\n");
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(stderr(&out).contains("Alt+I"), "{}", stderr(&out));
    assert_eq!(pin_hash(&env, "8001"), before);
    assert!(!actions(&env).contains(&"clerk_reset_pin".to_string()));
    // Another's PIN is reset as before.
    assert_ok(&env.run(&["clerk", "reset-pin", "8002"], Some(("8001", SUP_PIN)), "408631\n"));
}

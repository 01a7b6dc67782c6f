//! The audit trail with only sqlite3 at hand (issue #23): `check` reports dropped triggers,
//! a head that no longer matches its signature, and a trail cut back behind the head an
//! earlier check anchored beside the key (and printed).

mod common;
use common::*;

#[test]
fn check_anchors_the_head_and_finds_the_trail_cut_back_or_its_triggers_dropped() {
    let env = Env::seeded();
    let out = env.run(&["check"], None, "");
    assert_ok(&out);
    let anchor = env.db.with_file_name("fd.db.audit-head");
    let anchored = std::fs::read_to_string(&anchor).unwrap();
    assert!(stdout(&out).contains(anchored.trim()), "the head is printed: {}", stdout(&out));
    assert_eq!(mode_of(&anchor) & 0o777, 0o600);
    let c = rusqlite::Connection::open(&env.db).unwrap();
    // Cut back: the last rows deleted (the head and its signature could be put back from a
    // copy taken when the trail was shorter; the anchor does not depend on them).
    let (id, _) = anchored.trim().split_once(':').unwrap();
    let id: i64 = id.parse().unwrap();
    c.execute_batch("DROP TRIGGER audit_log_no_delete").unwrap();
    c.execute("DELETE FROM audit_log WHERE id >= ?1", [id - 1]).unwrap();
    let out = env.run(&["check"], None, "");
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("audit_log_no_delete"), "{err}");
    assert!(err.contains(&format!("before row {id}")), "{err}");
}

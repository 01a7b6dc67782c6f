//! Issue #21 (F2): the counter does what the clerk means. Each test drives the real key path
//! against a temp database, as the clerk would.

use super::*;


// 1. The reason told the truth.

fn last_reason(h: &Harness) -> String {
    h.db.conn
        .query_row(
            "SELECT reason FROM audit_log WHERE action = 'claims_lookup' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_ticket_served_for_someone_else_still_asks_the_reason_and_the_audit_says_it() {
    let mut h = clerk();
    seeded(&h, 100, &[]);
    // A quick ticket, no worker, being served at this window.
    h.typ("1");
    h.press(KeyCode::Enter);
    h.alt('n');
    h.alt('b');
    look_up(&mut h, ID, '2');
    assert_eq!(c(&h).reason.as_deref(), Some("电话查询"), "the reason was asked and picked");
    assert_eq!(last_reason(&h), "电话查询");
    assert!(c(&h).picture.is_some());
}

#[test]
fn the_served_tickets_own_worker_needs_no_reason() {
    let mut h = clerk();
    seeded(&h, 100, &[]);
    // Registered with the ID, called and begun: the worker is at the counter.
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ(ID);
    h.press(KeyCode::Tab);
    h.typ("王建国");
    h.alt('s');
    h.alt('n');
    h.alt('b');
    h.press(KeyCode::F(2));
    h.typ(ID);
    h.press(KeyCode::Enter);
    assert!(h.app.modal.is_none(), "no question for the worker being served");
    assert_eq!(c(&h).reason.as_deref(), Some("本人来访（A001 办理中）"));
    assert_eq!(last_reason(&h), "本人来访");
}

//! F1's queue while another terminal changes it (#28): the highlight stays on the ticket the
//! clerk sees, a ticket that leaves takes the selection with it, and an act aimed at a row
//! never falls on another ticket. The other terminal is the database changed between reads.

use super::walkins::{at_counter, visits, w};
use super::*;

fn quick(h: &mut Harness, digit: &str) {
    h.typ(digit);
    h.press(KeyCode::Enter);
}

/// Another terminal, at `window`, calls `ticket`: it leaves this window's queue.
fn called_elsewhere(h: &Harness, ticket: &str, window: &str) {
    h.db.conn
        .execute(
            "UPDATE visits SET state = 'called', window = ?2, calls = 1 WHERE ticket = ?1",
            [ticket, window],
        )
        .unwrap();
}

fn highlighted(h: &Harness) -> Option<String> {
    w(h).selected_row().and_then(|r| r.ticket.clone())
}

fn question(h: &Harness) -> Option<String> {
    match &h.app.modal {
        Some(Modal::Ask { question, .. }) => Some(question.clone()),
        _ => None,
    }
}

#[test]
fn a_ticket_taken_elsewhere_never_slides_the_next_one_under_the_highlight() {
    let mut h = at_counter("w1");
    for _ in 0..5 {
        quick(&mut h, "1");
    }
    h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    h.press(KeyCode::Down);
    h.press(KeyCode::Down);
    assert_eq!(highlighted(&h).as_deref(), Some("A003"));
    // Terminal B calls the ticket above: this list is read again on the clock.
    called_elsewhere(&h, "A001", "w2");
    h.tick(2_100);
    assert_eq!(w(&h).snapshot.rows.len(), 4);
    assert_eq!(highlighted(&h).as_deref(), Some("A003"), "the highlight stays on the ticket, not the row");
    assert!(h.screen().contains(">A003"), "{}", h.screen());
    h.alt('x');
    assert!(question(&h).is_some_and(|q| q.contains("A003")), "{:?}", question(&h));
    h.press(KeyCode::Esc);

    // Now B takes the highlighted ticket itself: nothing is selected, nothing slides in.
    called_elsewhere(&h, "A003", "w3");
    h.tick(2_100);
    assert_eq!(highlighted(&h), None, "A003 left the list and nobody took its place");
    assert!(!h.screen().contains(">A"), "no ticket drawn selected:\n{}", h.screen());
    for key in ['x', 'b', 't', 'r'] {
        h.alt(key);
        assert!(h.app.modal.is_none(), "Alt+{key} opened a dialog on another ticket");
        assert_eq!(h.app.flash.as_deref(), Some("未选中，请先用 ↑ ↓ 选择"), "Alt+{key}");
    }
    let states: Vec<String> = visits(&h).into_iter().map(|v| v.2).collect();
    assert_eq!(states, ["called", "waiting", "called", "waiting", "waiting"], "nothing acted on");
    // ↓ takes the ticket that came into the place.
    h.press(KeyCode::Down);
    assert_eq!(highlighted(&h).as_deref(), Some("A004"));

    // The window's own ticket: the counter keys outside the list still act on it.
    h.alt('n');
    assert_eq!(h.app.flash.as_deref(), Some("叫号 A002"));
    called_elsewhere(&h, "A004", "w4");
    h.tick(2_100);
    assert_eq!(highlighted(&h), None);
    h.alt('b');
    assert_eq!(h.app.flash.as_deref(), Some("未选中，请先用 ↑ ↓ 选择"), "aimed at the list: not the current");
    h.press(KeyCode::Esc);
    assert_eq!(w(&h).pane, crate::rooms::walkins::Pane::Form);
    h.alt('b');
    assert_eq!(visits(&h)[1].2, "serving", "from the form, Alt+B begins the window's ticket");
}

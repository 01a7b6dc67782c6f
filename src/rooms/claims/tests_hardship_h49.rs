//! Defects found by the tester on F2's 困难档案 pages and forms (tryout-47 C, E, F, G, J, K),
//! each through the real key path.

use super::hardship_page::{filed, views};
use super::*;

/// Enter on a lists-page line asks the reason; Esc there: the worker's ID (read from the
/// database, never typed by this clerk) is not left in the field, and nothing was audited.
#[test]
fn esc_from_the_reason_of_a_lists_line_leaves_no_id_behind() {
    let mut h = clerk();
    filed(&h, "2026-11-20", false);
    h.press(KeyCode::F(2));
    h.alt('k');
    h.alt('k');
    h.press(KeyCode::Enter);
    assert!(h.app.modal.is_some(), "the reason is asked");
    assert!(!h.screen().contains(ID), "not in clear while asked:\n{}", h.screen());
    h.press(KeyCode::Esc);
    assert!(h.app.modal.is_none());
    let screen = h.screen();
    assert!(!screen.contains(ID), "{screen}");
    assert!(!screen.contains("1101051949"), "{screen}");
    assert_eq!(c(&h).form.value(FieldId::Id), "", "the field is empty");
    // Typing goes on as before: nothing left in the field to type after.
    h.typ(ID);
    assert_eq!(c(&h).form.value(FieldId::Id), ID);
    assert!(views(&h).is_empty());
    assert!(!h.audit_actions().contains(&"claims_lookup".to_string()));
}

/// A new ID being typed: the last worker's name and age no longer stand beside it.
#[test]
fn a_new_id_being_typed_drops_the_last_workers_name() {
    let mut h = clerk();
    seeded(&h, 100, &[]);
    look_up(&mut h, ID, '1');
    assert!(h.screen().contains("王建国"), "{}", h.screen());
    // Typing on the claims list starts the next ID.
    h.typ("3303811945");
    assert!(!h.screen().contains("王建国"), "{}", h.screen());
    // The shown worker's own ID typed whole again: that is them.
    for _ in 0..10 {
        h.press(KeyCode::Backspace);
    }
    h.typ(ID);
    assert!(h.screen().contains("王建国"), "the same worker: {}", h.screen());
    // From the 困难档案 page too.
    h.press(KeyCode::Enter);
    h.typ("1");
    h.alt('k');
    h.typ("3");
    assert!(!h.screen().contains("王建国"), "from the file page: {}", h.screen());
}

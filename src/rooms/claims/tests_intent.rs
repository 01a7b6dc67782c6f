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


// 2. The screen cleared.

use crossterm::event::{KeyEvent, KeyModifiers};

const OTHER: &str = "330281198001010027";

/// The screen at 80×24 as text, a wide character once.
fn screen(h: &Harness) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    term.draw(|f| crate::ui::draw(f, &h.app)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..24 {
        let mut skip = 0;
        for x in 0..80 {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = crate::domain::width::width(sym).saturating_sub(1);
            out.push_str(sym);
        }
        out.push('\n');
    }
    out
}

/// The open dialog's form (panics when none is open).
fn dialog(h: &Harness) -> &ModalForm {
    match &h.app.modal {
        Some(Modal::Form(f)) => f,
        other => panic!("no dialog form: {other:?}"),
    }
}

/// A card reader: 18 characters and Enter, a few milliseconds apart.
fn swipe(h: &mut Harness, id: &str) {
    for ch in id.chars().chain(['\n']) {
        h.ms += 3;
        let code = if ch == '\n' { KeyCode::Enter } else { KeyCode::Char(ch) };
        h.send(Event::Key(KeyEvent::new(code, KeyModifiers::NONE), h.ms));
    }
}

#[test]
fn leaving_f2_empties_the_id_field_and_the_next_swipe_replaces_it() {
    let mut h = clerk();
    seeded(&h, 100, &[]);
    look_up(&mut h, ID, '1');
    h.press(KeyCode::F(1));
    h.press(KeyCode::F(2));
    assert_eq!(c(&h).form.value(FieldId::Id), "", "the previous worker's ID is not in the field");
    assert!(c(&h).picture.is_none(), "nor their claims on screen");
    assert!(!screen(&h).contains("王建国"));
    swipe(&mut h, OTHER);
    assert_eq!(c(&h).form.value(FieldId::Id), OTHER);
    assert!(matches!(h.app.modal, Some(Modal::Pick(_))), "the reason for the new worker: {:?}", h.app.modal);
}

#[test]
fn a_swipe_over_an_id_already_in_the_field_replaces_it() {
    let mut h = clerk();
    // Not on record: the ID stays in the field with the cursor.
    look_up(&mut h, OTHER, '1');
    assert_eq!((c(&h).pane, c(&h).form.value(FieldId::Id)), (Pane::Id, OTHER));
    swipe(&mut h, ID);
    assert_eq!(c(&h).form.value(FieldId::Id), ID, "replaced, not appended");
    assert!(c(&h).form.field(FieldId::Id).unwrap().error.is_none());
    h.typ("1");
    assert_eq!(c(&h).looked_up().as_deref(), Some(ID));
}

#[test]
fn a_swipe_on_the_claims_list_looks_the_new_worker_up() {
    let mut h = clerk();
    seeded(&h, 100, &[]);
    look_up(&mut h, ID, '1');
    assert_eq!(c(&h).pane, Pane::List);
    swipe(&mut h, OTHER);
    assert_eq!(c(&h).form.value(FieldId::Id), OTHER);
    assert!(matches!(h.app.modal, Some(Modal::Pick(_))), "the reason is asked: {:?}", h.app.modal);
    h.typ("1");
    assert_eq!(c(&h).looked_up().as_deref(), Some(OTHER));
}

#[test]
fn a_new_claim_half_typed_waits_for_its_worker_across_leaving_f2_and_other_look_ups() {
    let mut h = clerk();
    look_up(&mut h, ID, '1');
    h.alt('a');
    h.typ("1");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ("800");
    h.press(KeyCode::Esc);
    h.press(KeyCode::F(1));
    h.press(KeyCode::F(2));
    look_up(&mut h, OTHER, '1');
    h.alt('a');
    assert_eq!(dialog(&h).form.value(FieldId::Amount), "", "not another worker's draft");
    h.press(KeyCode::Esc);
    look_up(&mut h, ID, '1');
    h.alt('a');
    assert_eq!(dialog(&h).form.value(FieldId::Amount), "800", "their own draft is back");
}


// 3. Papers.

fn ticks(h: &Harness) -> Vec<bool> {
    match &h.app.modal {
        Some(Modal::Pick(p)) => p.ticks.clone().expect("a checklist"),
        other => panic!("no checklist: {other:?}"),
    }
}

#[test]
fn papers_start_unticked_and_what_was_ticked_survives_a_refused_consent() {
    let mut settings = crate::config::Settings::builtin();
    settings.config.ticket_print_command = Some("cat >/dev/null".into());
    let accounts = [("8002", "吴窗口", Role::Clerk)];
    let mut h = Harness::configured(Some("w1"), &accounts, settings, tempfile::tempdir().unwrap());
    h.login("8002", PIN);
    look_up(&mut h, ID, '1');
    h.alt('a');
    h.typ("1");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ("800");
    h.press(KeyCode::Tab);
    h.typ("王建国");
    h.alt('s');
    assert_eq!(ticks(&h), [false; 5], "nothing is in hand until the clerk ticks it");
    // Everything but 出院小结 (4).
    h.typ("1235");
    h.press(KeyCode::Enter);
    h.typ("2");
    assert_eq!(h.app.flash.as_deref(), Some(h.app.ui.f2.consent_refused));
    h.alt('a');
    assert_eq!(dialog(&h).form.value(FieldId::Amount), "800");
    h.alt('s');
    assert_eq!(ticks(&h), [true, true, true, false, true], "the ticks came back as they were");
    h.press(KeyCode::Enter);
    h.typ("1");
    let (no, status, missing, complete): (String, String, String, Option<String>) =
        h.db.conn
            .query_row("SELECT claim_no, status, missing_papers, papers_complete_on FROM claims", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap();
    assert_eq!((status.as_str(), missing.as_str(), complete), ("materials_incomplete", "出院小结", None));
    let slip = h.effects.iter().rev().find_map(|e| match e {
        Effect::Print { text, .. } => Some(text.clone()),
        _ => None,
    });
    let slip = slip.expect("the slip is printed");
    assert!(slip.contains(&no) && slip.contains("出院小结"), "{slip}");
}

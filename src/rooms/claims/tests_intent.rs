//! Issue #21 (F2): the counter does what the clerk means. Each test drives the real key path
//! against a temp database, as the clerk would.

use super::*;
use crossterm::event::{KeyEvent, KeyModifiers};

const OTHER: &str = "330281198001010027";

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
    assert_eq!(super::super::walkins::w(&h).form.value(FieldId::Name), "王建国", "the record fills the name");
    h.alt('s');
    h.alt('n');
    h.alt('b');
    h.press(KeyCode::F(2));
    h.typ(ID);
    h.press(KeyCode::Enter);
    assert!(h.app.modal.is_none(), "no question for the worker being served");
    assert_eq!(c(&h).reason.as_deref(), Some("本人来访（A001 办理中）"));
    assert_eq!(last_reason(&h), "本人来访");
    let detail: String = h
        .db
        .conn
        .query_row("SELECT detail FROM audit_log WHERE action = 'claims_lookup' ORDER BY id DESC", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(detail.ends_with("serving=A001"), "the trail says it came from the ticket: {detail}");
}

// 2. The screen cleared.

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
    assert!(!h.screen().contains("王建国"));
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

// 4. Money checked.

fn last_note(h: &Harness, no: &str) -> String {
    h.db.conn
        .query_row(
            "SELECT coalesce(e.note, '') FROM claim_events e JOIN claims c ON c.id = e.claim_id
             WHERE c.claim_no = ?1 ORDER BY e.id DESC LIMIT 1",
            [no],
            |r| r.get(0),
        )
        .unwrap()
}

fn amounts(h: &Harness, no: &str) -> (String, Option<i64>, Option<i64>, Option<i64>) {
    h.db.conn
        .query_row(
            "SELECT status, amount_approved_fen, amount_paid_fen, first_approver FROM claims WHERE claim_no = ?1",
            [no],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
}

/// Alt+M, the step by its digit, the amount field emptied and `amount` typed, Alt+S.
fn step_with_amount(h: &mut Harness, digit: &str, amount: &str) {
    h.alt('m');
    h.typ(digit);
    if let Some(Modal::Form(f)) = &mut h.app.modal {
        f.form.focus_on(FieldId::Amount);
    }
    h.ctrl('u');
    h.typ(amount);
    h.alt('s');
}

/// A claim of 2,500.50 registered by the clerk 8002 and sent for review.
fn under_review(h: &mut Harness, fen: i64) -> String {
    let no = seeded_as(h, "8002", 0, &[]);
    h.db.conn.execute("UPDATE claims SET amount_claimed_fen = ?1 WHERE claim_no = ?2", (fen, &no)).unwrap();
    look_up(h, ID, '1');
    h.alt('m');
    h.typ("2");
    assert_eq!(status(h, &no), "under_review");
    no
}

#[test]
fn approving_more_than_claimed_needs_a_reason_on_a_confirm_step() {
    let mut h = at("8001", &[("8001", "周主任", Role::Supervisor), ("8002", "吴窗口", Role::Clerk)]);
    let no = under_review(&mut h, 250_050);
    step_with_amount(&mut h, "1", "3000");
    assert_eq!(status(&h, &no), "under_review", "not approved on the first Alt+S");
    assert!(dialog(&h).form.field(FieldId::Reason).is_some(), "a confirm step asks the reason");
    assert!(dialog(&h).title.contains("2,500.50"), "{}", dialog(&h).title);
    // Esc goes back to the amount as typed.
    h.press(KeyCode::Esc);
    assert_eq!(dialog(&h).form.value(FieldId::Amount), "3000");
    h.alt('s');
    h.alt('s');
    assert!(dialog(&h).form.field(FieldId::Reason).unwrap().error.is_some(), "no reason, no approval");
    assert_eq!(status(&h, &no), "under_review");
    h.typ("含复诊费用");
    h.alt('s');
    assert_eq!(amounts(&h, &no).0, "approved");
    assert_eq!(amounts(&h, &no).1, Some(300_000));
    assert!(last_note(&h, &no).contains("含复诊费用"), "{}", last_note(&h, &no));
    // Paying more than approved: the same.
    h.alt('m');
    h.typ("1");
    if let Some(Modal::Form(f)) = &mut h.app.modal {
        f.form.focus_on(FieldId::Amount);
    }
    h.ctrl('u');
    h.typ("3500");
    h.alt('s');
    assert_eq!(status(&h, &no), "approved", "not paid on the first Alt+S");
    assert!(dialog(&h).title.contains("3,000.00"), "{}", dialog(&h).title);
    h.typ("补发交通费");
    h.alt('s');
    assert_eq!(amounts(&h, &no).0, "paid");
    assert_eq!(amounts(&h, &no).2, Some(350_000));
    assert!(last_note(&h, &no).contains("补发交通费"), "{}", last_note(&h, &no));
    h.press(KeyCode::Enter);
    let Some(Modal::Text { lines, .. }) = &h.app.modal else { panic!("the history") };
    assert!(lines.iter().any(|l| l.contains("含复诊费用")) && lines.iter().any(|l| l.contains("补发交通费")));
}

#[test]
fn within_the_claim_no_confirm_is_asked() {
    let mut h = at("8001", &[("8001", "周主任", Role::Supervisor), ("8002", "吴窗口", Role::Clerk)]);
    let no = under_review(&mut h, 250_050);
    step_with_amount(&mut h, "1", "2500.50");
    assert_eq!(status(&h, &no), "approved");
    assert!(h.app.modal.is_none());
}

/// #24: an amount past the kind's ceiling (`max_amount_fen`, 200,000.00 元 for 住院医疗互助)
/// is refused on the form and stays as typed; three decimals say so instead of "须大于零".
#[test]
fn an_amount_past_the_kinds_ceiling_is_refused_on_the_form_as_typed() {
    let mut h = at("8001", &[("8001", "周主任", Role::Supervisor), ("8002", "吴窗口", Role::Clerk)]);
    let no = under_review(&mut h, 250_050);
    step_with_amount(&mut h, "1", "999999999999.99");
    assert_eq!(status(&h, &no), "under_review");
    let field = dialog(&h).form.field(FieldId::Amount).unwrap();
    assert!(field.error.as_deref().is_some_and(|e| e.contains("200,000.00")), "{:?}", field.error);
    assert_eq!(dialog(&h).form.value(FieldId::Amount), "999999999999.99", "what was typed stays");
    h.ctrl('u');
    h.typ("12.345");
    h.alt('s');
    let field = dialog(&h).form.field(FieldId::Amount).unwrap();
    assert!(field.error.as_deref().is_some_and(|e| e.contains("两位小数")), "{:?}", field.error);
    // Past what the amount field can hold at all: still the kind's ceiling, not "须大于零".
    h.ctrl('u');
    h.typ("99999999999999");
    h.alt('s');
    let field = dialog(&h).form.field(FieldId::Amount).unwrap();
    assert!(field.error.as_deref().is_some_and(|e| e.contains("200,000.00")), "{:?}", field.error);
    assert_eq!(status(&h, &no), "under_review");
}

// 5. Second approval.

fn switch_to(h: &mut Harness, login: &str) {
    h.alt('u');
    h.press(KeyCode::Enter);
    h.login(login, PIN);
}

#[test]
fn a_second_supervisor_with_another_amount_starts_the_two_approvals_again() {
    let accounts = [
        ("8001", "周主任", Role::Supervisor),
        ("8002", "吴窗口", Role::Clerk),
        ("8003", "钱主任", Role::Supervisor),
    ];
    let mut h = at("8001", &accounts);
    let no = under_review(&mut h, 5_000_000);
    step_with_amount(&mut h, "1", "30000");
    assert_eq!(amounts(&h, &no), ("under_review".into(), Some(3_000_000), None, Some(clerk_id(&h, "8001"))));
    switch_to(&mut h, "8003");
    look_up(&mut h, ID, '1');
    h.alt('m');
    h.typ("1");
    assert!(dialog(&h).title.contains("第一次核准 30,000.00 元"), "{}", dialog(&h).title);
    assert_eq!(dialog(&h).form.value(FieldId::Amount), "30,000.00", "the amount to confirm");
    h.press(KeyCode::Esc);
    step_with_amount(&mut h, "1", "40000");
    assert!(h.app.flash.as_deref().unwrap_or_default().contains("本次记为第一次"), "{:?}", h.app.flash);
    assert_eq!(
        amounts(&h, &no),
        ("under_review".into(), Some(4_000_000), None, Some(clerk_id(&h, "8003"))),
        "a different amount is a new first approval, not the second"
    );
    // The same supervisor cannot confirm their own amount.
    step_with_amount(&mut h, "1", "40000");
    assert_eq!(h.app.flash.as_deref(), Some(h.app.ui.f2.refused_same_approver));
    switch_to(&mut h, "8001");
    look_up(&mut h, ID, '1');
    step_with_amount(&mut h, "1", "40000");
    assert_eq!(amounts(&h, &no).0, "approved");
    assert_eq!(amounts(&h, &no).1, Some(4_000_000));
}

// 6. A rejected claim.

#[test]
fn a_rejected_claim_shows_no_due_date_and_its_notice_carries_the_reason() {
    let mut settings = crate::config::Settings::builtin();
    settings.config.ticket_print_command = Some("cat >/dev/null".into());
    let accounts = [("8001", "周主任", Role::Supervisor), ("8002", "吴窗口", Role::Clerk)];
    let mut h = Harness::configured(Some("w1"), &accounts, settings, tempfile::tempdir().unwrap());
    h.login("8001", PIN);
    let no = under_review(&mut h, 100_000);
    h.alt('m');
    h.typ("2");
    h.typ("不属于互助范围");
    h.alt('s');
    assert_eq!(status(&h, &no), "rejected");
    let shown = h.screen();
    let row = shown.lines().find(|l| l.contains(&no)).expect("the claim's row");
    let due = row.trim_end_matches([' ', '│']).split_whitespace().last().unwrap_or_default();
    assert_eq!(due, "-", "no due date for a rejected claim: {row}");
    h.alt('p');
    let slip = h.effects.iter().rev().find_map(|e| match e {
        Effect::Print { text, .. } => Some(text.clone()),
        _ => None,
    });
    let slip = slip.expect("the notice is printed");
    assert!(slip.contains("不属于互助范围"), "{slip}");
}

// 7. More claims than rows.

#[test]
fn more_claims_than_rows_say_how_many_are_below() {
    let mut h = clerk();
    for _ in 0..5 {
        seeded(&h, 100, &[]);
    }
    look_up(&mut h, ID, '1');
    assert!(h.screen().contains("↓ 还有 2 件"), "{}", h.screen());
    for _ in 0..3 {
        h.press(KeyCode::Down);
    }
    assert!(h.screen().contains("↓ 还有 1 件"), "{}", h.screen());
    h.press(KeyCode::Down);
    assert!(!h.screen().contains("↓ 还有"), "{}", h.screen());
}

// A card read over a numbered dialog answers nothing (helper-8's try-out: it rejected a claim,
// gave consent, picked a reason nobody chose).

fn events(h: &Harness) -> i64 {
    h.db.conn.query_row("SELECT count(*) FROM claim_events", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_card_read_over_the_reason_question_picks_no_reason() {
    let mut h = clerk();
    seeded(&h, 100, &[]);
    h.press(KeyCode::F(2));
    h.typ(ID);
    h.press(KeyCode::Enter);
    assert!(matches!(h.app.modal, Some(Modal::Pick(_))), "the reason is asked");
    swipe(&mut h, OTHER);
    assert!(!h.audit_actions().contains(&"claims_lookup".to_string()), "no reason was picked for {ID}");
    assert_eq!(c(&h).form.value(FieldId::Id), OTHER, "the card read is the next ID");
    assert!(matches!(h.app.modal, Some(Modal::Pick(_))), "and its own reason is asked");
    h.typ("2");
    assert_eq!(last_reason(&h), "电话查询");
}

#[test]
fn a_card_read_over_the_step_menu_changes_no_claim() {
    let mut h = at("8001", &[("8001", "周主任", Role::Supervisor), ("8002", "吴窗口", Role::Clerk)]);
    let no = seeded(&h, 100, &[]);
    look_up(&mut h, ID, '1');
    let (before, state) = (events(&h), status(&h, &no));
    h.alt('m');
    assert!(matches!(h.app.modal, Some(Modal::Pick(_))), "the step menu is open");
    swipe(&mut h, OTHER);
    assert_eq!((events(&h), status(&h, &no)), (before, state), "nothing recorded on the claim");
    assert_eq!(c(&h).form.value(FieldId::Id), OTHER);
    // A person's digit still picks (it is settled once the reader's pace has passed).
    h.typ("1");
    assert_eq!(c(&h).looked_up().as_deref(), Some(OTHER));
}

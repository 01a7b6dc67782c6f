//! Try-out #56 A at the counter: paying a programme claim above its approval and standard (F2,
//! Alt+M 发放) is refused with the figures, and nothing is paid.

use super::*;

#[test]
fn f2_pay_above_the_approval_and_standard_of_a_programme_claim_is_refused_on_the_form() {
    let (mut h, no) = super::ledger::approved_at_f2(crate::i18n::Lang::Zh);
    h.press(KeyCode::F(2));
    h.typ("11010519491231002X");
    h.press(KeyCode::Enter);
    h.typ("1");
    h.press(KeyCode::Tab);
    h.alt('m');
    h.typ("1");
    h.press(KeyCode::Tab);
    let before = h.screen();
    for _ in 0..12 {
        h.press(KeyCode::Backspace);
    }
    h.typ("9000");
    h.alt('s');
    // Above a fixed standard the amount is refused on the form, before any reason is asked, and
    // kept as typed (storage's own refusal above the approval: db::fund_pay_tests).
    let screen = h.screen();
    let paid: Option<i64> =
        h.db.conn
            .query_row("SELECT amount_paid_fen FROM claims WHERE claim_no = ?1", [&no], |r| r.get(0))
            .unwrap();
    assert_eq!(paid, None, "nothing paid: {before}\n{screen}");
    assert!(
        screen.contains("标准 1,500.00 元，本次") && screen.contains("9,000.00 元"),
        "{before}\n{screen}"
    );
    assert!(screen.contains("发放金额 9000"), "kept as typed: {screen}");
}

/// Try-out #56 D: an import straight to paid shows on the ledger the approval day the report
/// gives (never after the paid day), not "-".
#[test]
fn the_ledger_shows_an_imported_payments_approval_day_as_the_report_does() {
    let (mut h, _) = super::ledger::approved_at_f2(crate::i18n::Lang::Zh);
    let worker: i64 = h.db.conn.query_row("SELECT worker_id FROM claims", [], |r| r.get(0)).unwrap();
    let c = crate::db::claims::ClaimData {
        claim_no: "IMP1".into(),
        kind: "hardship_aid".into(),
        filed_on: "2026-06-01".into(),
        amount_claimed_fen: 150_000,
        amount_approved_fen: Some(150_000),
        amount_paid_fen: Some(150_000),
        paid_on: Some("2026-06-10".into()),
        status: Some(crate::domain::claim::ClaimState::Paid),
        programme: Some(("spring_warmth".into(), 2026)),
        ..Default::default()
    };
    crate::db::write(&mut h.db.conn, |tx| {
        crate::db::claims::upsert_imported(tx, &c, worker, None, "2026-12-01T01:00:00.000Z")
    })
    .unwrap();
    h.alt('k');
    h.alt('k');
    h.press(KeyCode::Enter);
    let screen = h.screen();
    let line = screen.lines().find(|l| l.contains("IMP1")).unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains("2026-06-10") && !line.contains(" - "), "{screen}");
    let r = crate::report::fund::build(&h.db.conn, &h.app.settings, 2026, crate::i18n::Lang::Zh).unwrap();
    let p = r.payments.iter().find(|p| p.claim_no == "IMP1").unwrap();
    assert_eq!(p.approved_on.as_deref(), Some("2026-06-10"));
}

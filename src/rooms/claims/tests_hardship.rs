//! The hardship claim kinds (助学, 助医, 助困) ask the worker's hardship file — the one source
//! of truth — at the form and again inside the intake's transaction.

use super::*;

/// The worker with a filed file valid until `until` (the screen's day in the harness is
/// 2026-11-28; the executor's is the real one, so a current file runs to 2099).
fn filed_until(h: &Harness, until: &str) -> i64 {
    let id = IdNumber::from_stored(ID).unwrap();
    let known = Known { name: "王建国", phone: "13812345678", work_unit: "久立特钢", email: "" };
    let worker_id = workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    h.db.conn
        .execute(
            "INSERT INTO hardship_files (file_no, worker_id, state, category, applied_on, filed_on, valid_until,
                                         created_at, updated_at)
             VALUES ('KN202500001', ?1, 'filed', 'relative', '2025-11-01', '2025-11-01', ?2, 'x', 'x')",
            rusqlite::params![worker_id, until],
        )
        .unwrap();
    worker_id
}

/// Alt+A, 助学 (the fourth kind), an amount, Alt+S; with a current file, its programme
/// (金秋助学, the one 助学 pays in 2026) by digit and Alt+S again.
fn intake_education_aid(h: &mut Harness) {
    h.alt('a');
    h.typ("4");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ("500");
    h.alt('s');
    if let Some(Modal::Pick(p)) = &h.app.modal
        && p.purpose == crate::app::PickPurpose::Claims(crate::rooms::claims::ClaimPick::Programme)
    {
        h.typ("1");
        h.alt('s');
    }
}

fn claims(h: &Harness) -> i64 {
    h.db.conn.query_row("SELECT count(*) FROM claims", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_hardship_kind_is_refused_on_the_form_for_a_lapsed_file() {
    let mut h = clerk();
    filed_until(&h, "2026-11-27");
    look_up(&mut h, ID, '1');
    assert!(h.screen().contains("已过期"), "the card says the file lapsed:\n{}", h.screen());
    intake_education_aid(&mut h);
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("the form stays") };
    let err = f.form.field(FieldId::Kind).unwrap().error.clone().unwrap_or_default();
    assert!(err.contains("助学"), "{err}");
    assert_eq!(claims(&h), 0);
}

#[test]
fn a_file_exited_after_the_look_up_is_refused_inside_the_intake() {
    let mut h = clerk();
    let worker_id = filed_until(&h, "2099-12-31");
    look_up(&mut h, ID, '1');
    assert!(h.screen().contains("相对困难"), "{}", h.screen());
    // Another terminal exits the file meanwhile.
    h.db.conn
        .execute("UPDATE hardship_files SET state = 'exited' WHERE worker_id = ?1", [worker_id])
        .unwrap();
    intake_education_aid(&mut h);
    let Some(Modal::Pick(_)) = &h.app.modal else { panic!("papers: the form saw a current file") };
    h.press(KeyCode::Enter);
    h.typ("1");
    assert_eq!(claims(&h), 0, "refused inside the transaction");
    let flash = h.app.flash.clone().unwrap_or_default();
    assert!(flash.contains("助学") && flash.contains("困难职工档案"), "{flash}");
    assert!(!h.audit_actions().contains(&"claim_register".to_string()));
}

#[test]
fn a_hardship_kind_is_registered_for_a_current_file() {
    let mut h = clerk();
    filed_until(&h, "2099-12-31");
    look_up(&mut h, ID, '1');
    intake_education_aid(&mut h);
    h.press(KeyCode::Enter);
    h.typ("1");
    let kind: String =
        h.db.conn
            .query_row("SELECT kind FROM claims", [], |r| r.get(0))
            .unwrap_or_else(|_| panic!("{:?}\n{}", h.app.flash, h.screen()));
    assert_eq!(kind, "education_aid");
}

//! The try-out of issue #26 at F2's counter: an approval above a programme's standard refused
//! on the amount as typed (E), a fund refusal at the database bringing the form back (E), a
//! filing date in a year without programmes said before saving (B), and the programme pick
//! telling what is left for the household (J).

use super::*;
use crate::app::Modal;

const DAY: (i32, u32, u32) = (2026, 11, 20);

fn filed_as(h: &Harness, category: &str) -> i64 {
    let id = IdNumber::from_stored(ID).unwrap();
    let known = Known { name: "王建国", phone: "13812345678", work_unit: "久立特钢", email: "" };
    let worker_id = workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
    h.db.conn
        .execute(
            "INSERT INTO hardship_files (file_no, worker_id, state, category, applied_on, filed_on, valid_until,
                                         created_at, updated_at)
             VALUES ('KN202600001', ?1, 'filed', ?2, '2026-01-05', '2026-01-05', '2099-12-31', 'x', 'x')",
            rusqlite::params![worker_id, category],
        )
        .unwrap();
    worker_id
}

/// A claim of `programme` registered by 8002 and sent to review; its number.
fn under_review(h: &Harness, worker_id: i64, kind: &str, programme: &str, fen: i64, status: &str) -> String {
    let by = By {
        actor: Actor { clerk_id: clerk_id(h, "8002"), role: Role::Clerk },
        at: now(),
        today: chrono::NaiveDate::from_ymd_opt(DAY.0, DAY.1, DAY.2).unwrap(),
    };
    let new = NewClaim {
        worker_id,
        kind: kind.into(),
        filed_on: by.today,
        amount_claimed_fen: fen,
        missing: vec![],
        consent_version: "2026-01".into(),
        note: String::new(),
        event_note: String::new(),
        programme: Some(programme.into()),
    };
    let cfg = h.app.settings.config.clone();
    let no = claim_ops::next_number(&h.db.conn, "HZ{year}{seq}", 6, 2026).unwrap();
    claim_ops::register_checked(&h.db.conn, &new, &no, &by, &cfg).unwrap().unwrap();
    h.db.conn
        .execute(
            "UPDATE claims SET status = ?2, amount_approved_fen = CASE WHEN ?2 = 'under_review' THEN NULL ELSE ?3 END
             WHERE claim_no = ?1",
            rusqlite::params![no, status, fen],
        )
        .unwrap();
    no
}

fn supervisor() -> Harness {
    at("8001", &[("8001", "周主任", Role::Supervisor), ("8002", "吴窗口", Role::Clerk)])
}

fn clear_and_type(h: &mut Harness, text: &str) {
    for _ in 0..12 {
        h.press(KeyCode::Backspace);
    }
    h.typ(text);
}

fn form_error(h: &Harness, field: FieldId) -> (String, String) {
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("a form:\n{}", h.screen()) };
    let err = f.form.field(field).and_then(|x| x.error.clone()).unwrap_or_default();
    (f.form.value(field).to_string(), err)
}

#[test]
fn an_approval_above_the_maximum_is_refused_on_the_amount_before_any_reason() {
    let mut h = supervisor();
    let worker_id = filed_as(&h, "relative");
    let no = under_review(&h, worker_id, "hardship_aid", "living_relief", 250_000, "under_review");
    look_up(&mut h, ID, '1');
    h.press(KeyCode::Tab);
    h.alt('m');
    h.typ("1");
    clear_and_type(&mut h, "3500");
    h.alt('s');
    // Still the amount's form: no 超额原因 asked.
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("the approve form stays:\n{}", h.screen()) };
    assert!(f.form.field(FieldId::Reason).is_none(), "{}", h.screen());
    let (amount, err) = form_error(&h, FieldId::Amount);
    assert_eq!(amount, "3500");
    assert_eq!(err, "生活救助 标准最高 3,000.00 元，本次 3,500.00 元");
    assert_eq!(status(&h, &no), "under_review");
}

#[test]
fn a_payment_above_the_standard_is_refused_on_the_amount() {
    let mut h = supervisor();
    let worker_id = filed_as(&h, "relative");
    let no = under_review(&h, worker_id, "hardship_aid", "living_relief", 250_000, "approved");
    look_up(&mut h, ID, '1');
    h.press(KeyCode::Tab);
    h.alt('m');
    h.typ("1");
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("the pay form:\n{}", h.screen()) };
    assert!(f.form.field(FieldId::PaidOn).is_some(), "{}", h.screen());
    h.press(KeyCode::Tab);
    clear_and_type(&mut h, "9000");
    h.alt('s');
    let (amount, err) = form_error(&h, FieldId::Amount);
    assert_eq!(amount, "9000");
    assert_eq!(err, "生活救助 标准最高 3,000.00 元，本次 9,000.00 元");
    assert_eq!(status(&h, &no), "approved");
}

#[test]
fn a_fund_refusal_at_the_database_brings_the_form_back_as_typed() {
    let mut h = supervisor();
    let worker_id = filed_as(&h, "relative");
    let no = under_review(&h, worker_id, "hardship_aid", "living_relief", 200_000, "under_review");
    h.db.conn
        .execute(
            "INSERT INTO fund_budgets (year, programme, budget_fen, reason, clerk_id, at, source)
             VALUES (2026, 'living_relief', 220000, '调整', ?1, 'x', 'change')",
            [clerk_id(&h, "8001")],
        )
        .unwrap();
    look_up(&mut h, ID, '1');
    h.press(KeyCode::Tab);
    h.alt('m');
    h.typ("1");
    clear_and_type(&mut h, "2500");
    h.alt('s');
    // Above what was claimed (within the maximum): why is asked.
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("超额原因:\n{}", h.screen()) };
    assert!(f.form.field(FieldId::Reason).is_some(), "{}", h.screen());
    h.typ("医药费另有票据");
    h.alt('s');
    assert_eq!(status(&h, &no), "under_review");
    // The budget refuses at the database: the amount's form again, as typed, with the words.
    let (amount, err) = form_error(&h, FieldId::Amount);
    assert_eq!(amount, "2500");
    assert_eq!(err, "生活救助 本年余额 2,200.00 元，不足 2,500.00 元");
    // Sent again, the reason typed before is there.
    h.alt('s');
    let (reason, _) = form_error(&h, FieldId::Reason);
    assert_eq!(reason, "医药费另有票据");
}

#[test]
fn a_filing_date_in_a_year_without_programmes_is_said_on_the_form() {
    let mut h = clerk();
    filed_as(&h, "relative");
    look_up(&mut h, ID, '1');
    h.alt('a');
    h.typ("6");
    h.press(KeyCode::Tab);
    clear_and_type(&mut h, "2025-12-30");
    h.press(KeyCode::Tab);
    h.typ("1000");
    h.alt('s');
    let (filed, err) = form_error(&h, FieldId::Filed);
    assert_eq!(filed, "2025-12-30");
    assert_eq!(err, "2025 年没有可申请的助困帮扶项目");
    assert_eq!(form_error(&h, FieldId::Amount).0, "1000");
    let n: i64 = h.db.conn.query_row("SELECT count(*) FROM claims", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
}

#[test]
fn a_programme_picked_for_one_year_is_asked_again_when_the_date_moves_year() {
    let mut h = clerk();
    filed_as(&h, "relative");
    look_up(&mut h, ID, '1');
    h.alt('a');
    h.typ("6");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ("1000");
    h.alt('s');
    let Some(Modal::Pick(p)) = &h.app.modal else { panic!("the pick:\n{}", h.screen()) };
    assert!(p.title.contains("2026"), "{}", p.title);
    h.typ("2");
    // Back to the date: 2025 has no programme, said on the form.
    h.press(KeyCode::BackTab);
    clear_and_type(&mut h, "2025-12-30");
    h.alt('s');
    let (_, err) = form_error(&h, FieldId::Filed);
    assert_eq!(err, "2025 年没有可申请的助困帮扶项目");
    // Had 2025 the same programmes, the one picked for 2026 is still asked again for 2025.
    let fund = &mut h.app.settings.config.fund;
    let last_year: Vec<_> =
        fund.of_year(2026).cloned().map(|p| crate::config::Programme { year: 2025, ..p }).collect();
    fund.programmes.extend(last_year);
    h.alt('s');
    let Some(Modal::Pick(p)) = &h.app.modal else { panic!("asked again:\n{}", h.screen()) };
    assert!(p.title.contains("2025"), "{}", p.title);
}

#[test]
fn the_programme_pick_tells_what_is_left_and_refuses_times_used_up() {
    let mut h = at("8002", &[("8001", "周主任", Role::Supervisor), ("8002", "吴窗口", Role::Clerk)]);
    let worker_id = filed_as(&h, "relative");
    // 元旦春节送温暖 received once this year already (1 a year).
    under_review(&h, worker_id, "hardship_aid", "spring_warmth", 150_000, "approved");
    // 生活救助's budget cut to 1,000 元: below its standard of 3,000.
    h.db.conn
        .execute(
            "INSERT INTO fund_budgets (year, programme, budget_fen, reason, clerk_id, at, source)
             VALUES (2026, 'living_relief', 100000, '调整', ?1, 'x', 'change')",
            [clerk_id(&h, "8001")],
        )
        .unwrap();
    look_up(&mut h, ID, '1');
    h.alt('a');
    h.typ("6");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ("1000");
    h.alt('s');
    let Some(Modal::Pick(p)) = &h.app.modal else { panic!("the pick:\n{}", h.screen()) };
    assert!(
        p.options[0].contains("元旦春节送温暖") && p.options[0].contains("本年已 1/1 次"),
        "{:?}",
        p.options
    );
    assert!(p.options[1].contains("生活救助") && p.options[1].contains("本年已 0/2 次"), "{:?}", p.options);
    assert!(p.options[1].contains("余额 1,000.00 元"), "{:?}", p.options);
    assert!(p.body.contains("生活救助 本年余额 1,000.00 元，不足 3,000.00 元"), "{}", p.body);
    // Picking the one used up is refused on the pick, with the rule's words.
    h.typ("1");
    let Some(Modal::Pick(p)) = &h.app.modal else { panic!("the pick stays:\n{}", h.screen()) };
    assert!(p.body.contains("元旦春节送温暖 每户每年 1 次，本年已 1 次"), "{}", p.body);
    let screen = h.screen();
    assert!(screen.contains("本年已 1 次"), "{screen}");
    // The short one is offered (budgets change): the form comes, named for it.
    h.typ("2");
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("the form:\n{}", h.screen()) };
    assert!(f.title.contains("生活救助"), "{}", f.title);
}

#[test]
fn a_payment_above_the_approval_is_refused_on_the_amount_before_any_reason() {
    let mut h = supervisor();
    let worker_id = filed_as(&h, "relative");
    // Approved 2,500 under 生活救助 (maximum 3,000): 2,800 is within the standard, not the approval.
    let no = under_review(&h, worker_id, "hardship_aid", "living_relief", 250_000, "approved");
    look_up(&mut h, ID, '1');
    h.press(KeyCode::Tab);
    h.alt('m');
    h.typ("1");
    h.press(KeyCode::Tab);
    clear_and_type(&mut h, "2800");
    h.alt('s');
    // Still the pay form: no 超额原因 asked, the words are storage's own.
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("the pay form stays:\n{}", h.screen()) };
    assert!(f.form.field(FieldId::Reason).is_none(), "{}", h.screen());
    assert!(f.form.field(FieldId::PaidOn).is_some(), "{}", h.screen());
    let (amount, err) = form_error(&h, FieldId::Amount);
    assert_eq!(amount, "2800");
    assert_eq!(err, "生活救助 发放 2,800.00 元超过核准 2,500.00 元");
    assert_eq!(status(&h, &no), "approved");
    // The approval itself is paid as before.
    clear_and_type(&mut h, "2500");
    h.alt('s');
    assert_eq!(status(&h, &no), "paid", "{}", h.screen());
}

//! F2's aid claims (issue #26) through the real key path: the programme asked by digit among
//! those serving the household's category, a fixed standard filled in, an amount off the
//! standard refused on the form, and an approval refused by the budget with its figures.

use super::*;
use crate::app::Modal;

/// The worker with a current file of `category` (the harness's screen day is 2026-11-28).
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

/// Alt+A, the kind by its digit (6 助困, 5 助医, 4 助学), an amount, Alt+S.
fn intake(h: &mut Harness, kind: &str, yuan: &str) {
    h.alt('a');
    h.typ(kind);
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ(yuan);
    h.alt('s');
}

/// The focused field emptied, then `text` typed.
fn clear_and_type(h: &mut Harness, text: &str) {
    for _ in 0..12 {
        h.press(KeyCode::Backspace);
    }
    h.typ(text);
}

fn pick_options(h: &Harness) -> Vec<String> {
    let Some(Modal::Pick(p)) = &h.app.modal else { panic!("the programme pick:\n{}", h.screen()) };
    p.options.clone()
}

#[test]
fn an_accident_household_is_offered_only_the_programmes_serving_it() {
    let mut h = clerk();
    filed_as(&h, "sudden");
    look_up(&mut h, ID, '1');
    intake(&mut h, "6", "");
    let options = pick_options(&h);
    let screen = h.screen();
    assert!(screen.contains("意外致困救助") && screen.contains("元旦春节送温暖"), "{screen}");
    // 生活救助 pays 助困 too, but serves deep and relative households only; 医疗救助 is 助医's.
    assert!(!screen.contains("生活救助") && !screen.contains("医疗救助"), "{screen}");
    assert_eq!(options.len(), 2, "{options:?}");
    assert!(screen.contains("2026 年助困帮扶项目"), "{screen}");
    // 助医's only programme (医疗救助) serves deep and relative: refused on the form, in words.
    h.press(KeyCode::Esc);
    h.alt('a');
    let Some(Modal::Form(_)) = &h.app.modal else { panic!("the form again") };
    h.press(KeyCode::BackTab);
    h.press(KeyCode::BackTab);
    h.typ("5");
    h.alt('s');
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("the form stays:\n{}", h.screen()) };
    let err = f.form.field(FieldId::Kind).unwrap().error.clone().unwrap_or_default();
    assert_eq!(err, "2026 年无适用于意外致困的助医帮扶项目");
}

#[test]
fn a_fixed_standard_fills_the_amount_and_the_claim_names_its_programme() {
    let mut h = clerk();
    filed_as(&h, "relative");
    look_up(&mut h, ID, '1');
    intake(&mut h, "6", "");
    let options = pick_options(&h);
    // 元旦春节送温暖 and 生活救助 serve a relative household; 意外致困救助 does not.
    assert_eq!(options.len(), 2, "{options:?}");
    assert!(options[0].contains("元旦春节送温暖") && options[0].contains("定额 1,500.00 元"), "{options:?}");
    h.typ("1");
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("the form, named for the programme") };
    assert_eq!(f.form.value(FieldId::Amount), "1,500.00");
    assert!(f.title.contains("元旦春节送温暖"), "{}", f.title);
    // A changed amount is refused with the rule's words.
    clear_and_type(&mut h, "2000");
    h.alt('s');
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("refused on the form:\n{}", h.screen()) };
    let err = f.form.field(FieldId::Amount).unwrap().error.clone().unwrap_or_default();
    assert_eq!(err, "元旦春节送温暖 标准 1,500.00 元，本次 2,000.00 元");
    // On screen the words wrap under the field, whole.
    let screen = h.screen();
    assert!(
        screen.contains("元旦春节送温暖 标准 1,500.00 元，本次") && screen.contains("2,000.00 元"),
        "{screen}"
    );
    clear_and_type(&mut h, "1500");
    h.alt('s');
    let Some(Modal::Pick(_)) = &h.app.modal else { panic!("papers:\n{}", h.screen()) };
    h.press(KeyCode::Enter);
    h.typ("1");
    let (programme, year, amount): (String, i32, i64) =
        h.db.conn
            .query_row("SELECT programme, programme_year, amount_claimed_fen FROM claims", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
    assert_eq!((programme.as_str(), year, amount), ("spring_warmth", 2026, 150_000));
    let screen = h.screen();
    assert!(
        screen.contains("元旦春节送温") && screen.contains("帮扶项目：元旦春节送温暖（2026 年）"),
        "{screen}"
    );
}

#[test]
fn an_approval_short_of_the_budget_reads_whole_with_its_figures() {
    let mut h = at("8001", &[("8001", "周主任", Role::Supervisor), ("8002", "吴窗口", Role::Clerk)]);
    let worker_id = filed_as(&h, "relative");
    let by = By {
        actor: Actor { clerk_id: clerk_id(&h, "8002"), role: Role::Clerk },
        at: now(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    };
    let new = NewClaim {
        worker_id,
        kind: "education_aid".into(),
        filed_on: by.today,
        amount_claimed_fen: 500_000,
        missing: vec![],
        consent_version: "2026-01".into(),
        note: String::new(),
        event_note: String::new(),
        programme: Some("autumn_study".into()),
    };
    let cfg = h.app.settings.config.clone();
    let no = claim_ops::next_number(&h.db.conn, "HZ{year}{seq}", 6, 2026).unwrap();
    claim_ops::register_checked(&h.db.conn, &new, &no, &by, &cfg).unwrap().unwrap();
    h.db.conn.execute("UPDATE claims SET status = 'under_review'", []).unwrap();
    // The year's budget was cut to what is left: 3,200 元.
    h.db.conn
        .execute(
            "INSERT INTO fund_budgets (year, programme, budget_fen, reason, clerk_id, at, source)
             VALUES (2026, 'autumn_study', 320000, '调整', ?1, 'x', 'change')",
            [clerk_id(&h, "8001")],
        )
        .unwrap();
    look_up(&mut h, ID, '1');
    h.press(KeyCode::Tab);
    h.alt('m');
    h.typ("1");
    let Some(Modal::Form(_)) = &h.app.modal else { panic!("the approve form:\n{}", h.screen()) };
    h.alt('s');
    assert_eq!(status(&h, &no), "under_review");
    let screen = h.screen();
    assert!(screen.contains("金秋助学 本年余额 3,200.00 元，不足 5,000.00 元"), "{screen}");
}

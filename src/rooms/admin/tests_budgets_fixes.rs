//! The try-out's F6 budget defects (tryout-56 K): the form's title after a refusal, large
//! figures whole at 80 columns, and a huge new budget confirmed before it is saved.

use super::*;

#[test]
fn after_a_refused_cut_the_forms_title_shows_the_refusals_floor() {
    let mut h = opened("8001", Lang::Zh);
    select(&mut h, "autumn_study");
    // The page's figures are stale when the form opens (an approval made since elsewhere).
    if let Screen::Main(s) = &mut h.app.screen {
        for l in &mut s.admin.budgets.shown.as_mut().unwrap().lines {
            l.figures.committed = 0;
        }
    }
    h.alt('e');
    h.typ("3000");
    h.press(KeyCode::Tab);
    h.typ("年末压缩");
    h.alt('s');
    let Some(Modal::Form(m)) = &h.app.modal else { panic!("{}", h.screen()) };
    assert!(m.title.contains("不得低于 4,000.00"), "{}", m.title);
    assert!(!m.title.contains("不得低于 0.00"), "{}", m.title);
}

#[test]
fn a_budget_near_the_ceiling_shows_whole_at_80_columns() {
    let mut h = opened("8001", Lang::Zh);
    let by = crate::db::hardship_ops::By {
        clerk_id: clerk_id(&h, "8001"),
        role: Role::Supervisor,
        actor: crate::db::audit::Actor {
            clerk_id: Some(clerk_id(&h, "8001")),
            login: None,
            terminal: "t".into(),
        },
        at: chrono::Utc::now(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    };
    let cfg = h.app.settings.config.fund.clone();
    let top = crate::config::AMOUNT_CEILING_FEN * 100 - 1;
    crate::db::fund::change_budget(&h.db.conn, &by, &cfg, 2026, "autumn_study", top, "市总专项")
        .unwrap()
        .unwrap();
    h.press(KeyCode::Right);
    h.press(KeyCode::Left);
    let screen = h.screen();
    assert!(screen.contains("9,999,999,999.99*"), "{screen}");
    assert!(screen.contains("9,999,995,999.99"), "{screen}");
    assert!(!screen.contains('…'), "{screen}");
    assert!(screen.contains("元旦春节") && screen.contains("金秋助学"), "{screen}");
}

#[test]
fn a_huge_new_budget_is_confirmed_with_a_second_alt_s_and_one_above_the_ceiling_refused() {
    let mut h = opened("8001", Lang::Zh);
    select(&mut h, "autumn_study");
    h.alt('e');
    h.typ("１２３４５６７８９０");
    h.press(KeyCode::Tab);
    h.typ("市总专项拨款");
    h.alt('s');
    let (typed, note) = form_value(&h, FieldId::Amount);
    assert_eq!(typed, "1234567890", "the form folds full-width digits as typed");
    let note = note.expect("asked to confirm");
    assert!(note.contains("1,234,567,890.00") && note.contains("Alt+S"), "{note}");
    assert!(crate::db::fund::history(&h.db.conn, 2026, "autumn_study").unwrap().is_empty());
    h.alt('s');
    assert!(h.app.modal.is_none(), "confirmed: {}", h.screen());
    let rows = crate::db::fund::history(&h.db.conn, 2026, "autumn_study").unwrap();
    assert_eq!(rows.last().map(|r| r.budget_fen), Some(123_456_789_000));
    h.alt('e');
    h.typ("20,000,000,000");
    h.press(KeyCode::Tab);
    h.typ("再追加");
    h.alt('s');
    h.alt('s');
    let note = form_value(&h, FieldId::Amount).1.expect("above the ceiling");
    assert!(note.contains("10,000,000,000.00"), "{note}");
    assert_eq!(crate::db::fund::history(&h.db.conn, 2026, "autumn_study").unwrap().len(), 1);
}

#[test]
fn a_modest_raise_asks_nothing() {
    let mut h = opened("8001", Lang::Zh);
    select(&mut h, "autumn_study");
    h.alt('e');
    h.typ("600,000");
    h.press(KeyCode::Tab);
    h.typ("追加");
    h.alt('s');
    assert!(h.app.modal.is_none(), "{}", h.screen());
}

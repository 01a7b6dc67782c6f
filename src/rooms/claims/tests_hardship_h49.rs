//! Defects found by the tester on F2's 困难档案 pages and forms (tryout-47 C, E, F, G, J, K),
//! each through the real key path.

use super::hardship_page::{by, file_id, filed, views};
use super::*;
use crate::db::hardship_ops;

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

/// The 困难档案 page re-reads its file every two seconds while shown: another terminal's
/// approval shows as 在档, the scroll stays, a form over the page is left alone, and the look-up
/// is still audited once.
#[test]
fn the_file_page_follows_another_terminals_approval_without_a_second_view() {
    let mut h = clerk();
    let no = filed(&h, "2026-11-20", false);
    look_up(&mut h, ID, '1');
    h.alt('k');
    assert!(h.screen().contains("待审批"), "{}", h.screen());
    h.draw();
    h.press(KeyCode::PageDown);
    let scroll = c(&h).hk.scroll;
    assert!(scroll > 0, "scrolled");
    let (id, v) = file_id(&h, &no);
    let cfg = h.app.settings.config.hardship.clone();
    let boss = by(&h, "8001", Role::Supervisor, "2026-11-20");
    hardship_ops::approve(&h.db.conn, &cfg, &boss, id, v).unwrap().unwrap();
    h.tick(2_500);
    assert_eq!(c(&h).hk.scroll, scroll, "the scroll stays");
    h.press(KeyCode::PageUp);
    assert!(h.screen().contains("在档"), "{}", h.screen());
    assert!(!h.screen().contains("待审批"), "{}", h.screen());
    // A form open over the page: the tick leaves it as it is (it keeps its own version).
    h.alt('c');
    assert!(crate::rooms::claims::hardship_apply::open_in(c(&h)).is_some(), "{}", h.screen());
    let before = h.screen();
    let (id, v) = file_id(&h, &no);
    hardship_ops::send_back(&h.db.conn, &boss, id, v, "x").ok();
    h.tick(2_500);
    assert_eq!(h.screen(), before);
    assert_eq!(views(&h).len(), 1, "one look-up, one view: {:?}", views(&h));
}

/// The re-read is not audited, so the service gives it only for the file this clerk's look-up
/// viewed (and audited) last: any other file is refused.
#[test]
fn an_unaudited_re_read_is_refused_for_a_file_not_viewed() {
    let mut h = clerk();
    let no = filed(&h, "2026-11-20", true);
    let (id, _) = file_id(&h, &no);
    let worker_id: i64 =
        h.db.conn
            .query_row("SELECT worker_id FROM hardship_files WHERE id = ?1", [id], |r| r.get(0))
            .unwrap();
    let who = h.app.who().unwrap();
    let env = h.env();
    let mut conn = rusqlite::Connection::open(&env.db_path).unwrap();
    let read = |conn: &mut rusqlite::Connection| {
        crate::rooms::claims::hardship_reread::reread(conn, &env, &who, worker_id, id).unwrap()
    };
    assert!(matches!(read(&mut conn), ClaimReply::HardshipReread { file: None, .. }), "not viewed: refused");
    look_up(&mut h, ID, '1');
    h.alt('k');
    assert_eq!(views(&h).len(), 1);
    let ClaimReply::HardshipReread { file: Some(w), .. } = read(&mut conn) else { panic!("viewed: read") };
    assert_eq!(w.file.file_no, no);
    assert_eq!(views(&h).len(), 1, "not audited again");
}

fn focused_field(h: &Harness) -> FieldId {
    let f = crate::rooms::claims::hardship_apply::open_in(c(h)).expect("a form");
    f.focused().focused().name
}

fn member_value(h: &Harness, row: usize, name: FieldId) -> (String, Option<usize>) {
    let f = crate::rooms::claims::hardship_apply::open_in(c(h)).expect("a form");
    let m = &f.members[row];
    (m.value(name).to_string(), m.choice(name))
}

/// A household row: 残级 takes 1–4 and only for 残疾 (in words otherwise, nothing lands);
/// Shift+Tab goes back one field at a time; a digit on 就业 stays there.
#[test]
fn a_member_rows_grade_order_and_digits_stay_where_typed() {
    let mut h = clerk();
    crate::app::tests::claims::hardship_apply::worker(&h);
    look_up(&mut h, ID, '1');
    h.alt('k');
    h.alt('a');
    for _ in 0..3 {
        h.press(KeyCode::Tab);
    }
    assert_eq!(focused_field(&h), FieldId::HHealth);
    h.typ("2");
    h.press(KeyCode::Tab);
    assert_eq!(focused_field(&h), FieldId::HGrade);
    h.typ("5");
    assert_eq!(member_value(&h, 0, FieldId::HGrade).0, "", "not 残疾: nothing lands");
    assert!(h.screen().contains("残级只用于残疾"), "{}", h.screen());
    // 残疾: 1–4 only.
    h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(focused_field(&h), FieldId::HHealth);
    h.typ("4");
    h.press(KeyCode::Tab);
    h.typ("5");
    assert_eq!(member_value(&h, 0, FieldId::HGrade).0, "", "grade 5");
    assert!(h.screen().contains("残级为 1–4"), "{}", h.screen());
    h.typ("2");
    assert_eq!(member_value(&h, 0, FieldId::HGrade).0, "2");
    // 就业: 2, Tab, 5 → 失业 and income 5.
    h.press(KeyCode::Tab);
    assert_eq!(focused_field(&h), FieldId::HWork);
    h.typ("2");
    h.press(KeyCode::Tab);
    assert_eq!(focused_field(&h), FieldId::HIncome);
    h.typ("5");
    assert_eq!(member_value(&h, 0, FieldId::HWork).1, Some(1));
    assert_eq!(member_value(&h, 0, FieldId::HIncome).0, "5");
    // Shift+Tab back, field by field: 月收入 → 就业 → 残级 → 健康.
    for want in [FieldId::HWork, FieldId::HGrade, FieldId::HHealth] {
        h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(focused_field(&h), want);
    }
    // A grade with the health then changed away from 残疾: refused on Alt+S, in words.
    h.typ("2");
    h.alt('s');
    assert_eq!(focused_field(&h), FieldId::HGrade, "{}", h.screen());
}

/// Alt+E with the health hidden (medical data from the file): every member's 残级 is `**`
/// too, a blank one as much as a grade, so the column does not tell who is disabled.
#[test]
fn the_grade_column_is_masked_for_every_member_while_health_is() {
    let mut h = clerk();
    crate::app::tests::claims::hardship_apply::seeded(&h, false, false);
    // One member disabled, grade 2; the other healthy.
    h.db.conn
        .execute("UPDATE hardship_members SET health = 'disabled', disability_grade = 2 WHERE seq = 2", [])
        .unwrap();
    look_up(&mut h, ID, '1');
    h.alt('k');
    h.alt('e');
    let screen = h.screen();
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("本人 ") || l.contains("子女 ")).collect();
    assert_eq!(rows.len(), 2, "{screen}");
    for row in rows {
        let masked = row.split_whitespace().filter(|t| *t == "**").count();
        assert_eq!(masked, 2, "health and grade both masked: {row}\n{screen}");
    }
}

/// Alt+E: on 就业 type 2, Tab, 5 — the 5 is the income, not `1000.005` (the income read from
/// the file is replaced by what is typed, as the ID read from the file is).
#[test]
fn a_digit_after_tab_onto_a_filled_income_replaces_it() {
    let mut h = clerk();
    crate::app::tests::claims::hardship_apply::seeded(&h, false, false);
    look_up(&mut h, ID, '1');
    h.alt('k');
    h.alt('e');
    for _ in 0..5 {
        h.press(KeyCode::Tab);
    }
    assert_eq!(focused_field(&h), FieldId::HWork);
    h.typ("2");
    h.press(KeyCode::Tab);
    h.typ("5");
    assert_eq!(member_value(&h, 0, FieldId::HWork).1, Some(1));
    assert_eq!(member_value(&h, 0, FieldId::HIncome).0, "5");
    h.typ("0");
    assert_eq!(member_value(&h, 0, FieldId::HIncome).0, "50", "then typed on as usual");
}

/// The visit dialog: `没有工号为 9999 的账号` under 走访人工号 goes once that field is edited.
#[test]
fn the_visit_dialogs_unknown_login_clears_once_the_field_is_edited() {
    use crate::app::tests::claims::hardship_decide::{filed, on_page};
    let (mut h, _) = on_page("8002", filed);
    h.alt('f');
    h.press(KeyCode::Tab);
    h.press(KeyCode::End);
    h.typ(" 9999");
    h.press(KeyCode::Tab);
    h.typ("家中");
    h.press(KeyCode::Tab);
    h.typ("老人说夜里常咳嗽");
    h.alt('s');
    assert!(h.screen().contains("没有工号为 9999 的账号"), "{}", h.screen());
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("kept") };
    assert_eq!(f.form.focused().name, FieldId::Visitors);
    // Moving about leaves it; editing the field clears it.
    h.press(KeyCode::Left);
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("kept") };
    assert!(f.form.field(FieldId::Visitors).is_some_and(|f| f.error.is_some()));
    h.press(KeyCode::End);
    for _ in 0..5 {
        h.press(KeyCode::Backspace);
    }
    let Some(Modal::Form(f)) = &h.app.modal else { panic!("kept") };
    assert_eq!(f.form.value(FieldId::Visitors), "8002");
    assert!(f.form.field(FieldId::Visitors).is_some_and(|f| f.error.is_none()), "{}", h.screen());
    h.press(KeyCode::Tab);
    assert!(!h.screen().contains("没有工号为"), "{}", h.screen());
}

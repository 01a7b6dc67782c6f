//! F2's hardship forms (Alt+A, Alt+E, Alt+R, Alt+C) through the real key path and executor,
//! read back from the database.

use super::*;
use crate::db::audit;
use crate::db::hardship_ops::{self, Application, NewVerification};
use crate::domain::hardship::{Category, Cause, Health, Member, Relation, Verdict, Work};
use chrono::NaiveDate;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn by(h: &Harness, login: &str, role: Role) -> hardship_ops::By {
    let clerk_id = clerk_id(h, login);
    hardship_ops::By {
        clerk_id,
        role,
        actor: audit::Actor { clerk_id: Some(clerk_id), login: Some(login.into()), terminal: "t".into() },
        at: now(),
        today: day("2026-11-20"),
    }
}

pub(super) fn worker(h: &Harness) -> i64 {
    let id = IdNumber::from_stored(ID).unwrap();
    let known = Known { name: "王建国", phone: "13812345678", work_unit: "久立特钢", email: "" };
    workers::upsert(&h.db.conn, &id, &known, now()).unwrap()
}

/// An application entered by 8002 (two members, an eligible verification); sent back by 8001
/// when `back`, approved by 8001 when `file`.
pub(super) fn seeded(h: &Harness, back: bool, file: bool) -> i64 {
    let worker_id = worker(h);
    let m = |name: &str, relation, id: Option<&str>, yuan: i64| Member {
        name: name.into(),
        relation,
        id_number: id.map(String::from),
        health: Health::Healthy,
        disability_grade: None,
        work: Work::Employed,
        income_fen: yuan * 100,
    };
    let a = Application {
        members: vec![m("王建国", Relation::Self_, Some(ID), 1_000), m("王小明", Relation::Child, None, 0)],
        causes: vec![Cause::Illness],
        category: Some(Category::Relative),
        category_reason: String::new(),
        verification: Some(NewVerification {
            dated_on: day("2026-11-20"),
            reference: "民核2026-7".into(),
            result: Verdict::Eligible,
            per_head_fen: Some(50_000),
        }),
    };
    let cfg = h.app.settings.config.hardship.clone();
    let f =
        hardship_ops::apply(&h.db.conn, &cfg, &by(h, "8002", Role::Clerk), worker_id, &a).unwrap().unwrap();
    let boss = by(h, "8001", Role::Supervisor);
    if back {
        hardship_ops::send_back(&h.db.conn, &boss, f.id, f.version, "收入证明不全").unwrap().unwrap();
    }
    if file {
        hardship_ops::approve(&h.db.conn, &cfg, &boss, f.id, f.version).unwrap().unwrap();
    }
    f.id
}

pub(super) fn q<T: rusqlite::types::FromSql>(h: &Harness, sql: &str) -> T {
    h.db.conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The worker looked up, on the 困难档案 page.
pub(super) fn on_page(h: &mut Harness) {
    look_up(h, ID, '1');
    h.alt('k');
}

fn tab(h: &mut Harness, n: usize) {
    for _ in 0..n {
        h.press(KeyCode::Tab);
    }
}

/// 王建国's household typed in Chinese: himself (在职, 2000), his wife 李秀英 (大病, 无劳动能力,
/// income 0), their son 王小明 (a child, no ID, no income typed) and his mother 欧阳娜娜 (退休,
/// ¥800 in full-width digits).
fn type_four(h: &mut Harness) {
    h.alt('a');
    tab(h, 5);
    h.typ("1");
    tab(h, 1);
    h.typ("2000");
    h.alt('n');
    h.typ("李秀英");
    tab(h, 1);
    h.typ("2");
    tab(h, 1);
    h.typ("330381196607151234");
    tab(h, 1);
    h.typ("3");
    tab(h, 2);
    h.typ("5");
    tab(h, 1);
    h.typ("0");
    h.alt('n');
    h.typ("王小明");
    tab(h, 1);
    h.typ("3");
    tab(h, 4);
    h.typ("4");
    h.alt('n');
    h.typ("欧阳娜娜");
    tab(h, 1);
    h.typ("4");
    tab(h, 1);
    h.typ("330381194503020820");
    tab(h, 3);
    h.typ("3");
    tab(h, 1);
    h.typ("¥８００");
}

#[test]
fn an_application_of_four_typed_in_chinese_shows_per_head_and_proposal_and_is_saved() {
    let mut h = clerk();
    worker(&h);
    on_page(&mut h);
    assert!(h.screen().contains("Alt+A"), "the key is offered with no file:\n{}", h.screen());
    type_four(&mut h);
    let screen = h.screen();
    for want in ["家庭 4 人", "2,800.00", "人均 700.00", "2026年低保 1,230.00", "建议：深度困难", "欧阳娜娜"]
    {
        assert!(screen.contains(want), "{want}:\n{screen}");
    }
    // The worker's own ID came from the record: masked.
    assert!(!screen.contains(ID), "{screen}");
    insta::assert_snapshot!("f2_hardship_apply_four_80x24", screen);
    tab(&mut h, 1);
    h.typ("12");
    h.alt('s');
    let state: String = q(&h, "SELECT state FROM hardship_files");
    assert_eq!(state, "applied", "{:?}\n{}", h.app.flash, h.screen());
    let (n, per_head, cat, causes): (i64, i64, String, String) =
        h.db.conn
            .query_row("SELECT members, per_head_fen, category, causes FROM hardship_files", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap();
    assert_eq!((n, per_head, cat.as_str(), causes.as_str()), (4, 70_000, "deep", "illness,disability"));
    let child: Option<String> = q(&h, "SELECT id_number FROM hardship_members WHERE name = '王小明'");
    assert_eq!(child, None);
    let income: i64 = q(&h, "SELECT income_fen FROM hardship_members WHERE name = '欧阳娜娜'");
    assert_eq!(income, 80_000);
    let screen = h.screen();
    assert!(screen.contains("已申请建档") && screen.contains("家庭 4 人"), "{screen}");
}

#[test]
fn a_category_other_than_the_proposal_needs_a_reason() {
    let mut h = clerk();
    worker(&h);
    on_page(&mut h);
    h.alt('a');
    tab(&mut h, 5);
    h.typ("1");
    tab(&mut h, 1);
    h.typ("0");
    tab(&mut h, 1);
    assert!(h.screen().contains("建议：相对困难"), "{}", h.screen());
    h.typ("1");
    tab(&mut h, 1);
    h.typ("1");
    h.alt('s');
    let n: i64 = q(&h, "SELECT COUNT(*) FROM hardship_files");
    assert_eq!(n, 0);
    assert!(h.screen().contains("须填写理由"), "{}", h.screen());
    h.typ("妻子刚确诊重病");
    h.alt('s');
    let (cat, proposed, why): (String, String, String) =
        h.db.conn
            .query_row("SELECT category, proposed, category_reason FROM hardship_files", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
    assert_eq!((cat.as_str(), proposed.as_str(), why.as_str()), ("deep", "relative", "妻子刚确诊重病"));
}

#[test]
fn a_bad_income_keeps_its_text_and_names_the_field() {
    let mut h = clerk();
    worker(&h);
    on_page(&mut h);
    h.alt('a');
    tab(&mut h, 5);
    h.typ("1");
    tab(&mut h, 1);
    h.typ("12.345");
    tab(&mut h, 1);
    h.typ("1");
    h.alt('s');
    let n: i64 = q(&h, "SELECT COUNT(*) FROM hardship_files");
    assert_eq!(n, 0);
    let screen = h.screen();
    assert!(screen.contains("第1人 月收入"), "{screen}");
    assert!(screen.contains("12.345"), "{screen}");
}

#[test]
fn esc_keeps_the_draft_and_alt_a_brings_it_back() {
    let mut h = clerk();
    worker(&h);
    on_page(&mut h);
    h.alt('a');
    h.alt('n');
    h.typ("李秀英");
    h.press(KeyCode::Esc);
    assert!(!h.screen().contains("李秀英"), "{}", h.screen());
    h.alt('a');
    assert!(h.screen().contains("李秀英"), "{}", h.screen());
    assert!(h.app.flash.as_deref().unwrap_or("").contains("恢复"), "{:?}", h.app.flash);
}

#[test]
fn a_returned_application_is_edited_and_no_longer_returned() {
    let mut h = clerk();
    seeded(&h, true, false);
    on_page(&mut h);
    assert!(h.screen().contains("Alt+E"), "{}", h.screen());
    h.alt('e');
    // The son's row, his income.
    tab(&mut h, 13);
    h.ctrl('u');
    h.typ("300");
    h.alt('s');
    let (returned, per_head): (i64, i64) = h
        .db
        .conn
        .query_row("SELECT returned, per_head_fen FROM hardship_files", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((returned, per_head), (0, 65_000), "{:?}", h.app.flash);
    let edits: i64 = q(&h, "SELECT COUNT(*) FROM hardship_events WHERE action = 'edit'");
    assert_eq!(edits, 1);
}

/// Alt+R, the review's result by digit (and an exit reason), a new verification.
fn review(h: &mut Harness, outcome: &str) {
    h.alt('r');
    // Past the two members' fields, the category and its reason.
    tab(h, 16);
    h.typ(outcome);
    tab(h, 1);
    if outcome == "2" {
        h.typ("1");
    }
    tab(h, 1);
    h.typ("2026-11-25");
    tab(h, 1);
    h.typ("民核2026-99");
    tab(h, 1);
    h.typ("1");
    h.alt('s');
}

#[test]
fn a_review_to_exit_and_a_review_to_continue_are_entered() {
    let mut h = clerk();
    seeded(&h, false, true);
    on_page(&mut h);
    review(&mut h, "2");
    let (result, reason): (String, String) =
        h.db.conn
            .query_row("SELECT result, exit_reason FROM hardship_reviews WHERE state = 'entered'", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap_or_else(|e| panic!("{e}: {:?}\n{}", h.app.flash, h.screen()));
    assert_eq!((result.as_str(), reason.as_str()), ("exit", "income"));
    assert!(!h.screen().contains("Alt+R"), "no second review while one is open:\n{}", h.screen());
    h.db.conn.execute("UPDATE hardship_reviews SET state = 'returned'", []).unwrap();
    let mut h2 = h;
    h2.press(KeyCode::F(2));
    on_page(&mut h2);
    review(&mut h2, "1");
    let result: String = q(&h2, "SELECT result FROM hardship_reviews WHERE state = 'entered'");
    assert_eq!(result, "continue", "{:?}", h2.app.flash);
}

#[test]
fn a_verification_alone_on_an_applied_file() {
    let mut h = clerk();
    seeded(&h, false, false);
    on_page(&mut h);
    h.alt('c');
    h.typ("2026-11-26");
    tab(&mut h, 1);
    h.typ("民核2026-120");
    tab(&mut h, 1);
    h.typ("3");
    h.alt('s');
    let n: i64 = q(
        &h,
        "SELECT COUNT(*) FROM hardship_verifications WHERE reference = '民核2026-120' AND result = 'pending'",
    );
    assert_eq!(n, 1, "{:?}\n{}", h.app.flash, h.screen());
}

#[test]
fn a_save_after_another_terminal_changed_the_file_is_refused_and_the_form_kept() {
    let mut h = clerk();
    seeded(&h, true, false);
    on_page(&mut h);
    h.alt('e');
    tab(&mut h, 13);
    h.ctrl('u');
    h.typ("300");
    let other = rusqlite::Connection::open(&h.db.path).unwrap();
    other.execute("UPDATE hardship_files SET version = version + 1", []).unwrap();
    h.alt('s');
    let edits: i64 = q(&h, "SELECT COUNT(*) FROM hardship_events WHERE action = 'edit'");
    assert_eq!(edits, 0);
    let screen = h.screen();
    assert!(screen.contains("已被其他终端修改"), "{screen}");
    assert!(screen.contains("300"), "the form is kept:\n{screen}");
}

#[test]
fn the_review_form_in_english_fits_80x24() {
    let mut h = Harness::with_lang(
        Some("w1"),
        &[("8001", "周主任", Role::Supervisor), ("8002", "吴窗口", Role::Clerk)],
        crate::i18n::Lang::En,
    );
    h.login("8002", PIN);
    seeded(&h, false, true);
    on_page(&mut h);
    h.alt('r');
    tab(&mut h, 3);
    h.typ("4");
    tab(&mut h, 1);
    h.typ("2");
    let screen = h.screen();
    assert!(screen.contains("Annual review") && screen.contains("proposed:"), "{screen}");
    // Health from the file stays hidden (as on the page); the one just picked shows.
    assert!(!screen.contains("healthy") && screen.contains("disabled"), "{screen}");
    insta::assert_snapshot!("f2_hardship_review_en_80x24", screen);
}

#[test]
fn a_refused_field_is_named_in_english_words() {
    let mut h = Harness::with_lang(
        Some("w1"),
        &[("8001", "周主任", Role::Supervisor), ("8002", "吴窗口", Role::Clerk)],
        crate::i18n::Lang::En,
    );
    h.login("8002", PIN);
    worker(&h);
    on_page(&mut h);
    h.alt('a');
    tab(&mut h, 5);
    h.typ("1");
    tab(&mut h, 2);
    h.typ("1");
    tab(&mut h, 1);
    h.typ("1");
    h.alt('s');
    let said = h.app.flash.clone().unwrap_or_default();
    assert_eq!(said, "Why this one: a category other than the proposal needs a reason");
}

#[test]
fn pgdn_skips_the_household_and_pgup_comes_back_to_it() {
    let mut h = clerk();
    seeded(&h, false, true);
    on_page(&mut h);
    h.alt('r');
    assert!(h.screen().contains("PgDn 跳过家庭成员"), "the hint says how to skip:\n{}", h.screen());
    // An unchanged household: straight to the category, then the result and the verification.
    h.press(KeyCode::PageDown);
    assert!(h.screen().contains("PgUp 回到家庭成员"), "{}", h.screen());
    tab(&mut h, 2);
    h.typ("1");
    tab(&mut h, 2);
    h.typ("2026-11-25");
    tab(&mut h, 1);
    h.typ("民核2026-98");
    tab(&mut h, 1);
    h.typ("1");
    h.alt('s');
    let result: String = q(&h, "SELECT result FROM hardship_reviews WHERE state = 'entered'");
    assert_eq!(result, "continue", "{:?}\n{}", h.app.flash, h.screen());
    // PgUp from the rest lands on the first member's name.
    let mut h2 = clerk();
    seeded(&h2, false, false);
    on_page(&mut h2);
    h2.alt('e');
    h2.press(KeyCode::PageDown);
    h2.press(KeyCode::PageUp);
    h2.typ("甲");
    assert!(h2.screen().contains("甲"), "typed into member 1's name:\n{}", h2.screen());
}

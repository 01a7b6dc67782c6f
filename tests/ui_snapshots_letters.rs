//! F3 screens on TestBackend through the real key and reply path: compose with the live
//! preview (long Chinese unit), a refused end date, the register, the verify form.

mod common;
use common::screen::{key, render, typ};
use crossterm::event::{KeyCode, KeyModifiers};
use frontdesk::app::{App, Event, Reply};
use frontdesk::db::letters::LetterRow;
use frontdesk::domain::Role;
use frontdesk::i18n::Lang;
use frontdesk::rooms::letters::LetterReply;

fn app(lang: Lang) -> App {
    common::screen::kiosk(lang, (1, "9001", "周主任", Role::Supervisor), false)
}

fn composed(lang: Lang, end: &str) -> App {
    let mut a = app(lang);
    key(&mut a, KeyCode::F(3), KeyModifiers::NONE);
    typ(&mut a, "330381196607151234");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "欧阳建国");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "浙江久立特种科技股份有限公司第二分厂设备维修车间");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "1");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "12月1日");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, end);
    a
}

#[test]
fn compose_with_the_preview_and_a_refused_end_date() {
    let mut a = composed(Lang::Zh, "12月5日");
    insta::assert_snapshot!("f3_compose_zh_80x24", render(&mut a, 80, 24));
    insta::assert_snapshot!("f3_compose_zh_120x40", render(&mut a, 120, 40));
    key(&mut a, KeyCode::PageDown, KeyModifiers::NONE);
    insta::assert_snapshot!("f3_compose_scrolled_zh_80x24", render(&mut a, 80, 24));
    let mut a = composed(Lang::Zh, "11月30日");
    key(&mut a, KeyCode::Char('s'), KeyModifiers::ALT);
    insta::assert_snapshot!("f3_bad_end_zh_80x24", render(&mut a, 80, 24));
    let mut a = composed(Lang::En, "12/5");
    insta::assert_snapshot!("f3_compose_en_80x24", render(&mut a, 80, 24));
}

#[test]
fn the_register_and_the_verify_form() {
    let mut a = app(Lang::Zh);
    key(&mut a, KeyCode::F(3), KeyModifiers::NONE);
    key(&mut a, KeyCode::Char('k'), KeyModifiers::ALT);
    key(&mut a, KeyCode::Char('k'), KeyModifiers::ALT);
    key(&mut a, KeyCode::Char('k'), KeyModifiers::ALT);
    let row = |id: i64, seq: u32, state: &str, replaced_by: Option<i64>| LetterRow {
        id,
        letter_type: "recuperation".into(),
        number: format!("余工疗函〔2026〕{seq}号"),
        year: 2026,
        seq,
        name: "欧阳建国".into(),
        recipient: ["siming", "putuo", "anji"][seq as usize % 3].into(),
        start_on: "2026-12-01".into(),
        end_on: "2026-12-05".into(),
        days: 5,
        state: state.into(),
        replaced_by,
        ..Default::default()
    };
    let rows = vec![row(3, 3, "issued", None), row(2, 2, "void", None), row(1, 1, "void", Some(3))];
    let page = LetterReply::Page { rows, total: 3, from: frontdesk::db::letter_register::From::First };
    let _ = a.update(Event::Reply(Reply::Letters(Box::new(page))));
    insta::assert_snapshot!("f3_register_zh_80x24", render(&mut a, 80, 24));
    key(&mut a, KeyCode::Char('k'), KeyModifiers::ALT);
    typ(&mut a, "余工疗函〔2026〕3号");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "abcde-fg234");
    let valid = LetterRow { recipient: "anji".into(), ..row(3, 3, "issued", None) };
    let verdict = frontdesk::letters::verify::Verdict::Valid(Box::new(valid));
    let _ = a.update(Event::Reply(Reply::Letters(Box::new(LetterReply::Verified(verdict)))));
    insta::assert_snapshot!("f3_verify_zh_80x24", render(&mut a, 80, 24));
}

#[test]
fn the_commitment_form_with_its_preview() {
    let mut a = app(Lang::Zh);
    key(&mut a, KeyCode::F(3), KeyModifiers::NONE);
    key(&mut a, KeyCode::Char('k'), KeyModifiers::ALT);
    typ(&mut a, "330381196607151234");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "欧阳建国");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "宁波市教育工会");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "10月12日");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "10月16日");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "1,800");
    insta::assert_snapshot!("f3_commitment_zh_80x24", render(&mut a, 80, 24));
}

#[test]
fn the_batch_page_with_its_roster() {
    use frontdesk::letters::batch::Member;
    let mut a = app(Lang::Zh);
    key(&mut a, KeyCode::F(3), KeyModifiers::NONE);
    key(&mut a, KeyCode::Char('k'), KeyModifiers::ALT);
    key(&mut a, KeyCode::Char('k'), KeyModifiers::ALT);
    typ(&mut a, "1");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "12月20日");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "12月24日");
    let line = |i: i64, name: &str, too_soon: Option<i64>| {
        let member = Member {
            worker_id: i,
            version: 1,
            id_masked: format!("330281********{:04}", 1000 + i),
            name: name.into(),
            work_unit: "浙江久立特种科技股份有限公司".into(),
        };
        (member, too_soon)
    };
    let members = vec![line(1, "欧阳建国", Some(221)), line(2, "李秀英", None), line(3, "王芳", None)];
    let reply = LetterReply::Roster { members, problems: vec![] };
    let _ = a.update(Event::Reply(Reply::Letters(Box::new(reply))));
    insta::assert_snapshot!("f3_batch_zh_80x24", render(&mut a, 80, 24));
}

//! F4 screens on TestBackend through the real key and reply path: the entry form beside the
//! items (a loan with a long Chinese name, a refused quantity), the result with a medicine's
//! caution, open loans, stock with batches, the day's log; English and wide ambiguous width.

mod common;
use chrono::NaiveDate;
use common::screen::{key, render, typ};
use crossterm::event::{KeyCode, KeyModifiers};
use frontdesk::app::{App, Event, Reply};
use frontdesk::db::station::{HelpRow, LoanRow, MoveRow, StockRow, UseRow};
use frontdesk::domain::Role;
use frontdesk::i18n::Lang;
use frontdesk::rooms::station::{Did, Overview, StationReply};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn overview() -> Overview {
    let stock = |item: &str, batch: &str, expires: Option<NaiveDate>, qty| StockRow {
        item: item.into(),
        batch: batch.into(),
        expires_on: expires,
        qty,
    };
    let loan = |id, name: &str, phone: &str, due| LoanRow {
        id,
        item: "umbrella".into(),
        qty: 1,
        returned: 0,
        lost: 0,
        name: name.into(),
        phone: phone.into(),
        id_number: None,
        worker_id: None,
        ticket: Some("A012".into()),
        deposit: false,
        lent_at: "2026-11-20T01:00:00.000Z".into(),
        lent_on: day(11, 20),
        due_on: due,
        closed_at: None,
        note: None,
        refunded: false,
    };
    let mv = |at: &str, item: &str, kind: &str, qty, entries| MoveRow {
        at: at.into(),
        item: item.into(),
        batch: String::new(),
        kind: kind.into(),
        qty,
        entries,
        expected: None,
        clerk: Some("9003".into()),
        ticket: None,
        note: None,
    };
    Overview {
        stock: vec![
            stock("umbrella", "", None, 4),
            stock("glasses", "", None, 5),
            stock("charger", "", None, 10),
            stock("water", "", None, 60),
            stock("plaster", "", None, 12),
            stock("huoxiang", "HX2501", Some(day(12, 10)), 3),
            stock("huoxiang", "HX2602", Some(NaiveDate::from_ymd_opt(2027, 9, 1).unwrap()), 20),
            stock("cold_granules", "GM2411", Some(day(11, 20)), 2),
        ],
        out: [("umbrella".to_string(), 2)].into(),
        in_use: [("charger".to_string(), 3)].into(),
        uses: vec![UseRow {
            id: 1,
            item: "charger".into(),
            day: day(11, 28),
            started_at: "2026-11-28T01:10:00.000Z".into(),
            ended_at: None,
            ticket: Some("A015".into()),
            note: None,
        }],
        loans: vec![
            loan(1, "欧阳建国", "13912345678", day(11, 24)),
            loan(2, "李秀英", "13800001111", day(11, 30)),
        ],
        loans_open: 2,
        loans_owed: 0,
        loans_late: 1,
        loans_units: 2,
        loans_late_units: 1,
        loans_matched: 2,
        loans_from: frontdesk::db::page::From::First,
        moves: vec![
            mv("2026-11-28T01:30:00.000Z", "water", "tally", -14, 6),
            mv("2026-11-28T01:20:00.000Z", "umbrella", "lend", -1, 1),
        ],
        help: vec![HelpRow {
            at: "2026-11-28T01:25:00.000Z".into(),
            kind: "escort".into(),
            note: "陪同行动不便的老师傅到1号窗口".into(),
            clerk: Some("9003".into()),
            ticket: None,
        }],
        return_rate: Some(0.875),
        query: String::new(),
    }
}

fn app(lang: Lang) -> App {
    let mut a = common::screen::kiosk(lang, (1, "9001", "周主任", Role::Supervisor), false);
    key(&mut a, KeyCode::F(4), KeyModifiers::NONE);
    let _ = a.update(Event::Reply(Reply::Station(Box::new(StationReply::Overview(overview())))));
    a
}

fn alt(a: &mut App, c: char) {
    key(a, KeyCode::Char(c), KeyModifiers::ALT);
}

#[test]
fn the_entry_form_beside_the_items() {
    let mut a = app(Lang::Zh);
    insta::assert_snapshot!("f4_entry_empty_zh_80x24", render(&mut a, 80, 24));
    typ(&mut a, "1");
    key(&mut a, KeyCode::Enter, KeyModifiers::NONE);
    typ(&mut a, "两");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "爱新觉罗·欧阳建国平");
    key(&mut a, KeyCode::Tab, KeyModifiers::NONE);
    typ(&mut a, "1391234");
    alt(&mut a, 's');
    insta::assert_snapshot!("f4_loan_refused_zh_80x24", render(&mut a, 80, 24));
    let done =
        Did::Given { item: "huoxiang".into(), qty: 2, batches: vec![("HX2501".into(), 2)], today: None };
    let mut a = app(Lang::Zh);
    let _ = a.update(Event::Reply(Reply::Station(Box::new(StationReply::Done(Ok(done))))));
    insta::assert_snapshot!("f4_caution_zh_80x24", render(&mut a, 80, 24));
    let mut a = app(Lang::En);
    typ(&mut a, "1");
    insta::assert_snapshot!("f4_entry_loan_en_80x24", render(&mut a, 80, 24));
    let mut a = app(Lang::Zh);
    a.amb = frontdesk::domain::width::Ambiguous::Wide;
    insta::assert_snapshot!("f4_entry_zh_amb2_80x24", render(&mut a, 80, 24));
}

#[test]
fn loans_stock_and_the_days_log() {
    let mut a = app(Lang::Zh);
    alt(&mut a, 'k');
    insta::assert_snapshot!("f4_loans_zh_80x24", render(&mut a, 80, 24));
    alt(&mut a, 'k');
    insta::assert_snapshot!("f4_in_hall_zh_80x24", render(&mut a, 80, 24));
    alt(&mut a, 'k');
    for _ in 0..7 {
        key(&mut a, KeyCode::Down, KeyModifiers::NONE);
    }
    insta::assert_snapshot!("f4_stock_zh_80x24", render(&mut a, 80, 24));
    alt(&mut a, 'c');
    insta::assert_snapshot!("f4_count_zh_80x24", render(&mut a, 80, 24));
    key(&mut a, KeyCode::Esc, KeyModifiers::NONE);
    alt(&mut a, 'k');
    insta::assert_snapshot!("f4_today_zh_80x24", render(&mut a, 80, 24));
    insta::assert_snapshot!("f4_today_zh_120x40", render(&mut a, 120, 40));
    let mut a = app(Lang::En);
    alt(&mut a, 'k');
    insta::assert_snapshot!("f4_loans_en_80x24", render(&mut a, 80, 24));
}

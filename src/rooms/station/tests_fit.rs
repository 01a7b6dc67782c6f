//! F4 at 80×24 (issue #28): every form error fits, a new error replaces the last success, the
//! return dialog's deposit title fits, and a refusal puts the cursor on the field in error.

use super::*;
use crate::app::form::FieldId;
use crate::db::station_ops;
use crate::rooms::station::View;
use chrono::NaiveDate;

use super::station::{go, item_of as item, lend_by_keys, other, stock_plain as stock, t};

/// The screen's first `cols` columns, every line joined, spaces dropped: text wrapped over
/// lines reads as one.
fn left(h: &Harness, cols: usize) -> String {
    let mut out = String::new();
    for line in h.screen().lines() {
        let mut w = 0;
        for c in line.chars() {
            w += crate::domain::width::width(&c.to_string());
            if w > cols {
                break;
            }
            out.push(c);
        }
    }
    out.replace([' ', '│'], "")
}

#[test]
fn the_due_date_error_fits_whole_at_80x24() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    stock(&mut h, "umbrella", 5);
    lend_by_keys(&mut h, "2028-12-31");
    let shown = left(&h, 41);
    assert!(shown.contains("应还日期最晚2026-12-28（借期最长30天）"), "{}", h.screen());
}

#[test]
fn a_new_error_replaces_the_last_success() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    stock(&mut h, "water", 10);
    h.press(KeyCode::F(4));
    h.typ("5");
    h.alt('s');
    assert!(h.screen().contains("纯净水"), "{}", h.screen());
    let done = t(&h).last.clone().expect("the hand-out's message").message;
    h.typ("5");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ("Z999");
    h.alt('s');
    let shown = h.screen();
    let head: String = done.chars().take(6).collect();
    assert!(!shown.contains(&head), "the old success still shows:\n{shown}");
    assert!(shown.contains("Z999"), "{shown}");
}

#[test]
fn the_return_dialogs_deposit_title_fits() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    stock(&mut h, "umbrella", 5);
    let it = item(&h, "umbrella");
    let l = station_ops::NewLoan {
        item: "umbrella".into(),
        qty: 2,
        name: "欧阳建国".into(),
        phone: "13912345678".into(),
        id_number: None,
        worker_id: None,
        due_on: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        deposit: true,
        ticket: String::new(),
        note: String::new(),
    };
    db::write(&mut h.db.conn, |tx| station_ops::lend(tx, &it, &l, &other(Role::Clerk))).unwrap().unwrap();
    h.press(KeyCode::F(4));
    go(&mut h, View::Loans);
    h.press(KeyCode::Enter);
    let shown = left(&h, 80);
    assert!(shown.contains("全部归还时请退还押金"), "{}", h.screen());
}

#[test]
fn a_ticket_refused_leaves_the_cursor_on_the_ticket_and_a_digit_stays_there() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    stock(&mut h, "charger", 2);
    h.press(KeyCode::F(4));
    h.typ("3");
    h.press(KeyCode::Tab);
    assert_eq!(t(&h).entry.focused().name, FieldId::Ticket);
    h.typ("Z999");
    h.alt('s');
    assert!(t(&h).entry.field(FieldId::Ticket).unwrap().error.is_some(), "{:?}", h.app.flash);
    assert_eq!(t(&h).entry.focused().name, FieldId::Ticket, "the cursor on the ticket");
    h.press(KeyCode::Backspace);
    h.typ("1");
    assert_eq!(t(&h).entry.choice(FieldId::Item), Some(2), "still the charger");
    assert_eq!(t(&h).entry.value(FieldId::Ticket), "Z991");
}

#[test]
fn an_expired_batch_refused_leaves_the_cursor_on_the_expiry() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    h.press(KeyCode::F(4));
    go(&mut h, View::Stock);
    for _ in 0..6 {
        h.press(KeyCode::Down);
    }
    h.alt('a');
    h.typ("5");
    h.press(KeyCode::Tab);
    h.typ("HX09");
    h.press(KeyCode::Tab);
    h.typ("2026-11-01");
    h.alt('s');
    let Some(Modal::Form(m)) = &h.app.modal else { panic!("no form: {:?}", h.app.flash) };
    assert_eq!(m.form.focused().name, FieldId::Expires, "the cursor on the expiry");
    assert_eq!(m.form.value(FieldId::Expires), "2026-11-01", "as typed");
    assert_eq!(m.form.value(FieldId::Batch), "HX09");
}

#[test]
fn a_return_of_nought_says_the_range_that_can_come_back() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    stock(&mut h, "umbrella", 5);
    let it = item(&h, "umbrella");
    let l = station_ops::NewLoan {
        item: "umbrella".into(),
        qty: 2,
        name: "欧阳建国".into(),
        phone: "13912345678".into(),
        id_number: None,
        worker_id: None,
        due_on: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        deposit: false,
        ticket: String::new(),
        note: String::new(),
    };
    db::write(&mut h.db.conn, |tx| station_ops::lend(tx, &it, &l, &other(Role::Clerk))).unwrap().unwrap();
    h.press(KeyCode::F(4));
    go(&mut h, View::Loans);
    h.press(KeyCode::Enter);
    h.press(KeyCode::Backspace);
    h.typ("0");
    h.alt('s');
    let Some(Modal::Form(m)) = &h.app.modal else { panic!("no form: {:?}", h.app.flash) };
    let e = m.form.field(FieldId::Qty).and_then(|f| f.error.clone()).unwrap_or_default();
    assert!(e.contains("1–2") && !e.contains("9999"), "{e}");
}

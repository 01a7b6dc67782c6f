//! #28 (tester): a deposit marked 暂未退还 on the last return, or on a lost close, was never
//! refundable later: the loan closed, left the list and nothing showed the deposit owed. A
//! closed loan owing its deposit stays on 借出未还 marked 押金待退; Enter on it records the
//! refund (who, where, when), exported and on 今日记录; the lost close asks like the return.

use super::*;
use crate::app::form::FieldId;
use crate::rooms::station::View;

use super::station::{go, t};
use super::station_steps::{export_rows, lend, stock, today};

fn refund_row(h: &Harness) -> Option<(i64, String, String, String)> {
    h.db.conn
        .query_row(
            "SELECT r.loan_id, c.login, r.window, r.day FROM station_refunds r JOIN clerks c ON c.id = r.clerk_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .ok()
}

/// The refund of the loan on the list's first row, later: Enter, 1, Alt+S.
fn refund_later(h: &mut Harness, loan: i64, login: &str) {
    let shown = h.screen();
    assert!(shown.contains("押金待退") && shown.contains("欧阳建国"), "owed and listed: {shown}");
    assert_eq!(refund_row(h), None);
    h.press(KeyCode::Enter);
    {
        let Some(Modal::Form(m)) = &h.app.modal else { panic!("no refund form: {:?}", h.app.flash) };
        assert!(m.form.field(FieldId::Deposit).is_some(), "{}", m.title);
    }
    h.typ("1");
    h.alt('s');
    assert!(h.app.modal.is_none(), "{:?}", h.app.flash);
    let said = t(h).last.as_ref().map(|l| l.message.clone()).or(h.app.flash.clone()).unwrap_or_default();
    assert!(said.contains("已退押金"), "{said}");
    assert_eq!(refund_row(h), Some((loan, login.to_string(), "w1".into(), today(h).to_string())));
    let rows = export_rows(h);
    let refund: Vec<&Vec<String>> = rows.iter().filter(|r| r[1] == "refund").collect();
    assert_eq!(refund.len(), 1, "{rows:?}");
    assert_eq!((refund[0][11].as_str(), refund[0][12].as_str()), (login, "w1"), "{rows:?}");
    // Refunded: off the list.
    let shown = h.screen();
    assert!(!shown.contains("押金待退") && t(h).overview.loans.is_empty(), "{shown}");
    go(h, View::Today);
    let shown = h.screen();
    assert!(shown.contains("退押金"), "{shown}");
}

#[test]
fn a_deposit_not_refunded_at_the_last_return_stays_owed_and_is_refunded_later() {
    let mut h = Harness::new(Some("w1"));
    h.login("8002", PIN);
    stock(&mut h, "umbrella", 5);
    let loan = lend(&mut h, 1, true);
    h.press(KeyCode::F(4));
    go(&mut h, View::Loans);
    h.press(KeyCode::Enter);
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.typ("2");
    h.alt('s');
    assert!(h.app.modal.is_none(), "{:?}", h.app.flash);
    let said = t(&h).last.as_ref().map(|l| l.message.clone()).unwrap_or_default();
    assert!(said.contains("押金待退"), "{said}");
    assert!(h.screen().contains("，押金待退 1 笔"), "{}", h.screen());
    refund_later(&mut h, loan, "8002");
}

#[test]
fn a_deposit_loan_closed_lost_asks_about_the_deposit_and_may_owe_it() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    stock(&mut h, "umbrella", 5);
    let loan = lend(&mut h, 1, true);
    h.press(KeyCode::F(4));
    go(&mut h, View::Loans);
    h.alt('d');
    {
        let Some(Modal::Form(m)) = &h.app.modal else { panic!("no lost form: {:?}", h.app.flash) };
        assert!(m.form.field(FieldId::Deposit).is_some(), "the lost close asks about the deposit");
    }
    h.press(KeyCode::Tab);
    h.typ("借用人告知遗失");
    h.alt('s');
    {
        let Some(Modal::Form(m)) = &h.app.modal else { panic!("closed unanswered: {:?}", h.app.flash) };
        assert_eq!(m.form.focused().name, FieldId::Deposit, "the cursor on the question");
    }
    h.typ("2");
    h.alt('s');
    assert!(h.app.modal.is_none(), "{:?}", h.app.flash);
    let said = t(&h).last.as_ref().map(|l| l.message.clone()).unwrap_or_default();
    assert!(said.contains("已按遗失结案") && said.contains("押金待退"), "{said}");
    // Closed already: Alt+D says what is left to do.
    h.alt('d');
    assert!(h.app.modal.is_none());
    assert!(h.app.flash.as_deref().unwrap_or("").contains("按回车退押金"), "{:?}", h.app.flash);
    refund_later(&mut h, loan, "8001");
}

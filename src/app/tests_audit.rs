//! A walk through the audited actions of a working day, each checked for its row: who (clerk),
//! where (terminal), when, what, about whom (masked) and why; no full ID number anywhere.

use super::*;

const ID: &str = "11010519491231002X";
const MASKED: &str = "110105********002X";

#[test]
fn each_audited_action_leaves_its_row() {
    let mut h = Harness::new(Some("w1"));
    h.login("8001", PIN);
    // F1: a registration at the counter (the worker card is read for it).
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ(ID);
    h.press(KeyCode::Tab);
    h.typ("王建国");
    h.alt('s');
    // F2: a look-up by phone, with its reason.
    h.press(KeyCode::F(2));
    h.typ(ID);
    h.press(KeyCode::Enter);
    h.typ("2");
    // Reveal the ID on F2 with a reason.
    h.alt('v');
    h.typ("1");
    // F4: restock and a loan to the same person by ID, then a search.
    let item = h.app.settings.config.station.items.iter().find(|i| i.code == "umbrella").unwrap().clone();
    let by = crate::db::station_ops::By {
        clerk_id: 1,
        role: Role::Supervisor,
        window: "w1".into(),
        at: Utc::now(),
        today: crate::domain::dates::local_day(Utc::now(), h.app.settings.tz),
    };
    let restock = crate::db::station_ops::StockChange::Restock { qty: 2, expires_on: None };
    crate::db::write(&mut h.db.conn, |tx| {
        crate::db::station_ops::change_stock(tx, &item, "", &restock, "入库", &by)
    })
    .unwrap()
    .unwrap();
    h.press(KeyCode::F(4));
    h.typ("1");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Tab);
    h.typ("王建国");
    h.press(KeyCode::Tab);
    h.typ("13812345678");
    h.press(KeyCode::Tab);
    h.typ(ID);
    h.alt('s');
    h.alt('k');
    h.typ("5678");
    h.press(KeyCode::Enter);
    // F6: who looked at this worker.
    h.press(KeyCode::F(6));
    h.alt('k');
    h.press(KeyCode::Tab);
    h.typ(ID);
    h.alt('s');
    // One's own PIN, a lock, a switch of clerk.
    h.alt('i');
    h.typ(PIN);
    h.press(KeyCode::Tab);
    h.typ("739184");
    h.press(KeyCode::Tab);
    h.typ("739184");
    h.alt('s');
    h.alt('l');
    h.typ("739184");
    h.press(KeyCode::Enter);
    h.alt('u');
    h.press(KeyCode::Enter);
    type Row = (String, Option<String>, String, Option<String>, Option<String>);
    let rows: Vec<Row> = {
        let mut s = h
            .db
            .conn
            .prepare("SELECT action, clerk_login, terminal, worker_masked, reason FROM audit_log ORDER BY id")
            .unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let find = |action: &str| {
        rows.iter().find(|r| r.0 == action).unwrap_or_else(|| panic!("no {action} row in {rows:#?}")).clone()
    };
    // (action, names the worker masked, the reason it carries)
    for (action, about, reason) in [
        ("login", false, None),
        ("walkin_register", true, Some("本人来访")),
        ("claims_lookup", true, Some("电话查询")),
        ("reveal", true, Some("核对身份")),
        ("station_lend", true, None),
        ("station_search", false, None),
        ("audit_search", true, None),
        ("pin_change", false, None),
        ("lock", false, None),
        ("switch_clerk", false, None),
    ] {
        let (_, login, terminal, worker, why) = find(action);
        assert_eq!(login.as_deref(), Some("8001"), "{action}: who");
        assert!(!terminal.is_empty(), "{action}: where");
        if about {
            assert_eq!(worker.as_deref(), Some(MASKED), "{action}: about whom, masked");
        }
        if let Some(r) = reason {
            assert_eq!(why.as_deref(), Some(r), "{action}: why");
        }
    }
    let full: i64 = h
        .db
        .conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE instr(coalesce(worker_masked, '') || coalesce(detail, '') || coalesce(reason, ''), ?1) > 0",
            [ID],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(full, 0, "no full ID number in the trail");
    assert_eq!(crate::db::audit::verify_chain(&h.db.conn).unwrap(), None, "the chain holds");
}

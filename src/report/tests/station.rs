//! The per-clerk station figure: every station step a clerk records, loss closes included.

use super::{Fixture, at, d};
use crate::db::{
    self,
    station_ops::{self, By, NewLoan, StockChange},
};
use crate::domain::Role;
use crate::report::Period;
use chrono::Utc;

/// #28 (tester): 9001 did a count and a loss close, 9005 a loss close; F5 showed 9001 = 1 and
/// 9005 = 0 though `station_lost` holds both. A loss close is a step a clerk records, like a
/// return: it counts for whoever closed it, on the day they did.
#[test]
fn a_loss_close_counts_for_the_clerk_who_closed_it() {
    let mut f = Fixture::new();
    let day = d(11, 2);
    let umbrella = f.settings.config.station.items.iter().find(|i| i.code == "umbrella").unwrap().clone();
    let by = |clerk_id, role, h| {
        let when = chrono::DateTime::parse_from_rfc3339(&at(day, h, 0)).unwrap().with_timezone(&Utc);
        By { clerk_id, role, window: "desk".into(), at: when, today: day }
    };
    let sup = by(1, Role::Supervisor, 8);
    let restock = StockChange::Restock { qty: 5, expires_on: None };
    db::write(&mut f.db.conn, |tx| station_ops::change_stock(tx, &umbrella, "", &restock, "入库", &sup))
        .unwrap()
        .unwrap();
    let loan = NewLoan {
        item: "umbrella".into(),
        qty: 2,
        name: "李建国".into(),
        phone: "13800000001".into(),
        id_number: None,
        worker_id: None,
        due_on: d(11, 3),
        deposit: false,
        ticket: String::new(),
        note: String::new(),
    };
    let lent = by(2, Role::Clerk, 9);
    let id = db::write(&mut f.db.conn, |tx| station_ops::lend(tx, &umbrella, &loan, &lent)).unwrap().unwrap();
    // 8001 closes one as lost; 8002 (made supervisor for the step) the other.
    for (clerk, h) in [(1, 10), (2, 11)] {
        let b = by(clerk, Role::Supervisor, h);
        db::write(&mut f.db.conn, |tx| station_ops::lose(tx, id, 1, "告知遗失", &b)).unwrap().unwrap();
    }
    let s = f.summary(Period::day(day));
    let station = |login: &str| s.clerks.get(login).map(|c| c.station);
    assert_eq!(station("8001"), Some(2), "8001's restock and loss close");
    assert_eq!(station("8002"), Some(2), "8002's lend and loss close");
    let next = f.summary(Period::day(d(11, 3)));
    assert_eq!(next.clerks.get("8001").map(|c| c.station), None, "nothing the next day");
}

/// #28 (tester): 9002 at w2 gave 10 bottles for ticket A013, then 1 for no ticket; the tally
/// row became `-11 entries=2 ticket=A013`, so F4 and `export station` tied all 11 to A013. A
/// hand-out naming a ticket is its own row with that ticket; the tally keeps the rest, and no
/// ticket. F5's water total and the clerk's figure are unchanged.
#[test]
fn a_water_give_naming_a_ticket_is_its_own_row() {
    let mut f = Fixture::new();
    let day = d(11, 2);
    let water = f.settings.config.station.items.iter().find(|i| i.code == "water").unwrap().clone();
    let by = |clerk_id, role, h| {
        let when = chrono::DateTime::parse_from_rfc3339(&at(day, h, 0)).unwrap().with_timezone(&Utc);
        By { clerk_id, role, window: "w2".into(), at: when, today: day }
    };
    let restock = StockChange::Restock { qty: 24, expires_on: None };
    let sup = by(1, Role::Supervisor, 8);
    db::write(&mut f.db.conn, |tx| station_ops::change_stock(tx, &water, "", &restock, "入库", &sup))
        .unwrap()
        .unwrap();
    for (h, n, ticket) in [(9, 10, "A013"), (10, 1, ""), (11, 2, "")] {
        let b = by(2, Role::Clerk, h);
        db::write(&mut f.db.conn, |tx| station_ops::give(tx, &water, n, ticket, &b)).unwrap().unwrap();
    }
    let mut st = f
        .db
        .conn
        .prepare("SELECT kind, qty, entries, ticket FROM station_moves WHERE item = 'water' AND qty < 0 ORDER BY id")
        .unwrap();
    let rows: Vec<(String, i64, i64, Option<String>)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(
        rows,
        [("give".into(), -10, 1, Some("A013".into())), ("tally".into(), -3, 2, None)],
        "the ticket's hand-out apart, the tally ticketless"
    );
    let s = f.summary(Period::day(day));
    assert_eq!(s.station.given.get("water"), Some(&13));
    assert_eq!(s.clerks.get("8002").map(|c| c.station), Some(3), "8002's three hand-outs");
    let mut export = vec![];
    db::exports::each_row::<rusqlite::Error>(&f.db.conn, db::exports::Query::Station, None, None, |c| {
        if c[2] == "water" && c[1] != "restock" {
            export.push((c[1].clone(), c[4].clone(), c[9].clone()));
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(
        export,
        [("give".into(), "-10".into(), "A013".into()), ("tally".into(), "-3".into(), String::new())]
    );
}

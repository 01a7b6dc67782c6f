//! The large demo's station over the years, through the counter's own station calls (so stock
//! is always the sum of its log and `check` agrees): weekly restocks and monthly medicine
//! batches, the day's water tally, plasters and medicines, umbrellas lent by the dozen on rainy
//! days and glasses, most back on their due day, a few late, some lost and closed by a
//! supervisor, the recent ones still out; charging slots, the wheelchair and help entries.

use super::demo_large::{Bulk, local_time};
use super::demo_people::{mix, person};
use crate::config::StationItem;
use crate::db::DbError;
use crate::db::station_ops::{self as ops, By, NewLoan, StockChange};
use crate::domain::Role;
use chrono::{Datelike, Days, NaiveDate};

use super::demo_station::HELP_NOTES as HELP;

/// Rows one ordinary day writes, roughly: what `station_rows` is divided by.
const ROWS_PER_DAY: u64 = 136;

struct Out {
    back_on: NaiveDate,
    id: i64,
    qty: i64,
}

pub fn station(b: &Bulk, days: &[NaiveDate], rows: u64, workers: u64) -> Result<(), DbError> {
    let item = |code: &str| b.settings.config.station.items.iter().find(|i| i.code == code).cloned();
    let scale = |n: u64| (n * rows / (days.len() as u64 * ROWS_PER_DAY).max(1)).max(1);
    let by = |day: NaiveDate, minute: u32, clerk: i64, role: Role| By {
        clerk_id: clerk,
        role,
        window: "desk".into(),
        at: local_time(b.tz, day, minute),
        today: day,
    };
    let mut out: Vec<Out> = vec![];
    let mut lost: Vec<(NaiveDate, i64)> = vec![];
    for (d, &day) in days.iter().enumerate() {
        let h = mix(b.seed ^ 0x57A7 ^ mix(d as u64));
        let dice = |k: u64, n: u64| mix(h ^ k) % n.max(1);
        let sup = by(day, 8 * 60 + 20, b.supervisor, Role::Supervisor);
        let clerk = b.clerks[d % b.clerks.len()];
        let at = |k: u64| 8 * 60 + 40 + dice(k, 480) as u32;
        if d % 5 == 0 {
            restock(b, &sup, d, day, &item)?;
        }
        // Loans due back today come back (a few a day or two late, some only in part).
        let (back, keep): (Vec<Out>, Vec<Out>) = out.into_iter().partition(|o| o.back_on <= day);
        out = keep;
        for o in back {
            let v = by(day, at(o.id as u64), clerk, Role::Clerk);
            if ops::give_back(b.tx, o.id, o.qty, "完好", &v)?.is_ok() {
                b.tick(1);
            }
        }
        let (due_lost, still): (Vec<_>, Vec<_>) = lost.into_iter().partition(|(on, _)| *on <= day);
        lost = still;
        for (_, id) in due_lost {
            if let Some(l) = crate::db::station::loan(b.tx, id)? {
                let _ = ops::lose(b.tx, id, l.outstanding(), "逾期三十天未归还，按遗失处理", &sup)?;
            }
        }
        if let Some(water) = item("water") {
            for k in 0..scale(25) {
                let v = by(day, at(k), clerk, Role::Clerk);
                let _ = ops::give(b.tx, &water, 1 + dice(k, 3) as i64, "", &v)?;
            }
            b.tick(1);
        }
        for (code, n) in [("plaster", 18), ("huoxiang", 4), ("cold_granules", 4)] {
            let Some(it) = item(code) else { continue };
            for k in 0..scale(n) {
                let v = by(day, at(100 + k), clerk, Role::Clerk);
                if ops::give(b.tx, &it, 1 + dice(200 + k, 2) as i64, "", &v)?.is_ok() {
                    b.tick(1);
                }
            }
        }
        let rainy = dice(1, 3) == 0;
        for (code, n) in [("umbrella", if rainy { 40 } else { 12 }), ("glasses", 6)] {
            let Some(it) = item(code) else { continue };
            for k in 0..scale(n) {
                let r = mix(h ^ 0x10A ^ k);
                let w = r % workers.max(1);
                let Some(p) = person(b.seed, w) else { continue };
                let Some(phone) = p.phone else { continue };
                let with_id = r.is_multiple_of(3);
                let due =
                    crate::domain::station::due_date(&b.settings.calendar, day).unwrap_or(day + Days::new(1));
                let loan = NewLoan {
                    item: code.into(),
                    qty: if r.is_multiple_of(17) { 2 } else { 1 },
                    name: p.name,
                    phone,
                    id_number: with_id.then(|| p.id.as_str().to_string()),
                    worker_id: with_id.then_some(w as i64 + 1),
                    due_on: due,
                    deposit: code == "umbrella" && r.is_multiple_of(2),
                    ticket: String::new(),
                    note: String::new(),
                };
                let v = by(day, at(300 + k), clerk, Role::Clerk);
                let Ok(id) = ops::lend(b.tx, &it, &loan, &v)? else { continue };
                b.tick(2);
                match (r >> 8) % 100 {
                    // Never brought back: closed as lost a month on.
                    0..=2 => lost.push((day + Days::new(30), id)),
                    // One of two back, the other late.
                    3..=5 if loan.qty == 2 => {
                        out.push(Out { back_on: due, id, qty: 1 });
                        out.push(Out { back_on: due + Days::new(3), id, qty: 1 });
                    }
                    6..=15 => {
                        out.push(Out { back_on: due + Days::new(1 + (r >> 16) % 4), id, qty: loan.qty })
                    }
                    _ => out.push(Out { back_on: due, id, qty: loan.qty }),
                }
            }
        }
        for (code, n) in [("charger", 28), ("wheelchair", 2)] {
            let Some(it) = item(code) else { continue };
            for k in 0..scale(n) {
                let m = at(500 + k);
                let v = by(day, m, clerk, Role::Clerk);
                let ticket = format!("A{:03}", 1 + dice(600 + k, 90));
                if let Ok(id) = ops::start_use(b.tx, &it, &ticket, "", &v)? {
                    b.tick(1);
                    let end = by(day, (m + 40).min(17 * 60), clerk, Role::Clerk);
                    if day < b.today {
                        let _ = ops::end_use(b.tx, id, &end)?;
                    }
                }
            }
        }
        for k in 0..scale(14) {
            let (kind, note) = HELP[dice(700 + k, HELP.len() as u64) as usize];
            ops::help(b.tx, kind, note, "", &by(day, at(700 + k), clerk, Role::Clerk))?;
            b.tick(1);
        }
    }
    Ok(())
}

/// Every fifth working day: water, plasters and umbrellas topped up; on the first restock of a
/// month a new batch of each medicine, good for a year.
fn restock(
    b: &Bulk,
    sup: &By,
    d: usize,
    day: NaiveDate,
    item: &dyn Fn(&str) -> Option<StationItem>,
) -> Result<(), DbError> {
    let first = d == 0;
    let monthly = first || day.day() <= 7;
    // Loan items are bought again up to their number when some were lost.
    let owned = |code: &str| crate::db::station::owned(b.tx, code);
    let plan: [(&str, i64, bool); 8] = [
        ("water", 260, true),
        ("plaster", 150, true),
        ("umbrella", 120 - owned("umbrella")?, true),
        ("glasses", 30 - owned("glasses")?, true),
        ("charger", 12, first),
        ("wheelchair", 2, first),
        ("huoxiang", 150, monthly),
        ("cold_granules", 150, monthly),
    ];
    for (code, qty, when) in plan {
        let Some(it) = item(code) else { continue };
        if !when || qty <= 0 {
            continue;
        }
        let (batch, expires_on) = if it.batches {
            (format!("{}{}", code[..2].to_uppercase(), day.format("%y%m%d")), Some(day + Days::new(365)))
        } else {
            (String::new(), None)
        };
        let change = StockChange::Restock { qty, expires_on };
        if ops::change_stock(b.tx, &it, &batch, &change, "定期补货", sup)?.is_ok() {
            b.tick(1);
        }
    }
    Ok(())
}

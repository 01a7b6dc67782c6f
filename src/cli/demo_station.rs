//! The demo's station: a week of activity through the counter's own station paths — stock in,
//! water tallies, plasters and medicines, umbrellas and glasses lent and mostly returned (two
//! overdue, one back in part), charging slots and the wheelchair, help entries — leaving a
//! low-stock item, a batch about to expire and one expired.

use crate::config::{Settings, StationItem};
use crate::db::station_ops::{self as ops, By, NewLoan, StockChange};
use crate::db::{self, DbError};
use crate::domain::Role;
use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;

/// A small deterministic generator: the same seed gives the same week.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Help entries as a volunteer notes them (the large demo draws from the same list).
pub(super) const HELP_NOTES: &[(&str, &str)] = &[
    ("directions", "指引至二楼法律援助工作站"),
    ("form_help", "代填医疗互助申请表"),
    ("phone_call", "代拨12345咨询社保转移"),
    ("escort", "陪同行动不便的老师傅到1号窗口"),
    ("directions", "指引至职工书屋"),
    ("other", "帮忙复印身份证"),
];

pub struct Station<'a> {
    pub settings: &'a Settings,
    /// The clerk, volunteer and supervisor who act.
    pub clerk_id: i64,
    pub volunteer_id: i64,
    pub supervisor_id: i64,
}

impl Station<'_> {
    fn item(&self, code: &str) -> Option<StationItem> {
        self.settings.config.station.items.iter().find(|i| i.code == code).cloned()
    }

    fn by(&self, day: NaiveDate, hour: u32, minute: u32, clerk_id: i64, role: Role) -> By {
        let local = day.and_hms_opt(hour, minute, 0).unwrap_or_default();
        let at = self
            .settings
            .tz
            .from_local_datetime(&local)
            .single()
            .map_or(Utc::now(), |t| t.with_timezone(&Utc));
        By { clerk_id, role, window: "desk".into(), at, today: day }
    }

    pub fn seed(&self, conn: &mut Connection, seed: u64, now: DateTime<Utc>) -> Result<(), DbError> {
        let today = crate::domain::dates::local_day(now, self.settings.tz);
        let start = today.checked_sub_days(Days::new(7)).unwrap_or(today);
        let mut dice = Dice(seed ^ 0x5eed_57a7);
        let people = db::workers::with_phone(conn, 24)?;
        let sup = self.by(start, 8, 30, self.supervisor_id, Role::Supervisor);
        let near = today.checked_add_days(Days::new(18));
        let later = today.checked_add_days(Days::new(300));
        let gone = start.checked_add_days(Days::new(1));
        let stock: &[(&str, &str, i64, Option<NaiveDate>)] = &[
            ("umbrella", "", 12, None),
            ("glasses", "", 6, None),
            ("charger", "", 10, None),
            ("wheelchair", "", 2, None),
            ("water", "", 120, None),
            ("plaster", "", 24, None),
            ("huoxiang", "HX2501", 6, near),
            ("huoxiang", "HX2602", 20, later),
            ("cold_granules", "GM2411", 4, gone),
            ("cold_granules", "GM2603", 15, later),
        ];
        for (code, batch, qty, expires_on) in stock {
            let Some(item) = self.item(code) else { continue };
            let change = StockChange::Restock { qty: *qty, expires_on: *expires_on };
            db::write(conn, |tx| ops::change_stock(tx, &item, batch, &change, "开站入库", &sup))?.ok();
        }
        let mut open: Vec<(i64, NaiveDate, i64)> = vec![];
        let mut n_loan = 0usize;
        let mut day = start;
        while day <= today {
            let working = self.settings.calendar.is_working_day(day).unwrap_or(true);
            if working {
                self.day(conn, day, today, &mut dice, &people, &mut open, &mut n_loan)?;
            }
            day = day.checked_add_days(Days::new(1)).unwrap_or(today + Days::new(1));
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn day(
        &self,
        conn: &mut Connection,
        day: NaiveDate,
        today: NaiveDate,
        dice: &mut Dice,
        people: &[(String, String, String)],
        open: &mut Vec<(i64, NaiveDate, i64)>,
        n_loan: &mut usize,
    ) -> Result<(), DbError> {
        let (vol, clerk) = (self.volunteer_id, self.clerk_id);
        let hour = |dice: &mut Dice| 9 + dice.roll(7) as u32;
        // Loans come back on their due day; a loan of two brings one back and keeps one out.
        let mut kept = vec![];
        for (id, due, qty) in open.drain(..) {
            if due <= day {
                let b = self.by(day, 16, 30, vol, Role::Volunteer);
                db::write(conn, |tx| ops::give_back(tx, id, 1, "完好", &b))?.ok();
                if qty > 1 {
                    kept.push((id, NaiveDate::MAX, qty - 1));
                }
            } else {
                kept.push((id, due, qty));
            }
        }
        *open = kept;
        if let Some(water) = self.item("water") {
            for _ in 0..3 + dice.roll(4) {
                let b = self.by(day, hour(dice), dice.roll(60) as u32, vol, Role::Volunteer);
                db::write(conn, |tx| ops::give(tx, &water, 1 + dice.roll(4) as i64, "", &b))?.ok();
            }
        }
        for code in ["plaster", "huoxiang", "cold_granules"] {
            let Some(item) = self.item(code) else { continue };
            if dice.roll(3) > 0 {
                let b = self.by(day, hour(dice), dice.roll(60) as u32, clerk, Role::Clerk);
                let qty = if code == "plaster" { 2 + dice.roll(2) as i64 } else { 1 };
                db::write(conn, |tx| ops::give(tx, &item, qty, "", &b))?.ok();
            }
        }
        for code in ["umbrella", "glasses"] {
            let Some(item) = self.item(code) else { continue };
            for _ in 0..1 + dice.roll(if code == "umbrella" { 3 } else { 2 }) {
                let Some((name, phone, id)) = people.get(*n_loan % people.len().max(1)) else { break };
                *n_loan += 1;
                let b = self.by(day, hour(dice), dice.roll(60) as u32, vol, Role::Volunteer);
                let due = crate::domain::station::due_date(&self.settings.calendar, day)
                    .unwrap_or(day + Days::new(1));
                let loan = NewLoan {
                    item: code.into(),
                    qty: if *n_loan % 5 == 2 { 2 } else { 1 },
                    name: name.clone(),
                    phone: phone.clone(),
                    id_number: n_loan.is_multiple_of(3).then(|| id.clone()),
                    worker_id: None,
                    due_on: due,
                    deposit: code == "umbrella" && n_loan.is_multiple_of(2),
                    ticket: String::new(),
                    note: String::new(),
                };
                if let Ok(id) = db::write(conn, |tx| ops::lend(tx, &item, &loan, &b))? {
                    // Two early loans stay out past their due date.
                    let stays = *n_loan == 2 || *n_loan == 5;
                    let due = if stays { NaiveDate::MAX } else { due };
                    open.push((id, due, loan.qty));
                }
            }
        }
        for code in ["charger", "wheelchair"] {
            let Some(item) = self.item(code) else { continue };
            for _ in 0..if code == "charger" { 2 + dice.roll(4) } else { dice.roll(2) } {
                let b = self.by(day, hour(dice), dice.roll(60) as u32, vol, Role::Volunteer);
                let ticket = format!("A{:03}", 1 + dice.roll(40));
                let used = db::write(conn, |tx| ops::start_use(tx, &item, &ticket, "", &b))?;
                if let Ok(id) = used
                    && (day < today || dice.roll(2) == 0)
                {
                    let end = self.by(day, 17, 0, vol, Role::Volunteer);
                    db::write(conn, |tx| ops::end_use(tx, id, &end))?.ok();
                }
            }
        }
        for _ in 0..2 + dice.roll(3) {
            let (kind, note) = HELP_NOTES[dice.roll(HELP_NOTES.len() as u64) as usize];
            let b = self.by(day, hour(dice), dice.roll(60) as u32, vol, Role::Volunteer);
            db::write(conn, |tx| ops::help(tx, kind, note, "", &b))?;
        }
        Ok(())
    }
}

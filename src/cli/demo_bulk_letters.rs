//! The large demo's letters: tens of thousands over the years through the counter's own
//! issuing call (numbers per year, verification codes, stored texts, audit rows) in the
//! generator's transaction. They are stored without outbox files (`files = 'none'`): the
//! kiosk and `check` leave them so; most were sent, a few voided and some of those re-issued.

use super::demo_large::Bulk;
use super::demo_people::{mix, person};
use crate::db::audit::Actor;
use crate::db::letters as rows;
use crate::letters::{self, By, NewLetter};
use chrono::{Days, NaiveDate};

pub fn letters(
    b: &Bulk,
    db_path: &std::path::Path,
    days: &[NaiveDate],
    n: u64,
    workers: u64,
) -> Result<(), crate::db::DbError> {
    let secret = crate::db::read_key(db_path)?;
    let units = &b.settings.config.recuperation_units;
    let standards =
        ["每人每天 300 元（含食宿）", "每人每天 260 元（含食宿、体检）", "每人每天 320 元（含食宿、交通）"];
    for k in 0..n {
        let h = mix(b.seed ^ 0x1E77 ^ mix(k));
        let day = days[(k * days.len() as u64 / n.max(1)) as usize];
        let at = super::demo_large::local_time(b.tz, day, 8 * 60 + 40 + (h % 480) as u32);
        if at > b.now {
            continue;
        }
        let w = (h >> 8) % workers.max(1);
        let Some(p) = person(b.seed, w) else { continue };
        let clerk = b.clerks[(h >> 20) as usize % b.clerks.len()];
        let by = By {
            actor: Actor { clerk_id: Some(clerk), login: None, terminal: "demo".into() },
            at,
            today: day,
        };
        let start = day + Days::new(7 + (h >> 24) % 24);
        let new = NewLetter {
            worker_id: w as i64 + 1,
            id_masked: p.id.masked(),
            name: p.name,
            work_unit: p.unit,
            recipient: units
                .get((h >> 32) as usize % units.len().max(1))
                .map(|u| u.code.clone())
                .unwrap_or_default(),
            start,
            end: start + Days::new(4),
            places: Some(1),
            standard: standards[(h >> 36) as usize % standards.len()].into(),
            companions: String::new(),
            note: String::new(),
            replaces: None,
            replace_reason: String::new(),
        };
        let Ok(l) = letters::issue_in(b.tx, b.settings, &secret, &new, &by)? else { continue };
        let age = (b.today - day).num_days();
        if (h >> 40).is_multiple_of(200) {
            // Voided for a wrong date, and half of those issued again the same day.
            let sup = By { actor: Actor { clerk_id: Some(b.supervisor), ..by.actor.clone() }, ..by };
            letters::void_in(b.tx, &secret, &l, "日期填写有误", &sup)?;
            if (h >> 48).is_multiple_of(2) {
                let again = NewLetter {
                    end: new.end + Days::new(1),
                    replaces: Some(l.id),
                    replace_reason: "日期填写有误".into(),
                    ..new
                };
                let _ = letters::issue_in(b.tx, b.settings, &secret, &again, &by)?;
            }
        } else if age > 2 || (h >> 44).is_multiple_of(3) {
            let how = if (h >> 52).is_multiple_of(4) { "hand" } else { "smtp" };
            rows::mark_sent(b.tx, l.id, Some(clerk), how, at + chrono::Duration::minutes(30))?;
        }
        b.tick(1);
    }
    rows::no_files_for_pending(b.tx)
}

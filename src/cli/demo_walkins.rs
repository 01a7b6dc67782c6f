//! A realistic day at the counter for the demo, made through the same storage calls the
//! counter uses: tickets across matters, windows and channels, in every state.

use crate::config::Settings;
use crate::db::visits::{self, By, NewVisit, StepDetail};
use crate::db::workers::{self, Known};
use crate::db::{self, DbError};
use crate::domain::walkin::{Channel, Outcome, Step};
use crate::domain::{IdNumber, dates};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::Connection;

const SURNAMES: &[&str] =
    &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "胡", "朱", "高", "欧阳"];
const GIVEN: &[&str] = &[
    "建国", "秀英", "伟", "芳", "海燕", "志强", "丽娟", "国庆", "晓明", "桂兰", "建华", "红梅", "立新",
    "春花",
];
const UNITS: &[&str] = super::demo_people::UNITS.split_at(7).0;

/// A small deterministic generator, so `--seed` gives the same day every time.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

/// A made-up worker: valid ID, Chinese name, mobile, unit. `None` only for an impossible date.
pub fn person(rng: &mut Rng, today: NaiveDate, n: u64) -> Option<(IdNumber, String, String, String)> {
    let age = 22 + rng.below(55) as i32;
    let birth =
        NaiveDate::from_ymd_opt(today.year() - age, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)?;
    let region = *rng.pick(&["330281", "330282", "330203", "330211"]);
    let id = IdNumber::synthesize(region, birth, (n * 7 + rng.below(100)) as u16)?;
    let name = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
    let phone = format!("13{}{:08}", 5 + rng.below(5), rng.below(100_000_000));
    Some((id, name, phone, rng.pick(UNITS).to_string()))
}

use chrono::Datelike;

/// How a demo visit's day goes.
#[derive(Clone, Copy)]
enum Plan {
    Done,
    Papers,
    Referred,
    NoShow,
    Cancelled,
    Call(Channel),
    Waiting,
    Called,
    Serving,
}

pub fn seed_day(
    conn: &mut Connection,
    settings: &Settings,
    clerk_id: i64,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<usize, DbError> {
    let mut rng = Rng::new(seed);
    let tz = settings.tz;
    let today = dates::local_day(now, tz);
    use Plan::*;
    let mut plans = vec![];
    plans.extend([Done; 14]);
    plans.extend([Papers; 5]);
    plans.extend([Referred; 3]);
    plans.extend([NoShow; 3]);
    plans.extend([Cancelled; 2]);
    plans.extend([Call(Channel::Phone), Call(Channel::Phone), Call(Channel::Online)]);
    plans.extend([Waiting; 6]);
    plans.extend([Called, Serving, Serving]);
    let matters = &settings.config.matters;
    let n = plans.len();
    // The hours before now, nine minutes apart: the open tickets come last, closest to now.
    for (i, plan) in plans.into_iter().enumerate() {
        let m = if i % 3 == 0 { &matters[0] } else { rng.pick(matters) };
        let window = settings
            .config
            .windows
            .iter()
            .find(|w| w.can_call && w.matters.iter().any(|x| x == &m.code))
            .map(|w| w.code.clone())
            .unwrap_or_else(|| "w4".into());
        let arrived = now - Duration::minutes(9 * (n - i) as i64);
        let Some((id, name, phone, unit)) = person(&mut rng, today, i as u64) else { continue };
        let elderly = id.age_on(today) >= settings.config.queue.elderly_age || i % 9 == 4;
        let at = |mins: i64| arrived + Duration::minutes(mins);
        let by = |mins: i64, window: &str| By {
            clerk_id: Some(clerk_id),
            window: Some(window.to_string()),
            at: at(mins),
            day: dates::local_day(arrived, tz).to_string(),
        };
        let channel = if let Call(c) = plan { c } else { Channel::WalkIn };
        let max = settings.config.queue.max_missed_calls;
        db::write(conn, |tx| {
            let worker_id = workers::upsert(
                tx,
                &id,
                &Known { name: &name, phone: &phone, work_unit: &unit, email: "" },
                arrived,
            )?;
            let v = NewVisit {
                matter: m.code.clone(),
                letter: m.letter.clone(),
                channel: Some(channel),
                worker_id: Some(worker_id),
                name: name.clone(),
                phone: phone.clone(),
                work_unit: unit.clone(),
                note: String::new(),
                priority: elderly.then(|| "elderly".to_string()),
            };
            let issued = visits::issue(tx, &v, &by(0, "desk"))?;
            let steps: Vec<(Step, i64, StepDetail)> = match plan {
                Done => vec![call(9), begin(11), finish(Outcome::DoneFirstVisit, 22, vec![])],
                Papers => vec![
                    call(12),
                    begin(13),
                    finish(Outcome::NeedsPapers, 20, m.checklist.iter().take(2).cloned().collect()),
                ],
                Referred => vec![call(6), begin(7), refer(18, &today)],
                NoShow => vec![
                    call(8),
                    (Step::Recall, 10, sd()),
                    (Step::Recall, 12, sd()),
                    (Step::Recall, 14, sd()),
                ],
                Cancelled => vec![(Step::Cancel, 5, sd())],
                Called => vec![call(15)],
                Serving => vec![call(10), begin(12)],
                Waiting | Call(_) => vec![],
            };
            let w = if matches!(plan, Serving) && i + 1 == n { "w4".to_string() } else { window.clone() };
            for (step, mins, detail) in steps {
                visits::step(tx, issued.visit_id, step, &by(mins, &w), max, &detail).map_err(
                    |e| match e {
                        visits::VisitError::Db(d) => d,
                        other => DbError::Io {
                            path: Default::default(),
                            source: std::io::Error::other(other.to_string()),
                        },
                    },
                )?;
            }
            Ok::<_, DbError>(())
        })?;
    }
    Ok(n)
}

fn sd() -> StepDetail {
    StepDetail::default()
}

fn call(m: i64) -> (Step, i64, StepDetail) {
    (Step::Call, m, sd())
}

fn begin(m: i64) -> (Step, i64, StepDetail) {
    (Step::Begin, m, sd())
}

fn finish(o: Outcome, m: i64, papers: Vec<String>) -> (Step, i64, StepDetail) {
    (Step::Finish(o), m, StepDetail { papers, ..sd() })
}

fn refer(m: i64, today: &NaiveDate) -> (Step, i64, StepDetail) {
    let r = (
        "civil_affairs".to_string(),
        "民政局 张科长 0574-62700001".to_string(),
        today.to_string(),
        String::new(),
    );
    (Step::Finish(Outcome::Referred), m, StepDetail { referral: Some(r), ..sd() })
}

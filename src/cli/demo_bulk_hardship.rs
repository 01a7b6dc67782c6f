//! The large demo's hardship files: a city's worth over five years (most exited, the rest
//! filed, some lapsed, a few applied), one household each, played through the same
//! `demo_hardship_life::Player` as the small demo inside the build's transaction.

use super::demo_hardship::{Fate, REJECT_REASON, RETURN_REASON, filed_steps};
use super::demo_hardship_life::{Life, Member, Player, Step};
use super::demo_large::Bulk;
use super::demo_people::{mix, person};
use crate::db::DbError;
use crate::db::demo_hardship::HardshipRows;
use crate::domain::hardship::{Cause, ExitReason, Health, Relation, Verdict, Work};
use chrono::{Datelike, Days, NaiveDate};

const SPOUSES: &[&str] = &["秀英", "桂兰", "丽娟", "海燕", "红梅", "春花", "美华", "建国", "志强", "立新"];
const KIDS: &[&str] = &["子涵", "一诺", "浩然", "欣怡", "宇轩", "梓萱", "俊杰", "雨桐", "明轩", "诗涵"];
const ELDERS: &[&str] = &["桂英", "秀珍", "阿大", "根发", "金娣", "长根"];
const CAUSES: &[&[Cause]] = &[
    &[Cause::Illness],
    &[Cause::Illness, Cause::Study],
    &[Cause::Disability],
    &[Cause::Study],
    &[Cause::Unemployment],
    &[Cause::Unemployment, Cause::Study],
    &[Cause::Accident],
    &[Cause::Disaster],
    &[Cause::Other],
];

/// Why a household left without a review, and what the clerk noted.
const DIRECT: &[(ExitReason, &str)] = &[
    (ExitReason::Died, "户主因病去世，家属办理退档"),
    (ExitReason::Moved, "全家迁居外地，工会关系已转出"),
    (ExitReason::OwnRequest, "本人收入稳定，主动申请退出"),
    (ExitReason::Other, "单位破产重组后转入新单位工会，由新单位建档"),
];
const AT_REVIEW: &[ExitReason] = &[ExitReason::Income, ExitReason::Employed, ExitReason::Recovered];

/// The household of file `i`: the worker and one to four more, incomes in fen; `rich` for an
/// application that will be refused.
fn household(seed: u64, i: u64, worker: u64, today: NaiveDate, rich: bool) -> Option<Vec<Member>> {
    let p = person(seed, worker)?;
    let h = mix(seed ^ 0x4A5D ^ mix(i));
    let at = |shift: u32, n: u64| (h >> shift) % n;
    let surname: String = p.name.chars().take(1).collect();
    let worker_age = p.id.age_on(today);
    let severe = at(4, 4) == 0;
    let (health, work) = match at(6, 5) {
        0 if severe => (Health::Grave, Work::Unable),
        1 => (Health::Chronic, Work::Employed),
        2 => (Health::Disabled, Work::Employed),
        3 => (Health::Healthy, Work::Unemployed),
        _ => (Health::Healthy, Work::Employed),
    };
    let own = match work {
        Work::Employed => 1_800 + at(9, 2_000) as i64,
        Work::Unemployed => at(9, 2) as i64 * 900,
        _ => 0,
    };
    let grade = |g: u64| Some(1 + g as u8 % 4);
    let mut ms = vec![Member {
        name: p.name.clone(),
        relation: Relation::Self_,
        id_number: Some(p.id.as_str().to_string()),
        health,
        grade: (health == Health::Disabled).then(|| grade(at(13, 4))).flatten(),
        work,
        income_fen: own * 100,
    }];
    let mut k = 0u64;
    let mut add = |ms: &mut Vec<Member>,
                   name: String,
                   relation: Relation,
                   age: u32,
                   health,
                   work,
                   yuan: i64,
                   id: bool| {
        k += 1;
        let age = super::demo_hardship::fit_age(relation, age, worker_age);
        let id_number = id.then(|| super::demo_hardship::member_id(today, age, (i * 7 + k) % 997)).flatten();
        let grade = (health == Health::Disabled).then(|| grade(at(15, 4) + k)).flatten();
        ms.push(Member { name, relation, id_number, health, grade, work, income_fen: yuan * 100 });
    };
    if at(16, 10) < 8 {
        let (h2, w2, y) = match at(18, 6) {
            0 => (Health::Grave, Work::Unable, 0),
            1 => (Health::Chronic, Work::Unemployed, 0),
            _ => (Health::Healthy, Work::Employed, 1_500 + at(20, 1_500) as i64),
        };
        let name = format!(
            "{}{}",
            super::demo_people::surname(h >> 22),
            SPOUSES[at(26, SPOUSES.len() as u64) as usize]
        );
        add(&mut ms, name, Relation::Spouse, 40, h2, w2, y, true);
    }
    for c in 0..at(30, 3) {
        let age = 3 + at(32 + c as u32 * 3, 16) as u32;
        let health = if at(40 + c as u32, 12) == 0 { Health::Disabled } else { Health::Healthy };
        let name = format!("{surname}{}", KIDS[at(44 + c as u32 * 2, KIDS.len() as u64) as usize]);
        add(&mut ms, name, Relation::Child, age, health, Work::Student, 0, age >= 16 || at(50, 3) == 0);
    }
    if ms.len() < 2 || at(52, 4) == 0 {
        let health = if at(54, 3) == 0 { Health::Chronic } else { Health::Healthy };
        let name = format!("{surname}{}", ELDERS[at(56, ELDERS.len() as u64) as usize]);
        add(&mut ms, name, Relation::Parent, 78, health, Work::Retired, 900 + at(58, 900) as i64, true);
    }
    ms.truncate(5);
    if rich {
        ms[0].income_fen = 520_000 + at(60, 2_000) as i64 * 100;
        ms[0].work = Work::Employed;
        ms[0].health = Health::Healthy;
        ms[0].grade = None;
    } else {
        // A household that is filed lives below one and a half lines (about 1,700 yuan a head).
        let cap = ms.len() as i64 * 165_000;
        let sum: i64 = ms.iter().map(|m| m.income_fen).sum();
        if sum > cap {
            for m in &mut ms {
                m.income_fen = m.income_fen * cap / sum / 100 * 100;
            }
        }
    }
    Some(ms)
}

/// `n` files over the build's span, each worker at most one.
pub fn files(b: &Bulk, n: u64, workers: u64) -> Result<(), DbError> {
    let rules = &b.settings.config.hardship;
    let mut p = Player {
        rows: HardshipRows::new(b.tx)?,
        rules,
        tz: b.tz,
        clerk: b.clerks[0],
        supervisor: b.supervisor,
    };
    let span = (b.today - b.first_day).num_days().max(1) as u64;
    let stride = (workers / n.max(1)).max(1);
    let mut seq_of_year = (0i32, 0u32);
    for i in 0..n {
        let h = mix(b.seed ^ 0x4A5D_F11E ^ mix(i));
        let a = b.first_day + Days::new(i * span / n);
        let age = (b.today - a).num_days().max(0) as u64;
        let worker = (i * stride + (h >> 8) % stride) % workers.max(1);
        let r = h % 100;
        let rejected = r < 5 && age > 20;
        let Some(members) = household(b.seed, i, worker, b.today, rejected) else { continue };
        if a.year() != seq_of_year.0 {
            if seq_of_year.1 > 0 {
                b.set_counter("hardship", seq_of_year.0, seq_of_year.1)?;
            }
            seq_of_year = (a.year(), 0);
        }
        seq_of_year.1 += 1;
        let file_no = crate::domain::claim::claim_number(
            &rules.number_format,
            a.year(),
            seq_of_year.1,
            rules.seq_width,
        );
        let causes = CAUSES[((h >> 20) % CAUSES.len() as u64) as usize].to_vec();
        let clerk = b.clerks[((h >> 28) as usize) % b.clerks.len()];
        let partner = b.clerks[((h >> 28) as usize + 1) % b.clerks.len()];
        p.clerk = clerk;
        let fate = match (age, (h >> 32) % 100) {
            _ if rejected => None,
            (0..=24, x) if x < 50 => None,
            (0..=400, x) if x < 8 => Some(Fate::ExitAfter(
                20 + (h >> 40) % (age.max(60) - 40),
                DIRECT[(x % 4) as usize].0,
                DIRECT[(x % 4) as usize].1,
            )),
            (0..=374, _) => Some(Fate::Current),
            (0..=400, x) if x < 15 => Some(Fate::Lapsed),
            (0..=400, _) => Some(Fate::Current),
            (_, x) if x < 6 => Some(Fate::Lapsed),
            (_, x) if x < 16 => Some(Fate::Current),
            (_, x) if x < 58 => {
                let reviews = (age / 365).max(1) as u32;
                let k = 1 + ((h >> 40) % reviews as u64) as u32;
                Some(Fate::ExitAtReview(k, AT_REVIEW[(x % 3) as usize]))
            }
            (_, x) => {
                let (why, note) = DIRECT[(x % 4) as usize];
                Some(Fate::ExitAfter(30 + (h >> 40) % (age - 40), why, note))
            }
        };
        let steps = match fate {
            Some(fate) => {
                let review = |k: u32| -> Vec<Member> {
                    let mut ms = members.clone();
                    let leaving = matches!(fate, Fate::ExitAtReview(at, _) if at == k);
                    if let (true, Some(s)) = (leaving, ms.first_mut()) {
                        (s.health, s.grade, s.work, s.income_fen) =
                            (Health::Healthy, None, Work::Employed, s.income_fen + 420_000);
                    } else {
                        for m in &mut ms {
                            m.income_fen += m.income_fen * k as i64 / 100 / 100 * 100;
                        }
                    }
                    ms
                };
                let visit = |k: u64| super::demo_hardship_text::visit(&causes, h >> 3, k);
                filed_steps(a, b.today, fate, rules.valid_months, &[clerk, partner], &review, &visit)
            }
            None if rejected => vec![
                Step::Verify { day: a + Days::new(3), result: Verdict::Ineligible },
                Step::Reject { day: a + Days::new(8), reason: REJECT_REASON },
            ],
            None => {
                let mut s =
                    vec![Step::Verify { day: (a + Days::new(2)).min(b.today), result: Verdict::Eligible }];
                if (h >> 44).is_multiple_of(4) {
                    s.push(Step::Return { day: (a + Days::new(4)).min(b.today), reason: RETURN_REASON });
                }
                s
            }
        };
        p.play(&Life {
            worker_id: worker as i64 + 1,
            file_no,
            applied_on: a,
            causes,
            members,
            chosen: None,
            steps,
        })?;
        b.tick(1);
    }
    if seq_of_year.1 > 0 {
        b.set_counter("hardship", seq_of_year.0, seq_of_year.1)?;
    }
    Ok(())
}

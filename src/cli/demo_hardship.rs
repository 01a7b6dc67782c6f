//! The small demo's hardship files: about twenty households in every state, written straight
//! into the tables as the counter would have left them (`demo_hardship_life`). The files of the
//! demo's hardship claims agree with them: the 助医 claimant's file is current, the 助困
//! claimant's, refused as lapsed, has lapsed.

use super::demo_hardship_life::{Life, Member, Player, Step, VisitText, valid_until};
use crate::config::Settings;
use crate::db::demo_hardship::HardshipRows;
use crate::db::{self, DbError};
use crate::domain::IdNumber;
use crate::domain::hardship::{Category, Cause, ExitReason, Health, Outcome, Relation, Verdict, Work};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use rusqlite::Connection;

/// How a filed file goes on after its approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Reviewed whenever due; current today.
    Current,
    /// Its last review entered and waiting for a supervisor.
    ReviewWaiting,
    /// Not reviewed when its year ran out (within the last year).
    Lapsed,
    /// Exits at its n-th review (1 = the first).
    ExitAtReview(u32, ExitReason),
    /// Exits directly this many days after approval.
    ExitAfter(u64, ExitReason, &'static str),
}

/// What the clerks had to say when they returned or rejected an application.
pub const RETURN_REASON: &str = "配偶收入证明缺单位盖章，请补正后再交";
pub const REJECT_REASON: &str = "核对结果家庭人均月收入高于低保标准1.5倍，且无意外致困情形，不符合建档条件";

/// A filed file's steps from its application on `a`: verified, approved, then reviews,
/// visits and its end as `fate` says, nothing after `today`. `review` gives the household at
/// the n-th review (1 = first). `visit` picks the words of the n-th visit.
pub fn filed_steps(
    a: NaiveDate,
    today: NaiveDate,
    fate: Fate,
    months: u32,
    clerks: &[i64],
    review: &dyn Fn(u32) -> Vec<Member>,
    visit: &dyn Fn(u64) -> VisitText,
) -> Vec<Step> {
    let mut steps = vec![Step::Verify { day: (a + Days::new(3)).min(today), result: Verdict::Eligible }];
    let approved = (a + Days::new(9)).min(today);
    steps.push(Step::Approve { day: approved });
    let mut valid = valid_until(approved, months);
    let mut end = today;
    let mut quiet: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    if let Fate::ExitAfter(days, reason, note) = fate {
        let day = (approved + Days::new(days)).min(today);
        steps.push(Step::Exit { day, reason, note });
        end = day;
    }
    let mut n = 1;
    loop {
        let r = valid - Days::new(20);
        if r + Days::new(6) > end {
            break;
        }
        if fate == Fate::Lapsed && valid < today && valid_until(valid + Days::new(1), months) >= today {
            break;
        }
        if fate == Fate::ReviewWaiting && valid >= today {
            let members = review(n);
            steps.push(Step::Review {
                day: r,
                members,
                outcome: Outcome::Continue,
                exit_reason: None,
                approve: None,
            });
            break;
        }
        let on = (r + Days::new(6)).min(today);
        quiet.push((r, on));
        if let Fate::ExitAtReview(k, reason) = fate
            && k == n
        {
            let members = review(n);
            steps.push(Step::Review {
                day: r,
                members,
                outcome: Outcome::Exit,
                exit_reason: Some(reason),
                approve: Some(on),
            });
            end = on;
            break;
        }
        steps.push(Step::Review {
            day: r,
            members: review(n),
            outcome: Outcome::Continue,
            exit_reason: None,
            approve: Some(on),
        });
        valid = valid_until(on, months);
        n += 1;
    }
    // About two visits a year while the household is in file, none around a review.
    let mut day = approved + Days::new(35);
    let mut k = 0u64;
    while day < end {
        if !quiet.iter().any(|(r, on)| day >= *r && day <= *on + Days::new(1)) {
            let who = if k % 3 == 1 { clerks.to_vec() } else { clerks[..1].to_vec() };
            steps.push(Step::Visit { day, clerks: who, text: visit(k) });
        }
        k += 1;
        day = day + Days::new(170 + (k * 13) % 30);
    }
    steps.sort_by_key(|s| match s {
        Step::Verify { day, .. }
        | Step::Return { day, .. }
        | Step::Approve { day }
        | Step::Reject { day, .. }
        | Step::Review { day, .. }
        | Step::Exit { day, .. }
        | Step::Visit { day, .. } => *day,
    });
    steps
}

/// One member of a plan: (name, or given name after the worker's surname when it starts with
/// '·'), relation, age, health, disability grade, work, monthly income in yuan, ID recorded.
type M = (&'static str, Relation, u32, Health, Option<u8>, Work, i64, bool);

/// An application's shape in the small demo.
#[derive(Debug, Clone, Copy)]
enum Shape {
    Waiting,
    Returned,
    Rejected,
    Filed(Fate),
}

struct Plan {
    worker: usize,
    days_ago: u64,
    shape: Shape,
    causes: &'static [Cause],
    chosen: Option<(Category, &'static str)>,
    members: &'static [M],
}

use Health::{Chronic, Disabled, Grave, Healthy};
use Relation::{Child, Parent, Self_, Spouse};
use Work::{Employed, Retired, Student, Unable, Unemployed};

const PLANS: &[Plan] = &[
    // The 助医 claimant: filed, current, reviewed once.
    Plan {
        worker: 2,
        days_ago: 420,
        shape: Shape::Filed(Fate::Current),
        causes: &[Cause::Illness],
        chosen: None,
        members: &[
            ("", Self_, 46, Chronic, None, Employed, 2_300, true),
            ("陈美芳", Spouse, 44, Grave, None, Unable, 0, true),
            ("·子涵", Child, 15, Healthy, None, Student, 0, false),
        ],
    },
    // The 助困 claimant: its year ran out before the claim; nobody reviewed it.
    Plan {
        worker: 4,
        days_ago: 440,
        shape: Shape::Filed(Fate::Lapsed),
        causes: &[Cause::Unemployment, Cause::Study],
        chosen: None,
        members: &[
            ("", Self_, 51, Healthy, None, Unemployed, 1_200, true),
            ("吴秀珍", Spouse, 49, Chronic, None, Employed, 2_600, true),
            ("·佳怡", Child, 17, Healthy, None, Student, 0, true),
        ],
    },
    Plan {
        worker: 8,
        days_ago: 6,
        shape: Shape::Waiting,
        causes: &[Cause::Illness],
        chosen: None,
        members: &[
            ("", Self_, 38, Grave, None, Unable, 0, true),
            ("何丽娟", Spouse, 37, Healthy, None, Employed, 3_100, true),
            ("·一诺", Child, 8, Healthy, None, Student, 0, false),
            ("·宇", Child, 4, Healthy, None, Student, 0, false),
        ],
    },
    Plan {
        worker: 9,
        days_ago: 12,
        shape: Shape::Returned,
        causes: &[Cause::Disability],
        chosen: None,
        members: &[
            ("", Self_, 43, Healthy, None, Employed, 2_900, true),
            ("马晓燕", Spouse, 41, Healthy, None, Employed, 1_800, true),
            ("·浩然", Child, 12, Disabled, Some(2), Student, 0, false),
        ],
    },
    Plan {
        worker: 10,
        days_ago: 20,
        shape: Shape::Waiting,
        causes: &[Cause::Accident],
        chosen: None,
        members: &[
            ("", Self_, 35, Disabled, Some(4), Unemployed, 0, true),
            ("林春花", Spouse, 33, Healthy, None, Employed, 4_200, true),
        ],
    },
    Plan {
        worker: 11,
        days_ago: 30,
        shape: Shape::Filed(Fate::Current),
        causes: &[Cause::Illness, Cause::Study],
        chosen: None,
        members: &[
            ("", Self_, 48, Healthy, None, Employed, 3_000, true),
            ("赵桂兰", Spouse, 47, Grave, None, Unable, 0, true),
            ("·晓明", Child, 19, Healthy, None, Student, 0, true),
            ("·芳", Child, 16, Healthy, None, Student, 0, true),
            ("·国庆", Parent, 76, Chronic, None, Retired, 1_350, true),
        ],
    },
    Plan {
        worker: 12,
        days_ago: 90,
        shape: Shape::Filed(Fate::Current),
        causes: &[Cause::Unemployment],
        chosen: None,
        members: &[
            ("", Self_, 52, Chronic, None, Unemployed, 800, true),
            ("孙红梅", Spouse, 50, Healthy, None, Employed, 2_400, true),
        ],
    },
    Plan {
        worker: 13,
        days_ago: 200,
        shape: Shape::Filed(Fate::Current),
        causes: &[Cause::Illness],
        chosen: Some((Category::Relative, "妻子下月起停薪陪护，收入证明所载高于实际")),
        members: &[
            ("", Self_, 40, Healthy, None, Employed, 4_600, true),
            ("郭丽", Spouse, 39, Healthy, None, Employed, 2_000, true),
            ("·欣", Child, 10, Healthy, None, Student, 0, false),
        ],
    },
    Plan {
        worker: 14,
        days_ago: 760,
        shape: Shape::Filed(Fate::Current),
        causes: &[Cause::Disability],
        chosen: None,
        members: &[
            ("", Self_, 55, Disabled, Some(3), Employed, 2_100, true),
            ("高秀英", Spouse, 54, Chronic, None, Retired, 1_900, true),
            ("·立新", Parent, 81, Grave, None, Unable, 900, true),
        ],
    },
    Plan {
        worker: 15,
        days_ago: 372,
        shape: Shape::Filed(Fate::ReviewWaiting),
        causes: &[Cause::Illness],
        chosen: None,
        members: &[
            ("", Self_, 57, Grave, None, Unable, 0, true),
            ("梁建华", Spouse, 58, Healthy, None, Retired, 2_800, true),
        ],
    },
    Plan {
        worker: 16,
        days_ago: 400,
        shape: Shape::Filed(Fate::Lapsed),
        causes: &[Cause::Other],
        chosen: None,
        members: &[
            ("", Self_, 42, Healthy, None, Employed, 2_700, true),
            ("·婷", Child, 13, Healthy, None, Student, 0, false),
            ("·杰", Child, 9, Healthy, None, Student, 0, false),
        ],
    },
    Plan {
        worker: 17,
        days_ago: 810,
        shape: Shape::Filed(Fate::Lapsed),
        causes: &[Cause::Illness],
        chosen: None,
        members: &[
            ("", Self_, 60, Chronic, None, Employed, 2_200, true),
            ("·桂英", Parent, 84, Disabled, Some(1), Unable, 1_100, true),
        ],
    },
    Plan {
        worker: 18,
        days_ago: 900,
        shape: Shape::Filed(Fate::ExitAtReview(2, ExitReason::Income)),
        causes: &[Cause::Unemployment, Cause::Study],
        chosen: None,
        members: &[
            ("", Self_, 45, Healthy, None, Unemployed, 900, true),
            ("曹秀兰", Spouse, 44, Healthy, None, Employed, 2_600, true),
            ("·文", Child, 18, Healthy, None, Student, 0, true),
        ],
    },
    Plan {
        worker: 19,
        days_ago: 700,
        shape: Shape::Filed(Fate::ExitAfter(300, ExitReason::Died, "户主因病去世，家属到窗口办理退档")),
        causes: &[Cause::Illness],
        chosen: None,
        members: &[
            ("", Self_, 62, Grave, None, Unable, 0, true),
            ("沈美华", Spouse, 60, Chronic, None, Retired, 2_300, true),
        ],
    },
    Plan {
        worker: 20,
        days_ago: 520,
        shape: Shape::Filed(Fate::ExitAfter(150, ExitReason::Moved, "全家迁回安徽老家，工会关系已转出")),
        causes: &[Cause::Other],
        chosen: None,
        members: &[
            ("", Self_, 36, Healthy, None, Employed, 2_500, true),
            ("蒋慧", Spouse, 34, Healthy, None, Unemployed, 0, true),
            ("·萍", Child, 6, Healthy, None, Student, 0, false),
            ("·飞", Child, 3, Healthy, None, Student, 0, false),
        ],
    },
    Plan {
        worker: 21,
        days_ago: 1_000,
        shape: Shape::Filed(Fate::ExitAtReview(1, ExitReason::Recovered)),
        causes: &[Cause::Illness],
        chosen: None,
        members: &[
            ("", Self_, 39, Grave, None, Unable, 0, true),
            ("叶娜", Spouse, 38, Healthy, None, Employed, 3_400, true),
            ("·琪", Child, 11, Healthy, None, Student, 0, false),
        ],
    },
    Plan {
        worker: 22,
        days_ago: 60,
        shape: Shape::Rejected,
        causes: &[Cause::Other],
        chosen: None,
        members: &[
            ("", Self_, 44, Healthy, None, Employed, 5_200, true),
            ("金秀", Spouse, 43, Healthy, None, Employed, 3_800, true),
        ],
    },
    Plan {
        worker: 23,
        days_ago: 150,
        shape: Shape::Rejected,
        causes: &[Cause::Study],
        chosen: None,
        members: &[
            ("", Self_, 50, Healthy, None, Employed, 4_800, true),
            ("唐梅", Spouse, 48, Healthy, None, Employed, 3_900, true),
            ("·斌", Child, 20, Healthy, None, Student, 0, true),
        ],
    },
    Plan {
        worker: 24,
        days_ago: 250,
        shape: Shape::Filed(Fate::Current),
        causes: &[Cause::Disaster],
        chosen: None,
        members: &[
            ("", Self_, 47, Healthy, None, Employed, 3_200, true),
            ("许敏", Spouse, 46, Chronic, None, Employed, 2_100, true),
            ("·磊", Child, 14, Healthy, None, Student, 0, false),
        ],
    },
    Plan {
        worker: 25,
        days_ago: 40,
        shape: Shape::Filed(Fate::ExitAfter(25, ExitReason::OwnRequest, "本人新工作稳定，主动申请退出")),
        causes: &[Cause::Unemployment],
        chosen: None,
        members: &[
            ("", Self_, 29, Healthy, None, Unemployed, 0, true),
            ("·建", Parent, 58, Chronic, None, Retired, 1_600, true),
        ],
    },
];

/// A member's age fitted to the worker's: a spouse near it, children born after the worker
/// was twenty, parents at least twenty-five years older.
pub fn fit_age(relation: Relation, age: u32, worker_age: u32) -> u32 {
    match relation {
        Relation::Spouse => worker_age.saturating_sub(2).max(20),
        Relation::Child => age.min(worker_age.saturating_sub(20)).max(1),
        Relation::Parent => age.max(worker_age + 25),
        _ => age,
    }
}

/// A household member's made-up ID: born `age` years before `today`, in 余姚.
pub fn member_id(today: NaiveDate, age: u32, seq: u64) -> Option<String> {
    let birth =
        NaiveDate::from_ymd_opt(today.year() - age as i32, 1 + (seq % 12) as u32, 1 + (seq % 27) as u32)?;
    IdNumber::synthesize("330281", birth, (seq % 1000) as u16).map(|i| i.as_str().to_string())
}

fn household(plan: &Plan, k: usize, name: &str, id: &str, today: NaiveDate, raise: i64) -> Vec<Member> {
    let surname: String = name.chars().take(1).collect();
    let worker_age = IdNumber::from_stored(id).map_or(40, |i| i.age_on(today));
    plan.members
        .iter()
        .enumerate()
        .map(|(j, &(n, relation, age, health, grade, work, yuan, has_id))| {
            let name = match (relation, n.strip_prefix('·')) {
                (Relation::Self_, _) => name.to_string(),
                (_, Some(given)) => format!("{surname}{given}"),
                _ => n.to_string(),
            };
            let id_number = match relation {
                Relation::Self_ => Some(id.to_string()),
                _ if has_id => {
                    member_id(today, fit_age(relation, age, worker_age), (k * 10 + j) as u64 * 37 + 101)
                }
                _ => None,
            };
            let income_fen = if yuan > 0 { (yuan + raise) * 100 } else { 0 };
            Member { name, relation, id_number, health, grade, work, income_fen }
        })
        .collect()
}

/// Writes the small demo's files; returns how many.
pub fn seed(
    conn: &mut Connection,
    settings: &Settings,
    clerk: i64,
    supervisor: i64,
    now: DateTime<Utc>,
) -> Result<usize, DbError> {
    let today = crate::domain::dates::local_day(now, settings.tz);
    let rules = &settings.config.hardship;
    let workers = crate::db::demo_hardship::workers(conn, 32)?;
    db::write(conn, |tx| {
        let mut p = Player { rows: HardshipRows::new(tx)?, rules, tz: settings.tz, clerk, supervisor };
        // Numbered per year in the order the applications came in.
        let mut seqs: std::collections::BTreeMap<i32, u32> = Default::default();
        let mut order: Vec<usize> = (0..PLANS.len()).collect();
        order.sort_by_key(|k| std::cmp::Reverse(PLANS[*k].days_ago));
        let mut numbers = vec![String::new(); PLANS.len()];
        for k in order {
            let a = today - Days::new(PLANS[k].days_ago);
            let seq = seqs.entry(a.year()).or_default();
            *seq += 1;
            numbers[k] =
                crate::domain::claim::claim_number(&rules.number_format, a.year(), *seq, rules.seq_width);
        }
        let mut made = 0;
        for (k, plan) in PLANS.iter().enumerate() {
            let Some((worker_id, name, id)) = workers.get(plan.worker) else { continue };
            let a = today - Days::new(plan.days_ago);
            let file_no = std::mem::take(&mut numbers[k]);
            let members = household(plan, k, name, id, today, 0);
            let clerks = [clerk, supervisor];
            let causes = plan.causes;
            let steps = match plan.shape {
                Shape::Waiting => vec![Step::Verify { day: a + Days::new(2), result: Verdict::Eligible }],
                Shape::Returned => vec![
                    Step::Verify { day: a + Days::new(2), result: Verdict::Eligible },
                    Step::Return { day: a + Days::new(4), reason: RETURN_REASON },
                ],
                Shape::Rejected => vec![
                    Step::Verify { day: a + Days::new(3), result: Verdict::Ineligible },
                    Step::Reject { day: a + Days::new(8), reason: REJECT_REASON },
                ],
                Shape::Filed(fate) => {
                    let review = |n: u32| -> Vec<Member> {
                        match fate {
                            // The household's income rose past the line: the review exits it.
                            Fate::ExitAtReview(at, ExitReason::Income) if at == n => {
                                household(plan, k, name, id, today, 2_600)
                            }
                            Fate::ExitAtReview(at, _) if at == n => {
                                let mut m = household(plan, k, name, id, today, 0);
                                if let Some(s) = m.first_mut() {
                                    (s.health, s.work, s.income_fen) =
                                        (Health::Healthy, Work::Employed, 360_000);
                                }
                                m
                            }
                            _ => household(plan, k, name, id, today, 30 * n as i64),
                        }
                    };
                    let visit = |n: u64| super::demo_hardship_text::visit(causes, k as u64, n);
                    filed_steps(a, today, fate, rules.valid_months, &clerks, &review, &visit)
                }
            };
            // One application waiting has already had a home visit.
            let mut steps = steps;
            if matches!(plan.shape, Shape::Waiting) && plan.days_ago > 10 {
                let text = super::demo_hardship_text::for_causes(causes, 0);
                steps.push(Step::Visit { day: a + Days::new(5), clerks: vec![clerk], text });
            }
            let life = Life {
                worker_id: *worker_id,
                file_no,
                applied_on: a,
                causes: causes.to_vec(),
                members,
                chosen: plan.chosen.map(|(c, r)| (c, r.to_string())),
                steps,
            };
            p.play(&life)?;
            made += 1;
        }
        for (year, last) in seqs {
            crate::db::demo_rows::set_counter(tx, "hardship", year, last)?;
        }
        Ok(made)
    })
}

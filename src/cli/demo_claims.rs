//! The demo's claims: the demo walk-ins' workers with claims in every state, made through the
//! counter's own intake and step calls on back-dated days (so some are late).

use crate::config::Settings;
use crate::db::claim_ops::{self, By, NewClaim, StepInput};
use crate::db::{self, DbError, workers};
use crate::domain::claim::{Actor, ClaimStep};
use crate::domain::money::Fen;
use crate::domain::{Role, dates};
use chrono::{DateTime, Datelike, Duration, Utc};
use rusqlite::Connection;

/// One demo claim: worker (by order), kind, days ago filed, amount in yuan, papers missing at
/// intake, then the steps, each with how many days after filing it happened.
struct Plan {
    worker: usize,
    kind: &'static str,
    filed_days_ago: i64,
    yuan: i64,
    missing: &'static [&'static str],
    steps: &'static [(i64, Step)],
}

#[derive(Clone, Copy)]
enum Step {
    Complete,
    Review,
    Approve(i64),
    Reject(&'static str),
    Pay,
}

const PLANS: &[Plan] = &[
    Plan {
        worker: 0,
        kind: "inpatient",
        filed_days_ago: 40,
        yuan: 12_340,
        missing: &[],
        steps: &[(2, Step::Review), (7, Step::Approve(8_000))],
    },
    Plan {
        worker: 0,
        kind: "medical_subsidy",
        filed_days_ago: 12,
        yuan: 3_000,
        missing: &["医疗费用个人承担证明单", "出院小结"],
        steps: &[],
    },
    Plan {
        worker: 0,
        kind: "critical_illness",
        filed_days_ago: 240,
        yuan: 40_000,
        missing: &[],
        steps: &[(2, Step::Review), (9, Step::Approve(30_000))],
    },
    Plan {
        worker: 1,
        kind: "inpatient",
        filed_days_ago: 60,
        yuan: 6_800,
        missing: &[],
        steps: &[(1, Step::Review), (6, Step::Approve(5_200)), (14, Step::Pay)],
    },
    Plan { worker: 2, kind: "medical_help", filed_days_ago: 3, yuan: 2_000, missing: &[], steps: &[] },
    Plan {
        worker: 3,
        kind: "inpatient",
        filed_days_ago: 20,
        yuan: 9_450,
        missing: &["出院小结"],
        steps: &[(6, Step::Complete), (7, Step::Review)],
    },
    Plan {
        worker: 4,
        kind: "hardship_aid",
        filed_days_ago: 30,
        yuan: 5_000,
        missing: &[],
        steps: &[(2, Step::Review), (10, Step::Reject("困难职工档案已过期，请先复核档案"))],
    },
    Plan {
        worker: 5,
        kind: "critical_illness",
        filed_days_ago: 25,
        yuan: 56_000,
        missing: &[],
        steps: &[(3, Step::Review)],
    },
];

/// Makes the demo's claims; returns how many. `registrar` is a clerk, `approver` a supervisor.
pub fn seed(
    conn: &mut Connection,
    settings: &Settings,
    registrar: i64,
    approver: i64,
    now: DateTime<Utc>,
) -> Result<usize, DbError> {
    let tz = settings.tz;
    let ids = workers::first_ids(conn, 8)?;
    let today = dates::local_day(now, tz);
    let second = settings.config.claims.second_approval_fen;
    let c = &settings.config.claims;
    let mut made = 0;
    db::write(conn, |tx| {
        // Their hardship files (one current for 助医, one lapsed) are `demo_hardship`'s.
        for id in &ids {
            workers::set_year(tx, *id, Some(today.year()))?;
        }
        for plan in PLANS {
            let Some(&worker_id) = ids.get(plan.worker) else { continue };
            let filed_at = now - Duration::days(plan.filed_days_ago) - Duration::hours(3);
            let at = |d: i64| filed_at + Duration::days(d) + Duration::minutes(17 * d);
            let by = |d: i64, clerk_id: i64, role: Role| By {
                actor: Actor { clerk_id, role },
                at: at(d),
                today: dates::local_day(at(d), tz),
            };
            let intake = by(0, registrar, Role::Clerk);
            let papers = settings.config.claim_kinds.iter().find(|k| k.code == plan.kind);
            let papers = papers.map(|k| k.papers.clone()).unwrap_or_default();
            let new = NewClaim {
                worker_id,
                kind: plan.kind.into(),
                filed_on: intake.today,
                amount_claimed_fen: plan.yuan * 100,
                missing: plan.missing.iter().map(|m| m.to_string()).filter(|m| papers.contains(m)).collect(),
                consent_version: settings.config.consent.version.clone(),
                note: String::new(),
                event_note: String::new(),
                // A kind that pays a programme is registered with one (the first of its year),
                // so the waiting 助医 claim can still be approved through the fund's checks.
                programme: settings
                    .config
                    .fund
                    .of_year(crate::domain::fund::programme_year(intake.today))
                    .find(|p| p.claim_kind == plan.kind)
                    .map(|p| p.code.clone()),
            };
            let no = claim_ops::next_number(tx, &c.number_format, c.seq_width, intake.today.year())?;
            let claim_id = claim_ops::register(tx, &new, &no, &intake)?;
            made += 1;
            for (d, step) in plan.steps {
                let version = claim_ops::by_id(tx, claim_id)?.map_or(1, |c| c.version);
                let (clerk, role, step, note) = match *step {
                    Step::Complete => {
                        (registrar, Role::Clerk, ClaimStep::Papers { complete: true }, "材料已补齐")
                    }
                    Step::Review => (registrar, Role::Clerk, ClaimStep::Review, ""),
                    Step::Approve(y) => (
                        approver,
                        Role::Supervisor,
                        ClaimStep::Approve { amount: Fen(y * 100), over: None },
                        "",
                    ),
                    Step::Reject(r) => {
                        (approver, Role::Supervisor, ClaimStep::Reject { reason: r.into() }, "")
                    }
                    Step::Pay => {
                        let amount = Fen(claim_ops::by_id(tx, claim_id)?
                            .and_then(|c| c.amount_approved_fen)
                            .unwrap_or(0));
                        (
                            approver,
                            Role::Supervisor,
                            ClaimStep::Pay {
                                on: by(*d, approver, Role::Supervisor).today,
                                amount,
                                over: None,
                            },
                            "",
                        )
                    }
                };
                let auto = crate::rooms::claims::step_note(crate::i18n::Lang::Zh, &step, &[], second);
                let note = [auto.as_str(), note]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("; ");
                let input = StepInput { claim_id, version, step, missing: vec![], note };
                match claim_ops::apply(tx, &input, &settings.config, &by(*d, clerk, role)) {
                    Ok(_) => {}
                    Err(claim_ops::StepRefused::Db(e)) => return Err(e),
                    // A rule refusal leaves the claim where it is (the demo's plan is fixed).
                    Err(_) => {}
                }
            }
        }
        Ok::<_, DbError>(())
    })?;
    Ok(made)
}

//! The demo's aid fund (issue #26): for every programme of the config's years up to the demo's
//! today, a few claims to households whose hardship file is current and of an eligible
//! category, made through the counter's own intake (`register_checked`) and steps
//! (`claim_ops::apply`, so the fund's five checks run and the history is real): entered by a
//! clerk, reviewed, approved by a supervisor, some paid, some only approved, some still waiting.
//! Then one objection, one settled objection and one budget raise with its reason.

use crate::config::{Programme, Settings, Standard};
use crate::db::audit;
use crate::db::claim_ops::{self, By, IntakeRefused, NewClaim, StepInput, StepRefused};
use crate::db::{DbError, clerks, demo_fund, fund, fund_report, hardship, hardship_ops};
use crate::domain::claim::{Actor, ClaimStep};
use crate::domain::fund::FileOnDay;
use crate::domain::money::Fen;
use crate::domain::{Role, dates};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rusqlite::Connection;

/// How a demo fund claim ends up, by its place in the programme's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Paid,
    Approved,
    Waiting,
}

const ENDS: [End; 4] = [End::Paid, End::Approved, End::Paid, End::Waiting];

/// Who does what in the demo's fund.
#[derive(Debug, Clone, Copy)]
pub struct Hands {
    /// The clerk who enters and reviews.
    pub clerk: i64,
    /// The supervisor who approves and pays.
    pub supervisor: i64,
}

/// What was made: the claims, the approved or paid ones among them.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Made {
    pub claims: usize,
    pub payments: usize,
}

/// Makes the fund's claims inside the caller's write transaction: up to `per_programme` per
/// programme (fewer when fewer households qualify; an approval the budget cannot cover is
/// refused by the checks and the claim waits, so the demo never goes over a budget).
pub fn seed(
    tx: &Connection,
    settings: &Settings,
    hands: Hands,
    now: DateTime<Utc>,
    per_programme: usize,
) -> Result<Made, DbError> {
    let today = dates::local_day(now, settings.tz);
    let workers = demo_fund::filed_workers(tx, per_programme.max(1) * 8)?;
    let mut made = Made::default();
    let mut paid = vec![];
    let programmes: Vec<&Programme> =
        settings.config.fund.programmes.iter().filter(|p| p.year <= today.year()).collect();
    for (k, p) in programmes.iter().enumerate() {
        let Some(last) = NaiveDate::from_ymd_opt(p.year, 12, 31) else { continue };
        let Some(first) = NaiveDate::from_ymd_opt(p.year, 1, 1) else { continue };
        let day = today.min(last);
        let mut households = vec![];
        for &w in &workers {
            let file = hardship::current_for_worker(tx, w, day)?;
            if file.and_then(|f| f.category).is_some_and(|c| p.categories.iter().any(|x| x == c.code())) {
                households.push(w);
            }
        }
        let n = households.len();
        for j in 0..per_programme.min(n) {
            let worker_id = households[(j + k) % n];
            let end = ENDS[j % ENDS.len()];
            let filed = (day - Duration::days(3 + (j as i64 * 5) % 12)).max(first);
            let plan = Plan { p, worker_id, filed, day, amount: amount(p, j, settings), end, seq: j as i64 };
            if let Some((claim_id, got)) = plan.make(tx, settings, hands, now)? {
                made.claims += 1;
                if got != End::Waiting {
                    made.payments += 1;
                }
                if got == End::Paid {
                    paid.push((claim_id, plan.at(settings.tz, now, 6)));
                }
            }
        }
    }
    afterwards(tx, settings, hands, now, today, &paid)?;
    Ok(made)
}

/// The amount of the j-th claim: the fixed standard, or a round share of the maximum (at most
/// the second-approval amount: the demo has one supervisor).
fn amount(p: &Programme, j: usize, settings: &Settings) -> Fen {
    let second = settings.config.claims.second_approval_fen;
    let fen = match p.standard {
        Standard::Fixed => p.standard_fen,
        Standard::Max => {
            let share = p.standard_fen * (40 + 15 * (j as i64 % 5)) / 100;
            (share / 10_000 * 10_000).max(10_000).min(p.standard_fen)
        }
    };
    Fen(if p.standard == Standard::Max { fen.min(second) } else { fen })
}

struct Plan<'a> {
    p: &'a Programme,
    worker_id: i64,
    filed: NaiveDate,
    /// The last day anything may happen (today, or the programme-year's last day).
    day: NaiveDate,
    amount: Fen,
    end: End,
    seq: i64,
}

impl Plan<'_> {
    /// The moment of the step `d` days after filing: that day (never after `day`) in the
    /// morning, a few minutes apart, and never after `now`.
    fn at(&self, tz: chrono_tz::Tz, now: DateTime<Utc>, d: i64) -> DateTime<Utc> {
        let on = (self.filed + Duration::days(d)).min(self.day);
        let at = super::demo_large::local_time(tz, on, (8 * 60 + 11 * d + self.seq % 60) as u32);
        at.min(now - Duration::minutes(30 - d))
    }

    fn by(&self, settings: &Settings, now: DateTime<Utc>, d: i64, clerk_id: i64, role: Role) -> By {
        let at = self.at(settings.tz, now, d);
        By { actor: Actor { clerk_id, role }, at, today: dates::local_day(at, settings.tz) }
    }

    /// Registers and moves one claim; `None` when the intake was refused (the file is not
    /// current on the filing day). Returns how far it got.
    fn make(
        &self,
        tx: &Connection,
        settings: &Settings,
        hands: Hands,
        now: DateTime<Utc>,
    ) -> Result<Option<(i64, End)>, DbError> {
        let c = &settings.config.claims;
        let intake = self.by(settings, now, 0, hands.clerk, Role::Clerk);
        // Filed by the claim's day as the audit report reads it (the approval's check asks
        // only the file's validity: a file filed after a back-dated day would pass it).
        let (_, file) = fund_report::file_as_of(tx, self.worker_id, intake.today)?;
        if !matches!(file, FileOnDay::Current(_)) {
            return Ok(None);
        }
        let new = NewClaim {
            worker_id: self.worker_id,
            kind: self.p.claim_kind.clone(),
            filed_on: intake.today,
            amount_claimed_fen: self.amount.0,
            missing: vec![],
            consent_version: settings.config.consent.version.clone(),
            note: String::new(),
            event_note: String::new(),
            programme: Some(self.p.code.clone()),
        };
        let no = claim_ops::next_number(tx, &c.number_format, c.seq_width, intake.today.year())?;
        let claim_id = match claim_ops::register_checked(tx, &new, &no, &intake, &settings.config)? {
            Ok(id) => id,
            Err(IntakeRefused::NoHardshipFile | IntakeRefused::Programme(_)) => return Ok(None),
        };
        let on = self.by(settings, now, 6, hands.supervisor, Role::Supervisor).today;
        let steps = [
            (1, hands.clerk, Role::Clerk, ClaimStep::Review),
            (2, hands.supervisor, Role::Supervisor, ClaimStep::Approve { amount: self.amount, over: None }),
            (6, hands.supervisor, Role::Supervisor, ClaimStep::Pay { on, amount: self.amount, over: None }),
        ];
        let upto = match self.end {
            End::Waiting => 1,
            End::Approved => 2,
            End::Paid => 3,
        };
        let mut got = End::Waiting;
        for (i, (d, clerk, role, step)) in steps.into_iter().take(upto).enumerate() {
            let version = claim_ops::by_id(tx, claim_id)?.map_or(1, |c| c.version);
            let note =
                crate::rooms::claims::step_note(crate::i18n::Lang::Zh, &step, &[], c.second_approval_fen);
            let input = StepInput { claim_id, version, step, missing: vec![], note };
            match claim_ops::apply(tx, &input, &settings.config, &self.by(settings, now, d, clerk, role)) {
                Ok(_) => {}
                Err(StepRefused::Db(e)) => return Err(e),
                // The checks refused (a budget run out, a file lapsed): the claim waits there.
                Err(_) => break,
            }
            got = match i {
                1 => End::Approved,
                2 => End::Paid,
                _ => End::Waiting,
            };
        }
        Ok(Some((claim_id, got)))
    }
}

/// An objection still open, one settled, and one budget raised with its reason.
fn afterwards(
    tx: &Connection,
    settings: &Settings,
    hands: Hands,
    now: DateTime<Utc>,
    today: NaiveDate,
    paid: &[(i64, DateTime<Utc>)],
) -> Result<(), DbError> {
    let by = |clerk_id: i64, role: Role, at: DateTime<Utc>| -> Result<hardship_ops::By, DbError> {
        let login = clerks::by_id(tx, clerk_id)?.map(|c| c.login);
        let actor = audit::Actor { clerk_id: Some(clerk_id), login, terminal: "demo".into() };
        Ok(hardship_ops::By { clerk_id, role, actor, at, today: dates::local_day(at, settings.tz) })
    };
    if let Some(&(claim_id, at)) = paid.first() {
        let at = (at + Duration::days(1)).min(now);
        let by = by(hands.supervisor, Role::Supervisor, at)?;
        fund::add_objection(tx, &by, claim_id, "匿名电话", "反映该户子女已参加工作，家庭收入有变化")?;
    }
    if let Some(&(claim_id, at)) = paid.get(1) {
        let at = (at + Duration::days(1)).min(now);
        let by = by(hands.supervisor, Role::Supervisor, at)?;
        let id = fund::add_objection(tx, &by, claim_id, "同单位职工", "认为该户不属于困难职工")?;
        if let Some(id) = id {
            let outcome = "经入户核实，该户困难档案在有效期内，收入情况属实，维持发放";
            fund::settle_objection(tx, &by, id, outcome)?;
        }
    }
    let fund_cfg = &settings.config.fund;
    if let Some(p) = fund_cfg.of_year(today.year()).find(|p| p.standard == Standard::Max) {
        let figures = fund::figures(tx, p.year, &p.code, p.budget_fen)?;
        let by = by(hands.supervisor, Role::Supervisor, now - Duration::days(2))?;
        let reason = "市总工会追加专项拨款五万元";
        // A refusal (it cannot be: the budget only grows) leaves the budget as the config set it.
        let _ = fund::change_budget(tx, &by, fund_cfg, p.year, &p.code, figures.budget + 5_000_000, reason)?;
    }
    Ok(())
}

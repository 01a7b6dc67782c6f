//! A demo hardship file's life, played into rows: the household, then each step (verify,
//! return, edit, approve, reject, review, exit, visit) with its event, the figures and the
//! category worked out by DOMAIN's rules from the members and the config's 低保 line. Both demos
//! describe their files as a `Life` and hand it to a `Player`.

use crate::config::Hardship;
use crate::db::DbError;
use crate::db::demo_hardship::{
    EventRow, FileEnd, FileRow, HardshipRows, MemberRow, ReviewRow, VerificationRow, VisitRow,
};
use crate::domain::hardship::{Category, Cause, ExitReason, Health, Outcome, Relation, Verdict, Work};
use chrono::{Datelike, Days, Months, NaiveDate};
use chrono_tz::Tz;

#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    pub relation: Relation,
    pub id_number: Option<String>,
    pub health: Health,
    pub grade: Option<u8>,
    pub work: Work,
    pub income_fen: i64,
}

/// What a visitor wrote down.
#[derive(Debug, Clone, Copy)]
pub struct VisitText {
    pub place: &'static str,
    pub found: &'static str,
    pub needs: &'static str,
    pub given: &'static str,
    pub next_step: &'static str,
    /// The next step's date, this many days after the visit.
    pub next_in: u64,
}

#[derive(Debug, Clone)]
pub enum Step {
    Verify {
        day: NaiveDate,
        result: Verdict,
    },
    Return {
        day: NaiveDate,
        reason: &'static str,
    },
    Approve {
        day: NaiveDate,
    },
    Reject {
        day: NaiveDate,
        reason: &'static str,
    },
    /// 年审: the household again and a new verification; approved on `approve` (or waiting).
    Review {
        day: NaiveDate,
        members: Vec<Member>,
        outcome: Outcome,
        exit_reason: Option<ExitReason>,
        approve: Option<NaiveDate>,
    },
    Exit {
        day: NaiveDate,
        reason: ExitReason,
        note: &'static str,
    },
    Visit {
        day: NaiveDate,
        clerks: Vec<i64>,
        text: VisitText,
    },
}

#[derive(Debug, Clone)]
pub struct Life {
    pub worker_id: i64,
    pub file_no: String,
    pub applied_on: NaiveDate,
    pub causes: Vec<Cause>,
    pub members: Vec<Member>,
    /// A category other than the proposal, with the clerk's reason.
    pub chosen: Option<(Category, String)>,
    pub steps: Vec<Step>,
}

/// Household income, per head (rounded down), proposed category: DOMAIN's rules.
pub fn figures(
    members: &[Member],
    causes: &[Cause],
    line: Option<i64>,
    percent: u32,
) -> (i64, i64, Option<Category>) {
    let income: i64 = members.iter().map(|m| m.income_fen).sum();
    let per_head = income / (members.len().max(1) as i64);
    let proposed = line.and_then(|l| {
        let severe = members.iter().any(|m| m.work == Work::Unable || m.health == Health::Grave);
        if per_head < l && severe {
            Some(Category::Deep)
        } else if per_head * 100 < l * percent as i64 {
            Some(Category::Relative)
        } else if causes.contains(&Cause::Accident) || causes.contains(&Cause::Disaster) {
            Some(Category::Sudden)
        } else {
            None
        }
    });
    (income, per_head, proposed)
}

/// Valid until: `months` months from `from`, less a day.
pub fn valid_until(from: NaiveDate, months: u32) -> NaiveDate {
    from.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt()).unwrap_or(from)
}

/// Plays lives into the tables through one set of prepared statements.
pub struct Player<'c> {
    pub rows: HardshipRows<'c>,
    pub rules: &'c Hardship,
    pub tz: Tz,
    /// Who enters (a clerk) and who approves (a supervisor, never the same).
    pub clerk: i64,
    pub supervisor: i64,
}

struct Now {
    state: &'static str,
    version: i64,
    valid: Option<NaiveDate>,
}

impl Player<'_> {
    fn at(&self, day: NaiveDate, minute: u32) -> String {
        super::demo_large::local_stamp(self.tz, day, minute)
    }

    fn members(&mut self, file_id: i64, review_id: Option<i64>, ms: &[Member]) -> Result<(), DbError> {
        for (k, m) in ms.iter().enumerate() {
            self.rows.member(&MemberRow {
                file_id,
                review_id,
                seq: k as i64 + 1,
                name: &m.name,
                relation: m.relation.code(),
                id_number: m.id_number.as_deref(),
                health: m.health.code(),
                grade: m.grade,
                work: m.work.code(),
                income_fen: m.income_fen,
            })?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &mut self,
        file_id: i64,
        now: &mut Now,
        day: NaiveDate,
        minute: u32,
        clerk: i64,
        action: &str,
        detail: Option<&str>,
    ) -> Result<(), DbError> {
        now.version += 1;
        let valid = now.valid.map(|d| d.to_string());
        self.rows.event(&EventRow {
            file_id,
            at: &self.at(day, minute),
            day: &day.to_string(),
            clerk_id: clerk,
            action,
            state: now.state,
            valid_until: valid.as_deref(),
            detail,
        })
    }

    /// A verification reference as the province platform gives it: ZJHD, year, six digits.
    fn reference(file_id: i64, day: NaiveDate, n: usize) -> String {
        let h = super::demo_people::mix(file_id as u64 * 31 + n as u64);
        format!("ZJHD{}{:06}", day.year(), h % 1_000_000)
    }

    /// Writes one file and everything that happened to it; the file's state at the end.
    pub fn play(&mut self, life: &Life) -> Result<&'static str, DbError> {
        let (clerk, sup) = (self.clerk, self.supervisor);
        let percent = self.rules.relative_multiple_percent;
        let applied = life.applied_on;
        let created = self.at(applied, 9 * 60 + 20);
        let causes = crate::domain::hardship::causes_text(&life.causes);
        let file_id = self.rows.file(&FileRow {
            file_no: &life.file_no,
            worker_id: life.worker_id,
            causes: &causes,
            applied_on: &applied.to_string(),
            entered_by: clerk,
            created_at: &created,
        })?;
        let mut now = Now { state: "applied", version: 0, valid: None };
        let mut members = life.members.clone();
        let mut line_year = applied.year();
        self.members(file_id, None, &members)?;
        let (_, per_head, _) = figures(&members, &life.causes, None, percent);
        let detail = format!("members={} per_head_fen={per_head}", members.len());
        self.event(file_id, &mut now, applied, 9 * 60 + 20, clerk, "apply", Some(&detail))?;
        // No line for the application's year: the clerk judged by the nearest year's line.
        let mut chosen = life.chosen.clone();
        if chosen.is_none()
            && self.rules.line(applied.year()).is_none()
            && let Some((year, fen)) = self.rules.dibao_fen.iter().next()
        {
            let (_, _, by_nearest) = figures(&members, &life.causes, Some(*fen), percent);
            chosen = by_nearest
                .map(|c| (c, format!("建档时未设{}年低保标准，参照{year}年标准核定", applied.year())));
        }
        let mut returned = false;
        let (mut filed_on, mut approved_by, mut reviewed_on, mut current_review) = (None, None, None, None);
        let (mut exited_on, mut exit_reason, mut exit_note, mut reject_reason) = (None, None, None, None);
        let mut review_category: Option<Category> = None;
        let mut last = applied;
        for (n, step) in life.steps.iter().enumerate() {
            let minute = 9 * 60 + 40 + (n as u32 * 23) % 400;
            match step {
                Step::Verify { day, result } => {
                    let (_, per_head, _) = figures(&members, &life.causes, None, percent);
                    let reference = Self::reference(file_id, *day, n);
                    self.rows.verification(&VerificationRow {
                        file_id,
                        review_id: None,
                        dated_on: &day.to_string(),
                        reference: &reference,
                        result: result.code(),
                        per_head_fen: per_head,
                        entered_by: clerk,
                        entered_at: &self.at(*day, minute),
                    })?;
                    let detail = format!("{reference} {}", result.code());
                    self.event(file_id, &mut now, *day, minute, clerk, "verify", Some(&detail))?;
                    last = *day;
                }
                Step::Return { day, reason } => {
                    returned = true;
                    self.event(file_id, &mut now, *day, minute, sup, "return", Some(reason))?;
                    last = *day;
                }
                Step::Approve { day } => {
                    now.state = "filed";
                    now.valid = Some(valid_until(*day, self.rules.valid_months));
                    filed_on = Some(day.to_string());
                    approved_by = Some(sup);
                    self.event(file_id, &mut now, *day, minute, sup, "approve", None)?;
                    last = *day;
                }
                Step::Reject { day, reason } => {
                    now.state = "rejected";
                    reject_reason = Some(*reason);
                    self.event(file_id, &mut now, *day, minute, sup, "reject", Some(reason))?;
                    last = *day;
                }
                Step::Review { day, members: ms, outcome, exit_reason: why, approve } => {
                    let line = self.rules.line(day.year());
                    let (income, per_head, proposed) = figures(ms, &life.causes, line, percent);
                    let category = proposed.or(chosen.as_ref().map(|c| c.0));
                    let approve_s = approve.map(|d| d.to_string());
                    let review_id = self.rows.review(&ReviewRow {
                        file_id,
                        state: if approve.is_some() { "approved" } else { "entered" },
                        result: outcome.code(),
                        exit_reason: why.map(ExitReason::code),
                        category: category.map(Category::code),
                        members: ms.len() as i64,
                        income_fen: income,
                        per_head_fen: per_head,
                        note: None,
                        entered_by: clerk,
                        entered_at: &self.at(*day, minute),
                        entered_on: &day.to_string(),
                        approved_by: approve.map(|_| sup),
                        approved_on: approve_s.as_deref(),
                    })?;
                    self.members(file_id, Some(review_id), ms)?;
                    // A household kept on was found eligible; one leaving may not be.
                    let eligible = *outcome == Outcome::Continue || proposed.is_some();
                    let verdict = if eligible { Verdict::Eligible } else { Verdict::Ineligible };
                    let reference = Self::reference(file_id, *day, n);
                    self.rows.verification(&VerificationRow {
                        file_id,
                        review_id: Some(review_id),
                        dated_on: &day.to_string(),
                        reference: &reference,
                        result: verdict.code(),
                        per_head_fen: per_head,
                        entered_by: clerk,
                        entered_at: &self.at(*day, minute),
                    })?;
                    let detail = format!("{} {reference} {}", outcome.code(), verdict.code());
                    self.event(file_id, &mut now, *day, minute, clerk, "review", Some(&detail))?;
                    last = *day;
                    let Some(on) = approve else { continue };
                    if *outcome == Outcome::Exit {
                        now.state = "exited";
                        exited_on = Some(on.to_string());
                        exit_reason = *why;
                    } else {
                        members = ms.clone();
                        line_year = day.year();
                        review_category = category;
                        now.valid = Some(valid_until(*on, self.rules.valid_months));
                        reviewed_on = Some(on.to_string());
                        current_review = Some(review_id);
                    }
                    let detail = format!(
                        "{}{}",
                        outcome.code(),
                        why.map_or(String::new(), |w| format!(" {}", w.code()))
                    );
                    self.event(file_id, &mut now, *on, minute + 30, sup, "review_approve", Some(&detail))?;
                    last = *on;
                }
                Step::Exit { day, reason, note } => {
                    now.state = "exited";
                    exited_on = Some(day.to_string());
                    exit_reason = Some(*reason);
                    exit_note = Some(*note);
                    let detail = format!("{} {note}", reason.code());
                    self.event(file_id, &mut now, *day, minute, sup, "exit", Some(&detail))?;
                    last = *day;
                }
                Step::Visit { day, clerks, text } => {
                    let next = *day + Days::new(text.next_in);
                    let by = clerks.first().copied().unwrap_or(clerk);
                    self.rows.visit(
                        &VisitRow {
                            file_id,
                            visited_on: &day.to_string(),
                            place: text.place,
                            found: text.found,
                            needs: Some(text.needs),
                            given: Some(text.given),
                            next_step: Some(text.next_step),
                            next_on: Some(&next.to_string()),
                            entered_by: by,
                            entered_at: &self.at(*day, 16 * 60 + 30),
                        },
                        clerks,
                    )?;
                    self.event(file_id, &mut now, *day, 16 * 60 + 30, by, "visit", Some(text.place))?;
                    last = last.max(*day);
                }
            }
        }
        let line = self.rules.line(line_year);
        let (income, per_head, proposed) = figures(&members, &life.causes, line, percent);
        let category = review_category.or(chosen.as_ref().map(|c| c.0)).or(proposed);
        let reason = chosen.as_ref().filter(|_| category != proposed).map(|c| c.1.as_str());
        let valid = now.valid.map(|d| d.to_string());
        self.rows.finish(&FileEnd {
            id: file_id,
            state: now.state,
            returned,
            category: category.map(Category::code),
            proposed: proposed.map(Category::code),
            category_reason: reason,
            members: members.len() as i64,
            income_fen: income,
            per_head_fen: per_head,
            line_year: line.map(|_| line_year),
            current_review,
            filed_on,
            approved_by,
            valid_until: valid.clone(),
            reviewed_on,
            exited_on,
            exit_reason: exit_reason.map(ExitReason::code),
            exit_note,
            reject_reason,
            updated_at: &self.at(last, 17 * 60),
            version: now.version,
        })?;
        Ok(now.state)
    }
}

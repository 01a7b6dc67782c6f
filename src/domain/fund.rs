//! The aid fund's rules (DOMAIN.md "Hardship files and the aid fund", issue #26): the ledger's
//! figures of a programme-year, and the five checks an approval passes in order. Pure: storage
//! reads the figures inside the approval's transaction and asks here.

use super::hardship::Category;
use super::money::Fen;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A programme's standard per household.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Standard {
    /// Every payment is exactly the standard.
    Fixed,
    /// One payment is at most the standard.
    Max,
}

/// What an approval is judged by: a programme of one year as the config gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub year: i32,
    pub code: String,
    pub name: String,
    pub standard: Standard,
    pub standard_fen: i64,
    pub times_per_year: u32,
    pub categories: Vec<Category>,
    pub claim_kind: String,
}

/// A claim's programme-year: the year of its filing (a December claim and a January claim are
/// in different years).
pub fn programme_year(filed_on: NaiveDate) -> i32 {
    filed_on.year()
}

/// A programme-year's figures in fen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    /// The budget in force: the latest history row, else the config's.
    pub budget: i64,
    /// Σ approved amounts of claims approved and not yet paid.
    pub committed: i64,
    /// Σ paid amounts of claims paid.
    pub paid: i64,
}

impl Figures {
    /// May read negative only after a budget was cut below what was spent (it is refused in
    /// storage, so only an import or an old row makes it).
    pub fn remaining(&self) -> i64 {
        self.budget - self.committed - self.paid
    }
}

/// The budget in force: the latest change wins over the config (an edit of the config after a
/// change does not move it).
pub fn budget_in_force(latest_row: Option<i64>, config_fen: i64) -> i64 {
    latest_row.unwrap_or(config_fen)
}

/// A budget change refused: below what is committed and paid already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetTooLow {
    pub new: Fen,
    pub committed: Fen,
    pub paid: Fen,
}

/// A new budget must cover what is committed and paid.
pub fn change_budget(figures: Figures, new_fen: i64) -> Result<Figures, BudgetTooLow> {
    if new_fen < 0 || new_fen < figures.committed + figures.paid {
        return Err(BudgetTooLow {
            new: Fen(new_fen),
            committed: Fen(figures.committed),
            paid: Fen(figures.paid),
        });
    }
    Ok(Figures { budget: new_fen, ..figures })
}

/// One earlier claim of the worker as the times-per-year rule counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Past {
    pub programme: String,
    pub filed_on: NaiveDate,
    /// Approved or paid (the only ones that count).
    pub counts: bool,
}

/// How many times the household received `code` in `year` (approved or paid claims).
pub fn times_in_year(past: &[Past], code: &str, year: i32) -> u32 {
    let n =
        past.iter().filter(|p| p.counts && p.programme == code && programme_year(p.filed_on) == year).count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What the approval knows about the claim and its household, read inside its transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The household's category when its file is current on the approval day.
    pub file: FileOnDay,
    pub amount: Fen,
    /// Times already received this programme-year, this claim excluded.
    pub times_before: u32,
    pub figures: Figures,
}

/// The household's file on the approval day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOnDay {
    Current(Category),
    /// Filed, but its valid-until passed on this day.
    Lapsed(NaiveDate),
    /// No filed file (none, applied, rejected or exited).
    None,
}

/// Why an approval was refused: the rule and its figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// 0: the claim's programme is not in the config for its year (the config changed).
    NoProgramme { code: String, year: i32 },
    /// 1: no current file on the approval day.
    NoFile { lapsed_on: Option<NaiveDate> },
    /// 2: the household's category is not one the programme serves.
    Category { programme: String, category: Category },
    /// 3: the amount is not the fixed standard, or above the maximum.
    Standard { programme: String, standard: Standard, standard_fen: Fen, amount: Fen },
    /// 4: the household received it as often as allowed this year.
    Times { programme: String, times_per_year: u32, already: u32 },
    /// 5: the remaining budget does not cover the amount.
    Budget { programme: String, remaining: Fen, amount: Fen },
    /// A claim of a kind that pays a programme has none (e.g. filed in a year without
    /// programmes): `kind` is the kind's name.
    NoProgrammeForKind { kind: String, year: i32 },
    /// The pay step: a programme claim is paid at most what was approved (the five checks ran on
    /// the approved amount).
    OverApproved { programme: String, approved: Fen, paid: Fen },
}

/// The five checks, in order; the first that fails is the refusal.
pub fn check(rule: &Rule, a: &Approval) -> Result<(), Refusal> {
    let category = match a.file {
        FileOnDay::Current(c) => c,
        FileOnDay::Lapsed(d) => return Err(Refusal::NoFile { lapsed_on: Some(d) }),
        FileOnDay::None => return Err(Refusal::NoFile { lapsed_on: None }),
    };
    let programme = rule.name.clone();
    if !rule.categories.contains(&category) {
        return Err(Refusal::Category { programme, category });
    }
    fits_standard(rule, a.amount)?;
    if a.times_before >= rule.times_per_year {
        return Err(Refusal::Times {
            programme,
            times_per_year: rule.times_per_year,
            already: a.times_before,
        });
    }
    let remaining = a.figures.remaining();
    if remaining < a.amount.0 {
        return Err(Refusal::Budget { programme, remaining: Fen(remaining), amount: a.amount });
    }
    Ok(())
}

/// Check 3 alone: a fixed standard met, a maximum not passed (the counter asks it on the amount
/// before anything else is asked).
pub fn fits_standard(rule: &Rule, amount: Fen) -> Result<(), Refusal> {
    let fits = match rule.standard {
        Standard::Fixed => amount.0 == rule.standard_fen,
        Standard::Max => amount.0 <= rule.standard_fen,
    };
    if fits { Ok(()) } else { Err(standard_refusal(rule, amount)) }
}

/// A payment is never above the standard (a fixed one is its ceiling too); less may be paid.
pub fn pay_within_standard(rule: &Rule, amount: Fen) -> Result<(), Refusal> {
    if amount.0 <= rule.standard_fen { Ok(()) } else { Err(standard_refusal(rule, amount)) }
}

/// A programme claim is paid at most what was approved (the five checks ran on the approved
/// amount): storage's refusal, asked by the counter on the amount before any reason.
pub fn pay_within_approved(programme: &str, approved: Fen, paid: Fen) -> Result<(), Refusal> {
    if paid.0 <= approved.0 {
        Ok(())
    } else {
        Err(Refusal::OverApproved { programme: programme.to_string(), approved, paid })
    }
}

fn standard_refusal(rule: &Rule, amount: Fen) -> Refusal {
    Refusal::Standard {
        programme: rule.name.clone(),
        standard: rule.standard,
        standard_fen: Fen(rule.standard_fen),
        amount,
    }
}

/// Why a claim cannot name a programme at intake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntakeRefusal {
    /// No programme of that code in the year of filing.
    Unknown { code: String, year: i32 },
    /// The programme is paid by another claim kind.
    Kind { programme: String, kind: String },
    /// The household's category is not served (or it has no current file).
    Category { programme: String, category: Option<Category> },
    /// A claim of a kind that pays a programme names none: `kind` is the kind's name; `offered`
    /// whether the filing's year has any programme of that kind (else none could be chosen).
    NoProgramme { kind: String, year: i32, offered: bool },
}

/// Whether a claim of `kind` for a household of `category` may name `rule` (the programme of
/// the filing's year, found by the caller; `None` when there is none).
pub fn intake(
    rule: Option<&Rule>,
    code: &str,
    filed_on: NaiveDate,
    kind: &str,
    category: Option<Category>,
) -> Result<(), IntakeRefusal> {
    let Some(rule) = rule else {
        return Err(IntakeRefusal::Unknown { code: code.to_string(), year: programme_year(filed_on) });
    };
    if rule.claim_kind != kind {
        return Err(IntakeRefusal::Kind { programme: rule.name.clone(), kind: kind.to_string() });
    }
    if !category.is_some_and(|c| rule.categories.contains(&c)) {
        return Err(IntakeRefusal::Category { programme: rule.name.clone(), category });
    }
    Ok(())
}

/// A payment's approval day as the auditor reads it: the local day of its event to `approved`
/// (an import straight to paid: that event), but never after its paid day (an approval cannot
/// follow the payment). The report and the ledger both say this.
pub fn approval_day(event_day: Option<NaiveDate>, paid_on: Option<&str>) -> Option<NaiveDate> {
    let paid = paid_on.and_then(|d| d.parse::<NaiveDate>().ok());
    event_day.map(|d| paid.map_or(d, |p| d.min(p)))
}

/// The amount a claim of `rule` is registered for: a fixed standard sets it.
pub fn intake_amount(rule: &Rule, typed: i64) -> i64 {
    match rule.standard {
        Standard::Fixed => rule.standard_fen,
        Standard::Max => typed,
    }
}

#[cfg(test)]
mod tests;

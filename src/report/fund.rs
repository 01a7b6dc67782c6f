//! `report fund`: the auditor's report of the aid fund (issue #26) — every payment with its
//! file, masked worker, programme, amounts and the people behind it; the programme totals;
//! and every exception found (a payment whose household had no current file on the approval
//! day, a category not served, over the standard, over the times per year, a programme-year
//! over its budget). Exceptions come from imports (the counter refuses them); they are listed,
//! never hidden. One set of tables for text, md, csv and xlsx; JSON from the same structs.

use super::render::{Cell, Table};
use crate::config::Settings;
use crate::db::{DbError, fund, fund_report};
use crate::domain::fund::{FileOnDay, Refusal};
use crate::domain::money::Fen;
use crate::domain::text::mask_name;
use crate::domain::{IdNumber, dates};
use crate::i18n::{Lang, fill, fund_report::words};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct FundReport {
    pub centre: String,
    /// The programme-year reported.
    pub year: i32,
    pub as_of: String,
    pub programmes: Vec<ProgrammeTotal>,
    pub payments: Vec<PaymentLine>,
    pub exceptions: Vec<Exception>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeTotal {
    pub year: i32,
    pub code: String,
    pub name: String,
    pub budget_fen: i64,
    /// The config's budget (differs from `budget_fen` after a change).
    pub config_budget_fen: i64,
    pub committed_fen: i64,
    pub paid_fen: i64,
    pub remaining_fen: i64,
    pub recipients: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PaymentLine {
    pub claim_no: String,
    /// The household (the worker) it was paid to: the publicity counts households by it.
    #[serde(skip)]
    pub worker_id: i64,
    /// The household's hardship file (the one current on the approval day, else its latest).
    pub file_no: Option<String>,
    /// Masked as every report masks: `王*明`, `330381********123X`.
    pub worker: String,
    pub id_number: String,
    /// The work unit masked for a publicity sheet (`publicity::mask_unit`); not in the JSON.
    #[serde(skip)]
    pub unit_masked: String,
    /// The household's category on the approval day (`domain::hardship` code).
    pub category: Option<String>,
    pub programme: String,
    pub programme_name: String,
    pub year: i32,
    /// `approved` or `paid`.
    pub status: String,
    pub amount_approved_fen: Option<i64>,
    pub amount_paid_fen: Option<i64>,
    pub entered_by: Option<String>,
    pub first_approver: Option<String>,
    pub second_approver: Option<String>,
    pub approved_on: Option<String>,
    pub paid_on: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Exception {
    /// `no_file`, `category`, `standard`, `times`, `budget`, `programme`.
    pub rule: &'static str,
    pub programme: String,
    pub year: i32,
    /// `None` for a programme-year over its budget.
    pub claim_no: Option<String>,
    /// The rule and its figures in the report's language.
    pub detail: String,
}

fn day_of(stamp: Option<&str>, tz: chrono_tz::Tz) -> Option<NaiveDate> {
    let at = DateTime::parse_from_rfc3339(stamp?).ok()?.with_timezone(&Utc);
    Some(dates::local_day(at, tz))
}

/// The report of `year`, worded in `lang` (details of exceptions; tables choose their own).
pub fn build(conn: &Connection, settings: &Settings, year: i32, lang: Lang) -> Result<FundReport, DbError> {
    let cfg = &settings.config.fund;
    let w = words(lang);
    let mut programmes: Vec<ProgrammeTotal> = fund::ledger(conn, cfg, year)?
        .into_iter()
        .map(|l| ProgrammeTotal {
            year,
            remaining_fen: l.remaining(),
            code: l.code,
            name: l.name,
            budget_fen: l.figures.budget,
            config_budget_fen: l.config_budget,
            committed_fen: l.figures.committed,
            paid_fen: l.figures.paid,
            recipients: l.recipients,
        })
        .collect();
    let rows = fund_report::payment_rows(conn, Some(year))?;
    let mut exceptions = vec![];
    let mut payments = vec![];
    // (worker, programme) → its payments' approval days, to count the times in order.
    let mut times: BTreeMap<(i64, String), u32> = BTreeMap::new();
    // In the order they were approved as the auditor reads it (the day shown, never after the
    // payment; an import's rows share one recorded instant), then as recorded.
    let shown = |r: &fund_report::PaymentRow| {
        crate::domain::fund::approval_day(day_of(r.approved_at.as_deref(), settings.tz), r.paid_on.as_deref())
    };
    let mut ordered: Vec<(Option<chrono::NaiveDate>, &fund_report::PaymentRow)> =
        rows.iter().map(|r| (shown(r), r)).collect();
    ordered.sort_by(|(da, a), (db, b)| {
        (da, &a.approved_at, &a.claim_no).cmp(&(db, &b.approved_at, &b.claim_no))
    });
    let mut by_claim = BTreeMap::new();
    for (approved_day, r) in ordered {
        let p = cfg.programme(year, &r.programme);
        let name = p.map_or_else(|| r.programme.clone(), |p| p.name.clone());
        // The file is judged on the approval day shown (never after the payment; the F5 ledger
        // shows the same, `fund::payments`): a household filed after it was paid had no file then.
        let day = approved_day.or_else(|| r.filed_on.parse().ok());
        let (file_no, file) = match day {
            Some(d) => fund_report::file_as_of(conn, r.worker_id, d)?,
            None => (None, FileOnDay::None),
        };
        let mut found = |rule: &'static str, detail: String| {
            exceptions.push(Exception {
                rule,
                programme: r.programme.clone(),
                year,
                claim_no: Some(r.claim_no.clone()),
                detail,
            })
        };
        let category = match file {
            FileOnDay::Current(c) => Some(c),
            FileOnDay::Lapsed(d) => {
                found("no_file", crate::i18n::fund::refusal(lang, &Refusal::NoFile { lapsed_on: Some(d) }));
                None
            }
            FileOnDay::None => {
                found("no_file", crate::i18n::fund::refusal(lang, &Refusal::NoFile { lapsed_on: None }));
                None
            }
        };
        // The standard holds for what was approved and for what was paid: the larger of the two.
        let amount = r.amount_approved_fen.max(r.amount_paid_fen).unwrap_or(0);
        if let (Some(approved), Some(paid)) = (r.amount_approved_fen, r.amount_paid_fen)
            && paid > approved
        {
            let refusal =
                Refusal::OverApproved { programme: name.clone(), approved: Fen(approved), paid: Fen(paid) };
            found("overpaid", crate::i18n::fund::refusal(lang, &refusal));
        }
        // Two people: whoever entered it did not approve it alone (an import fills both).
        if let (Some(entered), Some(first), None) = (r.entered_by_id, r.first_approver_id, &r.second_approver)
            && entered == first
        {
            let name = r.entered_by.clone().unwrap_or_default();
            found("one_person", w.one_person.replace("{entered}", &name));
        }
        match p.map(|p| p.rule()) {
            None => found(
                "programme",
                crate::i18n::fund::refusal(lang, &Refusal::NoProgramme { code: r.programme.clone(), year }),
            ),
            Some(rule) => {
                if let Some(c) = category.filter(|c| !rule.categories.contains(c)) {
                    let refusal = Refusal::Category { programme: name.clone(), category: c };
                    found("category", crate::i18n::fund::refusal(lang, &refusal));
                }
                // The approval's own check 3, on the larger of the two amounts.
                if let Err(refusal) = crate::domain::fund::fits_standard(&rule, Fen(amount)) {
                    found("standard", crate::i18n::fund::refusal(lang, &refusal));
                }
                let already = times.entry((r.worker_id, r.programme.clone())).or_insert(0);
                if *already >= rule.times_per_year {
                    let refusal = Refusal::Times {
                        programme: name.clone(),
                        times_per_year: rule.times_per_year,
                        already: *already,
                    };
                    found("times", crate::i18n::fund::refusal(lang, &refusal));
                }
                *already += 1;
            }
        }
        let id = IdNumber::from_stored(&r.id_number).map(|i| i.masked()).unwrap_or_default();
        by_claim.insert(
            r.claim_no.clone(),
            PaymentLine {
                claim_no: r.claim_no.clone(),
                worker_id: r.worker_id,
                file_no,
                worker: mask_name(&r.name),
                id_number: id,
                unit_masked: super::publicity::mask_unit(&r.work_unit),
                category: category.map(|c| c.code().to_string()),
                programme: r.programme.clone(),
                programme_name: name,
                year,
                status: r.status.clone(),
                amount_approved_fen: r.amount_approved_fen,
                amount_paid_fen: r.amount_paid_fen,
                entered_by: r.entered_by.clone(),
                first_approver: r.first_approver.clone(),
                second_approver: r.second_approver.clone(),
                approved_on: approved_day.map(|d| d.to_string()),
                paid_on: r.paid_on.clone(),
            },
        );
    }
    payments.extend(by_claim.into_values());
    // A programme the config lost still has its payments: a totals line from the claims.
    // Payments in the totals' order (the config's), then by claim number.
    for code in rows.iter().map(|r| &r.programme) {
        if !programmes.iter().any(|p| &p.code == code) {
            let f = fund::figures(conn, year, code, 0)?;
            let recipients = rows
                .iter()
                .filter(|r| &r.programme == code)
                .map(|r| r.worker_id)
                .collect::<std::collections::BTreeSet<_>>();
            programmes.push(ProgrammeTotal {
                year,
                code: code.clone(),
                name: code.clone(),
                budget_fen: f.budget,
                config_budget_fen: 0,
                committed_fen: f.committed,
                paid_fen: f.paid,
                remaining_fen: f.remaining(),
                recipients: recipients.len() as i64,
            });
        }
    }
    let place = |code: &str| programmes.iter().position(|p| p.code == code).unwrap_or(usize::MAX);
    payments.sort_by(|a, b| (place(&a.programme), &a.claim_no).cmp(&(place(&b.programme), &b.claim_no)));
    exceptions.sort_by(|a, b| (place(&a.programme), &a.claim_no).cmp(&(place(&b.programme), &b.claim_no)));
    for p in programmes.iter().filter(|p| p.remaining_fen < 0) {
        let spent = Fen(p.committed_fen + p.paid_fen).plain();
        let budget = Fen(p.budget_fen).plain();
        let vars = [
            ("programme", &p.name as &dyn std::fmt::Display),
            ("year", &year),
            ("budget", &budget),
            ("spent", &spent),
        ];
        exceptions.push(Exception {
            rule: "budget",
            programme: p.code.clone(),
            year,
            claim_no: None,
            detail: fill(w.over_budget, &vars),
        });
    }
    Ok(FundReport {
        centre: settings.config.centre.name.clone(),
        year,
        as_of: crate::db::workers::stamp(Utc::now()),
        programmes,
        payments,
        exceptions,
    })
}

pub fn heading(r: &FundReport, lang: Lang) -> String {
    format!("{} {} {}", r.centre, words(lang).title, r.year)
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn opt(s: &Option<String>) -> Cell {
    Cell::Text(s.clone().unwrap_or_default())
}

fn yuan(f: Option<i64>) -> Cell {
    f.map_or_else(|| t(""), |f| Cell::Yuan(i128::from(f)))
}

fn rule_word(lang: Lang, rule: &str) -> &'static str {
    let w = words(lang);
    match rule {
        "no_file" => w.rule_no_file,
        "category" => w.rule_category,
        "standard" => w.rule_standard,
        "times" => w.rule_times,
        "budget" => w.rule_budget,
        "overpaid" => w.rule_overpaid,
        "one_person" => w.rule_one_person,
        _ => w.rule_programme,
    }
}

/// The report's three tables: totals, payments, exceptions.
pub fn tables(r: &FundReport, lang: Lang) -> Vec<Table> {
    let w = words(lang);
    let head = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let totals = Table {
        key: "fund_totals",
        title: w.totals.into(),
        codes: r.programmes.iter().map(|p| p.code.clone()).collect(),
        header: head(&[w.h_programme, w.h_budget, w.h_committed, w.h_paid, w.h_remaining, w.h_recipients]),
        rows: r
            .programmes
            .iter()
            .map(|p| {
                vec![
                    t(&p.name),
                    yuan(Some(p.budget_fen)),
                    yuan(Some(p.committed_fen)),
                    yuan(Some(p.paid_fen)),
                    yuan(Some(p.remaining_fen)),
                    Cell::Int(p.recipients),
                ]
            })
            .collect(),
    };
    let state = |s: &str| {
        crate::domain::claim::ClaimState::parse(s)
            .map_or_else(|| s.to_string(), |s| crate::i18n::claims::staff_word(lang, s).to_string())
    };
    let category = |c: &Option<String>| {
        c.as_deref()
            .and_then(crate::domain::hardship::Category::parse)
            .map_or_else(String::new, |c| crate::i18n::hardship::category(lang, c).to_string())
    };
    let payments = Table {
        key: "fund_payments",
        title: w.payments.into(),
        codes: vec![],
        header: head(&[
            w.h_claim,
            w.h_file,
            w.h_worker,
            w.h_id,
            w.h_category,
            w.h_programme,
            w.h_state,
            w.h_approved,
            w.h_amount_paid,
            w.h_entered,
            w.h_first,
            w.h_second,
            w.h_approved_on,
            w.h_paid_on,
        ]),
        rows: r
            .payments
            .iter()
            .map(|p| {
                vec![
                    t(&p.claim_no),
                    opt(&p.file_no),
                    t(&p.worker),
                    t(&p.id_number),
                    t(&category(&p.category)),
                    t(&p.programme_name),
                    t(&state(&p.status)),
                    yuan(p.amount_approved_fen),
                    yuan(p.amount_paid_fen),
                    opt(&p.entered_by),
                    opt(&p.first_approver),
                    opt(&p.second_approver),
                    opt(&p.approved_on),
                    opt(&p.paid_on),
                ]
            })
            .collect(),
    };
    let name_of = |code: &str| {
        r.programmes.iter().find(|p| p.code == code).map_or_else(|| code.to_string(), |p| p.name.clone())
    };
    let mut exception_rows: Vec<Vec<Cell>> = r
        .exceptions
        .iter()
        .map(|e| vec![t(&name_of(&e.programme)), opt(&e.claim_no), t(rule_word(lang, e.rule)), t(&e.detail)])
        .collect();
    if exception_rows.is_empty() {
        exception_rows.push(vec![t(w.none)]);
    }
    let exceptions = Table {
        key: "fund_exceptions",
        title: w.exceptions.into(),
        codes: vec![],
        header: head(&[w.h_programme, w.h_claim, w.h_rule, w.h_detail]),
        rows: exception_rows,
    };
    vec![totals, payments, exceptions]
}

//! `import workers|claims` and `export workers|claims`: the back office's updates in, masked
//! lists out.

use super::Ctx;
use super::csvio;
use super::import::{self, Cells, Plan};
use crate::db::claims::{self, ClaimData};
use crate::db::exports::Query;
use crate::db::hardship;
use crate::db::hardship_ops::By as HardshipBy;
use crate::db::hardship_review::import_level;
use crate::db::workers::{self, Known};
use crate::db::workers_seen;
use crate::db::{DbError, OpenMode};
use crate::domain::claim::ClaimState;
use crate::domain::dates::parse_date;
use crate::domain::fund::IntakeRefusal;
use crate::domain::hardship::{Category, State, category_from_import};
use crate::domain::{Fen, IdNumber, Permission, Phone, dates};
use crate::i18n::fill;
use anyhow::Result;
use chrono::{NaiveDate, Utc};
use std::path::Path;

pub const WORKERS: [&str; 5] = ["id_number", "name", "phone", "work_unit", "email"];
pub const WORKERS_OPT: [&str; 3] = ["mutual_aid_year", "hardship_level", "hardship_until"];
pub const CLAIMS: [&str; 9] = [
    "claim_no",
    "id_number",
    "name",
    "kind",
    "filed_on",
    "amount_claimed",
    "amount_approved",
    "status",
    "note",
];
pub const CLAIMS_OPT: [&str; 6] =
    ["amount_paid", "paid_on", "papers_complete_on", "missing_papers", "reason", "programme"];

struct WorkerRow {
    id: IdNumber,
    name: String,
    phone: String,
    unit: String,
    email: String,
    year: Option<i32>,
    /// The hardship level as written, and its category.
    level: Option<(String, Category)>,
    until: Option<NaiveDate>,
}

fn date_cell(ctx: &Ctx, c: &Cells, i: usize, today: NaiveDate, errs: &mut Vec<String>) -> Option<String> {
    let v = c.get(i);
    if v.is_empty() {
        return None;
    }
    match parse_date(v, today) {
        Ok(d) => Some(d.to_string()),
        Err(_) => {
            errs.push(fill(ctx.t.bad_date, &[("v", &v)]));
            None
        }
    }
}

fn money_cell(ctx: &Ctx, c: &Cells, i: usize, errs: &mut Vec<String>) -> Option<i64> {
    let v = c.get(i);
    if v.is_empty() {
        return None;
    }
    match Fen::parse(v) {
        Ok(f) => Some(f.0),
        Err(_) => {
            errs.push(fill(ctx.t.imp_amount, &[("v", &v)]));
            None
        }
    }
}

pub fn import_workers(ctx: &Ctx, file: &Path, dry_run: bool) -> Result<()> {
    let mut db = ctx.open(OpenMode::Existing)?;
    let (clerk, actor) = ctx.act(&mut db, Permission::Import)?;
    let today = dates::local_day(Utc::now(), ctx.settings.tz);
    let check = |c: &Cells| -> Result<WorkerRow, Vec<String>> {
        let mut errs = vec![];
        let id = csvio::id_or_reason(c.get(0), today, ctx.lang).map_err(|e| errs.push(e)).ok();
        let name = c.opt(1).unwrap_or_default();
        if name.is_empty() {
            errs.push(fill(ctx.t.imp_required, &[("col", &"name")]));
        }
        let phone = match c.get(2) {
            "" => String::new(),
            p => Phone::parse(p)
                .map(|p| p.as_str().to_string())
                .map_err(|_| errs.push(ctx.lang.ui().phone_invalid.into()))
                .unwrap_or_default(),
        };
        let year = match c.get(5) {
            "" => None,
            y => y.parse::<i32>().map_err(|_| errs.push(fill(ctx.t.imp_year, &[("v", &y)]))).ok(),
        };
        let until = date_cell(ctx, c, 7, today, &mut errs).and_then(|d| d.parse().ok());
        let level = match c.opt(6) {
            None => None,
            Some(v) => match category_from_import(&v) {
                Some(cat) => Some((v, cat)),
                None => {
                    errs.push(fill(ctx.t.imp_hardship_level, &[("v", &v)]));
                    None
                }
            },
        };
        match id {
            Some(id) if errs.is_empty() => Ok(WorkerRow {
                id,
                name,
                phone,
                unit: c.opt(3).unwrap_or_default(),
                email: c.opt(4).unwrap_or_default(),
                year,
                level,
                until,
            }),
            _ => Err(errs),
        }
    };
    // A level or valid-until goes to the worker's hardship file (made, filed, when none), with
    // an `import` event; an application still waiting is the counter's, and the line is refused.
    let by = HardshipBy { clerk_id: clerk.id, role: clerk.role, actor: actor.clone(), at: Utc::now(), today };
    let refuse = |tx: &rusqlite::Transaction, r: &WorkerRow| -> Result<Option<String>, DbError> {
        if r.level.is_none() && r.until.is_none() {
            return Ok(None);
        }
        let Some(w) = workers::by_id_number(tx, &r.id)? else { return Ok(None) };
        Ok(hardship::open_for_worker(tx, w.id)?
            .filter(|f| f.state == State::Applied)
            .map(|f| fill(ctx.t.imp_hardship_applied, &[("no", &f.file_no)])))
    };
    let write = |tx: &rusqlite::Transaction, r: &WorkerRow| -> Result<(), DbError> {
        let known = Known { name: &r.name, phone: &r.phone, work_unit: &r.unit, email: &r.email };
        let id = workers::upsert(tx, &r.id, &known, Utc::now())?;
        workers::set_year(tx, id, r.year)?;
        if r.level.is_some() || r.until.is_some() {
            let (level, cat) = r.level.as_ref().map_or(("", None), |(l, c)| (l.as_str(), Some(*c)));
            // A refusal here was named by `refuse` before any row was written.
            let _ = import_level(tx, &ctx.settings.config.hardship, &by, id, cat, r.until, level)?;
        }
        Ok(())
    };
    let key = |r: &WorkerRow| r.id.as_str().to_string();
    let plan = Plan {
        what: "workers",
        required: &WORKERS,
        optional: &WORKERS_OPT,
        check: &check,
        key: Some(&key),
        write: &write,
        refuse: Some(&refuse),
        rebuilt: &[],
    };
    import::run(ctx, &mut db.conn, &actor, file, dry_run, &plan)
}

/// The `programme` cell: a code or a name of a programme of the filing's year, stored with that
/// year. The back office's record is taken as given (no fund checks: `report fund` shows what
/// breaks the rules); a programme the config does not know is a bad line, and so is a line the
/// ledger cannot hold (`fund_line`).
fn programme_cell(
    ctx: &Ctx,
    v: &str,
    filed_on: Option<&str>,
    errs: &mut Vec<String>,
) -> Option<(String, i32)> {
    let year = filed_on.and_then(|d| d.parse::<NaiveDate>().ok()).map(crate::domain::fund::programme_year)?;
    if v.is_empty() {
        return None;
    }
    let fund = &ctx.settings.config.fund;
    match fund.of_year(year).find(|p| p.code == v || p.name == v) {
        Some(p) => Some((p.code.clone(), year)),
        None => {
            let unknown = IntakeRefusal::Unknown { code: crate::domain::text::strip_controls(v), year };
            errs.push(crate::i18n::fund::intake(ctx.lang, &unknown));
            None
        }
    }
}

/// A line paying a programme keeps to what the fund's ledger and `check` hold (try-out #56 C):
/// the programme's claim kind, a paid claim with its amount, and no more paid than approved.
fn fund_line(
    ctx: &Ctx,
    (code, year): (&str, i32),
    kind: Option<&str>,
    status: Option<ClaimState>,
    (approved, paid): (Option<i64>, Option<i64>),
    errs: &mut Vec<String>,
) {
    let Some(p) = ctx.settings.config.fund.programme(year, code) else { return };
    if let Some(kind) = kind.filter(|k| *k != p.claim_kind) {
        let why = IntakeRefusal::Kind { programme: p.name.clone(), kind: kind.to_string() };
        errs.push(crate::i18n::fund::intake(ctx.lang, &why));
    }
    if status == Some(ClaimState::Paid) && paid.is_none() {
        errs.push(crate::i18n::fund::paid_without_amount(ctx.lang, &p.name));
    }
    if let (Some(approved), Some(paid)) = (approved, paid)
        && paid > approved
    {
        let why = crate::domain::fund::Refusal::OverApproved {
            programme: p.name.clone(),
            approved: Fen(approved),
            paid: Fen(paid),
        };
        errs.push(crate::i18n::fund::refusal(ctx.lang, &why));
    }
}

struct ClaimRowIn {
    id: IdNumber,
    name: String,
    data: ClaimData,
}

pub fn import_claims(ctx: &Ctx, file: &Path, dry_run: bool) -> Result<()> {
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::Import)?;
    let today = dates::local_day(Utc::now(), ctx.settings.tz);
    let t = ctx.t;
    let check = |c: &Cells| -> Result<ClaimRowIn, Vec<String>> {
        let mut errs = vec![];
        // One claim number however it is typed: full-width forms and letter case folded
        // (`ｈｚ2026000001` is HZ2026000001, never a second claim).
        let claim_no = crate::domain::text::fold_ascii(c.get(0)).trim().to_ascii_uppercase();
        if claim_no.is_empty() {
            errs.push(fill(t.imp_required, &[("col", &"claim_no")]));
        } else if !claim_no.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
            // A space, a dash, an invisible character or a look-alike letter inside would make
            // a second claim that reads as the first.
            errs.push(fill(t.imp_claim_no, &[("v", &crate::domain::text::strip_controls(&claim_no))]));
        }
        let id = csvio::id_or_reason(c.get(1), today, ctx.lang).map_err(|e| errs.push(e)).ok();
        let kind = ctx.settings.config.claim_kinds.iter().find(|k| k.code == c.get(3) || k.name == c.get(3));
        if kind.is_none() {
            errs.push(fill(t.imp_kind, &[("v", &c.get(3))]));
        }
        let filed_on = date_cell(ctx, c, 4, today, &mut errs);
        if c.get(4).is_empty() {
            errs.push(fill(t.imp_required, &[("col", &"filed_on")]));
        }
        let claimed = money_cell(ctx, c, 5, &mut errs);
        if c.get(5).is_empty() {
            errs.push(fill(t.imp_required, &[("col", &"amount_claimed")]));
        }
        let approved = money_cell(ctx, c, 6, &mut errs);
        let status = ClaimState::parse(c.get(7));
        if status.is_none() {
            let want = ClaimState::ALL.map(ClaimState::code).join(", ");
            errs.push(fill(t.imp_status, &[("v", &c.get(7)), ("want", &want)]));
        }
        let paid = money_cell(ctx, c, 9, &mut errs);
        let paid_on = date_cell(ctx, c, 10, today, &mut errs);
        // A payment cannot have been made after today (the counter's pay form refuses it too).
        if let Some(d) = paid_on.as_deref().filter(|d| d.parse::<NaiveDate>().is_ok_and(|d| d > today)) {
            let future = crate::i18n::hardship_io::text(ctx.lang).future;
            errs.push(fill(future, &[("col", &"paid_on"), ("v", &d)]));
        }
        let complete = date_cell(ctx, c, 11, today, &mut errs);
        let programme = programme_cell(ctx, c.get(14), filed_on.as_deref(), &mut errs);
        if let Some((code, year)) = &programme {
            fund_line(ctx, (code, *year), kind.map(|k| k.code.as_str()), status, (approved, paid), &mut errs);
        }
        if let Some(kind) = kind {
            for (col, fen) in
                [("amount_claimed", claimed), ("amount_approved", approved), ("amount_paid", paid)]
            {
                if let Some(fen) = fen.filter(|f| *f > kind.max_amount_fen) {
                    let (v, max) = (Fen(fen).plain(), Fen(kind.max_amount_fen).plain());
                    let vars = [
                        ("col", &col as &dyn std::fmt::Display),
                        ("v", &v),
                        ("kind", &kind.name),
                        ("max", &max),
                    ];
                    errs.push(fill(t.imp_over_max, &vars));
                }
            }
        }
        match (id, kind, filed_on, claimed) {
            (Some(id), Some(kind), Some(filed_on), Some(claimed)) if errs.is_empty() => Ok(ClaimRowIn {
                id,
                name: c.opt(2).unwrap_or_default(),
                data: ClaimData {
                    claim_no,
                    kind: kind.code.clone(),
                    filed_on,
                    amount_claimed_fen: claimed,
                    amount_approved_fen: approved,
                    status,
                    note: c.opt(8),
                    amount_paid_fen: paid,
                    paid_on,
                    papers_complete_on: complete,
                    missing_papers: c.opt(12),
                    reason: c.opt(13),
                    programme,
                },
            }),
            _ => Err(errs),
        }
    };
    let (clerk, at) = (actor.clerk_id, workers::stamp(Utc::now()));
    let seen = std::cell::RefCell::new(None);
    let write = |tx: &rusqlite::Transaction, r: &ClaimRowIn| -> Result<(), DbError> {
        let mut seen = seen.borrow_mut();
        let seen = match &mut *seen {
            Some(s) => s,
            None => seen.insert(workers_seen::Seen::new(tx, workers_seen::CAP)?),
        };
        let worker_id = seen.upsert_name(tx, &r.id, &r.name, &at)?;
        claims::upsert_imported(tx, &r.data, worker_id, clerk, &at).map(|_| ())
    };
    let key = |r: &ClaimRowIn| r.data.claim_no.clone();
    // A claim number is one worker's: a re-import naming another ID is a bad line, never a
    // claim (and its history) moved to someone else.
    let refuse = |tx: &rusqlite::Transaction, r: &ClaimRowIn| -> Result<Option<String>, DbError> {
        let owner = claims::owner_id_number(tx, &r.data.claim_no)?;
        Ok(owner.filter(|o| o.as_str() != r.id.as_str()).map(|o| {
            let masked = crate::domain::IdNumber::from_stored(&o).map(|i| i.masked()).unwrap_or_default();
            fill(t.imp_claim_other, &[("no", &r.data.claim_no), ("id", &masked)])
        }))
    };
    let plan = Plan {
        what: "claims",
        required: &CLAIMS,
        optional: &CLAIMS_OPT,
        check: &check,
        key: Some(&key),
        write: &write,
        refuse: Some(&refuse),
        rebuilt: &["claims_worker", "claims_open"],
    };
    import::run(ctx, &mut db.conn, &actor, file, dry_run, &plan)
}

/// `export claims`: the claims filed in the period, in the import's columns, masked unless
/// `unmasked` (audited either way).
pub fn export_claims(ctx: &Ctx, asked: &csvio::Asked) -> Result<()> {
    let unmasked = asked.unmasked;
    let header: Vec<&str> = CLAIMS.iter().chain(CLAIMS_OPT.iter()).copied().collect();
    let e = csvio::Export { what: "claims", header: &header, query: Query::Claims, stamps: false };
    let fen = |f: String| f.parse::<i64>().map(|f| Fen(f).plain().replace(',', "")).unwrap_or_default();
    csvio::export(ctx, &e, asked, &|r| {
        let s = |i: usize| csvio::cell(r, i);
        let (name, id, _) = csvio::person_cells(s(2), s(1), String::new(), unmasked);
        vec![
            s(0),
            id,
            name,
            s(3),
            s(4),
            fen(s(5)),
            fen(s(6)),
            s(7),
            csvio::free_text(s(8), unmasked),
            fen(s(9)),
            s(10),
            s(11),
            csvio::free_text(s(12), unmasked),
            csvio::free_text(s(13), unmasked),
            s(14),
        ]
    })
}

/// `export workers`: the workers added or changed in the period (every one without one), in
/// the import's columns, masked unless `unmasked` (audited either way).
pub fn export_workers(ctx: &Ctx, asked: &csvio::Asked) -> Result<()> {
    let unmasked = asked.unmasked;
    let header: Vec<&str> = WORKERS.iter().chain(WORKERS_OPT.iter()).copied().collect();
    let e = csvio::Export { what: "workers", header: &header, query: Query::Workers, stamps: true };
    csvio::export(ctx, &e, asked, &|r| {
        let s = |i: usize| csvio::cell(r, i);
        let (name, id, phone) = csvio::person_cells(s(1), s(0), s(2), unmasked);
        let email = if unmasked { s(4) } else { mask_email(&s(4)) };
        vec![id, name, phone, csvio::free_text(s(3), unmasked), email, s(5), s(6), s(7)]
    })
}

fn mask_email(e: &str) -> String {
    match e.split_once('@') {
        Some((user, domain)) => format!("{}***@{domain}", user.chars().next().unwrap_or('*')),
        None if e.is_empty() => String::new(),
        None => "***".into(),
    }
}

//! `import hardship` and `export hardship`: hardship files with their household rows and
//! latest verification, one CSV row per member (README "Hardship files in and out").

use super::Ctx;
use super::csvio;
use super::import::{self, Cells, Plan};
use crate::db::exports::Query;
use crate::db::hardship_import::{self, Household, Imported};
use crate::db::hardship_ops::{By, NewVerification};
use crate::db::{DbError, OpenMode, workers_seen};
use crate::domain::dates::parse_date;
use crate::domain::hardship::{
    Category, Cause, ExitReason, Health, Member, Relation, State, Verdict, Work, category_from_import,
    causes_text,
};
use crate::domain::{Fen, IdNumber, Permission, dates};
use crate::i18n::hardship as words;
use crate::i18n::{Lang, fill};
use anyhow::Result;
use chrono::{NaiveDate, Utc};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

pub const COLUMNS: [&str; 16] = [
    "file_no",
    "id_number",
    "state",
    "category",
    "causes",
    "filed_on",
    "valid_until",
    "exited_on",
    "exit_reason",
    "member_seq",
    "member_name",
    "relation",
    "member_id_number",
    "health",
    "work",
    "income",
];
pub const OPTIONAL: [&str; 9] = [
    "verified_on",
    "verify_reference",
    "verify_result",
    "verify_per_head",
    "applied_on",
    "disability_grade",
    "exit_note",
    "reject_reason",
    "category_reason",
];

/// The file's own columns (beside `file_no` and `id_number`): on a file's later rows each is
/// empty or the same as on its first.
const FILE_CELLS: [(usize, &str); 15] = [
    (2, "state"),
    (3, "category"),
    (4, "causes"),
    (5, "filed_on"),
    (6, "valid_until"),
    (7, "exited_on"),
    (8, "exit_reason"),
    (16, "verified_on"),
    (17, "verify_reference"),
    (18, "verify_result"),
    (19, "verify_per_head"),
    (20, "applied_on"),
    (22, "exit_note"),
    (23, "reject_reason"),
    (24, "category_reason"),
];

/// A code, or its Chinese or English word.
fn pick<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    word: fn(Lang, T) -> &'static str,
    v: &str,
) -> Option<T> {
    all.iter().copied().find(|x| v == code(*x) || v == word(Lang::Zh, *x) || v == word(Lang::En, *x))
}

struct Row {
    line: u64,
    file_no: String,
    id: IdNumber,
    /// Read on a file's first row (member 1, or the only row of a file without members).
    file: Option<Imported>,
    /// The file cells as normalized text, for comparing a later row with the first.
    cells: Vec<String>,
    member: Option<(u32, Member)>,
}

/// A cell checked into a value, or a reason pushed.
struct Line<'a, 'c> {
    c: &'a Cells<'c>,
    ctx: &'a Ctx,
    today: NaiveDate,
    errs: Vec<String>,
}

impl Line<'_, '_> {
    fn coded<T: Copy>(
        &mut self,
        i: usize,
        col: &str,
        all: &[T],
        code: fn(T) -> &'static str,
        word: fn(Lang, T) -> &'static str,
    ) -> Option<T> {
        let v = self.c.get(i);
        if v.is_empty() {
            return None;
        }
        let found = pick(all, code, word, v);
        if found.is_none() {
            let want = all.iter().map(|x| code(*x)).collect::<Vec<_>>().join(", ");
            let t = crate::i18n::hardship_io::text(self.ctx.lang);
            self.errs.push(fill(t.code, &[("col", &col), ("v", &v), ("want", &want)]));
        }
        found
    }

    fn date(&mut self, i: usize) -> Option<NaiveDate> {
        let v = self.c.get(i);
        if v.is_empty() {
            return None;
        }
        parse_date(v, self.today).map_err(|_| self.errs.push(fill(self.ctx.t.bad_date, &[("v", &v)]))).ok()
    }

    /// A day that has happened: today at the latest.
    fn past(&mut self, i: usize, col: &str) -> Option<NaiveDate> {
        let d = self.date(i)?;
        if d > self.today {
            let h = crate::i18n::hardship_io::text(self.ctx.lang);
            self.errs.push(fill(h.future, &[("col", &col), ("v", &d)]));
        }
        Some(d)
    }

    fn money(&mut self, i: usize) -> Option<i64> {
        let v = self.c.get(i);
        if v.is_empty() {
            return None;
        }
        match Fen::parse(v) {
            Ok(f) if f.0 >= 0 => Some(f.0),
            _ => {
                self.errs.push(fill(self.ctx.t.imp_amount, &[("v", &v)]));
                None
            }
        }
    }

    fn required(&mut self, i: usize, col: &str) {
        if self.c.get(i).is_empty() {
            self.errs.push(fill(self.ctx.t.imp_required, &[("col", &col)]));
        }
    }
}

fn check_row(ctx: &Ctx, today: NaiveDate, c: &Cells) -> Result<Row, Vec<String>> {
    let h = crate::i18n::hardship_io::text(ctx.lang);
    let mut l = Line { c, ctx, today, errs: vec![] };
    let file_no = crate::domain::text::fold_ascii(c.get(0)).trim().to_ascii_uppercase();
    if file_no.is_empty() {
        l.errs.push(fill(ctx.t.imp_required, &[("col", &"file_no")]));
    } else if !file_no.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-') {
        l.errs.push(fill(h.file_no, &[("v", &crate::domain::text::strip_controls(&file_no))]));
    }
    let id = csvio::id_or_reason(c.get(1), today, ctx.lang).map_err(|e| l.errs.push(e)).ok();
    let state = l.coded(2, "state", State::ALL, State::code, words::state);
    let category = match c.get(3) {
        "" => None,
        v => {
            let found =
                category_from_import(v).or_else(|| pick(Category::ALL, Category::code, words::category, v));
            if found.is_none() {
                let want = Category::ALL.iter().map(|x| x.code()).collect::<Vec<_>>().join(", ");
                l.errs.push(fill(h.code, &[("col", &"category"), ("v", &v), ("want", &want)]));
            }
            found
        }
    };
    let mut causes = vec![];
    for part in c.get(4).split([',', '，', '、', ';', '；', '|']).map(str::trim).filter(|p| !p.is_empty())
    {
        match pick(Cause::ALL, Cause::code, words::cause, part) {
            Some(cause) => causes.push(cause),
            None => {
                let want = Cause::ALL.iter().map(|x| x.code()).collect::<Vec<_>>().join(", ");
                l.errs.push(fill(h.code, &[("col", &"causes"), ("v", &part), ("want", &want)]));
            }
        }
    }
    let causes = causes_text(&causes);
    let filed_on = l.past(5, "filed_on");
    let valid_until = l.date(6);
    if let (Some(f), Some(v)) = (filed_on, valid_until)
        && v < f
    {
        l.errs.push(h.until_before.into());
    }
    let exited_on = l.past(7, "exited_on");
    let exit_reason = l.coded(8, "exit_reason", ExitReason::ALL, ExitReason::code, words::exit_reason);
    let verified_on = l.past(16, "verified_on");
    let reference = c.get(17).to_string();
    let verdict = l.coded(18, "verify_result", Verdict::ALL, Verdict::code, words::verdict);
    let per_head = l.money(19);
    let applied_on = l.past(20, "applied_on");
    let given = [16, 17, 18].iter().filter(|i| !c.get(**i).is_empty()).count();
    if given != 0 && given != 3 {
        l.errs.push(h.verify_partial.into());
    }
    // The member, unless every member cell is empty (a file without a household recorded).
    let member_cells = [9, 10, 11, 12, 13, 14, 15, 21];
    let seq = if member_cells.iter().all(|i| c.get(*i).is_empty()) {
        None
    } else {
        match c.get(9).parse::<u32>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                let v = c.get(9);
                l.errs.push(fill(h.code, &[("col", &"member_seq"), ("v", &v), ("want", &"1, 2, 3…")]));
                Some(0)
            }
        }
    };
    let member = match seq {
        None => None,
        Some(seq) => {
            l.required(10, "member_name");
            let relation = l.coded(11, "relation", Relation::ALL, Relation::code, words::relation);
            l.required(11, "relation");
            let health = l.coded(13, "health", Health::ALL, Health::code, words::health);
            l.required(13, "health");
            let work = l.coded(14, "work", Work::ALL, Work::code, words::work);
            l.required(14, "work");
            // A child's income left empty is none, as on the form.
            let income = match (c.get(15), relation) {
                ("", Some(Relation::Child)) => Some(0),
                _ => {
                    l.required(15, "income");
                    l.money(15)
                }
            };
            let grade = match c.get(21) {
                "" => Ok(None),
                g => match g.parse::<u8>() {
                    Ok(g) if (1..=4).contains(&g) => Ok(Some(g)),
                    _ => Err(()),
                },
            };
            let mismatch = health.is_some()
                && grade.is_ok_and(|grade| (health == Some(Health::Disabled)) != grade.is_some());
            if grade.is_err() || mismatch {
                l.errs.push(h.grade.into());
            }
            let grade = grade.ok().flatten();
            let member_id = match (c.get(12), relation) {
                ("", Some(Relation::Self_)) => id.as_ref().map(|i| i.as_str().to_string()),
                ("", Some(Relation::Child)) | ("", None) => None,
                ("", Some(_)) => {
                    l.errs.push(h.member_id.into());
                    None
                }
                (v, _) => csvio::id_or_reason(v, today, ctx.lang)
                    .map_err(|e| l.errs.push(e))
                    .ok()
                    .map(|m| m.as_str().to_string()),
            };
            if relation == Some(Relation::Self_)
                && let (Some(m), Some(id)) = (&member_id, &id)
                && m != id.as_str()
            {
                l.errs.push(h.self_id.into());
            }
            if (seq == 1) != (relation == Some(Relation::Self_)) && relation.is_some() {
                l.errs.push(h.self_first.into());
            }
            match (relation, health, work, income) {
                (Some(relation), Some(health), Some(work), Some(income_fen)) => Some((
                    seq,
                    Member {
                        name: c.get(10).to_string(),
                        relation,
                        id_number: member_id,
                        health,
                        disability_grade: grade,
                        work,
                        income_fen,
                    },
                )),
                _ => None,
            }
        }
    };
    // A file's first row carries the file, whole.
    let first = seq.is_none_or(|s| s == 1);
    let file = if first {
        if state.is_none() {
            l.required(2, "state");
        }
        let needs = |l: &mut Line, i: usize, col: &str, s: State| {
            if l.c.get(i).is_empty() {
                l.errs.push(fill(h.needs, &[("col", &col), ("state", &s.code())]));
            }
        };
        match state {
            Some(s @ State::Filed) => {
                needs(&mut l, 3, "category", s);
                needs(&mut l, 5, "filed_on", s);
            }
            Some(s @ State::Exited) => {
                needs(&mut l, 7, "exited_on", s);
                needs(&mut l, 8, "exit_reason", s);
            }
            _ => {}
        }
        let verification = match (verified_on, verdict) {
            (Some(dated_on), Some(result)) => Some(NewVerification {
                dated_on,
                reference: reference.clone(),
                result,
                per_head_fen: per_head,
            }),
            _ => None,
        };
        state.map(|state| Imported {
            file_no: file_no.clone(),
            state,
            category,
            causes: causes.clone(),
            applied_on: applied_on.or(filed_on).unwrap_or(today),
            filed_on,
            valid_until,
            exited_on,
            exit_reason,
            verification,
            exit_note: c.opt(22),
            reject_reason: c.opt(23),
            category_reason: c.opt(24),
        })
    } else {
        None
    };
    // The file cells normalized, so that 在档 on a later row is the same as filed on the first.
    let norm = |i: usize| -> String {
        match i {
            2 => state.map(|s| s.code().to_string()),
            3 => category.map(|s| s.code().to_string()),
            4 => (!c.get(4).is_empty()).then(|| causes.clone()),
            5 => filed_on.map(|d| d.to_string()),
            6 => valid_until.map(|d| d.to_string()),
            7 => exited_on.map(|d| d.to_string()),
            8 => exit_reason.map(|s| s.code().to_string()),
            16 => verified_on.map(|d| d.to_string()),
            18 => verdict.map(|s| s.code().to_string()),
            19 => per_head.map(|f| f.to_string()),
            20 => applied_on.map(|d| d.to_string()),
            _ => Some(c.get(i).to_string()),
        }
        .unwrap_or_default()
    };
    let cells = FILE_CELLS.iter().map(|(i, _)| norm(*i)).collect();
    match id {
        Some(id) if l.errs.is_empty() => {
            Ok(Row { line: c.line, file_no, id, file, cells, member: member.filter(|_| seq.is_some()) })
        }
        _ => Err(l.errs),
    }
}

/// What the rows so far said, for the rows after: the file being read, its first row's cells,
/// the member number wanted next, the files already done and the workers' open files.
#[derive(Default)]
struct Seen {
    file_no: String,
    cells: Vec<String>,
    next_seq: Option<u32>,
    /// The line of the last row taken: a line between was refused, and a member number after
    /// it is not told again.
    last_line: u64,
    /// The file's first row was refused: its later rows are taken as they come (nothing is
    /// written, and the first row is named already).
    headless: bool,
    done: HashMap<String, ()>,
    open: HashMap<String, String>,
    /// Files taken so far (for what the import says at its end).
    files: usize,
}

pub fn import(ctx: &Ctx, file: &Path, dry_run: bool) -> Result<()> {
    let mut db = ctx.open(OpenMode::Existing)?;
    let (clerk, actor) = ctx.act(&mut db, Permission::Import)?;
    let today = dates::local_day(Utc::now(), ctx.settings.tz);
    let h = crate::i18n::hardship_io::text(ctx.lang);
    let check = |c: &Cells| check_row(ctx, today, c);
    // The header is line 1: a first row on line 2 follows it.
    let seen = RefCell::new(Seen { last_line: 1, ..Seen::default() });
    // A file's rows together, numbered 1, 2, 3…, its cells as on its first row; its number
    // one worker's; one open file per worker.
    let refuse = |tx: &rusqlite::Transaction, r: &Row| -> Result<Option<String>, DbError> {
        let mut s = seen.borrow_mut();
        let no = &r.file_no;
        if *no != s.file_no {
            if s.done.contains_key(no) {
                return Ok(Some(fill(h.not_together, &[("no", no)])));
            }
            let want = r.member.as_ref().map(|(seq, _)| *seq);
            let headless = r.line > s.last_line + 1 && want.is_some_and(|n| n > 1);
            if !matches!(want, None | Some(1)) && !headless {
                return Ok(Some(fill(h.seq, &[("no", no), ("want", &1)])));
            }
            if let Some(owner) = hardship_import::owner(tx, no)?
                && owner != r.id.as_str()
            {
                let masked = IdNumber::from_stored(&owner).map(|i| i.masked()).unwrap_or_default();
                return Ok(Some(fill(h.other_worker, &[("no", no), ("id", &masked)])));
            }
            if hardship_import::waiting_at_counter(tx, no)? {
                return Ok(Some(fill(h.at_counter, &[("no", no)])));
            }
            let open = r.file.as_ref().is_some_and(|f| matches!(f.state, State::Applied | State::Filed));
            if open {
                let other = match s.open.get(r.id.as_str()) {
                    Some(o) => Some(o.clone()),
                    None => hardship_import::other_open(tx, r.id.as_str(), no)?
                        .filter(|o| !s.done.contains_key(o)),
                };
                if let Some(other) = other {
                    return Ok(Some(fill(h.other_open, &[("no", &other)])));
                }
            }
            let before = std::mem::take(&mut s.file_no);
            if !before.is_empty() {
                s.done.insert(before, ());
            }
            if open {
                s.open.insert(r.id.as_str().to_string(), no.clone());
            }
            s.file_no = no.clone();
            s.files += 1;
            s.cells = r.cells.clone();
            s.next_seq = want.map(|n| n + 1);
            s.last_line = r.line;
            s.headless = headless;
            return Ok(None);
        }
        let Some(want) = s.next_seq else { return Ok(Some(h.no_household.into())) };
        for ((_, col), (first, here)) in FILE_CELLS.iter().zip(s.cells.iter().zip(&r.cells)) {
            if !here.is_empty() && here != first && !s.headless {
                return Ok(Some(fill(h.differs, &[("no", no), ("col", col), ("v", here)])));
            }
        }
        let skipped = r.line > s.last_line + 1;
        match r.member.as_ref().map(|(seq, _)| *seq) {
            Some(seq) if seq == want || (skipped && seq > want) => {
                s.next_seq = Some(seq + 1);
                s.last_line = r.line;
                Ok(None)
            }
            _ => Ok(Some(fill(h.seq, &[("no", no), ("want", &want)]))),
        }
    };
    let by = By { clerk_id: clerk.id, role: clerk.role, actor: actor.clone(), at: Utc::now(), today };
    let at = crate::db::workers::stamp(by.at);
    let current = RefCell::new(None::<Household>);
    let workers = RefCell::new(None::<workers_seen::Seen>);
    let write = |tx: &rusqlite::Transaction, r: &Row| -> Result<(), DbError> {
        let mut household = current.borrow_mut();
        if let Some(f) = &r.file {
            let mut w = workers.borrow_mut();
            let w = match &mut *w {
                Some(w) => w,
                None => w.insert(workers_seen::Seen::new(tx, workers_seen::CAP)?),
            };
            let name = r.member.as_ref().map(|(_, m)| m.name.as_str()).unwrap_or("");
            let worker_id = w.upsert_name(tx, &r.id, name, &at)?;
            *household = Some(hardship_import::put_file(tx, &by, worker_id, f)?);
        }
        if let (Some(h), Some((seq, m))) = (*household, &r.member) {
            hardship_import::put_member(tx, h, *seq, m)?;
        }
        Ok(())
    };
    let key = |r: &Row| match &r.member {
        Some((seq, _)) => format!("{} #{seq}", r.file_no),
        None => r.file_no.clone(),
    };
    let plan = Plan {
        what: "hardship",
        required: &COLUMNS,
        optional: &OPTIONAL,
        check: &check,
        key: Some(&key),
        write: &write,
        refuse: Some(&refuse),
        rebuilt: &[],
    };
    let told = |n: usize, dry: bool| {
        let files = seen.borrow().files;
        fill(if dry { h.dry } else { h.done }, &[("files", &files), ("n", &n)])
    };
    import::run_told(ctx, &mut db.conn, &actor, file, dry_run, &plan, &told)
}

/// `export hardship`: every file (applied in the period, when one is given) a row per member,
/// in the import's columns. Masked unless `unmasked`: names and ID numbers masked, health,
/// disability, incomes, the verification's reference and per-head income, and the exit note,
/// reject reason and category reason (free text that may hold personal detail) left out.
pub fn export(ctx: &Ctx, asked: &csvio::Asked) -> Result<()> {
    let unmasked = asked.unmasked;
    let header: Vec<&str> = COLUMNS.iter().chain(OPTIONAL.iter()).copied().collect();
    let e = csvio::Export { what: "hardship", header: &header, query: Query::Hardship, stamps: false };
    let yuan = |f: String| f.parse::<i64>().map(|f| Fen(f).plain().replace(',', "")).unwrap_or_default();
    csvio::export(ctx, &e, asked, &|r| {
        let s = |i: usize| csvio::cell(r, i);
        let (member, member_id, _) = csvio::person_cells(s(10), s(12), String::new(), unmasked);
        let (_, id, _) = csvio::person_cells(String::new(), s(1), String::new(), unmasked);
        let hidden = |v: String| if unmasked { v } else { String::new() };
        vec![
            s(0),
            id,
            s(2),
            s(3),
            s(4),
            s(5),
            s(6),
            s(7),
            s(8),
            s(9),
            member,
            s(11),
            member_id,
            hidden(s(13)),
            s(14),
            hidden(yuan(s(15))),
            s(16),
            hidden(s(17)),
            s(18),
            hidden(yuan(s(19))),
            s(20),
            hidden(s(21)),
            hidden(s(22)),
            hidden(s(23)),
            hidden(s(24)),
        ]
    })
}

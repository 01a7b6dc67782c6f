//! `import walkins` and `export walkins`: all-or-nothing in, masked out.

use super::Ctx;
use super::csvio;
use super::import::{self, Cells, Plan};
use crate::db::exports::Query;
use crate::db::visits::{self, NewVisit};
use crate::db::workers::{self, Known};
use crate::db::{DbError, OpenMode};
use crate::domain::walkin::State;
use crate::domain::{IdNumber, Permission, Phone, dates};
use crate::i18n::fill;
use anyhow::Result;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use std::path::Path;

pub const HEADER: [&str; 8] =
    ["arrived_at", "category", "name", "id_number", "phone", "work_unit", "note", "status"];

/// One good row.
struct Row {
    arrived: DateTime<Utc>,
    matter: String,
    name: String,
    id: Option<IdNumber>,
    phone: String,
    unit: String,
    note: String,
    state: State,
}

fn parse_time(s: &str, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let unified = crate::domain::text::fold_ascii(s).replace(['/', '.'], "-");
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&unified, f).ok())
        .and_then(|t| t.and_local_timezone(tz).earliest())
        .map(|t| t.with_timezone(&Utc))
}

fn check(ctx: &Ctx, cells: &Cells, today: NaiveDate) -> Result<Row, Vec<String>> {
    let t = ctx.t;
    let ui = ctx.lang.ui();
    let cell = |i: usize| cells.get(i).to_string();
    let mut errs = vec![];
    let arrived = parse_time(&cell(0), ctx.settings.tz);
    if arrived.is_none() {
        errs.push(t.imp_time.to_string());
    }
    let matter = ctx
        .settings
        .config
        .matters
        .iter()
        .find(|m| m.code == cell(1) || m.name == cell(1))
        .map(|m| m.code.clone());
    if matter.is_none() {
        errs.push(fill(t.imp_matter, &[("v", &cell(1))]));
    }
    let id = match cell(3).as_str() {
        "" => None,
        s => csvio::id_or_reason(s, today, ctx.lang).map_err(|e| errs.push(e)).ok(),
    };
    let phone = match cell(4).as_str() {
        "" => String::new(),
        s => match Phone::parse(s) {
            Ok(p) => p.as_str().to_string(),
            Err(_) => {
                errs.push(ui.phone_invalid.to_string());
                String::new()
            }
        },
    };
    let state = State::parse(&cell(7));
    if state.is_none() {
        let want = State::ALL.map(State::code).join(", ");
        errs.push(fill(t.imp_status, &[("v", &cell(7)), ("want", &want)]));
    }
    match (arrived, matter, state) {
        (Some(arrived), Some(matter), Some(state)) if errs.is_empty() => {
            Ok(Row { arrived, matter, name: cell(2), id, phone, unit: cell(5), note: cell(6), state })
        }
        _ => Err(errs),
    }
}

pub fn import(ctx: &Ctx, file: &Path, dry_run: bool) -> Result<()> {
    let mut db = ctx.open(OpenMode::Existing)?;
    let (_, actor) = ctx.act(&mut db, Permission::Import)?;
    let today = dates::local_day(Utc::now(), ctx.settings.tz);
    let check = |c: &Cells| check(ctx, c, today);
    let clerk = actor.clerk_id;
    let write = |tx: &rusqlite::Transaction, r: &Row| -> Result<(), DbError> {
        let known = Known { name: &r.name, phone: &r.phone, work_unit: &r.unit, email: "" };
        let worker_id = match &r.id {
            Some(id) => Some(workers::upsert(tx, id, &known, Utc::now())?),
            None => None,
        };
        let v = NewVisit {
            matter: r.matter.clone(),
            worker_id,
            name: r.name.clone(),
            phone: r.phone.clone(),
            work_unit: r.unit.clone(),
            note: r.note.clone(),
            ..Default::default()
        };
        let day = dates::local_day(r.arrived, ctx.settings.tz).to_string();
        visits::import(tx, &v, r.state, r.arrived, &day, clerk).map(|_| ())
    };
    let plan = Plan {
        what: "walkins",
        required: &HEADER,
        optional: &[],
        check: &check,
        key: None,
        write: &write,
        refuse: None,
        rebuilt: &[],
    };
    import::run(ctx, &mut db.conn, &actor, file, dry_run, &plan)
}

pub fn export(ctx: &Ctx, asked: &csvio::Asked) -> Result<()> {
    let unmasked = asked.unmasked;
    let e = csvio::Export { what: "walkins", header: &HEADER, query: Query::Walkins, stamps: false };
    csvio::export(ctx, &e, asked, &|r| {
        let get = |i: usize| csvio::cell(r, i);
        let arrived = csvio::local_time(&get(0), ctx.settings.tz);
        let (name, id, phone) = csvio::person_cells(get(2), get(3), get(4), unmasked);
        // A work unit is free text too: a number typed into it is masked like one in a note.
        let unit = csvio::free_text(get(5), unmasked);
        vec![arrived, get(1), name, id, phone, unit, csvio::free_text(get(6), unmasked), get(7)]
    })
}

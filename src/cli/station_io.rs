//! `export station`: the station's log as CSV, one row per event — every stock movement (a
//! loan's lending and returns with the borrower), lost closes, deposits refunded (`refund`),
//! in-hall uses and help entries —
//! masked unless `--unmasked`.

use super::Ctx;
use super::csvio;
use crate::db::exports::Query;
use anyhow::Result;

pub const HEADER: [&str; 15] = [
    "at",
    "event",
    "item",
    "batch",
    "qty",
    "expected",
    "name",
    "phone",
    "id_number",
    "ticket",
    "due_on",
    "clerk",
    "window",
    "note",
    "loan",
];

pub fn export(ctx: &Ctx, asked: &csvio::Asked) -> Result<()> {
    let unmasked = asked.unmasked;
    let e = csvio::Export { what: "station", header: &HEADER, query: Query::Station, stamps: false };
    csvio::export(ctx, &e, asked, &|r| {
        let text = |i: usize| csvio::cell(r, i);
        let at = csvio::local_time(&text(0), ctx.settings.tz);
        let (name, id, phone) = csvio::person_cells(text(6), text(8), text(7), unmasked);
        vec![
            at,
            text(1),
            text(2),
            text(3),
            text(4),
            text(5),
            name,
            phone,
            id,
            text(9),
            text(10),
            text(11),
            text(12),
            csvio::free_text(text(13), unmasked),
            text(14),
        ]
    })
}

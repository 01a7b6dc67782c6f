//! `export letters`: one row per letter issued in the period (by its issue day), with what the
//! register holds on it — number, state, the worker (masked unless `--unmasked`), unit, dates,
//! delivery, what it replaces or was replaced by, its batch and its verification code.

use super::Ctx;
use super::csvio;
use crate::db::exports::Query;
use anyhow::Result;

pub const HEADER: [&str; 25] = [
    "number",
    "type",
    "state",
    "issued_at",
    "clerk",
    "name",
    "id_number",
    "work_unit",
    "recipient",
    "recipient_name",
    "start_on",
    "end_on",
    "days",
    "places",
    "standard",
    "companions",
    "note",
    "batch",
    "replaces",
    "replaced_by",
    "void_reason",
    "voided_at",
    "delivery",
    "sent_at",
    "code",
];

pub fn export(ctx: &Ctx, asked: &csvio::Asked) -> Result<()> {
    let unmasked = asked.unmasked;
    let units = &ctx.settings.config.recuperation_units;
    let tz = ctx.settings.tz;
    let e = csvio::Export { what: "letters", header: &HEADER, query: Query::Letters, stamps: false };
    csvio::export(ctx, &e, asked, &|r| {
        let text = |i: usize| csvio::cell(r, i);
        let (name, id, _) = csvio::person_cells(text(5), text(6), String::new(), unmasked);
        let recipient = text(8);
        let recipient_name =
            units.iter().find(|u| u.code == recipient).map(|u| u.name.clone()).unwrap_or_default();
        vec![
            text(0),
            text(1),
            text(2),
            csvio::local_time(&text(3), tz),
            text(4),
            name,
            id,
            csvio::free_text(text(7), unmasked),
            recipient,
            recipient_name,
            text(9),
            text(10),
            text(11),
            text(12),
            text(13),
            csvio::free_text(text(14), unmasked),
            csvio::free_text(text(15), unmasked),
            text(16),
            text(17),
            text(18),
            csvio::free_text(text(19), unmasked),
            csvio::local_time(&text(20), tz),
            text(21),
            csvio::local_time(&text(22), tz),
            text(23),
        ]
    })
}

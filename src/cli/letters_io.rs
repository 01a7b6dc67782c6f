//! `export letters`: one row per letter issued in the period (by its issue day), with what the
//! register holds on it — number, state, the worker (masked unless `--unmasked`), unit, dates,
//! delivery, what it replaces or was replaced by, its batch and its verification code.

use super::Ctx;
use super::csvio;
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

const LETTERS: &str = "
    SELECT l.number, l.type, l.state, l.issued_at, c.login, l.name, w.id_number, l.work_unit,
           l.recipient, l.start_on, l.end_on, l.days, l.places, l.standard, l.companions, l.note,
           b.year || '/' || b.seq, r.number, rb.number, l.void_reason, l.voided_at, l.delivery,
           l.sent_at, l.code
    FROM letters l
    JOIN workers w ON w.id = l.worker_id
    LEFT JOIN clerks c ON c.id = l.issued_by
    LEFT JOIN batches b ON b.id = l.batch_id
    LEFT JOIN letters r ON r.id = l.replaces
    LEFT JOIN letters rb ON rb.id = l.replaced_by
    WHERE (?1 IS NULL OR l.issued_on >= ?1) AND (?2 IS NULL OR l.issued_on <= ?2)
    ORDER BY l.issued_at, l.id";

pub fn export(ctx: &Ctx, asked: &csvio::Asked) -> Result<()> {
    let unmasked = asked.unmasked;
    let units = &ctx.settings.config.recuperation_units;
    let tz = ctx.settings.tz;
    let e = csvio::Export { what: "letters", header: &HEADER, sql: LETTERS, stamps: false };
    csvio::export(ctx, &e, asked, &|r| {
        let text = |i: usize| csvio::text_cell(r, i);
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
            text(7),
            recipient,
            recipient_name,
            text(9),
            text(10),
            text(11),
            text(12),
            text(13),
            text(14),
            text(15),
            text(16),
            text(17),
            text(18),
            text(19),
            csvio::local_time(&text(20), tz),
            text(21),
            csvio::local_time(&text(22), tz),
            text(23),
        ]
    })
}

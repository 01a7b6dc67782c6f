//! `export station`: the station's log as CSV, one row per event — every stock movement (a
//! loan's lending and returns with the borrower), lost closes, in-hall uses and help entries —
//! masked unless `--unmasked`.

use super::Ctx;
use super::csvio;
use anyhow::Result;

pub const HEADER: [&str; 14] = [
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
];

/// One query for every kind of event, in time order.
const EVENTS: &str = "
    SELECT m.at, m.kind, m.item, m.batch, m.qty, m.expected, l.name, l.phone, l.id_number,
           coalesce(m.ticket, l.ticket), l.due_on, c.login, m.window, m.note, m.day AS day
    FROM station_moves m LEFT JOIN station_loans l ON l.id = m.loan_id LEFT JOIN clerks c ON c.id = m.clerk_id
    UNION ALL
    SELECT l.closed_at, 'lost', l.item, '', l.lost, NULL, l.name, l.phone, l.id_number, l.ticket, l.due_on,
           NULL, NULL, l.note, substr(l.closed_at, 1, 10)
    FROM station_loans l WHERE l.lost > 0
    UNION ALL
    SELECT u.started_at, 'in_hall', u.item, '', 1, NULL, NULL, NULL, NULL, u.ticket, NULL, c.login, u.window,
           u.note, u.day
    FROM station_uses u LEFT JOIN clerks c ON c.id = u.clerk_id
    UNION ALL
    SELECT h.at, 'help', h.kind, '', 1, NULL, NULL, NULL, NULL, h.ticket, NULL, c.login, h.window, h.note, h.day
    FROM station_help h LEFT JOIN clerks c ON c.id = h.clerk_id";

pub fn export(ctx: &Ctx, asked: &csvio::Asked) -> Result<()> {
    let unmasked = asked.unmasked;
    let sql = format!(
        "SELECT * FROM ({EVENTS}) WHERE (?1 IS NULL OR day >= ?1) AND (?2 IS NULL OR day <= ?2) ORDER BY 1"
    );
    let e = csvio::Export { what: "station", header: &HEADER, sql: &sql, stamps: false };
    csvio::export(ctx, &e, asked, &|r| {
        let text = |i: usize| csvio::text_cell(r, i);
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
            text(13),
        ]
    })
}

//! The station's later migrations, kept here so `migrations.rs` stays readable; each is listed in
//! order in `migrations::MIGRATIONS` (append-only).

/// 21: a loan's deposit refunded when its last unit came back, with who, where and when (the
/// loan kept only that a deposit was taken, so a refund was neither recorded nor exported).
pub(super) const REFUNDS: &str = r#"
    CREATE TABLE station_refunds (
        id       INTEGER PRIMARY KEY,
        loan_id  INTEGER NOT NULL UNIQUE REFERENCES station_loans (id),
        at       TEXT NOT NULL,
        day      TEXT NOT NULL,
        clerk_id INTEGER REFERENCES clerks (id),
        window   TEXT,
        note     TEXT
    );
    CREATE INDEX station_refunds_day ON station_refunds (day);
"#;

/// 22: a day's tally (water) is kept per clerk and window: a clerk who moved to another window
/// the same day had the hand-outs there recorded at the first. Rows written before stay as they
/// are (each already one clerk's at one window, so still unique under the wider key).
pub(super) const TALLY_WINDOW: &str = r#"
    DROP INDEX station_moves_tally;
    CREATE UNIQUE INDEX station_moves_tally ON station_moves (item, batch, day, clerk_id, window)
        WHERE kind = 'tally';
"#;

/// 24: the closed loans that took a deposit, by due date: F4 lists those whose deposit is not
/// refunded yet beside the open ones (the list and its count read this index, not the table).
pub(super) const DEPOSIT_CLOSED: &str = r#"
    CREATE INDEX station_loans_deposit_closed ON station_loans (due_on, id)
        WHERE deposit = 1 AND closed_at IS NOT NULL;
"#;

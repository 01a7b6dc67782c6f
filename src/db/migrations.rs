//! Numbered, append-only migrations. Never edit one that has shipped: add the next.

use super::{DbError, Result};
use rusqlite::Connection;
use std::path::Path;

/// Each entry moves the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: clerks, settings, the audit trail and login attempts.
    r#"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE clerks (
        id         INTEGER PRIMARY KEY,
        login      TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL,
        role       TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'volunteer', 'auditor')),
        pin_hash   TEXT NOT NULL,
        disabled   INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        version    INTEGER NOT NULL DEFAULT 1
    );

    -- Failed logins per login text (known or not), so the lock-out says nothing about
    -- which logins exist.
    CREATE TABLE login_attempts (
        login        TEXT PRIMARY KEY,
        failures     INTEGER NOT NULL,
        locked_until TEXT
    ) WITHOUT ROWID;

    CREATE TABLE audit_log (
        id            INTEGER PRIMARY KEY,
        at            TEXT NOT NULL,
        clerk_id      INTEGER,
        clerk_login   TEXT,
        action        TEXT NOT NULL,
        worker_id     INTEGER,
        worker_masked TEXT,
        reason        TEXT,
        detail        TEXT,
        terminal      TEXT NOT NULL,
        prev_hash     TEXT NOT NULL,
        hash          TEXT NOT NULL
    );
    CREATE INDEX audit_log_at ON audit_log (at);
    CREATE INDEX audit_log_worker ON audit_log (worker_id) WHERE worker_id IS NOT NULL;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    "#,
    // 2: workers, walk-in visits with their event rows, and per-day ticket counters.
    r#"
    CREATE TABLE workers (
        id              INTEGER PRIMARY KEY,
        id_number       TEXT NOT NULL UNIQUE,
        name            TEXT NOT NULL,
        phone           TEXT,
        work_unit       TEXT,
        email           TEXT,
        mutual_aid_year INTEGER,
        hardship_level  TEXT,
        hardship_until  TEXT,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        version         INTEGER NOT NULL DEFAULT 1
    );

    -- One row per visit (a ticket, a call or an online request). `state`, `calls` and
    -- `window` are kept in step with visit_events in the same transaction.
    CREATE TABLE visits (
        id           INTEGER PRIMARY KEY,
        day          TEXT NOT NULL,
        ticket       TEXT,
        matter       TEXT NOT NULL,
        channel      TEXT NOT NULL,
        worker_id    INTEGER REFERENCES workers (id),
        name         TEXT,
        phone        TEXT,
        work_unit    TEXT,
        note         TEXT,
        priority     TEXT,
        arrived_at   TEXT NOT NULL,
        state        TEXT NOT NULL,
        calls        INTEGER NOT NULL DEFAULT 0,
        window       TEXT,
        outcome      TEXT,
        papers       TEXT,
        ref_department TEXT,
        ref_contact  TEXT,
        ref_follow_up_on TEXT,
        ref_note     TEXT,
        followup_result TEXT,
        followup_at  TEXT,
        checklist_given_at TEXT,
        issued_by    INTEGER REFERENCES clerks (id),
        issued_window TEXT,
        imported     INTEGER NOT NULL DEFAULT 0,
        version      INTEGER NOT NULL DEFAULT 1,
        UNIQUE (day, ticket)
    );
    CREATE INDEX visits_day_state ON visits (day, state);
    CREATE INDEX visits_worker ON visits (worker_id, arrived_at);
    CREATE INDEX visits_followup ON visits (outcome, followup_result);

    CREATE TABLE visit_events (
        id         INTEGER PRIMARY KEY,
        visit_id   INTEGER NOT NULL REFERENCES visits (id),
        at         TEXT NOT NULL,
        clerk_id   INTEGER REFERENCES clerks (id),
        window     TEXT,
        kind       TEXT NOT NULL,
        from_state TEXT,
        to_state   TEXT NOT NULL,
        detail     TEXT
    );
    CREATE INDEX visit_events_visit ON visit_events (visit_id);
    CREATE INDEX visit_events_at ON visit_events (at);

    CREATE TABLE ticket_counters (
        day    TEXT NOT NULL,
        letter TEXT NOT NULL,
        last   INTEGER NOT NULL,
        PRIMARY KEY (day, letter)
    ) WITHOUT ROWID;
    "#,
    // 3: claims and their state changes.
    r#"
    CREATE TABLE claims (
        id                  INTEGER PRIMARY KEY,
        claim_no            TEXT NOT NULL UNIQUE,
        worker_id           INTEGER NOT NULL REFERENCES workers (id),
        kind                TEXT NOT NULL,
        filed_on            TEXT NOT NULL,
        amount_claimed_fen  INTEGER NOT NULL CHECK (amount_claimed_fen >= 0),
        amount_approved_fen INTEGER CHECK (amount_approved_fen >= 0),
        amount_paid_fen     INTEGER CHECK (amount_paid_fen >= 0),
        paid_on             TEXT,
        status              TEXT NOT NULL,
        papers_complete_on  TEXT,
        missing_papers      TEXT,
        reason              TEXT,
        note                TEXT,
        registered_by       INTEGER REFERENCES clerks (id),
        first_approver      INTEGER REFERENCES clerks (id),
        consent_version     TEXT,
        created_at          TEXT NOT NULL,
        version             INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX claims_worker ON claims (worker_id, filed_on);

    CREATE TABLE claim_events (
        id        INTEGER PRIMARY KEY,
        claim_id  INTEGER NOT NULL REFERENCES claims (id),
        at        TEXT NOT NULL,
        clerk_id  INTEGER REFERENCES clerks (id),
        from_state TEXT,
        to_state  TEXT NOT NULL,
        note      TEXT,
        source    TEXT NOT NULL
    );
    CREATE INDEX claim_events_claim ON claim_events (claim_id);
    CREATE INDEX claim_events_at ON claim_events (at);
    "#,
    // 4: yearly number series (claims at the counter, later letters).
    r#"
    CREATE TABLE number_counters (
        series TEXT NOT NULL,
        year   INTEGER NOT NULL,
        last   INTEGER NOT NULL,
        PRIMARY KEY (series, year)
    ) WITHOUT ROWID;
    "#,
    // 5: recuperation letters. The texts are stored as issued (the files are rebuilt from
    // them); a void keeps the number; a re-issue records the letter it replaces.
    r#"
    CREATE TABLE letters (
        id           INTEGER PRIMARY KEY,
        type         TEXT NOT NULL,
        number       TEXT NOT NULL UNIQUE,
        year         INTEGER NOT NULL,
        seq          INTEGER NOT NULL,
        worker_id    INTEGER NOT NULL REFERENCES workers (id),
        id_masked    TEXT NOT NULL,
        name         TEXT NOT NULL,
        work_unit    TEXT,
        recipient    TEXT NOT NULL,
        start_on     TEXT NOT NULL,
        end_on       TEXT NOT NULL,
        days         INTEGER NOT NULL CHECK (days > 0),
        places       INTEGER,
        standard     TEXT,
        companions   TEXT,
        note         TEXT,
        issued_on    TEXT NOT NULL,
        issued_at    TEXT NOT NULL,
        issued_by    INTEGER REFERENCES clerks (id),
        unit_text    TEXT NOT NULL,
        worker_text  TEXT NOT NULL,
        unit_sha     TEXT NOT NULL,
        worker_sha   TEXT NOT NULL,
        code         TEXT NOT NULL,
        state        TEXT NOT NULL DEFAULT 'issued',
        void_reason  TEXT,
        voided_by    INTEGER REFERENCES clerks (id),
        voided_at    TEXT,
        replaces     INTEGER REFERENCES letters (id),
        replaced_by  INTEGER REFERENCES letters (id),
        delivery     TEXT NOT NULL DEFAULT 'pending',
        files        TEXT NOT NULL DEFAULT 'pending',
        UNIQUE (type, year, seq)
    );
    CREATE INDEX letters_worker ON letters (worker_id);
    CREATE INDEX letters_issued ON letters (issued_on);
    "#,
    // 6: delivery of letters (who sent, when, how, the last error) and the void notice.
    r#"
    ALTER TABLE letters ADD COLUMN sent_by INTEGER REFERENCES clerks (id);
    ALTER TABLE letters ADD COLUMN sent_at TEXT;
    ALTER TABLE letters ADD COLUMN sent_how TEXT;
    ALTER TABLE letters ADD COLUMN send_error TEXT;
    ALTER TABLE letters ADD COLUMN notice TEXT;
    "#,
    // 7: recuperation batches: one roster message to the unit for many letters.
    r#"
    CREATE TABLE batches (
        id          INTEGER PRIMARY KEY,
        year        INTEGER NOT NULL,
        seq         INTEGER NOT NULL,
        recipient   TEXT NOT NULL,
        start_on    TEXT NOT NULL,
        end_on      TEXT NOT NULL,
        issued_at   TEXT NOT NULL,
        issued_by   INTEGER REFERENCES clerks (id),
        roster_text TEXT NOT NULL,
        delivery    TEXT NOT NULL DEFAULT 'pending',
        UNIQUE (year, seq)
    );
    ALTER TABLE letters ADD COLUMN batch_id INTEGER REFERENCES batches (id);
    "#,
    // 8: the courtesy station. Stock on hand is the sum of `station_moves`; `station_stock`
    // keeps that sum per item and batch (checked against the log, never below zero).
    r#"
    CREATE TABLE station_stock (
        item       TEXT NOT NULL,
        batch      TEXT NOT NULL DEFAULT '',
        expires_on TEXT,
        qty        INTEGER NOT NULL CHECK (qty >= 0),
        PRIMARY KEY (item, batch)
    ) WITHOUT ROWID;

    CREATE TABLE station_loans (
        id         INTEGER PRIMARY KEY,
        item       TEXT NOT NULL,
        qty        INTEGER NOT NULL CHECK (qty > 0),
        returned   INTEGER NOT NULL DEFAULT 0,
        lost       INTEGER NOT NULL DEFAULT 0,
        name       TEXT NOT NULL,
        phone      TEXT NOT NULL,
        id_number  TEXT,
        worker_id  INTEGER REFERENCES workers (id),
        ticket     TEXT,
        deposit    INTEGER NOT NULL DEFAULT 0,
        lent_at    TEXT NOT NULL,
        lent_on    TEXT NOT NULL,
        due_on     TEXT NOT NULL,
        lent_by    INTEGER REFERENCES clerks (id),
        closed_at  TEXT,
        note       TEXT,
        CHECK (returned >= 0 AND lost >= 0 AND returned + lost <= qty)
    );
    CREATE INDEX station_loans_open ON station_loans (due_on, item, qty, returned, lost) WHERE closed_at IS NULL;
    CREATE INDEX station_loans_due ON station_loans (due_on);
    CREATE INDEX station_loans_worker ON station_loans (worker_id) WHERE worker_id IS NOT NULL;
    CREATE INDEX station_loans_phone ON station_loans (phone);

    CREATE TABLE station_moves (
        id       INTEGER PRIMARY KEY,
        at       TEXT NOT NULL,
        day      TEXT NOT NULL,
        item     TEXT NOT NULL,
        batch    TEXT NOT NULL DEFAULT '',
        kind     TEXT NOT NULL
                 CHECK (kind IN ('restock', 'give', 'tally', 'lend', 'return', 'count', 'adjust')),
        qty      INTEGER NOT NULL,
        entries  INTEGER NOT NULL DEFAULT 1,
        expected INTEGER,
        loan_id  INTEGER REFERENCES station_loans (id),
        clerk_id INTEGER REFERENCES clerks (id),
        window   TEXT,
        ticket   TEXT,
        note     TEXT
    );
    CREATE INDEX station_moves_day ON station_moves (day);
    CREATE UNIQUE INDEX station_moves_tally ON station_moves (item, batch, day) WHERE kind = 'tally';

    CREATE TABLE station_uses (
        id         INTEGER PRIMARY KEY,
        item       TEXT NOT NULL,
        day        TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at   TEXT,
        ticket     TEXT,
        note       TEXT,
        clerk_id   INTEGER REFERENCES clerks (id),
        window     TEXT
    );
    CREATE INDEX station_uses_day ON station_uses (day);

    CREATE TABLE station_help (
        id       INTEGER PRIMARY KEY,
        at       TEXT NOT NULL,
        day      TEXT NOT NULL,
        kind     TEXT NOT NULL,
        note     TEXT NOT NULL,
        ticket   TEXT,
        clerk_id INTEGER REFERENCES clerks (id),
        window   TEXT
    );
    CREATE INDEX station_help_day ON station_help (day);
    "#,
    // 9: what the summary reads without scanning whole tables: claims still open, loans closed
    // since a day, a loan's returns.
    r#"
    CREATE INDEX claims_open ON claims (papers_complete_on) WHERE status NOT IN ('paid', 'rejected');
    CREATE INDEX station_loans_closed ON station_loans (closed_at) WHERE closed_at IS NOT NULL;
    CREATE INDEX station_moves_loan ON station_moves (loan_id) WHERE loan_id IS NOT NULL;
    "#,
    // 10: at scale. F3's register by year, the summary's voids and start-up's unfinished files
    // without walking every letter's stored texts; the summary counts a year of claim events
    // and finds the open claims from their indexes alone (they hold what it needs).
    r#"
    DROP INDEX claim_events_at;
    CREATE INDEX claim_events_at ON claim_events (at, to_state, from_state, source, clerk_id, claim_id);
    DROP INDEX claims_open;
    CREATE INDEX claims_open ON claims (papers_complete_on, kind, status) WHERE status NOT IN ('paid', 'rejected');
    CREATE INDEX letters_year ON letters (year);
    CREATE INDEX letters_voided ON letters (voided_at) WHERE voided_at IS NOT NULL;
    CREATE INDEX letters_pending ON letters (id) WHERE files = 'pending';
    "#,
    // 11: a claim's closing (paid or rejected) found from an index alone: the summary asks it
    // of every claim closed in its period (a year: 400,000).
    r#"
    CREATE INDEX claim_events_closed ON claim_events (claim_id, at, to_state) WHERE to_state IN ('paid', 'rejected');
    "#,
    // 12: a day's waiting by matter from the index alone: every registration counts who is
    // ahead of it, and every F1 refresh who waits for the window's matters.
    r#"
    DROP INDEX visits_day_state;
    CREATE INDEX visits_day_state ON visits (day, state, matter);
    "#,
    // 13: the counter does what the clerk means. A window holds one current ticket (called or
    // being served) at a time, whichever terminal calls; the follow-up list is every open
    // referral by its due date (the visit's day when none was given), read by keyset.
    r#"
    CREATE TRIGGER visits_one_current BEFORE UPDATE OF state, window ON visits
    WHEN NEW.state IN ('called', 'serving') AND NEW.window IS NOT NULL AND EXISTS (
        SELECT 1 FROM visits WHERE day = NEW.day AND window = NEW.window
           AND state IN ('called', 'serving') AND id <> NEW.id)
    BEGIN SELECT RAISE(ABORT, 'window_busy'); END;
    CREATE INDEX visits_followup_due ON visits (coalesce(ref_follow_up_on, day), id)
        WHERE outcome = 'referred' AND followup_result IS NULL;
    "#,
    // 14: letters a unit can trust. A chain of re-issues never forks: a letter is replaced
    // once. Delivery is kept per recipient (the unit's copy, the worker's), so a retry mails
    // only those not yet reached. Each void notice is its own message (file, Message-ID).
    r#"
    CREATE TRIGGER letters_replaced_once BEFORE UPDATE OF replaced_by ON letters
    WHEN OLD.replaced_by IS NOT NULL AND NEW.replaced_by IS NOT OLD.replaced_by
    BEGIN SELECT RAISE(ABORT, 'letter_replaced'); END;
    CREATE TABLE letter_deliveries (
        letter_id  INTEGER NOT NULL REFERENCES letters (id),
        recipient  TEXT NOT NULL,   -- 'unit' or 'worker'
        address    TEXT NOT NULL,
        state      TEXT NOT NULL,   -- 'sent' or 'failed'
        at         TEXT NOT NULL,
        error      TEXT,
        PRIMARY KEY (letter_id, recipient)
    ) WITHOUT ROWID;
    CREATE TABLE letter_notices (
        letter_id   INTEGER NOT NULL REFERENCES letters (id),
        seq         INTEGER NOT NULL,
        replaced_by INTEGER REFERENCES letters (id),
        message_id  TEXT NOT NULL,
        file        TEXT NOT NULL,
        state       TEXT NOT NULL,  -- 'pending' or 'sent'
        at          TEXT NOT NULL,
        PRIMARY KEY (letter_id, seq)
    ) WITHOUT ROWID;
    "#,
    // 15: a purged letter's seal. A purge masks the name its code signed, so it leaves an
    // HMAC over what remains (the record with the name masked, and the code); verification
    // by number and code checks that seal, never skips the signature.
    r#"
    CREATE TABLE letter_seals (
        letter_id INTEGER PRIMARY KEY REFERENCES letters (id),
        seal TEXT NOT NULL
    );
    "#,
    // 16: each letter's mark (`letter_marks.rs`): an HMAC over what its code does not sign —
    // the worker, the details, the standing (void, replaced, why). The reason a re-issue gives
    // is kept on the new letter, so its notice says that reason, not an earlier void's.
    // Letters already issued are marked as they stand by the upgrade (`MARK_EXISTING`).
    r#"
    ALTER TABLE letters ADD COLUMN replace_reason TEXT;
    CREATE TABLE letter_marks (
        letter_id INTEGER PRIMARY KEY REFERENCES letters (id),
        mark TEXT NOT NULL
    );
    CREATE TABLE batch_marks (
        batch_id INTEGER PRIMARY KEY REFERENCES batches (id),
        mark TEXT NOT NULL
    );
    "#,
    // 17: the audit trail's head is signed (`audit_seal.rs`): the upgrade signs the head as it
    // stands, with the key beside the database (no table changes).
    "",
    // 18: the files written with `--out` (`out_files.rs`), so a purge removes an old export
    // only while it is still that file.
    r#"
    CREATE TABLE out_files (
        id         INTEGER PRIMARY KEY,
        what       TEXT NOT NULL,
        path       TEXT NOT NULL,
        size       INTEGER NOT NULL,
        sha256     TEXT NOT NULL,
        at         TEXT NOT NULL,
        mac        TEXT NOT NULL,  -- HMAC over the row: a row added by hand names no file to remove
        removed_at TEXT
    );
    CREATE INDEX out_files_at ON out_files (at) WHERE removed_at IS NULL;
    "#,
    // 19: a day's tally (water) is kept per clerk, so a hand-out counts as the clerk's who
    // recorded it, not the day's first clerk's. A day's row written before stays whose it was.
    r#"
    DROP INDEX station_moves_tally;
    CREATE UNIQUE INDEX station_moves_tally ON station_moves (item, batch, day, clerk_id) WHERE kind = 'tally';
    "#,
    // 20: each lost close of a loan is a row of its own, with who, where and when (the loan kept
    // only the sum, so two supervisors' closes were one undated row while the loan stayed open).
    // Closes made before are taken from the audit trail (who and when; the window was not
    // kept); what the trail does not account for is one row dated when the loan closed, or was
    // lent if it is still open. Their day is the UTC day of the stamp (the zone is config).
    r#"
    CREATE TABLE station_lost (
        id       INTEGER PRIMARY KEY,
        loan_id  INTEGER NOT NULL REFERENCES station_loans (id),
        at       TEXT NOT NULL,
        day      TEXT NOT NULL,
        qty      INTEGER NOT NULL CHECK (qty > 0),
        clerk_id INTEGER REFERENCES clerks (id),
        window   TEXT,
        reason   TEXT
    );
    CREATE INDEX station_lost_day ON station_lost (day);
    CREATE INDEX station_lost_loan ON station_lost (loan_id);
    INSERT INTO station_lost (loan_id, at, day, qty, clerk_id, reason)
        SELECT l.id, a.at, substr(a.at, 1, 10),
               CAST(substr(a.detail, instr(a.detail, ' qty=') + 5) AS INTEGER), a.clerk_id, a.reason
        FROM audit_log a JOIN station_loans l ON l.id = CAST(substr(a.detail, 6) AS INTEGER)
        WHERE a.action = 'station_lost' AND a.detail LIKE 'loan=%' AND instr(a.detail, ' qty=') > 0
          AND CAST(substr(a.detail, instr(a.detail, ' qty=') + 5) AS INTEGER) > 0
        ORDER BY a.id;
    INSERT INTO station_lost (loan_id, at, day, qty, reason)
        SELECT l.id, coalesce(l.closed_at, l.lent_at), substr(coalesce(l.closed_at, l.lent_at), 1, 10),
               l.lost - coalesce((SELECT sum(s.qty) FROM station_lost s WHERE s.loan_id = l.id), 0), l.note
        FROM station_loans l
        WHERE l.lost > coalesce((SELECT sum(s.qty) FROM station_lost s WHERE s.loan_id = l.id), 0);
    "#,
    // 21: a deposit's refund (see `migrations_station`).
    super::migrations_station::REFUNDS,
    // 22: the tally per clerk and window (see `migrations_station`).
    super::migrations_station::TALLY_WINDOW,
    // 23: hardship files (see `migrations_hardship`).
    super::migrations_hardship::FILES,
    // 24: closed deposit loans, for the deposits still owed (see `migrations_station`).
    super::migrations_station::DEPOSIT_CLOSED,
    // 25: the worker's old hardship columns dropped (see `migrations_hardship`).
    super::migrations_hardship::DROP_LEVEL,
    // 26: the aid fund: a claim's programme, budgets' history, objections (see `migrations_fund`).
    super::migrations_fund::FUND,
];

/// The migration after which the audit head is signed.
const SEAL_AUDIT: usize = 17;

/// The migration after which the letters already issued are marked.
const MARK_EXISTING: usize = 16;

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the schema up to date in one exclusive transaction that re-reads `user_version`,
/// so terminals starting together cannot both migrate. Returns true when the file was new.
pub(super) fn run(conn: &Connection, path: &Path) -> Result<bool> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == LATEST_VERSION {
        return Ok(false);
    }
    conn.execute_batch("BEGIN EXCLUSIVE")?;
    let result = apply(conn, path);
    match result {
        Ok(created) => {
            conn.execute_batch("COMMIT")?;
            Ok(created)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

fn apply(conn: &Connection, path: &Path) -> Result<bool> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > LATEST_VERSION {
        return Err(DbError::Newer { path: path.to_path_buf(), found: version, known: LATEST_VERSION });
    }
    // A file with tables of someone else's is never made a frontdesk database. Decided here,
    // under the exclusive lock: a terminal creating the file at the same moment is waited for.
    if version == 0 {
        let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if objects > 0 {
            return Err(DbError::NotFrontdesk(path.to_path_buf()));
        }
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        conn.execute_batch(sql)?;
        if i + 1 == MARK_EXISTING {
            super::letter_marks::mark_existing(conn, path)?;
        }
        if i + 1 == SEAL_AUDIT {
            super::audit_seal::seal_head(conn)?;
        }
        conn.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    Ok(version == 0)
}

#[cfg(test)]
pub(super) fn all() -> &'static [&'static str] {
    MIGRATIONS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_applies_in_order_on_an_empty_file() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("m.db")).unwrap();
        for (i, sql) in MIGRATIONS.iter().enumerate() {
            conn.execute_batch(sql).unwrap_or_else(|e| panic!("migration {}: {e}", i + 1));
        }
        // No table other than audit_log has "audit" in its name (DESIGN.md).
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE '%audit%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1);
    }
}

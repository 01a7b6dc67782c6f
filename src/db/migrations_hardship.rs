//! The hardship files' schema (issue #25), listed in order in `migrations::MIGRATIONS`.
//!
//! A file belongs to one worker; at most one is open (applied or filed) at a time. Its
//! household is the member rows of its latest approved review, or of the application when it
//! has none (`current_review`); rows are never rewritten, so each review keeps the household as
//! it found it. Every step is an event with who and when; `valid_until` rides on the events so
//! the day a file lapsed can be told after a late review moved it on.

/// 23: hardship files, their households, verifications, reviews, visits and events. The
/// worker's loose `hardship_level` / `hardship_until` become filed files (source `migration`,
/// no household rows: none was ever recorded); the columns stay, unread, until the code that
/// wrote them is gone.
pub(super) const FILES: &str = r#"
    CREATE TABLE hardship_files (
        id              INTEGER PRIMARY KEY,
        file_no         TEXT NOT NULL UNIQUE,
        worker_id       INTEGER NOT NULL REFERENCES workers (id),
        state           TEXT NOT NULL CHECK (state IN ('applied', 'filed', 'rejected', 'exited')),
        returned        INTEGER NOT NULL DEFAULT 0,
        category        TEXT CHECK (category IN ('deep', 'relative', 'sudden')),
        proposed        TEXT CHECK (proposed IN ('deep', 'relative', 'sudden')),
        category_reason TEXT,
        causes          TEXT NOT NULL DEFAULT '',
        members         INTEGER NOT NULL DEFAULT 0 CHECK (members >= 0),
        income_fen      INTEGER NOT NULL DEFAULT 0 CHECK (income_fen >= 0),
        per_head_fen    INTEGER NOT NULL DEFAULT 0 CHECK (per_head_fen >= 0),
        line_year       INTEGER,
        current_review  INTEGER REFERENCES hardship_reviews (id),
        applied_on      TEXT NOT NULL,
        entered_by      INTEGER REFERENCES clerks (id),
        filed_on        TEXT,
        approved_by     INTEGER REFERENCES clerks (id),
        valid_until     TEXT,
        reviewed_on     TEXT,
        exited_on       TEXT,
        exit_reason     TEXT CHECK (exit_reason IN
                            ('income', 'employed', 'recovered', 'own_request', 'died', 'moved', 'other')),
        exit_note       TEXT,
        reject_reason   TEXT,
        source          TEXT NOT NULL DEFAULT 'counter' CHECK (source IN ('counter', 'import', 'migration')),
        purged_at       TEXT,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        version         INTEGER NOT NULL DEFAULT 1
    );
    CREATE UNIQUE INDEX hardship_files_open ON hardship_files (worker_id) WHERE state IN ('applied', 'filed');
    CREATE INDEX hardship_files_worker ON hardship_files (worker_id);
    CREATE INDEX hardship_files_state ON hardship_files (state, valid_until);

    CREATE TABLE hardship_reviews (
        id           INTEGER PRIMARY KEY,
        file_id      INTEGER NOT NULL REFERENCES hardship_files (id),
        state        TEXT NOT NULL CHECK (state IN ('entered', 'approved', 'returned')),
        result       TEXT NOT NULL CHECK (result IN ('continue', 'exit')),
        exit_reason  TEXT CHECK (exit_reason IN
                         ('income', 'employed', 'recovered', 'own_request', 'died', 'moved', 'other')),
        category     TEXT CHECK (category IN ('deep', 'relative', 'sudden')),
        members      INTEGER NOT NULL DEFAULT 0,
        income_fen   INTEGER NOT NULL DEFAULT 0 CHECK (income_fen >= 0),
        per_head_fen INTEGER NOT NULL DEFAULT 0 CHECK (per_head_fen >= 0),
        note         TEXT,
        entered_by   INTEGER REFERENCES clerks (id),
        entered_at   TEXT NOT NULL,
        entered_on   TEXT NOT NULL,
        approved_by  INTEGER REFERENCES clerks (id),
        approved_on  TEXT
    );
    CREATE UNIQUE INDEX hardship_reviews_open ON hardship_reviews (file_id) WHERE state = 'entered';
    CREATE INDEX hardship_reviews_file ON hardship_reviews (file_id);

    CREATE TABLE hardship_members (
        id               INTEGER PRIMARY KEY,
        file_id          INTEGER NOT NULL REFERENCES hardship_files (id),
        review_id        INTEGER REFERENCES hardship_reviews (id),
        seq              INTEGER NOT NULL CHECK (seq >= 1),
        name             TEXT NOT NULL,
        relation         TEXT NOT NULL CHECK (relation IN ('self', 'spouse', 'child', 'parent', 'other')),
        id_number        TEXT,
        health           TEXT NOT NULL CHECK (health IN ('healthy', 'chronic', 'grave', 'disabled')),
        disability_grade INTEGER CHECK (disability_grade BETWEEN 1 AND 4),
        work             TEXT NOT NULL CHECK (work IN ('employed', 'unemployed', 'retired', 'student', 'unable')),
        income_fen       INTEGER NOT NULL CHECK (income_fen >= 0)
    );
    CREATE INDEX hardship_members_file ON hardship_members (file_id, review_id, seq);

    CREATE TABLE hardship_verifications (
        id           INTEGER PRIMARY KEY,
        file_id      INTEGER NOT NULL REFERENCES hardship_files (id),
        review_id    INTEGER REFERENCES hardship_reviews (id),
        dated_on     TEXT NOT NULL,
        reference    TEXT NOT NULL,
        result       TEXT NOT NULL CHECK (result IN ('eligible', 'ineligible', 'pending')),
        per_head_fen INTEGER CHECK (per_head_fen >= 0),
        entered_by   INTEGER REFERENCES clerks (id),
        entered_at   TEXT NOT NULL
    );
    CREATE INDEX hardship_verifications_file ON hardship_verifications (file_id, dated_on);

    CREATE TABLE hardship_visits (
        id         INTEGER PRIMARY KEY,
        file_id    INTEGER NOT NULL REFERENCES hardship_files (id),
        visited_on TEXT NOT NULL,
        place      TEXT NOT NULL,
        found      TEXT NOT NULL CHECK (length(trim(found)) > 0),
        needs      TEXT,
        given      TEXT,
        claim_id   INTEGER REFERENCES claims (id),
        next_step  TEXT,
        next_on    TEXT,
        entered_by INTEGER REFERENCES clerks (id),
        entered_at TEXT NOT NULL
    );
    CREATE INDEX hardship_visits_file ON hardship_visits (file_id, visited_on);
    CREATE INDEX hardship_visits_day ON hardship_visits (visited_on);

    CREATE TABLE hardship_visit_clerks (
        visit_id INTEGER NOT NULL REFERENCES hardship_visits (id),
        clerk_id INTEGER NOT NULL REFERENCES clerks (id),
        PRIMARY KEY (visit_id, clerk_id)
    ) WITHOUT ROWID;

    CREATE TABLE hardship_events (
        id          INTEGER PRIMARY KEY,
        file_id     INTEGER NOT NULL REFERENCES hardship_files (id),
        at          TEXT NOT NULL,
        day         TEXT NOT NULL,
        clerk_id    INTEGER REFERENCES clerks (id),
        action      TEXT NOT NULL CHECK (action IN ('apply', 'edit', 'return', 'approve', 'reject',
                        'verify', 'review', 'review_approve', 'review_return', 'exit', 'visit',
                        'import', 'purge')),
        state       TEXT NOT NULL CHECK (state IN ('applied', 'filed', 'rejected', 'exited')),
        valid_until TEXT,
        detail      TEXT,
        source      TEXT NOT NULL DEFAULT 'counter' CHECK (source IN ('counter', 'import', 'migration'))
    );
    CREATE INDEX hardship_events_day ON hardship_events (day, action);
    CREATE INDEX hardship_events_file ON hardship_events (file_id, id);

    INSERT INTO hardship_files (file_no, worker_id, state, category, applied_on, filed_on, valid_until,
                                source, created_at, updated_at)
        SELECT 'KN-M' || printf('%07d', w.id), w.id, 'filed',
               CASE WHEN w.hardship_level IN ('deep', '深度困难') THEN 'deep'
                    WHEN w.hardship_level IN ('sudden', '意外致困') THEN 'sudden'
                    ELSE 'relative' END,
               substr(w.created_at, 1, 10), substr(w.created_at, 1, 10), w.hardship_until,
               'migration', w.created_at, w.updated_at
        FROM workers w
        WHERE w.hardship_level IS NOT NULL AND trim(w.hardship_level) <> '';
    INSERT INTO hardship_events (file_id, at, day, action, state, valid_until, detail, source)
        SELECT f.id, f.created_at, f.filed_on, 'import', 'filed', f.valid_until,
               'level=' || (SELECT w.hardship_level FROM workers w WHERE w.id = f.worker_id), 'migration'
        FROM hardship_files f;
"#;

/// 25: the worker's old `hardship_level` / `hardship_until` columns dropped: the file is the
/// one source of truth, and nothing writes or reads them any more. A level written after 23
/// on a worker still without any file (an older demo) is filed first, as 23 did.
pub(super) const DROP_LEVEL: &str = r#"
    INSERT INTO hardship_files (file_no, worker_id, state, category, applied_on, filed_on, valid_until,
                                source, created_at, updated_at)
        SELECT 'KN-M' || printf('%07d', w.id), w.id, 'filed',
               CASE WHEN w.hardship_level IN ('deep', '深度困难') THEN 'deep'
                    WHEN w.hardship_level IN ('sudden', '意外致困') THEN 'sudden'
                    ELSE 'relative' END,
               substr(w.created_at, 1, 10), substr(w.created_at, 1, 10), w.hardship_until,
               'migration', w.created_at, w.updated_at
        FROM workers w
        WHERE w.hardship_level IS NOT NULL AND trim(w.hardship_level) <> ''
          AND NOT EXISTS (SELECT 1 FROM hardship_files h WHERE h.worker_id = w.id);
    INSERT INTO hardship_events (file_id, at, day, action, state, valid_until, detail, source)
        SELECT f.id, f.created_at, f.filed_on, 'import', 'filed', f.valid_until,
               'level=' || (SELECT w.hardship_level FROM workers w WHERE w.id = f.worker_id), 'migration'
        FROM hardship_files f
        WHERE f.source = 'migration' AND NOT EXISTS (SELECT 1 FROM hardship_events e WHERE e.file_id = f.id);
    ALTER TABLE workers DROP COLUMN hardship_level;
    ALTER TABLE workers DROP COLUMN hardship_until;
"#;

#[cfg(test)]
mod tests {
    use crate::db::{LATEST_VERSION, OpenMode, open, user_version};

    /// A database at 24 still carrying the worker's old columns (one worker with a level and
    /// its file, one with a level the demo wrote and no file): after the upgrade the columns
    /// are gone, the filed file is as it was, and the level without a file became one.
    #[test]
    fn upgrading_to_25_drops_the_old_columns_and_keeps_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fd.db");
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in &crate::db::migrations::all()[..24] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 24).unwrap();
        conn.execute_batch(
            "INSERT INTO workers (id, id_number, name, created_at, updated_at, hardship_level, hardship_until) VALUES
               (1, '330281198001010011', '甲', '2025-03-01T01:00:00.000Z', '2025-03-01T01:00:00.000Z', '深度困难', '2026-12-31'),
               (2, '330281198001010038', '乙', '2025-03-02T01:00:00.000Z', '2025-03-02T01:00:00.000Z', '意外致困', '2027-01-31');
             INSERT INTO hardship_files (id, file_no, worker_id, state, category, applied_on, filed_on, valid_until,
                                         source, created_at, updated_at)
               VALUES (7, 'KN202500001', 1, 'filed', 'deep', '2025-03-01', '2025-03-01', '2026-12-31', 'counter',
                       '2025-03-01T01:00:00.000Z', '2025-03-01T01:00:00.000Z');",
        )
        .unwrap();
        drop(conn);
        let db = open(&path, OpenMode::Existing).unwrap();
        assert_eq!(user_version(&db.conn).unwrap(), LATEST_VERSION);
        let old: i64 = db
            .conn
            .query_row(
                "SELECT count(*) FROM pragma_table_info('workers') WHERE name IN ('hardship_level', 'hardship_until')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(old, 0, "the old columns are gone");
        let files: Vec<(i64, String, String, String, String)> = db
            .conn
            .prepare("SELECT worker_id, file_no, state, category, valid_until FROM hardship_files ORDER BY worker_id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let f = |w: i64, no: &str, cat: &str, until: &str| {
            (w, no.to_string(), "filed".to_string(), cat.to_string(), until.to_string())
        };
        assert_eq!(
            files,
            [f(1, "KN202500001", "deep", "2026-12-31"), f(2, "KN-M0000002", "sudden", "2027-01-31")]
        );
        let check: String = db.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok");
    }

    /// A database from before the files, with one worker of each level and one without: after
    /// the upgrade each level is a filed file of its category with its valid-until and an event
    /// saying where it came from, and the worker without a level has none.
    #[test]
    fn upgrading_to_23_files_the_workers_hardship_levels() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fd.db");
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in &crate::db::migrations::all()[..22] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 22).unwrap();
        conn.execute_batch(
            "INSERT INTO workers (id, id_number, name, created_at, updated_at, hardship_level, hardship_until) VALUES
               (1, '330281198001010011', '甲', '2025-03-01T01:00:00.000Z', '2025-03-01T01:00:00.000Z', '深度困难', '2026-12-31'),
               (2, '330281198001010038', '乙', '2025-03-02T01:00:00.000Z', '2025-03-02T01:00:00.000Z', '一般困难', '2025-12-31'),
               (3, '330281198001010054', '丙', '2025-03-03T01:00:00.000Z', '2025-03-03T01:00:00.000Z', NULL, NULL),
               (4, '330281198001010070', '丁', '2025-03-04T01:00:00.000Z', '2025-03-04T01:00:00.000Z', 'sudden', NULL);",
        )
        .unwrap();
        drop(conn);
        let db = open(&path, OpenMode::Existing).unwrap();
        assert_eq!(user_version(&db.conn).unwrap(), LATEST_VERSION);
        let mut st = db
            .conn
            .prepare(
                "SELECT f.worker_id, f.state, f.category, f.valid_until, f.source, e.action, e.detail
                 FROM hardship_files f JOIN hardship_events e ON e.file_id = f.id ORDER BY f.worker_id",
            )
            .unwrap();
        type Row = (i64, String, String, Option<String>, String, String, String);
        let rows: Vec<Row> = st
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let row = |w: i64, cat: &str, until: Option<&str>, level: &str| -> Row {
            let until = until.map(str::to_string);
            (
                w,
                "filed".into(),
                cat.into(),
                until,
                "migration".into(),
                "import".into(),
                format!("level={level}"),
            )
        };
        assert_eq!(
            rows,
            [
                row(1, "deep", Some("2026-12-31"), "深度困难"),
                row(2, "relative", Some("2025-12-31"), "一般困难"),
                row(4, "sudden", None, "sudden"),
            ]
        );
        let fk: i64 =
            db.conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
        assert_eq!(fk, 0);
    }
}

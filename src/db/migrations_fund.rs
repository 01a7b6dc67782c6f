//! The aid fund's schema (issue #26), listed in order in `migrations::MIGRATIONS`.

/// 26: an aid claim names its programme and the programme-year (the year of its filing; NULL
/// for claims outside the fund). A budget's history (`fund_budgets`: the budget in force is the
/// latest row of a programme-year, or the config's when there is none) and the objections
/// raised while a programme's recipients are posted (`fund_objections`, against a payment).
pub(super) const FUND: &str = r#"
    ALTER TABLE claims ADD COLUMN programme TEXT;
    ALTER TABLE claims ADD COLUMN programme_year INTEGER;
    CREATE INDEX claims_programme ON claims (programme_year, programme, status)
        WHERE programme IS NOT NULL;

    CREATE TABLE fund_budgets (
        id         INTEGER PRIMARY KEY,
        year       INTEGER NOT NULL,
        programme  TEXT NOT NULL,
        budget_fen INTEGER NOT NULL CHECK (budget_fen >= 0),
        reason     TEXT NOT NULL,
        clerk_id   INTEGER REFERENCES clerks (id),
        at         TEXT NOT NULL,
        source     TEXT NOT NULL CHECK (source IN ('config', 'change'))
    );
    CREATE INDEX fund_budgets_programme ON fund_budgets (year, programme, id);

    CREATE TABLE fund_objections (
        id          INTEGER PRIMARY KEY,
        claim_id    INTEGER NOT NULL REFERENCES claims (id),
        at          TEXT NOT NULL,
        clerk_id    INTEGER REFERENCES clerks (id),
        raised_by   TEXT NOT NULL,
        what        TEXT NOT NULL CHECK (what <> ''),
        outcome     TEXT,
        outcome_by  INTEGER REFERENCES clerks (id),
        outcome_at  TEXT
    );
    CREATE INDEX fund_objections_claim ON fund_objections (claim_id);
"#;

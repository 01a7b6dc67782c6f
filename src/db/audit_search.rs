//! Searching the audit trail (F6): by clerk, by worker (who looked at this person), by action
//! and by time; newest first, as stored (subjects masked).

use super::Result;
use rusqlite::{Connection, params};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub login: Option<String>,
    pub worker_id: Option<i64>,
    /// Part of the action's code (`lookup`, `export`, …).
    pub action: Option<String>,
    /// Codes matched whole as well (those whose words hold what was typed: `停用`).
    pub codes: Vec<String>,
    /// UTC stamps: from (inclusive) and to (exclusive).
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: i64,
    pub at: String,
    pub login: Option<String>,
    pub terminal: String,
    pub action: String,
    pub worker: Option<String>,
    pub reason: Option<String>,
    pub detail: Option<String>,
}

impl Filter {
    /// The whole-match codes as `,a,b,` (one parameter, matched with `instr`).
    fn code_list(&self) -> String {
        format!(",{},", self.codes.join(","))
    }
}

/// Look-ups of a person's data (the ones a reason is asked for).
pub const LOOKUPS: [&str; 3] = ["claims_lookup", "worker_card", "letter_worker"];

impl Row {
    /// A look-up made without the person at the counter (flagged on screen): any reason but the
    /// first configured one (本人来访), which a served ticket records.
    pub fn without_ticket(&self, in_person: &str) -> bool {
        LOOKUPS.contains(&self.action.as_str()) && self.reason.as_deref().is_some_and(|r| r != in_person)
    }
}

const WHERE: &str = "(?1 IS NULL OR clerk_login = ?1) AND (?2 IS NULL OR worker_id = ?2)
    AND (?3 IS NULL OR instr(action, ?3) > 0 OR instr(?8, ',' || action || ',') > 0) AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5)";

/// How many rows match, and of them how many are look-ups made without the person at the
/// counter (any reason but `in_person`).
pub fn count(conn: &Connection, f: &Filter, in_person: &str) -> Result<(i64, i64)> {
    let sql = format!(
        "SELECT count(*), coalesce(sum(action IN ('{}', '{}', '{}') AND reason IS NOT NULL AND reason <> ?6), 0)
         FROM audit_log WHERE {WHERE}",
        LOOKUPS[0], LOOKUPS[1], LOOKUPS[2]
    );
    let mut st = conn.prepare_cached(&sql)?;
    let (codes, unused) = (f.code_list(), None::<i64>);
    Ok(st
        .query_row(params![f.login, f.worker_id, f.action, f.from, f.to, in_person, unused, codes], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?)
}

/// At most `limit` matching rows from `from`, newest first.
pub fn search(conn: &Connection, f: &Filter, from: super::page::From, limit: i64) -> Result<Vec<Row>> {
    let (bound, order, reverse) = from.keyset(super::page::Order::NewestFirst);
    let id = bound.map(|(cond, id)| (cond.replace('?', "?6"), id));
    let sql = format!(
        "SELECT id, at, clerk_login, terminal, action, worker_masked, reason, detail FROM audit_log
         WHERE {WHERE} AND {} ORDER BY id {order} LIMIT ?7",
        id.as_ref().map_or("?6 IS NULL", |(c, _)| c.as_str())
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(
        params![f.login, f.worker_id, f.action, f.from, f.to, id.map(|(_, i)| i), limit, f.code_list()],
        |r| {
            Ok(Row {
                id: r.get(0)?,
                at: r.get(1)?,
                login: r.get(2)?,
                terminal: r.get(3)?,
                action: r.get(4)?,
                worker: r.get(5)?,
                reason: r.get(6)?,
                detail: r.get(7)?,
            })
        },
    )?;
    let mut rows: Vec<Row> = rows.collect::<rusqlite::Result<_>>()?;
    if reverse {
        rows.reverse();
    }
    Ok(rows)
}

/// The number of the letter an audit row says was voided (`letter_void`: `letter=N reason=…`)
/// or replaced by a re-issue (`letter_reissue`: `letter=M unit=U replaces=N reason=…`); the
/// reason, free text, comes last.
fn voided_number<'a>(action: &str, detail: &'a str) -> Option<&'a str> {
    let head = detail.split(" reason=").next().unwrap_or_default();
    let field = match action {
        "letter_void" => "letter=",
        "letter_reissue" => "replaces=",
        _ => return None,
    };
    head.split(' ').find_map(|w| w.strip_prefix(field)).filter(|n| !n.is_empty())
}

/// The numbers of the letters the audit trail says were voided or replaced (`check`).
pub fn letters_voided(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT action, detail FROM audit_log WHERE action IN ('letter_void', 'letter_reissue') ORDER BY id",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?;
    let mut out = std::collections::BTreeSet::new();
    for row in rows {
        let (action, detail) = row?;
        if let Some(n) = voided_number(&action, detail.as_deref().unwrap_or_default()) {
            out.insert(n.to_string());
        }
    }
    Ok(out.into_iter().collect())
}

/// Whether the audit trail says this worker's letter `number` was voided or replaced: one
/// search of the worker's rows (`letter verify`, so a void rolled back in the database is not
/// read out as valid).
pub fn letter_voided(conn: &Connection, worker_id: i64, number: &str) -> Result<bool> {
    let mut st = conn.prepare_cached(
        "SELECT action, detail FROM audit_log
          WHERE worker_id = ?1 AND action IN ('letter_void', 'letter_reissue')",
    )?;
    let rows = st.query_map([worker_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?;
    for row in rows {
        let (action, detail) = row?;
        if voided_number(&action, detail.as_deref().unwrap_or_default()) == Some(number) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The numbers of the letters the audit trail says were issued (`letter_issue`,
/// `letter_reissue`, `commitment_issue`: `letter=N …`) that the letters table no longer holds
/// (`check`: a letter deleted by hand, the newest of its series too).
pub fn letters_issued_but_gone(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT detail FROM audit_log
          WHERE action IN ('letter_issue', 'letter_reissue', 'commitment_issue') ORDER BY id",
    )?;
    let mut held = conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM letters WHERE number = ?1)")?;
    let details = st.query_map([], |r| r.get::<_, Option<String>>(0))?;
    let mut out = vec![];
    for d in details {
        let d = d?.unwrap_or_default();
        let Some(n) = d.split(' ').find_map(|w| w.strip_prefix("letter=")).filter(|n| !n.is_empty()) else {
            continue;
        };
        if !held.query_row([n], |r| r.get::<_, bool>(0))? && !out.iter().any(|o| o == n) {
            out.push(n.to_string());
        }
    }
    Ok(out)
}

/// Letter series whose counter and letters disagree: `type year: counter N, letters M (max S)`
/// (a number given out is never given back, so the letters of a series are 1..=counter).
pub fn letter_series_gaps(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT substr(n.series, 8), n.year, n.last, count(l.id), coalesce(max(l.seq), 0)
           FROM number_counters n LEFT JOIN letters l ON l.type = substr(n.series, 8) AND l.year = n.year
          WHERE n.series LIKE 'letter:%' AND n.series <> 'letter:batch'
          GROUP BY n.series, n.year",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    let mut out = vec![];
    for row in rows {
        let (ty, year, last, count, max) = row?;
        if count != last || max != last {
            out.push(format!("{ty} {year}: counter {last}, letters {count} (highest {max})"));
        }
    }
    Ok(out)
}

/// The numbers of letters the audit trail does not account for: held with no row that issued
/// them, or void with no row that voided or replaced them (`check`: a trail wiped or cut back
/// leaves the letters it told of without their history).
pub fn letters_not_on_record(conn: &Connection) -> Result<Vec<String>> {
    use std::collections::HashSet;
    let mut issued: HashSet<String> = HashSet::new();
    let mut voided: HashSet<String> = HashSet::new();
    let mut st = conn.prepare(
        "SELECT action, detail FROM audit_log
          WHERE action IN ('letter_issue', 'letter_reissue', 'commitment_issue', 'letter_void')",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?;
    for row in rows {
        let (action, detail) = row?;
        let detail = detail.unwrap_or_default();
        if action != "letter_void"
            && let Some(n) = detail.split(' ').find_map(|w| w.strip_prefix("letter="))
        {
            issued.insert(n.to_string());
        }
        if let Some(n) = voided_number(&action, &detail) {
            voided.insert(n.to_string());
        }
    }
    let mut out = vec![];
    let mut letters = conn.prepare("SELECT number, state FROM letters ORDER BY id")?;
    let rows = letters.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (number, state) = row?;
        if !issued.contains(&number) || (state == "void" && !voided.contains(&number)) {
            out.push(number);
        }
    }
    Ok(out)
}

//! F3's register read a page at a time, newest first, by keyset on the letter's id (never
//! OFFSET): the whole year is reachable however many letters it holds, and its count and filter
//! are the database's, not those of what happens to be loaded.

use super::Result;
use super::letters::{COLUMNS, LetterRow, row};
use rusqlite::{Connection, params_from_iter, types::Value};

pub use super::page::From;

/// Which letters the register shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub year: i32,
    /// In the number or the name.
    pub text: String,
    /// A recuperation unit's code.
    pub unit: Option<String>,
    pub state: Option<Standing>,
}

/// A letter's standing, as the register filters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Valid,
    Void,
    Replaced,
}

impl Standing {
    /// As the audit trail names it.
    pub fn code(self) -> &'static str {
        match self {
            Standing::Valid => "valid",
            Standing::Void => "void",
            Standing::Replaced => "replaced",
        }
    }
}

/// The WHERE clause and its values for `f`.
fn clause(f: &Filter) -> (String, Vec<Value>) {
    let mut sql = String::from("year = ?");
    let mut values = vec![Value::Integer(f.year.into())];
    let text = f.text.trim();
    if !text.is_empty() {
        let like = format!("%{}%", text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        sql.push_str(
            " AND (number LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\' OR work_unit LIKE ? ESCAPE '\\')",
        );
        values.push(Value::Text(like.clone()));
        values.push(Value::Text(like.clone()));
        values.push(Value::Text(like));
    }
    if let Some(unit) = &f.unit {
        sql.push_str(" AND recipient = ?");
        values.push(Value::Text(unit.clone()));
    }
    sql.push_str(match f.state {
        None => "",
        Some(Standing::Valid) => " AND state <> 'void' AND replaced_by IS NULL",
        Some(Standing::Void) => " AND state = 'void' AND replaced_by IS NULL",
        Some(Standing::Replaced) => " AND replaced_by IS NOT NULL",
    });
    (sql, values)
}

/// How many letters of the year pass the filter.
pub fn count(conn: &Connection, f: &Filter) -> Result<i64> {
    let (w, values) = clause(f);
    let sql = format!("SELECT count(*) FROM letters WHERE {w}");
    Ok(conn.prepare_cached(&sql)?.query_row(params_from_iter(values), |r| r.get(0))?)
}

/// At most `n` letters from `from`, newest first.
pub fn page(conn: &Connection, f: &Filter, from: From, n: usize) -> Result<Vec<LetterRow>> {
    let (mut w, mut values) = clause(f);
    let (bound, order, reverse) = from.keyset(super::page::Order::NewestFirst);
    if let Some((cond, id)) = bound {
        w.push_str(" AND ");
        w.push_str(cond);
        values.push(Value::Integer(id));
    }
    values.push(Value::Integer(n as i64));
    let sql = format!("SELECT {COLUMNS} FROM letters WHERE {w} ORDER BY id {order} LIMIT ?");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query_map(params_from_iter(values), row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    if reverse {
        rows.reverse();
    }
    // Who has a letter still to send and who not (a page's worth: a few rows each).
    for l in rows.iter_mut().filter(|l| l.delivery != "sent" && l.letter_type != "commitment") {
        l.deliveries = super::letter_delivery::of(conn, l.id)?;
    }
    Ok(rows)
}

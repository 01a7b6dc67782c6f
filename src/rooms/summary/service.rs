//! F5's database work: the figures of a period, for the roles that may read them.

use crate::app::{Env, Reply, Who};
use rusqlite::Connection;

/// F5's figures, for roles that may read them (checked against the clerk as stored).
pub fn run(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    period: crate::report::Period,
) -> Result<Reply, crate::db::DbError> {
    if let Err(no) = crate::app::admitted(conn, who, crate::domain::Permission::Summary)? {
        return Ok(Reply::Summary(Box::new((period, Err(no)))));
    }
    let s = crate::report::summary(conn, &env.settings, period)?;
    Ok(Reply::Summary(Box::new((period, Ok(s)))))
}

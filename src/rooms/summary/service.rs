//! F5's database work: the figures of a period, for the roles that may read them.

use crate::app::{Env, Reply, Who};
use crate::db::clerks;
use rusqlite::Connection;

/// F5's figures, for roles that may read them (checked against the clerk as stored).
pub fn run(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    period: crate::report::Period,
) -> Result<Reply, crate::db::DbError> {
    let ui = env.lang.ui();
    let clerk = clerks::by_id(conn, who.clerk_id)?.filter(|c| !c.disabled);
    if !clerk.is_some_and(|c| c.role.may(crate::domain::Permission::Summary)) {
        let refused = ui.tab_forbidden.replace("{role}", "").replace("{tab}", ui.tab_summary);
        return Ok(Reply::Summary(Box::new((period, Err(refused)))));
    }
    let s = crate::report::summary(conn, &env.settings, period)?;
    Ok(Reply::Summary(Box::new((period, Ok(s)))))
}

//! F6's audit search a page at a time from the database: ↑ ↓ cross into the next page, PgUp
//! PgDn page, Home End go to the ends; the count is of every match, not of a loaded slice.

use super::{AdminOp, View};
use crate::app::keymap::Action;
use crate::app::*;
use crate::db::page::From;

impl App {
    /// A page of the search on screen.
    pub(crate) fn audit_page(&mut self, page: From) -> Vec<Effect> {
        let Screen::Main(s) = &self.screen else { return vec![] };
        let Some(query) = s.admin.query.clone() else { return vec![] };
        let n = s.admin.shown.or((self.size.1 as usize).saturating_sub(16));
        self.admin(AdminOp::Audit { query, page, n })
    }

    /// ↑ ↓ PgUp PgDn Home End in the results.
    pub(crate) fn audit_move(&mut self, action: Action) -> Vec<Effect> {
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let t = &mut s.admin;
        if t.view != View::Audit {
            return vec![];
        }
        let ids: Vec<i64> = t.rows.iter().flatten().map(|r| r.id).collect();
        match crate::app::paging::step(action, t.selected, &ids) {
            crate::app::paging::Step::Within(i) => {
                t.selected = i;
                vec![]
            }
            crate::app::paging::Step::Read(from) => self.audit_page(from),
            crate::app::paging::Step::Not => vec![],
        }
    }
}

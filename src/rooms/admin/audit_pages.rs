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
        let n = (self.size.1 as usize).saturating_sub(14).max(5);
        self.admin(AdminOp::Audit { query, page, n })
    }

    /// ↑ ↓ PgUp PgDn Home End in the results.
    pub(crate) fn audit_move(&mut self, action: Action) -> Vec<Effect> {
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let t = &mut s.admin;
        if t.view != View::Audit {
            return vec![];
        }
        let rows = t.rows.as_deref().unwrap_or_default();
        let (first, last, len) = (rows.first().map(|r| r.id), rows.last().map(|r| r.id), rows.len());
        let page = match action {
            Action::Up if t.selected > 0 => {
                t.selected -= 1;
                return vec![];
            }
            Action::Down if t.selected + 1 < len => {
                t.selected += 1;
                return vec![];
            }
            Action::Up | Action::ScrollUp => first.map(From::Before),
            Action::Down | Action::ScrollDown => last.map(From::After),
            // The newest again, without counting as a new search in the audit trail.
            Action::Home => Some(From::At(i64::MAX)),
            Action::End => Some(From::Last),
            _ => None,
        };
        page.map(|p| self.audit_page(p)).unwrap_or_default()
    }
}

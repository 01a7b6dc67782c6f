//! F3's register a page at a time from the database: ↑ ↓ move and cross into the next page,
//! PgUp PgDn page, Home End go to the ends; typing, a unit's digit and Alt+T filter in the
//! database, and the count is the year's.

use super::{LetterOp, StateFilter, View};
use crate::app::keymap::Action;
use crate::app::*;
use crate::db::letter_register::{Filter, From, Standing};
use crate::db::letters::LetterRow;
use chrono::Datelike;

impl App {
    /// As many letters as the register shows at this terminal's size.
    fn register_rows(&self) -> usize {
        let estimate = (self.size.1 as usize).saturating_sub(10);
        match &self.screen {
            Screen::Main(s) => s.letters.shown.or(estimate),
            _ => estimate,
        }
    }

    /// The register's filter as the database takes it.
    fn register_filter(&self) -> Option<Filter> {
        let Screen::Main(s) = &self.screen else { return None };
        let t = &s.letters;
        let units = &self.settings.config.recuperation_units;
        Some(Filter {
            year: self.today().year(),
            text: t.filter_text.trim().to_string(),
            unit: t.filter_unit.and_then(|u| units.get(u)).map(|u| u.code.clone()),
            state: t.filter_state.map(|s| match s {
                StateFilter::Valid => Standing::Valid,
                StateFilter::Void => Standing::Void,
                StateFilter::Replaced => Standing::Replaced,
            }),
        })
    }

    /// Reads a page of the register.
    pub(crate) fn register_page(&mut self, from: From) -> Vec<Effect> {
        let Some(filter) = self.register_filter() else { return vec![] };
        let n = self.register_rows();
        self.letter(LetterOp::Page { filter, from, n })
    }

    /// The page on screen read again (after a void, a send): the same letters where they are.
    pub(crate) fn letters_refresh(&mut self) -> Vec<Effect> {
        let first = match &self.screen {
            Screen::Main(s) => s.letters.rows.first().map(|l| l.id),
            _ => None,
        };
        self.register_page(first.map_or(From::First, From::At))
    }

    /// ↑ ↓ PgUp PgDn Home End in the register; `None` for other actions.
    pub(crate) fn register_move(&mut self, action: Action) -> Option<Vec<Effect>> {
        let Screen::Main(s) = &mut self.screen else { return None };
        let t = &mut s.letters;
        if t.view != View::Register {
            return None;
        }
        let ids: Vec<i64> = t.rows.iter().map(|l| l.id).collect();
        match crate::app::paging::step(action, t.selected, &ids) {
            crate::app::paging::Step::Within(i) => {
                t.selected = i;
                Some(vec![])
            }
            crate::app::paging::Step::Read(from) => Some(self.register_page(from)),
            crate::app::paging::Step::Not => matches!(action, Action::Up | Action::Down).then(Vec::new),
        }
    }

    /// A page arrived: shown with the cursor where the move that asked for it leads.
    pub(crate) fn register_arrived(&mut self, rows: Vec<LetterRow>, total: i64, from: From) {
        let Screen::Main(s) = &mut self.screen else { return };
        let t = &mut s.letters;
        t.total = total;
        // The page read again (after an act, a return to F3, a filter): the cursor stays on
        // the letter it was on, not on its row, so newer letters above it cannot slide another
        // letter under Alt+D or Alt+M.
        let was = t.rows.get(t.selected).map(|l| l.id);
        let again = matches!(from, From::At(_) | From::First);
        match crate::app::paging::landed(from, rows.len(), t.selected, t.rows.len()) {
            crate::app::paging::Landing::Page(at) => {
                let same = was.filter(|_| again).and_then(|id| rows.iter().position(|l| l.id == id));
                t.selected = same.unwrap_or(at);
                t.rows = rows;
            }
            crate::app::paging::Landing::Stay(at) => t.selected = at,
        }
    }
}

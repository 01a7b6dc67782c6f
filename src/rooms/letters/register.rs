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
        (self.size.1 as usize).saturating_sub(9).max(5)
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
        let (first, last) = (t.rows.first().map(|l| l.id), t.rows.last().map(|l| l.id));
        let from = match action {
            Action::Up if t.selected > 0 => {
                t.selected -= 1;
                return Some(vec![]);
            }
            Action::Down if t.selected + 1 < t.rows.len() => {
                t.selected += 1;
                return Some(vec![]);
            }
            Action::Up | Action::ScrollUp => From::Before(first?),
            Action::Down | Action::ScrollDown => From::After(last?),
            // The newest again; only opening and filtering the register are audited.
            Action::Home => From::At(i64::MAX),
            Action::End => From::Last,
            _ => return None,
        };
        Some(self.register_page(from))
    }

    /// A page arrived: shown with the cursor where the move that asked for it leads. An empty
    /// page past either end changes nothing (the cursor stays on the first or last letter).
    pub(crate) fn register_arrived(&mut self, rows: Vec<LetterRow>, total: i64, from: From) {
        let Screen::Main(s) = &mut self.screen else { return };
        let t = &mut s.letters;
        t.total = total;
        if rows.is_empty() && matches!(from, From::Before(_) | From::After(_)) {
            return;
        }
        t.selected = match from {
            From::First | From::After(_) | From::At(i64::MAX) => 0,
            From::Before(_) | From::Last => rows.len().saturating_sub(1),
            From::At(_) => t.selected.min(rows.len().saturating_sub(1)),
        };
        t.rows = rows;
    }
}

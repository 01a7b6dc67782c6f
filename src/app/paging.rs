//! The keys of a list read a page at a time (F3's register, F6's audit search): where ↑ ↓ PgUp
//! PgDn Home End lead, and where the cursor lands when the page arrives. The rooms keep their
//! rows; this is the one place the movement is decided.

use super::keymap::Action;
use crate::db::page::From;

/// How many rows of a list the last frame showed: a page read is that many, so PgDn and PgUp
/// move by what the clerk sees and no row is left undrawn between two pages. The drawing sets
/// it (hence the cell: drawing reads the app); before the first frame an estimate stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown(std::cell::Cell<usize>);

impl Shown {
    pub fn set(&self, rows: usize) {
        self.0.set(rows);
    }

    /// The rows shown, or `estimate` before anything was drawn.
    pub fn or(&self, estimate: usize) -> usize {
        match self.0.get() {
            0 => estimate.max(1),
            n => n,
        }
    }
}

/// What a key does to a paged list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The cursor moves within the page on screen.
    Within(usize),
    /// Another page is read.
    Read(From),
    /// Not a paging key (or nothing to page from).
    Not,
}

/// Where `action` leads from `selected` on a page of `ids` (newest first).
pub fn step(action: Action, selected: usize, ids: &[i64]) -> Step {
    let (first, last) = (ids.first().copied(), ids.last().copied());
    let read = |id: Option<i64>, f: fn(i64) -> From| id.map_or(Step::Not, |id| Step::Read(f(id)));
    match action {
        Action::Up if selected > 0 => Step::Within(selected - 1),
        Action::Down if selected + 1 < ids.len() => Step::Within(selected + 1),
        Action::Up => read(first, From::Before),
        Action::ScrollUp => read(first, From::PageBefore),
        Action::Down | Action::ScrollDown => read(last, From::After),
        // The first end again, without counting as a new search or opening in the audit trail.
        Action::Home => Step::Read(From::Top),
        Action::End => Step::Read(From::Last),
        _ => Step::Not,
    }
}

/// Where the cursor stands on a list read again: on its row, found by the row's id wherever it
/// now is; `None` when that row has left the list (another terminal closed it), so another row
/// never slides under an act aimed at the one the clerk saw.
pub fn follow(was: i64, ids: &[i64]) -> Option<usize> {
    ids.iter().position(|id| *id == was)
}

/// The first ↑ or ↓ after the cursor's row left a list of `len` rows, `at` being the place it
/// had: ↑ takes the row now above that place, ↓ the row now in it. `None` for other keys (they
/// move as from the place) and on an empty list.
pub fn regain(action: Action, at: usize, len: usize) -> Option<usize> {
    let last = len.checked_sub(1)?;
    match action {
        Action::Up => Some(at.saturating_sub(1).min(last)),
        Action::Down => Some(at.min(last)),
        _ => None,
    }
}

/// Where a page read lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landing {
    /// The page read replaces the one on screen; the cursor on this row of it.
    Page(usize),
    /// Nothing past that end: the page on screen stays, the cursor on this row of it (the end
    /// it ran into).
    Stay(usize),
}

/// Where the cursor lands on a page of `len` rows read `from`, `on_screen` rows being shown
/// now with the cursor on `selected`.
pub fn landed(from: From, len: usize, selected: usize, on_screen: usize) -> Landing {
    if len == 0 {
        match from {
            From::Before(_) | From::PageBefore(_) => return Landing::Stay(0),
            From::After(_) => return Landing::Stay(on_screen.saturating_sub(1)),
            _ => {}
        }
    }
    Landing::Page(match from {
        From::First | From::Top | From::After(_) | From::PageBefore(_) => 0,
        From::Before(_) | From::Last => len.saturating_sub(1),
        From::At(_) => selected.min(len.saturating_sub(1)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_move_within_a_page_and_read_the_next_at_its_edges() {
        let ids = [30, 29, 28];
        assert_eq!(step(Action::Down, 0, &ids), Step::Within(1));
        assert_eq!(step(Action::Down, 2, &ids), Step::Read(From::After(28)));
        assert_eq!(step(Action::Up, 0, &ids), Step::Read(From::Before(30)));
        assert_eq!(step(Action::ScrollUp, 2, &ids), Step::Read(From::PageBefore(30)));
        assert_eq!(step(Action::ScrollDown, 1, &ids), Step::Read(From::After(28)));
        assert_eq!(step(Action::Up, 0, &[]), Step::Not);
        assert_eq!(landed(From::Before(30), 5, 0, 3), Landing::Page(4));
        assert_eq!(landed(From::PageBefore(30), 5, 0, 3), Landing::Page(0), "PgUp: a page up");
        assert_eq!(landed(From::After(28), 0, 1, 3), Landing::Stay(2), "nothing older: to the last row");
        assert_eq!(landed(From::PageBefore(30), 0, 2, 3), Landing::Stay(0), "PgUp at the top: the first row");
        assert_eq!(landed(From::At(30), 2, 4, 3), Landing::Page(1));
    }

    #[test]
    fn the_cursor_follows_its_row_and_a_row_gone_is_regained_by_an_arrow() {
        assert_eq!(follow(28, &[30, 28, 27]), Some(1));
        assert_eq!(follow(29, &[30, 28, 27]), None, "gone: nothing selected");
        assert_eq!(regain(Action::Down, 1, 3), Some(1), "↓: the row now in its place");
        assert_eq!(regain(Action::Up, 1, 3), Some(0), "↑: the row above it");
        assert_eq!(regain(Action::Down, 3, 3), Some(2), "it was the last: the new last");
        assert_eq!(regain(Action::Up, 0, 3), Some(0));
        assert_eq!(regain(Action::Home, 1, 3), None);
        assert_eq!(regain(Action::Down, 0, 0), None);
    }
}

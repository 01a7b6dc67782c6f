//! The keys of a list read a page at a time (F3's register, F6's audit search): where ↑ ↓ PgUp
//! PgDn Home End lead, and where the cursor lands when the page arrives. The rooms keep their
//! rows; this is the one place the movement is decided.

use super::keymap::Action;
use crate::db::page::From;

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
        Action::Up | Action::ScrollUp => read(first, From::Before),
        Action::Down | Action::ScrollDown => read(last, From::After),
        // The first end again, without counting as a new search or opening in the audit trail.
        Action::Home => Step::Read(From::Top),
        Action::End => Step::Read(From::Last),
        _ => Step::Not,
    }
}

/// Where the cursor lands on a page of `len` rows read `from`; `None` when the page is empty
/// past either end, and the page on screen stays (the cursor on its first or last row).
pub fn landed(from: From, len: usize, selected: usize) -> Option<usize> {
    if len == 0 && matches!(from, From::Before(_) | From::After(_)) {
        return None;
    }
    Some(match from {
        From::First | From::Top | From::After(_) => 0,
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
        assert_eq!(step(Action::ScrollDown, 1, &ids), Step::Read(From::After(28)));
        assert_eq!(step(Action::Up, 0, &[]), Step::Not);
        assert_eq!(landed(From::Before(30), 5, 0), Some(4));
        assert_eq!(landed(From::After(28), 0, 2), None, "nothing older: the page stays");
        assert_eq!(landed(From::At(30), 2, 4), Some(1));
    }
}

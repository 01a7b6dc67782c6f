//! Where a page of a long list starts: lists that grow with the years are read a page at a time
//! by keyset on the row's id, newest first, never by OFFSET.

/// Where a page starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum From {
    /// The newest.
    First,
    /// This row and older (the page on screen, read again).
    At(i64),
    /// Older than this row (the next page).
    After(i64),
    /// Newer than this row (the page before).
    Before(i64),
    /// The oldest page.
    Last,
}

impl From {
    /// The id condition (`None` for the ends), the order to read in, and whether the rows read
    /// must be reversed to come out newest first.
    pub fn keyset(self) -> (Option<(&'static str, i64)>, &'static str, bool) {
        match self {
            From::First => (None, "DESC", false),
            From::At(id) => (Some(("id <= ?", id)), "DESC", false),
            From::After(id) => (Some(("id < ?", id)), "DESC", false),
            From::Before(id) => (Some(("id > ?", id)), "ASC", true),
            From::Last => (None, "ASC", true),
        }
    }
}

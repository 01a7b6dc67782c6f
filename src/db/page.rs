//! Where a page of a long list starts: lists that grow with the years are read a page at a time
//! by keyset on the row's id (or a sort key then the id), never by OFFSET, newest first (the register, the audit trail) or
//! oldest first (the follow-ups).

/// Where a page starts, in the list's own order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum From {
    /// The list's first end, opened or filtered anew (what the audit trail records).
    #[default]
    First,
    /// The first end again (Home): the same rows as `First`, not a new opening.
    Top,
    /// This row and those after it (the page on screen, read again).
    At(i64),
    /// After this row (the next page).
    After(i64),
    /// Before this row (the page before, arrived at by ↑ across its edge: the cursor on its
    /// last row).
    Before(i64),
    /// Before this row, by PgUp: the cursor on the page's first row.
    PageBefore(i64),
    /// The last page.
    Last,
}

/// The order a list is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    NewestFirst,
    OldestFirst,
}

impl From {
    /// The comparison with the anchor row (`None` for the ends), the order to read in, and
    /// whether the rows read must be reversed to come out in the list's order.
    pub fn bound(self, order: Order) -> (Option<(&'static str, i64)>, &'static str, bool) {
        let newest = order == Order::NewestFirst;
        let (fwd, back) = if newest { ("DESC", "ASC") } else { ("ASC", "DESC") };
        match self {
            From::First | From::Top => (None, fwd, false),
            From::At(id) => (Some((if newest { "<=" } else { ">=" }, id)), fwd, false),
            From::After(id) => (Some((if newest { "<" } else { ">" }, id)), fwd, false),
            From::Before(id) | From::PageBefore(id) => {
                (Some((if newest { ">" } else { "<" }, id)), back, true)
            }
            From::Last => (None, back, true),
        }
    }

    /// The id condition (`None` for the ends), the order to read in, and whether the rows read
    /// must be reversed to come out in the list's order.
    pub fn keyset(self, order: Order) -> (Option<(&'static str, i64)>, &'static str, bool) {
        let (bound, dir, reverse) = self.bound(order);
        let cond = bound.map(|(op, id)| {
            let c = match op {
                "<=" => "id <= ?",
                "<" => "id < ?",
                ">" => "id > ?",
                _ => "id >= ?",
            };
            (c, id)
        });
        (cond, dir, reverse)
    }

    /// For a list sorted on `key` then the id column `id` (F4's loans by due date, F1's
    /// follow-ups by theirs): the condition on `(key, id)` against the anchor row, whose key
    /// `anchor` reads given the id as `:at`.
    pub fn keyset_by(
        self,
        order: Order,
        (key, id): (&str, &str),
        anchor: &str,
    ) -> (Option<(String, i64)>, &'static str, bool) {
        let (bound, dir, reverse) = self.bound(order);
        let cond = bound.map(|(op, at)| (format!("({key}, {id}) {op} (({anchor}), :at)"), at));
        (cond, dir, reverse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_orders_read_forward_and_back() {
        assert_eq!(From::After(9).keyset(Order::NewestFirst), (Some(("id < ?", 9)), "DESC", false));
        assert_eq!(From::After(9).keyset(Order::OldestFirst), (Some(("id > ?", 9)), "ASC", false));
        assert_eq!(From::Before(9).keyset(Order::OldestFirst), (Some(("id < ?", 9)), "DESC", true));
        assert_eq!(From::Last.keyset(Order::NewestFirst), (None, "ASC", true));
        let (cond, dir, reverse) =
            From::Before(7).keyset_by(Order::OldestFirst, ("due_on", "id"), "SELECT 1");
        assert_eq!(cond, Some(("(due_on, id) < ((SELECT 1), :at)".to_string(), 7)));
        assert_eq!((dir, reverse), ("DESC", true));
    }
}

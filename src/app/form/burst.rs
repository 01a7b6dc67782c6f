//! A card reader types an ID's eighteen characters and Enter faster than anyone can. Its
//! characters go wherever the focus is (a choice field takes the digits as picks, a full field
//! none of them); the burst remembers enough to undo that when its Enter arrives.

use crate::domain::text::fold_char;

/// Keys from a card reader arrive this close together; people type slower.
const GAP_MS: u64 = 30;
pub const ID_LEN: usize = 18;

#[derive(Debug, Clone, Default)]
pub struct Burst {
    /// (character, time, whether the field took it) of the latest run of characters.
    keys: Vec<(char, u64, bool)>,
    /// The focused choice field and its pick when the run began (the reader's digits pick).
    choice_before: Option<(usize, Option<usize>)>,
}

/// A reader's read: the ID, how many of its characters the field typed into took, and the
/// choice its digits changed (field, pick before).
pub struct Read {
    pub id: String,
    pub taken: usize,
    pub choice_before: Option<(usize, Option<usize>)>,
}

impl Burst {
    pub fn clear(&mut self) {
        self.keys.clear();
        self.choice_before = None;
    }

    /// A character typed at `at_ms` (`taken`: the field kept it); `choice` is the focused
    /// choice field and its pick before this key, if the focus is on one.
    pub fn note(&mut self, c: char, at_ms: u64, taken: bool, choice: Option<(usize, Option<usize>)>) {
        if self.keys.last().is_some_and(|&(_, t, _)| at_ms.saturating_sub(t) > GAP_MS) {
            self.clear();
        }
        if self.keys.is_empty() {
            self.choice_before = choice;
        }
        self.keys.push((fold_char(c), at_ms, taken));
    }

    /// The last 18 characters, if they came as a reader's burst ending with an Enter at `at_ms`.
    pub fn take(&mut self, at_ms: u64) -> Option<Read> {
        let keys = std::mem::take(&mut self.keys);
        let choice_before = self.choice_before.take();
        if keys.len() < ID_LEN {
            return None;
        }
        let tail = &keys[keys.len() - ID_LEN..];
        let fast = tail.windows(2).all(|w| w[1].1.saturating_sub(w[0].1) <= GAP_MS)
            && at_ms.saturating_sub(tail[ID_LEN - 1].1) <= GAP_MS;
        let id_like = tail[..17].iter().all(|(c, _, _)| c.is_ascii_digit())
            && (tail[17].0.is_ascii_digit() || tail[17].0 == 'X' || tail[17].0 == 'x');
        (fast && id_like).then(|| Read {
            id: tail.iter().map(|(c, _, _)| *c).collect(),
            taken: tail.iter().filter(|k| k.2).count(),
            choice_before,
        })
    }
}

//! Alt+Y on F6's config page: what differs between the centre config on record and this
//! terminal's, key by key with both values, asked before this terminal's is accepted.

use super::AdminOp;
use crate::app::*;
use crate::i18n::fill;
use crate::config::diff::differences;

/// Differences shown in the question; the rest are counted.
const SHOWN: usize = 12;

impl App {
    /// Alt+Y: the differences, then Enter accepts (Esc leaves the record as it is).
    pub(crate) fn ask_accept(&mut self) -> Vec<Effect> {
        let f6 = self.ui.f6;
        let Screen::Main(s) = &self.screen else { return vec![] };
        let Some(seen) = &s.admin.config else { return vec![] };
        let mut lines = vec![f6.accept_ask.to_string()];
        match &seen.stored_text {
            Some(stored) => {
                let diffs = differences(stored, &seen.here_text);
                for (key, stored, here) in diffs.iter().take(SHOWN) {
                    let (stored, here) =
                        (stored.as_deref().unwrap_or(f6.none), here.as_deref().unwrap_or(f6.none));
                    lines.push(fill(f6.diff_line, &[("key", key), ("stored", &stored), ("here", &here)]));
                }
                if diffs.len() > SHOWN {
                    lines.push(fill(f6.accept_more, &[("n", &(diffs.len() - SHOWN))]));
                }
            }
            None => {
                let fp = seen.stored.clone().unwrap_or_else(|| f6.none.to_string());
                lines.push(fill(f6.accept_unknown, &[("fp", &fp)]));
            }
        }
        let question = lines.join("\n");
        self.modal = Some(Modal::Ask { question, then: Asked::Admin(AdminOp::Accept) });
        vec![]
    }
}

//! Alt+Y on F6's config page: what differs between the centre config on record and this
//! terminal's, key by key with both values, asked before this terminal's is accepted.

use super::AdminOp;
use crate::app::*;
use crate::config::diff::differences;
use crate::i18n::fill;

impl App {
    /// Alt+Y: with nothing different, says so and asks nothing; else every difference (key, the
    /// record's value, this terminal's) to scroll through, then Enter accepts (Esc leaves the
    /// record as it is).
    pub(crate) fn ask_accept(&mut self) -> Vec<Effect> {
        let f6 = self.ui.f6;
        let Screen::Main(s) = &self.screen else { return vec![] };
        let Some(seen) = &s.admin.config else { return vec![] };
        if seen.stored.as_ref().is_none_or(|fp| *fp == seen.here) {
            self.flash = Some(f6.config_nothing.into());
            return vec![];
        }
        let (note, items) = match &seen.stored_text {
            Some(stored) => {
                let items = differences(stored, &seen.here_text)
                    .into_iter()
                    .map(|(key, stored, here)| {
                        let (stored, here) =
                            (stored.as_deref().unwrap_or(f6.none), here.as_deref().unwrap_or(f6.none));
                        fill(f6.diff_line, &[("key", &key), ("stored", &stored), ("here", &here)])
                    })
                    .collect();
                (vec![], items)
            }
            None => {
                let fp = seen.stored.clone().unwrap_or_else(|| f6.none.to_string());
                (vec![fill(f6.accept_unknown, &[("fp", &fp)])], vec![])
            }
        };
        self.modal = Some(Modal::Review(Review {
            title: f6.accept_ask.to_string(),
            note,
            items,
            top: 0,
            shown: Default::default(),
            then: Asked::Admin(AdminOp::Accept),
        }));
        vec![]
    }
}

//! Which worker F3's compose form starts with: the ticket being served at this window, or a
//! worker card (F1) or claims look-up (F2) of the last few minutes, never an older one; the
//! form says which.

use crate::app::Session;
use crate::app::form::FieldId;
use crate::domain::walkin::State;
use crate::i18n::{Ui, fill};

/// A look-up older than this does not fill a letter (the worker has gone from the counter).
pub const FRESH_MS: u64 = 5 * 60 * 1_000;

/// Fills the compose form (untouched, the caller checked) and its note.
pub fn fill_compose(s: &mut Session, ui: &Ui, now_ms: u64) {
    let f3 = ui.f3;
    let fresh = |at: Option<u64>, used: Option<u64>| {
        at.is_some_and(|t| now_ms.saturating_sub(t) <= FRESH_MS && used != Some(t))
    };
    let used = s.letters.prefill_used;
    let serving = s.walkins.snapshot.current.as_ref().filter(|v| v.state == State::Serving);
    // (ID, name, work unit, the note, the look-up's time)
    let found = if let Some(v) = serving.filter(|v| v.id_number.is_some()) {
        let ticket = v.ticket.clone().unwrap_or_default();
        Some((
            v.id_number.clone().unwrap_or_default(),
            v.name.clone().unwrap_or_default(),
            v.work_unit.clone().unwrap_or_default(),
            fill(f3.prefill_ticket, &[("ticket", &ticket)]),
            None,
        ))
    } else {
        let minutes = FRESH_MS / 60_000;
        let card = s.walkins.card.as_ref().filter(|_| fresh(s.walkins.card_at, used));
        let card = card.map(|c| (c.worker.clone(), ui.tab_walkins, s.walkins.card_at));
        let picture = s.claims.picture.as_ref().filter(|_| fresh(s.claims.picture_at, used));
        let picture = picture.map(|p| (p.worker.clone(), ui.tab_claims, s.claims.picture_at));
        // The later of the two.
        let pick = match (card, picture) {
            (Some(a), Some(b)) => Some(if b.2 > a.2 { b } else { a }),
            (a, b) => a.or(b),
        };
        pick.map(|(w, tab, at)| {
            (
                w.id_number.as_str().to_string(),
                w.name.clone(),
                w.work_unit.clone().unwrap_or_default(),
                fill(f3.prefill_lookup, &[("minutes", &minutes), ("tab", &tab)]),
                at,
            )
        })
    };
    let t = &mut s.letters;
    let Some((id, name, unit, note, at)) = found else {
        t.prefill_note = None;
        return;
    };
    let f = &mut t.form;
    f.set_value(FieldId::Id, &id);
    f.set_value(FieldId::Name, &name);
    f.set_value(FieldId::WorkUnit, &unit);
    f.focus_on(FieldId::Unit);
    t.worker_for = Some(id);
    t.prefill_note = Some(note);
    if at.is_some() {
        t.prefill_used = at;
    }
}

//! A role changed on another terminal, as the open session learns it at its next request: the
//! screen takes the role as stored, so its tabs, hints and help follow it.

use super::super::*;
use crate::domain::{Permission, Role};
use crate::i18n::fill;

impl App {
    pub(in crate::app) fn role_changed(&mut self, role: Role) -> Vec<Effect> {
        let ui = self.ui;
        self.pending = None;
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        s.clerk.role = role;
        if !s.tabs().contains(&s.tab) {
            // The tab in front is not the new role's: its first one, and the old tab's dialog goes.
            s.tab = screens::home_tab(role);
            s.revealable = None;
            s.revealed = None;
            self.modal = None;
        }
        if !role.may(Permission::SeePersonalData) {
            // Nothing personal stays on screen for a role that may not see it.
            s.walkins.card = None;
            s.revealable = None;
            s.revealed = None;
        }
        if !role.may(Permission::WalkIns) {
            // F1 offers the quick ticket only: the cursor back on the matter.
            s.walkins.form.focus = 0;
            s.walkins.pane = crate::rooms::walkins::Pane::Form;
        }
        self.flash = Some(fill(self.lang.session().role_changed, &[("role", &role_name(ui, role))]));
        self.refresh()
    }
}

//! Answers from the database for F2, and what they change on screen.

use super::{ClaimReply, Pane, Picture};
use crate::app::form::FieldId;
use crate::app::*;
use crate::i18n::fill;

impl App {
    pub(crate) fn claims_reply(&mut self, reply: ClaimReply) -> Vec<Effect> {
        let f2 = self.ui.f2;
        match reply {
            ClaimReply::Picture { id_number, picture } => {
                let Screen::Main(s) = &mut self.screen else { return vec![] };
                let c = &mut s.claims;
                // A late answer for an ID the clerk has since changed is dropped.
                if c.form.value(FieldId::Id) != id_number {
                    return vec![];
                }
                c.selected = 0;
                // A new look-up: its file is read (and audited) again when its page is shown.
                c.hk.file = super::hardship::FileState::NotRead;
                match picture {
                    Some(p) => {
                        c.unknown = None;
                        let on_claims = c.hk.page == super::hardship::Page::Claims;
                        c.pane = if p.claims.is_empty() && on_claims { Pane::Id } else { Pane::List };
                        self.show_picture(p, None);
                        if !on_claims {
                            if let Screen::Main(s) = &mut self.screen {
                                s.claims.hk.page = super::hardship::Page::File;
                            }
                            return self.hardship_file_read();
                        }
                    }
                    None => {
                        c.picture = None;
                        c.unknown = Some(id_number);
                        c.pane = Pane::Id;
                    }
                }
                vec![]
            }
            ClaimReply::Registered { claim_no, picture } => {
                let Some(p) = picture else { return vec![] };
                let claim = p.claims.iter().find(|c| c.claim_no == claim_no).cloned();
                let worker = p.worker.clone();
                if let Screen::Main(s) = &mut self.screen {
                    s.claims.draft = None;
                    s.claims.unknown = None;
                    s.claims.pane = Pane::List;
                }
                self.show_picture(p, claim.as_ref().map(|c| c.id));
                let Some(claim) = claim else { return vec![] };
                let state = super::staff(self.lang, claim.status);
                let message = fill(f2.registered, &[("no", &claim.claim_no), ("state", &state)]);
                // The slip goes to the printer when there is one; Alt+P prints it again.
                let out = match self.settings.config.ticket_print_command.is_some() {
                    true => self.print(self.claim_slip(&worker, &claim)),
                    false => vec![],
                };
                self.flash = Some(message);
                out
            }
            ClaimReply::NoHardshipFile { kind, picture } => {
                let name = self
                    .settings
                    .config
                    .claim_kinds
                    .iter()
                    .find(|k| k.code == kind)
                    .map_or(kind.clone(), |k| k.name.clone());
                if let Some(p) = picture
                    && let Screen::Main(s) = &mut self.screen
                {
                    s.claims.picture = Some(p);
                }
                self.flash = Some(fill(f2.hardship_required, &[("kind", &name)]));
                vec![]
            }
            ClaimReply::ProgrammeRefused { why, picture } => {
                if let Some(p) = picture
                    && let Screen::Main(s) = &mut self.screen
                {
                    s.claims.picture = Some(p);
                }
                self.flash = Some(crate::i18n::fund::intake(self.lang, &why));
                vec![]
            }
            r @ (ClaimReply::HardshipFile { .. } | ClaimReply::HardshipLists(_)) => self.hardship_reply(r),
            ClaimReply::HardshipReread { worker_id, file } => {
                self.hardship_reread_reply(worker_id, file);
                vec![]
            }
            ClaimReply::HardshipStepped(st) => self.hardship_stepped(*st),
            ClaimReply::HardshipSaved { worker_id, result, file } => {
                self.hardship_saved(worker_id, result, file)
            }
            ClaimReply::Stepped { result, picture } => {
                let keep = match &self.screen {
                    Screen::Main(s) => s.claims.selected_claim().map(|c| c.id),
                    _ => None,
                };
                if let Some(p) = picture {
                    self.show_picture(p, keep);
                }
                let fund = match &result {
                    Err(super::Refused::Fund(why)) => Some(why),
                    _ => None,
                };
                self.sent_answered(fund);
                self.flash = Some(match result {
                    Ok(done) => done.words(self.lang),
                    Err(why) => why.words(self.lang),
                });
                vec![]
            }
        }
    }

    /// Shows a worker's claims, keeping `select` selected, and offers the ID for Alt+V.
    fn show_picture(&mut self, p: Picture, select: Option<i64>) {
        let Screen::Main(s) = &mut self.screen else { return };
        let c = &mut s.claims;
        c.selected = select.and_then(|id| p.claims.iter().position(|x| x.id == id)).unwrap_or(0);
        s.revealable = Some(Revealable {
            worker_id: Some(p.worker.id),
            masked: p.worker.id_number.masked(),
            full: p.worker.id_number.as_str().to_string(),
        });
        c.picture = Some(p);
        c.picture_at = Some(self.now_ms);
    }
}

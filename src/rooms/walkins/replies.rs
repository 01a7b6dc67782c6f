//! Answers from the database for F1, and what they change on screen.

use super::{Pane, WalkOp, WalkReply};
use crate::app::form::FieldId;
use crate::app::*;
use crate::i18n::fill;

impl App {
    /// Answers from the database for F1.
    pub(crate) fn walkins_reply(&mut self, reply: WalkReply) -> Vec<Effect> {
        let ui = self.ui;
        let mut refresh = true;
        match reply {
            WalkReply::Snapshot(snap) => {
                refresh = false;
                if let Screen::Main(s) = &mut self.screen {
                    let w = &mut s.walkins;
                    use crate::app::paging::{Landing, landed};
                    let at_first = |rows: &[crate::db::queue::VisitRow]| {
                        rows.first().map_or(crate::db::page::From::First, |r| crate::db::page::From::At(r.id))
                    };
                    let was = w.selected_row().map(|r| r.id);
                    if w.view != super::View::FollowUps {
                        // The cursor stays on its ticket, wherever the list now has it.
                        w.snapshot = snap;
                        w.follow(was);
                    } else if snap.page != w.page {
                        // A refresh asked before a page move: its rows are not the page asked
                        // for now (the move's answer follows); only the counts are new.
                        w.snapshot = super::Snapshot { rows: std::mem::take(&mut w.snapshot.rows), ..snap };
                    } else {
                        let again = matches!(snap.page, crate::db::page::From::At(_));
                        match landed(snap.page, snap.rows.len(), w.selected, w.snapshot.rows.len()) {
                            // The page read again: the cursor stays on its follow-up.
                            Landing::Page(_) if again && (was.is_some() || w.unpicked) => {
                                w.snapshot = snap;
                                w.follow(was);
                            }
                            Landing::Page(at) => {
                                w.unpicked = false;
                                w.selected = at;
                                w.snapshot = snap;
                            }
                            // Nothing past that end: the rows stay, the cursor goes to the end.
                            Landing::Stay(at) => {
                                (w.selected, w.unpicked) = (at, false);
                                w.snapshot =
                                    super::Snapshot { rows: std::mem::take(&mut w.snapshot.rows), ..snap };
                            }
                        }
                        // The page stays where it landed at the next refresh.
                        w.page = at_first(&w.snapshot.rows);
                    }
                }
            }
            WalkReply::Registered(Ok((visit_id, last))) => {
                let text = match &last.ticket {
                    Some(_) => None,
                    None => Some(fill(
                        ui.f1_logged,
                        &[
                            ("matter", &self.matter_name(&last.matter)),
                            ("channel", &self.channel_name(last.channel)),
                        ],
                    )),
                };
                let print = self.ticket_print(&last);
                if let Screen::Main(s) = &mut self.screen {
                    s.walkins.fresh();
                    s.walkins.checklist_visit = Some(visit_id);
                    s.walkins.checklist_given = false;
                    s.walkins.last = Some(last);
                    s.revealable = None;
                }
                self.flash = text;
                let mut out = print;
                out.extend(self.refresh());
                return out;
            }
            WalkReply::Registered(Err(e)) | WalkReply::Acted(Err(e)) | WalkReply::Edited(Err(e)) => {
                // A refusal of the role reads nothing again: that read would be refused too, and
                // answering it with another spun the loop (helper-26, on F6).
                refresh = !matches!(e, super::Refused::Role(_));
                self.flash = Some(self.walk_refused(&e))
            }
            WalkReply::Acted(Ok(done)) => self.flash = Some(done.words(ui)),
            WalkReply::Card { id_number, card } => {
                refresh = false;
                self.card_arrived(id_number, card);
            }
            WalkReply::Edited(Ok(Some(newer))) => {
                // Someone else saved first: show their record, so the clerk edits from it.
                self.flash = Some(ui.f1_edit_stale.into());
                if let Screen::Main(s) = &mut self.screen
                    && let Some(card) = &mut s.walkins.card
                {
                    card.worker = newer;
                }
            }
            WalkReply::Edited(Ok(None)) => {
                let Screen::Main(s) = &self.screen else { return vec![] };
                let id = s.walkins.card.as_ref().map(|c| c.worker.id_number.as_str().to_string());
                let reason = self.settings.config.privacy.lookup_reasons.first().cloned().unwrap_or_default();
                if let Some(id_number) = id {
                    return self.walk(WalkOp::Card { id_number, reason });
                }
            }
        }
        if refresh { self.refresh() } else { vec![] }
    }

    pub(crate) fn refresh(&self) -> Vec<Effect> {
        let Screen::Main(s) = &self.screen else { return vec![] };
        if s.tab == keymap::Tab::Station {
            return self.station_refresh();
        }
        if s.tab == keymap::Tab::Admin {
            return self.admin_refresh();
        }
        if s.tab == keymap::Tab::Summary {
            // First time on the tab, or today's figures (they move); other periods stay.
            let today = Some(crate::report::Period::day(self.today()));
            // (Not "no figures yet": a long period being read would be asked again, and the
            // newer request interrupts the one under way, every two seconds.)
            if s.summary.period.is_none() || s.summary.period == today {
                return self.summary_request();
            }
            return vec![];
        }
        let mut out = self.hardship_lists_refresh();
        // F2 needs to know whether a ticket is being served (no lookup reason is asked then).
        if !matches!(s.tab, keymap::Tab::WalkIns | keymap::Tab::Claims) || s.lock.is_some() {
            return out;
        }
        let (page, n) = (s.walkins.page, self.queue_rows());
        out.extend(self.walk(WalkOp::Refresh { window: s.window.clone(), filter: s.walkins.view, page, n }));
        out
    }

    fn channel_name(&self, c: crate::domain::walkin::Channel) -> &'static str {
        use crate::domain::walkin::Channel;
        match c {
            Channel::WalkIn => self.ui.channel_walk_in,
            Channel::Phone => self.ui.channel_phone,
            Channel::Online => self.ui.channel_online,
        }
    }

    pub fn matter_name(&self, code: &str) -> String {
        self.settings.matter(code).map(|m| m.name.clone()).unwrap_or_else(|| code.to_string())
    }

    fn ticket_print(&self, last: &super::LastTicket) -> Vec<Effect> {
        let (Some(cmd), Some(ticket)) = (&self.settings.config.ticket_print_command, &last.ticket) else {
            return vec![];
        };
        let when = self.now.with_timezone(&self.settings.tz).format("%Y-%m-%d %H:%M");
        let text = format!(
            "{}\n{ticket}\n{}\n{when}\n{}\n",
            self.settings.config.centre.name,
            self.matter_name(&last.matter),
            fill(self.ui.f1_last_ticket, &[("ticket", ticket), ("matter", &""), ("n", &last.ahead)])
        );
        vec![Effect::Print { command: cmd.clone(), text }]
    }

    fn card_arrived(&mut self, id_number: String, card: Result<Option<super::Card>, super::Refused>) {
        let refused = match &card {
            Err(e) => self.walk_refused(e),
            Ok(_) => String::new(),
        };
        let Screen::Main(s) = &mut self.screen else { return };
        let w = &mut s.walkins;
        match card {
            Ok(Some(card)) => {
                // A known worker fills what the clerk has not typed.
                // (The ID as read: typed, swiped or pasted with spaces, it is the one asked for.)
                if w.pane == Pane::Form && w.card_for.as_deref() == Some(id_number.as_str()) {
                    // Typed or pasted with spaces, the field now holds the ID as read (and is
                    // masked like any other once the cursor leaves it).
                    if let Some(f) = w.form.field_mut(FieldId::Id)
                        && f.value() != id_number
                    {
                        f.input = tui_input::Input::new(id_number.clone());
                    }
                    for (field, value) in [
                        (FieldId::Name, Some(card.worker.name.clone())),
                        (FieldId::Phone, card.worker.phone.clone()),
                        (FieldId::Unit, card.worker.work_unit.clone()),
                    ] {
                        if let (Some(f), Some(v)) = (w.form.field_mut(field), value)
                            && f.value().is_empty()
                        {
                            if field == FieldId::Phone {
                                f.fill_sealed(v);
                            } else {
                                f.input = tui_input::Input::new(v);
                            }
                        }
                    }
                }
                s.revealable = Some(Revealable {
                    worker_id: Some(card.worker.id),
                    masked: card.worker.id_number.masked(),
                    full: card.worker.id_number.as_str().to_string(),
                });
                w.card = Some(card);
                w.card_at = Some(self.now_ms);
            }
            Ok(None) => w.card = None,
            Err(_) => self.flash = Some(refused),
        }
    }

    /// A refusal in words; the role's names the role as this session has it (an auditor was
    /// told "volunteers issue quick tickets only").
    fn walk_refused(&self, e: &super::Refused) -> String {
        use crate::domain::Permission;
        let role = match &self.screen {
            Screen::Main(s) => s.clerk.role,
            _ => return e.words(self.ui),
        };
        match e {
            super::Refused::Role(_)
                if role.may(Permission::QuickTicket) && !role.may(Permission::WalkIns) =>
            {
                self.ui.f1_volunteer_quick_only.to_string()
            }
            super::Refused::Role(_) => {
                fill(self.lang.text().not_allowed, &[("role", &crate::app::role_name(self.ui, role))])
            }
            _ => e.words(self.ui),
        }
    }

    /// As many rows as F1's queue pane shows at this terminal's size (a follow-up page).
    fn queue_rows(&self) -> usize {
        let estimate = (self.size.1 as usize).saturating_sub(16);
        match &self.screen {
            Screen::Main(s) => s.walkins.shown.or(estimate),
            _ => estimate,
        }
    }
}

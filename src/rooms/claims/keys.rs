//! F2's keys: the ID field (Enter looks up, after the reason unless it is the worker whose
//! ticket is being served), the claims list, and the actions that open intake, a step, the
//! history or a print.

use super::super::walkins::keys::pick;
use super::ClaimPick;
use super::{ClaimOp, ClaimsTab, Pane};
use crate::app::form::FieldId;
use crate::app::form::FormReply;
use crate::app::keymap::{Action, Layer, Tab};
use crate::app::*;
use crate::db::claim_ops::split_papers;
use crate::domain::IdNumber;
use crate::domain::claim::ClaimState;
use crate::domain::walkin::State;
use crate::i18n::fill;
use crossterm::event::{KeyCode, KeyModifiers};

impl App {
    /// A request to the database; saves wait while the integrity check has found a problem.
    pub(crate) fn claim(&mut self, op: ClaimOp) -> Vec<Effect> {
        if self.saves_blocked
            && !matches!(
                op,
                ClaimOp::Lookup { .. }
                    | ClaimOp::HardshipFile { .. }
                    | ClaimOp::HardshipLists
                    | ClaimOp::HardshipReread { .. }
            )
        {
            self.flash = Some(self.ui.saves_blocked.into());
            return vec![];
        }
        self.who().map(|who| Effect::Claims { who, op }).into_iter().collect()
    }

    /// F2's layers, most specific first.
    pub(crate) fn claims_layers(c: &ClaimsTab) -> Vec<Layer> {
        if c.hk.page != super::hardship::Page::Claims {
            if let Some(l) = Self::hardship_form_layers(c) {
                return l;
            }
            return Self::hardship_layers(c.hk.page);
        }
        match c.pane {
            Pane::Id => vec![Layer::ClaimId, Layer::Claims, Layer::Session],
            Pane::List => {
                vec![Layer::ClaimList, Layer::Claims, Layer::Session, Layer::NotTyping]
            }
        }
    }

    /// A key on F2 that the keymap did not claim for the shell.
    pub(crate) fn claims_key(
        &mut self,
        key: crossterm::event::KeyEvent,
        ms: u64,
        binding: Option<Action>,
    ) -> Vec<Effect> {
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let c = &mut s.claims;
        if c.hk.page != super::hardship::Page::Claims {
            return self.hardship_key(key, ms, binding);
        }
        let plain = key.modifiers.difference(KeyModifiers::SHIFT).is_empty();
        // Enter goes through the form first, which knows a card reader's burst: the card's
        // number replaces whatever the field held.
        let enter = plain && key.code == KeyCode::Enter;
        if c.pane == Pane::Id && (binding.is_none() || enter) {
            let reply = c.form.handle_key(key, ms);
            return if reply == FormReply::Submit { self.claims_lookup() } else { vec![] };
        }
        if c.pane == Pane::List
            && binding.is_none()
            && plain
            && let KeyCode::Char(_) = key.code
        {
            // Typing (or a card read) on the list starts the next ID from an empty field.
            c.pane = Pane::Id;
            c.form.clear();
            c.form.handle_key(key, ms);
            return vec![];
        }
        match binding {
            Some(a) => self.claims_act(a),
            None => vec![],
        }
    }

    pub(crate) fn claims_paste(&mut self, text: &str) -> usize {
        let Screen::Main(s) = &mut self.screen else { return 0 };
        s.claims.pane = Pane::Id;
        s.claims.form.paste(text)
    }

    /// F2 pressed on F2: the next worker.
    pub(crate) fn claims_again(&mut self) {
        if let Screen::Main(s) = &mut self.screen {
            s.claims.fresh();
            s.revealable = None;
            s.revealed = None;
        }
    }

    pub(crate) fn claims_act(&mut self, action: Action) -> Vec<Effect> {
        let ui = self.ui;
        let f2 = ui.f2;
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let c = &mut s.claims;
        if action == Action::ClaimsView {
            return self.claims_next_page();
        }
        if c.hk.page != super::hardship::Page::Claims {
            return self.hardship_act(action);
        }
        let n = c.picture.as_ref().map_or(0, |p| p.claims.len());
        match action {
            Action::Lookup => return self.claims_lookup(),
            Action::Up => c.selected = c.selected.saturating_sub(1),
            Action::Down => c.selected = (c.selected + 1).min(n.saturating_sub(1)),
            // A worker's claims are read whole (one index search; tens in a working life).
            Action::ScrollUp => c.selected = c.selected.saturating_sub(c.shown.or(3)),
            Action::ScrollDown => c.selected = (c.selected + c.shown.or(3)).min(n.saturating_sub(1)),
            Action::Home => c.selected = 0,
            Action::End => c.selected = n.saturating_sub(1),
            Action::SwitchPane => {
                c.pane = if c.pane == Pane::Id && n > 0 { Pane::List } else { Pane::Id };
            }
            Action::Back if c.form.is_dirty() || c.looked_up().is_some() => self.claims_again(),
            Action::History => return self.claim_history(),
            Action::NewClaim => return self.open_intake(),
            Action::ClaimStep => return self.claim_actions(),
            Action::PrintNotice => return self.claim_print(),
            Action::WorkerCard => {
                let Some(id) = c.looked_up() else {
                    self.flash = Some(f2.need_lookup.into());
                    return vec![];
                };
                // The reason given on F2 carries over: the card is the same look-up.
                let reason = c.reason_code.clone().unwrap_or_default();
                c.fresh();
                s.tab = Tab::WalkIns;
                // The card shows beside the list (the form's matter field shows its options).
                s.walkins.pane = crate::rooms::walkins::Pane::Queue;
                s.walkins.card_for = Some(id.clone());
                return self.walk(crate::rooms::walkins::WalkOp::Card { id_number: id, reason });
            }
            _ => {}
        }
        vec![]
    }

    /// Enter in the ID field: a refused ID says why and asks nothing; otherwise the reason is
    /// asked unless this worker's own ticket is being served at this window.
    pub(crate) fn claims_lookup(&mut self) -> Vec<Effect> {
        let ui = self.ui;
        let today = self.today();
        let reasons = self.settings.config.privacy.lookup_reasons.clone();
        let Screen::Main(s) = &self.screen else { return vec![] };
        let text = s.claims.form.value(FieldId::Id).trim().to_string();
        let parsed = IdNumber::parse(&text, today);
        let message = parsed.as_ref().err().map(|e| self.id_message(*e));
        // The worker at the counter is the one whose ticket is being served here: a look-up of
        // anyone else (a quick ticket has no worker) is not 本人来访 and asks its reason.
        let serving = s.walkins.snapshot.current.as_ref().filter(|v| v.state == State::Serving);
        let serving_ticket = serving
            .filter(|v| parsed.as_ref().is_ok_and(|id| v.id_number.as_deref() == Some(id.as_str())))
            .map(|v| v.ticket.clone().unwrap_or_default());
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let c = &mut s.claims;
        c.form.clear_errors();
        let Ok(id) = parsed else {
            c.picture = None;
            c.unknown = None;
            s.revealable = None;
            c.form.set_error(FieldId::Id, message.unwrap_or_default());
            return vec![];
        };
        let id = id.as_str().to_string();
        c.form.set_value(FieldId::Id, &id);
        if c.looked_up().as_deref() != Some(id.as_str()) {
            c.next_worker(&id);
            s.revealable = None;
        }
        match serving_ticket {
            Some(ticket) => {
                let reason = reasons.first().cloned().unwrap_or_default();
                c.reason = Some(format!("{reason}{}", fill(ui.f2.reason_serving, &[("ticket", &ticket)])));
                c.reason_code = Some(reason.clone());
                self.claim(ClaimOp::Lookup { id_number: id, reason })
            }
            None => {
                self.modal = Some(pick(
                    PickPurpose::Claims(ClaimPick::Reason(id)),
                    ui.f1_lookup_title,
                    reasons.clone(),
                    reasons,
                    false,
                ));
                vec![]
            }
        }
    }

    /// Enter on a claim: its whole history (who, when, from, to, note, source).
    fn claim_history(&mut self) -> Vec<Effect> {
        let f2 = self.ui.f2;
        let Screen::Main(s) = &self.screen else { return vec![] };
        let (Some(p), Some(claim)) = (&s.claims.picture, s.claims.selected_claim()) else {
            self.flash = Some(f2.none_selected.into());
            return vec![];
        };
        let mut lines: Vec<String> = super::draw::programme_line(self, claim).into_iter().collect();
        lines.extend(p.events_of(claim.id).map(|e| self.event_line(e, true)));
        let title = fill(f2.history_title, &[("no", &claim.claim_no)]);
        self.modal = Some(Modal::Text { title, lines, scroll: 0 });
        vec![]
    }

    /// One history line: when, from → to, who, source, note.
    pub fn event_line(&self, e: &crate::db::claim_ops::EventRow, full: bool) -> String {
        let f2 = self.ui.f2;
        let when = e.at.with_timezone(&self.settings.tz).format("%Y-%m-%d %H:%M");
        let to = super::staff(self.lang, e.to);
        let moved = match e.from {
            Some(from) if full && from != e.to => format!("{}→{to}", super::staff(self.lang, from)),
            _ => to.to_string(),
        };
        let source = if e.source == "import" { f2.source_import } else { f2.source_counter };
        let who = e.clerk.clone().unwrap_or_default();
        let note = e.note.clone().unwrap_or_default();
        format!("{when} {moved} {who} [{source}] {note}").trim_end().to_string()
    }

    /// Alt+M: the steps allowed from the selected claim's state.
    fn claim_actions(&mut self) -> Vec<Effect> {
        let ui = self.ui;
        let f2 = ui.f2;
        let Screen::Main(s) = &self.screen else { return vec![] };
        let Some(claim) = s.claims.selected_claim() else {
            self.flash = Some(f2.none_selected.into());
            return vec![];
        };
        let state = super::staff(self.lang, claim.status);
        let steps: &[(&str, &str)] = match claim.status {
            ClaimState::Submitted => &[("papers", f2.step_papers), ("review", f2.step_review)],
            ClaimState::MaterialsIncomplete => &[("papers", f2.step_papers)],
            ClaimState::UnderReview => &[("approve", f2.step_approve), ("reject", f2.step_reject)],
            ClaimState::Approved => &[("pay", f2.step_pay)],
            ClaimState::Paid | ClaimState::Rejected => {
                self.flash = Some(fill(f2.closed, &[("no", &claim.claim_no), ("state", &state)]));
                return vec![];
            }
        };
        let r = ClaimRef { id: claim.id, version: claim.version };
        let title = fill(f2.step_title, &[("no", &claim.claim_no), ("state", &state)]);
        let options = steps.iter().map(|(_, l)| l.to_string()).collect();
        let codes = steps.iter().map(|(c, _)| c.to_string()).collect();
        self.modal = Some(pick(PickPurpose::Claims(ClaimPick::Action(r)), &title, options, codes, false));
        vec![]
    }

    /// Alt+P: the one-time notice of missing papers, or the intake slip.
    fn claim_print(&mut self) -> Vec<Effect> {
        let f2 = self.ui.f2;
        let Screen::Main(s) = &self.screen else { return vec![] };
        let (Some(p), Some(claim)) = (&s.claims.picture, s.claims.selected_claim()) else {
            self.flash = Some(f2.none_selected.into());
            return vec![];
        };
        let text = self.claim_slip(&p.worker, claim);
        self.print(text)
    }

    /// Text for the slip printer, or a message that there is none.
    pub(crate) fn print(&mut self, text: String) -> Vec<Effect> {
        match self.settings.config.ticket_print_command.clone() {
            Some(command) => {
                self.flash = Some(self.ui.f2.printed.into());
                vec![Effect::Print { command, text }]
            }
            None => {
                self.flash = Some(self.ui.f1_print_none.into());
                vec![]
            }
        }
    }

    /// The intake slip (number, kind, date, amount, consent version) and, when papers are
    /// missing, the one-time notice listing them. The ID is masked: a slip can be lost.
    pub(crate) fn claim_slip(
        &self,
        w: &crate::db::workers::Worker,
        c: &crate::db::claims::ClaimRow,
    ) -> String {
        let f2 = self.ui.f2;
        let kind = self.kind_name(&c.kind);
        let amount = crate::domain::money::Fen(c.amount_claimed_fen).plain();
        let mut out = vec![
            self.settings.config.centre.name.clone(),
            f2.slip_title.to_string(),
            format!("{} {}", f2.columns[0], c.claim_no),
            format!("{} {}", w.name, w.id_number.masked()),
            format!("{} {kind}  {} {}  {} {amount}", f2.columns[1], f2.columns[2], c.filed_on, f2.columns[3]),
            format!("{} {}", f2.columns[5], super::staff(self.lang, c.status)),
        ];
        // A refusal is told with its reason, on paper as on screen.
        if c.status == ClaimState::Rejected {
            out.push(fill(f2.slip_rejected, &[("reason", &c.reason.as_deref().unwrap_or("-"))]));
        }
        let missing = c.missing_papers.as_deref().map(split_papers).unwrap_or_default();
        if !missing.is_empty() {
            out.push(f2.notice_title.to_string());
            out.extend(missing.iter().map(|m| format!("  - {m}")));
        }
        if let Some(v) = &c.consent_version {
            out.push(fill(f2.slip_consent, &[("version", v)]));
        }
        out.push(self.now.with_timezone(&self.settings.tz).format("%Y-%m-%d %H:%M").to_string());
        out.join("\n") + "\n"
    }

    pub fn kind_name(&self, code: &str) -> String {
        let kinds = &self.settings.config.claim_kinds;
        kinds.iter().find(|k| k.code == code).map(|k| k.name.clone()).unwrap_or_else(|| code.to_string())
    }

    /// The papers a kind asks for.
    pub(crate) fn kind_papers(&self, code: &str) -> Vec<String> {
        let kinds = &self.settings.config.claim_kinds;
        kinds.iter().find(|k| k.code == code).map(|k| k.papers.clone()).unwrap_or_default()
    }
}

//! F5's aid fund ledger (Alt+K, supervisors and auditors; issue #26): per programme of the
//! year its budget, committed, paid, remaining and recipients (`db::fund::ledger`); ← → change
//! the year; Enter lists the selected programme's payments (with the budget's history), ↑ ↓
//! select one, Enter lists its objections; Alt+O records one and Alt+J settles the open one,
//! Alt+P writes the programme's publicity files (supervisors; see `ledger_ops`); Esc goes back
//! (from the programmes to the summary). Opening a payments list or a payment's objections is
//! audited `fund_ledger_view`; objection text is masked for auditors (DESIGN: no personal data).

use super::ledger_ops::{Change, Done, Failed};
use crate::app::keymap::Action;
use crate::app::*;
use crate::db::fund::{BudgetRow, Line, Objection};
use crate::domain::claim::ClaimState;
use rusqlite::Connection;

/// What the ledger asks the database for: a year, and one programme's payments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerOp {
    pub year: i32,
    pub payments: Option<String>,
    /// The payment (claim number) whose objections are listed.
    pub objections: Option<String>,
    pub change: Option<Change>,
    /// The list is being opened (Enter), not re-read: the read is audited.
    pub view: bool,
}

/// One payment as the list shows it (the worker masked: auditors read it too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayLine {
    pub claim_id: i64,
    pub claim_no: String,
    pub worker: String,
    pub category: Option<crate::domain::hardship::Category>,
    pub amount_fen: i64,
    pub status: ClaimState,
    pub approved_on: Option<String>,
    pub paid_on: Option<String>,
    pub objections: i64,
    pub open: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerReply {
    pub year: i32,
    pub lines: Vec<Line>,
    pub payments: Option<(String, Vec<PayLine>)>,
    /// Each line's open objections, in the lines' order.
    pub open: Vec<i64>,
    /// The listed programme's budget history (config start, then each change).
    pub history: Vec<BudgetRow>,
    pub objections: Option<(String, Vec<Objection>)>,
    pub done: Option<Result<Done, Failed>>,
}

/// The page's state on F5.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    pub on: bool,
    pub year: Option<i32>,
    pub shown: Option<LedgerReply>,
    pub selected: usize,
    /// The programme whose payments are listed (Enter), and the first row shown.
    pub payments: Option<String>,
    /// The selected payment on the list.
    pub scroll: usize,
    /// The payment whose objections are shown.
    pub objections: Option<String>,
    pub error: Option<String>,
}

pub fn run(conn: &mut Connection, env: &Env, who: &Who, op: LedgerOp) -> Result<Reply, crate::db::DbError> {
    let role = match crate::app::admitted(conn, who, crate::domain::Permission::Summary)? {
        Ok(role) => role,
        Err(no) => return Ok(Reply::Ledger(Box::new(Err(no)))),
    };
    let done = match op.change {
        Some(c) => Some(super::ledger_ops::change(conn, env, who, role, op.year, op.payments.as_deref(), c)?),
        None => None,
    };
    let fund = &env.settings.config.fund;
    let lines = crate::db::fund::ledger(conn, fund, op.year)?;
    let mut open = vec![];
    for l in &lines {
        open.push(crate::db::fund::payments(conn, op.year, &l.code)?.iter().map(|p| p.open_objections).sum());
    }
    let history = match &op.payments {
        Some(code) => crate::db::fund::history(conn, op.year, code)?,
        None => vec![],
    };
    let mut objections = None;
    let mut viewed = None;
    let payments = match op.payments {
        Some(code) => {
            let mut out = vec![];
            for p in crate::db::fund::payments(conn, op.year, &code)? {
                let w = crate::db::workers::by_id(conn, p.worker_id)?;
                // The day `report fund` gives (an import straight to paid included).
                let event_day =
                    p.approved_at.as_deref().and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok()).map(
                        |t| crate::domain::dates::local_day(t.with_timezone(&chrono::Utc), env.settings.tz),
                    );
                let approved_on =
                    crate::domain::fund::approval_day(event_day, p.paid_on.as_deref()).map(|d| d.to_string());
                if op.objections.as_ref() == Some(&p.claim_no) {
                    let mut list = crate::db::fund::objections(conn, p.claim_id)?;
                    if role != crate::domain::Role::Supervisor {
                        list.iter_mut().for_each(masked);
                    }
                    objections = Some((p.claim_no.clone(), list));
                    viewed = Some((p.claim_no.clone(), p.worker_id));
                }
                out.push(PayLine {
                    claim_id: p.claim_id,
                    claim_no: p.claim_no.clone(),
                    worker: w.as_ref().map(|w| crate::domain::text::mask_name(&w.name)).unwrap_or_default(),
                    category: w.and_then(|w| w.hardship).map(|h| h.category),
                    amount_fen: p.amount_fen(),
                    status: p.status,
                    approved_on,
                    paid_on: p.paid_on.clone(),
                    objections: p.objections,
                    open: p.open_objections,
                });
            }
            if op.view {
                viewed_audit(conn, env, who, op.year, &code, out.len(), viewed.as_ref())?;
            }
            Some((code, out))
        }
        None => None,
    };
    let reply = LedgerReply { year: op.year, lines, payments, open, history, objections, done };
    Ok(Reply::Ledger(Box::new(Ok(reply))))
}

/// Objection text may name ID numbers and phones: masked for auditors as the fields are.
fn masked(o: &mut Objection) {
    let mask = crate::domain::scrub::mask_numbers;
    o.raised_by = mask(&o.raised_by);
    o.what = mask(&o.what);
    o.outcome = o.outcome.as_deref().map(mask);
}

/// A payments list or a payment's objections opened: one `fund_ledger_view` row (the payment's
/// worker named, so the audit search by ID finds who read about them).
fn viewed_audit(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    year: i32,
    code: &str,
    rows: usize,
    claim: Option<&(String, i64)>,
) -> Result<(), crate::db::DbError> {
    use crate::db::audit::{self, Actor, Entry};
    let actor = Actor {
        clerk_id: Some(who.clerk_id),
        login: Some(who.login.clone()),
        terminal: env.terminal.clone(),
    };
    let detail = match claim {
        Some((no, _)) => format!("programme={code} year={year} claim={no} objections"),
        None => format!("programme={code} year={year} payments={rows}"),
    };
    let entry = Entry { worker_id: claim.map(|c| c.1), ..Entry::new("fund_ledger_view").detail(&detail) };
    crate::db::write(conn, |tx| audit::append(tx, &actor, chrono::Utc::now(), &entry))?;
    Ok(())
}

impl App {
    fn ledger_request(&self) -> Vec<Effect> {
        self.ledger_change(None)
    }

    /// Asks for a list being opened (audited).
    pub(crate) fn ledger_open(&self) -> Vec<Effect> {
        let mut out = self.ledger_change(None);
        for e in &mut out {
            if let Effect::Ledger { op, .. } = e {
                op.view = true;
            }
        }
        out
    }

    /// Asks for the page again, with a change made first.
    pub(crate) fn ledger_change(&self, change: Option<Change>) -> Vec<Effect> {
        let Screen::Main(s) = &self.screen else { return vec![] };
        let l = &s.summary.ledger;
        let year = l.year.unwrap_or(chrono::Datelike::year(&self.today()));
        let op = LedgerOp {
            year,
            payments: l.payments.clone(),
            objections: l.objections.clone(),
            change,
            view: false,
        };
        self.who().map(|who| Effect::Ledger { who, op }).into_iter().collect()
    }

    /// Alt+K on F5: between the summary and the ledger.
    pub(crate) fn ledger_toggle(&mut self) -> Vec<Effect> {
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let l = &mut s.summary.ledger;
        l.on = !l.on;
        l.payments = None;
        l.objections = None;
        if l.on { self.ledger_request() } else { self.summary_request() }
    }

    pub(crate) fn ledger_act(&mut self, action: Action) -> Vec<Effect> {
        if let Some(out) = self.ledger_objection_act(action) {
            return out;
        }
        let today = self.today();
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let l = &mut s.summary.ledger;
        let year = l.year.unwrap_or(chrono::Datelike::year(&today));
        let n = l.shown.as_ref().map_or(0, |r| match &r.payments {
            Some((_, p)) if l.payments.is_some() => p.len(),
            _ => r.lines.len(),
        });
        match action {
            Action::PrevYear | Action::NextYear => {
                l.year = Some(if action == Action::PrevYear { year - 1 } else { year + 1 });
                l.payments = None;
                l.objections = None;
                l.selected = 0;
                l.scroll = 0;
                return self.ledger_request();
            }
            Action::Back if l.objections.is_some() => {
                l.objections = None;
                return self.ledger_request();
            }
            Action::Up if l.payments.is_some() => l.scroll = l.scroll.saturating_sub(1),
            Action::Down if l.payments.is_some() => l.scroll = (l.scroll + 1).min(n.saturating_sub(1)),
            Action::Up => l.selected = l.selected.saturating_sub(1),
            Action::Down => l.selected = (l.selected + 1).min(n.saturating_sub(1)),
            Action::FundPayments if l.payments.is_none() => {
                let code = l.shown.as_ref().and_then(|r| r.lines.get(l.selected)).map(|x| x.code.clone());
                if code.is_some() {
                    l.payments = code;
                    l.scroll = 0;
                    return self.ledger_open();
                }
            }
            Action::Back if l.payments.is_some() => {
                l.payments = None;
                return self.ledger_request();
            }
            // Esc on the programmes goes back to the summary, as the hint says (and Alt+K does).
            Action::FundLedger | Action::FundSummary | Action::Back => return self.ledger_toggle(),
            _ => {}
        }
        vec![]
    }

    pub(crate) fn ledger_reply(&mut self, r: Result<LedgerReply, Refused>) {
        let ui = self.ui;
        let Screen::Main(s) = &mut self.screen else { return };
        let l = &mut s.summary.ledger;
        let mut done = None;
        match r {
            Ok(mut r) => {
                done = r.done.take();
                // An answer for a year or a list since left is dropped.
                if l.year.is_some_and(|y| y != r.year) {
                    if let Some(done) = done {
                        self.flash = Some(super::ledger_keys::said(ui, &done));
                    }
                    return;
                }
                l.year = Some(r.year);
                l.selected = l.selected.min(r.lines.len().saturating_sub(1));
                l.shown = Some(r);
                l.error = None;
            }
            Err(_) => l.error = Some(ui.role_forbids.replace("{tab}", ui.tab_summary)),
        }
        if let Some(done) = done {
            self.flash = Some(super::ledger_keys::said(self.ui, &done));
        }
    }
}

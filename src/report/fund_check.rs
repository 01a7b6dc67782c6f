//! The aid fund's part of `frontdesk check` (issue #26): for every programme-year the ledger
//! (read from the claims) is proved against what it is made of — the budget against its
//! history (else the config), committed and paid against the claims' events (each claim's state
//! is its last event's), each payment's amounts (a paid claim never above its approval, none
//! without an amount), and remaining never below zero unless a budget cut or an import
//! explains it. Every mismatch is a line naming the programme.

use crate::config::Fund;
use crate::db::{DbError, fund, fund_report};
use crate::domain::money::Fen;
use crate::i18n::{Lang, fill, fund_report::words};
use rusqlite::Connection;
use std::fmt::Display;

pub fn problems(conn: &Connection, cfg: &Fund, lang: Lang) -> Result<Vec<String>, DbError> {
    let w = words(lang);
    let events = fund_report::ledger_from_events(conn)?;
    let mut out = vec![];
    let yuan = |f: i64| Fen(f).plain();
    for (year, code) in fund_report::programme_years(conn)? {
        let p = cfg.programme(year, &code);
        let name = p.map_or_else(|| code.clone(), |p| p.name.clone());
        let config_budget = p.map_or(0, |p| p.budget_fen);
        let ledger = fund::figures(conn, year, &code, config_budget)?;
        let history = fund_report::budget_rows(conn, year, &code)?;
        let said = |text: &str, more: &[(&str, &dyn Display)]| {
            let mut vars: Vec<(&str, &dyn Display)> = vec![("programme", &name), ("year", &year)];
            vars.extend_from_slice(more);
            fill(text, &vars)
        };
        let expected = history.last().copied().unwrap_or(config_budget);
        if ledger.budget != expected {
            let (b, h) = (yuan(ledger.budget), yuan(expected));
            out.push(said(w.chk_budget, &[("budget", &b), ("history", &h)]));
        }
        let (e_committed, e_paid) = events
            .iter()
            .find(|e| e.year == year && e.programme == code)
            .map_or((0, 0), |e| (e.committed, e.paid));
        if (e_committed, e_paid) != (ledger.committed, ledger.paid) {
            let (c, p, ec, ep) = (yuan(ledger.committed), yuan(ledger.paid), yuan(e_committed), yuan(e_paid));
            let vars: [(&str, &dyn Display); 4] =
                [("committed", &c), ("paid", &p), ("e_committed", &ec), ("e_paid", &ep)];
            out.push(said(w.chk_events, &vars));
        }
        for h in fund_report::held(conn, year, &code)? {
            let amount = if h.status == "paid" { h.paid } else { h.approved };
            if amount.is_none() {
                out.push(said(w.chk_no_amount, &[("claim", &h.claim_no), ("state", &h.status)]));
            }
            if h.status == "paid"
                && let (Some(paid), Some(approved)) = (h.paid, h.approved)
                && paid > approved
            {
                let (p, a) = (yuan(paid), yuan(approved));
                out.push(said(w.chk_paid_over, &[("claim", &h.claim_no), ("paid", &p), ("approved", &a)]));
            }
        }
        // A cut: some budget in the history below the one before it (the config's first).
        let cut = std::iter::once(config_budget)
            .chain(history.iter().copied())
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| w[1] < w[0]);
        if ledger.remaining() < 0 && !cut && !fund_report::imported_any(conn, year, &code)? {
            let r = yuan(ledger.remaining());
            out.push(said(w.chk_remaining, &[("remaining", &r)]));
        }
    }
    Ok(out)
}

//! The ledger's keys for objections and publicity (issue #26): which are offered per role and
//! page, the two forms, and what the status line says after. The screen refuses auditors here,
//! and `ledger_ops` again before storage is called.

use super::SummaryForm;
use super::ledger::PayLine;
use super::ledger_ops::{Change, Done, Failed};
use crate::app::form::{Field, FieldId, FieldKind, Form};
use crate::app::keymap::{Action, Layer};
use crate::app::*;
use crate::domain::Role;
use crate::i18n::fill;

/// The ledger's layers: a payment's objections; the payments list; the programmes.
pub fn layers(l: &super::ledger::Ledger) -> Vec<Layer> {
    let mut v = match (&l.payments, &l.objections) {
        (Some(_), Some(_)) => vec![Layer::LedgerObjections, Layer::LedgerPay],
        (Some(_), None) => vec![Layer::LedgerPay, Layer::Ledger],
        _ => vec![Layer::Ledger],
    };
    v.extend([Layer::Session, Layer::NotTyping]);
    v
}

/// The payment the keys act on: the one whose objections are shown, else the selected one.
fn current(l: &super::ledger::Ledger) -> Option<&PayLine> {
    let (code, pays) = l.shown.as_ref()?.payments.as_ref()?;
    if l.payments.as_ref() != Some(code) {
        return None;
    }
    match &l.objections {
        Some(no) => pays.iter().find(|p| &p.claim_no == no),
        None => pays.get(l.scroll),
    }
}

/// Whether the hint bar and help offer a ledger key: the changing keys to supervisors only,
/// settling only where an objection is open, publicity only where a programme is there.
pub fn offered(app: &App, action: Action) -> Option<bool> {
    let Screen::Main(s) = &app.screen else { return None };
    let l = &s.summary.ledger;
    let supervisor = s.clerk.role == Role::Supervisor;
    match action {
        Action::FundObject => Some(supervisor && current(l).is_some()),
        Action::FundSettle => Some(supervisor && current(l).is_some_and(|p| p.open > 0)),
        Action::FundPublicity => Some(supervisor && l.shown.as_ref().is_some_and(|r| !r.lines.is_empty())),
        Action::FundObjections => Some(current(l).is_some() && l.objections.is_none()),
        // Enter on the payments lists a payment's objections, not the payments again.
        Action::FundPayments => Some(l.payments.is_none()),
        _ => None,
    }
}

pub fn said(ui: &crate::i18n::Ui, done: &Result<Done, Failed>) -> String {
    let w = crate::i18n::ui_ledger::of_ui(ui);
    match done {
        Ok(Done::Objected(c)) => fill(w.objected, &[("claim", c)]),
        Ok(Done::Settled(c)) => fill(w.settled, &[("claim", c)]),
        Ok(Done::Published { html, n, .. }) => {
            // The status line is one row of 76 columns at 80 (kept to 72, for wide ambiguous
            // signs): the file's name always whole, then as many of its folders as fit.
            let room = 72usize
                .saturating_sub(crate::domain::width::width(&fill(w.published, &[("html", &""), ("n", n)])));
            let name = html.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let mut shown = name.clone();
            let mut tail = name;
            for dir in html.parent().into_iter().flat_map(|p| p.iter().rev()) {
                tail = format!("{}/{tail}", dir.to_string_lossy().trim_end_matches('/'));
                if crate::domain::width::width(&tail) + 4 > room {
                    break;
                }
                shown = format!(".../{tail}");
            }
            if crate::domain::width::width(&html.display().to_string()) <= room {
                shown = html.display().to_string();
            }
            fill(w.published, &[("html", &shown), ("n", n)])
        }
        Err(Failed::SupervisorOnly) => w.supervisor_only.to_string(),
        Err(Failed::NoneOpen(c)) => fill(w.none_open, &[("claim", c)]),
        Err(Failed::Io(e)) => fill(w.publish_failed, &[("error", e)]),
    }
}

impl App {
    /// The objection and publicity keys; `None` for the ledger's other keys.
    pub(crate) fn ledger_objection_act(&mut self, action: Action) -> Option<Vec<Effect>> {
        let w = crate::i18n::ui_ledger::of_ui(self.ui);
        let Screen::Main(s) = &mut self.screen else { return None };
        let supervisor = s.clerk.role == Role::Supervisor;
        let l = &mut s.summary.ledger;
        let changes = matches!(action, Action::FundObject | Action::FundSettle | Action::FundPublicity);
        if changes && !supervisor {
            self.flash = Some(w.supervisor_only.into());
            return Some(vec![]);
        }
        let pay = current(l).cloned();
        if pay.is_none() && matches!(action, Action::FundObject | Action::FundSettle) {
            self.flash = Some(w.no_payment.into());
            return Some(vec![]);
        }
        match action {
            Action::FundPublicity => {
                let code = l.payments.clone().or_else(|| {
                    l.shown.as_ref().and_then(|r| r.lines.get(l.selected)).map(|x| x.code.clone())
                })?;
                Some(self.ledger_change(Some(Change::Publicity { code })))
            }
            Action::FundObjections => {
                l.objections = Some(pay?.claim_no);
                Some(self.ledger_open())
            }
            Action::FundObject => {
                let pay = pay?;
                let form = Form::new(vec![
                    Field::new(FieldId::Contact, w.field_raised_by, FieldKind::Text),
                    Field::new(FieldId::Reason, w.field_what, FieldKind::Text),
                ]);
                self.modal = Some(Modal::Form(ModalForm {
                    purpose: FormPurpose::Summary(SummaryForm::Object(pay.claim_no.clone())),
                    title: fill(w.object_title, &[("claim", &pay.claim_no)]),
                    form,
                }));
                Some(vec![])
            }
            Action::FundSettle => {
                let pay = pay?;
                if pay.open == 0 {
                    self.flash = Some(fill(w.none_open, &[("claim", &pay.claim_no)]));
                    return Some(vec![]);
                }
                let form = Form::new(vec![Field::new(FieldId::Result, w.field_outcome, FieldKind::Text)]);
                self.modal = Some(Modal::Form(ModalForm {
                    purpose: FormPurpose::Summary(SummaryForm::Settle(pay.claim_no.clone())),
                    title: fill(w.settle_title, &[("claim", &pay.claim_no)]),
                    form,
                }));
                Some(vec![])
            }
            _ => None,
        }
    }

    /// The objection or settle form submitted: every field required (the text kept if not).
    pub(crate) fn ledger_form(&mut self, purpose: SummaryForm, mut m: ModalForm) -> Vec<Effect> {
        let w = crate::i18n::ui_ledger::of_ui(self.ui);
        let f = &mut m.form;
        f.clear_errors();
        let ids: &[FieldId] = match purpose {
            SummaryForm::Settle(_) => &[FieldId::Result],
            _ => &[FieldId::Contact, FieldId::Reason],
        };
        for id in ids {
            let text = f.value(*id).trim();
            if text.is_empty() {
                f.set_error(*id, w.required);
            } else if !text.chars().any(char::is_alphabetic) {
                // As the budget's reason: digits or signs alone say nothing (tryout-56 G).
                f.set_error(*id, w.words);
            }
        }
        if f.has_errors() {
            f.focus_first_error();
            self.modal = Some(Modal::Form(m));
            return vec![];
        }
        let value = |id| f.value(id).trim().to_string();
        let change = match purpose {
            SummaryForm::Settle(claim_no) => Change::Settle { claim_no, outcome: value(FieldId::Result) },
            SummaryForm::Object(claim_no) => {
                Change::Object { claim_no, raised_by: value(FieldId::Contact), what: value(FieldId::Reason) }
            }
            SummaryForm::Range => return vec![],
        };
        self.ledger_change(Some(change))
    }
}

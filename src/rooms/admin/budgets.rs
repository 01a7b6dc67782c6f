//! F6's budgets page (Alt+B; issue #26): the year's programmes with the budget in force, the
//! config's, committed + paid and what remains; ← → change the year, Enter shows the selected
//! programme's history, Alt+E (supervisors) changes its budget with a reason
//! (`db::fund::change_budget`: audited `fund_budget`, refused below committed + paid).

use super::{AdminForm, AdminOp, View};
use crate::app::form::{Field, FieldId, FieldKind, Form};
use crate::app::keymap::Action;
use crate::app::*;
use crate::db::audit::Actor;
use crate::db::fund::{BudgetRefused, BudgetRow, Line};
use crate::db::{self, DbError};
use crate::domain::Role;
use crate::domain::money::Fen;
use crate::i18n::fill;
use chrono::{NaiveDate, Utc};
use rusqlite::Connection;

/// A year's programmes, and one programme's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetsOp {
    pub year: i32,
    pub history: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetsReply {
    pub year: i32,
    pub lines: Vec<Line>,
    pub history: Option<(String, Vec<BudgetRow>)>,
}

/// A new budget as the supervisor typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub year: i32,
    pub code: String,
    pub fen: i64,
    pub reason: String,
}

/// The change's answer: the budget it replaced, or why it was not saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub change: Change,
    pub result: Result<i64, BudgetRefused>,
}

/// The page's state on F6.
#[derive(Debug, Clone, Default)]
pub struct Budgets {
    pub year: Option<i32>,
    pub shown: Option<BudgetsReply>,
    pub selected: usize,
    /// The programme whose history is shown (Enter).
    pub history: Option<String>,
    /// The form as sent, until its answer: a refusal reopens it as typed.
    pub pending: Option<ModalForm>,
    /// A huge new budget asked to be confirmed (programme, fen): the same again saves it.
    pub confirm: Option<(String, i64)>,
}

impl Budgets {
    pub fn op(&self, today: NaiveDate) -> BudgetsOp {
        BudgetsOp { year: self.year.unwrap_or(chrono::Datelike::year(&today)), history: self.history.clone() }
    }

    fn line(&self) -> Option<&Line> {
        self.shown.as_ref().and_then(|r| r.lines.get(self.selected))
    }
}

pub fn read(conn: &Connection, env: &Env, op: BudgetsOp) -> Result<BudgetsReply, DbError> {
    let lines = db::fund::ledger(conn, &env.settings.config.fund, op.year)?;
    let history = match op.history {
        Some(code) => {
            let rows = db::fund::history(conn, op.year, &code)?;
            Some((code, rows))
        }
        None => None,
    };
    Ok(BudgetsReply { year: op.year, lines, history })
}

/// Changes a budget in one write: the budget it replaced is read in the same transaction.
pub fn change(
    conn: &mut Connection,
    env: &Env,
    role: Role,
    actor: Actor,
    c: Change,
) -> Result<Changed, DbError> {
    let fund = &env.settings.config.fund;
    let at = Utc::now();
    let by = crate::db::hardship_ops::By {
        clerk_id: actor.clerk_id.unwrap_or(0),
        role,
        actor,
        at,
        today: crate::domain::dates::local_day(at, env.settings.tz),
    };
    let result = db::write(conn, |tx| -> Result<Result<i64, BudgetRefused>, DbError> {
        let Some(p) = fund.programme(c.year, &c.code) else { return Ok(Err(BudgetRefused::Unknown)) };
        let before = db::fund::figures(tx, c.year, &c.code, p.budget_fen)?.budget;
        Ok(db::fund::change_budget(tx, &by, fund, c.year, &c.code, c.fen, &c.reason)?.map(|_| before))
    })?;
    Ok(Changed { change: c, result })
}

/// A reason is words: not empty, and not only digits or signs.
fn reason_error(reason: &str, w: &crate::i18n::ui_budgets::BudgetsUi) -> Option<&'static str> {
    let reason = reason.trim();
    if reason.is_empty() {
        Some(w.reason_empty)
    } else if !reason.chars().any(char::is_alphabetic) {
        Some(w.reason_words)
    } else {
        None
    }
}

/// The form's title, with the floor it states (the refusal's, once refused).
fn form_title(
    w: &crate::i18n::ui_budgets::BudgetsUi,
    name: &str,
    year: i32,
    budget: i64,
    floor: i64,
) -> String {
    let yuan = |f: i64| Fen(f).plain();
    fill(
        w.form_title,
        &[("name", &name), ("year", &year), ("budget", &yuan(budget)), ("floor", &yuan(floor))],
    )
}

/// Above this a new budget is asked again (a slip of the keys, or full-width digits).
const CONFIRM_TIMES: i64 = 10;

fn too_low(w: &crate::i18n::ui_budgets::BudgetsUi, new: i64, committed: i64, paid: i64) -> String {
    let yuan = |f: i64| Fen(f).plain();
    fill(
        w.too_low,
        &[
            ("new", &yuan(new)),
            ("committed", &yuan(committed)),
            ("paid", &yuan(paid)),
            ("floor", &yuan(committed + paid)),
        ],
    )
}

impl App {
    fn budgets_request(&self) -> Vec<Effect> {
        let Screen::Main(s) = &self.screen else { return vec![] };
        let op = s.admin.budgets.op(self.today());
        self.who().map(|who| Effect::Admin { who, op: AdminOp::Budgets(op.clone()) }).into_iter().collect()
    }

    /// The page's keys (the supervisor-only change was let through by `admin_act`).
    pub(crate) fn budgets_act(&mut self, action: Action) -> Vec<Effect> {
        let today = self.today();
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let t = &mut s.admin;
        let b = &mut t.budgets;
        let year = b.year.unwrap_or(chrono::Datelike::year(&today));
        let n = b.shown.as_ref().map_or(0, |r| r.lines.len());
        match action {
            Action::AdminBudgets => {
                t.view = View::Budgets;
                return self.budgets_request();
            }
            Action::PrevYear | Action::NextYear => {
                b.year = Some(if action == Action::PrevYear { year - 1 } else { year + 1 });
                b.history = None;
                b.selected = 0;
                return self.budgets_request();
            }
            Action::Up | Action::Down => {
                b.selected = if action == Action::Up {
                    b.selected.saturating_sub(1)
                } else {
                    (b.selected + 1).min(n.saturating_sub(1))
                };
                // An open history follows the selection.
                if b.history.is_some() {
                    b.history = b.line().map(|l| l.code.clone());
                    return self.budgets_request();
                }
            }
            Action::BudgetHistory => {
                let code = b.line().map(|l| l.code.clone());
                b.history = if b.history == code { None } else { code };
                return self.budgets_request();
            }
            Action::Back if b.history.is_some() => {
                b.history = None;
                return self.budgets_request();
            }
            Action::ChangeBudget => {
                let Some(l) = b.line() else { return vec![] };
                let w = crate::i18n::ui_budgets::words(self.lang);
                let floor = l.figures.committed + l.figures.paid;
                let title = form_title(w, &l.name, l.year, l.figures.budget, floor);
                let (year, code) = (l.year, l.code.clone());
                b.confirm = None;
                self.modal = Some(Modal::Form(ModalForm {
                    purpose: FormPurpose::Admin(AdminForm::Budget { year, code }),
                    title,
                    form: Form::new(vec![
                        Field::new(FieldId::Amount, w.field_amount, FieldKind::Amount),
                        Field::new(FieldId::Reason, w.field_reason, FieldKind::Text),
                    ]),
                }));
            }
            _ => {}
        }
        vec![]
    }

    /// Alt+S on the form: checked here against the figures on screen (the database checks
    /// again inside its write); a refusal keeps what was typed.
    pub(crate) fn budget_submit(&mut self, year: i32, code: String, mut m: ModalForm) -> Vec<Effect> {
        let w = crate::i18n::ui_budgets::words(self.lang);
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let line = s.admin.budgets.shown.as_ref().and_then(|r| r.lines.iter().find(|l| l.code == code));
        let f = &mut m.form;
        f.clear_errors();
        let fen = match Fen::parse(f.value(FieldId::Amount)) {
            Ok(Fen(fen)) => Some(fen),
            Err(_) => {
                f.set_error(FieldId::Amount, w.amount_bad);
                None
            }
        };
        let ceiling = crate::config::AMOUNT_CEILING_FEN * 100;
        if fen.is_some_and(|new| new > ceiling) {
            f.set_error(FieldId::Amount, fill(w.too_high, &[("ceiling", &Fen(ceiling).plain())]));
        } else if let (Some(new), Some(l)) = (fen, line)
            && new < l.figures.committed + l.figures.paid
        {
            f.set_error(FieldId::Amount, too_low(w, new, l.figures.committed, l.figures.paid));
        }
        let reason = crate::domain::text::strip_controls(f.value(FieldId::Reason)).trim().to_string();
        if let Some(e) = reason_error(&reason, w) {
            f.set_error(FieldId::Reason, e);
        }
        // A new budget many times the one in force is shown back and saved on a second Alt+S.
        let asked = s.admin.budgets.confirm.take();
        if let (Some(new), Some(l), false) = (fen, line, f.has_errors())
            && new > l.figures.budget.max(1).saturating_mul(CONFIRM_TIMES)
            && asked != Some((code.clone(), new))
        {
            let (new_s, old_s) = (Fen(new).plain(), Fen(l.figures.budget).plain());
            f.set_error(FieldId::Amount, fill(w.confirm_huge, &[("new", &new_s), ("old", &old_s)]));
            s.admin.budgets.confirm = Some((code.clone(), new));
        }
        let Some(fen) = fen.filter(|_| !f.has_errors()) else {
            f.focus_first_error();
            self.modal = Some(Modal::Form(m));
            return vec![];
        };
        s.admin.budgets.pending = Some(m);
        self.admin(AdminOp::ChangeBudget(Change { year, code, fen, reason }))
    }

    /// The change's answer: saved, the page shows the new budget with the programme's history;
    /// refused, the form comes back as typed with the reason on its field.
    pub(crate) fn budget_changed(&mut self, c: Changed) -> Vec<Effect> {
        let w = crate::i18n::ui_budgets::words(self.lang);
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let b = &mut s.admin.budgets;
        let mut kept = b.pending.take();
        let name = b
            .shown
            .as_ref()
            .and_then(|r| r.lines.iter().find(|l| l.code == c.change.code))
            .map_or(c.change.code.clone(), |l| l.name.clone());
        let on_field = match &c.result {
            Ok(old) => {
                b.year = Some(c.change.year);
                b.history = Some(c.change.code.clone());
                let (old, new) = (Fen(*old).plain(), Fen(c.change.fen).plain());
                self.flash = Some(fill(
                    w.saved,
                    &[("name", &name), ("year", &c.change.year), ("old", &old), ("new", &new)],
                ));
                return self.budgets_request();
            }
            Err(BudgetRefused::TooLow(low)) => {
                // The title states the floor the refusal gave, not the stale one on screen.
                if let (Some(m), Some(l)) = (
                    kept.as_mut(),
                    b.shown.as_ref().and_then(|r| r.lines.iter().find(|l| l.code == c.change.code)),
                ) {
                    let floor = low.committed.0 + low.paid.0;
                    m.title = form_title(w, &l.name, c.change.year, l.figures.budget, floor);
                }
                Some((FieldId::Amount, too_low(w, low.new.0, low.committed.0, low.paid.0)))
            }
            Err(BudgetRefused::NoReason) => Some((FieldId::Reason, w.reason_empty.to_string())),
            Err(BudgetRefused::SupervisorOnly) => {
                self.flash = Some(w.supervisor_only.into());
                None
            }
            Err(BudgetRefused::Unknown) => {
                self.flash = Some(w.unknown.into());
                None
            }
        };
        if let (Some((field, why)), Some(mut m), None) = (on_field, kept, &self.modal) {
            m.form.set_error(field, why);
            m.form.focus_first_error();
            self.modal = Some(Modal::Form(m));
        }
        self.budgets_request()
    }

    pub(crate) fn budgets_reply(&mut self, r: BudgetsReply) -> Vec<Effect> {
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let b = &mut s.admin.budgets;
        // An answer for a year since left is dropped.
        if b.year.is_some_and(|y| y != r.year) {
            return vec![];
        }
        b.year = Some(r.year);
        b.selected = b.selected.min(r.lines.len().saturating_sub(1));
        b.shown = Some(r);
        vec![]
    }
}

//! F6 管理 (supervisors; auditors read only): the accounts with the CLI's rules, the audit
//! search (who looked at this worker; look-ups without a ticket flagged), the centre config's
//! fingerprint and its acceptance. Changes are decided again by the database side.

mod accounts;
mod audit_pages;
pub mod budgets;
mod config_diff;
pub mod draw;
mod draw_budgets;
mod outcome;
pub mod service;

use crate::app::form::FieldId;
use crate::app::form::{Field, FieldKind, Form};
use crate::app::keymap::{Action, Layer, Tab};
use crate::app::*;
use crate::db::audit_search::Row as AuditRow;
use crate::db::clerks::ClerkStatus;
use crate::domain::Role;
use crate::i18n::fill;
use chrono::NaiveDate;

pub use outcome::{Done, Refused};

/// F6's dialogs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminForm {
    Add,
    /// A new PIN for this login.
    Pin(String),
    /// A new budget for this programme-year.
    Budget {
        year: i32,
        code: String,
    },
}

/// F6's picks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminPick {
    /// A new role for this login.
    Role(String),
}

/// What F6 asks the database for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminOp {
    Clerks,
    Add {
        login: String,
        name: String,
        role: Role,
        pin: String,
    },
    Change {
        login: String,
        change: AccountChange,
    },
    /// A page of the audit trail matching the query.
    Audit {
        query: AuditQuery,
        page: crate::db::page::From,
        n: usize,
    },
    Config,
    Accept,
    Budgets(budgets::BudgetsOp),
    ChangeBudget(budgets::Change),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountChange {
    Disable,
    Enable,
    Unlock,
    ResetPin(String),
    Role(Role),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub login: String,
    pub id_number: String,
    pub action: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AdminReply {
    Clerks(Vec<ClerkStatus>),
    /// A page of matches, how many match in all and how many of those are look-ups without a
    /// ticket, and where the page starts.
    Audit {
        rows: Vec<AuditRow>,
        total: i64,
        flagged: i64,
        page: crate::db::page::From,
    },
    Config(ConfigSeen),
    Done(Result<Done, Refused>),
    Budgets(Box<budgets::BudgetsReply>),
    Budget(budgets::Changed),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Clerks,
    Audit,
    Config,
    Budgets,
}

/// The centre config as the record and this terminal have it: fingerprints and the
/// centre-wide settings as text (the record's only where it was stored with the fingerprint).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigSeen {
    pub stored: Option<String>,
    pub stored_text: Option<String>,
    pub here: String,
    pub here_text: String,
}

/// The audit search's criteria as typed.
fn typed(f: &Form) -> Vec<String> {
    [FieldId::Login, FieldId::Id, FieldId::Action, FieldId::From, FieldId::To]
        .map(|n| f.value(n).trim().to_string())
        .to_vec()
}

pub struct AdminTab {
    pub view: View,
    pub clerks: Vec<ClerkStatus>,
    pub selected: usize,
    pub search: Form,
    pub rows: Option<Vec<AuditRow>>,
    /// The search on screen, and its counts over every page.
    pub query: Option<AuditQuery>,
    pub total: i64,
    pub flagged: i64,
    pub config: Option<ConfigSeen>,
    /// The add form as sent, until its answer (a taken login reopens it).
    pub pending_add: Option<ModalForm>,
    /// The criteria as typed when the results on screen were searched.
    pub searched: Vec<String>,
    /// Rows of its list the last frame showed (a page read is that many).
    pub shown: crate::app::paging::Shown,
    pub budgets: budgets::Budgets,
}

impl AdminTab {
    pub fn new(ui: &crate::i18n::Ui) -> Self {
        let f6 = ui.f6;
        AdminTab {
            shown: Default::default(),
            view: View::Clerks,
            clerks: vec![],
            selected: 0,
            search: Form::new(vec![
                Field::new(FieldId::Login, f6.field_login, FieldKind::Text),
                Field::new(FieldId::Id, f6.field_id, FieldKind::Id),
                Field::new(FieldId::Action, f6.field_action, FieldKind::Text),
                Field::new(FieldId::From, f6.field_from, FieldKind::Date),
                Field::new(FieldId::To, f6.field_to, FieldKind::Date),
            ]),
            rows: None,
            query: None,
            total: 0,
            flagged: 0,
            config: None,
            pending_add: None,
            searched: vec![],
            budgets: Default::default(),
        }
    }
}

impl App {
    pub(crate) fn admin(&mut self, op: AdminOp) -> Vec<Effect> {
        self.who().map(|who| Effect::Admin { who, op }).into_iter().collect()
    }

    pub(crate) fn admin_layers(t: &AdminTab) -> Vec<Layer> {
        let mut l = match t.view {
            View::Clerks => vec![Layer::AdminClerks, Layer::AdminList],
            View::Audit => vec![Layer::Form, Layer::AdminAudit, Layer::AdminList],
            View::Config => vec![Layer::AdminConfig],
            View::Budgets => vec![Layer::AdminBudgets],
        };
        l.extend([Layer::Admin, Layer::Session]);
        if t.view != View::Audit {
            l.push(Layer::NotTyping);
        }
        l
    }

    /// A paste on F6 goes to the audit search, the one form it has.
    pub(crate) fn admin_paste(&mut self, text: &str) -> usize {
        match &mut self.screen {
            Screen::Main(s) if s.admin.view == View::Audit => s.admin.search.paste(text),
            _ => 0,
        }
    }

    /// What the page on screen reads when it opens.
    pub(crate) fn admin_refresh(&self) -> Vec<Effect> {
        let Screen::Main(s) = &self.screen else { return vec![] };
        if s.tab != Tab::Admin || s.lock.is_some() {
            return vec![];
        }
        let op = match s.admin.view {
            View::Clerks => AdminOp::Clerks,
            View::Config => AdminOp::Config,
            View::Budgets => AdminOp::Budgets(s.admin.budgets.op(self.today())),
            View::Audit => return vec![],
        };
        self.who().map(|who| Effect::Admin { who, op }).into_iter().collect()
    }

    pub(crate) fn admin_key(
        &mut self,
        key: crossterm::event::KeyEvent,
        ms: u64,
        binding: Option<Action>,
    ) -> Vec<Effect> {
        if let Some(a) =
            binding.filter(|a| !matches!(a, Action::NextField | Action::PrevField | Action::Submit))
        {
            return self.admin_act(a);
        }
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let submit = binding == Some(Action::Submit);
        if s.admin.view == View::Audit
            && (submit || s.admin.search.handle_key(key, ms) == form::FormReply::Submit)
        {
            return self.admin_search();
        }
        vec![]
    }

    pub(crate) fn admin_act(&mut self, action: Action) -> Vec<Effect> {
        let f6 = self.ui.f6;
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let supervisor = s.clerk.role == Role::Supervisor;
        let t = &mut s.admin;
        let selected = t.clerks.get(t.selected).map(|c| c.clerk.login.clone());
        let changes = matches!(
            action,
            Action::AddClerk
                | Action::DisableClerk
                | Action::EnableClerk
                | Action::UnlockClerk
                | Action::ResetClerkPin
                | Action::ClerkRole
                | Action::AcceptConfig
                | Action::ChangeBudget
        );
        if changes && !supervisor {
            self.flash = Some(f6.supervisor_only.into());
            return vec![];
        }
        let on_budgets =
            t.view == View::Budgets && matches!(action, Action::Up | Action::Down | Action::Back);
        if on_budgets
            || matches!(
                action,
                Action::AdminBudgets
                    | Action::BudgetHistory
                    | Action::ChangeBudget
                    | Action::PrevYear
                    | Action::NextYear
            )
        {
            return self.budgets_act(action);
        }
        match action {
            Action::Submit if t.view == View::Audit => return self.admin_search(),
            Action::AdminView => {
                t.view = match t.view {
                    View::Clerks => View::Audit,
                    View::Audit => View::Config,
                    // The page strip shows four pages: Alt+K goes round all of them.
                    View::Config => View::Budgets,
                    View::Budgets => View::Clerks,
                };
                t.selected = 0;
                return self.admin_refresh();
            }
            Action::Up
            | Action::Down
            | Action::ScrollUp
            | Action::ScrollDown
            | Action::Home
            | Action::End
                if t.view == View::Audit =>
            {
                return self.audit_move(action);
            }
            // The accounts are few: the same keys move within the one list.
            Action::Home => t.selected = 0,
            Action::End => t.selected = t.clerks.len().saturating_sub(1),
            Action::ScrollUp => t.selected = t.selected.saturating_sub(10),
            Action::ScrollDown => t.selected = (t.selected + 10).min(t.clerks.len().saturating_sub(1)),
            Action::Up => t.selected = t.selected.saturating_sub(1),
            Action::Down => {
                let n =
                    if t.view == View::Clerks { t.clerks.len() } else { t.rows.as_ref().map_or(0, Vec::len) };
                t.selected = (t.selected + 1).min(n.saturating_sub(1));
            }
            Action::Submit => return self.admin_search(),
            Action::AddClerk => self.modal = Some(self.add_clerk_form()),
            Action::DisableClerk => return self.ask_disable(),
            Action::AuditDetail => return self.audit_detail(),
            Action::EnableClerk | Action::UnlockClerk => {
                if let Some(login) = selected {
                    let change = if action == Action::EnableClerk {
                        AccountChange::Enable
                    } else {
                        AccountChange::Unlock
                    };
                    return self.admin(AdminOp::Change { login, change });
                }
            }
            Action::ResetClerkPin if t.clerks.get(t.selected).is_some_and(|c| c.clerk.id == s.clerk.id) => {
                // One's own PIN is changed with Alt+I, the current PIN first (the database side
                // refuses a reset too).
                self.flash = Some(f6.own_pin.into());
            }
            Action::ResetClerkPin => {
                if let Some(login) = selected {
                    self.modal = Some(Modal::Form(ModalForm {
                        purpose: FormPurpose::Admin(AdminForm::Pin(login.clone())),
                        title: fill(f6.reset_title, &[("login", &login)]),
                        form: Form::new(vec![
                            Field::new(FieldId::Pin, f6.field_pin, FieldKind::Pin),
                            Field::new(FieldId::Again, f6.field_again, FieldKind::Pin),
                        ]),
                    }));
                }
            }
            Action::ClerkRole if t.clerks.get(t.selected).is_some_and(|c| c.clerk.id == s.clerk.id) => {
                // The database side refuses it too.
                self.flash = Some(f6.own_role.into());
            }
            Action::ClerkRole => {
                if let Some(login) = selected {
                    let ui = self.ui;
                    let options =
                        Role::ALL.iter().map(|r| crate::app::role_name(ui, *r).to_string()).collect();
                    self.modal = Some(Modal::Pick(Pick {
                        purpose: PickPurpose::Admin(AdminPick::Role(login.clone())),
                        title: fill(f6.role_title, &[("login", &login)]),
                        options,
                        codes: Role::ALL.iter().map(|r| r.code().to_string()).collect(),
                        ticks: None,
                        body: String::new(),
                    }));
                }
            }
            Action::AcceptConfig => return self.ask_accept(),
            _ => {}
        }
        vec![]
    }

    fn add_clerk_form(&self) -> Modal {
        let (ui, f6) = (self.ui, self.ui.f6);
        let roles = Role::ALL.iter().map(|r| crate::app::role_name(ui, *r).to_string()).collect();
        Modal::Form(ModalForm {
            purpose: FormPurpose::Admin(AdminForm::Add),
            title: f6.add_title.into(),
            form: Form::new(vec![
                Field::new(FieldId::Login, f6.field_login, FieldKind::Login),
                Field::new(FieldId::Name, f6.field_name, FieldKind::Text),
                Field::choice(FieldId::Role, f6.field_role, roles).with_default(0),
                Field::new(FieldId::Pin, f6.field_pin, FieldKind::Pin),
                Field::new(FieldId::Again, f6.field_again, FieldKind::Pin),
            ]),
        })
    }

    fn admin_search(&mut self) -> Vec<Effect> {
        let today = self.today();
        let ui = self.ui;
        let id_error = match &self.screen {
            Screen::Main(s) => match s.admin.search.value(FieldId::Id).trim() {
                "" => None,
                typed => crate::domain::IdNumber::parse(typed, today).err().map(|e| self.id_message(e)),
            },
            _ => None,
        };
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let f = &mut s.admin.search;
        f.clear_errors();
        if let Some(e) = id_error {
            f.set_error(FieldId::Id, e);
        }
        let mut date = |name: FieldId| match f.value(name).trim() {
            "" => None,
            typed => match crate::domain::dates::parse_date(typed, today) {
                Ok(d) => Some(d),
                Err(_) => {
                    f.set_error(name, ui.date_invalid);
                    None
                }
            },
        };
        let (from, to) = (date(FieldId::From), date(FieldId::To));
        if f.has_errors() {
            f.focus_first_error();
            return vec![];
        }
        let q = AuditQuery {
            login: f.value(FieldId::Login).trim().to_string(),
            id_number: f.value(FieldId::Id).trim().to_string(),
            action: f.value(FieldId::Action).trim().to_string(),
            from,
            to,
        };
        s.admin.selected = 0;
        s.admin.query = Some(q);
        s.admin.searched = typed(&s.admin.search);
        self.audit_page(crate::db::page::From::First)
    }

    /// The add and reset-PIN forms, checked here (the database side checks again).
    pub(crate) fn admin_form(&mut self, purpose: AdminForm, mut m: ModalForm) -> Vec<Effect> {
        if let AdminForm::Budget { year, code } = purpose {
            return self.budget_submit(year, code, m);
        }
        let (ui, t, f6) = (self.ui, self.lang.text(), self.ui.f6);
        let f = &mut m.form;
        f.clear_errors();
        let pin = f.value(FieldId::Pin).to_string();
        if let Err(e) = crate::domain::pin::check_new_pin(&pin) {
            use crate::domain::pin::PinError::*;
            let why = match e {
                Form => t.pin_form,
                Repeated => t.pin_repeated,
                Run => t.pin_run,
                Date => t.pin_date,
            };
            f.set_error(FieldId::Pin, why);
        } else if f.value(FieldId::Again) != pin {
            f.set_error(FieldId::Again, ui.err_pin_mismatch);
        }
        let mut keep = false;
        let op = match &purpose {
            AdminForm::Add => {
                keep = true;
                let login = f.value(FieldId::Login).trim().to_string();
                if !(1..=16).contains(&login.len()) || !login.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    f.set_error(FieldId::Login, f6.login_bad);
                }
                let name = crate::domain::text::strip_controls(f.value(FieldId::Name)).trim().to_string();
                if name.is_empty() {
                    f.set_error(FieldId::Name, ui.err_required);
                }
                let role =
                    f.choice(FieldId::Role).and_then(|i| Role::ALL.get(i)).copied().unwrap_or(Role::Clerk);
                AdminOp::Add { login, name, role, pin }
            }
            AdminForm::Pin(login) => {
                AdminOp::Change { login: login.clone(), change: AccountChange::ResetPin(pin) }
            }
            AdminForm::Budget { .. } => return vec![],
        };
        if m.form.has_errors() {
            m.form.focus_first_error();
            self.modal = Some(Modal::Form(m));
            return vec![];
        }
        if keep {
            self.keep_add_form(&m);
        }
        self.admin(op)
    }

    pub(crate) fn admin_picked(&mut self, purpose: AdminPick, code: Option<String>) -> Vec<Effect> {
        let AdminPick::Role(login) = purpose;
        match code.and_then(|c| c.parse::<Role>().ok()) {
            Some(role) => self.admin(AdminOp::Change { login, change: AccountChange::Role(role) }),
            None => vec![],
        }
    }

    pub(crate) fn admin_reply(&mut self, reply: AdminReply) -> Vec<Effect> {
        if self.reopen_add_form(&reply) {
            return vec![];
        }
        let reply = match reply {
            AdminReply::Budgets(r) => return self.budgets_reply(*r),
            AdminReply::Budget(c) => return self.budget_changed(c),
            other => other,
        };
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let t = &mut s.admin;
        match reply {
            AdminReply::Clerks(list) => {
                // The list read again (every two seconds): the cursor stays on its account, so
                // one added elsewhere never slides another under Alt+D. Accounts are disabled,
                // never deleted, so the one it was on is still there.
                let was = t.clerks.get(t.selected).map(|c| c.clerk.login.as_str());
                let same = was.and_then(|login| list.iter().position(|c| c.clerk.login == login));
                t.selected = same.unwrap_or(t.selected).min(list.len().saturating_sub(1));
                t.clerks = list;
            }
            AdminReply::Audit { rows, total, flagged, page } => {
                (t.total, t.flagged) = (total, flagged);
                let on_screen = t.rows.as_ref().map_or(0, Vec::len);
                match crate::app::paging::landed(page, rows.len(), t.selected, on_screen) {
                    crate::app::paging::Landing::Page(at) => {
                        t.selected = at;
                        t.rows = Some(rows);
                    }
                    crate::app::paging::Landing::Stay(at) => t.selected = at,
                }
            }
            AdminReply::Budgets(_) | AdminReply::Budget(_) => {}
            AdminReply::Config(seen) => {
                self.numbers_blocked = seen.stored.as_ref().is_some_and(|s| *s != seen.here);
                t.config = Some(seen);
            }
            AdminReply::Done(result) => {
                // A refusal of the role reads nothing again: the read would be refused too, and
                // answering that with another read spun the loop (helper-26: a supervisor demoted
                // elsewhere froze on F6 at a full core).
                let again = !matches!(result, Err(outcome::Refused::Role(_)));
                self.flash = Some(match result {
                    Ok(done) => done.words(self.lang),
                    Err(why) => why.words(self.lang),
                });
                return if again { self.admin_refresh() } else { vec![] };
            }
        }
        vec![]
    }
}

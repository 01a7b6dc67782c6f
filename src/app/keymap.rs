//! The keymap: one table drives both dispatch and the hint bar and help, so hints cannot lie.

use crate::i18n::Ui;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The tabs, in F-key order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    WalkIns,
    Claims,
    Letters,
    Station,
    Summary,
    Admin,
}

impl Tab {
    pub const ALL: [Tab; 6] =
        [Tab::WalkIns, Tab::Claims, Tab::Letters, Tab::Station, Tab::Summary, Tab::Admin];

    pub fn number(self) -> u8 {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0) as u8 + 1
    }

    pub fn title(self, ui: &Ui) -> &'static str {
        match self {
            Tab::WalkIns => ui.tab_walkins,
            Tab::Claims => ui.tab_claims,
            Tab::Letters => ui.tab_letters,
            Tab::Station => ui.tab_station,
            Tab::Summary => ui.tab_summary,
            Tab::Admin => ui.tab_admin,
        }
    }
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    GoTab(Tab),
    NextField,
    PrevField,
    Submit,
    /// Submit, named for the login screen.
    LogIn,
    /// Submit, named for the lock screen.
    Unlock,
    Back,
    Help,
    Lock,
    SwitchClerk,
    Quit,
    Reveal,
    Leader,
    Confirm,
    Cancel,
    /// Display only: digits pick a choice (the form handles them).
    Pick,
    /// Up / down in a list, and its default action.
    Up,
    Down,
    Open,
    CallNext,
    Recall,
    Begin,
    Finish,
    Transfer,
    ReferOut,
    NoShow,
    Restore,
    RecordFollowUp,
    WorkerCard,
    EditCard,
    ChecklistGiven,
    PrintChecklist,
    CycleList,
    /// Enter in F1's matter field: a ticket for that matter.
    QuickTicket,
    /// F2: look the typed ID number up.
    Lookup,
    NewClaim,
    ClaimStep,
    PrintNotice,
    History,
    /// Between F2's ID field and its claims list.
    SwitchPane,
    /// F2: the next page (claims, 困难档案, the lists).
    ClaimsView,
    /// F2's lists: the selected file's worker, looked up.
    OpenFile,
    /// F2's 困难档案: a supervisor's steps (Alt+M), a visit (Alt+F).
    HardshipDecide,
    HardshipVisit,
    /// F3: compose, the register, verify.
    LetterView,
    IssueLetter,
    VoidLetter,
    Reissue,
    ReadLetter,
    ScrollUp,
    ScrollDown,
    /// A list's first and last entries.
    Home,
    End,
    VerifyLetter,
    /// Display only: digits filter the register by unit (the tab handles them).
    FilterUnit,
    FilterState,
    SendLetter,
    MarkSent,
    SmsText,
    AddMember,
    ImportRoster,
    DropMember,
    /// F4: the next page (entry, loans, in-hall, stock, today).
    StationView,
    /// F4's item field: Enter records the item at once (hand out one, start a use).
    QuickEntry,
    /// F4: record the entry form.
    Record,
    /// F4: other help (a kind and a note).
    HelpEntry,
    /// F4's loans: search when the text changed, else take the selected loan back.
    LoanEnter,
    LoanLost,
    EndUse,
    Restock,
    CountStock,
    AdjustStock,
    /// F5: the period before / after, a date or range, and (display only) the digit presets.
    PrevPeriod,
    NextPeriod,
    JumpDate,
    Presets,
    /// F5: the aid fund ledger and back (Alt+K).
    FundLedger,
    /// Alt+K on the ledger: back to the summary (the same toggle, named for where it goes).
    FundSummary,
    /// The ledger's year before / after, and the selected programme's payments.
    PrevYear,
    NextYear,
    FundPayments,
    /// The ledger's payments: record an objection, settle the open one, list them; and the
    /// selected programme's publicity files (supervisor).
    FundObject,
    FundSettle,
    FundObjections,
    FundPublicity,
    /// Any tab: change one's own PIN.
    ChangePin,
    /// F6: the next page; accounts; the config.
    AdminView,
    AddClerk,
    DisableClerk,
    UnlockClerk,
    EnableClerk,
    /// F6: the selected audit row's whole detail (or a new search if the criteria changed).
    AuditDetail,
    ResetClerkPin,
    ClerkRole,
    AcceptConfig,
    /// F6: the budgets page (Alt+B), a programme's history (Enter), a change (Alt+E).
    AdminBudgets,
    BudgetHistory,
    ChangeBudget,
    /// F2's 困难档案: the forms that change the file, and a form's member rows.
    HardshipApply,
    HardshipEdit,
    HardshipReview,
    HardshipVerify,
    HardshipAddMember,
    HardshipDropMember,
    /// PgDn / PgUp in a hardship form: past the household rows, or back to member 1.
    HardshipPastHousehold,
    HardshipToHousehold,
}

impl Action {
    /// Acts only a supervisor may take: their keys are not hinted to other roles (the database
    /// side refuses them anyway).
    pub fn supervisor_only(self) -> bool {
        matches!(
            self,
            Action::VoidLetter
                | Action::Reissue
                | Action::LoanLost
                | Action::Restock
                | Action::CountStock
                | Action::AdjustStock
                | Action::AddClerk
                | Action::DisableClerk
                | Action::EnableClerk
                | Action::UnlockClerk
                | Action::ResetClerkPin
                | Action::ClerkRole
                | Action::AcceptConfig
                | Action::FundObject
                | Action::FundSettle
                | Action::FundPublicity
                | Action::ChangeBudget
        )
    }

    pub fn label(self, ui: &Ui) -> &'static str {
        match self {
            Action::GoTab(t) => t.title(ui),
            Action::NextField => ui.act_next_field,
            Action::PrevField => ui.act_prev_field,
            Action::Submit => ui.act_submit,
            Action::LogIn => ui.act_login,
            Action::Unlock => ui.act_unlock,
            Action::Back => ui.act_back,
            Action::Help => ui.act_help,
            Action::Lock => ui.act_lock,
            Action::SwitchClerk => ui.act_switch,
            Action::Quit => ui.act_quit,
            Action::Reveal => ui.act_reveal,
            Action::Leader => ui.act_leader,
            Action::Confirm => ui.act_confirm,
            Action::Cancel => ui.act_cancel,
            Action::Pick => ui.act_pick,
            Action::Up => ui.act_up,
            Action::Down => ui.act_down,
            Action::Open => ui.act_open,
            Action::CallNext => ui.act_call_next,
            Action::Recall => ui.act_recall,
            Action::Begin => ui.act_begin,
            Action::Finish => ui.act_finish,
            Action::Transfer => ui.act_transfer,
            Action::ReferOut => ui.act_refer,
            Action::NoShow => ui.act_no_show,
            Action::Restore => ui.f1c.act_restore,
            Action::RecordFollowUp => ui.f1c.act_record_followup,
            Action::WorkerCard => ui.act_card,
            Action::EditCard => ui.act_edit_card,
            Action::ChecklistGiven => ui.act_checklist,
            Action::PrintChecklist => ui.act_print,
            Action::CycleList => ui.act_cycle_list,
            Action::QuickTicket => ui.act_quick_ticket,
            Action::Lookup => ui.f2.act_lookup,
            Action::NewClaim => ui.f2.act_new,
            Action::ClaimStep => ui.f2.act_step,
            Action::PrintNotice => ui.f2.act_print,
            Action::History => ui.f2.act_history,
            Action::SwitchPane => ui.f2.act_switch_pane,
            Action::ClaimsView => ui.f2.act_page,
            Action::OpenFile => ui.f2.act_open_file,
            Action::HardshipDecide => crate::i18n::ui_hardship_decide::of_ui(ui).act_decide,
            Action::HardshipVisit => crate::i18n::ui_hardship_decide::of_ui(ui).act_visit,
            Action::LetterView => ui.f3.act_view,
            Action::IssueLetter => ui.f3.act_issue,
            Action::VoidLetter => ui.f3.act_void,
            Action::Reissue => ui.f3.act_reissue,
            Action::ReadLetter => ui.f3.act_read,
            Action::ScrollUp => ui.f3.act_scroll_up,
            Action::ScrollDown => ui.f3.act_scroll_down,
            Action::Home => ui.act_home,
            Action::End => ui.act_end,
            Action::VerifyLetter => ui.f3.act_verify,
            Action::FilterUnit => ui.f3.act_filter_unit,
            Action::FilterState => ui.f3.act_filter_state,
            Action::SendLetter => ui.f3.act_send,
            Action::MarkSent => ui.f3.act_mark_sent,
            Action::SmsText => ui.f3.act_sms,
            Action::AddMember => ui.f3.act_add,
            Action::ImportRoster => ui.f3.act_import,
            Action::DropMember => ui.f3.act_drop,
            Action::StationView => ui.f4.act_view,
            Action::QuickEntry => ui.f4.act_quick,
            Action::Record => ui.f4.act_record,
            Action::HelpEntry => ui.f4.act_help,
            Action::LoanEnter => ui.f4.act_loan_enter,
            Action::LoanLost => ui.f4.act_lost,
            Action::EndUse => ui.f4.act_end_use,
            Action::Restock => ui.f4.act_restock,
            Action::CountStock => ui.f4.act_count,
            Action::AdjustStock => ui.f4.act_adjust,
            Action::PrevPeriod => ui.f5.act_prev,
            Action::NextPeriod => ui.f5.act_next,
            Action::JumpDate => ui.f5.act_range,
            Action::Presets => ui.f5.act_presets,
            Action::FundLedger => crate::i18n::ui_fund::of_ui(ui).act_view,
            Action::FundSummary => crate::i18n::ui_fund::of_ui(ui).act_summary,
            Action::PrevYear => crate::i18n::ui_fund::of_ui(ui).act_prev_year,
            Action::NextYear => crate::i18n::ui_fund::of_ui(ui).act_next_year,
            Action::FundPayments => crate::i18n::ui_fund::of_ui(ui).act_payments,
            Action::FundObject => crate::i18n::ui_ledger::of_ui(ui).act_object,
            Action::FundSettle => crate::i18n::ui_ledger::of_ui(ui).act_settle,
            Action::FundObjections => crate::i18n::ui_ledger::of_ui(ui).act_objections,
            Action::FundPublicity => crate::i18n::ui_ledger::of_ui(ui).act_publicity,
            Action::ChangePin => ui.act_change_pin,
            Action::AdminView => ui.f6.act_view,
            Action::AddClerk => ui.f6.act_add,
            Action::DisableClerk => ui.f6.act_disable,
            Action::UnlockClerk => ui.f6.act_unlock,
            Action::EnableClerk => ui.f6.act_enable,
            Action::AuditDetail => ui.f6.act_detail,
            Action::ResetClerkPin => ui.f6.act_reset,
            Action::ClerkRole => ui.f6.act_role,
            Action::AcceptConfig => ui.f6.act_accept,
            Action::AdminBudgets => crate::i18n::ui_budgets::of_ui(ui).act_view,
            Action::BudgetHistory => crate::i18n::ui_budgets::of_ui(ui).act_history,
            Action::ChangeBudget => crate::i18n::ui_budgets::of_ui(ui).act_change,
            Action::HardshipApply => crate::i18n::ui_hardship_forms::of_ui(ui).act_apply,
            Action::HardshipEdit => crate::i18n::ui_hardship_forms::of_ui(ui).act_edit,
            Action::HardshipReview => crate::i18n::ui_hardship_forms::of_ui(ui).act_review,
            Action::HardshipVerify => crate::i18n::ui_hardship_forms::of_ui(ui).act_verify,
            Action::HardshipAddMember => crate::i18n::ui_hardship_forms::of_ui(ui).act_add,
            Action::HardshipDropMember => crate::i18n::ui_hardship_forms::of_ui(ui).act_drop,
            Action::HardshipPastHousehold => crate::i18n::ui_hardship_forms::of_ui(ui).act_past,
            Action::HardshipToHousehold => crate::i18n::ui_hardship_forms::of_ui(ui).act_back,
        }
    }
}

/// A key as the keymap names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    F(u8),
    Alt(char),
    Ctrl(char),
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    /// Display only: the digit keys.
    Digits,
}

impl Key {
    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        let m = ev.modifiers;
        Some(match ev.code {
            KeyCode::F(n) if m.is_empty() => Key::F(n),
            KeyCode::Enter => Key::Enter,
            KeyCode::Esc => Key::Esc,
            KeyCode::Tab if m.contains(KeyModifiers::SHIFT) => Key::BackTab,
            KeyCode::Tab => Key::Tab,
            KeyCode::BackTab => Key::BackTab,
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::Left => Key::Left,
            KeyCode::Right => Key::Right,
            KeyCode::PageUp => Key::PageUp,
            KeyCode::PageDown => Key::PageDown,
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            KeyCode::Char(c) if m.contains(KeyModifiers::ALT) => Key::Alt(c.to_ascii_lowercase()),
            KeyCode::Char(c) if m.contains(KeyModifiers::CONTROL) => Key::Ctrl(c.to_ascii_lowercase()),
            KeyCode::Char(c) => Key::Char(c),
            _ => return None,
        })
    }

    pub fn name(self, ui: &Ui) -> String {
        match self {
            Key::F(n) => format!("F{n}"),
            Key::Alt(c) => format!("Alt+{}", c.to_ascii_uppercase()),
            Key::Ctrl(c) => format!("Ctrl+{}", c.to_ascii_uppercase()),
            Key::Char(c) => c.to_string(),
            Key::Enter => ui.key_enter.to_string(),
            Key::Esc => "Esc".into(),
            Key::Tab => "Tab".into(),
            Key::BackTab => "Shift+Tab".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
            Key::Digits => ui.key_digits.to_string(),
        }
    }
}

/// Where a binding applies. The active layers are computed from the app's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// Any logged-in screen that is not locked.
    Session,
    /// A form has focus.
    Form,
    /// The login screen.
    Login,
    /// The first-run screen: the first supervisor's account.
    FirstRun,
    /// Any dialog (a small form or a pick): what it shares with the shell.
    Dialog,
    Locked,
    /// A yes/no question.
    Confirm,
    /// The reveal-reason picker.
    Reason,
    Help,
    /// The database changed under us: quitting is all that is left.
    Stale,
    /// Outside a text field.
    NotTyping,
    /// A choice field has focus: digits pick.
    Choice,
    /// F1's matter field: Enter issues a quick ticket.
    Matter,
    /// F1, anywhere: the counter's actions.
    WalkIns,
    /// F1 at a window that calls: the counter's actions (the desk has none).
    Counter,
    /// F1's follow-up list: Enter records a result.
    FollowUpList,
    /// A list pane has focus.
    List,
    /// A multiple choice: digits tick, Enter confirms.
    Multi,
    /// F2's ID field.
    ClaimId,
    /// F2's claims list.
    ClaimList,
    /// F2, anywhere.
    Claims,
    /// F2, any page: the page key.
    ClaimPages,
    /// F2's 困难档案 page: it scrolls.
    HardshipFile,
    /// F2's lists page: up, down, open.
    HardshipList,
    HardshipForm,
    /// F3's compose form.
    LetterCompose,
    /// F3's register.
    LetterList,
    /// F3's verify form.
    LetterVerify,
    /// F3, anywhere.
    Letters,
    /// A text to read in a box (a claim's history, a letter): it scrolls.
    Reading,
    /// F3's batch page: the roster.
    LetterBatch,
    /// F3's batch page, in the add field: Enter adds.
    LetterAdd,
    /// F4's entry form.
    StationEntry,
    /// F4's entry form, on the item field: Enter records at once.
    StationItem,
    /// F4's open loans.
    StationLoans,
    /// F4's in-hall uses.
    StationUses,
    /// F4's stock.
    StationStock,
    /// F4's lists (loans, uses, stock, today): up and down.
    StationList,
    /// F4, anywhere.
    Station,
    /// F5.
    Summary,
    /// F5's aid fund ledger.
    Ledger,
    /// The ledger's payments list: objections.
    LedgerPay,
    /// A payment's objections (over `LedgerPay`, whose Alt+O and Alt+J work there too).
    LedgerObjections,
    /// F6's accounts page.
    AdminClerks,
    /// F6's config page.
    AdminConfig,
    /// F6's budgets page.
    AdminBudgets,
    /// F6's lists: up and down.
    AdminList,
    /// F6's audit results: Enter opens the selected row.
    AdminAudit,
    /// F6, anywhere.
    Admin,
}

pub struct Binding {
    pub layer: Layer,
    pub keys: &'static [Key],
    /// The letter or digit after Ctrl+G.
    pub leader: Option<char>,
    pub action: Action,
    /// Shown in the hint bar (all bindings are in help).
    pub hint: bool,
}

mod table;
pub use table::KEYMAP;

/// A tab's layers: the page's own (`page`), digits when a choice field has focus, the tab's,
/// the session's, and keys that need no text field when nothing is being typed.
pub fn tab_layers(mut page: Vec<Layer>, form: Option<&super::form::Form>, tab: Layer) -> Vec<Layer> {
    if form.is_some_and(|f| !f.typing()) {
        page.push(Layer::Choice);
    }
    page.extend([tab, Layer::Session]);
    if form.is_none_or(|f| !f.typing()) {
        page.push(Layer::NotTyping);
    }
    page
}

/// The binding for a key in the active layers (first layer wins).
pub fn lookup(layers: &[Layer], key: Key) -> Option<&'static Binding> {
    layers.iter().find_map(|layer| KEYMAP.iter().find(|b| b.layer == *layer && b.keys.contains(&key)))
}

/// The binding reached by Ctrl+G then `c`.
pub fn lookup_leader(layers: &[Layer], c: char) -> Option<&'static Binding> {
    let c = crate::domain::text::fold_char(c).to_ascii_lowercase();
    layers.iter().find_map(|layer| KEYMAP.iter().find(|b| b.layer == *layer && b.leader == Some(c)))
}

/// The bindings shown for the active layers, in table order.
pub fn active(layers: &[Layer]) -> impl Iterator<Item = &'static Binding> + '_ {
    KEYMAP.iter().filter(move |b| layers.contains(&b.layer))
}

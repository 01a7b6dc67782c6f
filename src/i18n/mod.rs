//! Every user-visible string, one table per language. A missing translation does not compile.

pub mod audit_actions;
pub mod claims;
mod en;
pub mod files;
pub mod fund;
pub mod fund_report;
pub mod hardship;
pub mod hardship_io;
pub mod report_fund_summary;
pub mod report_hardship;
mod ui_admin;
pub mod ui_budgets;
mod ui_claims;
mod ui_counter;
pub mod ui_fund;
pub mod ui_hardship_decide;
pub mod ui_hardship_forms;
pub mod ui_hardship_page;
pub mod ui_ledger;
mod ui_letters;
mod ui_report;
mod ui_session;
mod ui_station;
mod ui_text;
mod zh;

pub use ui_session::SessionUi;
pub use ui_text::Ui;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// `zh-CN`/`zh`/`cn` or `en`; anything else is `None`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "zh-cn" | "zh" | "cn" | "zh_cn" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn ui(self) -> &'static Ui {
        match self {
            Lang::Zh => &ui_text::ZH,
            Lang::En => &ui_text::EN,
        }
    }

    /// The language a screen's word table is of (keymap labels get only the table).
    pub fn of_ui(ui: &Ui) -> Lang {
        if std::ptr::eq(ui, Lang::En.ui()) { Lang::En } else { Lang::Zh }
    }

    pub fn text(self) -> &'static Text {
        match self {
            Lang::Zh => &zh::TEXT,
            Lang::En => &en::TEXT,
        }
    }
}

/// Replaces `{name}` placeholders.
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

macro_rules! text_struct {
    ($($field:ident),* $(,)?) => {
        /// The strings of one language.
        pub struct Text { $(pub $field: &'static str,)* }
    };
}

text_struct! {
    // command line
    err_prefix, config_error, db_not_found, db_newer, db_error, io_error,
    db_empty, db_foreign, key_missing, key_wrong, first_taken, imp_claim_other, imp_claim_no, audit_head, ltr_batch_broken,
    purge_cutoff, purge_confirm, purge_cancelled, purge_needs_yes, purge_journal_busy,
    audit_unsigned, audit_rewritten, audit_trigger, audit_anchor_bad, audit_anchor_changed, audit_cut_back,
    audit_broken_at,
    db_readonly, db_full, db_corrupt, db_busy, db_cantopen, db_ioerr, io_denied, io_full, io_not_dir,
    no_login, no_pin, login_wrong, login_locked, login_disabled, not_allowed,
    pin_prompt, new_pin_prompt, new_pin_again, pin_mismatch, pin_form, pin_repeated, pin_run, pin_date,
    login_form, name_empty, first_must_supervise, clerk_exists, clerk_unknown, last_supervisor,
    clerk_added, clerk_disabled, clerk_unlocked, clerk_pin_reset, clerk_role_set,
    clerk_enabled, clerk_not_disabled, clerk_still_disabled, clerk_own_account, clerk_own_role, clerk_own_pin,
    list_header, status_active, status_disabled, status_locked,
    role_clerk, role_supervisor, role_volunteer, role_auditor,
    init_created, init_exists, check_ok, check_failed, warn_calendar, warn_fingerprint,
    backup_done, backup_exists, config_accepted, config_same, config_diff, config_diff_none, config_diff_unknown, demo_refused, demo_created, demo_scale, demo_building,
    imp_line, imp_header, imp_time, imp_matter, imp_status, imp_spreadsheet, imp_done, imp_dry,
    imp_failed, imp_read, exp_done, bad_date, imp_duplicate, imp_required, imp_amount, imp_over_max, imp_kind, imp_year, imp_hardship_level, imp_hardship_applied, person_unknown,
    ltr_valid, ltr_void, ltr_replaced, ltr_unknown, ltr_altered, ltr_usage, ltr_rebuilt,
    ltr_record_altered, ltr_record_broken, ltr_notice, ltr_roster,
    exp_needs_id, arg_id, to_before_from, table_needs_csv, table_days_of_day,
    purge_done, purge_would,
}

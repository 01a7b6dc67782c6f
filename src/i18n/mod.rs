//! Every user-visible string, one table per language. A missing translation does not compile.

pub mod claims;
mod en;
mod ui_admin;
mod ui_claims;
mod ui_letters;
mod ui_report;
mod ui_station;
mod ui_text;
mod zh;

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
    db_readonly, db_full, db_corrupt, db_busy, db_cantopen, db_ioerr, io_denied, io_full, io_not_dir,
    no_login, no_pin, login_wrong, login_locked, login_disabled, not_allowed,
    pin_prompt, new_pin_prompt, new_pin_again, pin_mismatch, pin_form, pin_repeated, pin_run, pin_date,
    login_form, name_empty, first_must_supervise, clerk_exists, clerk_unknown, last_supervisor,
    clerk_added, clerk_disabled, clerk_unlocked, clerk_pin_reset, clerk_role_set,
    list_header, status_active, status_disabled, status_locked,
    role_clerk, role_supervisor, role_volunteer, role_auditor,
    init_created, init_exists, check_ok, check_failed, warn_calendar, warn_fingerprint,
    backup_done, backup_exists, config_accepted, config_same, demo_refused, demo_created, demo_scale, demo_building,
    imp_line, imp_header, imp_time, imp_matter, imp_status, imp_spreadsheet, imp_done, imp_dry,
    imp_failed, imp_read, exp_done, bad_date, imp_duplicate, imp_required, imp_amount, imp_kind, imp_year, person_unknown,
    ltr_valid, ltr_void, ltr_replaced, ltr_unknown, ltr_altered, ltr_usage, ltr_rebuilt,
    exp_needs_id, arg_id, to_before_from,
    purge_done, purge_would,
}

/// One sentence in `lang` for a database fault met on `path`: what happened and what to do
/// (`None` for a fault without a sentence of its own).
pub fn fault_text(lang: Lang, fault: crate::db::Fault, path: &std::path::Path) -> Option<String> {
    use crate::db::Fault;
    let t = lang.text();
    let template = match fault {
        Fault::ReadOnly => t.db_readonly,
        Fault::Full => t.db_full,
        Fault::Corrupt => t.db_corrupt,
        Fault::Busy => t.db_busy,
        Fault::CantOpen => t.db_cantopen,
        Fault::Io => t.db_ioerr,
        Fault::Other => return None,
    };
    Some(fill(template, &[("path", &path.display())]))
}

/// A failed database call on `path` as one sentence in `lang`.
pub fn db_fault(lang: Lang, e: &crate::db::DbError, path: &std::path::Path) -> String {
    use crate::db::DbError;
    let t = lang.text();
    match e {
        DbError::NotFound(p) => fill(t.db_not_found, &[("path", &p.display())]),
        DbError::Newer { path, found, known } => {
            fill(t.db_newer, &[("path", &path.display()), ("found", found), ("known", known)])
        }
        // A file beside the database (the outbox, the key): its own path and the reason.
        DbError::Io { path, source } => {
            let detail = match source.raw_os_error() {
                Some(libc::EACCES | libc::EPERM | libc::EROFS) => t.io_denied.to_string(),
                Some(libc::ENOSPC | libc::EDQUOT | libc::EFBIG) => t.io_full.to_string(),
                Some(libc::ENOTDIR | libc::EEXIST) => t.io_not_dir.to_string(),
                _ => source.to_string(),
            };
            fill(t.io_error, &[("path", &path.display()), ("detail", &detail)])
        }
        e => fault_text(lang, e.fault(), path).unwrap_or_else(|| fill(t.db_error, &[("detail", e)])),
    }
}

//! A database fault as one sentence in the user's language: what happened and what to do.

use crate::i18n::{Lang, fill};

/// One sentence in `lang` for a database fault met on `path`: what happened and what to do
/// (`None` for a fault without a sentence of its own).
pub fn fault_text(lang: Lang, fault: super::Fault, path: &std::path::Path) -> Option<String> {
    use super::Fault;
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
pub fn db_fault(lang: Lang, e: &super::DbError, path: &std::path::Path) -> String {
    use super::DbError;
    let t = lang.text();
    match e {
        DbError::NotFound(p) => fill(t.db_not_found, &[("path", &p.display())]),
        DbError::Empty(p) => fill(t.db_empty, &[("path", &p.display())]),
        DbError::NotFrontdesk(p) => fill(t.db_foreign, &[("path", &p.display())]),
        DbError::KeyMissing(p) => fill(t.key_missing, &[("path", &p.display())]),
        DbError::KeyWrong(p) => fill(t.key_wrong, &[("path", &p.display())]),
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

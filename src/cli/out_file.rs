//! Files written at the user's word (`--out`, a backup's target): never the live database, its
//! companions (`-wal`, `-shm`, the key file) or anything in the outbox, never through a symbolic
//! link, never over an existing file without `--force`; written whole under a temporary name
//! (mode 0600) in the same folder, then renamed into place, so a reader never sees half a file
//! and an old file's looser mode is never kept.

use super::Ctx;
use crate::i18n::{files, fill};
use anyhow::{Result, anyhow};
use std::ffi::OsString;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// A place checked for writing: an absolute path in an existing, resolved folder.
#[derive(Debug, Clone)]
pub struct Target {
    /// The path as asked, for messages.
    pub asked: PathBuf,
    /// The folder resolved (symbolic links followed) and the file's name in it.
    pub path: PathBuf,
    force: bool,
}

/// Checks `asked` as a place to write a new file (or, with `force`, to replace a file).
pub fn check(ctx: &Ctx, asked: &Path, force: bool) -> Result<Target> {
    let ft = files::text(ctx.lang);
    let said = asked.display();
    let name = match asked.file_name() {
        Some(n) if !asked.as_os_str().as_bytes().ends_with(b"/") => n.to_os_string(),
        _ => return Err(anyhow!(fill(ft.no_name, &[("path", &said)]))),
    };
    let parent = match asked.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let folder = match std::fs::canonicalize(&parent) {
        Ok(f) if f.is_dir() => f,
        _ => return Err(anyhow!(fill(ft.no_folder, &[("path", &said), ("folder", &parent.display())]))),
    };
    let path = folder.join(&name);
    if belongs_to_database(&ctx.db_path, &path) {
        return Err(anyhow!(fill(ft.database, &[("path", &said)])));
    }
    let outbox = crate::letters::outbox::dir(&ctx.settings, &ctx.db_path);
    if inside(&outbox, &path) {
        return Err(anyhow!(fill(ft.outbox, &[("path", &said), ("outbox", &outbox.display())])));
    }
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_symlink() => Err(anyhow!(fill(ft.symlink, &[("path", &said)]))),
        Ok(m) if m.is_dir() => Err(anyhow!(fill(ft.is_folder, &[("path", &said)]))),
        // A device, a pipe or a socket is never replaced by a file, `--force` or not.
        Ok(m) if !m.file_type().is_file() => Err(anyhow!(fill(ft.not_a_file, &[("path", &said)]))),
        Ok(_) if !force => Err(anyhow!(fill(ft.exists, &[("path", &said)]))),
        Ok(_) => Ok(Target { asked: asked.to_path_buf(), path, force }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(Target { asked: asked.to_path_buf(), path, force })
        }
        Err(e) => Err(anyhow!(fill(ft.failed, &[("path", &said), ("detail", &e)]))),
    }
}

/// The database's own files: the database, SQLite's companions named `<db>-…` (`-wal`, `-shm`,
/// `-journal`) and the key file with whatever is kept beside it as `<db>.key…`. The database's
/// folder is compared resolved, and so is the database itself when it is a link. (`<db>.bak`
/// is a fine name for a copy.)
fn belongs_to_database(db: &Path, path: &Path) -> bool {
    let mut places = vec![];
    if let (Some(name), Some(dir)) = (db.file_name(), db.parent()) {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        if let Ok(dir) = std::fs::canonicalize(dir) {
            places.push((dir, name.to_os_string()));
        }
    }
    if let Ok(real) = std::fs::canonicalize(db)
        && let (Some(name), Some(dir)) = (real.file_name(), real.parent())
    {
        places.push((dir.to_path_buf(), name.to_os_string()));
    }
    let (Some(name), Some(dir)) = (path.file_name(), path.parent()) else { return false };
    let name = name.as_bytes();
    places.iter().any(|(d, db): &(PathBuf, OsString)| {
        let rest = name.strip_prefix(db.as_bytes());
        d == dir
            && rest.is_some_and(|r| {
                r.is_empty() || r.starts_with(b"-") || r.starts_with(b".key") || r.starts_with(b".audit-head")
            })
    })
}

/// Whether a path is one no file written at the user's word may be: the database's own files
/// or anything in the outbox (a purge removing old exports asks too).
pub fn protected(ctx: &Ctx, path: &Path) -> bool {
    let outbox = crate::letters::outbox::dir(&ctx.settings, &ctx.db_path);
    belongs_to_database(&ctx.db_path, path) || inside(&outbox, path)
}

/// Whether `path` (in a resolved folder) lies inside `folder`, resolved when it exists.
fn inside(folder: &Path, path: &Path) -> bool {
    let resolved =
        std::fs::canonicalize(folder).unwrap_or_else(|_| std::path::absolute(folder).unwrap_or_default());
    !resolved.as_os_str().is_empty() && path.starts_with(&resolved)
}

impl Target {
    /// The temporary file beside the target, created new with mode 0600.
    pub fn stage(&self, lang: crate::i18n::Lang) -> Result<Staged> {
        let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = self.path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(|e| self.failed_in(lang, &e))?;
        Ok(Staged { target: self.clone(), tmp, file: Some(std::io::BufWriter::new(file)), placed: false })
    }

    /// "cannot write PATH: why", in `lang`.
    pub fn failed_in(&self, lang: crate::i18n::Lang, e: &dyn std::fmt::Display) -> anyhow::Error {
        anyhow!(fill(files::text(lang).failed, &[("path", &self.asked.display()), ("detail", e)]))
    }
}

/// A file being written under its temporary name; removed unless [`Staged::place`]d.
pub struct Staged {
    target: Target,
    tmp: PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
    placed: bool,
}

impl Staged {
    /// The temporary file's path (for writers that open it themselves, like `VACUUM INTO`).
    pub fn tmp_path(&self) -> &Path {
        &self.tmp
    }

    /// Written out and synced to disk, still under the temporary name.
    pub fn sync(&mut self, lang: crate::i18n::Lang) -> Result<()> {
        if let Some(f) = self.file.take() {
            let f = f.into_inner().map_err(|e| self.target.failed_in(lang, &e.into_error()))?;
            f.sync_all().map_err(|e| self.target.failed_in(lang, &e))?;
        }
        Ok(())
    }

    /// Renamed into place (without `--force`, never over a file that appeared meanwhile).
    pub fn place(mut self, lang: crate::i18n::Lang) -> Result<()> {
        self.sync(lang)?;
        let t = &self.target;
        if t.force {
            std::fs::rename(&self.tmp, &t.path).map_err(|e| t.failed_in(lang, &e))?;
        } else {
            // A hard link fails if the name was taken since the check; then the temporary goes.
            match std::fs::hard_link(&self.tmp, &t.path) {
                Ok(()) => {
                    let _ = std::fs::remove_file(&self.tmp);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Err(anyhow!(fill(files::text(lang).exists, &[("path", &t.asked.display())])));
                }
                // A filesystem without hard links: the check above has to do.
                Err(_) => std::fs::rename(&self.tmp, &t.path).map_err(|e| t.failed_in(lang, &e))?,
            }
        }
        self.placed = true;
        if let Some(dir) = t.path.parent()
            && let Ok(d) = std::fs::File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("written after sync")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().map_or(Ok(()), |f| f.flush())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.placed {
            self.file = None;
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes a command's output to standard output or to a checked `--out` file, auditing it as
/// the privacy rules want: before the first line on standard output (a line sent cannot be
/// taken back); for a file, once the whole file is written and before it is put in place, so
/// a file that could not be written leaves no audit row and no file leaves unaudited. A file
/// is recorded (path, size, SHA-256) so a purge later removes it only while it is that file.
pub fn deliver<T>(
    ctx: &Ctx,
    what: &str,
    target: Option<&Target>,
    db: &mut crate::db::Db,
    audit: impl FnOnce(&mut crate::db::Db) -> Result<()>,
    fill_in: impl FnOnce(&crate::db::Db, &mut dyn Write) -> Result<T>,
) -> Result<T> {
    match target {
        None => {
            audit(db)?;
            let mut out = super::term::stdout();
            let made = fill_in(db, &mut out)?;
            out.flush()?;
            Ok(made)
        }
        Some(t) => {
            let mut staged = t.stage(ctx.lang)?;
            let made = fill_in(db, &mut staged).map_err(|e| with_path(ctx, t, e))?;
            staged.sync(ctx.lang)?;
            let (size, sha) = digest(staged.tmp_path()).map_err(|e| t.failed_in(ctx.lang, &e))?;
            audit(db)?;
            let path = t.path.to_string_lossy().into_owned();
            let key = crate::db::audit_seal::key_for(&db.path)
                .ok_or_else(|| ctx.db_error(crate::db::DbError::KeyMissing(crate::db::key_path(&db.path))))?;
            crate::db::write(&mut db.conn, |tx| {
                crate::db::out_files::record(tx, &key, what, &path, size, &sha, chrono::Utc::now())
            })
            .map_err(|e| ctx.db_error(e))?;
            staged.place(ctx.lang)?;
            Ok(made)
        }
    }
}

/// A file's size and SHA-256 (hex), read in pieces.
pub fn digest(path: &Path) -> std::io::Result<(i64, String)> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0i64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as i64;
        h.update(&buf[..n]);
    }
    Ok((size, h.finalize().iter().map(|b| format!("{b:02x}")).collect()))
}

/// A failure while writing a file, as "cannot write PATH: why" unless it says so already.
fn with_path(ctx: &Ctx, t: &Target, e: anyhow::Error) -> anyhow::Error {
    match e.downcast_ref::<std::io::Error>() {
        Some(io) => t.failed_in(ctx.lang, io),
        None => e,
    }
}

//! The 困难档案 page keeps up with other terminals: every two seconds while it is shown, the
//! file already read for this look-up is read again. That read is not audited (the look-up's
//! `hardship_view` row stands for it), so the service gives it only for the file this clerk's
//! last audited view at this terminal was of; any other file is refused (read as nothing).

use super::hardship::{FileState, Page};
use super::{ClaimOp, ClaimReply};
use crate::app::*;
use crate::db::DbError;
use rusqlite::Connection;

impl App {
    /// The file page's re-read: only with the file read for the worker on screen, and not while
    /// a form or a dialog is open over the page (they keep the version they were opened on).
    pub(crate) fn hardship_file_refresh(&self) -> Vec<Effect> {
        let Screen::Main(s) = &self.screen else { return vec![] };
        let c = &s.claims;
        if c.hk.page != Page::File || self.modal.is_some() || s.lock.is_some() || c.hk.forms.open.is_some() {
            return vec![];
        }
        let FileState::Read { worker_id, file: Some(w) } = &c.hk.file else { return vec![] };
        if c.picture.as_ref().map(|p| p.worker.id) != Some(*worker_id) {
            return vec![];
        }
        let op = ClaimOp::HardshipReread { worker_id: *worker_id, file_id: w.file.id };
        self.who().map(|who| Effect::Claims { who, op }).into_iter().collect()
    }

    /// The file as read again: it replaces the one shown when it is still the same worker's same
    /// file; the page stays where it was scrolled to.
    pub(crate) fn hardship_reread_reply(
        &mut self,
        worker_id: i64,
        file: Option<Box<crate::db::hardship::Whole>>,
    ) {
        let Screen::Main(s) = &mut self.screen else { return };
        let c = &mut s.claims;
        let Some(file) = file else { return };
        let on_screen = c.picture.as_ref().map(|p| p.worker.id) == Some(worker_id);
        if let FileState::Read { worker_id: read, file: Some(w) } = &mut c.hk.file
            && on_screen
            && *read == worker_id
            && w.file.id == file.file.id
        {
            *w = file;
        }
    }
}

/// The file `file_id` of `worker_id` again, unaudited: given only when the clerk's latest
/// `hardship_view` at this terminal was of this worker and this file.
pub fn reread(
    conn: &mut Connection,
    env: &Env,
    who: &Who,
    worker_id: i64,
    file_id: i64,
) -> Result<ClaimReply, DbError> {
    let refused = || Ok(ClaimReply::HardshipReread { worker_id, file: None });
    let Some(whole) = crate::db::hardship::whole(conn, file_id)? else { return refused() };
    if whole.file.worker_id != worker_id {
        return refused();
    }
    let last = crate::db::audit::last_of(conn, "hardship_view", who.clerk_id, &env.terminal)?;
    let viewed = last.is_some_and(|(w, detail)| {
        w == Some(worker_id)
            && detail
                .is_some_and(|d| d.split_whitespace().next() == Some(&format!("file={}", whole.file.file_no)))
    });
    if !viewed {
        return refused();
    }
    Ok(ClaimReply::HardshipReread { worker_id, file: Some(Box::new(whole)) })
}

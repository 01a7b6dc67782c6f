//! F2's 困难档案 page (the looked-up worker's file, for reading) and its lists page (the files
//! that need someone): Alt+K cycles claims → 困难档案 → lists. Viewing a file is read and
//! audited once per look-up, with the look-up's reason.

use super::{ClaimOp, ClaimReply, Pane};
use crate::app::keymap::{Action, Layer};
use crate::app::paging::{Shown, follow, regain};
use crate::app::*;
use crate::db::hardship::{ListRow, Whole};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// F2's pages, in Alt+K order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    #[default]
    Claims,
    File,
    Lists,
}

/// The looked-up worker's file: not read yet for this look-up, asked, or read (none: no file).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum FileState {
    #[default]
    NotRead,
    Asked,
    Read {
        worker_id: i64,
        file: Option<Box<Whole>>,
    },
}

/// Which list a line is on (`HardshipPageUi::lists` in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Waiting,
    Returned,
    Due,
    ReviewWaiting,
    VisitOverdue,
}

/// One line of the lists, with the worker's ID number (Enter looks them up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListLine {
    pub kind: ListKind,
    pub row: ListRow,
    pub id_number: String,
}

/// The lists as read, in the order shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lists {
    pub lines: Vec<ListLine>,
}

#[derive(Debug, Default)]
pub struct HardshipPages {
    pub page: Page,
    pub file: FileState,
    /// The file page's first line shown.
    pub scroll: usize,
    pub lists: Option<Lists>,
    pub selected: usize,
    /// The selected line's file id (and list), kept across refreshes.
    pub selected_id: Option<(ListKind, i64)>,
    /// The selection's row left the list: the first ↑↓ regains from where it stood.
    pub lost: Option<usize>,
    /// Lines of the file page (or rows of the lists) the last frame showed.
    pub shown: Shown,
    /// Lines the file page has (set when drawn; scrolling stops at the end).
    pub lines: std::cell::Cell<usize>,
    /// Alt+M's and Alt+F's dialogs: the one sent, the ones left with Esc.
    pub decide: super::hardship_decide::Decide,
    /// The forms that change the file (open, and drafts left with Esc).
    pub forms: super::hardship_apply::Forms,
    /// The ID field holds a lists line's ID (read, not typed) while its reason is asked.
    pub from_list: bool,
}

impl App {
    /// F2's layers on the 困难档案 and lists pages.
    pub(crate) fn hardship_layers(page: Page) -> Vec<Layer> {
        let own = if page == Page::File { Layer::HardshipFile } else { Layer::HardshipList };
        vec![own, Layer::ClaimPages, Layer::Session, Layer::NotTyping]
    }

    /// A key on the 困难档案 or lists page: typing starts the next ID on the claims page.
    pub(crate) fn hardship_key(&mut self, key: KeyEvent, ms: u64, binding: Option<Action>) -> Vec<Effect> {
        if let Some(out) = self.hardship_form_key(key, ms, binding) {
            return out;
        }
        let plain = key.modifiers.difference(KeyModifiers::SHIFT).is_empty();
        if binding.is_none()
            && plain
            && let KeyCode::Char(_) = key.code
            && let Screen::Main(s) = &mut self.screen
        {
            let c = &mut s.claims;
            c.hk.page = Page::Claims;
            c.pane = Pane::Id;
            c.form.clear();
            c.form.handle_key(key, ms);
            return vec![];
        }
        match binding {
            Some(a) => self.claims_act(a),
            None => vec![],
        }
    }

    /// Alt+K: the next page. Reaching 困难档案 reads the file (once per look-up); reaching the
    /// lists reads them.
    pub(crate) fn claims_next_page(&mut self) -> Vec<Effect> {
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let c = &mut s.claims;
        c.hk.page = match c.hk.page {
            Page::Claims => Page::File,
            Page::File => Page::Lists,
            Page::Lists => Page::Claims,
        };
        c.hk.scroll = 0;
        match c.hk.page {
            Page::Claims => {
                let n = c.picture.as_ref().map_or(0, |p| p.claims.len());
                c.pane = if n > 0 { Pane::List } else { Pane::Id };
                vec![]
            }
            Page::File => {
                c.pane = Pane::List;
                self.hardship_file_read()
            }
            Page::Lists => {
                c.pane = Pane::List;
                self.claim(ClaimOp::HardshipLists)
            }
        }
    }

    /// The looked-up worker's file, when not yet read for this look-up.
    pub(crate) fn hardship_file_read(&mut self) -> Vec<Effect> {
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let c = &mut s.claims;
        let (Some(p), FileState::NotRead) = (&c.picture, &c.hk.file) else { return vec![] };
        let op = ClaimOp::HardshipFile {
            worker_id: p.worker.id,
            reason: c.reason_code.clone().unwrap_or_default(),
        };
        c.hk.file = FileState::Asked;
        self.claim(op)
    }

    /// The lists again (the two-second refresh while they are on screen).
    /// On the 困难档案 page, the file read again instead (unaudited, the same file).
    pub(crate) fn hardship_lists_refresh(&self) -> Vec<Effect> {
        let Screen::Main(s) = &self.screen else { return vec![] };
        if s.claims.hk.page == Page::File {
            return self.hardship_file_refresh();
        }
        if s.claims.hk.page != Page::Lists {
            return vec![];
        }
        self.who().map(|who| Effect::Claims { who, op: ClaimOp::HardshipLists }).into_iter().collect()
    }

    /// Keys of the 困难档案 and lists pages.
    pub(crate) fn hardship_act(&mut self, action: Action) -> Vec<Effect> {
        if let Some(out) = self.hardship_form_act(action) {
            return out;
        }
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let hk = &mut s.claims.hk;
        let page = hk.shown.or(10);
        if hk.page == Page::File {
            let last = hk.lines.get().saturating_sub(page);
            match action {
                Action::ScrollUp => hk.scroll = hk.scroll.saturating_sub(page.saturating_sub(1).max(1)),
                Action::ScrollDown => hk.scroll = (hk.scroll + page.saturating_sub(1).max(1)).min(last),
                Action::Back => self.claims_back_to_claims(),
                Action::HardshipDecide => return self.hardship_decide(),
                Action::HardshipVisit => return self.hardship_visit(),
                Action::HardshipApply
                | Action::HardshipEdit
                | Action::HardshipReview
                | Action::HardshipVerify => {
                    return self.hardship_form_open(action);
                }
                _ => {}
            }
            return vec![];
        }
        let n = hk.lists.as_ref().map_or(0, |l| l.lines.len());
        if let Some(at) = hk.lost.take() {
            if let Some(i) = regain(action, at, n) {
                hk.selected = i;
                hk.remember();
                return vec![];
            }
            hk.selected = at.min(n.saturating_sub(1));
        }
        match action {
            Action::Up => hk.selected = hk.selected.saturating_sub(1),
            Action::Down => hk.selected = (hk.selected + 1).min(n.saturating_sub(1)),
            Action::ScrollUp => hk.selected = hk.selected.saturating_sub(page),
            Action::ScrollDown => hk.selected = (hk.selected + page).min(n.saturating_sub(1)),
            Action::Home => hk.selected = 0,
            Action::End => hk.selected = n.saturating_sub(1),
            Action::OpenFile => return self.hardship_open(),
            Action::Back => self.claims_back_to_claims(),
            _ => {}
        }
        if let Screen::Main(s) = &mut self.screen {
            s.claims.hk.remember();
        }
        vec![]
    }

    fn claims_back_to_claims(&mut self) {
        let Screen::Main(s) = &mut self.screen else { return };
        let c = &mut s.claims;
        c.hk.page = Page::Claims;
        let n = c.picture.as_ref().map_or(0, |p| p.claims.len());
        c.pane = if n > 0 { Pane::List } else { Pane::Id };
    }

    /// Enter on a list line: that worker, looked up as F2 looks up (the reason asked), on the
    /// 困难档案 page.
    fn hardship_open(&mut self) -> Vec<Effect> {
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let c = &mut s.claims;
        let Some(line) = c.hk.lists.as_ref().and_then(|l| l.lines.get(c.hk.selected)) else {
            return vec![];
        };
        let id = line.id_number.clone();
        c.form.clear();
        c.form.set_value(crate::app::form::FieldId::Id, &id);
        c.hk.page = Page::File;
        c.hk.scroll = 0;
        c.hk.from_list = true;
        self.claims_lookup()
    }

    /// Esc on the reason question. A lists line's ID was read from the file, not typed: it
    /// leaves the field (it is shown only once looked up, with a reason and an audit row) and
    /// the clerk is back on the lists.
    pub(crate) fn hardship_reason_dropped(&mut self) {
        let Screen::Main(s) = &mut self.screen else { return };
        let c = &mut s.claims;
        if std::mem::take(&mut c.hk.from_list) {
            c.form.clear();
            c.hk.page = Page::Lists;
            c.pane = Pane::List;
        }
    }

    pub(crate) fn hardship_reply(&mut self, reply: ClaimReply) -> Vec<Effect> {
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let hk = &mut s.claims.hk;
        match reply {
            ClaimReply::HardshipFile { worker_id, file } => {
                // A late answer for a worker no longer on screen is dropped.
                let on_screen = s.claims.picture.as_ref().map(|p| p.worker.id);
                if on_screen == Some(worker_id) && hk.file == FileState::Asked {
                    hk.file = FileState::Read { worker_id, file };
                    hk.scroll = 0;
                }
            }
            ClaimReply::HardshipLists(lists) => {
                let n = lists.lines.len();
                let ids: Vec<(ListKind, i64)> = lists.lines.iter().map(|l| (l.kind, l.row.file_id)).collect();
                // Found by its file id within its own list (a file can be on two lists).
                let found = hk.selected_id.and_then(|(kind, was)| {
                    let first = ids.iter().position(|(k, _)| *k == kind)?;
                    let same: Vec<i64> = ids.iter().filter(|(k, _)| *k == kind).map(|(_, id)| *id).collect();
                    follow(was, &same).map(|j| first + j)
                });
                match found {
                    Some(i) => hk.selected = i,
                    None if hk.selected_id.is_some() => {
                        // Its row left the list: the cursor stands where it was, on nothing.
                        hk.lost = Some(hk.selected.min(n));
                        hk.selected_id = None;
                    }
                    None => hk.selected = hk.selected.min(n.saturating_sub(1)),
                }
                hk.lists = Some(lists);
                if hk.lost.is_none() {
                    hk.remember();
                }
            }
            _ => {}
        }
        vec![]
    }
}

impl HardshipPages {
    /// The selected line's id, to find it again after the next read.
    fn remember(&mut self) {
        self.selected_id =
            self.lists.as_ref().and_then(|l| l.lines.get(self.selected)).map(|l| (l.kind, l.row.file_id));
    }
}

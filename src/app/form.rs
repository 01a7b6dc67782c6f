//! The form every tab uses: text fields on tui-input, choice fields picked by digit, messages
//! under bad fields, paste, full-width folding, and the ID-card reader's burst.

use crate::domain::text::{fold_char, strip_controls};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::{Input, InputRequest};

mod burst;
mod field_id;
pub use field_id::FieldId;

/// What a field holds; decides folding, allowed characters and masking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// ID number: full-width folded, `x` taken as `X`.
    Id,
    Phone,
    Amount,
    Date,
    /// Digits only, shown as `*`.
    Pin,
    /// Letters and digits (a clerk's 工号).
    Login,
    /// One of `options`, picked by its digit.
    Choice,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: FieldId,
    pub label: String,
    pub kind: FieldKind,
    pub input: Input,
    pub options: Vec<String>,
    pub choice: Option<usize>,
    pub error: Option<String>,
    pub max_chars: usize,
    /// The choice a fresh form starts with (e.g. channel 来访).
    pub default_choice: Option<usize>,
    /// Personal data filled from the record (a known worker's phone): shown masked even with
    /// the cursor in it, and the first edit replaces it whole, so no key brings it into view.
    pub sealed: bool,
}

impl Field {
    pub fn new(name: FieldId, label: &str, kind: FieldKind) -> Self {
        let max_chars = match kind {
            FieldKind::Id => 24,
            FieldKind::Pin => 8,
            FieldKind::Login => 16,
            FieldKind::Phone | FieldKind::Date | FieldKind::Amount => 20,
            // A note is whatever the worker said: long ones are kept whole.
            _ if name == FieldId::Note => 10_000,
            _ => 100,
        };
        Field {
            name,
            label: label.to_string(),
            kind,
            input: Input::default(),
            options: vec![],
            choice: None,
            error: None,
            max_chars,
            default_choice: None,
            sealed: false,
        }
    }

    /// Fills the field from the record, masked until the clerk replaces it.
    pub fn fill_sealed(&mut self, value: String) {
        self.input = Input::new(value);
        self.sealed = true;
    }

    /// Before an edit of a sealed value: the value goes, unseen (a deletion then has nothing
    /// left to delete); `false` for a cursor move, which a sealed value ignores.
    fn unseal_for(&mut self, req: InputRequest) -> bool {
        if !self.sealed {
            return true;
        }
        let moves = matches!(
            req,
            InputRequest::GoToPrevChar
                | InputRequest::GoToNextChar
                | InputRequest::GoToStart
                | InputRequest::GoToEnd
                | InputRequest::GoToPrevWord
                | InputRequest::GoToNextWord
        );
        if moves {
            return false;
        }
        self.input = Input::default();
        self.sealed = false;
        true
    }

    pub fn choice(name: FieldId, label: &str, options: Vec<String>) -> Self {
        Field { options, ..Field::new(name, label, FieldKind::Choice) }
    }

    pub fn with_default(mut self, choice: usize) -> Self {
        self.default_choice = Some(choice);
        self.choice = Some(choice);
        self
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    pub fn is_text(&self) -> bool {
        self.kind != FieldKind::Choice
    }

    /// Folds and filters one typed character for this field; `None` drops it.
    fn accept(&self, c: char) -> Option<char> {
        let folded = match self.kind {
            FieldKind::Text => c,
            _ => fold_char(c),
        };
        match self.kind {
            FieldKind::Id => Some(if folded == 'x' { 'X' } else { folded }),
            FieldKind::Pin => folded.is_ascii_digit().then_some(folded),
            FieldKind::Login => folded.is_ascii_alphanumeric().then_some(folded),
            FieldKind::Choice => None,
            _ => Some(folded),
        }
        .filter(|c| !crate::domain::text::is_unsafe(*c))
    }

    fn insert(&mut self, c: char) -> bool {
        let Some(c) = self.accept(c) else { return false };
        self.unseal_for(InputRequest::InsertChar(c));
        if self.input.value().chars().count() >= self.max_chars {
            return false;
        }
        self.input.handle(InputRequest::InsertChar(c));
        true
    }
}

/// What the form did with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormReply {
    /// Used (typing, moving, picking).
    Consumed,
    /// Enter on the last field (Alt+S is the keymap's): the caller validates and saves.
    Submit,
    /// A card reader's burst ended on a form without an ID field: the caller decides.
    Burst(String),
    /// Not a form key: the caller's keymap gets it.
    Ignored,
}

#[derive(Debug, Clone, Default)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The latest run of typed characters: a card reader's, if fast enough.
    burst: burst::Burst,
    /// The values as they were before the first key or paste (pre-filled ones included).
    before: Option<Vec<(String, Option<usize>)>>,
}

impl Form {
    pub fn new(fields: Vec<Field>) -> Self {
        Form { fields, focus: 0, burst: burst::Burst::default(), before: None }
    }

    /// The clerk changed something since the form opened (what the program filled in is not
    /// the clerk's typing): what Esc would lose.
    pub fn changed(&self) -> bool {
        self.before.as_ref().is_some_and(|b| *b != self.values())
    }

    fn values(&self) -> Vec<(String, Option<usize>)> {
        self.fields.iter().map(|f| (f.value().to_string(), f.choice)).collect()
    }

    fn note_first_edit(&mut self) {
        if self.before.is_none() {
            self.before = Some(self.values());
        }
    }

    pub fn focused(&self) -> &Field {
        &self.fields[self.focus.min(self.fields.len().saturating_sub(1))]
    }

    /// True when the focused field takes typed text (so `?` types a `?`).
    pub fn typing(&self) -> bool {
        self.fields.get(self.focus).is_some_and(Field::is_text)
    }

    pub fn field(&self, name: FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn field_mut(&mut self, name: FieldId) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.name == name)
    }

    pub fn value(&self, name: FieldId) -> &str {
        self.field(name).map(Field::value).unwrap_or("")
    }

    /// Puts a value into a text field (prefilling from a record).
    pub fn set_value(&mut self, name: FieldId, value: &str) {
        if let Some(f) = self.field_mut(name) {
            f.input = Input::new(value.to_string());
        }
    }

    pub fn choice(&self, name: FieldId) -> Option<usize> {
        self.field(name).and_then(|f| f.choice)
    }

    pub fn focus_on(&mut self, name: FieldId) {
        if let Some(i) = self.fields.iter().position(|f| f.name == name) {
            self.focus = i;
            self.burst.clear();
        }
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
        self.burst.clear();
    }

    pub fn prev(&mut self) {
        let n = self.fields.len().max(1);
        self.focus = (self.focus + n - 1) % n;
        self.burst.clear();
    }

    /// Anything typed or picked that would be lost.
    pub fn is_dirty(&self) -> bool {
        self.fields.iter().any(|f| !f.value().is_empty() || f.choice != f.default_choice)
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.fields {
            f.error = None;
        }
    }

    pub fn set_error(&mut self, name: FieldId, message: impl Into<String>) {
        if let Some(f) = self.field_mut(name) {
            f.error = Some(message.into());
        }
    }

    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }

    /// After a failed submit: keep every character, go to the first bad field.
    pub fn focus_first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
        self.burst.clear();
    }

    /// After a submit or cancel: brand-new inputs, so no undo or yank can bring back the
    /// previous worker's data (tui-input's `reset` keeps its yank buffer).
    pub fn clear(&mut self) {
        for f in &mut self.fields {
            f.input = Input::default();
            f.choice = f.default_choice;
            f.error = None;
            f.sealed = false;
        }
        self.focus = 0;
        self.burst.clear();
    }

    /// On lock: keep the values, drop every edit history.
    pub fn forget_history(&mut self) {
        for f in &mut self.fields {
            let cursor = f.input.cursor();
            f.input = Input::new(f.input.value().to_string()).with_cursor(cursor);
        }
        self.burst.clear();
    }

    /// Pasted text goes into the focused field, without line breaks or control characters;
    /// returns how many characters did not fit (or were not accepted there).
    pub fn paste(&mut self, text: &str) -> usize {
        self.note_first_edit();
        let clean = strip_controls(text);
        let mut cut = 0;
        if let Some(f) = self.fields.get_mut(self.focus) {
            for c in clean.chars() {
                if !f.insert(c) {
                    cut += 1;
                }
            }
        }
        self.burst.clear();
        cut
    }

    /// Handles a key pressed at `at_ms` (a monotonic clock in milliseconds).
    pub fn handle_key(&mut self, key: KeyEvent, at_ms: u64) -> FormReply {
        self.note_first_edit();
        let plain = !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        if !plain {
            return self.edit_with_ctrl(key);
        }
        match key.code {
            KeyCode::Tab => self.next(),
            KeyCode::BackTab => self.prev(),
            KeyCode::Enter => return self.enter(at_ms),
            KeyCode::Char(c) => return self.typed(c, at_ms),
            code => return self.edit(code),
        }
        FormReply::Consumed
    }

    fn typed(&mut self, c: char, at_ms: u64) -> FormReply {
        let focus = self.focus;
        let Some(f) = self.fields.get_mut(focus) else { return FormReply::Ignored };
        if f.kind == FieldKind::Choice {
            // A reader's digits land here too: noted, so its Enter can take the pick back.
            self.burst.note(c, at_ms, false, Some((focus, f.choice)));
            let digit = fold_char(c).to_digit(10).map(|d| d as usize);
            return match digit {
                Some(d) if d >= 1 && d <= f.options.len() => {
                    f.choice = Some(d - 1);
                    f.error = None;
                    FormReply::Consumed
                }
                _ => FormReply::Ignored,
            };
        }
        // A reader's characters count toward its burst even where the field is full (a PIN):
        // its Enter must not submit what fitted.
        let taken = f.insert(c);
        self.burst.note(c, at_ms, taken, None);
        FormReply::Consumed
    }

    /// A key while a list beside the form has focus: a card reader's burst still lands in the
    /// ID field (`Some(true)` on its Enter), its characters are swallowed (`Some(false)`), and
    /// anything else is the list's (`None`).
    pub fn reader_key(&mut self, key: KeyEvent, at_ms: u64) -> Option<bool> {
        match key.code {
            KeyCode::Char(c) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
                let c = fold_char(c);
                if !(c.is_ascii_digit() || c == 'X' || c == 'x') {
                    self.burst.clear();
                    return None;
                }
                self.burst.note(c, at_ms, false, None);
                Some(false)
            }
            KeyCode::Enter => self.swiped(at_ms).then_some(true),
            _ => {
                self.burst.clear();
                None
            }
        }
    }

    /// Enter at `at_ms` ended a card reader's burst: what it typed where the focus was is
    /// taken back and the ID goes in the ID field, focus after it. False (and nothing changed)
    /// when it was a person's Enter or the form asks no ID.
    pub fn swiped(&mut self, at_ms: u64) -> bool {
        let read = self.read_into_id(at_ms);
        if read {
            self.next();
        }
        read
    }

    /// A reader's burst ending at `at_ms` put in the ID field (its card's number alone), the
    /// focus on it.
    fn read_into_id(&mut self, at_ms: u64) -> bool {
        let Some(target) = self.fields.iter().position(|f| f.kind == FieldKind::Id) else { return false };
        let Some(read) = self.burst.take(at_ms) else { return false };
        self.undo_burst(&read);
        let f = &mut self.fields[target];
        f.input = Input::new(read.id.replace('x', "X"));
        f.error = None;
        self.focus = target;
        true
    }

    /// Takes back what a reader's characters did where the focus was.
    fn undo_burst(&mut self, read: &burst::Read) {
        if let Some((i, before)) = read.choice_before
            && let Some(f) = self.fields.get_mut(i)
        {
            f.choice = before;
        }
        if let Some(f) = self.fields.get_mut(self.focus).filter(|f| f.kind != FieldKind::Id && f.is_text()) {
            let v: Vec<char> = f.value().chars().collect();
            f.input = Input::new(v[..v.len().saturating_sub(read.taken)].iter().collect());
        }
    }

    fn enter(&mut self, at_ms: u64) -> FormReply {
        if self.fields.iter().any(|f| f.kind == FieldKind::Id) {
            // A card read: its number in the ID field, then on as Enter there would go.
            self.read_into_id(at_ms);
        } else if let Some(read) = self.burst.take(at_ms) {
            // No ID asked here (a PIN, a login): what the reader typed is dropped.
            if let Some(f) = self.fields.get_mut(self.focus) {
                f.input = Input::default();
            }
            return FormReply::Burst(read.id);
        }
        if self.focus + 1 >= self.fields.len() {
            return FormReply::Submit;
        }
        self.next();
        FormReply::Consumed
    }

    fn edit(&mut self, code: KeyCode) -> FormReply {
        let Some(f) = self.fields.get_mut(self.focus) else { return FormReply::Ignored };
        let req = match code {
            KeyCode::Backspace => InputRequest::DeletePrevChar,
            KeyCode::Delete => InputRequest::DeleteNextChar,
            KeyCode::Left => InputRequest::GoToPrevChar,
            KeyCode::Right => InputRequest::GoToNextChar,
            KeyCode::Home => InputRequest::GoToStart,
            KeyCode::End => InputRequest::GoToEnd,
            _ => return FormReply::Ignored,
        };
        if f.kind == FieldKind::Choice {
            if matches!(code, KeyCode::Backspace | KeyCode::Delete) {
                f.choice = None;
                return FormReply::Consumed;
            }
            return FormReply::Ignored;
        }
        if f.unseal_for(req) {
            f.input.handle(req);
        }
        self.burst.clear();
        FormReply::Consumed
    }

    /// Line-editing chords; no yank, so nothing deleted can come back.
    fn edit_with_ctrl(&mut self, key: KeyEvent) -> FormReply {
        if key.modifiers != KeyModifiers::CONTROL {
            return FormReply::Ignored;
        }
        let Some(f) = self.fields.get_mut(self.focus).filter(|f| f.is_text()) else {
            return FormReply::Ignored;
        };
        let req = match key.code {
            KeyCode::Char('a') => InputRequest::GoToStart,
            KeyCode::Char('e') => InputRequest::GoToEnd,
            KeyCode::Char('u') => InputRequest::DeleteFromStart,
            KeyCode::Char('k') => InputRequest::DeleteTillEnd,
            KeyCode::Char('w') | KeyCode::Backspace => InputRequest::DeletePrevWord,
            KeyCode::Left => InputRequest::GoToPrevWord,
            KeyCode::Right => InputRequest::GoToNextWord,
            _ => return FormReply::Ignored,
        };
        if f.unseal_for(req) {
            f.input.handle(req);
        }
        self.burst.clear();
        FormReply::Consumed
    }
}

#[cfg(test)]
mod tests;

//! F5 统计日报 (supervisors and auditors): today by default; ← → step to the previous or next
//! day (month, quarter, year, range of the same length); digits pick a preset; Alt+D jumps to a
//! date or a range; ↑ ↓ scroll. The figures come from the same query layer as `report`.

pub mod draw;
pub mod draw_ledger;
mod draw_ledger_objections;
mod fund;
mod hardship;
pub mod ledger;
pub mod ledger_keys;
pub mod ledger_ops;
pub mod service;

use crate::app::form::FieldId;
use crate::app::form::{Field, FieldKind, Form};
use crate::app::keymap::{Action, Layer, Tab};
use crate::app::*;
use crate::report::{Period, Summary};

/// F5's dialogs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryForm {
    /// A day or a range of days.
    Range,
    /// The ledger: an objection to a payment (its claim number), and its outcome.
    Object(String),
    Settle(String),
}

/// What F5 asks the database for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummaryOp {
    pub period: Period,
}

/// How the period was picked: its name on screen, and what ← → step by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    Day,
    Month,
    Quarter,
    Year,
    Range,
}

pub struct SummaryTab {
    pub period: Option<Period>,
    pub preset: Preset,
    pub summary: Option<Summary>,
    /// The period `summary` is of (a newer request may be out).
    pub shown: Option<Period>,
    pub scroll: u16,
    /// The last first line there is to show (set when drawn; ↓ stops there). Until drawn, none.
    pub last: std::cell::Cell<u16>,
    pub error: Option<String>,
    /// The aid fund ledger (Alt+K).
    pub ledger: ledger::Ledger,
}

impl SummaryTab {
    pub fn new() -> Self {
        SummaryTab {
            period: None,
            preset: Preset::Day,
            summary: None,
            shown: None,
            scroll: 0,
            last: std::cell::Cell::new(u16::MAX),
            error: None,
            ledger: Default::default(),
        }
    }
}

impl Default for SummaryTab {
    fn default() -> Self {
        Self::new()
    }
}

impl App {
    pub(crate) fn summary_layers(t: &SummaryTab) -> Vec<Layer> {
        if t.ledger.on {
            return ledger_keys::layers(&t.ledger);
        }
        vec![Layer::Summary, Layer::Session, Layer::NotTyping]
    }

    /// Asks for the period on screen (today at first).
    pub(crate) fn summary_request(&self) -> Vec<Effect> {
        let Screen::Main(s) = &self.screen else { return vec![] };
        if s.tab != Tab::Summary || s.lock.is_some() {
            return vec![];
        }
        let period = s.summary.period.unwrap_or(Period::day(self.today()));
        self.who().map(|who| Effect::Summary { who, op: SummaryOp { period } }).into_iter().collect()
    }

    fn summary_refresh(&mut self) -> Vec<Effect> {
        let today = self.today();
        if let Screen::Main(s) = &mut self.screen {
            s.summary.period.get_or_insert(Period::day(today));
        }
        self.summary_request()
    }

    fn summary_go(&mut self, period: Period, preset: Preset) -> Vec<Effect> {
        if let Screen::Main(s) = &mut self.screen {
            s.summary.period = Some(period);
            s.summary.preset = preset;
            s.summary.scroll = 0;
            s.summary.last.set(u16::MAX);
            // Another period's figures are never shown under this one's header: dropped now,
            // not held beside the new period's while it is read (five years' days are megabytes).
            if s.summary.shown != Some(period) {
                s.summary.summary = None;
            }
        }
        self.summary_refresh()
    }

    pub(crate) fn summary_act(&mut self, action: Action) -> Vec<Effect> {
        let today = self.today();
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        if s.summary.ledger.on || action == Action::FundLedger {
            return self.ledger_act(action);
        }
        let t = &mut s.summary;
        let period = t.period.unwrap_or(Period::day(today));
        let preset = t.preset;
        match action {
            Action::PrevPeriod => return self.summary_go(period.shifted(false), preset),
            Action::NextPeriod => return self.summary_go(period.shifted(true), preset),
            // From where the page stands (a taller terminal shows more, so less is left).
            Action::Up => t.scroll = t.scroll.min(t.last.get()).saturating_sub(1),
            Action::Down => t.scroll = t.scroll.saturating_add(1).min(t.last.get()),
            Action::ScrollUp => t.scroll = t.scroll.min(t.last.get()).saturating_sub(10),
            Action::ScrollDown => t.scroll = t.scroll.saturating_add(10).min(t.last.get()),
            Action::JumpDate => {
                let f5 = self.ui.f5;
                let form = Form::new(vec![
                    Field::new(FieldId::From, f5.field_from, FieldKind::Date),
                    Field::new(FieldId::To, f5.field_to, FieldKind::Date),
                ]);
                self.modal = Some(Modal::Form(ModalForm {
                    purpose: FormPurpose::Summary(SummaryForm::Range),
                    title: f5.range_title.into(),
                    form,
                }));
            }
            _ => {}
        }
        vec![]
    }

    /// A digit on F5: 1 today, 2 this month, 3 last month, 4 this quarter, 5 this year.
    pub(crate) fn summary_digit(&mut self, c: char) -> Vec<Effect> {
        let today = self.today();
        let month = Period::month_of(today);
        // The ledger has no presets: a digit there does nothing.
        if matches!(&self.screen, Screen::Main(s) if s.summary.ledger.on) {
            return vec![];
        }
        match crate::domain::text::fold_char(c) {
            '1' => self.summary_go(Period::day(today), Preset::Day),
            '2' => self.summary_go(month, Preset::Month),
            '3' => self.summary_go(month.shifted(false), Preset::Month),
            '4' => self.summary_go(Period::quarter_of(today), Preset::Quarter),
            '5' => self.summary_go(Period::year_of(today), Preset::Year),
            _ => vec![],
        }
    }

    /// The date or range form: one day, or a range (the end not before the start).
    pub(crate) fn summary_form(&mut self, purpose: SummaryForm, mut m: ModalForm) -> Vec<Effect> {
        if purpose != SummaryForm::Range {
            return self.ledger_form(purpose, m);
        }
        let today = self.today();
        let ui = self.ui;
        let f = &mut m.form;
        f.clear_errors();
        let from = crate::domain::dates::parse_date(f.value(FieldId::From), today);
        let to = match f.value(FieldId::To).trim() {
            "" => None,
            typed => Some(crate::domain::dates::parse_date(typed, today)),
        };
        if from.is_err() {
            f.set_error(FieldId::From, ui.date_invalid);
        }
        if let Some(Err(_)) = to {
            f.set_error(FieldId::To, ui.date_invalid);
        }
        if let (Ok(a), Some(Ok(b))) = (&from, &to)
            && b < a
        {
            f.set_error(FieldId::To, ui.f5.to_before_from);
        }
        if f.has_errors() {
            f.focus_first_error();
            self.modal = Some(Modal::Form(m));
            return vec![];
        }
        let from = from.unwrap_or(today);
        match to {
            Some(Ok(to)) if to != from => self.summary_go(Period { from, to }, Preset::Range),
            _ => self.summary_go(Period::day(from), Preset::Day),
        }
    }

    pub(crate) fn summary_reply(&mut self, period: Period, result: Result<Summary, crate::app::Refused>) {
        let ui = self.ui;
        if let Screen::Main(s) = &mut self.screen {
            let t = &mut s.summary;
            if t.period.is_some_and(|p| p != period) {
                return; // an answer to a request since replaced
            }
            t.period = Some(period);
            match result {
                Ok(summary) => {
                    t.summary = Some(summary);
                    t.shown = Some(period);
                    t.error = None;
                }
                Err(_) => t.error = Some(ui.role_forbids.replace("{tab}", ui.tab_summary)),
            }
        }
    }
}

//! F3's batch page: the roster built by ID (typed or card-read, Enter adds) or from a file,
//! each line with its warning, then the whole batch issued at once.

use super::{LetterOp, RosterLine};
use crate::app::form::FieldId;
use crate::app::keymap::Action;
use crate::app::*;
use crate::domain::IdNumber;
use crate::i18n::fill;

impl App {
    pub(crate) fn batch_act(&mut self, action: Action) -> Vec<Effect> {
        let ui = self.ui;
        let today = self.today();
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let t = &mut s.letters;
        let start = crate::domain::dates::parse_date(t.batch.value(FieldId::Start), today).unwrap_or(today);
        match action {
            // Enter adds the ID in the add field; elsewhere it moves on as in any form.
            Action::AddMember if t.batch.focused().name == FieldId::Add => {
                let text = t.batch.value(FieldId::Add).to_string();
                t.batch.clear_errors();
                match IdNumber::parse(&text, today) {
                    Ok(id) => {
                        t.batch.set_value(FieldId::Add, "");
                        return self.letter(LetterOp::Roster {
                            ids: vec![id.as_str().to_string()],
                            file: None,
                            start,
                        });
                    }
                    Err(e) => {
                        let m = self.id_message(e);
                        if let Screen::Main(s) = &mut self.screen {
                            s.letters.batch.set_error(FieldId::Add, m);
                        }
                    }
                }
            }
            Action::ImportRoster => {
                let file = t.batch.value(FieldId::File).trim().to_string();
                if file.is_empty() {
                    t.batch.set_error(FieldId::File, ui.err_required);
                    t.batch.focus_on(FieldId::File);
                    return vec![];
                }
                return self.letter(LetterOp::Roster { ids: vec![], file: Some(file), start });
            }
            Action::DropMember => {
                let dropped = t.roster.pop();
                // An empty roster says how to fill it rather than nothing at all.
                self.flash = dropped.is_none().then(|| ui.f3.roster_empty.into());
            }
            _ => {}
        }
        vec![]
    }

    /// New roster lines: duplicates are left out (and said), problems shown.
    pub(crate) fn roster_arrived(
        &mut self,
        found: Vec<(crate::letters::batch::Member, Option<i64>)>,
        problems: Vec<super::RosterProblem>,
    ) {
        let (ui, f3) = (self.ui, self.ui.f3);
        let Screen::Main(s) = &mut self.screen else { return };
        let roster = &mut s.letters.roster;
        let lines = found.into_iter().map(|(member, too_soon)| RosterLine {
            member,
            warning: too_soon.map(|days| fill(f3.roster_warning, &[("days", &days)])),
        });
        let mut said: Vec<String> = problems
            .iter()
            .map(|p| match p {
                super::RosterProblem::Unreadable { path, error } => format!("{path}: {error}"),
                super::RosterProblem::NotAnId { line } => format!("{line}: {}", ui.id_check),
                super::RosterProblem::Unknown { id_masked } => fill(f3.roster_unknown, &[("id", id_masked)]),
            })
            .collect();
        let mut added = 0;
        for l in lines {
            if roster.iter().any(|r| r.member.worker_id == l.member.worker_id) {
                said.push(fill(
                    f3.roster_duplicate,
                    &[("name", &crate::domain::text::mask_name(&l.member.name))],
                ));
            } else {
                roster.push(l);
                added += 1;
            }
        }
        let mut msg = vec![fill(f3.roster_added, &[("n", &added)])];
        msg.extend(said);
        self.flash = Some(msg.join("；"));
    }

    /// Alt+S on the batch page: the batch's fields checked, then every letter at once.
    pub(crate) fn issue_batch(&mut self) -> Vec<Effect> {
        let ui = self.ui;
        let f3 = ui.f3;
        let today = self.today();
        let units = self.settings.config.recuperation_units.clone();
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let t = &mut s.letters;
        let f = &mut t.batch;
        f.clear_errors();
        let unit = f.choice(FieldId::Unit).and_then(|i| units.get(i));
        if unit.is_none() {
            f.set_error(FieldId::Unit, f3.need_unit);
        }
        let (start, end) = super::keys::stay_dates(f, ui, today);
        if t.roster.is_empty() {
            f.set_error(FieldId::Add, f3.roster_empty);
        }
        let places = f.value(FieldId::Places).trim().parse::<u32>().ok();
        if f.has_errors() {
            f.focus_first_error();
            return vec![];
        }
        let (Some(unit), Some(start), Some(end)) = (unit, start, end) else { return vec![] };
        let b = crate::letters::batch::NewBatch {
            recipient: unit.code.clone(),
            start,
            end,
            places,
            standard: f.value(FieldId::Standard).to_string(),
            note: f.value(FieldId::Note).to_string(),
            members: t.roster.iter().map(|r| r.member.clone()).collect(),
        };
        self.letter(LetterOp::IssueBatch(b))
    }
}

//! The hardship forms' rows and fields checked: a member row as it reads so far (for the live
//! figures) and whole (on Alt+S), and the verification fields. Split from `hardship_form`.

use crate::app::form::{FieldId, Form};
use crate::db::hardship_ops::NewVerification;
use crate::domain::IdNumber;
use crate::domain::dates::parse_date;
use crate::domain::hardship::{Health, Member, Relation, Verdict, Work};
use crate::domain::money::{Fen, MoneyError};
use crate::i18n::ui_hardship_forms::HardshipFormsUi;
use chrono::NaiveDate;

pub(super) fn pick<T: Copy>(f: &Form, name: FieldId, all: &[T]) -> Option<T> {
    f.choice(name).and_then(|i| all.get(i).copied())
}

/// A row as it reads so far (for the live figures).
pub(super) fn lenient(f: &Form) -> Member {
    Member {
        name: f.value(FieldId::Name).trim().to_string(),
        relation: pick(f, FieldId::HRelation, Relation::ALL).unwrap_or(Relation::Other),
        id_number: None,
        health: pick(f, FieldId::HHealth, Health::ALL).unwrap_or(Health::Healthy),
        disability_grade: None,
        work: pick(f, FieldId::HWork, Work::ALL).unwrap_or(Work::Employed),
        income_fen: Fen::parse(f.value(FieldId::HIncome)).map_or(0, |x| x.0),
    }
}

/// A row checked whole; a bad field gets its message.
pub(super) fn strict(
    f: &mut Form,
    i: usize,
    t: &HardshipFormsUi,
    ui: &crate::i18n::Ui,
    today: NaiveDate,
) -> Option<Member> {
    let name = f.value(FieldId::Name).trim().to_string();
    if name.is_empty() {
        f.set_error(FieldId::Name, t.name_blank);
    }
    let relation = pick(f, FieldId::HRelation, Relation::ALL);
    match relation {
        None => f.set_error(FieldId::HRelation, t.pick_one),
        Some(r) if (r == Relation::Self_) != (i == 0) => f.set_error(FieldId::HRelation, t.self_only_first),
        _ => {}
    }
    let id_text = f.value(FieldId::Id).trim().to_string();
    let id = if id_text.is_empty() {
        if relation != Some(Relation::Child) {
            f.set_error(FieldId::Id, t.id_required);
        }
        None
    } else {
        match IdNumber::parse(&id_text, today) {
            Ok(id) => Some(id.as_str().to_string()),
            Err(_) => {
                f.set_error(FieldId::Id, t.id_invalid);
                None
            }
        }
    };
    let health = pick(f, FieldId::HHealth, Health::ALL);
    if health.is_none() {
        f.set_error(FieldId::HHealth, t.pick_one);
    }
    let grade_text = f.value(FieldId::HGrade).trim().to_string();
    let grade =
        crate::domain::text::fold_ascii(&grade_text).parse::<u8>().ok().filter(|g| (1..=4).contains(g));
    let disabled = health == Some(Health::Disabled);
    if disabled != grade.is_some() || (!grade_text.is_empty() && grade.is_none()) {
        f.set_error(FieldId::HGrade, t.grade_bad);
    }
    let work = pick(f, FieldId::HWork, Work::ALL);
    if work.is_none() {
        f.set_error(FieldId::HWork, t.pick_one);
    }
    // No income typed: a member with none.
    let income = match Fen::parse(f.value(FieldId::HIncome)) {
        Ok(x) => Some(x.0),
        Err(MoneyError::Empty) => Some(0),
        Err(MoneyError::Negative) => {
            f.set_error(FieldId::HIncome, t.income_negative);
            None
        }
        Err(MoneyError::TooPrecise) => {
            f.set_error(FieldId::HIncome, ui.f2.amount_cents);
            None
        }
        Err(_) => {
            f.set_error(FieldId::HIncome, ui.f2.amount_invalid);
            None
        }
    };
    if f.has_errors() {
        return None;
    }
    Some(Member {
        name,
        relation: relation?,
        id_number: id,
        health: health?,
        disability_grade: grade,
        work: work?,
        income_fen: income?,
    })
}

/// The verification fields: `Ok(None)` when all are empty and `required` is false.
pub(super) fn verification(
    f: &mut Form,
    t: &HardshipFormsUi,
    ui: &crate::i18n::Ui,
    today: NaiveDate,
    required: bool,
) -> Result<Option<NewVerification>, ()> {
    let date = f.value(FieldId::HVerifiedOn).trim().to_string();
    let reference = f.value(FieldId::HReference).trim().to_string();
    let result = pick(f, FieldId::HVerdict, Verdict::ALL);
    let per_head = f.value(FieldId::HPerHead).trim().to_string();
    if !required && date.is_empty() && reference.is_empty() && result.is_none() && per_head.is_empty() {
        return Ok(None);
    }
    let need = if required { t.verify_required } else { t.verify_partial };
    let dated_on = match parse_date(&date, today) {
        _ if date.is_empty() => {
            f.set_error(FieldId::HVerifiedOn, need);
            None
        }
        Ok(d) if d > today => {
            f.set_error(FieldId::HVerifiedOn, ui.f2.future_date);
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            f.set_error(FieldId::HVerifiedOn, ui.date_invalid);
            None
        }
    };
    if reference.is_empty() {
        f.set_error(FieldId::HReference, need);
    }
    if result.is_none() {
        f.set_error(FieldId::HVerdict, need);
    }
    let per_head_fen = match Fen::parse(&per_head) {
        Ok(x) => Some(x.0),
        Err(MoneyError::Empty) => None,
        Err(_) => {
            f.set_error(FieldId::HPerHead, ui.f2.amount_invalid);
            None
        }
    };
    match (dated_on, result) {
        (Some(dated_on), Some(result)) if !reference.is_empty() && !f.has_errors() => {
            Ok(Some(NewVerification { dated_on, reference, result, per_head_fen }))
        }
        _ => Err(()),
    }
}

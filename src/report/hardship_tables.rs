//! 困难档案's tables for every format: the figures, then households in file by category and by
//! cause, and exits by reason (rows keyed by the codes of `domain::hardship`, in offer order).

use super::Summary;
use super::render::{Cell, Table};
use crate::domain::hardship::{Category, Cause, ExitReason};
use crate::i18n::{Lang, hardship as words};
use std::collections::BTreeMap;

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

pub fn tables(s: &Summary, lang: Lang) -> Vec<Table> {
    let w = crate::i18n::report_hardship::words(lang);
    let count = lang.ui().f5.count;
    let h = &s.hardship;
    let counts = |key: &'static str,
                  title: &str,
                  head: &str,
                  names: Vec<(&str, &str)>,
                  map: &BTreeMap<String, i64>| {
        Table {
            key,
            title: title.into(),
            codes: names.iter().map(|(c, _)| c.to_string()).collect(),
            header: vec![head.into(), count.into()],
            rows: names
                .iter()
                .map(|(c, n)| vec![t(n), Cell::Int(map.get(*c).copied().unwrap_or(0))])
                .collect(),
        }
    };
    let r = lang.ui().f5;
    vec![
        Table {
            key: "hardship",
            title: w.sheet_overview.into(),
            codes: vec![],
            header: vec![r.item.into(), r.value.into()],
            rows: vec![
                vec![t(w.in_file), Cell::Int(h.in_file.total)],
                vec![t(w.filed), Cell::Int(h.filed)],
                vec![t(w.reviewed), Cell::Int(h.reviewed)],
                vec![t(w.exited), Cell::Int(h.exited.total)],
                vec![t(w.lapsed), Cell::Int(h.lapsed)],
                vec![t(w.visits), Cell::Int(h.visits)],
                vec![t(w.overdue_visits), Cell::Int(h.overdue_visits)],
            ],
        },
        counts(
            "hardship_categories",
            w.sheet_categories,
            w.category,
            Category::ALL.iter().map(|c| (c.code(), words::category(lang, *c))).collect(),
            &h.in_file.by_category,
        ),
        counts(
            "hardship_causes",
            w.sheet_causes,
            w.cause,
            Cause::ALL.iter().map(|c| (c.code(), words::cause(lang, *c))).collect(),
            &h.in_file.by_cause,
        ),
        counts(
            "hardship_exits",
            w.sheet_exits,
            w.reason,
            ExitReason::ALL.iter().map(|c| (c.code(), words::exit_reason(lang, *c))).collect(),
            &h.exited.by_reason,
        ),
    ]
}

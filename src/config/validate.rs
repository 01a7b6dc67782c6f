//! Semantic checks the TOML shape cannot express, and locating a key's line for messages.

use super::model::{Config, ItemKind};
use crate::domain::calendar::{Calendar, YearCalendar};
use chrono::{Datelike, Days, NaiveDate};
use std::collections::HashSet;

/// The longest retention the config takes, in months.
pub const MAX_RETENTION_MONTHS: u32 = 1_200;

/// What is wrong, and where to point: the key, and optionally the value on its line and
/// which occurrence (a duplicate is reported where it appears the second time).
#[derive(Debug)]
pub(super) struct Refusal {
    pub key: String,
    pub message: String,
    pub value: Option<String>,
    pub occurrence: usize,
    /// The array-of-tables header and which of its blocks (0-based) holds the key.
    pub block: Option<(&'static str, usize)>,
}

fn refuse<T>(key: &str, message: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal { key: key.to_string(), message: message.into(), value: None, occurrence: 0, block: None })
}

fn unique<'a>(key: &str, codes: impl Iterator<Item = &'a str>) -> Result<(), Refusal> {
    let mut seen = HashSet::new();
    for c in codes {
        if c.trim().is_empty() {
            return refuse(key, "empty code");
        }
        if !seen.insert(c) {
            return Err(Refusal {
                key: key.to_string(),
                message: format!("code {c:?} appears twice"),
                value: Some(format!("{c:?}")),
                occurrence: 1,
                block: None,
            });
        }
    }
    Ok(())
}

pub(super) fn check(c: &Config) -> Result<(), Refusal> {
    if !matches!(c.language.as_str(), "zh-CN" | "en") {
        return refuse("language", format!("{:?}: use \"zh-CN\" or \"en\"", c.language));
    }
    if !matches!(c.theme.as_str(), "default" | "high-contrast" | "mono") {
        return refuse("theme", format!("{:?}: use \"default\", \"high-contrast\" or \"mono\"", c.theme));
    }
    if !matches!(c.ambiguous_width, 1 | 2) {
        return refuse("ambiguous_width", "use 1 or 2");
    }
    if let Some(smtp) = &c.smtp
        && !matches!(smtp.tls.as_str(), "starttls" | "tls" | "none")
    {
        return refuse("tls", format!("{:?}: use \"starttls\", \"tls\" or \"none\"", smtp.tls));
    }
    if c.idle_lock_seconds < 30 {
        return refuse("idle_lock_seconds", "at least 30");
    }
    if c.matters.is_empty() || c.matters.len() > 9 {
        return refuse("matters", "1 to 9 matters (each is picked by one digit)");
    }
    unique("matters", c.matters.iter().map(|m| m.code.as_str()))?;
    unique("letter", c.matters.iter().map(|m| m.letter.as_str()))?;
    for m in &c.matters {
        if m.letter.len() != 1 || !m.letter.bytes().all(|b| b.is_ascii_uppercase()) {
            return refuse("letter", format!("{:?}: one capital letter A–Z", m.letter));
        }
    }
    unique("windows", c.windows.iter().map(|w| w.code.as_str()))?;
    for w in &c.windows {
        for m in &w.matters {
            if m != "*" && !c.matters.iter().any(|x| &x.code == m) {
                return refuse("matters", format!("window {:?} serves unknown matter {m:?}", w.code));
            }
        }
    }
    if let Some(w) = &c.window
        && !c.windows.iter().any(|x| &x.code == w)
    {
        return refuse("window", format!("no window with code {w:?}"));
    }
    unique("referral_departments", c.referral_departments.iter().map(|x| x.code.as_str()))?;
    unique("claim_kinds", c.claim_kinds.iter().map(|x| x.code.as_str()))?;
    if !c.claim_kinds.iter().any(|k| k.code == "recuperation_refund") {
        return refuse("claim_kinds", "the kind \"recuperation_refund\" is required");
    }
    for k in &c.claim_kinds {
        if !(1..=super::model::AMOUNT_CEILING_FEN).contains(&k.max_amount_fen) {
            return refuse(
                "max_amount_fen",
                format!("{}: from 1 to {} (fen)", k.code, super::model::AMOUNT_CEILING_FEN),
            );
        }
    }
    if c.claims.second_approval_fen < 0 {
        return refuse("second_approval_fen", "no negative amounts");
    }
    for (key, f) in [
        ("number_format", &c.claims.number_format),
        ("recuperation_format", &c.letters.recuperation_format),
        ("commitment_format", &c.letters.commitment_format),
    ] {
        if !f.contains("{seq}") {
            return refuse(key, "must contain {seq}");
        }
    }
    unique("recuperation_units", c.recuperation_units.iter().map(|x| x.code.as_str()))?;
    unique("items", c.station.items.iter().map(|x| x.code.as_str()))?;
    unique("help_kinds", c.station.help_kinds.iter().map(|x| x.code.as_str()))?;
    // Digits pick them at the counter.
    if c.station.items.is_empty() || c.station.items.len() > 9 {
        return refuse("items", "between one and nine station items");
    }
    if c.station.help_kinds.is_empty() || c.station.help_kinds.len() > 9 {
        return refuse("help_kinds", "between one and nine help kinds");
    }
    if !(1..=365).contains(&c.station.loan_max_days) {
        return refuse("loan_max_days", "a loan lasts from 1 to 365 days at most");
    }
    if let Some(i) = c.station.items.iter().find(|i| i.batches && i.kind != ItemKind::Consumable) {
        return refuse("items", format!("{}: only consumables are kept in batches", i.code));
    }
    if let Some((key, why)) = c.hardship.refused() {
        return refuse(&key, why);
    }
    let kinds: Vec<(&str, bool, i64)> =
        c.claim_kinds.iter().map(|k| (k.code.as_str(), k.hardship_file, k.max_amount_fen)).collect();
    if let Some(r) = super::fund::refused(&c.fund, &kinds) {
        return Err(Refusal {
            key: r.key,
            message: r.message,
            value: r.value,
            occurrence: 0,
            block: r.programme.map(|i| ("[[fund.programmes]]", i)),
        });
    }
    if c.retention.logs_months < 6 {
        return refuse("logs_months", "logs are kept at least 6 months");
    }
    // A retention is a period, not "keep": past a hundred years it is a typo.
    let r = &c.retention;
    for (key, months) in [
        ("walkin_personal_months", r.walkin_personal_months),
        ("loans_months", r.loans_months),
        ("closed_claims_months", r.closed_claims_months),
        ("letters_months", r.letters_months),
        ("exports_months", r.exports_months),
        ("logs_months", r.logs_months),
    ] {
        if months > MAX_RETENTION_MONTHS {
            return refuse(key, format!("{months} months is past {MAX_RETENTION_MONTHS} (100 years)"));
        }
        // 0 would make the cut-off today: a purge would clear this week's records.
        if months == 0 {
            return refuse(key, "a retention is at least 1 month");
        }
    }
    if c.privacy.reveal_reasons.is_empty() || c.privacy.lookup_reasons.is_empty() {
        return refuse("privacy", "reason lists may not be empty");
    }
    Ok(())
}

pub(super) fn calendar(c: &Config) -> Result<Calendar, Refusal> {
    let mut cal = Calendar::default();
    for (year, spec) in &c.calendar {
        let y: i32 = match year.parse() {
            Ok(y) if (1990..=2200).contains(&y) => y,
            _ => return refuse("calendar", format!("{year:?} is not a year")),
        };
        let mut yc = YearCalendar::default();
        for (key, list, set) in [
            ("holidays", &spec.holidays, &mut yc.holidays),
            ("makeup_workdays", &spec.makeup_workdays, &mut yc.makeup_workdays),
        ] {
            for item in list {
                let Some(days) = expand(item) else {
                    return refuse(key, format!("{item:?}: use YYYY-MM-DD or A..B"));
                };
                for day in days {
                    if day.year() != y {
                        return refuse(key, format!("{day} is not in {y}"));
                    }
                    set.insert(day);
                }
            }
        }
        cal.years.insert(y, yc);
    }
    Ok(cal)
}

fn expand(item: &str) -> Option<Vec<NaiveDate>> {
    let parse = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let (a, b) = match item.split_once("..") {
        Some((a, b)) => (parse(a)?, parse(b)?),
        None => (parse(item)?, parse(item)?),
    };
    if b < a || (b - a).num_days() > 366 {
        return None;
    }
    let mut out = vec![];
    let mut d = a;
    while d <= b {
        out.push(d);
        d = d.checked_add_days(Days::new(1))?;
    }
    Some(out)
}

/// Line (1-based) and key name around a byte offset in the file.
pub(super) fn locate_span(text: &str, offset: usize) -> (Option<usize>, String) {
    let offset = offset.min(text.len());
    let line_no = text[..offset].matches('\n').count() + 1;
    let line = text.lines().nth(line_no - 1).unwrap_or("");
    let key = match line.split_once('=') {
        Some((k, _)) => k.trim().to_string(),
        None => line.trim().trim_matches(|c| c == '[' || c == ']').to_string(),
    };
    (Some(line_no), if key.is_empty() { "-".into() } else { key })
}

/// The line that sets the refused key (or opens a section of that name), for semantic errors.
pub(super) fn find_key_line(text: &str, r: &Refusal) -> Option<usize> {
    if let Some((header, index)) = r.block {
        return find_in_block(text, r, header, index);
    }
    let mut hits = text.lines().enumerate().filter(|(_, l)| {
        let t = l.trim_start();
        let sets = t.split_once('=').is_some_and(|(k, v)| {
            k.trim() == r.key && r.value.as_ref().is_none_or(|want| v.contains(want.as_str()))
        });
        let opens = r.value.is_none()
            && t.starts_with('[')
            && t.trim_matches(|c| c == '[' || c == ']').split('.').any(|p| p == r.key);
        !t.starts_with('#') && (sets || opens)
    });
    hits.nth(r.occurrence).map(|(i, _)| i + 1)
}

pub(super) fn timezone(name: &str) -> Result<chrono_tz::Tz, Refusal> {
    name.parse().or_else(|_| refuse("timezone", format!("unknown timezone {name:?}")))
}

/// The key's line inside the `index`-th `header` block, or the block's header when the key is
/// not written there (the built-in value was taken).
fn find_in_block(text: &str, r: &Refusal, header: &str, index: usize) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().enumerate().filter(|(_, l)| l.trim() == header).nth(index).map(|(i, _)| i)?;
    let sets = |l: &str| {
        let t = l.trim_start();
        !t.starts_with('#')
            && t.split_once('=').is_some_and(|(k, v)| {
                k.trim() == r.key && r.value.as_ref().is_none_or(|want| v.contains(want.as_str()))
            })
    };
    let end = lines[start + 1..]
        .iter()
        .position(|l| l.trim_start().starts_with('['))
        .map_or(lines.len(), |n| start + 1 + n);
    Some((start + 1..end).find(|&i| sets(lines[i])).unwrap_or(start) + 1)
}

//! What a claim's state means for the worker: the due date from the working-day calendar, the
//! late flag, and the sentence the clerk reads out.

use crate::config::Settings;
use crate::db::claim_ops::split_papers;
use crate::db::claims::ClaimRow;
use crate::domain::claim::{self, ClaimState, ClaimStep};
use crate::domain::money::Fen;
use crate::i18n::{Lang, claims, fill};
use chrono::NaiveDate;

/// A claim's due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The papers are not complete yet: nothing is due.
    NotYet,
    On(NaiveDate),
    /// The calendar does not cover the days in between.
    Unset,
    /// Rejected: nothing is or will be due.
    Never,
}

fn parse_day(s: Option<&str>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s?.get(..10)?, "%Y-%m-%d").ok()
}

pub fn due_of(settings: &Settings, c: &ClaimRow) -> Due {
    if c.status == ClaimState::Rejected {
        return Due::Never;
    }
    let Some(complete) = parse_day(c.papers_complete_on.as_deref()) else { return Due::NotYet };
    let pay_by =
        settings.config.claim_kinds.iter().find(|k| k.code == c.kind).map_or(15, |k| k.pay_by_working_days);
    match claim::due_date(&settings.calendar, Some(complete), pay_by) {
        Some(d) => Due::On(d),
        None => Due::Unset,
    }
}

/// Working days past the due date, for a claim not yet paid or rejected; `None` when on time.
pub fn late_days(settings: &Settings, c: &ClaimRow, today: NaiveDate) -> Option<u32> {
    let Due::On(due) = due_of(settings, c) else { return None };
    if !claim::is_late(c.status, Some(due), today) {
        return None;
    }
    Some(settings.calendar.working_days_between(due, today).unwrap_or(0).max(1))
}

pub fn staff(lang: Lang, s: ClaimState) -> &'static str {
    claims::staff_word(lang, s)
}

/// The words to read out to the worker about one claim.
pub fn read_out(lang: Lang, settings: &Settings, c: &ClaimRow, today: NaiveDate) -> String {
    let f2 = lang.ui().f2;
    let due = due_of(settings, c);
    let day = |d: NaiveDate| d.format(f2.day_format).to_string();
    let due_text = match due {
        Due::On(d) => day(d),
        _ => "-".to_string(),
    };
    let sep = lang.ui().f4.list_sep;
    let mut papers = c.missing_papers.as_deref().map(split_papers).unwrap_or_default().join(sep);
    if papers.is_empty() {
        papers = f2.papers_unknown.to_string();
    }
    let mut words = claims::worker_words(lang, c.status);
    if c.status == ClaimState::UnderReview && !matches!(due, Due::On(_)) {
        // No date to promise: just "under review".
        words = words.split(['，', ';']).next().unwrap_or(words);
    }
    let base = words
        .replace("{papers}", &papers)
        .replace("{date}", &due_text)
        .replace("{reason}", c.reason.as_deref().unwrap_or("-"));
    let (stop, comma) = if lang == Lang::Zh { ("。", "，") } else { (". ", ", ") };
    let mut out = base.trim_end_matches('.').to_string();
    match (c.status, due) {
        (ClaimState::Submitted, Due::On(d)) => {
            out.push_str(comma);
            out.push_str(&fill(f2.due_done, &[("date", &day(d))]));
        }
        (ClaimState::Approved, Due::On(d)) => {
            out.push_str(stop);
            out.push_str(&fill(f2.due_pay, &[("date", &day(d))]));
        }
        (ClaimState::Paid, _) => {
            let on = parse_day(c.paid_on.as_deref()).map(day).unwrap_or_default();
            let amount = Fen(c.amount_paid_fen.or(c.amount_approved_fen).unwrap_or(0)).plain();
            if !on.is_empty() {
                out.push_str(&fill(f2.paid_detail, &[("date", &on), ("amount", &amount)]));
            }
        }
        (s, Due::Unset) if !s.is_closed() => {
            out.push_str(stop);
            out.push_str(f2.calendar_unset);
        }
        _ => {}
    }
    if let Some(n) = late_days(settings, c, today) {
        out.push_str(comma);
        out.push_str(&fill(f2.late_sentence, &[("n", &n)]));
    }
    out.push_str(stop.trim_end());
    out
}

/// What a step adds to the history line, in the clerk's language.
pub fn step_note(lang: Lang, step: &ClaimStep, missing: &[String], second: i64) -> String {
    let f2 = lang.ui().f2;
    match step {
        ClaimStep::Papers { complete: true } => f2.note_complete.into(),
        ClaimStep::Papers { complete: false } => {
            fill(f2.note_missing, &[("papers", &missing.join(lang.ui().f4.list_sep))])
        }
        ClaimStep::Review => String::new(),
        ClaimStep::Approve { amount, .. } => {
            let two = if amount.0 > second { f2.note_two } else { "" };
            let over = over_note(f2.note_over_claimed, step);
            format!("{}{two}{over}", fill(f2.note_approved, &[("amount", &amount.plain())]))
        }
        ClaimStep::Reject { reason } => fill(f2.note_reason, &[("reason", reason)]),
        ClaimStep::Pay { on, amount, .. } => {
            let over = over_note(f2.note_over_approved, step);
            format!("{}{over}", fill(f2.note_paid, &[("amount", &amount.plain()), ("date", on)]))
        }
    }
}

/// "; more than claimed, because: …" when the step goes above its amount with a reason.
fn over_note(template: &str, step: &ClaimStep) -> String {
    step.over().map(|r| format!("; {}", fill(template, &[("reason", &r)]))).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(status: ClaimState, complete_on: Option<&str>) -> ClaimRow {
        ClaimRow {
            id: 1,
            claim_no: "HZ2026000412".into(),
            worker_id: 1,
            kind: "inpatient".into(),
            filed_on: "2026-11-03".into(),
            amount_claimed_fen: 1_234_050,
            amount_approved_fen: Some(800_000),
            amount_paid_fen: None,
            paid_on: None,
            status,
            papers_complete_on: complete_on.map(str::to_string),
            missing_papers: Some("医疗费用个人承担证明单、出院小结".into()),
            reason: Some("不属于互助范围".into()),
            note: None,
            version: 1,
            registered_by: None,
            first_approver: None,
            programme: None,
            programme_year: None,
            consent_version: None,
        }
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn the_words_for_every_state_with_due_dates_and_lateness() {
        let s = Settings::builtin();
        let read = |st, on: Option<&str>, today| read_out(Lang::Zh, &s, &claim(st, on), today);
        use ClaimState::*;
        // Papers complete Mon 3 Nov 2026: 15 working days later is Mon 24 Nov.
        assert_eq!(read(Submitted, Some("2026-11-03"), day(11, 10)), "已收到您的申请，预计11月24日前办结。");
        assert_eq!(
            read(MaterialsIncomplete, None, day(11, 10)),
            "还缺以下材料：医疗费用个人承担证明单、出院小结。"
        );
        assert_eq!(read(UnderReview, Some("2026-11-03"), day(11, 24)), "正在审核，预计11月24日前办结。");
        assert_eq!(
            read(Approved, Some("2026-11-03"), day(11, 26)),
            "已批准，等待发放。按规定应于11月24日前发放，已逾期2个工作日，我们会催办并电话告知您。"
        );
        assert_eq!(read(Rejected, Some("2026-11-03"), day(12, 30)), "未通过，原因：不属于互助范围。");
        assert_eq!(
            due_of(&s, &claim(Rejected, Some("2026-11-03"))),
            Due::Never,
            "nothing is due on a refusal"
        );
        let mut paid = claim(Paid, Some("2026-11-03"));
        paid.paid_on = Some("2026-11-20".into());
        paid.amount_paid_fen = Some(800_000);
        assert_eq!(
            read_out(Lang::Zh, &s, &paid, day(12, 30)),
            "钱已打到您登记的账户（11月20日，8,000.00 元）。"
        );
        // A weekend after the due date adds no late days.
        assert_eq!(late_days(&s, &claim(Approved, Some("2026-11-03")), day(11, 30)), Some(4));
        assert_eq!(late_days(&s, &claim(Paid, Some("2026-11-03")), day(12, 30)), None, "paid is never late");
        for st in ClaimState::ALL {
            assert!(!read_out(Lang::En, &s, &claim(st, Some("2026-11-03")), day(11, 10)).contains('{'));
        }
    }

    /// In English the missing papers (the config's names) are listed with an English comma,
    /// not the Chinese 、 they are stored with.
    #[test]
    fn the_missing_papers_are_listed_in_the_screens_language() {
        let s = Settings::builtin();
        let c = claim(ClaimState::MaterialsIncomplete, None);
        let en = read_out(Lang::En, &s, &c, day(11, 10));
        assert!(en.contains("医疗费用个人承担证明单, 出院小结") && !en.contains('、'), "{en}");
        let note = step_note(Lang::En, &ClaimStep::Papers { complete: false }, &["a".into(), "b".into()], 0);
        assert!(note.contains("a, b"), "{note}");
    }

    #[test]
    fn beyond_the_calendar_no_date_is_promised() {
        let s = Settings::builtin();
        let c = claim(ClaimState::UnderReview, Some("2027-12-20"));
        assert_eq!(due_of(&s, &c), Due::Unset);
        assert_eq!(read_out(Lang::Zh, &s, &c, day(12, 1)), "正在审核。工作日历未设置，应付日无法计算。");
    }
}

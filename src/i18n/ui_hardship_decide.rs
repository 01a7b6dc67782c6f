//! F2's 困难档案 page: the supervisor's steps (Alt+M 审批) and the visit form (Alt+F 走访), one
//! table per language.

use super::Lang;

pub struct DecideUi {
    pub act_decide: &'static str,
    pub act_visit: &'static str,
    /// Alt+M or Alt+F with no file on the page.
    pub no_file: &'static str,
    pub supervisors_only: &'static str,
    /// Four eyes: `{no}`.
    pub four_eyes_file: &'static str,
    pub four_eyes_review: &'static str,
    /// `{no}` `{state}`.
    pub nothing_to_decide: &'static str,
    /// `{state}`: a visit to a rejected or exited file.
    pub no_visit: &'static str,
    /// `{no}` `{state}`.
    pub pick_title: &'static str,
    pub step_approve: &'static str,
    pub step_return: &'static str,
    pub step_reject: &'static str,
    pub step_review_approve: &'static str,
    pub step_review_return: &'static str,
    pub step_exit: &'static str,
    /// The approve dialog: `{no}` `{name}`.
    pub approve_title: &'static str,
    /// `{category}`.
    pub approve_category: &'static str,
    /// `{n}` `{per_head}` `{line}`: the line's words (or that there is none).
    pub approve_per_head: &'static str,
    /// `{date}` `{reference}` `{result}`.
    pub approve_verified: &'static str,
    /// `{until}` `{months}`.
    pub approve_until: &'static str,
    pub field_opinion: &'static str,
    /// `{date}` `{reference}` `{result}`.
    pub not_eligible: &'static str,
    /// `{date}` `{days}` `{oldest}` (the oldest date allowed).
    pub stale: &'static str,
    pub no_verification: &'static str,
    /// The review approve dialog: `{no}` `{name}`.
    pub review_title: &'static str,
    pub review_continue: &'static str,
    /// `{reason}`.
    pub review_exit: &'static str,
    /// `{from}` `{to}`: the category before and after.
    pub review_category: &'static str,
    /// `{n}` `{per_head}`.
    pub review_household: &'static str,
    /// `{from}` `{to}`.
    pub review_until: &'static str,
    /// `{today}`.
    pub review_exit_effect: &'static str,
    /// `{note}`.
    pub review_note: &'static str,
    /// `{no}`.
    pub return_title: &'static str,
    pub reject_title: &'static str,
    pub review_return_title: &'static str,
    pub exit_title: &'static str,
    /// `{today}`: the exit's date.
    pub exit_dated: &'static str,
    /// A review entered since the screen read the file.
    pub now_review_waits: &'static str,
    /// The review the screen showed was decided meanwhile.
    pub now_review_gone: &'static str,
    pub field_reason: &'static str,
    pub field_exit_reason: &'static str,
    pub field_note: &'static str,
    pub reason_required: &'static str,
    pub exit_reason_required: &'static str,
    pub exit_note_required: &'static str,
    pub exit_note_words: &'static str,
    /// The visit form: `{no}` `{name}`.
    pub visit_title: &'static str,
    pub field_visited: &'static str,
    pub field_visitors: &'static str,
    pub field_place: &'static str,
    pub field_found: &'static str,
    pub field_needs: &'static str,
    pub field_given: &'static str,
    pub field_next_step: &'static str,
    pub field_next_on: &'static str,
    pub date_future: &'static str,
    pub found_blank: &'static str,
    pub found_bare: &'static str,
    pub visitors_blank: &'static str,
    /// `{login}`.
    pub unknown_login: &'static str,
    /// `{date}`: the visit's.
    pub next_before: &'static str,
    /// Saved: `{no}` (and `{until}`, `{date}`).
    pub done_approve: &'static str,
    pub done_return: &'static str,
    pub done_reject: &'static str,
    pub done_review_continue: &'static str,
    pub done_review_exit: &'static str,
    pub done_review_return: &'static str,
    pub done_exit: &'static str,
    pub done_visit: &'static str,
    /// `{no}` `{state}`.
    pub changed: &'static str,
    pub missing: &'static str,
}

static ZH: DecideUi = DecideUi {
    act_decide: "审批",
    act_visit: "走访",
    no_file: "没有可办理的困难档案：先查询职工（F2），再按 Alt+K 到困难档案页",
    supervisors_only: "困难档案的审批由主管办理",
    four_eyes_file: "档案 {no} 的申请由您录入或修改，须由另一位主管审批",
    four_eyes_review: "档案 {no} 的年审由您录入，须由另一位主管审批",
    nothing_to_decide: "档案 {no} {state}，没有待审批的事项",
    no_visit: "档案{state}，不能记录走访",
    pick_title: "审批 {no}（{state}）",
    step_approve: "批准建档",
    step_return: "退回修改",
    step_reject: "不予建档",
    step_review_approve: "批准年审",
    step_review_return: "退回年审",
    step_exit: "退出（解困脱困）",
    approve_title: "批准建档 {no} {name}",
    approve_category: "类别：{category}",
    approve_per_head: "家庭 {n} 人，人均月收入 {per_head}\n对照 {line}",
    approve_verified: "最近核对：{date} {reference} {result}",
    approve_until: "批准后有效期至 {until}（{months} 个月）",
    field_opinion: "审批意见",
    not_eligible: "不能批准：最近核对 {date}（{reference}）结果为“{result}”",
    stale: "不能批准：最近核对 {date} 已超 {days} 天，须为 {oldest} 以后的核对",
    no_verification: "不能批准：尚无收入核对结果，请先录入核对",
    review_title: "批准年审 {no} {name}",
    review_continue: "年审结论：继续在档",
    review_exit: "年审结论：退出（{reason}）",
    review_category: "类别：{from} → {to}",
    review_household: "年审家庭 {n} 人，人均月收入 {per_head}",
    review_until: "有效期：{from} → {to}",
    review_exit_effect: "批准后档案于 {today} 退出，不再在档",
    review_note: "年审说明：{note}",
    return_title: "退回修改 {no}",
    reject_title: "不予建档 {no}",
    review_return_title: "退回年审 {no}",
    exit_title: "退出（解困脱困） {no}",
    exit_dated: "退出日期：{today}（今天）",
    now_review_waits: "现有年审待审批",
    now_review_gone: "原待审批的年审已处理",
    field_reason: "理由",
    field_exit_reason: "退出原因",
    field_note: "说明",
    reason_required: "须填写理由",
    exit_reason_required: "请按数字选择退出原因",
    exit_note_required: "原因为“其他”时须填写说明",
    exit_note_words: "请写明退出的具体情况",
    visit_title: "走访 {no} {name}",
    field_visited: "走访日期",
    field_visitors: "走访人工号",
    field_place: "地点",
    field_found: "看到的情况",
    field_needs: "困难和需求",
    field_given: "给予帮助",
    field_next_step: "下一步",
    field_next_on: "下一步日期",
    date_future: "日期不能晚于今天",
    found_blank: "须写明走访看到、了解到的情况",
    found_bare: "只写“已送达”“东西放下”不算走访情况：写明看到、了解到什么",
    visitors_blank: "至少填一位走访人工号（多位用空格或逗号分开）",
    unknown_login: "没有工号为 {login} 的账号",
    next_before: "下一步日期不能早于走访日期 {date}",
    done_approve: "档案 {no} 已批准建档，有效期至 {until}",
    done_return: "档案 {no} 已退回修改",
    done_reject: "档案 {no} 不予建档",
    done_review_continue: "档案 {no} 年审通过，有效期至 {until}",
    done_review_exit: "档案 {no} 年审通过，档案已退出",
    done_review_return: "档案 {no} 的年审已退回",
    done_exit: "档案 {no} 已退出",
    done_visit: "档案 {no} 已记录 {date} 的走访",
    changed: "另一终端已修改档案 {no}（现为{state}），已重新读取：请核对后再保存",
    missing: "档案已不存在",
};

static EN: DecideUi = DecideUi {
    act_decide: "decide",
    act_visit: "visit",
    no_file: "No file to act on: look the worker up (F2), then Alt+K to the hardship file",
    supervisors_only: "only a supervisor decides on a hardship file",
    four_eyes_file: "you entered or edited file {no}: another supervisor decides it",
    four_eyes_review: "you entered the review of file {no}: another supervisor decides it",
    nothing_to_decide: "file {no} is {state}: nothing to decide",
    no_visit: "the file is {state}: no visit can be recorded",
    pick_title: "Decide {no} ({state})",
    step_approve: "approve the file",
    step_return: "send back for changes",
    step_reject: "reject the application",
    step_review_approve: "approve the review",
    step_review_return: "send the review back",
    step_exit: "exit (out of hardship)",
    approve_title: "Approve file {no} {name}",
    approve_category: "Category: {category}",
    approve_per_head: "Household {n}, per head {per_head}/month\nagainst the {line}",
    approve_verified: "Verified: {date} {reference} {result}",
    approve_until: "Valid until {until} once approved ({months} months)",
    field_opinion: "Note",
    not_eligible: "Cannot approve: verified {date} ({reference}): {result}",
    stale: "Cannot approve: verified {date}, over {days} days ago; verify again",
    no_verification: "Cannot approve: no income verification yet; enter one first",
    review_title: "Approve the review of {no} {name}",
    review_continue: "Review: the file continues",
    review_exit: "Review: the file exits ({reason})",
    review_category: "Category: {from} → {to}",
    review_household: "Household now {n}, per head {per_head}/month",
    review_until: "Valid until: {from} → {to}",
    review_exit_effect: "Once approved the file exits on {today}",
    review_note: "Review note: {note}",
    return_title: "Send back {no}",
    reject_title: "Reject {no}",
    review_return_title: "Send back the review of {no}",
    exit_title: "Exit {no}",
    exit_dated: "Exit dated {today} (today)",
    now_review_waits: "a review now waits for approval",
    now_review_gone: "the review waiting was decided meanwhile",
    field_reason: "Reason",
    field_exit_reason: "Why",
    field_note: "Note",
    reason_required: "a reason is required",
    exit_reason_required: "pick the reason by its digit",
    exit_note_required: "the reason is “other”: say what in the note",
    exit_note_words: "say in words why the household leaves the file",
    visit_title: "Visit {no} {name}",
    field_visited: "Date",
    field_visitors: "Who went",
    field_place: "Place",
    field_found: "Found",
    field_needs: "Needs",
    field_given: "Given",
    field_next_step: "Next step",
    field_next_on: "Next on",
    date_future: "the date is after today",
    found_blank: "say what was seen and heard on the visit",
    found_bare: "“delivered” or “left the things” is not a finding: say what was seen and heard",
    visitors_blank: "one or more logins (space or comma between them)",
    unknown_login: "no account has the login {login}",
    next_before: "the next step's date is before the visit ({date})",
    done_approve: "file {no} approved, valid until {until}",
    done_return: "file {no} sent back for changes",
    done_reject: "file {no} rejected",
    done_review_continue: "review of {no} approved, valid until {until}",
    done_review_exit: "review of {no} approved: the file has exited",
    done_review_return: "review of {no} sent back",
    done_exit: "file {no} exited",
    done_visit: "visit of {date} recorded on file {no}",
    changed: "another terminal changed {no} (now {state}): check and save again",
    missing: "the file is gone",
};

pub fn of(lang: Lang) -> &'static DecideUi {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// The table that goes with a screen's strings (the keymap's labels have only those).
pub fn of_ui(ui: &super::Ui) -> &'static DecideUi {
    if Lang::of_ui(ui) == Lang::En { &EN } else { &ZH }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::width::width;
    use crate::i18n::fill;

    /// What the status line shows (76 columns at 80×24) fits whole, with the longest values:
    /// an 11-character file number, a 14-character reference, the longest words.
    #[test]
    fn status_messages_fit_80_columns_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let t = of(lang);
            let args: &[(&str, &dyn std::fmt::Display)] = &[
                ("no", &"KN202600001"),
                ("date", &"2026-07-01"),
                ("oldest", &"2026-08-30"),
                ("today", &"2026-11-28"),
                ("until", &"2027-11-27"),
                ("days", &365),
                ("reference", &"ZJHD2026619511"),
                ("result", &if lang == Lang::Zh { "待补充" } else { "not eligible" }),
                ("state", &if lang == Lang::Zh { "待审批" } else { "rejected" }),
                ("login", &"abcdefgh"),
            ];
            for m in [
                t.no_file,
                t.supervisors_only,
                t.four_eyes_file,
                t.four_eyes_review,
                t.nothing_to_decide,
                t.no_visit,
                t.not_eligible,
                t.stale,
                t.no_verification,
                t.unknown_login,
                t.done_approve,
                t.done_return,
                t.done_reject,
                t.done_review_continue,
                t.done_review_exit,
                t.done_review_return,
                t.done_exit,
                t.done_visit,
                t.changed,
                t.missing,
            ] {
                let s = fill(m, args);
                assert!(width(&s) <= 76, "{} columns: {s}", width(&s));
            }
        }
    }
}

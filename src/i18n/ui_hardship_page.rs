//! F2's 困难档案 page and its lists page, one table per language.

use super::Lang;

pub struct HardshipPageUi {
    pub title_file: &'static str,
    pub title_lists: &'static str,
    pub need_lookup: &'static str,
    pub reading: &'static str,
    pub no_file: &'static str,
    /// `{no}` `{state}` `{category}` `{until}`.
    pub file_line: &'static str,
    /// A file not filed (applied, rejected, exited): no valid-until to give.
    pub file_line_open: &'static str,
    pub no_category: &'static str,
    pub causes: &'static str,
    pub returned: &'static str,
    /// `{n}` `{income}` `{per_head}`.
    pub figures: &'static str,
    /// `{year}` `{line}`.
    pub line: &'static str,
    pub no_line: &'static str,
    pub below_line: &'static str,
    pub above_line: &'static str,
    /// `{date}` `{reference}` `{result}` `{per_head}`.
    pub verification: &'static str,
    pub no_verification: &'static str,
    pub members_head: [&'static str; 6],
    pub health_hidden: &'static str,
    /// `{health}` `{grade}`: a disability with its grade.
    pub graded: &'static str,
    pub health_hint: &'static str,
    pub visits: &'static str,
    pub no_visits: &'static str,
    /// `{step}` `{date}`.
    pub next_step: &'static str,
    pub needs_given: &'static str,
    pub aid: &'static str,
    pub no_aid: &'static str,
    pub lists: [&'static str; 5],
    pub lists_empty: &'static str,
    pub list_none: &'static str,
    pub lists_sub: &'static str,
    /// `{date}` `{who}`: applied on, entered by.
    pub entered: &'static str,
    /// `{date}` `{who}`: filed on, approved by.
    pub approved: &'static str,
    pub story_sep: &'static str,
    /// `{date}` `{who}`: the last review approved.
    pub last_review: &'static str,
    /// `{reason}` `{date}` `{who}`: the latest send-back.
    pub sent_back: &'static str,
    /// `{reason}` `{date}` `{who}`.
    pub rejected: &'static str,
    /// `{date}` `{reason}` `{note}` `{who}` (the note with `note_sep` before it, or nothing).
    pub exited: &'static str,
    pub note_sep: &'static str,
    /// `{date}` `{who}` `{result}`: a review entered, not yet decided.
    pub review_waiting: &'static str,
    /// `{n}`: the file's events.
    pub history: &'static str,
    /// Who, for a step no clerk took: an import, the upgrade.
    pub by_import: &'static str,
    pub by_migration: &'static str,
    /// A visit's found, needs, given and next step (its date shows): after Alt+V.
    pub visits_hint: &'static str,
    /// A review approved that exited the file.
    pub review_exit: &'static str,
}

static ZH: HardshipPageUi = HardshipPageUi {
    title_file: "困难档案",
    title_lists: "困难档案名单",
    need_lookup: "先输入身份证号查询职工（F2 页，回车）；名单见 Alt+K。",
    reading: "正在读取……",
    no_file: "该职工没有困难职工档案。",
    file_line: "档案 {no}  {state}  {category}  有效期至 {until}",
    file_line_open: "档案 {no}  {state}  {category}",
    no_category: "未定类别",
    causes: "致困原因：",
    returned: "已退回，待修改",
    figures: "家庭 {n} 人  月收入 {income}  人均 {per_head}",
    line: "{year}年低保 {line}",
    no_line: "未设置{year}年低保标准",
    below_line: "低于低保",
    above_line: "不低于低保",
    verification: "最近核对 {date} {reference} {result} 人均 {per_head}",
    no_verification: "尚无核对",
    members_head: ["姓名", "关系", "身份证号", "健康", "就业", "月收入"],
    health_hidden: "**",
    graded: "{health}{grade}级",
    health_hint: "健康状况、成员收入：Alt+V 说明理由后显示",
    visits: "走访（{n}）",
    no_visits: "尚无走访",
    next_step: "下一步：{step} {date}",
    needs_given: "需要：{needs}  给予：{given}",
    aid: "已获救助（{n}）",
    no_aid: "尚无",
    lists: ["待审批申请", "已退回", "待年审及已过期", "年审待审批", "超期未走访"],
    lists_empty: "没有需要处理的档案。",
    list_none: "（无）",
    lists_sub: "↑↓ 选择，回车打开该职工的困难档案",
    entered: "申请 {date} {who} 录入",
    approved: "建档 {date} {who} 批准",
    story_sep: "；",
    last_review: "上次年审 {date} {who} 批准",
    sent_back: "退回原因：{reason}（{date} {who}）",
    rejected: "不予建档：{reason}（{date} {who}）",
    exited: "退出 {date}：{reason}{note}（{who}）",
    note_sep: "，",
    review_waiting: "年审待审批（{date} {who} 录入，结果 {result}）",
    history: "经办记录（{n}）",
    by_import: "导入",
    by_migration: "升级迁入",
    visits_hint: "走访所见、需要、给予、下一步：Alt+V 说明理由后显示",
    review_exit: "年审通过（退出）",
};

static EN: HardshipPageUi = HardshipPageUi {
    title_file: "Hardship file",
    title_lists: "Hardship lists",
    need_lookup: "Look a worker up first (ID number, Enter); the lists are on Alt+K.",
    reading: "Reading…",
    no_file: "This worker has no hardship file.",
    file_line: "File {no}  {state}  {category}  valid until {until}",
    file_line_open: "File {no}  {state}  {category}",
    no_category: "no category",
    causes: "Causes: ",
    returned: "sent back for changes",
    figures: "Household {n}  income {income}/month  per head {per_head}",
    line: "{year} dibao line {line}",
    no_line: "no dibao line set for {year}",
    below_line: "below the line",
    above_line: "not below the line",
    verification: "Verified {date} {reference} {result} per head {per_head}",
    no_verification: "not verified yet",
    members_head: ["Name", "Rel.", "ID number", "Health", "Work", "Income"],
    health_hidden: "**",
    graded: "{health} {grade}",
    health_hint: "Health, members' incomes: shown after Alt+V with a reason",
    visits: "Visits ({n})",
    no_visits: "no visits yet",
    next_step: "next: {step} {date}",
    needs_given: "needs: {needs}  given: {given}",
    aid: "Aid received ({n})",
    no_aid: "none",
    lists: [
        "Applications waiting",
        "Sent back",
        "Reviews due and lapsed",
        "Reviews waiting",
        "Visits overdue",
    ],
    lists_empty: "No file needs anyone.",
    list_none: "(none)",
    lists_sub: "↑↓ select, Enter opens the worker's hardship file",
    entered: "Applied {date}, entered by {who}",
    approved: "filed {date}, approved by {who}",
    story_sep: "; ",
    last_review: "Last review {date}, approved by {who}",
    sent_back: "Sent back: {reason} ({date}, {who})",
    rejected: "Rejected: {reason} ({date}, {who})",
    exited: "Exited {date}: {reason}{note} ({who})",
    note_sep: ", ",
    review_waiting: "Review waiting (entered {date} by {who}, result {result})",
    history: "History ({n})",
    by_import: "import",
    by_migration: "upgrade",
    visits_hint: "Visits' findings, needs, given, next: shown after Alt+V with a reason",
    review_exit: "review approved (exit)",
};

pub fn of(lang: Lang) -> &'static HardshipPageUi {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// A file's step in words, for its history (`hardship_events.action`).
pub fn action(lang: Lang, code: &str) -> &str {
    let zh = lang == Lang::Zh;
    match code {
        "apply" => {
            if zh {
                "申请建档"
            } else {
                "applied"
            }
        }
        "edit" => {
            if zh {
                "修改申请"
            } else {
                "edited"
            }
        }
        "return" => {
            if zh {
                "退回"
            } else {
                "sent back"
            }
        }
        "approve" => {
            if zh {
                "批准建档"
            } else {
                "approved"
            }
        }
        "reject" => {
            if zh {
                "不予建档"
            } else {
                "rejected"
            }
        }
        "verify" => {
            if zh {
                "录入核对"
            } else {
                "verification entered"
            }
        }
        "review" => {
            if zh {
                "年审录入"
            } else {
                "review entered"
            }
        }
        "review_approve" => {
            if zh {
                "年审通过"
            } else {
                "review approved"
            }
        }
        "review_return" => {
            if zh {
                "年审退回"
            } else {
                "review sent back"
            }
        }
        "exit" => {
            if zh {
                "退出"
            } else {
                "exited"
            }
        }
        "visit" => {
            if zh {
                "走访"
            } else {
                "visit"
            }
        }
        "import" => {
            if zh {
                "导入"
            } else {
                "imported"
            }
        }
        "purge" => {
            if zh {
                "清除"
            } else {
                "purged"
            }
        }
        other => other,
    }
}

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
    health_hint: "健康状况：Alt+V 说明理由后显示",
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
    health_hint: "Health: shown after Alt+V with a reason",
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
};

pub fn of(lang: Lang) -> &'static HardshipPageUi {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

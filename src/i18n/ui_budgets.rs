//! F6's budgets page (Alt+B; issue #26): a programme's budget changed during the year by a
//! supervisor with a reason, and its history. One table per language.

use super::Lang;

pub struct BudgetsUi {
    /// The page's name among F6's pages, and the key that opens it.
    pub view: &'static str,
    pub act_view: &'static str,
    pub act_history: &'static str,
    pub act_change: &'static str,
    /// The page's head: `{year}`.
    pub title: &'static str,
    /// After the head for an auditor.
    pub read_only: &'static str,
    /// Columns: programme, budget in force, config's budget, committed + paid, remaining.
    pub columns: [&'static str; 5],
    /// After a budget that differs from the config's.
    pub changed_mark: &'static str,
    /// Under the table when a budget was changed: the history wins.
    pub changed_note: &'static str,
    /// No programme in the config for the year: `{year}`.
    pub no_programmes: &'static str,
    pub reading: &'static str,
    /// The history's head: `{name}` `{year}`.
    pub history_title: &'static str,
    /// The config's row: `{amount}`.
    pub history_config: &'static str,
    /// A change: `{at}` `{who}` `{old}` `{new}`; its reason on the line under it: `{reason}`.
    pub history_change: &'static str,
    pub history_reason: &'static str,
    pub history_none: &'static str,
    /// The form's title: `{name}` `{year}` `{budget}` `{floor}`.
    pub form_title: &'static str,
    pub field_amount: &'static str,
    pub field_reason: &'static str,
    pub amount_bad: &'static str,
    pub reason_empty: &'static str,
    pub reason_words: &'static str,
    /// Below committed + paid: `{new}` `{committed}` `{paid}` `{floor}`.
    pub too_low: &'static str,
    /// Above the config's ceiling: `{ceiling}`.
    pub too_high: &'static str,
    /// A new budget many times the old, shown back: `{new}` `{old}`.
    pub confirm_huge: &'static str,
    /// Saved: `{name}` `{year}` `{old}` `{new}`.
    pub saved: &'static str,
    pub supervisor_only: &'static str,
    pub unknown: &'static str,
}

static ZH: BudgetsUi = BudgetsUi {
    view: "预算",
    act_view: "资金预算",
    act_history: "调整记录",
    act_change: "调整预算",
    title: "资金预算 {year} 年",
    read_only: "（只读）",
    columns: ["帮扶项目", "现行预算", "配置预算", "已承诺+已支付", "余额"],
    changed_mark: "*",
    changed_note: "* 年内已调整：以调整记录为准，配置值仅作年初参考",
    no_programmes: "{year} 年未设帮扶项目",
    reading: "读取中…",
    history_title: "{name} {year} 年预算调整记录",
    history_config: "年初  配置  {amount}",
    history_change: "{at}  {who}  {old} → {new}",
    history_reason: "    理由：{reason}",
    history_none: "年内未调整",
    form_title: "调整预算 · {name} {year} 年（现 {budget}，不得低于 {floor}）",
    field_amount: "新预算",
    field_reason: "理由",
    amount_bad: "金额无效，例：500,000 或 500000.00",
    reason_empty: "须填写调整理由",
    reason_words: "理由须是文字，不能只有数字或符号",
    too_high: "新预算不得高于 {ceiling} 元",
    confirm_huge: "新预算 {new} 元，是现行 {old} 元的十倍以上；无误请再按 Alt+S 保存",
    too_low: "新预算 {new} 元低于已承诺 {committed} 元 + 已支付 {paid} 元 = {floor} 元，未保存",
    saved: "{name} {year} 年预算已由 {old} 元调整为 {new} 元",
    supervisor_only: "只有主管可以调整预算；审计员只读",
    unknown: "该年度配置中没有这个帮扶项目",
};

static EN: BudgetsUi = BudgetsUi {
    view: "Budgets",
    act_view: "budgets",
    act_history: "history",
    act_change: "change budget",
    title: "Fund budgets {year}",
    read_only: " (read only)",
    columns: ["Programme", "In force", "Config", "Committed+paid", "Remaining"],
    changed_mark: "*",
    changed_note: "* changed in the year: the history wins, the config's is the start",
    no_programmes: "No aid programmes set for {year}",
    reading: "reading…",
    history_title: "{name} {year}: budget history",
    history_config: "start  config  {amount}",
    history_change: "{at}  {who}  {old} → {new}",
    history_reason: "    reason: {reason}",
    history_none: "not changed this year",
    form_title: "Budget · {name} {year} (now {budget}, at least {floor})",
    field_amount: "New budget",
    field_reason: "Reason",
    amount_bad: "not an amount, e.g. 500,000 or 500000.00",
    reason_empty: "a change needs a reason",
    reason_words: "the reason must be words, not only digits or signs",
    too_high: "a budget may not exceed {ceiling}",
    confirm_huge: "new budget {new} is over ten times the {old} in force; Alt+S again to save",
    too_low: "new budget {new} is below committed {committed} + paid {paid} = {floor}; not saved",
    saved: "{name} {year}: budget changed from {old} to {new}",
    supervisor_only: "only a supervisor changes a budget; auditors read",
    unknown: "no such programme in that year's config",
};

/// The words of the language `ui` is.
pub fn of_ui(ui: &super::Ui) -> &'static BudgetsUi {
    if Lang::of_ui(ui) == Lang::En { &EN } else { &ZH }
}

pub fn words(lang: Lang) -> &'static BudgetsUi {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

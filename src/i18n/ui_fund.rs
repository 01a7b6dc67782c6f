//! The aid fund on screen (issue #26): F2's programme pick at intake, and F5's ledger page (Alt+K),
//! one table per language.

use super::Lang;

pub struct FundUi {
    /// The programme pick at intake: `{kind}` `{year}`.
    pub pick_title: &'static str,
    /// One option: `{name}` `{standard}` (e.g. `定额 1,500.00 元`) `{times}`.
    pub pick_option: &'static str,
    /// The kind pays programmes, none for this household: `{kind}` `{year}` `{category}`.
    pub none_for_household: &'static str,
    /// The filing's year has no programme of the kind at all: `{year}` `{kind}`.
    pub none_in_year: &'static str,
    /// A programme offered whose remaining budget is below its standard: `{why}`.
    pub budget_short: &'static str,
    /// The kind pays programmes, the household has no current file: `{kind}`.
    pub no_category: &'static str,
    /// The intake form's title once a programme is picked: `{name}` `{standard}`.
    pub intake_with: &'static str,
    /// A claim's programme in its history: `{name}` `{year}`.
    pub history_line: &'static str,
    /// `{amount}` with its currency.
    pub yuan: &'static str,
    // The ledger page (F5 Alt+K).
    pub act_view: &'static str,
    pub act_summary: &'static str,
    pub act_prev_year: &'static str,
    pub act_next_year: &'static str,
    pub act_payments: &'static str,
    /// The page's head: `{year}`.
    pub ledger_title: &'static str,
    /// Columns: programme, budget, committed, paid, remaining, recipients.
    pub columns: [&'static str; 6],
    /// The budget differs from the config's (changed in the year): a mark after it.
    pub changed_mark: &'static str,
    /// Under the table: what the mark means.
    pub changed_note: &'static str,
    /// A remaining below zero (only after a cut or an import).
    pub negative_note: &'static str,
    /// The totals' row label.
    pub total: &'static str,
    /// No programme in the config for the year: `{year}`.
    pub no_programmes: &'static str,
    /// The payments list's head: `{name}` `{year}` `{n}`.
    pub payments_title: &'static str,
    /// Columns: claim, worker, category, amount, state, approved, paid, objections.
    pub pay_columns: [&'static str; 8],
    pub no_payments: &'static str,
    pub reading: &'static str,
}

static ZH: FundUi = FundUi {
    pick_title: "{year} 年{kind}帮扶项目（按数字选）",
    pick_option: "{name}  {standard}  本年已 {used}/{times} 次  余额 {left}",
    budget_short: "注意：{why}（预算会变，批准时再核）",
    none_for_household: "{year} 年无适用于{category}的{kind}帮扶项目",
    none_in_year: "{year} 年没有可申请的{kind}帮扶项目",
    no_category: "{kind}须有有效困难档案",
    intake_with: "新申报 · {name}（{standard}）",
    history_line: "帮扶项目：{name}（{year} 年）",
    yuan: "{amount} 元",
    act_view: "台账",
    act_summary: "统计",
    act_prev_year: "上一年",
    act_next_year: "下一年",
    act_payments: "支付明细",
    ledger_title: "帮扶资金台账 {year} 年",
    columns: ["项目", "预算", "已批未付", "已付", "余额", "户数"],
    changed_mark: "*",
    changed_note: "* 预算年内经调整",
    negative_note: "余额为负：预算调减或导入所致",
    total: "合计",
    no_programmes: "{year} 年未设帮扶项目",
    payments_title: "{name} {year} 年支付明细（{n} 笔）",
    pay_columns: ["申报号", "职工", "类别", "金额", "状态", "批准", "支付", "异议"],
    no_payments: "本项目本年尚无批准或支付",
    reading: "读取中…",
};

static EN: FundUi = FundUi {
    pick_title: "{kind} programmes of {year} (pick by digit)",
    pick_option: "{name}  {standard}  {used}/{times} this year  left {left}",
    budget_short: "Note: {why} (budgets change; approval checks again)",
    none_for_household: "no {kind} programme of {year} serves {category}",
    none_in_year: "{year} has no {kind} programme to claim from",
    no_category: "{kind} needs a current hardship file",
    intake_with: "New claim · {name} ({standard})",
    history_line: "Programme: {name} ({year})",
    yuan: "¥{amount}",
    act_view: "ledger",
    act_summary: "summary",
    act_prev_year: "prev year",
    act_next_year: "next year",
    act_payments: "payments",
    ledger_title: "Aid fund ledger {year}",
    columns: ["Programme", "Budget", "Committed", "Paid", "Remaining", "Recip."],
    changed_mark: "*",
    changed_note: "* budget changed during the year",
    negative_note: "remaining below zero: a budget cut or an import",
    total: "Total",
    no_programmes: "no aid programmes in {year}",
    payments_title: "{name} {year}: payments ({n})",
    pay_columns: ["Claim", "Worker", "Category", "Amount", "State", "Approved", "Paid", "Obj."],
    no_payments: "nothing approved or paid in this programme this year",
    reading: "reading…",
};

/// The words of the language `ui` is.
pub fn of_ui(ui: &super::Ui) -> &'static FundUi {
    if Lang::of_ui(ui) == Lang::En { &EN } else { &ZH }
}

pub fn words(lang: Lang) -> &'static FundUi {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

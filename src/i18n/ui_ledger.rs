//! F5's ledger page, its second half (issue #26): objections on a payment, the budget's history
//! and the publicity key; one table per language.

use super::Lang;

pub struct LedgerUi {
    pub act_object: &'static str,
    pub act_settle: &'static str,
    pub act_objections: &'static str,
    pub act_publicity: &'static str,
    /// The objection form: `{claim}`.
    pub object_title: &'static str,
    pub field_raised_by: &'static str,
    pub field_what: &'static str,
    /// The settle form: `{claim}`.
    pub settle_title: &'static str,
    pub field_outcome: &'static str,
    pub required: &'static str,
    /// A field of digits or signs only.
    pub words: &'static str,
    /// Done: `{claim}`.
    pub objected: &'static str,
    pub settled: &'static str,
    /// The selected payment has no open objection: `{claim}`.
    pub none_open: &'static str,
    /// Alt+O or Alt+J with no payment on the list.
    pub no_payment: &'static str,
    /// Recording, settling or posting by anyone but a supervisor.
    pub supervisor_only: &'static str,
    /// The files written: `{html}` (its file name whole, with as much of its folder as fits)
    /// `{n}`; the CSV is beside it, of the same name.
    pub published: &'static str,
    /// Writing failed: `{error}`.
    pub publish_failed: &'static str,
    /// The objections page: `{claim}` `{worker}` `{n}`.
    pub objections_title: &'static str,
    pub no_objections: &'static str,
    /// One objection: `{at}` `{by}` `{raised}`.
    pub objection_head: &'static str,
    /// Its outcome: `{outcome}` `{by}` `{at}`.
    pub objection_outcome: &'static str,
    pub objection_open: &'static str,
    /// The budget's history on the payments page: `{n}` changes.
    pub history_title: &'static str,
    /// The config's budget: `{amount}`.
    pub history_config: &'static str,
    /// A change: `{at}` `{by}` `{amount}` `{reason}`.
    pub history_change: &'static str,
    /// A programme with open objections: `{name}` `{n}`.
    pub open_mark: &'static str,
    /// Under the programmes: `{list}` of `open_mark`s.
    pub open_note: &'static str,
}

static ZH: LedgerUi = LedgerUi {
    act_object: "异议",
    act_settle: "处理异议",
    act_objections: "异议记录",
    act_publicity: "公示",
    object_title: "记录异议 {claim}",
    field_raised_by: "提出人",
    field_what: "异议内容",
    settle_title: "处理异议 {claim}",
    field_outcome: "处理结果",
    required: "必填",
    words: "须是文字，不能只有数字或符号",
    objected: "已记录 {claim} 的异议",
    settled: "已处理 {claim} 的异议",
    none_open: "{claim} 没有待处理的异议",
    no_payment: "没有选中的支付",
    supervisor_only: "只有主管可以记录、处理异议和导出公示",
    published: "公示已写出（{n}）：{html} 及同名 .csv",
    publish_failed: "公示未写出：{error}",
    objections_title: "{claim} {worker} 的异议（{n} 条）",
    no_objections: "没有异议",
    objection_head: "{at} {by} 记录，提出人 {raised}",
    objection_outcome: "结果：{outcome}（{by} {at}）",
    objection_open: "待处理",
    history_title: "预算调整记录（{n} 次）",
    history_config: "配置预算 {amount}",
    history_change: "{at} {by} 改为 {amount}：{reason}",
    open_mark: "{name} {n} 条",
    open_note: "待处理异议：{list}",
};

static EN: LedgerUi = LedgerUi {
    act_object: "object",
    act_settle: "settle",
    act_objections: "objections",
    act_publicity: "publicity",
    object_title: "Record an objection {claim}",
    field_raised_by: "Raised by",
    field_what: "Objection",
    settle_title: "Settle the objection {claim}",
    field_outcome: "Outcome",
    required: "Required",
    words: "must be words, not only digits or signs",
    objected: "Objection to {claim} recorded",
    settled: "Objection to {claim} settled",
    none_open: "{claim} has no open objection",
    no_payment: "No payment selected",
    supervisor_only: "Only a supervisor records or settles objections and writes publicity",
    published: "Publicity written ({n}): {html} and its .csv",
    publish_failed: "Publicity not written: {error}",
    objections_title: "Objections to {claim} {worker} ({n})",
    no_objections: "No objections",
    objection_head: "{at} recorded by {by}, raised by {raised}",
    objection_outcome: "Outcome: {outcome} ({by} {at})",
    objection_open: "open",
    history_title: "Budget changes ({n})",
    history_config: "Config budget {amount}",
    history_change: "{at} {by} to {amount}: {reason}",
    open_mark: "{name} {n}",
    open_note: "Open objections: {list}",
};

pub fn of_ui(ui: &super::Ui) -> &'static LedgerUi {
    if Lang::of_ui(ui) == Lang::En { &EN } else { &ZH }
}

pub fn words(lang: Lang) -> &'static LedgerUi {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

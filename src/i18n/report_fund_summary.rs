//! 帮扶资金 in the summary (F5 and `report daily`): the section's labels, one table per language.

use super::Lang;

pub struct FundSummaryUi {
    /// The section's title on F5.
    pub section: &'static str,
    /// The table's title (the sheet's name in xlsx).
    pub sheet: &'static str,
    pub programme: &'static str,
    pub year: &'static str,
    /// Approved in the period (committed).
    pub committed: &'static str,
    pub paid: &'static str,
    pub recipients: &'static str,
    /// The budget in force at the period's end.
    pub budget: &'static str,
    /// Budget less committed and paid at the period's end.
    pub remaining: &'static str,
    /// F5 when the period touches no programme-year.
    pub none: &'static str,
}

pub const ZH: FundSummaryUi = FundSummaryUi {
    section: "帮扶资金（本期）",
    sheet: "帮扶资金",
    programme: "帮扶项目",
    year: "年度",
    committed: "本期批准",
    paid: "本期发放",
    recipients: "受助户数",
    budget: "期末预算",
    remaining: "期末余额",
    none: "本期无帮扶项目",
};

pub const EN: FundSummaryUi = FundSummaryUi {
    section: "Aid fund (this period)",
    sheet: "Aid fund",
    programme: "Programme",
    year: "Year",
    committed: "Committed",
    paid: "Paid",
    recipients: "Recipients",
    budget: "Budget at end",
    remaining: "Left at end",
    none: "No aid programme in this period",
};

pub fn words(lang: Lang) -> &'static FundSummaryUi {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

//! 困难档案 in F5 and `report`: the section's labels, one table per language. The codes' words
//! (categories, causes, exit reasons) are `i18n::hardship`'s.

use super::Lang;

pub struct HardshipReportUi {
    /// The section's title on F5.
    pub section: &'static str,
    pub in_file: &'static str,
    pub filed: &'static str,
    pub reviewed: &'static str,
    pub exited: &'static str,
    pub lapsed: &'static str,
    pub visits: &'static str,
    pub overdue_visits: &'static str,
    pub sheet_overview: &'static str,
    pub sheet_categories: &'static str,
    pub sheet_causes: &'static str,
    pub sheet_exits: &'static str,
    /// Before the causes on F5's line of them.
    pub causes_lead: &'static str,
    pub category: &'static str,
    pub cause: &'static str,
    pub reason: &'static str,
}

pub const ZH: HardshipReportUi = HardshipReportUi {
    section: "困难档案",
    in_file: "在档户数",
    filed: "新建档",
    reviewed: "年审续档",
    exited: "解困退出",
    lapsed: "到期失效",
    visits: "走访次数",
    overdue_visits: "逾期未走访",
    sheet_overview: "困难档案",
    sheet_categories: "在档按类别",
    sheet_causes: "在档按致困原因",
    sheet_exits: "退出按原因",
    causes_lead: "在档按致困原因：",
    category: "类别",
    cause: "致困原因",
    reason: "退出原因",
};

pub const EN: HardshipReportUi = HardshipReportUi {
    section: "Hardship files",
    in_file: "Households in file",
    filed: "Filed",
    reviewed: "Reviewed",
    exited: "Exited",
    lapsed: "Lapsed",
    visits: "Visits",
    overdue_visits: "Overdue visits",
    sheet_overview: "Hardship files",
    sheet_categories: "In file by category",
    sheet_causes: "In file by cause",
    sheet_exits: "Exits by reason",
    causes_lead: "In file by cause: ",
    category: "Category",
    cause: "Cause",
    reason: "Reason",
};

pub fn words(lang: Lang) -> &'static HardshipReportUi {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

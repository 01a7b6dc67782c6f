//! The claim states in the staff's wording and in the words read out to the worker
//! (DOMAIN.md "Claims"), per language. Mutual aid is not insurance: never 理赔.

use super::Lang;
use crate::domain::claim::ClaimState;

pub fn staff_word(lang: Lang, s: ClaimState) -> &'static str {
    use ClaimState::*;
    match (lang, s) {
        (Lang::Zh, Submitted) => "已受理",
        (Lang::Zh, MaterialsIncomplete) => "材料不全",
        (Lang::Zh, UnderReview) => "审核中",
        (Lang::Zh, Approved) => "审核通过",
        (Lang::Zh, Paid) => "已发放",
        (Lang::Zh, Rejected) => "不予通过",
        (Lang::En, Submitted) => "received",
        (Lang::En, MaterialsIncomplete) => "incomplete",
        (Lang::En, UnderReview) => "in review",
        (Lang::En, Approved) => "approved",
        (Lang::En, Paid) => "paid",
        (Lang::En, Rejected) => "rejected",
    }
}

/// What to read out; `{papers}`, `{date}` and `{reason}` are filled by the caller.
pub fn worker_words(lang: Lang, s: ClaimState) -> &'static str {
    use ClaimState::*;
    match (lang, s) {
        (Lang::Zh, Submitted) => "已收到您的申请",
        (Lang::Zh, MaterialsIncomplete) => "还缺以下材料：{papers}",
        (Lang::Zh, UnderReview) => "正在审核，预计{date}前办结",
        (Lang::Zh, Approved) => "已批准，等待发放",
        (Lang::Zh, Paid) => "钱已打到您登记的账户",
        (Lang::Zh, Rejected) => "未通过，原因：{reason}",
        (Lang::En, Submitted) => "We have your application.",
        (Lang::En, MaterialsIncomplete) => "These papers are still missing: {papers}",
        (Lang::En, UnderReview) => "Under review; expected done by {date}.",
        (Lang::En, Approved) => "Approved, waiting to be paid.",
        (Lang::En, Paid) => "The money has gone to your registered account.",
        (Lang::En, Rejected) => "Not approved. Reason: {reason}",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_both_wordings_in_both_languages_and_no_insurance_word() {
        for lang in [Lang::Zh, Lang::En] {
            for s in ClaimState::ALL {
                assert!(!staff_word(lang, s).is_empty() && !worker_words(lang, s).is_empty());
                assert!(!staff_word(lang, s).contains("理赔") && !worker_words(lang, s).contains("理赔"));
            }
        }
        assert_eq!(
            worker_words(Lang::Zh, ClaimState::MaterialsIncomplete).replace("{papers}", "出院小结"),
            "还缺以下材料：出院小结"
        );
    }
}

//! Hardship files' words per language (DOMAIN.md "Hardship files and the aid fund"); the codes
//! are `domain::hardship`'s.

use super::Lang;
use crate::domain::hardship::*;

pub fn state(lang: Lang, s: State) -> &'static str {
    use State::*;
    match (lang, s) {
        (Lang::Zh, Applied) => "待审批",
        (Lang::Zh, Filed) => "在档",
        (Lang::Zh, Rejected) => "未通过",
        (Lang::Zh, Exited) => "已退出",
        (Lang::En, Applied) => "applied",
        (Lang::En, Filed) => "filed",
        (Lang::En, Rejected) => "rejected",
        (Lang::En, Exited) => "exited",
    }
}

/// A filed file past its valid-until.
pub fn lapsed(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "已过期",
        Lang::En => "lapsed",
    }
}

pub fn category(lang: Lang, c: Category) -> &'static str {
    use Category::*;
    match (lang, c) {
        (Lang::Zh, Deep) => "深度困难",
        (Lang::Zh, Relative) => "相对困难",
        (Lang::Zh, Sudden) => "意外致困",
        (Lang::En, Deep) => "deep hardship",
        (Lang::En, Relative) => "relative hardship",
        (Lang::En, Sudden) => "sudden hardship",
    }
}

pub fn cause(lang: Lang, c: Cause) -> &'static str {
    use Cause::*;
    match (lang, c) {
        (Lang::Zh, Illness) => "因病",
        (Lang::Zh, Disability) => "因残",
        (Lang::Zh, Study) => "因学",
        (Lang::Zh, Disaster) => "因灾",
        (Lang::Zh, Unemployment) => "因失业",
        (Lang::Zh, Accident) => "意外",
        (Lang::Zh, Other) => "其他",
        (Lang::En, Illness) => "illness",
        (Lang::En, Disability) => "disability",
        (Lang::En, Study) => "schooling",
        (Lang::En, Disaster) => "disaster",
        (Lang::En, Unemployment) => "unemployment",
        (Lang::En, Accident) => "accident",
        (Lang::En, Other) => "other",
    }
}

pub fn relation(lang: Lang, r: Relation) -> &'static str {
    use Relation::*;
    match (lang, r) {
        (Lang::Zh, Self_) => "本人",
        (Lang::Zh, Spouse) => "配偶",
        (Lang::Zh, Child) => "子女",
        (Lang::Zh, Parent) => "父母",
        (Lang::Zh, Other) => "其他",
        (Lang::En, Self_) => "self",
        (Lang::En, Spouse) => "spouse",
        (Lang::En, Child) => "child",
        (Lang::En, Parent) => "parent",
        (Lang::En, Other) => "other",
    }
}

pub fn health(lang: Lang, h: Health) -> &'static str {
    use Health::*;
    match (lang, h) {
        (Lang::Zh, Healthy) => "健康",
        (Lang::Zh, Chronic) => "慢性病",
        (Lang::Zh, Grave) => "大病",
        (Lang::Zh, Disabled) => "残疾",
        (Lang::En, Healthy) => "healthy",
        (Lang::En, Chronic) => "chronic illness",
        (Lang::En, Grave) => "grave illness",
        (Lang::En, Disabled) => "disabled",
    }
}

pub fn work(lang: Lang, w: Work) -> &'static str {
    use Work::*;
    match (lang, w) {
        (Lang::Zh, Employed) => "在职",
        (Lang::Zh, Unemployed) => "失业",
        (Lang::Zh, Retired) => "退休",
        (Lang::Zh, Student) => "在学",
        (Lang::Zh, Unable) => "无劳动能力",
        (Lang::En, Employed) => "employed",
        (Lang::En, Unemployed) => "unemployed",
        (Lang::En, Retired) => "retired",
        (Lang::En, Student) => "in school",
        (Lang::En, Unable) => "unable to work",
    }
}

pub fn exit_reason(lang: Lang, r: ExitReason) -> &'static str {
    use ExitReason::*;
    match (lang, r) {
        (Lang::Zh, Income) => "收入超过标准",
        (Lang::Zh, Employed) => "就业",
        (Lang::Zh, Recovered) => "病愈",
        (Lang::Zh, OwnRequest) => "本人申请",
        (Lang::Zh, Died) => "死亡",
        (Lang::Zh, Moved) => "迁出",
        (Lang::Zh, Other) => "其他",
        (Lang::En, Income) => "income above the line",
        (Lang::En, Employed) => "employed",
        (Lang::En, Recovered) => "recovered",
        (Lang::En, OwnRequest) => "own request",
        (Lang::En, Died) => "died",
        (Lang::En, Moved) => "moved away",
        (Lang::En, Other) => "other",
    }
}

pub fn verdict(lang: Lang, v: Verdict) -> &'static str {
    use Verdict::*;
    match (lang, v) {
        (Lang::Zh, Eligible) => "符合",
        (Lang::Zh, Ineligible) => "不符合",
        (Lang::Zh, Pending) => "待补充",
        (Lang::En, Eligible) => "eligible",
        (Lang::En, Ineligible) => "not eligible",
        (Lang::En, Pending) => "more needed",
    }
}

/// The worker card's valid-until of a current file: the day, or 长期 with none.
pub fn until_words(lang: Lang, valid_until: Option<chrono::NaiveDate>) -> String {
    match (valid_until, lang) {
        (Some(d), _) => d.to_string(),
        (None, Lang::Zh) => "长期".into(),
        (None, Lang::En) => "no end".into(),
    }
}

/// The worker card's line for a filed file past its valid-until (short: the F2 header is one
/// line at 80 columns).
pub fn card_lapsed(lang: Lang, c: Category) -> String {
    match lang {
        Lang::Zh => format!("困难档案 {} {}", category(lang, c), lapsed(lang)),
        Lang::En => format!("hardship file {}: {}", category(lang, c), lapsed(lang)),
    }
}

pub fn outcome(lang: Lang, o: Outcome) -> &'static str {
    match (lang, o) {
        (Lang::Zh, Outcome::Continue) => "继续在档",
        (Lang::Zh, Outcome::Exit) => "退出",
        (Lang::En, Outcome::Continue) => "continue",
        (Lang::En, Outcome::Exit) => "exit",
    }
}

/// Why a step was refused (`domain::hardship::Rule`), for the screens' flash or a field.
pub fn rule(lang: Lang, r: &Rule) -> String {
    let zh = lang == Lang::Zh;
    match r {
        Rule::ReadOnly => if zh {
            "志愿者和审计员不能修改困难档案"
        } else {
            "volunteers and auditors cannot change a hardship file"
        }
        .into(),
        Rule::SupervisorOnly => if zh { "此步骤需主管办理" } else { "this step is a supervisor's" }.into(),
        Rule::FourEyes => if zh {
            "录入或修改人不能审批自己录入或修改的内容"
        } else {
            "whoever entered or edited it may not decide it"
        }
        .into(),
        Rule::NotFromHere { state: st } => {
            if zh {
                format!("档案{}，不能办理此步骤", state(lang, *st))
            } else {
                format!("the file is {}: not a step from here", state(lang, *st))
            }
        }
        Rule::OpenFile { file_no } => {
            if zh {
                format!("该职工已有在办档案 {file_no}")
            } else {
                format!("this worker already has an open file {file_no}")
            }
        }
        Rule::NoSelf => if zh {
            "第一位成员须为职工本人，且只能有一位本人"
        } else {
            "the worker comes first, as self, once"
        }
        .into(),
        Rule::NameBlank { seq } => {
            if zh {
                format!("第 {seq} 位成员姓名不能为空")
            } else {
                format!("member {seq}: the name is required")
            }
        }
        Rule::IdNumber { seq } => {
            if zh {
                format!("第 {seq} 位成员证件号不对（子女可不填）")
            } else {
                format!("member {seq}: ID number missing or invalid (optional for children)")
            }
        }
        Rule::Grade { seq } => {
            if zh {
                format!("第 {seq} 位成员残疾须填等级 1–4")
            } else {
                format!("member {seq}: a disability needs its grade 1–4")
            }
        }
        Rule::Income { seq } => {
            if zh {
                format!("第 {seq} 位成员收入不能为负")
            } else {
                format!("member {seq}: income below zero")
            }
        }
        Rule::NoCause => if zh { "至少选一项致困原因" } else { "at least one cause" }.into(),
        Rule::CategoryReason => if zh {
            "所选类别与建议不同，须填理由"
        } else {
            "a category other than the proposal needs a reason"
        }
        .into(),
        Rule::NoCategory => if zh { "尚未确定困难类别" } else { "no category chosen" }.into(),
        Rule::ReasonRequired => if zh { "须填写理由" } else { "a reason is required" }.into(),
        Rule::NoVerification => if zh { "尚无收入核对结果" } else { "no income verification yet" }.into(),
        Rule::NotEligible => if zh {
            "最近一次核对结果不是“符合”"
        } else {
            "the latest verification is not eligible"
        }
        .into(),
        Rule::VerificationStale { dated_on } => {
            if zh {
                format!("核对结果日期 {dated_on} 不在有效期内，请重新核对")
            } else {
                format!("the verification of {dated_on} is out of date: verify again")
            }
        }
        Rule::VerificationBad => if zh {
            "核对结果须有文号，日期不能晚于今天"
        } else {
            "a verification needs its reference and a date not after today"
        }
        .into(),
        Rule::FoundBlank => if zh { "走访情况不能为空" } else { "what was found is required" }.into(),
        Rule::VisitFuture => {
            if zh { "走访日期不能晚于今天" } else { "the visit date is after today" }.into()
        }
        Rule::NoVisitors => if zh {
            "请填写走访人工号（须为本中心账号）"
        } else {
            "who went: one or more logins of this centre"
        }
        .into(),
        Rule::ReviewOpen => if zh { "已有待审批的年审" } else { "a review is already waiting" }.into(),
        Rule::NoReview => if zh { "没有待审批的年审" } else { "no review is waiting" }.into(),
        Rule::ExitReason => if zh { "退出须选原因" } else { "an exit needs its reason" }.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_word_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let mut words: Vec<&str> = State::ALL.iter().map(|s| state(lang, *s)).collect();
            words.extend(Category::ALL.iter().map(|c| category(lang, *c)));
            words.extend(Cause::ALL.iter().map(|c| cause(lang, *c)));
            words.extend(Relation::ALL.iter().map(|r| relation(lang, *r)));
            words.extend(Health::ALL.iter().map(|h| health(lang, *h)));
            words.extend(Work::ALL.iter().map(|w| work(lang, *w)));
            words.extend(ExitReason::ALL.iter().map(|r| exit_reason(lang, *r)));
            words.extend(Verdict::ALL.iter().map(|v| verdict(lang, *v)));
            words.push(lapsed(lang));
            assert!(words.iter().all(|w| !w.is_empty()));
            let rules = [Rule::ReadOnly, Rule::FourEyes, Rule::NoSelf, Rule::ExitReason, Rule::NoVisitors];
            assert!(rules.iter().all(|r| !rule(lang, r).is_empty()));
        }
        assert_eq!(category(Lang::Zh, Category::Deep), "深度困难");
    }
}

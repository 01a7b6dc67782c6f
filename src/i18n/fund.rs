//! The aid fund's words per language (issue #26): the approval refusals with their figures,
//! intake refusals, a budget cut refused. Figures read `3,200.00 元`.

use super::Lang;
use super::hardship::category;
use crate::domain::fund::{BudgetTooLow, IntakeRefusal, Refusal, Standard};
use crate::domain::money::Fen;

fn yuan(lang: Lang, f: Fen) -> String {
    match lang {
        Lang::Zh => format!("{} 元", f.plain()),
        Lang::En => format!("¥{}", f.plain()),
    }
}

pub fn standard(lang: Lang, s: Standard) -> &'static str {
    match (lang, s) {
        (Lang::Zh, Standard::Fixed) => "定额",
        (Lang::Zh, Standard::Max) => "最高",
        (Lang::En, Standard::Fixed) => "fixed",
        (Lang::En, Standard::Max) => "at most",
    }
}

/// An approval refused: which rule, with its figures.
pub fn refusal(lang: Lang, r: &Refusal) -> String {
    match (lang, r) {
        (_, Refusal::NoProgramme { code, year }) => {
            intake(lang, &IntakeRefusal::Unknown { code: code.clone(), year: *year })
        }
        (Lang::Zh, Refusal::NoFile { lapsed_on: Some(d) }) => {
            format!("未有有效困难档案（档案已于 {d} 到期）")
        }
        (Lang::Zh, Refusal::NoFile { lapsed_on: None }) => "未有有效困难档案（无在档档案）".into(),
        (Lang::En, Refusal::NoFile { lapsed_on: Some(d) }) => {
            format!("no current hardship file (the file lapsed on {d})")
        }
        (Lang::En, Refusal::NoFile { lapsed_on: None }) => "no current hardship file (none filed)".into(),
        (Lang::Zh, Refusal::Category { programme, category: c }) => {
            format!("{programme} 不适用于{}", category(lang, *c))
        }
        (Lang::En, Refusal::Category { programme, category: c }) => {
            format!("{programme} is not for {}", category(lang, *c))
        }
        (_, Refusal::Standard { programme, standard: s, standard_fen, amount }) => match lang {
            Lang::Zh => format!(
                "{programme} 标准{} {}，本次 {}",
                if *s == Standard::Max { "最高" } else { "" },
                yuan(lang, *standard_fen),
                yuan(lang, *amount)
            ),
            Lang::En => format!(
                "{programme}: the standard is {} {}, this one {}",
                standard(lang, *s),
                yuan(lang, *standard_fen),
                yuan(lang, *amount)
            ),
        },
        (Lang::Zh, Refusal::Times { programme, times_per_year, already }) => {
            format!("{programme} 每户每年 {times_per_year} 次，本年已 {already} 次")
        }
        (Lang::En, Refusal::Times { programme, times_per_year, already }) => {
            format!("{programme}: {times_per_year} per household a year, {already} this year already")
        }
        (Lang::Zh, Refusal::Budget { programme, remaining, amount }) => {
            format!("{programme} 本年余额 {}，不足 {}", yuan(lang, *remaining), yuan(lang, *amount))
        }
        (Lang::En, Refusal::Budget { programme, remaining, amount }) => format!(
            "{programme}: {} left this year, short of {}",
            yuan(lang, *remaining),
            yuan(lang, *amount)
        ),
        (Lang::Zh, Refusal::NoProgrammeForKind { kind, year }) => {
            format!("{year} 年未设{kind}帮扶项目，不能核准")
        }
        (Lang::En, Refusal::NoProgrammeForKind { kind, year }) => {
            format!("no aid programme for {kind} claims in {year}: it cannot be approved")
        }
        (Lang::Zh, Refusal::OverApproved { programme, approved, paid }) => {
            format!("{programme} 发放 {}超过核准 {}", yuan(lang, *paid), yuan(lang, *approved))
        }
        (Lang::En, Refusal::OverApproved { programme, approved, paid }) => format!(
            "{programme}: paying {} is more than the {} approved",
            yuan(lang, *paid),
            yuan(lang, *approved)
        ),
    }
}

/// A claim that cannot name the programme at intake.
pub fn intake(lang: Lang, r: &IntakeRefusal) -> String {
    match (lang, r) {
        (Lang::Zh, IntakeRefusal::Unknown { code, year }) => format!("{year} 年无帮扶项目 {code}"),
        (Lang::En, IntakeRefusal::Unknown { code, year }) => format!("no aid programme {code} in {year}"),
        (Lang::Zh, IntakeRefusal::Kind { programme, kind }) => format!("{programme} 不由 {kind} 类申请支付"),
        (Lang::En, IntakeRefusal::Kind { programme, kind }) => {
            format!("{programme} is not paid by {kind} claims")
        }
        (_, IntakeRefusal::Category { programme, category: None }) => {
            refusal(lang, &Refusal::NoFile { lapsed_on: None }) + &format!(" — {programme}")
        }
        (Lang::Zh, IntakeRefusal::Category { programme, category: Some(c) }) => {
            format!("{programme} 不适用于{}", category(lang, *c))
        }
        (Lang::En, IntakeRefusal::Category { programme, category: Some(c) }) => {
            format!("{programme} is not for {}", category(lang, *c))
        }
        (Lang::Zh, IntakeRefusal::NoProgramme { kind, year, offered: false }) => {
            format!("{year} 年未设{kind}帮扶项目，不能登记")
        }
        (Lang::En, IntakeRefusal::NoProgramme { kind, year, offered: false }) => {
            format!("no aid programme for {kind} claims in {year}: it cannot be registered")
        }
        (Lang::Zh, IntakeRefusal::NoProgramme { kind, year, offered: true }) => {
            format!("{kind}申请须选 {year} 年的帮扶项目，未选不能登记")
        }
        (Lang::En, IntakeRefusal::NoProgramme { kind, year, offered: true }) => {
            format!(
                "a {kind} claim must name an aid programme of {year}: it cannot be registered without one"
            )
        }
    }
}

/// An imported paid claim of a programme without its paid amount.
pub fn paid_without_amount(lang: Lang, programme: &str) -> String {
    match lang {
        Lang::Zh => format!("{programme} 已发放的申请须填 amount_paid"),
        Lang::En => format!("{programme}: a paid claim needs amount_paid"),
    }
}

/// A budget change refused: it would fall below what is committed and paid.
pub fn budget_too_low(lang: Lang, b: &BudgetTooLow) -> String {
    let spent = Fen(b.committed.0 + b.paid.0);
    match lang {
        Lang::Zh => format!(
            "新预算 {} 低于已批未付 {} 与已付 {} 之和 {}",
            yuan(lang, b.new),
            yuan(lang, b.committed),
            yuan(lang, b.paid),
            yuan(lang, spent)
        ),
        Lang::En => format!(
            "the new budget {} is below committed {} plus paid {} ({})",
            yuan(lang, b.new),
            yuan(lang, b.committed),
            yuan(lang, b.paid),
            yuan(lang, spent)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hardship::Category;

    #[test]
    fn refusals_say_the_rule_and_the_figures() {
        let budget =
            Refusal::Budget {
                programme: "金秋助学".into(), remaining: Fen(320_000), amount: Fen(500_000)
            };
        assert_eq!(refusal(Lang::Zh, &budget), "金秋助学 本年余额 3,200.00 元，不足 5,000.00 元");
        assert_eq!(refusal(Lang::En, &budget), "金秋助学: ¥3,200.00 left this year, short of ¥5,000.00");
        let std = Refusal::Standard {
            programme: "元旦春节送温暖".into(),
            standard: Standard::Fixed,
            standard_fen: Fen(150_000),
            amount: Fen(200_000),
        };
        assert_eq!(refusal(Lang::Zh, &std), "元旦春节送温暖 标准 1,500.00 元，本次 2,000.00 元");
        let times =
            Refusal::Times { programme: "元旦春节送温暖".into(), times_per_year: 1, already: 1 };
        assert_eq!(refusal(Lang::Zh, &times), "元旦春节送温暖 每户每年 1 次，本年已 1 次");
        let cat = Refusal::Category { programme: "医疗救助".into(), category: Category::Sudden };
        assert_eq!(refusal(Lang::Zh, &cat), "医疗救助 不适用于意外致困");
        assert!(refusal(Lang::Zh, &Refusal::NoFile { lapsed_on: None }).starts_with("未有有效困难档案（"));
        let low = BudgetTooLow { new: Fen(100), committed: Fen(200), paid: Fen(300) };
        assert!(budget_too_low(Lang::Zh, &low).contains("5.00 元"));
    }
}

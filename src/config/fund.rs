//! `[fund]`: the aid fund's programmes per year (DOMAIN.md "Hardship files and the aid fund",
//! issue #26). A config without the section takes the built-in one; a file that lists
//! `[[fund.programmes]]` lists them all.

use serde::{Deserialize, Serialize};

use crate::domain::fund::Rule;
pub use crate::domain::fund::Standard;
use crate::domain::hardship::Category;

/// One programme of one year.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    pub year: i32,
    /// Unique within the year; `[a-z_]+`.
    pub code: String,
    pub name: String,
    /// The year's budget as set at the start (fen); a change in F6 is kept in the database.
    pub budget_fen: i64,
    pub standard: Standard,
    pub standard_fen: i64,
    /// Payments (approved or paid claims) per household per programme-year.
    pub times_per_year: u32,
    /// Hardship categories eligible (`deep`, `relative`, `sudden`).
    pub categories: Vec<String>,
    /// The claim kind that pays it (a `hardship_file` kind).
    pub claim_kind: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Fund {
    /// Days a publicity sheet is posted.
    pub publicity_days: u32,
    /// The complaint phone printed on a publicity sheet; empty → `[centre].phone`.
    pub complaint_phone: String,
    pub programmes: Vec<Programme>,
}

/// The built-in values (`config/frontdesk.toml` says the same; a test holds them together).
impl Default for Fund {
    fn default() -> Self {
        let all = ["deep", "relative", "sudden"];
        let mut programmes = vec![];
        for year in [2026, 2027] {
            let p = |code: &str,
                     name: &str,
                     budget: i64,
                     standard,
                     std: i64,
                     times,
                     cats: &[&str],
                     kind: &str| {
                Programme {
                    year,
                    code: code.into(),
                    name: name.into(),
                    budget_fen: budget,
                    standard,
                    standard_fen: std,
                    times_per_year: times,
                    categories: cats.iter().map(|c| c.to_string()).collect(),
                    claim_kind: kind.into(),
                }
            };
            use Standard::*;
            programmes.extend([
                p("spring_warmth", "元旦春节送温暖", 45_000_000, Fixed, 150_000, 1, &all, "hardship_aid"),
                p("autumn_study", "金秋助学", 30_000_000, Max, 500_000, 1, &all, "education_aid"),
                p(
                    "medical_relief",
                    "医疗救助",
                    60_000_000,
                    Max,
                    2_000_000,
                    2,
                    &["deep", "relative"],
                    "medical_help",
                ),
                p(
                    "living_relief",
                    "生活救助",
                    20_000_000,
                    Max,
                    300_000,
                    2,
                    &["deep", "relative"],
                    "hardship_aid",
                ),
                p(
                    "accident_relief",
                    "意外致困救助",
                    15_000_000,
                    Max,
                    1_000_000,
                    1,
                    &["sudden", "deep"],
                    "hardship_aid",
                ),
            ]);
        }
        Fund { publicity_days: 7, complaint_phone: String::new(), programmes }
    }
}

impl Programme {
    /// The programme as the approval rules read it (unknown categories are refused at load).
    pub fn rule(&self) -> Rule {
        Rule {
            year: self.year,
            code: self.code.clone(),
            name: self.name.clone(),
            standard: self.standard,
            standard_fen: self.standard_fen,
            times_per_year: self.times_per_year,
            categories: self.categories.iter().filter_map(|c| Category::parse(c)).collect(),
            claim_kind: self.claim_kind.clone(),
        }
    }
}

impl Fund {
    /// The programme `code` of `year`.
    pub fn programme(&self, year: i32, code: &str) -> Option<&Programme> {
        self.programmes.iter().find(|p| p.year == year && p.code == code)
    }

    /// The programmes of `year`, in config order.
    pub fn of_year(&self, year: i32) -> impl Iterator<Item = &Programme> {
        self.programmes.iter().filter(move |p| p.year == year)
    }
}

/// What is wrong with the section: the key, the value to find on its line, and which
/// `[[fund.programmes]]` block it is in (when it is in one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FundRefusal {
    pub key: String,
    pub message: String,
    pub value: Option<String>,
    pub programme: Option<usize>,
}

/// `kinds`: each claim kind's code, whether it is a hardship_file kind, and its max_amount_fen.
pub(super) fn refused(f: &Fund, kinds: &[(&str, bool, i64)]) -> Option<FundRefusal> {
    let top = |key: &str, message: &str| {
        Some(FundRefusal { key: key.into(), message: message.into(), value: None, programme: None })
    };
    if !(1..=90).contains(&f.publicity_days) {
        return top("publicity_days", "from 1 to 90 days");
    }
    if f.complaint_phone.chars().count() > 40 {
        return top("complaint_phone", "at most 40 characters");
    }
    for (i, p) in f.programmes.iter().enumerate() {
        let at = |key: &str, value: Option<String>, message: String| {
            Some(FundRefusal { key: key.into(), message, value, programme: Some(i) })
        };
        if !(2000..=2100).contains(&p.year) {
            return at("year", None, "a year such as 2026".into());
        }
        if p.code.is_empty() || !p.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return at("code", None, format!("{:?}: lower-case letters and _ only", p.code));
        }
        if f.programmes[..i].iter().any(|q| q.year == p.year && q.code == p.code) {
            return at("code", None, format!("code {:?} appears twice in {}", p.code, p.year));
        }
        if p.name.trim().is_empty() {
            return at("name", None, format!("{}: a name is required", p.code));
        }
        if !(0..=super::model::AMOUNT_CEILING_FEN * 100).contains(&p.budget_fen) {
            return at("budget_fen", None, format!("{}: a budget in fen, not negative", p.code));
        }
        let Some(&(_, hardship, max)) = kinds.iter().find(|k| k.0 == p.claim_kind) else {
            return at("claim_kind", None, format!("{}: no claim kind {:?}", p.code, p.claim_kind));
        };
        if !hardship {
            let why = format!("{}: {:?} is not a hardship_file claim kind", p.code, p.claim_kind);
            return at("claim_kind", None, why);
        }
        if p.standard_fen < 1 || p.standard_fen > max {
            let why = format!("{}: from 1 to {}'s max_amount_fen {max}", p.code, p.claim_kind);
            return at("standard_fen", None, why);
        }
        if !(1..=12).contains(&p.times_per_year) {
            return at("times_per_year", None, format!("{}: from 1 to 12", p.code));
        }
        if p.categories.is_empty() {
            return at("categories", None, format!("{}: at least one category", p.code));
        }
        for (j, c) in p.categories.iter().enumerate() {
            if Category::parse(c).is_none() {
                let why = format!("{}: {c:?}: use \"deep\", \"relative\" or \"sudden\"", p.code);
                return at("categories", Some(format!("{c:?}")), why);
            }
            if p.categories[..j].contains(c) {
                return at("categories", Some(format!("{c:?}")), format!("{}: {c:?} twice", p.code));
            }
        }
    }
    None
}

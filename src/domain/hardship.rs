//! Hardship files' vocabulary (DOMAIN.md "Hardship files and the aid fund"): the codes stored
//! in `hardship_*` tables, one enum each, in the order the counter offers them (a digit picks
//! the n-th). Their words, per language, are `i18n::hardship`.

/// An enum of stored codes: `ALL` in offer order, `code()` as stored, `parse()` back.
macro_rules! codes {
    ($(#[$m:meta])* $name:ident { $($v:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$v => $code),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($code => Some($name::$v),)+ _ => None }
            }
        }
    };
}

codes! {
    /// A file's state; `lapsed` is not a state but a filed file past its valid-until.
    State { Applied = "applied", Filed = "filed", Rejected = "rejected", Exited = "exited" }
}

codes! {
    /// ACFTU's three categories.
    Category { Deep = "deep", Relative = "relative", Sudden = "sudden" }
}

codes! {
    /// 致困原因; a file has one or more, stored comma-separated in this order.
    Cause {
        Illness = "illness", Disability = "disability", Study = "study", Disaster = "disaster",
        Unemployment = "unemployment", Accident = "accident", Other = "other",
    }
}

codes! {
    Relation { Self_ = "self", Spouse = "spouse", Child = "child", Parent = "parent", Other = "other" }
}

codes! {
    /// A member's health; `Disabled` carries a grade 1–4 beside it.
    Health { Healthy = "healthy", Chronic = "chronic", Grave = "grave", Disabled = "disabled" }
}

codes! {
    Work {
        Employed = "employed", Unemployed = "unemployed", Retired = "retired", Student = "student",
        Unable = "unable",
    }
}

codes! {
    /// 解困脱困 reasons (a file's exit, or a review's result `exit`).
    ExitReason {
        Income = "income", Employed = "employed", Recovered = "recovered", OwnRequest = "own_request",
        Died = "died", Moved = "moved", Other = "other",
    }
}

codes! {
    /// The province platform's answer to a household-income verification.
    Verdict { Eligible = "eligible", Ineligible = "ineligible", Pending = "pending" }
}

codes! {
    /// A review's result.
    Outcome { Continue = "continue", Exit = "exit" }
}

/// Causes as stored: codes comma-separated in `Cause::ALL` order, each once.
pub fn causes_text(causes: &[Cause]) -> String {
    Cause::ALL.iter().filter(|c| causes.contains(c)).map(|c| c.code()).collect::<Vec<_>>().join(",")
}

/// Causes read back; unknown codes are skipped (a later version's cause reads as none).
pub fn causes_parse(s: &str) -> Vec<Cause> {
    Cause::ALL.iter().copied().filter(|c| s.split(',').any(|p| p.trim() == c.code())).collect()
}

mod rules;
pub use rules::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_itself_and_causes_keep_their_order() {
        for s in State::ALL {
            assert_eq!(State::parse(s.code()), Some(*s));
        }
        for c in Category::ALL {
            assert_eq!(Category::parse(c.code()), Some(*c));
        }
        for r in ExitReason::ALL {
            assert_eq!(ExitReason::parse(r.code()), Some(*r));
        }
        assert_eq!(Relation::parse("self"), Some(Relation::Self_));
        assert_eq!(causes_text(&[Cause::Accident, Cause::Illness, Cause::Illness]), "illness,accident");
        assert_eq!(causes_parse("accident,illness,flood"), [Cause::Illness, Cause::Accident]);
        assert_eq!(causes_text(&[]), "");
        assert!(causes_parse("").is_empty());
    }
}

//! F3's answers as data (what was issued, voided or sent, the verdict, or why not) and their
//! words in the clerk's language.

use crate::config::Settings;
use crate::domain::text::mask_name;
use crate::i18n::{Lang, fill};
use crate::letters::ComposeError;
use crate::letters::batch::BatchError;
use crate::letters::verify::Verdict;

/// The void notice to a unit that had the letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Sent,
    /// In the outbox for the next send (no relay configured).
    Written,
    /// The relay refused it (its words).
    Failed {
        number: String,
        error: String,
    },
}

/// What F3 did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// Issued; a re-issue of a letter the unit had also sends the old one's void notice.
    Issued {
        number: String,
        code: String,
        notice: Option<Notice>,
    },
    Committed {
        number: String,
        claim_no: String,
        file: String,
    },
    BatchIssued {
        seq: u32,
        n: usize,
        first: String,
        last: String,
    },
    /// Issued and kept, but its files could not be written now (`detail` says why); start-up
    /// and `check` write them from the stored text.
    FilesLater {
        number: String,
        detail: String,
    },
    Voided {
        number: String,
        notice: Option<Notice>,
    },
    MarkedSent {
        number: String,
    },
    Sent {
        number: String,
    },
}

/// Why F3's request was not done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The role as stored may not issue letters.
    Role(crate::app::Refused),
    /// Voiding is a supervisor's.
    SupervisorOnly,
    /// So is a re-issue (it voids the letter it replaces).
    ReissueSupervisorOnly,
    /// Only the current letter of a chain is voided or re-issued: `number` was replaced, the
    /// chain's current letter is `current`.
    NotCurrent {
        number: String,
        current: String,
    },
    NoneSelected,
    AlreadyVoid {
        number: String,
    },
    BadId,
    /// The ID number is registered under another name (shown masked).
    NotTheirName {
        id: String,
        registered: String,
    },
    Compose(ComposeError),
    Batch(BatchError),
    NoRelay,
    SendFailed {
        number: String,
        error: String,
    },
    /// A void letter is neither sent nor marked sent.
    VoidNotSent {
        number: String,
    },
}

impl Notice {
    fn words(&self, lang: Lang) -> String {
        let f3 = lang.ui().f3;
        match self {
            Notice::Sent => f3.notice_sent.to_string(),
            Notice::Written => f3.notice_written.to_string(),
            Notice::Failed { number, error } => fill(f3.send_failed, &[("number", number), ("error", error)]),
        }
    }
}

/// `message；notice` when a notice went with it.
fn with_notice(message: String, notice: &Option<Notice>, lang: Lang) -> String {
    match notice {
        Some(n) => format!("{message}；{}", n.words(lang)),
        None => message,
    }
}

impl Done {
    pub fn words(&self, lang: Lang) -> String {
        let f3 = lang.ui().f3;
        match self {
            Done::Issued { number, code, notice } => {
                with_notice(fill(f3.issued, &[("number", number), ("code", code)]), notice, lang)
            }
            Done::Committed { number, claim_no, file } => {
                fill(f3.committed, &[("number", number), ("claim", claim_no), ("file", file)])
            }
            Done::BatchIssued { seq, n, first, last } => {
                fill(f3.batch_issued, &[("seq", seq), ("n", n), ("first", first), ("last", last)])
            }
            Done::FilesLater { number, detail } => {
                fill(f3.files_later, &[("number", number), ("detail", detail)])
            }
            Done::Voided { number, notice } => {
                with_notice(fill(f3.voided, &[("number", number)]), notice, lang)
            }
            Done::MarkedSent { number } => fill(f3.marked_sent, &[("number", number)]),
            Done::Sent { number } => fill(f3.sent, &[("number", number)]),
        }
    }
}

impl Refused {
    pub fn words(&self, lang: Lang) -> String {
        let ui = lang.ui();
        let f3 = ui.f3;
        match self {
            Refused::Role(_) => ui.role_forbids.replace("{tab}", ui.tab_letters),
            Refused::SupervisorOnly => fill(ui.f2.refused_supervisor, &[("act", &f3.act_void)]),
            Refused::ReissueSupervisorOnly => fill(ui.f2.refused_supervisor, &[("act", &f3.act_reissue)]),
            Refused::NotCurrent { number, current } => {
                fill(f3.not_current, &[("number", number), ("current", current)])
            }
            Refused::NoneSelected => f3.none_selected.to_string(),
            Refused::AlreadyVoid { number } => fill(f3.already_void, &[("number", number)]),
            Refused::BadId => ui.id_check.to_string(),
            Refused::NotTheirName { id, registered } => {
                fill(f3.not_their_name, &[("id", id), ("registered", registered)])
            }
            Refused::Compose(e) | Refused::Batch(BatchError::Compose(e)) => compose_words(e, lang),
            Refused::Batch(BatchError::Empty) => f3.roster_empty.to_string(),
            Refused::Batch(BatchError::Changed(name)) => fill(f3.batch_changed, &[("name", name)]),
            Refused::NoRelay => f3.no_smtp.to_string(),
            Refused::VoidNotSent { number } => fill(f3.void_no_send, &[("number", number)]),
            Refused::SendFailed { number, error } => {
                fill(f3.send_failed, &[("number", number), ("error", error)])
            }
        }
    }
}

fn compose_words(e: &ComposeError, lang: Lang) -> String {
    let f3 = lang.ui().f3;
    match e {
        ComposeError::Dates => f3.end_before_start.to_string(),
        ComposeError::Unit(code) => fill(f3.unit_gone, &[("unit", code)]),
        ComposeError::NotCurrent { number, current } => {
            fill(f3.not_current, &[("number", number), ("current", current)])
        }
        ComposeError::NoReason => f3.need_reason.to_string(),
        ComposeError::NoLetter => f3.none_selected.to_string(),
        ComposeError::OtherPerson { number } => fill(f3.other_person, &[("number", number)]),
    }
}

/// A verification's verdict, as the verify page shows it.
pub fn verdict_words(v: &Verdict, lang: Lang, settings: &Settings) -> String {
    let f3 = lang.ui().f3;
    match v {
        Verdict::Valid(l) => {
            let unit = settings.config.recuperation_units.iter().find(|u| u.code == l.recipient);
            fill(
                f3.verdict_valid,
                &[
                    ("number", &l.number),
                    ("name", &mask_name(&l.name)),
                    ("start", &l.start_on),
                    ("end", &l.end_on),
                    ("unit", &unit.map(|u| u.name.clone()).unwrap_or_default()),
                ],
            )
        }
        Verdict::Void(l) => fill(
            f3.verdict_void,
            &[("number", &l.number), ("reason", &l.void_reason.clone().unwrap_or_default())],
        ),
        Verdict::Replaced { letter, by } => {
            fill(f3.verdict_replaced, &[("number", &letter.number), ("by", by)])
        }
        Verdict::Unknown => f3.verdict_unknown.to_string(),
        Verdict::Altered => f3.verdict_altered.to_string(),
    }
}

//! 个人承诺书: for a worker who joined another unit's collective recuperation. Numbered in its
//! own series, printed on A4 for signature (no e-mail), and issuing it opens the
//! `recuperation_refund` claim that then follows the claim states.

use super::{By, CODE_MARK, ComposeError, clean, files};
use crate::config::Settings;
use crate::db::audit::{self, Entry};
use crate::db::claim_ops::{self, NewClaim};
use crate::db::letters::{self, LetterRow};
use crate::db::{self, DbError};
use crate::domain::letter::{self, Canonical, LetterType};
use crate::domain::money::Fen;
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

/// The claim kind a commitment opens.
pub const REFUND_KIND: &str = "recuperation_refund";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCommitment {
    pub worker_id: i64,
    pub id_masked: String,
    pub name: String,
    pub work_unit: String,
    /// The unit that organised the collective recuperation.
    pub organiser: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub amount_fen: i64,
    pub note: String,
}

/// The commitment's text with the code still a mark.
pub fn compose(
    settings: &Settings,
    c: &NewCommitment,
    number: &str,
    issued: NaiveDate,
) -> Result<String, ComposeError> {
    let cfg = &settings.config;
    let days = letter::days(c.start, c.end).ok_or(ComposeError::Dates)?;
    let date = |d: NaiveDate| format!("{}年{}月{}日", d.year(), d.month(), d.day());
    let dash = |s: &str| if clean(s).is_empty() { "—".to_string() } else { clean(s) };
    let value = |k: &str| -> String {
        match k {
            "letter_name" => clean(&cfg.letters.commitment_name),
            "number" => number.to_string(),
            "worker_name" => clean(&c.name),
            "id_masked" => clean(&c.id_masked),
            "work_unit" => dash(&c.work_unit),
            "organiser" => dash(&c.organiser),
            "start" => date(c.start),
            "end" => date(c.end),
            "days" => days.to_string(),
            "amount" => Fen(c.amount_fen).plain(),
            "centre" => clean(&cfg.centre.name),
            "centre_phone" => clean(&cfg.centre.phone),
            "note" => clean(&c.note),
            "issued" => date(issued),
            "code" => CODE_MARK.to_string(),
            _ => String::new(),
        }
    };
    Ok(crate::config::letters::render(&settings.templates.commitment, &value))
}

/// Issues the commitment and opens its claim in one transaction. Returns the letter and the
/// claim's number.
pub fn issue(
    conn: &mut Connection,
    settings: &Settings,
    secret: &[u8],
    c: &NewCommitment,
    by: &By,
) -> Result<Result<(LetterRow, String), ComposeError>, DbError> {
    if let Err(e) = compose(settings, c, "", by.today) {
        return Ok(Err(e));
    }
    let cfg = &settings.config;
    let year = by.today.year();
    let ty = LetterType::Commitment;
    db::write(conn, |tx| {
        let seq = letters::next_seq(tx, ty.code(), year)?;
        let number = letter::letter_number(
            &cfg.letters.commitment_format,
            &cfg.centre.short,
            year,
            seq,
            cfg.letters.seq_width,
        );
        let body = match compose(settings, c, &number, by.today) {
            Ok(b) => b,
            Err(e) => return Ok(Err(e)),
        };
        let sha = letter::sha256_hex(&body);
        let canonical = Canonical {
            letter_type: ty,
            number: number.clone(),
            id_masked: c.id_masked.clone(),
            name: clean(&c.name),
            unit: clean(&c.work_unit),
            recipient: clean(&c.organiser),
            start: c.start,
            end: c.end,
            issued: by.today,
            copies: vec![sha.clone(), sha.clone()],
        };
        let code = letter::code(secret, &canonical);
        let text =
            format!("{}{}", body.replace(CODE_MARK, &code), files::footer(&canonical, &code, year, seq));
        let row = LetterRow {
            letter_type: ty.code().into(),
            number: number.clone(),
            year,
            seq,
            worker_id: c.worker_id,
            id_masked: c.id_masked.clone(),
            name: clean(&c.name),
            work_unit: Some(clean(&c.work_unit)).filter(|s| !s.is_empty()),
            recipient: clean(&c.organiser),
            start_on: c.start.to_string(),
            end_on: c.end.to_string(),
            days: letter::days(c.start, c.end).unwrap_or(1),
            note: Some(clean(&c.note)).filter(|s| !s.is_empty()),
            issued_on: by.today.to_string(),
            issued_by: by.actor.clerk_id,
            unit_text: text.clone(),
            worker_text: text,
            unit_sha: sha.clone(),
            worker_sha: sha,
            code,
            ..Default::default()
        };
        let id = letters::insert(tx, secret, &row, by.at)?;
        // The reimbursement claim: the signed commitment and the ID are in hand; the receipts
        // and the bank card follow.
        let papers = cfg
            .claim_kinds
            .iter()
            .find(|k| k.code == REFUND_KIND)
            .map(|k| k.papers.clone())
            .unwrap_or_default();
        let missing = papers
            .into_iter()
            .filter(|p| p != "身份证" && p != &cfg.letters.commitment_name)
            .collect::<Vec<_>>();
        let claim_no = claim_ops::next_number(tx, &cfg.claims.number_format, cfg.claims.seq_width, year)?;
        let new = NewClaim {
            worker_id: c.worker_id,
            kind: REFUND_KIND.into(),
            filed_on: by.today,
            amount_claimed_fen: c.amount_fen,
            missing,
            consent_version: cfg.consent.version.clone(),
            note: number.clone(),
            event_note: String::new(),
            programme: None,
        };
        let claim_by = claim_ops::By {
            actor: crate::domain::claim::Actor {
                clerk_id: by.actor.clerk_id.unwrap_or(0),
                role: crate::domain::Role::Clerk,
            },
            at: by.at,
            today: by.today,
        };
        claim_ops::register(tx, &new, &claim_no, &claim_by)?;
        let detail = format!("letter={number} claim={claim_no}");
        let entry = Entry {
            action: "commitment_issue",
            worker_id: Some(c.worker_id),
            worker_masked: Some(&c.id_masked),
            reason: None,
            detail: Some(&detail),
        };
        audit::append(tx, &by.actor, by.at, &entry)?;
        let row = letters::by_id(tx, id)?.ok_or(DbError::Sqlite(rusqlite::Error::QueryReturnedNoRows))?;
        Ok(Ok((row, claim_no)))
    })
}

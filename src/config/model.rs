//! The configuration's shape; every key is documented in `config/frontdesk.toml`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

pub use super::fund::{Fund, Programme, Standard};
pub use super::hardship::Hardship;

/// The built-in configuration, compiled in.
pub const BUILTIN_TOML: &str = include_str!("../../config/frontdesk.toml");

/// Generates `fn name() -> T` returning the built-in value, for serde field defaults.
macro_rules! builtin_defaults {
    ($($name:ident: $ty:ty),* $(,)?) => {
        mod d {
            use super::*;
            $(pub fn $name() -> $ty { super::super::builtin().$name.clone() })*
        }
    };
}

builtin_defaults! {
    language: String, theme: String, ambiguous_width: u8, idle_lock_seconds: u64,
    timezone: String, centre: Centre, queue: Queue, matters: Vec<Matter>,
    windows: Vec<Window>, referral_departments: Vec<CodeName>, claim_kinds: Vec<ClaimKind>,
    claims: Claims, consent: Consent, letters: Letters,
    recuperation_units: Vec<RecuperationUnit>, station: Station, retention: Retention,
    privacy: Privacy, calendar: BTreeMap<String, CalendarYear>, hardship: Hardship,
    fund: Fund,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "d::language")]
    pub language: String,
    #[serde(default = "d::theme")]
    pub theme: String,
    #[serde(default = "d::ambiguous_width")]
    pub ambiguous_width: u8,
    #[serde(default = "d::idle_lock_seconds")]
    pub idle_lock_seconds: u64,
    #[serde(default)]
    pub window: Option<String>,
    #[serde(default)]
    pub db: Option<PathBuf>,
    #[serde(default)]
    pub outbox: Option<PathBuf>,
    #[serde(default = "d::timezone")]
    pub timezone: String,
    #[serde(default)]
    pub ticket_print_command: Option<String>,
    #[serde(default)]
    pub call_command: Option<String>,
    #[serde(default = "d::centre")]
    pub centre: Centre,
    #[serde(default = "d::queue")]
    pub queue: Queue,
    #[serde(default = "d::matters")]
    pub matters: Vec<Matter>,
    #[serde(default = "d::windows")]
    pub windows: Vec<Window>,
    #[serde(default = "d::referral_departments")]
    pub referral_departments: Vec<CodeName>,
    #[serde(default = "d::claim_kinds")]
    pub claim_kinds: Vec<ClaimKind>,
    #[serde(default = "d::claims")]
    pub claims: Claims,
    #[serde(default = "d::consent")]
    pub consent: Consent,
    #[serde(default = "d::letters")]
    pub letters: Letters,
    #[serde(default = "d::recuperation_units")]
    pub recuperation_units: Vec<RecuperationUnit>,
    #[serde(default = "d::station")]
    pub station: Station,
    #[serde(default = "d::hardship")]
    pub hardship: Hardship,
    #[serde(default = "d::fund")]
    pub fund: Fund,
    #[serde(default = "d::retention")]
    pub retention: Retention,
    #[serde(default = "d::privacy")]
    pub privacy: Privacy,
    #[serde(default)]
    pub smtp: Option<Smtp>,
    #[serde(default = "d::calendar")]
    pub calendar: BTreeMap<String, CalendarYear>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Centre {
    pub name: String,
    pub short: String,
    pub phone: String,
    #[serde(default)]
    pub address: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CodeName {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    pub max_missed_calls: u32,
    pub elderly_age: u32,
    pub priority_kinds: Vec<CodeName>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Matter {
    pub code: String,
    pub name: String,
    pub letter: String,
    pub target_wait_minutes: u32,
    #[serde(default)]
    pub checklist: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub code: String,
    pub name: String,
    pub matters: Vec<String>,
    #[serde(default = "yes")]
    pub can_call: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ClaimKind {
    pub code: String,
    pub name: String,
    pub papers: Vec<String>,
    pub pay_by_working_days: u32,
    #[serde(default)]
    pub hardship_file: bool,
    /// The most one claim of this kind may claim, approve or pay (fen), at the counter and on
    /// import: a typo of a few digits is refused, and no sum of claims comes near wrapping.
    #[serde(default = "default_max_amount_fen")]
    pub max_amount_fen: i64,
}

/// 1,000,000.00 元 where a kind does not say.
pub const DEFAULT_MAX_AMOUNT_FEN: i64 = 100_000_000;

/// No kind may allow more than 100,000,000.00 元 for one claim.
pub const AMOUNT_CEILING_FEN: i64 = 10_000_000_000;

fn default_max_amount_fen() -> i64 {
    DEFAULT_MAX_AMOUNT_FEN
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Claims {
    pub second_approval_fen: i64,
    pub number_format: String,
    pub seq_width: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    pub version: String,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Letters {
    pub recuperation_name: String,
    pub commitment_name: String,
    pub recuperation_format: String,
    pub commitment_format: String,
    pub seq_width: u32,
    pub interval_warning_days: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RecuperationUnit {
    pub code: String,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Station {
    pub near_expiry_days: u32,
    /// A loan's due date is at most this many days after the day it is lent.
    #[serde(default = "default_loan_max_days")]
    pub loan_max_days: u32,
    pub items: Vec<StationItem>,
    pub help_kinds: Vec<CodeName>,
}

fn default_loan_max_days() -> u32 {
    30
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Loan,
    InHall,
    Consumable,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ItemLog {
    #[default]
    Each,
    DailyCount,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct StationItem {
    pub code: String,
    pub name: String,
    pub kind: ItemKind,
    /// What one is counted in (把, 副, 瓶, 盒, 个).
    #[serde(default = "default_unit")]
    pub unit: String,
    /// At or below this many on hand (free, for loan and in-hall items) the item shows as low.
    #[serde(default)]
    pub threshold: u32,
    #[serde(default)]
    pub log: ItemLog,
    #[serde(default)]
    pub batches: bool,
    #[serde(default)]
    pub caution: Option<String>,
}

fn default_unit() -> String {
    "个".into()
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    pub walkin_personal_months: u32,
    pub loans_months: u32,
    pub closed_claims_months: u32,
    pub letters_months: u32,
    pub exports_months: u32,
    pub logs_months: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    pub reveal_reasons: Vec<String>,
    pub lookup_reasons: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Smtp {
    pub host: String,
    #[serde(default = "smtp_port")]
    pub port: u16,
    pub from: String,
    /// `starttls` (default), `tls` (implicit, port 465) or `none` (a relay on the host).
    #[serde(default = "smtp_tls")]
    pub tls: String,
    /// A file with the user name on its first line and the password on its second.
    #[serde(default)]
    pub credentials_file: Option<std::path::PathBuf>,
}

fn smtp_tls() -> String {
    "starttls".into()
}

fn smtp_port() -> u16 {
    587
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CalendarYear {
    #[serde(default)]
    pub holidays: Vec<String>,
    #[serde(default)]
    pub makeup_workdays: Vec<String>,
}

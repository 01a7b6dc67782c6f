//! Configuration: the built-in default, the lookup order, validation with file/line/key errors,
//! and the fingerprint of the centre-wide sections.

pub mod diff;
mod fund;
mod hardship;
pub mod letters;
mod model;
mod validate;

pub use model::*;

use crate::domain::Calendar;
use chrono_tz::Tz;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

static BUILTIN: LazyLock<Config> = LazyLock::new(|| {
    // The built-in file is tested to parse and validate (config::tests); a failure here is a
    // build defect, not something a user or a file can cause.
    toml::from_str(BUILTIN_TOML).unwrap_or_else(|e| panic!("built-in config: {e}")) // ok: tested
});

pub(crate) fn builtin() -> &'static Config {
    &BUILTIN
}

/// A config problem, named by file, line and key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {key}: {message}", file, line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub key: String,
    pub message: String,
}

/// Where the configuration came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    BuiltIn,
    File(PathBuf),
}

/// A loaded, validated configuration with its derived values.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config: Config,
    pub source: Source,
    pub tz: Tz,
    pub calendar: Calendar,
    /// The letter templates (a `letters/` folder beside the config file, else built in).
    pub templates: letters::Templates,
}

/// The places a config may come from, in lookup order (DESIGN.md "Storage").
pub struct Lookup {
    /// `--config` or `FRONTDESK_CONFIG`: must exist when given.
    pub explicit: Option<PathBuf>,
    /// `/etc/frontdesk/frontdesk.toml`, then the platform config directory.
    pub candidates: Vec<PathBuf>,
}

impl Lookup {
    pub fn system(explicit: Option<PathBuf>) -> Self {
        let mut candidates = vec![PathBuf::from("/etc/frontdesk/frontdesk.toml")];
        if let Some(dirs) = directories::ProjectDirs::from("", "", "frontdesk") {
            candidates.push(dirs.config_dir().join("frontdesk.toml"));
        }
        Lookup { explicit, candidates }
    }

    pub fn find(&self) -> Option<PathBuf> {
        if let Some(p) = &self.explicit {
            return Some(p.clone());
        }
        self.candidates.iter().find(|p| p.is_file()).cloned()
    }
}

impl Settings {
    pub fn builtin() -> Self {
        Self::from_config(builtin().clone(), Source::BuiltIn)
            .unwrap_or_else(|e| panic!("built-in config invalid: {e:?}")) // ok: tested
    }

    pub fn load(lookup: &Lookup) -> Result<Self, ConfigError> {
        match lookup.find() {
            None => Ok(Self::builtin()),
            Some(path) => Self::load_file(&path),
        }
    }

    pub fn load_file(path: &Path) -> Result<Self, ConfigError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: file.clone(),
            line: None,
            key: "-".into(),
            message: e.to_string(),
        })?;
        Self::parse(&text, Source::File(path.to_path_buf()))
    }

    pub fn parse(text: &str, source: Source) -> Result<Self, ConfigError> {
        let file = match &source {
            Source::BuiltIn => "built-in".to_string(),
            Source::File(p) => p.display().to_string(),
        };
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, key) = match e.span() {
                Some(span) => validate::locate_span(text, span.start),
                None => (None, "-".to_string()),
            };
            ConfigError { file: file.clone(), line, key, message: e.message().trim().to_string() }
        })?;
        let mut settings = Self::from_config(config, source).map_err(|r| ConfigError {
            line: validate::find_key_line(text, &r),
            file,
            key: r.key,
            message: r.message,
        })?;
        settings.templates = letters::Templates::load(&settings.source)?;
        Ok(settings)
    }

    fn from_config(config: Config, source: Source) -> Result<Self, validate::Refusal> {
        validate::check(&config)?;
        let tz: Tz = validate::timezone(&config.timezone)?;
        let calendar = validate::calendar(&config)?;
        Ok(Settings { config, source, tz, calendar, templates: letters::Templates::builtin() })
    }

    /// A fingerprint of the centre-wide sections in use (matters, windows, claim kinds, number
    /// formats, calendar, and `[hardship]` and `[fund]`, which approvals are checked against):
    /// terminals whose fingerprint differs from the database's issue no numbers.
    /// The centre-wide settings as canonical TOML: what the fingerprint is of, stored beside it
    /// so F6 can show what differs before a supervisor accepts another terminal's.
    pub fn centre_text(&self) -> String {
        #[derive(serde::Serialize)]
        struct CentreWide<'a> {
            matters: &'a [Matter],
            windows: &'a [Window],
            claim_kinds: &'a [ClaimKind],
            claims: &'a Claims,
            letters: &'a Letters,
            calendar: &'a std::collections::BTreeMap<String, CalendarYear>,
            // Two terminals with different programmes or hardship rules must not both approve.
            hardship: &'a Hardship,
            fund: &'a Fund,
        }
        let c = &self.config;
        toml::to_string(&CentreWide {
            matters: &c.matters,
            windows: &c.windows,
            claim_kinds: &c.claim_kinds,
            claims: &c.claims,
            letters: &c.letters,
            calendar: &c.calendar,
            hardship: &c.hardship,
            fund: &c.fund,
        })
        .unwrap_or_default()
    }

    pub fn fingerprint(&self) -> String {
        let canonical = self.centre_text();
        let digest = Sha256::digest(canonical.as_bytes());
        digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
    }

    pub fn window(&self, code: &str) -> Option<&Window> {
        self.config.windows.iter().find(|w| w.code == code)
    }

    pub fn matter(&self, code: &str) -> Option<&Matter> {
        self.config.matters.iter().find(|m| m.code == code)
    }

    /// The most one claim of `kind` may be for (fen); a kind not in the config gets the default.
    pub fn max_amount_fen(&self, kind: &str) -> i64 {
        self.config
            .claim_kinds
            .iter()
            .find(|k| k.code == kind)
            .map_or(DEFAULT_MAX_AMOUNT_FEN, |k| k.max_amount_fen)
    }
}

#[cfg(test)]
mod tests;

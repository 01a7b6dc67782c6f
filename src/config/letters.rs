//! Letter templates: `letters/recuperation_unit.txt` and `letters/recuperation_worker.txt`
//! beside the config file, else the built-in copies. Placeholders are `{name}` from a fixed
//! list; a template naming any other is refused at start with its file and line.

use super::{ConfigError, Source};
use std::path::Path;

/// Every name a template may use.
pub const PLACEHOLDERS: &[&str] = &[
    "letter_name",
    "number",
    "recipient",
    "work_unit",
    "worker_name",
    "id_masked",
    "centre",
    "centre_phone",
    "start",
    "end",
    "days",
    "standard",
    "places",
    "companions",
    "note",
    "issued",
    "code",
    "organiser",
    "amount",
];

const BUILTIN_UNIT: &str = include_str!("../../config/letters/recuperation_unit.txt");
const BUILTIN_WORKER: &str = include_str!("../../config/letters/recuperation_worker.txt");
const BUILTIN_COMMITMENT: &str = include_str!("../../config/letters/commitment.txt");

/// The two copies of a recuperation letter: the unit's, and the worker's (no cost details).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates {
    pub unit: String,
    pub worker: String,
    /// The 个人承诺书, printed for signature.
    pub commitment: String,
}

impl Templates {
    pub fn builtin() -> Self {
        Templates {
            unit: BUILTIN_UNIT.to_string(),
            worker: BUILTIN_WORKER.to_string(),
            commitment: BUILTIN_COMMITMENT.to_string(),
        }
    }

    /// The templates for a config from `source`: a `letters/` folder beside the file wins,
    /// one file at a time.
    pub fn load(source: &Source) -> Result<Self, ConfigError> {
        let dir = match source {
            Source::File(p) => p.parent().map(|d| d.join("letters")),
            Source::BuiltIn => None,
        };
        let read = |name: &str, builtin: &str| -> Result<String, ConfigError> {
            let (file, text) = match dir.as_ref().map(|d| d.join(name)).filter(|p| p.exists()) {
                Some(p) => (p.display().to_string(), read_file(&p)?),
                None => (format!("built-in letters/{name}"), builtin.to_string()),
            };
            check(&file, &text)?;
            Ok(text)
        };
        Ok(Templates {
            unit: read("recuperation_unit.txt", BUILTIN_UNIT)?,
            worker: read("recuperation_worker.txt", BUILTIN_WORKER)?,
            commitment: read("commitment.txt", BUILTIN_COMMITMENT)?,
        })
    }
}

fn read_file(p: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(p).map_err(|e| ConfigError {
        file: p.display().to_string(),
        line: None,
        key: "-".into(),
        message: e.to_string(),
    })
}

/// The placeholders of a template with their lines: `{name}` where name is ASCII letters,
/// digits and `_`; any other brace is text.
fn placeholders(text: &str) -> Vec<(usize, &str)> {
    let mut out = vec![];
    for (n, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) if is_name(&after[..close]) => {
                    out.push((n + 1, &after[..close]));
                    rest = &after[close + 1..];
                }
                _ => rest = after,
            }
        }
    }
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Refuses a template that names a placeholder outside the list.
pub fn check(file: &str, text: &str) -> Result<(), ConfigError> {
    match placeholders(text).into_iter().find(|(_, name)| !PLACEHOLDERS.contains(name)) {
        None => Ok(()),
        Some((line, name)) => Err(ConfigError {
            file: file.to_string(),
            line: Some(line),
            key: format!("{{{name}}}"),
            message: format!("unknown placeholder; known: {}", PLACEHOLDERS.join(", ")),
        }),
    }
}

/// Fills the placeholders; `value` is asked for each name in the list.
pub fn render(text: &str, value: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if PLACEHOLDERS.contains(&&after[..close]) => {
                out.push_str(&value(&after[..close]));
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_templates_use_known_placeholders_and_render_chinese() {
        let t = Templates::builtin();
        check("unit", &t.unit).unwrap();
        check("worker", &t.worker).unwrap();
        let text = render(&t.unit, &|k| match k {
            "worker_name" => "欧阳建国".into(),
            "standard" => "每人每天 300 元".into(),
            other => format!("<{other}>"),
        });
        assert!(
            text.contains("职工欧阳建国（身份证号<id_masked>）") && text.contains("每人每天 300 元"),
            "{text}"
        );
        assert!(!text.contains('{'), "{text}");
        let worker =
            render(&t.worker, &|k| if k == "standard" { "每人每天 300 元".into() } else { k.into() });
        assert!(!worker.contains("300 元"), "the worker's copy leaves out the cost details");
    }

    #[test]
    fn an_unknown_placeholder_is_refused_with_file_and_line() {
        let e = check("letters/recuperation_unit.txt", "抬头\n正文{worker_name}\n{salary}元\n").unwrap_err();
        assert_eq!(
            e.to_string().split(": unknown").next().unwrap(),
            "letters/recuperation_unit.txt:3: {salary}"
        );
        assert!(check("x", "花括号 {不是占位符} 和 {} 都是正文").is_ok());
    }

    #[test]
    fn a_letters_folder_beside_the_config_wins() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("letters")).unwrap();
        std::fs::write(dir.path().join("letters/recuperation_worker.txt"), "{worker_name}：请报到\n")
            .unwrap();
        let source = Source::File(dir.path().join("frontdesk.toml"));
        let t = Templates::load(&source).unwrap();
        assert_eq!(t.worker, "{worker_name}：请报到\n");
        assert_eq!(t.unit, Templates::builtin().unit, "the other file stays built in");
        std::fs::write(dir.path().join("letters/recuperation_unit.txt"), "{oops}\n").unwrap();
        let e = Templates::load(&source).unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (Some(1), "{oops}"));
        assert!(e.file.ends_with("letters/recuperation_unit.txt"));
    }
}

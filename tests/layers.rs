//! The folders are layers and imports point one way; SQL lives in `db/` alone (and the
//! summary's own query modules). Every `crate::` and `super::` path in `src/` is resolved to
//! the top folder it names and checked against the rules below.

use std::path::{Path, PathBuf};

/// (from, to): `from` must never name `to`.
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "domain",
        &["config", "db", "i18n", "app", "rooms", "ui", "kiosk", "cli", "report", "letters", "context"],
    ),
    ("config", &["db", "i18n", "app", "rooms", "ui", "kiosk", "cli", "report", "letters", "context"]),
    ("i18n", &["db", "app", "rooms", "ui", "kiosk", "cli", "report", "letters", "context"]),
    ("db", &["app", "rooms", "ui", "kiosk", "cli", "report", "letters", "context"]),
    ("letters", &["app", "rooms", "ui", "kiosk", "cli", "report", "context"]),
    ("report", &["app", "rooms", "ui", "kiosk", "cli"]),
    ("context", &["app", "rooms", "ui", "kiosk", "cli", "report"]),
    ("ui", &["db", "kiosk", "cli"]),
    ("app", &["kiosk", "cli"]),
    ("rooms", &["kiosk", "cli"]),
    ("kiosk", &["cli"]),
];

/// Files outside `db/` that may hold SQL: the summary's query modules.
const SQL_ALLOWED: &[&str] =
    &["src/report/figures.rs", "src/report/hardship.rs", "src/report/loans.rs", "src/report/walkins.rs"];

const SQL_WORDS: &[&str] =
    &["SELECT ", "INSERT INTO", "INSERT OR", "UPDATE ", "DELETE FROM", "CREATE ", "PRAGMA "];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file under `src/`: `src/rooms/walkins/keys.rs` → rooms, walkins, keys.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel.iter().skip(1).map(|c| c.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs").to_string();
        if stem != "mod" && stem != "lib" {
            parts.push(stem);
        }
    }
    parts
}

fn is_test_file(rel: &Path) -> bool {
    let name = rel.file_name().unwrap().to_string_lossy();
    let in_tests = rel.parent().is_some_and(|p| p.components().any(|c| c.as_os_str() == "tests"));
    in_tests || name == "tests.rs" || name.ends_with("_tests.rs") || name.starts_with("tests_")
}

/// The code a file builds outside tests: everything before its `#[cfg(test)]` module.
fn non_test_code(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod") {
        Some(at) => &text[..at],
        None => text,
    }
}

/// The top folders a line's `crate::` and `super::` paths name.
fn named_tops(line: &str, module: &[String]) -> Vec<String> {
    let mut tops = vec![];
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        let word_start =
            i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'_' | b':'));
        if word_start && rest.starts_with("crate::") {
            let name: String = rest["crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            tops.push(name);
            i += "crate::".len();
            continue;
        }
        if word_start && rest.starts_with("super::") {
            let mut depth = 0;
            let mut r = rest;
            while let Some(next) = r.strip_prefix("super::") {
                depth += 1;
                r = next;
            }
            // A file's own module path; `super` from `a/b/c` is `a/b`.
            let base = module.len().saturating_sub(depth);
            let name: String = r.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let top = if base == 0 { name } else { module[0].clone() };
            tops.push(top);
            i += "super::".len() * depth;
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    tops
}

#[test]
fn imports_point_one_way_and_sql_stays_in_db() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![];
    sources(&root.join("src"), &mut files);
    files.sort();
    let mut wrong = vec![];
    for path in &files {
        let rel = path.strip_prefix(root).unwrap();
        let module = module_of(rel.strip_prefix("src").map(|r| Path::new("src").join(r)).as_deref().unwrap());
        let Some(top) = module.first().cloned() else { continue };
        let text = std::fs::read_to_string(path).unwrap();
        let code = if is_test_file(rel) { "" } else { non_test_code(&text) };
        let rules = FORBIDDEN.iter().find(|(from, _)| *from == top).map(|(_, to)| *to).unwrap_or(&[]);
        for (n, line) in code.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            for named in named_tops(line, &module) {
                if rules.contains(&named.as_str()) {
                    wrong.push(format!("{}:{}: {top} → {named}: {}", rel.display(), n + 1, trimmed));
                }
            }
            let sql_here = top == "db" || SQL_ALLOWED.contains(&rel.to_string_lossy().as_ref());
            if !sql_here && SQL_WORDS.iter().any(|w| line.contains(w)) {
                wrong.push(format!("{}:{}: SQL outside db/: {}", rel.display(), n + 1, trimmed));
            }
        }
    }
    assert!(wrong.is_empty(), "{} against the layers:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn the_checker_sees_a_wrong_import_and_stray_sql() {
    let module = vec!["ui".to_string(), "chrome".to_string()];
    assert_eq!(named_tops("use crate::db::queue::VisitRow;", &module), ["db"]);
    assert_eq!(named_tops("use super::super::db::x;", &module), ["db"]);
    assert_eq!(named_tops("use super::Painter;", &module), ["ui"]);
    assert_eq!(named_tops("let s = \"no::crate::here\";", &module), Vec::<String>::new());
    assert!(SQL_WORDS.iter().any(|w| "conn.execute(\"DELETE FROM visits\", [])".contains(w)));
    assert_eq!(module_of(Path::new("src/rooms/walkins/mod.rs")), ["rooms", "walkins"]);
    assert_eq!(non_test_code("a\n#[cfg(test)]\nmod tests;"), "a\n");
}

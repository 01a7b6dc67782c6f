//! What differs between two centre configs as TOML text, key by key with both values: F6's
//! Alt+Y and `frontdesk config accept` show it before this terminal's is accepted. Arrays of
//! tables are keyed by `code` (fund programmes by `year.code`).

use std::collections::BTreeMap;

/// Every leaf of a TOML text as `path = value`: tables by key, arrays of tables by their `code`
/// (else their place), other arrays whole.
pub fn flatten(text: &str) -> BTreeMap<String, String> {
    fn walk(prefix: &str, v: &toml::Value, out: &mut BTreeMap<String, String>) {
        match v {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    walk(&p, v, out);
                }
            }
            toml::Value::Array(a) if a.iter().all(toml::Value::is_table) && !a.is_empty() => {
                for (i, v) in a.iter().enumerate() {
                    let code =
                        v.get("code").and_then(toml::Value::as_str).map_or(i.to_string(), str::to_string);
                    // A fund programme's code is unique within its year only: `[2026.code]`.
                    let code = match v.get("year").and_then(toml::Value::as_integer) {
                        Some(y) => format!("{y}.{code}"),
                        None => code,
                    };
                    walk(&format!("{prefix}[{code}]"), v, out);
                }
            }
            other => {
                out.insert(prefix.to_string(), other.to_string());
            }
        }
    }
    let mut out = BTreeMap::new();
    if let Ok(t) = text.parse::<toml::Table>() {
        walk("", &toml::Value::Table(t), &mut out);
    }
    out
}

/// (key, the record's value, this terminal's), `None` where one side lacks the key.
pub fn differences(stored: &str, here: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let (a, b) = (flatten(stored), flatten(here));
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| (k.clone(), a.get(k).cloned(), b.get(k).cloned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_name_the_key_and_both_values() {
        let stored = "[claims]\nsecond_approval_fen = 1\n[[matters]]\ncode = \"a\"\nname = \"x\"\n";
        let here = "[claims]\nsecond_approval_fen = 2\n[[matters]]\ncode = \"a\"\nname = \"x\"\n[[matters]]\ncode = \"b\"\nname = \"y\"\n";
        let d = differences(stored, here);
        assert_eq!(
            d,
            vec![
                ("claims.second_approval_fen".into(), Some("1".into()), Some("2".into())),
                ("matters[b].code".into(), None, Some("\"b\"".into())),
                ("matters[b].name".into(), None, Some("\"y\"".into())),
            ]
        );
        assert!(differences(here, here).is_empty());
    }
}

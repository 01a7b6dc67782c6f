//! What a figure should be, and the comparison with the report's JSON: every difference is
//! collected as one line (period, figure, expected, got), none stops the run.

use serde_json::Value;
use std::collections::BTreeMap;

/// An expected figure.
#[derive(Debug, Clone, PartialEq)]
pub enum Want {
    Int(i64),
    /// A share or minutes (rounded as the report rounds), `None` = JSON null.
    Num(Option<f64>),
    Text(String),
    /// A map of counts; a code missing on either side counts as 0.
    Counts(BTreeMap<String, i64>),
    Ints(Vec<i64>),
    Nums(Vec<Option<f64>>),
    /// A list of objects, each written as `key=value` pairs in a fixed key order, sorted.
    Rows(Vec<String>),
    /// A string whose first 10 characters are this date.
    DatePart(String),
    /// Per login, per figure (`clerks`); a login or figure missing on either side counts as 0.
    PerClerk(BTreeMap<String, BTreeMap<String, i64>>),
}

/// The value at a dotted path (`days.3.walkins.total`): numbers index arrays.
pub fn at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(root, |v, key| match key.parse::<usize>() {
        Ok(i) if v.is_array() => v.get(i),
        _ => v.get(key),
    })
}

/// An alert object (low stock, expiring batch) in the same words as `Want::Rows`.
pub fn row_words(o: &Value) -> String {
    let mut parts = vec![];
    for k in ["item", "batch", "expires_on", "qty", "threshold", "expired"] {
        match o.get(k) {
            None | Some(Value::Null) | Some(Value::Bool(false)) => {}
            Some(Value::String(s)) => parts.push(format!("{k}={s}")),
            Some(v) => parts.push(format!("{k}={v}")),
        }
    }
    parts.join(" ")
}

fn same_num(e: Option<f64>, g: &Value) -> bool {
    match (e, g) {
        (None, Value::Null) => true,
        (Some(e), g) => g.as_f64().is_some_and(|g| (g - e).abs() < 1e-9),
        _ => false,
    }
}

fn show_num(e: Option<f64>) -> String {
    e.map_or("null".into(), |x| x.to_string())
}

/// Compares every expected figure under `base` with the JSON; pushes one line per difference.
pub fn compare(label: &str, base: &str, want: &[(String, Want)], json: &Value, bad: &mut Vec<String>) {
    for (path, w) in want {
        let full = if base.is_empty() { path.clone() } else { format!("{base}.{path}") };
        let mut miss = |e: String, g: String| bad.push(format!("[{label}] {full}: expected {e}, got {g}"));
        let Some(got) = at(json, &full) else {
            miss(format!("{w:?}"), "(missing)".into());
            continue;
        };
        match w {
            Want::Int(e) => {
                if got.as_i64() != Some(*e) {
                    miss(e.to_string(), got.to_string());
                }
            }
            Want::Num(e) => {
                if !same_num(*e, got) {
                    miss(show_num(*e), got.to_string());
                }
            }
            Want::Text(e) => {
                if got.as_str() != Some(e.as_str()) {
                    miss(e.clone(), got.to_string());
                }
            }
            Want::DatePart(e) => {
                if got.as_str().and_then(|s| s.get(..10)) != Some(e.as_str()) {
                    miss(e.clone(), got.to_string());
                }
            }
            Want::Counts(e) => {
                let Some(obj) = got.as_object() else {
                    miss(format!("{e:?}"), got.to_string());
                    continue;
                };
                let mut keys: Vec<&String> = e.keys().chain(obj.keys()).collect();
                keys.sort();
                keys.dedup();
                for k in keys {
                    let ev = e.get(k).copied().unwrap_or(0);
                    let gv = obj.get(k).map_or(Some(0), Value::as_i64);
                    if gv != Some(ev) {
                        bad.push(format!(
                            "[{label}] {full}.{k}: expected {ev}, got {}",
                            obj.get(k).map_or("(missing)".into(), Value::to_string)
                        ));
                    }
                }
            }
            Want::Ints(e) => {
                let g: Option<Vec<i64>> =
                    got.as_array().map(|a| a.iter().filter_map(Value::as_i64).collect());
                if g.as_ref() != Some(e) {
                    miss(format!("{e:?}"), got.to_string());
                }
            }
            Want::Nums(e) => {
                let ok = got
                    .as_array()
                    .is_some_and(|a| a.len() == e.len() && a.iter().zip(e).all(|(g, e)| same_num(*e, g)));
                if !ok {
                    let e: Vec<String> = e.iter().map(|x| show_num(*x)).collect();
                    miss(format!("[{}]", e.join(",")), got.to_string());
                }
            }
            Want::PerClerk(e) => {
                let Some(obj) = got.as_object() else {
                    miss(format!("{e:?}"), got.to_string());
                    continue;
                };
                let mut logins: Vec<&String> = e.keys().chain(obj.keys()).collect();
                logins.sort();
                logins.dedup();
                for login in logins {
                    for k in ["walkins", "claims", "letters", "station"] {
                        let ev = e.get(login).and_then(|m| m.get(k)).copied().unwrap_or(0);
                        let g = obj.get(login).map(|o| o.get(k));
                        let gv = match g {
                            None => Some(0),
                            Some(v) => v.and_then(Value::as_i64),
                        };
                        if gv != Some(ev) {
                            let shown = g.flatten().map_or("(missing)".into(), Value::to_string);
                            bad.push(format!("[{label}] {full}.{login}.{k}: expected {ev}, got {shown}"));
                        }
                    }
                }
            }
            Want::Rows(e) => {
                let mut g: Vec<String> =
                    got.as_array().map(|a| a.iter().map(row_words).collect()).unwrap_or_default();
                g.sort();
                if !got.is_array() || &g != e {
                    miss(format!("{e:?}"), format!("{g:?}"));
                }
            }
        }
    }
}

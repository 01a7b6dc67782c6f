//! Text normalisation shared by every field: full-width folding and control-character removal.

/// Folds full-width ASCII forms (`１２３`, `Ｘ`, `，`) and the ideographic space to ASCII.
pub fn fold_ascii(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

pub fn fold_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '。' => '.',
        _ => c,
    }
}

/// Removes line breaks and every other control or bidi-override character (for pasted text).
pub fn strip_controls(s: &str) -> String {
    s.chars().filter(|&c| !is_unsafe(c)).collect()
}

/// Characters that must never reach the terminal from stored text.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `王*明`: a name shown where it must be hidden (first and last character kept).
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// A cell written for spreadsheets: formulas are never started (a plain negative number is
/// not a formula), quoting only where needed.
pub fn safe_cell(s: &str) -> String {
    let number = s.strip_prefix('-').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if s.starts_with(['=', '+', '-', '@']) && !number { format!("'{s}") } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width() {
        assert_eq!(fold_ascii("１２３Ｘｘ，　￥"), "123Xx,\u{20}￥");
        assert_eq!(fold_ascii("王建国"), "王建国");
    }

    #[test]
    fn masks_names() {
        assert_eq!(mask_name("王建国"), "王*国");
        assert_eq!(mask_name("李四"), "李*");
        assert_eq!(mask_name("欧阳建国"), "欧**国");
    }

    #[test]
    fn strips_controls_and_bidi() {
        assert_eq!(strip_controls("a\r\nb\tc\u{1b}[31m\u{202E}d"), "abc[31md");
    }
}

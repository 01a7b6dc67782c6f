//! Display-width text helpers: every width, truncation and wrap of user text goes through here,
//! never through ratatui's space-only wrap. Also makes stored text safe to show.

use unicode_width::UnicodeWidthChar;

/// How this terminal draws East Asian "ambiguous" characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ambiguous {
    Narrow,
    Wide,
}

impl Ambiguous {
    pub fn from_config(w: u8) -> Self {
        if w == 2 { Ambiguous::Wide } else { Ambiguous::Narrow }
    }

    /// The truncation mark.
    pub fn ellipsis(self) -> &'static str {
        match self {
            Ambiguous::Narrow => "…",
            Ambiguous::Wide => "...",
        }
    }
}

pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Makes stored or typed text safe and stable to draw: control characters, ESC and bidi
/// overrides become visible placeholders; with wide ambiguous characters, those become
/// a narrow ASCII or a wide full-width substitute so every terminal agrees on the width.
pub fn display_safe(s: &str, amb: Ambiguous) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{1b}' => out.push_str("^["),
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from_u32(c as u32 + 0x40).unwrap_or('?'));
            }
            '\u{7f}' => out.push_str("^?"),
            c if crate::domain::text::is_unsafe(c) => out.push_str(&format!("<U+{:04X}>", c as u32)),
            c if amb == Ambiguous::Wide && is_ambiguous(c) => out.push_str(wide_substitute(c)),
            c => out.push(c),
        }
    }
    out
}

/// Ambiguous-width characters: one column by Unicode's default, two on CJK-configured terminals.
pub fn is_ambiguous(c: char) -> bool {
    c.width() != c.width_cjk()
}

fn wide_substitute(c: char) -> &'static str {
    match c {
        '…' => "...",
        '·' | '•' => ".",
        '—' | '–' | '─' | '━' => "-",
        '“' | '”' | '″' => "\"",
        '‘' | '’' | '′' => "'",
        '│' | '┃' => "|",
        '×' => "x",
        '°' => "o",
        '№' => "No.",
        '①' => "(1)",
        '②' => "(2)",
        '③' => "(3)",
        '④' => "(4)",
        '⑤' => "(5)",
        '※' => "*",
        '↑' => "^",
        '↓' => "v",
        '→' => "->",
        '✓' => "v",
        // Anything else ambiguous: a full-width stand-in, two columns everywhere.
        _ => "？",
    }
}

/// Cuts `s` to at most `max` columns, ending with the truncation mark when anything was cut.
pub fn truncate(s: &str, max: usize, amb: Ambiguous) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mark = amb.ellipsis();
    let room = max.saturating_sub(width(mark));
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w > room {
            break;
        }
        out.push(c);
        used += w;
    }
    if max >= width(mark) {
        out.push_str(mark);
    }
    out
}

/// Pads with spaces to exactly `cols` columns (truncating first when longer).
pub fn fit(s: &str, cols: usize, amb: Ambiguous) -> String {
    let mut out = truncate(s, cols, amb);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// Punctuation that must not begin a wrapped line (Chinese line-breaking rules).
const NO_LINE_START: &str = "，。、；：！？）」』”’》,.;:!?)";

/// Wraps at display width: breaks after spaces where it can, else between any two characters
/// (Chinese has no spaces). A wide character never straddles the edge.
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(2);
    let mut lines = vec![];
    for para in s.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        let mut last_space: Option<usize> = None; // byte index in `line` after a space
        for c in para.chars() {
            let w = char_width(c);
            if used + w > cols {
                match last_space.filter(|&i| i < line.len()) {
                    Some(i) => {
                        let rest = line.split_off(i);
                        lines.push(line.trim_end().to_string());
                        line = rest;
                    }
                    // Chinese punctuation never starts a line: the character before it moves
                    // down with it.
                    None if NO_LINE_START.contains(c) && line.chars().count() > 1 => {
                        let cut = line.char_indices().last().map_or(0, |(i, _)| i);
                        let rest = line.split_off(cut);
                        lines.push(std::mem::replace(&mut line, rest));
                    }
                    None => lines.push(std::mem::take(&mut line)),
                }
                used = width(&line);
                last_space = None;
            }
            line.push(c);
            used += w;
            if c == ' ' {
                last_space = Some(line.len());
            }
        }
        lines.push(line);
    }
    lines
}

/// The part of a field's text to show so the cursor stays visible, and the cursor's column
/// within it. `cursor` counts characters.
pub fn scroll_window(chars: &[char], cursor: usize, cols: usize) -> (usize, usize) {
    let cols = cols.max(1);
    let before: usize = chars[..cursor.min(chars.len())].iter().map(|&c| char_width(c)).sum();
    if before < cols {
        return (0, before);
    }
    // Drop characters from the left until the cursor (and one cell for it) fits.
    let mut start = 0;
    let mut shown = before;
    while shown + 1 > cols && start < cursor {
        shown -= char_width(chars[start]);
        start += 1;
    }
    (start, shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ambiguous::*;

    #[test]
    fn widths_of_chinese_and_mixed_text() {
        assert_eq!(width("王建国"), 6);
        assert_eq!(width("A014 医疗互助"), 13);
        assert_eq!(truncate("浙江久立特种科技股份有限公司", 16, Narrow), "浙江久立特种科…");
        assert_eq!(width(&truncate("浙江久立特种科技股份有限公司", 16, Narrow)), 15);
        assert_eq!(truncate("浙江久立特种科技股份有限公司", 16, Wide), "浙江久立特种...");
        assert_eq!(truncate("短", 16, Narrow), "短");
        assert_eq!(fit("王", 5, Narrow), "王   ");
    }

    #[test]
    fn wraps_chinese_between_characters_and_latin_at_spaces() {
        let lines = wrap("已批准，等待发放。按规定应于11月24日前发放", 20);
        assert!(lines.iter().all(|l| width(l) <= 20), "{lines:?}");
        assert_eq!(lines.concat(), "已批准，等待发放。按规定应于11月24日前发放");
        assert_eq!(wrap("call the next ticket now", 10), vec!["call the", "next", "ticket now"]);
        // A wide character never straddles the edge in an odd width.
        for l in wrap("一二三四五", 3) {
            assert!(width(&l) <= 3);
        }
        // Punctuation does not begin a line: the character before it comes along.
        assert_eq!(wrap("一二三四、五", 8), vec!["一二三", "四、五"]);
    }

    #[test]
    fn hostile_text_is_made_visible_not_executed() {
        assert_eq!(display_safe("a\u{1b}[2Jb", Narrow), "a^[[2Jb");
        assert_eq!(display_safe("x\ny\t", Narrow), "x^Jy^I");
        assert_eq!(display_safe("\u{202E}abc", Narrow), "<U+202E>abc");
        assert_eq!(display_safe("第①项…", Narrow), "第①项…");
        assert_eq!(display_safe("第①项…", Wide), "第(1)项...");
        assert_eq!(display_safe("“好”", Wide), "\"好\"");
    }

    #[test]
    fn scrolling_keeps_the_cursor_in_view() {
        let chars: Vec<char> = "职工服务中心前台".chars().collect();
        assert_eq!(scroll_window(&chars, 2, 10), (0, 4));
        let (start, col) = scroll_window(&chars, 8, 10);
        assert!(col < 10);
        assert_eq!(start, 4);
        assert_eq!(col, 8);
    }
}

//! ID numbers and phones written inside free text (a note, a reason, an error line), masked as
//! the fields themselves are: `330381********123X`, `138****5678`. Masking errs on the side of
//! hiding: a number shaped like an ID is masked whether or not its check character holds.

use super::text::fold_char;

/// `text` with every ID-number and phone pattern masked; everything else as it was.
pub fn mask_numbers(text: &str) -> String {
    let raw: Vec<char> = text.chars().collect();
    let folded: Vec<char> = raw.iter().map(|&c| fold_char(c)).collect();
    let digit = |i: usize| folded.get(i).is_some_and(|c| c.is_ascii_digit());
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < raw.len() {
        if !digit(i) {
            out.push(raw[i]);
            i += 1;
            continue;
        }
        let starts_clear = i == 0 || !digit(i - 1);
        if starts_clear && let Some((end, masked)) = pattern_at(&folded, i) {
            out.push_str(&masked);
            i = end;
            continue;
        }
        // Not a pattern: the whole run of digits goes out as it is (no match inside it).
        while digit(i) {
            out.push(raw[i]);
            i += 1;
        }
    }
    out
}

/// The first pattern that starts at `i` and ends where the digits do: where it ends and how
/// it is shown.
fn pattern_at(c: &[char], i: usize) -> Option<(usize, String)> {
    if let Some(found) = grouped_at(c, i) {
        return Some(found);
    }
    let digits_from = |at: usize| c[at.min(c.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
    let text = |from: usize, to: usize| c[from..to].iter().collect::<String>();
    let ends_clear = |at: usize| c.get(at).is_none_or(|c| !c.is_ascii_digit() && *c != 'X' && *c != 'x');
    let run = digits_from(i);
    // An ID number: 18 characters (the last may be X), or the old 15 digits.
    if run == 17 && matches!(c.get(i + 17), Some('X' | 'x')) && ends_clear(i + 18) {
        return Some((i + 18, format!("{}********{}", text(i, i + 6), text(i + 14, i + 18).to_uppercase())));
    }
    if run == 18 {
        return Some((i + 18, format!("{}********{}", text(i, i + 6), text(i + 14, i + 18))));
    }
    if run == 15 {
        return Some((i + 15, format!("{}******{}", text(i, i + 6), text(i + 12, i + 15))));
    }
    // A mobile: 11 digits from 13…19, whole or as 3-4-4 with spaces or dashes.
    let mobile_head =
        |at: usize| c.get(at) == Some(&'1') && c.get(at + 1).is_some_and(|d| ('3'..='9').contains(d));
    if run == 11 && mobile_head(i) {
        return Some((i + 11, super::phone::mask_phone(&text(i, i + 11))));
    }
    if run == 3 && mobile_head(i) {
        let sep = c.get(i + 3).copied().filter(|s| *s == ' ' || *s == '-')?;
        if digits_from(i + 4) == 4 && c.get(i + 8) == Some(&sep) && digits_from(i + 9) == 4 {
            return Some((i + 13, super::phone::mask_phone(&text(i, i + 13))));
        }
        return None;
    }
    // A landline with its area code: 0 and 2–3 digits, a dash, 7–8 digits; or all together.
    if c[i] == '0' && (3..=4).contains(&run) && c.get(i + run) == Some(&'-') {
        let local = digits_from(i + run + 1);
        if (7..=8).contains(&local) {
            let end = i + run + 1 + local;
            return Some((end, super::phone::mask_phone(&text(i, end))));
        }
    }
    if c[i] == '0' && (10..=12).contains(&run) {
        return Some((i + run, super::phone::mask_phone(&text(i, i + run))));
    }
    None
}

/// What may stand between the groups of one number as people write it: a space, a dash, a
/// no-break space, or an invisible joiner (a zero-width space pasted in to dodge a filter).
fn separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '-' | '.' | '/' | ',' | '(' | ')' | '\t' | '\n' | '\r'
            | '\u{a0}' | '\u{ad}' | '\u{34f}' | '\u{180e}' | '\u{3000}'
            | '\u{2000}'..='\u{200f}'
            | '\u{2010}'..='\u{2015}'
            | '\u{2028}'..='\u{202f}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2212}' | '\u{feff}'
    )
}

/// An ID number or a mobile written in groups (`3302 8119 7401 1887 94`, `330281-19740118-8794`,
/// `138\u{200b}0013\u{200b}8000`) or after the country code (`+8613800138000`, `86 138 …`):
/// where it ends and how it is shown. `None` when the groups make neither.
fn grouped_at(c: &[char], i: usize) -> Option<(usize, String)> {
    // Inside a grouped number that did not make one (a date's month): not a start.
    if i >= 2 && separator(c[i - 1]) && c[i - 2].is_ascii_digit() {
        return None;
    }
    let mut digits = String::new();
    let mut j = i;
    loop {
        while let Some(d) = c.get(j).filter(|d| d.is_ascii_digit()) {
            digits.push(*d);
            j += 1;
        }
        if digits.len() == 17 && matches!(c.get(j), Some('X' | 'x')) {
            digits.push('X');
            j += 1;
            break;
        }
        let mut k = j;
        while k - j < 3 && c.get(k).is_some_and(|s| separator(*s)) {
            k += 1;
        }
        if k > j && digits.len() < 18 && c.get(k).is_some_and(|d| d.is_ascii_digit()) {
            j = k;
            continue;
        }
        break;
    }
    if c.get(j).is_some_and(|d| d.is_ascii_digit() || *d == 'X' || *d == 'x') {
        return None;
    }
    let mobile =
        |m: &str| m.len() == 11 && m.starts_with('1') && m[1..2].chars().all(|d| ('3'..='9').contains(&d));
    let shown = match digits.len() {
        18 => format!("{}********{}", &digits[..6], &digits[14..]),
        15 => format!("{}******{}", &digits[..6], &digits[12..]),
        11 if mobile(&digits) => super::phone::mask_phone(&digits),
        13 if digits.starts_with("86") && mobile(&digits[2..]) => {
            format!("86{}", super::phone::mask_phone(&digits[2..]))
        }
        _ => return None,
    };
    Some((j, shown))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("身份证330281197401188794，电话13812345678", "身份证330281********8794，电话138****5678")]
    #[case("ID 11010519491231002x.", "ID 110105********002X.")]
    #[case("旧证110105491231002", "旧证110105******002")]
    #[case("call 138 1234 5678 or 138-1234-5678", "call 138****5678 or 138****5678")]
    #[case("座机0574-62701234、057462701234", "座机057****1234、057****1234")]
    #[case("１３８１２３４５６７８", "138****5678")]
    #[case("2026-01-05 13812345678", "2026-01-05 138****5678")]
    #[case("证号 3302 8119 7401 1887 94 见附件", "证号 330281********8794 见附件")]
    #[case("330281-19740118-8794", "330281********8794")]
    #[case("+8613800138000", "+86138****8000")]
    #[case("+86 138 0013 8000", "+86138****8000")]
    #[case("138\u{200b}0013\u{200b}8000", "138****8000")]
    #[case("3302\u{200b}8119\u{200b}7401\u{200b}1887\u{200b}94", "330281********8794")]
    #[case("330281.1974.0118.8794", "330281********8794")]
    #[case("138/1234/5678、138,1234,5678", "138****5678、138****5678")]
    #[case("138\u{2013}1234\u{2212}5678", "138****5678")]
    #[case("138\u{ad}1234\u{200e}5678", "138****5678")]
    #[case("+86 (138) 1234-5678", "+86138****5678")]
    #[case("138\n1234\t5678", "138****5678")]
    fn numbers_inside_text_are_masked(#[case] text: &str, #[case] masked: &str) {
        assert_eq!(mask_numbers(text), masked);
    }

    #[rstest]
    #[case("报销 3200 元，2026-01-05 复查")]
    #[case("HZ2026000001 已补材料")]
    #[case("1381234567 is ten digits, 138123456789 twelve")]
    #[case("1100000000000000000000 too long")]
    #[case("王\u{1b}[5m")]
    fn other_text_is_kept(#[case] text: &str) {
        assert_eq!(mask_numbers(text), text);
    }
}

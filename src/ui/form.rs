//! Drawing a form: labels, values scrolled by display width around the cursor, choices with
//! their digits, and the message under a bad field. Returns the cursor cell.

use super::{Painter, width};
use crate::app::form::{Field, FieldKind, Form};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Rows a form needs at this width (fields, wrapped choices, messages).
pub fn height(form: &Form, area_width: u16, label_w: u16) -> u16 {
    form.fields.iter().map(|f| field_rows(f, area_width.saturating_sub(label_w + 2))).sum()
}

fn field_rows(f: &Field, value_w: u16) -> u16 {
    let main = if f.kind == FieldKind::Choice { choice_lines(f, value_w).len() as u16 } else { 1 };
    main + error_lines(f, value_w).len() as u16
}

/// The message under a bad field, wrapped by display width to the value's column.
fn error_lines(f: &Field, value_w: u16) -> Vec<String> {
    let Some(e) = &f.error else { return vec![] };
    let lines = width::wrap(e, usize::from(value_w.saturating_sub(2)));
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| if i == 0 { format!("! {l}") } else { format!("  {l}") })
        .collect()
}

fn choice_lines(f: &Field, value_w: u16) -> Vec<Vec<(usize, String)>> {
    let mut lines: Vec<Vec<(usize, String)>> = vec![vec![]];
    let mut used = 0;
    for (i, o) in f.options.iter().enumerate() {
        let item = format!("[{}] {o}", i + 1);
        let w = width::width(&item) + 2;
        if used + w > value_w as usize && used > 0 {
            lines.push(vec![]);
            used = 0;
        }
        used += w;
        if let Some(line) = lines.last_mut() {
            line.push((i, item));
        }
    }
    lines
}

pub fn draw(buf: &mut Buffer, area: Rect, form: &Form, p: &Painter, label_w: u16) -> Option<(u16, u16)> {
    draw_with(buf, area, form, p, label_w, false, true)
}

/// `compact`: a choice field shows only what is picked (the options are listed elsewhere).
/// `active`: the form has the keys; otherwise no field shows as focused and no cursor is placed
/// (a list beside it has them: one focus marker on screen, not two).
pub fn draw_with(
    buf: &mut Buffer,
    area: Rect,
    form: &Form,
    p: &Painter,
    label_w: u16,
    compact: bool,
    active: bool,
) -> Option<(u16, u16)> {
    let value_x = area.x + label_w + 2;
    let value_w = area.width.saturating_sub(label_w + 2);
    let mut y = area.y;
    let mut cursor = None;
    let bottom = area.y + area.height;
    // When messages push the focused field below the area, the first fields scroll off so the
    // field being typed in (and its message) stays on screen.
    let rows: Vec<u16> = form.fields.iter().map(|f| field_rows(f, value_w)).collect();
    let mut skip = 0;
    if active && form.focus < rows.len() {
        while skip < form.focus && rows[skip..=form.focus].iter().sum::<u16>() > area.height {
            skip += 1;
        }
    }
    for (i, f) in form.fields.iter().enumerate().skip(skip) {
        if y >= bottom {
            break;
        }
        let focused = active && i == form.focus;
        let marker = if focused { ">" } else { " " };
        p.put(buf, area.x, y, marker, 1, p.theme.focus);
        let label_style = if focused { p.theme.focus } else { p.theme.label };
        p.put(buf, area.x + 1, y, &width::fit(&f.label, label_w as usize, p.amb), label_w, label_style);
        if f.kind == FieldKind::Choice && compact {
            let text = f.choice.and_then(|i| f.options.get(i).map(|o| format!("[{}] {o}", i + 1)));
            let style = if focused { p.theme.focus } else { p.theme.base };
            p.put(buf, value_x, y, text.as_deref().unwrap_or("-"), value_w, style);
            if focused {
                cursor = Some((value_x, y));
            }
            y += 1;
        } else if f.kind == FieldKind::Choice {
            for line in choice_lines(f, value_w) {
                let mut x = value_x;
                for (idx, item) in line {
                    let style = if f.choice == Some(idx) { p.theme.selected } else { p.theme.base };
                    let text = if f.choice == Some(idx) { format!("*{item}") } else { format!(" {item}") };
                    x += p.put(buf, x, y, &text, (area.x + area.width).saturating_sub(x), style) + 1;
                }
                if focused && cursor.is_none() {
                    cursor = Some((value_x, y));
                }
                y += 1;
            }
        } else {
            let shown: String = if f.kind == FieldKind::Pin {
                "*".repeat(f.value().chars().count())
            } else if (!focused || f.sealed)
                && let Some(masked) = masked_value(f)
            {
                // Personal data is masked on screen once the clerk leaves the field, and one
                // filled from the record stays masked until replaced.
                masked
            } else {
                width::display_safe(f.value(), p.amb)
            };
            let chars: Vec<char> = shown.chars().collect();
            let cur = f.input.cursor().min(chars.len());
            // Display-safe text can be longer than the value (placeholders); the cursor then
            // sits at the end, which is where typing happens anyway.
            let cur = if shown.chars().count() == f.value().chars().count() { cur } else { chars.len() };
            // Out of focus a value shows from its start (cut with the mark), as it reads.
            let (start, col) =
                if focused { width::scroll_window(&chars, cur, value_w as usize) } else { (0, 0) };
            let visible: String = chars[start..].iter().collect();
            let style = if focused { p.theme.focus } else { p.theme.base };
            p.put(buf, value_x, y, &width::truncate(&visible, value_w as usize, p.amb), value_w, style);
            if focused {
                cursor = Some((value_x + col as u16, y));
            }
            y += 1;
        }
        for line in error_lines(f, value_w) {
            if y >= bottom {
                break;
            }
            p.put(buf, value_x, y, &line, value_w, p.theme.error);
            y += 1;
        }
    }
    cursor
}

fn masked_value(f: &Field) -> Option<String> {
    match f.kind {
        FieldKind::Id => crate::domain::IdNumber::from_stored(f.value()).map(|i| i.masked()),
        FieldKind::Phone if !f.value().is_empty() => Some(crate::domain::phone::mask_phone(f.value())),
        _ => None,
    }
}

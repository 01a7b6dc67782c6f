//! F2's hardship forms at 80×24 and up, in the page's place below the worker's header: the
//! member rows as a table (the row typed in marked, its field highlighted), one line for the
//! focused choice's digits or what is wrong, the live figures and proposal, then the rest of
//! the form. Widths by display width; ID numbers not typed in this form stay masked.

use super::hardship_form::{HardForm, Kind};
use crate::app::App;
use crate::app::form::{FieldId, FieldKind, Form};
use crate::domain::IdNumber;
use crate::domain::hardship::NoLine;
use crate::domain::money::Fen;
use crate::domain::width;
use crate::i18n::hardship as words;
use crate::i18n::{fill, ui_hardship_forms};
use crate::ui::Painter;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Column widths: name, then each field of a member row, fitted into `avail` columns.
fn cols(form: &Form, avail: usize) -> Vec<usize> {
    let mut w: Vec<usize> = form
        .fields
        .iter()
        .map(|f| {
            let words = f.options.iter().map(|o| width::width(o)).max().unwrap_or(0);
            let own = match f.name {
                FieldId::Id => 18,
                FieldId::HIncome => 10,
                FieldId::Name => 12,
                _ => 2,
            };
            own.max(words).max(width::width(&f.label))
        })
        .collect();
    // The widest columns give way first (never below 4), name last.
    while w.iter().sum::<usize>() + w.len() + 2 > avail {
        let Some((i, _)) =
            w.iter().enumerate().skip(1).filter(|(i, x)| **x > 4 && *i != 2).max_by_key(|(_, x)| **x)
        else {
            break;
        };
        w[i] -= 1;
    }
    w
}

/// What a member cell shows: a choice's word, an ID masked unless typed here, the tail of a
/// long text being typed.
fn cell_text(form: &Form, i: usize, focused: bool) -> String {
    let f = &form.fields[i];
    if f.kind == FieldKind::Choice && f.sealed && !focused {
        return "**".into();
    }
    // A disability grade tells the health, and so does a blank one beside a masked grade:
    // every member's grade is hidden while the health is.
    let health_hidden = form.field(FieldId::HHealth).is_some_and(|h| h.sealed);
    if f.name == FieldId::HGrade && health_hidden {
        return "**".into();
    }
    if f.kind == FieldKind::Amount
        && !focused
        && let Ok(x) = Fen::parse(f.value())
    {
        return x.plain();
    }
    if f.kind == FieldKind::Choice {
        return f.choice.and_then(|c| f.options.get(c).cloned()).unwrap_or_else(|| "-".into());
    }
    let v = f.value();
    if f.kind == FieldKind::Id && (f.sealed || !focused) && !v.is_empty() {
        if let Some(id) = IdNumber::from_stored(v) {
            return id.masked();
        }
        if f.sealed {
            return "*".repeat(v.chars().count());
        }
    }
    v.to_string()
}

fn fit_cell(text: &str, w: usize, right: bool, tail: bool, p: &Painter) -> String {
    let text = if tail && width::width(text) > w {
        // The end being typed stays in sight.
        let mut chars: Vec<char> = text.chars().collect();
        while width::width(&chars.iter().collect::<String>()) > w.saturating_sub(1) && !chars.is_empty() {
            chars.remove(0);
        }
        format!("…{}", chars.iter().collect::<String>())
    } else {
        width::truncate(text, w, p.amb)
    };
    let pad = " ".repeat(w.saturating_sub(width::width(&text)));
    if right { format!("{pad}{text}") } else { format!("{text}{pad}") }
}

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, f: &HardForm) -> Option<(u16, u16)> {
    let t = ui_hardship_forms::of(app.lang);
    let lang = app.lang;
    let no = f.file.as_ref().map(|x| x.2.as_str()).unwrap_or("");
    let title = match f.kind {
        Kind::Apply => t.title_apply.to_string(),
        Kind::Edit => fill(t.title_edit, &[("no", &no)]),
        Kind::Review => fill(t.title_review, &[("no", &no)]),
        Kind::Verify => fill(t.title_verify, &[("no", &no)]),
    };
    let x = area.x + 1;
    let w = area.width.saturating_sub(2);
    let bottom = area.y + area.height;
    let mut y = area.y + 1;
    let mut cursor = None;
    let n = f.members.len();
    let rest_rows: u16 = crate::ui::form::height(&f.rest, w, label_w(&f.rest));
    let mut rule = format!(" {title} ");
    if n > 0 {
        let fig = f.figures();
        let figures = fill(
            t.figures,
            &[
                ("n", &fig.members),
                ("income", &Fen(fig.income_fen).plain()),
                ("per_head", &Fen(fig.per_head_fen).plain()),
            ],
        );
        let year = chrono::Datelike::year(&app.today_local());
        let proposal = match f.proposal {
            Err(NoLine { year }) => fill(t.no_line, &[("year", &year)]),
            Ok(k) => {
                let line =
                    app.settings.config.hardship.line(year).map(|l| Fen(l).plain()).unwrap_or_default();
                let category = k.map_or(t.proposal_none, |k| words::category(lang, k));
                fill(t.proposal, &[("year", &year), ("line", &line), ("category", &category)])
            }
        };
        let fig_lines = if width::width(&figures) + 2 + width::width(&proposal) <= w as usize {
            vec![format!("{figures}  {proposal}")]
        } else {
            vec![figures, format!("  {proposal}")]
        };
        // The focused field's trouble, the form's refusal, or a choice's digits.
        let focused = f.row.and_then(|r| f.members.get(r)).map(|m| m.focused());
        let (lines, style) = match (focused.and_then(|fd| fd.error.clone()), &f.message) {
            (Some(e), _) => (wrap_said(&e, w), p.theme.error),
            (None, Some(m)) => (wrap_said(m, w), p.theme.error),
            (None, None) => match focused.filter(|fd| fd.kind == FieldKind::Choice) {
                Some(fd) => {
                    let opts: Vec<String> =
                        fd.options.iter().enumerate().map(|(i, o)| format!("{}{o}", i + 1)).collect();
                    (
                        vec![fill(t.options, &[("label", &fd.label), ("options", &opts.join(" "))])],
                        p.theme.muted,
                    )
                }
                None => (vec![String::new()], p.theme.muted),
            },
        };
        // Member rows in sight: what the rest of the form leaves, at least two.
        let fixed = 1 + 1 + lines.len() + fig_lines.len();
        let room = (area.height as usize).saturating_sub(fixed + rest_rows as usize).max(2);
        let shown = room.min(n);
        let top = f.window(shown);
        if shown < n {
            let range = fill(t.rows, &[("a", &(top + 1)), ("b", &(top + shown)), ("n", &n)]);
            rule.push_str(&format!("{range} "));
        }
        let c = cols(&f.members[0], w as usize);
        let head: Vec<String> = f.members[0]
            .fields
            .iter()
            .enumerate()
            .map(|(i, fd)| fit_cell(&fd.label, c[i], i == 6, false, p))
            .collect();
        p.put(buf, x, y, &format!("  {}", head.join(" ")), w, p.theme.label);
        y += 1;
        for (r, m) in f.members.iter().enumerate().skip(top).take(shown) {
            let here = f.row == Some(r);
            let mut cx = x;
            cx += p.put(buf, cx, y, &format!("{}{}", if here { ">" } else { " " }, r + 1), 2, p.theme.focus);
            for (i, fd) in m.fields.iter().enumerate() {
                let focused = here && m.focus == i;
                let shown = cell_text(m, i, focused);
                // The focused text scrolls around the cursor (Home, Left and typing stay in sight).
                let window = (focused && fd.kind != FieldKind::Choice && shown == fd.value()).then(|| {
                    let chars: Vec<char> = shown.chars().collect();
                    let (start, col) = width::scroll_window(&chars, fd.input.cursor(), c[i]);
                    // The income stays right-aligned while it fits.
                    let pad = if i == 6 { c[i].saturating_sub(width::width(&shown)) } else { 0 };
                    let pad = if start == 0 { pad } else { 0 };
                    (format!("{}{}", " ".repeat(pad), chars[start..].iter().collect::<String>()), col + pad)
                });
                let text = match &window {
                    Some((visible, _)) => fit_cell(visible, c[i], false, false, p),
                    None => fit_cell(&shown, c[i], i == 6, focused, p),
                };
                let style = if focused {
                    p.theme.selected
                } else if fd.error.is_some() {
                    p.theme.error
                } else {
                    p.theme.base
                };
                cx += 1;
                if focused {
                    // Typing goes after what the cell shows; a choice's digit at its start.
                    let typed = match &window {
                        Some((_, col)) => *col as u16,
                        None if fd.kind == FieldKind::Choice => 0,
                        None => width::width(text.trim_end()) as u16,
                    };
                    cursor = Some((cx + typed.min(c[i] as u16), y));
                }
                cx += p.put(buf, cx, y, &text, (x + w).saturating_sub(cx), style);
            }
            y += 1;
        }
        for l in &lines {
            p.put(buf, x, y, l, w, style);
            y += 1;
        }
        // One line when it fits, else the proposal under the figures.
        for l in &fig_lines {
            p.put(buf, x, y, l, w, p.theme.title);
            y += 1;
        }
    } else if let Some(m) = &f.message {
        for l in wrap_said(m, w) {
            p.put(buf, x, y, &l, w, p.theme.error);
            y += 1;
        }
    }
    p.put(buf, area.x + 2, area.y, &rule, area.width.saturating_sub(4), p.theme.label);
    // The rest: the causes show their ticks.
    let mut rest = f.rest.clone();
    if let Some(fd) = rest.field_mut(FieldId::HCauses) {
        for (i, o) in fd.options.iter_mut().enumerate() {
            if f.causes.get(i).copied().unwrap_or(false) {
                *o = format!("[x]{o}");
            }
        }
    }
    let rect = Rect { x, y, width: w, height: bottom.saturating_sub(y) };
    let lw = label_w(&rest);
    let rest_cursor = crate::ui::form::draw_with(buf, rect, &rest, p, lw, false, f.row.is_none());
    cursor.or(rest_cursor)
}

fn label_w(form: &Form) -> u16 {
    form.fields.iter().map(|f| width::width(&f.label)).max().unwrap_or(8) as u16
}

/// A message whole: `! ` and the text wrapped by display width, following lines indented.
fn wrap_said(m: &str, w: u16) -> Vec<String> {
    width::wrap(m, (w as usize).saturating_sub(2))
        .into_iter()
        .enumerate()
        .map(|(i, l)| if i == 0 { format!("! {l}") } else { format!("  {l}") })
        .collect()
}

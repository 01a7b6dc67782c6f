//! F2 互助申报 at 80×24 and up: the ID field and the worker on top, the claims table, the
//! words to read out for the selected claim, and its history at the bottom.

use crate::app::{App, Session};
use crate::db::claim_ops::split_papers;
use crate::db::claims::ClaimRow;
use crate::domain::money::Fen;
use crate::domain::width;
use crate::i18n::fill;
use crate::rooms::claims::{ClaimsTab, Pane, Picture, late_days, read_out, staff};
use crate::ui::{Painter, form};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Column widths of the claims table: number, kind, filed, claimed, approved, state.
const COLS: [usize; 6] = [13, 12, 6, 10, 10, 10];

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) -> Option<(u16, u16)> {
    let c = &s.claims;
    let f2 = app.ui.f2;
    let id_rows = if c.form.fields[0].error.is_some() { 2 } else { 1 };
    let form_area = Rect { height: id_rows, width: area.width.min(40), ..area };
    // Out of the field, the ID shows masked.
    let cursor = if c.pane == Pane::Id {
        form::draw(buf, form_area, &c.form, p, 6)
    } else {
        let mut shown = c.form.clone();
        shown.focus = usize::MAX;
        form::draw(buf, form_area, &shown, p, 6)
    };
    header(buf, area, app, p, s, id_rows);
    p.rule(buf, area, area.y + 2);
    if c.hk.page != super::hardship::Page::Claims {
        let below = Rect { y: area.y + 2, height: area.height.saturating_sub(2), ..area };
        return super::draw_hardship::draw(buf, below, app, p, s);
    }
    let rest = area.height.saturating_sub(3 + 1 + 3 + 1);
    // Extra height goes to the table and the history in turn.
    let table_h = (rest / 2).max(3);
    let table = Rect { y: area.y + 3, height: table_h, ..area };
    let read_y = table.y + table_h;
    p.rule(buf, area, read_y);
    let read = Rect { y: read_y + 1, height: 3, ..area };
    p.rule(buf, area, read.y + 3);
    let hist = Rect { y: read.y + 4, height: (area.y + area.height).saturating_sub(read.y + 4), ..area };
    match &c.picture {
        Some(pic) if !pic.claims.is_empty() => {
            let (above, below) = claims_table(buf, table, app, p, c, pic);
            more(buf, Rect { y: read_y, height: 1, ..area }, app, p, above, below);
            if let Some(claim) = c.selected_claim() {
                read_panel(buf, read, app, p, claim);
                history(buf, hist, app, p, pic, claim);
            }
        }
        Some(_) => {
            p.put(buf, area.x + 1, table.y, f2.none_yet, area.width - 2, p.theme.muted);
        }
        None if c.unknown.is_some() => {
            p.put(buf, area.x + 1, table.y, f2.unknown, area.width - 2, p.theme.notice);
        }
        None => {
            p.put(buf, area.x + 1, table.y, f2.hint_empty, area.width - 2, p.theme.muted);
        }
    }
    if c.pane == Pane::Id { cursor } else { None }
}

/// Name, sex, age and unit beside the ID; phone, enrolment, hardship file and reason below.
fn header(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session, id_rows: u16) {
    let ui = app.ui;
    let Some(pic) = &s.claims.picture else { return };
    let w = &pic.worker;
    // Another ID being typed: this worker is no longer the one in the field.
    let typed = s.claims.form.value(crate::app::form::FieldId::Id);
    if crate::domain::IdNumber::parse(typed.trim(), app.today_local()).map_or(true, |id| id != w.id_number) {
        return;
    }
    let sex = if w.id_number.is_male() { ui.f1_card_male } else { ui.f1_card_female };
    let age = w.id_number.age_on(app.today_local());
    let revealed =
        s.revealed.as_ref().filter(|r| r.value.worker_id == Some(w.id)).map(|r| r.value.full.clone());
    // The field shows the ID (masked once left); Alt+V shows it here in full.
    let first = format!(
        "{}{} {} {}",
        revealed.map(|r| format!("{r} ")).unwrap_or_default(),
        w.name,
        fill(ui.f1_card_sex_age, &[("sex", &sex), ("age", &age)]),
        w.work_unit.clone().unwrap_or_default()
    );
    let x = area.x + 28;
    p.put(buf, x, area.y, &first, area.width.saturating_sub(29), p.theme.title);
    if id_rows > 1 {
        return;
    }
    let mut second = vec![];
    if let Some(phone) = &w.phone {
        second.push(format!("{} {}", ui.field_phone, crate::domain::phone::mask_phone(phone)));
    }
    second.push(match w.mutual_aid_year {
        Some(y) => fill(ui.f2.enrolled, &[("year", &y)]),
        None => ui.f2.not_enrolled.to_string(),
    });
    // The reason before the hardship file: it is what the audit row says.
    if let Some(r) = &s.claims.reason {
        second.push(fill(ui.f2.reason_line, &[("reason", r)]));
    }
    // The worker's filed file (`hardship_files`): its category and valid-until, or 已过期.
    if let Some(h) = &w.hardship {
        use crate::i18n::hardship as words;
        second.push(match h.standing(app.today_local()) {
            crate::domain::hardship::Standing::Current => {
                let level = words::category(app.lang, h.category);
                let args: [(&str, &dyn std::fmt::Display); 2] =
                    [("level", &level), ("until", &words::until_words(app.lang, h.valid_until))];
                let whole = fill(ui.f2.hardship, &args);
                // Short of room, the word 困难档案 goes and the category and date stay whole.
                let used = width::width(&second.join("  ")) + 2;
                if used + width::width(&whole) > area.width.saturating_sub(2) as usize {
                    fill(ui.f2.hardship_short, &args)
                } else {
                    whole
                }
            }
            _ => words::card_lapsed(app.lang, h.category),
        });
    }
    p.put(buf, area.x + 1, area.y + 1, &second.join("  "), area.width - 2, p.theme.base);
}

fn cell(text: &str, w: usize, right: bool, p: &Painter) -> String {
    if right {
        let t = width::truncate(text, w, p.amb);
        format!("{}{t}", " ".repeat(w.saturating_sub(width::width(&t))))
    } else {
        width::fit(text, w, p.amb)
    }
}

/// The claims that fit, the selected one always among them; returns how many are out of sight
/// above and below.
fn claims_table(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    p: &Painter,
    c: &ClaimsTab,
    pic: &Picture,
) -> (usize, usize) {
    let f2 = app.ui.f2;
    let h = f2.columns;
    let head: Vec<String> =
        (0..6).map(|i| cell(h[i], COLS[i], (3..5).contains(&i), p)).chain([h[6].to_string()]).collect();
    p.put(buf, area.x + 1, area.y, &head.join(" "), area.width - 2, p.theme.label);
    let rows = area.height.saturating_sub(1) as usize;
    c.shown.set(rows);
    let start = c.selected.saturating_sub(rows.saturating_sub(1));
    let today = app.today_local();
    for (i, claim) in pic.claims.iter().enumerate().skip(start).take(rows) {
        let y = area.y + 1 + (i - start) as u16;
        let due = match crate::rooms::claims::due_of(&app.settings, claim) {
            crate::rooms::claims::words::Due::On(d) => d.format("%m-%d").to_string(),
            _ => "-".into(),
        };
        let late = late_days(&app.settings, claim, today).is_some();
        let approved = claim.amount_approved_fen.map(|a| Fen(a).plain()).unwrap_or_else(|| "-".into());
        let cells = [
            claim.claim_no.clone(),
            // An aid claim names its programme (the kind follows from it).
            match &claim.programme {
                Some(code) => super::programme::programme_name(app, claim.programme_year, code),
                None => app.kind_name(&claim.kind),
            },
            claim.filed_on.get(5..10).unwrap_or(&claim.filed_on).to_string(),
            Fen(claim.amount_claimed_fen).plain(),
            approved,
            staff(app.lang, claim.status).to_string(),
        ];
        let mut line: Vec<String> =
            cells.iter().enumerate().map(|(j, t)| cell(t, COLS[j], (3..5).contains(&j), p)).collect();
        line.push(if late { format!("{due} {}", f2.late) } else { due });
        let selected = i == c.selected;
        let marker = if selected { ">" } else { " " };
        let style = if selected && c.pane == Pane::List {
            p.theme.selected
        } else if late {
            p.theme.error
        } else {
            p.theme.base
        };
        p.put(buf, area.x, y, &format!("{marker}{}", line.join(" ")), area.width, style);
    }
    (start, pic.claims.len().saturating_sub(start + rows))
}

/// How many claims are out of sight, on the rule under the table (at 80×24 three rows show).
fn more(buf: &mut Buffer, rule: Rect, app: &App, p: &Painter, above: usize, below: usize) {
    let f2 = app.ui.f2;
    let parts: Vec<String> = [(above, f2.more_above), (below, f2.more_below)]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, words)| fill(words, &[("n", &n)]))
        .collect();
    if parts.is_empty() {
        return;
    }
    let text = format!(" {} ", parts.join("  "));
    let w = width::width(&width::display_safe(&text, p.amb)) as u16;
    let x = (rule.x + rule.width).saturating_sub(w + 2).max(rule.x);
    p.put(buf, x, rule.y, &text, rule.width.saturating_sub(x - rule.x), p.theme.label);
}

fn read_panel(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, claim: &ClaimRow) {
    let f2 = app.ui.f2;
    let label_w = width::width(f2.read_label) as u16;
    let words = read_out(app.lang, &app.settings, claim, app.today_local());
    let text_w = area.width.saturating_sub(label_w + 2);
    let mut lines = width::wrap(&words, text_w as usize);
    let missing = claim.missing_papers.as_deref().map(split_papers).unwrap_or_default();
    let missing_line = (!missing.is_empty()
        && claim.status != crate::domain::claim::ClaimState::MaterialsIncomplete)
        .then(|| {
            format!(
                "{}{}",
                fill(f2.missing_label, &[("no", &claim.claim_no)]),
                missing.join(app.ui.f4.list_sep)
            )
        });
    let room = area.height as usize - usize::from(missing_line.is_some());
    lines.truncate(room.max(1));
    p.put(buf, area.x + 1, area.y, f2.read_label, label_w, p.theme.label);
    for (i, l) in lines.iter().enumerate() {
        p.put(buf, area.x + 1 + label_w, area.y + i as u16, l, text_w, p.theme.title);
    }
    if let Some(m) = missing_line {
        p.put(buf, area.x + 1, area.y + lines.len() as u16, &m, area.width - 2, p.theme.notice);
    }
}

fn history(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, pic: &Picture, claim: &ClaimRow) {
    let f2 = app.ui.f2;
    let label_w = (width::width(f2.history_label) + 1) as u16;
    p.put(buf, area.x + 1, area.y, f2.history_label, label_w, p.theme.label);
    let mut lines: Vec<String> = programme_line(app, claim).into_iter().collect();
    lines.extend(pic.events_of(claim.id).map(|e| app.event_line(e, true)));
    let rows = area.height as usize;
    // The programme stays on top; the newest events below it.
    let head = usize::from(claim.programme.is_some()).min(rows);
    let (top, events) = lines.split_at(head);
    let skip = events.len().saturating_sub(rows - head);
    for (i, line) in top.iter().chain(events.iter().skip(skip)).enumerate() {
        let x = area.x + 1 + label_w + 1;
        p.put(buf, x, area.y + i as u16, line, area.width.saturating_sub(label_w + 3), p.theme.base);
    }
}

/// `帮扶项目：元旦春节送温暖（2026 年）` for an aid claim.
pub fn programme_line(app: &App, claim: &ClaimRow) -> Option<String> {
    let code = claim.programme.as_deref()?;
    let name = super::programme::programme_name(app, claim.programme_year, code);
    let year = claim.programme_year.map_or_else(String::new, |y| y.to_string());
    Some(fill(crate::i18n::ui_fund::words(app.lang).history_line, &[("name", &name), ("year", &year)]))
}

//! F2's 困难档案 and lists pages at 80×24 and up, below the worker's header: the file as lines
//! that scroll, and the lists with the selected line always in sight.

use super::hardship::{FileState, ListKind, Page};
use crate::app::{App, Session};
use crate::db::hardship::Whole;
use crate::domain::IdNumber;
use crate::domain::claim::ClaimState;
use crate::domain::hardship::Standing;
use crate::domain::money::Fen;
use crate::domain::text::mask_name;
use crate::domain::width;
use crate::i18n::hardship as words;
use crate::i18n::{fill, ui_hardship_page};
use crate::ui::Painter;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Member columns: name, relation, ID number, health, work, income — each as wide as its
/// words in the language (the name takes what is left, up to 12).
fn member_cols(lang: crate::i18n::Lang, t: &ui_hardship_page::HardshipPageUi) -> [usize; 6] {
    use crate::domain::hardship::{Health, Relation, Work};
    let widest = |ws: &mut dyn Iterator<Item = &str>, head: &str| {
        ws.map(width::width).chain([width::width(head)]).max().unwrap_or(4)
    };
    let h = &t.members_head;
    let relation = widest(&mut Relation::ALL.iter().map(|r| words::relation(lang, *r)), h[1]);
    // A disability shows with its grade (残疾4级, disabled 4).
    let graded = fill(t.graded, &[("health", &words::health(lang, Health::Disabled)), ("grade", &4)]);
    let health =
        widest(&mut Health::ALL.iter().map(|x| words::health(lang, *x)), h[3]).max(width::width(&graded));
    let work = widest(&mut Work::ALL.iter().map(|w| words::work(lang, *w)), h[4]);
    let (id, income) = (18, 10);
    let name = 76usize.saturating_sub(relation + id + health + work + income + 5).min(12);
    [name, relation, id, health, work, income]
}

/// The page below the header's rule (`area` starts at the rule).
pub fn draw(buf: &mut Buffer, area: Rect, app: &App, p: &Painter, s: &Session) -> Option<(u16, u16)> {
    if let Some(f) = super::hardship_apply::open_form(s) {
        return super::draw_hardship_form::draw(buf, area, app, p, f);
    }
    let t = ui_hardship_page::of(app.lang);
    let hk = &s.claims.hk;
    let body = Rect { y: area.y + 1, height: area.height.saturating_sub(1), ..area };
    let rows = body.height as usize;
    hk.shown.set(rows);
    let title = if hk.page == Page::File { t.title_file } else { t.title_lists };
    let (lines, first) = match hk.page {
        Page::Lists => lists_lines(app, p, s),
        _ => (file_lines(app, p, s), hk.scroll),
    };
    hk.lines.set(lines.len());
    let first = first.min(lines.len().saturating_sub(rows));
    let mut rule = format!(" {title} ");
    if lines.len() > rows {
        let last = (first + rows).min(lines.len());
        rule.push_str(&format!("{}-{}/{} ", first + 1, last, lines.len()));
    }
    p.put(buf, area.x + 2, area.y, &rule, area.width.saturating_sub(4), p.theme.label);
    for (i, (text, style)) in lines.iter().skip(first).take(rows).enumerate() {
        p.put(buf, body.x + 1, body.y + i as u16, text, body.width.saturating_sub(2), *style);
    }
    None
}

fn cell(text: &str, w: usize, right: bool, p: &Painter) -> String {
    if right {
        let t = width::truncate(text, w, p.amb);
        format!("{}{t}", " ".repeat(w.saturating_sub(width::width(&t))))
    } else {
        width::fit(text, w, p.amb)
    }
}

fn file_lines(app: &App, p: &Painter, s: &Session) -> Vec<(String, Style)> {
    let t = ui_hardship_page::of(app.lang);
    let c = &s.claims;
    let muted = p.theme.muted;
    if c.unknown.is_some() {
        return vec![(app.ui.f2.unknown.to_string(), p.theme.notice)];
    }
    if c.picture.is_none() {
        return vec![(t.need_lookup.to_string(), muted)];
    }
    match &c.hk.file {
        FileState::Read { file: Some(w), .. } => whole_lines(app, p, s, w),
        FileState::Read { file: None, .. } => vec![(t.no_file.to_string(), p.theme.notice)],
        _ => vec![(t.reading.to_string(), muted)],
    }
}

fn whole_lines(app: &App, p: &Painter, s: &Session, w: &Whole) -> Vec<(String, Style)> {
    let t = ui_hardship_page::of(app.lang);
    let lang = app.lang;
    let f = &w.file;
    let today = app.today_local();
    let mut out: Vec<(String, Style)> = vec![];
    let state = match f.standing(today) {
        Standing::Lapsed => words::lapsed(lang).to_string(),
        _ => words::state(lang, f.state).to_string(),
    };
    let category = f.category.map_or(t.no_category, |k| words::category(lang, k));
    // Only a filed file has a valid-until; an application's or a closed file's would read 长期.
    let line = if f.state == crate::domain::hardship::State::Filed { t.file_line } else { t.file_line_open };
    let head = fill(
        line,
        &[
            ("no", &f.file_no),
            ("state", &state),
            ("category", &category),
            ("until", &words::until_words(lang, f.valid_until)),
        ],
    );
    let lapsed = f.standing(today) == Standing::Lapsed;
    out.push((head, if lapsed { p.theme.error } else { p.theme.title }));
    let causes: Vec<&str> = f.causes.iter().map(|k| words::cause(lang, *k)).collect();
    let mut second = format!("{}{}", t.causes, causes.join(app.ui.f4.list_sep));
    if f.returned {
        second.push_str(&format!("  {}", t.returned));
    }
    out.push((second, p.theme.base));
    out.extend(super::draw_hardship_story::story(lang, p, w));
    let figures = fill(
        t.figures,
        &[
            ("n", &f.members),
            ("income", &Fen(f.income_fen).plain()),
            ("per_head", &Fen(f.per_head_fen).plain()),
        ],
    );
    let year = chrono::Datelike::year(&today);
    let line = match app.settings.config.hardship.line(year) {
        Some(l) => {
            let side = if f.per_head_fen < l { t.below_line } else { t.above_line };
            format!("{} ({side})", fill(t.line, &[("year", &year), ("line", &Fen(l).plain())]))
        }
        None => fill(t.no_line, &[("year", &year)]),
    };
    // One line when it fits, else the line under the figures.
    if width::width(&figures) + 2 + width::width(&line) <= 76 {
        out.push((format!("{figures}  {line}"), p.theme.base));
    } else {
        out.push((figures, p.theme.base));
        out.push((format!("  {line}"), p.theme.base));
    }
    out.push(match w.verifications.first() {
        Some(v) => (
            fill(
                t.verification,
                &[
                    ("date", &v.dated_on),
                    ("reference", &v.reference),
                    ("result", &words::verdict(lang, v.result)),
                    ("per_head", &v.per_head_fen.map_or("-".into(), |x| Fen(x).plain())),
                ],
            ),
            p.theme.base,
        ),
        None => (t.no_verification.to_string(), p.theme.muted),
    });
    // The household: names and IDs masked; health and each member's income only while Alt+V
    // has revealed this worker. The household's income and per head above stay: they are the
    // file's own figures, what the counter weighs a claim by.
    let revealed = s.revealed.as_ref().is_some_and(|r| r.value.worker_id == Some(f.worker_id));
    let cols = member_cols(lang, t);
    let head: Vec<String> =
        t.members_head.iter().enumerate().map(|(i, h)| cell(h, cols[i], i == 5, p)).collect();
    out.push((head.join(" "), p.theme.label));
    for m in &w.household {
        let m = &m.member;
        let id = m.id_number.as_deref().and_then(IdNumber::from_stored).map_or("-".into(), |i| i.masked());
        let health = if revealed {
            match m.disability_grade {
                Some(g) => fill(t.graded, &[("health", &words::health(lang, m.health)), ("grade", &g)]),
                None => words::health(lang, m.health).to_string(),
            }
        } else {
            t.health_hidden.to_string()
        };
        let cells = [
            mask_name(&m.name),
            words::relation(lang, m.relation).to_string(),
            id,
            health,
            words::work(lang, m.work).to_string(),
            if revealed { Fen(m.income_fen).plain() } else { t.health_hidden.to_string() },
        ];
        let row: Vec<String> = cells.iter().enumerate().map(|(i, x)| cell(x, cols[i], i == 5, p)).collect();
        out.push((row.join(" "), p.theme.base));
    }
    if !revealed {
        out.push((t.health_hint.to_string(), p.theme.muted));
    }
    // Visits, newest first.
    out.push((fill(t.visits, &[("n", &w.visits.len())]), p.theme.label));
    if w.visits.is_empty() {
        out.push((format!("  {}", t.no_visits), p.theme.muted));
    } else if !revealed {
        // What was found, needed and given tells illnesses: after Alt+V, as health.
        out.push((format!("  {}", t.visits_hint), p.theme.muted));
    }
    // Continuation lines are indented four columns inside the 76 the page has.
    let text_w = 72;
    for v in &w.visits {
        let who: Vec<&str> = v.clerks.iter().map(|(_, name)| name.as_str()).collect();
        let first = if revealed {
            format!("{} {} {}: {}", v.visited_on, who.join("、"), v.place, v.found)
        } else {
            format!("{} {} {}: {}", v.visited_on, who.join("、"), v.place, t.health_hidden)
        };
        for (i, l) in width::wrap(&first, text_w).into_iter().enumerate() {
            out.push((format!("{}{l}", if i == 0 { "  " } else { "    " }), p.theme.base));
        }
        if revealed && (v.needs.is_some() || v.given.is_some()) {
            let ng = fill(
                t.needs_given,
                &[
                    ("needs", &v.needs.as_deref().unwrap_or("-")),
                    ("given", &v.given.as_deref().unwrap_or("-")),
                ],
            );
            out.extend(width::wrap(&ng, text_w).into_iter().map(|l| (format!("    {l}"), p.theme.base)));
        }
        if let Some(step) = &v.next_step {
            let date = v.next_on.map(|d| d.to_string()).unwrap_or_default();
            let step = if revealed { step.as_str() } else { t.health_hidden };
            let next = fill(t.next_step, &[("step", &step), ("date", &date)]);
            out.extend(
                width::wrap(next.trim_end(), text_w).into_iter().map(|l| (format!("    {l}"), p.theme.base)),
            );
        }
    }
    // The aid received: the worker's paid claims of the hardship kinds.
    let kinds = &app.settings.config.claim_kinds;
    let aid: Vec<_> = s
        .claims
        .picture
        .iter()
        .flat_map(|pic| pic.claims.iter())
        .filter(|c| c.status == ClaimState::Paid && kinds.iter().any(|k| k.code == c.kind && k.hardship_file))
        .collect();
    out.push((fill(t.aid, &[("n", &aid.len())]), p.theme.label));
    if aid.is_empty() {
        out.push((format!("  {}", t.no_aid), p.theme.muted));
    }
    for c in aid {
        let paid = Fen(c.amount_paid_fen.unwrap_or_default()).plain();
        let on = c.paid_on.as_deref().and_then(|d| d.get(..10)).unwrap_or("-");
        let kind = app.kind_name(&c.kind);
        out.push((
            format!("  {} {} {on} {}", c.claim_no, cell(&kind, 10, false, p), cell(&paid, 10, true, p)),
            p.theme.base,
        ));
    }
    out.extend(super::draw_hardship_story::history(lang, p, w));
    out
}

/// The lists' lines and the first to show (the selected line in sight).
fn lists_lines(app: &App, p: &Painter, s: &Session) -> (Vec<(String, Style)>, usize) {
    let t = ui_hardship_page::of(app.lang);
    let lang = app.lang;
    let hk = &s.claims.hk;
    let Some(lists) = &hk.lists else { return (vec![(t.reading.to_string(), p.theme.muted)], 0) };
    let today = app.today_local();
    let mut out = vec![(t.lists_sub.to_string(), p.theme.muted)];
    if lists.lines.is_empty() {
        out.push((t.lists_empty.to_string(), p.theme.muted));
        return (out, 0);
    }
    let kinds = [
        ListKind::Waiting,
        ListKind::Returned,
        ListKind::Due,
        ListKind::ReviewWaiting,
        ListKind::VisitOverdue,
    ];
    let mut selected_line = 0;
    let cat_w = crate::domain::hardship::Category::ALL
        .iter()
        .map(|c| width::width(words::category(lang, *c)))
        .max()
        .unwrap_or(8);
    for (k, kind) in kinds.iter().enumerate() {
        let n = lists.lines.iter().filter(|l| l.kind == *kind).count();
        out.push((format!("{} ({n})", t.lists[k]), p.theme.label));
        if n == 0 {
            out.push((format!("  {}", t.list_none), p.theme.muted));
        }
        for (i, l) in lists.lines.iter().enumerate().filter(|(_, l)| l.kind == *kind) {
            let r = &l.row;
            let category = r.category.map_or("-", |c| words::category(lang, c));
            let lapsed = *kind == ListKind::Due && r.valid_until.is_some_and(|d| d < today);
            let since = r.since.map(|d| d.to_string()).unwrap_or_default();
            let tail = if lapsed { format!("{since} {}", words::lapsed(lang)) } else { since };
            let selected = hk.lost.is_none() && i == hk.selected;
            let text = format!(
                "{}{} {} {} {tail}",
                if selected { ">" } else { " " },
                cell(&r.file_no, 13, false, p),
                cell(&mask_name(&r.worker_name), 10, false, p),
                cell(category, cat_w, false, p),
            );
            if selected {
                selected_line = out.len();
            }
            let style = if selected {
                p.theme.selected
            } else if lapsed {
                p.theme.error
            } else {
                p.theme.base
            };
            out.push((text, style));
        }
    }
    let rows = hk.shown.or(10);
    (out, selected_line.saturating_sub(rows.saturating_sub(1)))
}

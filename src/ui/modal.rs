//! Modals drawn over the body: help (generated from the keymap), yes/no questions, reasons.

use super::{Painter, chrome, width};
use crate::app::keymap::{self, Action};
use crate::app::{App, Modal, Screen};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::widgets::{Block, Clear, Widget};

pub fn draw(buf: &mut Buffer, body: Rect, app: &App, p: &Painter, modal: &Modal) -> Option<(u16, u16)> {
    if let Modal::Form(f) = modal {
        return form_modal(buf, body, p, f);
    }
    let (title, lines) = match modal {
        Modal::Pick(pick) => (
            pick.title.clone(),
            pick.options
                .iter()
                .enumerate()
                .map(|(i, o)| match &pick.ticks {
                    Some(t) => format!("{} [{}] {o}", i + 1, if t[i] { "x" } else { " " }),
                    None => format!("{} {o}", i + 1),
                })
                .collect(),
        ),
        Modal::Form(_) => (String::new(), vec![]),
        Modal::Help => (app.ui.help_title.to_string(), help_lines(app)),
        Modal::ConfirmQuit => (app.ui.quit_confirm.to_string(), vec![]),
        Modal::ConfirmSwitch => (app.ui.switch_confirm.to_string(), vec![]),
        Modal::ConfirmDiscard => (app.ui.discard_confirm.to_string(), vec![]),
        Modal::RevealReason => (
            app.ui.reveal_title.to_string(),
            app.settings
                .config
                .privacy
                .reveal_reasons
                .iter()
                .enumerate()
                .map(|(i, r)| format!("{} {r}", i + 1))
                .collect(),
        ),
    };
    let content_w =
        lines.iter().map(|l| width::width(l)).chain([width::width(&title)]).max().unwrap_or(20) as u16;
    let area = boxed(buf, body, p, (content_w + 4).max(30), lines.len() as u16 + 4);
    let w = area.width;
    p.put(buf, area.x + 2, area.y + 1, &title, w - 4, p.theme.title);
    for (i, line) in lines.iter().enumerate() {
        let y = area.y + 2 + i as u16;
        if y >= area.y + area.height - 1 {
            break;
        }
        p.put(buf, area.x + 2, y, line, w - 4, p.theme.base);
    }
    None
}

fn boxed(buf: &mut Buffer, body: Rect, p: &Painter, w: u16, h: u16) -> Rect {
    let w = w.min(body.width - 2);
    let h = h.min(body.height);
    let area =
        Rect { x: body.x + (body.width - w) / 2, y: body.y + (body.height - h) / 2, width: w, height: h };
    let margin = Rect { x: area.x.saturating_sub(1).max(body.x), width: (w + 2).min(body.width), ..area };
    Clear.render(margin, buf);
    let set = if p.amb == width::Ambiguous::Wide { chrome::ASCII_BORDER } else { border::PLAIN };
    Block::bordered().border_set(set).border_style(p.theme.border).render(area, buf);
    area
}

fn form_modal(buf: &mut Buffer, body: Rect, p: &Painter, f: &crate::app::ModalForm) -> Option<(u16, u16)> {
    let label_w = f.form.fields.iter().map(|x| width::width(&x.label)).max().unwrap_or(4) as u16;
    let inner_w = 56u16;
    let h = super::form::height(&f.form, inner_w, label_w) + 4;
    let area = boxed(buf, body, p, inner_w + 4, h);
    p.put(buf, area.x + 2, area.y + 1, &f.title, area.width - 4, p.theme.title);
    let inner = Rect { x: area.x + 1, y: area.y + 2, width: area.width - 3, height: area.height - 3 };
    super::form::draw(buf, inner, &f.form, p, label_w)
}

/// Every key that works on the screen under the help, with all its keys and leader form.
fn help_lines(app: &App) -> Vec<String> {
    let layers = app.screen_layers();
    let allowed = match &app.screen {
        Screen::Main(s) => s.tabs(),
        _ => vec![],
    };
    let entries: Vec<(String, &str)> = keymap::active(&layers)
        .filter(|b| match b.action {
            Action::GoTab(t) => allowed.contains(&t),
            _ => true,
        })
        .map(|b| (chrome::binding_keys(app, b.keys, b.leader), b.action.label(app.ui)))
        .collect();
    let key_w = entries.iter().map(|(k, _)| width::width(k)).max().unwrap_or(0);
    entries.into_iter().map(|(k, l)| format!("{}  {l}", width::fit(&k, key_w, app.amb))).collect()
}

//! Semantic styles from the 16 ANSI colours; `high-contrast` and `mono` (also forced by
//! NO_COLOR). No state is shown by colour alone: markers and modifiers carry it too.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub base: Style,
    pub border: Style,
    pub title: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub hint_key: Style,
    pub hint: Style,
    pub label: Style,
    pub focus: Style,
    pub error: Style,
    pub muted: Style,
    pub banner: Style,
    pub selected: Style,
    pub notice: Style,
}

impl Theme {
    pub fn named(name: &str, no_color: bool) -> Theme {
        if no_color {
            return Theme::mono();
        }
        match name {
            "mono" => Theme::mono(),
            "high-contrast" => Theme::high_contrast(),
            _ => Theme::default_16(),
        }
    }

    fn default_16() -> Theme {
        let s = Style::default();
        Theme {
            base: s,
            border: s.fg(Color::Blue),
            title: s.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            tab: s,
            tab_active: s.fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD),
            hint_key: s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            hint: s,
            label: s.fg(Color::Cyan),
            focus: s.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            error: s.fg(Color::Red).add_modifier(Modifier::BOLD),
            muted: s.fg(Color::DarkGray),
            banner: s.fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD),
            selected: s.add_modifier(Modifier::REVERSED),
            notice: s.fg(Color::Green),
        }
    }

    fn high_contrast() -> Theme {
        let s = Style::default().fg(Color::White).bg(Color::Black);
        Theme {
            base: s,
            border: s.fg(Color::White),
            title: s.fg(Color::White).add_modifier(Modifier::BOLD),
            tab: s,
            tab_active: s.fg(Color::Black).bg(Color::White).add_modifier(Modifier::BOLD),
            hint_key: s.fg(Color::LightYellow).add_modifier(Modifier::BOLD),
            hint: s,
            label: s.fg(Color::LightCyan).add_modifier(Modifier::BOLD),
            focus: s.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            error: s.fg(Color::LightRed).add_modifier(Modifier::BOLD),
            muted: s.fg(Color::Gray),
            banner: s.fg(Color::Black).bg(Color::LightYellow).add_modifier(Modifier::BOLD),
            selected: s.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            notice: s.fg(Color::LightGreen).add_modifier(Modifier::BOLD),
        }
    }

    fn mono() -> Theme {
        let s = Style::default();
        Theme {
            base: s,
            border: s,
            title: s.add_modifier(Modifier::BOLD),
            tab: s,
            tab_active: s.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            hint_key: s.add_modifier(Modifier::BOLD),
            hint: s,
            label: s,
            focus: s.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            error: s.add_modifier(Modifier::BOLD),
            muted: s.add_modifier(Modifier::DIM),
            banner: s.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            selected: s.add_modifier(Modifier::REVERSED),
            notice: s.add_modifier(Modifier::BOLD),
        }
    }
}

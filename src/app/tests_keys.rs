//! The shell's key plumbing on every tab: each leader letter does what its Alt key does, and a
//! paste lands in the focused field of the topmost form.

use super::keymap::{self, KEYMAP, Key, Layer};
use super::*;

type Path = Vec<(KeyCode, KeyModifiers)>;

/// The paths that reach every page of every tab, as keys from F1 at login.
fn paths() -> Vec<Path> {
    let f = |n| (KeyCode::F(n), KeyModifiers::NONE);
    let k = (KeyCode::Char('k'), KeyModifiers::ALT);
    let mut out = vec![vec![], vec![(KeyCode::Char('l'), KeyModifiers::ALT)]];
    for tab in 1..=6 {
        for pages in 0..5 {
            let mut p = vec![f(tab)];
            p.extend(std::iter::repeat_n(k, pages));
            out.push(p);
        }
    }
    // F1's list pane.
    out.push(vec![(KeyCode::BackTab, KeyModifiers::SHIFT)]);
    out
}

/// The supervisor at window 1, on F1, without a login's PIN hashing (many are built here).
fn logged_in() -> Harness {
    let mut h = Harness::new(Some("w1"));
    let clerk = clerks::by_login(&h.db.conn, "8001").unwrap();
    let setup = Setup {
        settings: h.app.settings.clone(),
        lang: crate::i18n::Lang::Zh,
        window: Some("w1".into()),
        demo: false,
        first_run: false,
        config_differs: false,
        schema_version: db::LATEST_VERSION,
        auto_login: clerk,
    };
    h.app = App::new(setup, now());
    h.press(KeyCode::F(1));
    h
}

fn screen(h: &mut Harness) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    term.draw(|f| crate::ui::draw(f, &h.app)).unwrap();
    let buf = term.backend().buffer().clone();
    let rows = buf.content().chunks(80).map(|row| row.iter().map(|c| c.symbol()).collect::<String>());
    let text = rows.collect::<Vec<_>>().join("\n");
    // The queue's times of day come from the wall clock.
    text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
}

fn walk(path: &[(KeyCode, KeyModifiers)]) -> Harness {
    let mut h = logged_in();
    for (code, mods) in path {
        h.key(*code, *mods);
    }
    h
}

/// The first path whose layers give `b` for both its Alt key and its letter.
fn reach<'p>(
    pages: &'p [(Path, Vec<Layer>)],
    b: &'static keymap::Binding,
    alt: char,
    letter: char,
) -> Option<&'p [(KeyCode, KeyModifiers)]> {
    pages.iter().find_map(|(path, layers)| {
        let by_alt = keymap::lookup(layers, Key::Alt(alt)).is_some_and(|x| std::ptr::eq(x, b));
        let by_leader = keymap::lookup_leader(layers, letter).is_some_and(|x| std::ptr::eq(x, b));
        (by_alt && by_leader).then_some(path.as_slice())
    })
}

#[test]
fn every_leader_letter_does_what_its_alt_key_does_on_every_tab() {
    let pages: Vec<_> = paths().into_iter().map(|p| (p.clone(), walk(&p).app.layers())).collect();
    let mut checked = 0;
    let mut idle = vec![];
    for b in KEYMAP {
        let Some(letter) = b.leader else { continue };
        let Some(alt) = b.keys.iter().find_map(|k| if let Key::Alt(c) = k { Some(*c) } else { None }) else {
            continue;
        };
        let Some(path) = reach(&pages, b, alt, letter) else {
            panic!("no page reaches {:?} for Alt+{alt} / Ctrl+G {letter}", b.layer);
        };
        let (mut by_alt, mut by_leader) = (walk(path), walk(path));
        let before = screen(&mut by_alt);
        by_alt.effects.clear();
        by_leader.effects.clear();
        by_alt.ms += 200;
        by_alt.alt(alt);
        by_leader.ctrl('g');
        by_leader.typ(&letter.to_string());
        let what = format!("{:?} on {:?}", b.action, b.layer);
        assert_eq!(format!("{:?}", by_leader.effects), format!("{:?}", by_alt.effects), "{what}: effects");
        assert_eq!(by_leader.app.flash, by_alt.app.flash, "{what}: message");
        assert_eq!(screen(&mut by_leader), screen(&mut by_alt), "{what}: screen");
        if b.layer != Layer::Session {
            // The tab's own keys must do something a clerk can see (a dialog, a message, a
            // page, a request), or the comparison above proves nothing.
            let acted =
                screen(&mut by_alt) != before || !by_alt.effects.is_empty() || by_alt.app.flash.is_some();
            if !acted {
                idle.push(what);
            }
        }
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} leader bindings checked");
    assert!(idle.is_empty(), "these did nothing visible, so the comparison proves nothing: {idle:#?}");
}

fn paste(h: &mut Harness, text: &str) {
    h.send(Event::Paste(text.to_string()));
}

fn dialog_value(h: &Harness) -> String {
    let Some(Modal::Form(m)) = &h.app.modal else { panic!("no dialog form open: {:?}", h.app.modal) };
    m.form.focused().value().to_string()
}

#[test]
fn a_paste_goes_to_the_dialog_on_top_on_every_tab_never_the_form_beneath() {
    for tab in 1..=6u8 {
        let mut h = logged_in();
        h.press(KeyCode::F(tab));
        h.alt('i');
        paste(&mut h, "739184");
        assert_eq!(dialog_value(&h), "739184", "F{tab}: the PIN dialog gets the paste");
        let s = h.session();
        assert_eq!(s.walkins.form.value("id"), "", "F{tab}: F1's form beneath is untouched");
        assert_eq!(s.claims.form.value("id"), "", "F{tab}: F2's ID beneath is untouched");
    }
    // F5's range and F6's new account are dialogs of their own.
    let mut h = logged_in();
    h.press(KeyCode::F(5));
    h.alt('d');
    paste(&mut h, "2026-11-01");
    assert_eq!(dialog_value(&h), "2026-11-01");
    let mut h = logged_in();
    h.press(KeyCode::F(6));
    h.alt('a');
    paste(&mut h, "8009");
    assert_eq!(dialog_value(&h), "8009");
}

#[test]
fn a_paste_while_a_choice_is_open_goes_nowhere() {
    let mut h = logged_in();
    h.press(KeyCode::F(2));
    paste(&mut h, "11010519491231002X");
    assert_eq!(h.session().claims.form.value("id"), "11010519491231002X");
    // A look-up without a ticket asks the reason first: a pick, not a form.
    h.press(KeyCode::Enter);
    assert!(matches!(h.app.modal, Some(Modal::Pick(_))), "{:?}", h.app.modal);
    paste(&mut h, "330281195504150407");
    assert_eq!(h.session().claims.form.value("id"), "11010519491231002X");
}

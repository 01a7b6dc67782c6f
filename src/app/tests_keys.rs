//! The shell's key plumbing on every tab: each leader letter does what its Alt key does, and a
//! paste lands in the focused field of the topmost form.

use super::keymap::{self, KEYMAP, Key, Layer};
use super::*;
use crate::app::form::FieldId;

/// Keys from a start: F1 logged in, or the first-run screen of an empty file.
type Path = (bool, Vec<(KeyCode, KeyModifiers)>);

/// The paths that reach every page of every tab, the lock, a dialog, the login and the
/// first-run screens.
fn paths() -> Vec<Path> {
    let f = |n| (KeyCode::F(n), KeyModifiers::NONE);
    let alt = |c| (KeyCode::Char(c), KeyModifiers::ALT);
    let k = alt('k');
    let pin = PIN.chars().map(|c| (KeyCode::Char(c), KeyModifiers::NONE));
    let locked: Vec<_> = std::iter::once(alt('l')).chain(pin).collect();
    let mut out = vec![vec![], locked, vec![alt('i')], vec![alt('u'), (KeyCode::Enter, KeyModifiers::NONE)]];
    for tab in 1..=6 {
        for pages in 0..5 {
            let mut p = vec![f(tab)];
            p.extend(std::iter::repeat_n(k, pages));
            out.push(p);
        }
    }
    // F5's ledger: a programme's payments (its objection keys).
    out.push(vec![f(5), k, (KeyCode::Enter, KeyModifiers::NONE)]);
    // F1's list pane.
    out.push(vec![(KeyCode::BackTab, KeyModifiers::SHIFT)]);
    // F6's budgets page (Alt+B, out of Alt+K's round).
    out.push(vec![f(6), alt('b')]);
    // F2's application form for the worker on record (its own keys: a member row more or less).
    let mut form = vec![f(2)];
    form.extend("11010519491231002X".chars().map(|c| (KeyCode::Char(c), KeyModifiers::NONE)));
    form.extend([
        (KeyCode::Enter, KeyModifiers::NONE),
        (KeyCode::Char('1'), KeyModifiers::NONE),
        k,
        alt('a'),
    ]);
    out.push(form);
    let mut out: Vec<Path> = out.into_iter().map(|p| (false, p)).collect();
    out.push((true, vec![]));
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
    let id = crate::domain::IdNumber::from_stored("11010519491231002X").unwrap();
    let known = crate::db::workers::Known { name: "王建国", phone: "", work_unit: "", email: "" };
    crate::db::workers::upsert(&h.db.conn, &id, &known, now()).unwrap();
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

fn walk((first_run, keys): &Path) -> Harness {
    let mut h = if *first_run { Harness::with(Some("w1"), &[]) } else { logged_in() };
    for (code, mods) in keys {
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
) -> Option<&'p Path> {
    pages.iter().find_map(|(path, layers)| {
        let by_alt = keymap::lookup(layers, Key::Alt(alt)).is_some_and(|x| std::ptr::eq(x, b));
        let by_leader = keymap::lookup_leader(layers, letter).is_some_and(|x| std::ptr::eq(x, b));
        (by_alt && by_leader).then_some(path)
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
        assert_eq!(s.walkins.form.value(FieldId::Id), "", "F{tab}: F1's form beneath is untouched");
        assert_eq!(s.claims.form.value(FieldId::Id), "", "F{tab}: F2's ID beneath is untouched");
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
    assert_eq!(h.session().claims.form.value(FieldId::Id), "11010519491231002X");
    // A look-up without a ticket asks the reason first: a pick, not a form.
    h.press(KeyCode::Enter);
    assert!(matches!(h.app.modal, Some(Modal::Pick(_))), "{:?}", h.app.modal);
    paste(&mut h, "330281195504150407");
    assert_eq!(h.session().claims.form.value(FieldId::Id), "11010519491231002X");
}

/// F2, a worker looked up, the new-claim dialog open with a note typed.
fn claim_dialog_with_a_note() -> Harness {
    let mut h = logged_in();
    h.press(KeyCode::F(2));
    h.typ("11010519491231002X");
    h.press(KeyCode::Enter);
    h.typ("1");
    h.alt('a');
    for _ in 0..3 {
        h.press(KeyCode::Tab);
    }
    h.typ("复印件已收");
    h
}

#[test]
fn alt_l_in_a_dialog_locks_and_the_pin_typed_next_unlocks_instead_of_landing_in_the_dialog() {
    let mut h = claim_dialog_with_a_note();
    let before = dialog_value(&h);
    h.alt('l');
    assert!(h.session().lock.is_some(), "Alt+L locks from inside a dialog");
    assert!(h.app.modal.is_none(), "the lock screen is in front, not the dialog");
    h.typ(PIN);
    h.press(KeyCode::Enter);
    assert!(h.session().lock.is_none(), "the PIN went to the lock screen");
    assert_eq!(dialog_value(&h), before, "the dialog comes back as it was, without the PIN");
    // And with the leader.
    h.ctrl('g');
    h.typ("l");
    assert!(h.session().lock.is_some());
}

#[test]
fn help_over_a_dialog_keeps_the_dialog() {
    let mut h = claim_dialog_with_a_note();
    h.press(KeyCode::F(12));
    assert!(matches!(h.app.modal, Some(Modal::Help)));
    assert!(h.app.help_layers().contains(&Layer::Form), "help lists the dialog's keys");
    h.press(KeyCode::Esc);
    assert_eq!(dialog_value(&h), "复印件已收");
}

#[test]
fn esc_on_a_dialog_with_typing_asks_first_and_esc_again_keeps_it() {
    let mut h = logged_in();
    h.alt('i');
    h.press(KeyCode::Esc);
    assert!(h.app.modal.is_none(), "nothing typed: Esc closes at once");
    h.alt('i');
    h.typ("1234");
    h.press(KeyCode::Esc);
    assert!(matches!(h.app.modal, Some(Modal::ConfirmDiscard)), "{:?}", h.app.modal);
    h.press(KeyCode::Esc);
    assert_eq!(dialog_value(&h), "1234", "Esc on the question keeps the dialog and its text");
    h.press(KeyCode::Esc);
    h.press(KeyCode::Enter);
    assert!(h.app.modal.is_none(), "Enter on the question discards the dialog");
    assert!(h.app.beneath.is_empty());
}

#[test]
fn a_paste_too_long_for_its_field_says_so() {
    let mut h = logged_in();
    h.typ("1");
    if let Screen::Main(s) = &mut h.app.screen {
        s.walkins.form.focus_on(FieldId::Note);
    }
    paste(&mut h, &"字".repeat(10_050));
    assert_eq!(h.session().walkins.form.value(FieldId::Note).chars().count(), 10_000);
    let flash = h.app.flash.clone().unwrap_or_default();
    assert!(flash.contains("50"), "the clerk is told 50 characters did not go in: {flash}");
}

#[test]
fn with_the_list_focused_only_the_list_shows_a_focus_marker() {
    let mut h = logged_in();
    h.typ("1");
    h.press(KeyCode::Enter);
    h.key(KeyCode::BackTab, KeyModifiers::SHIFT);
    let screen = screen(&mut h);
    let markers = screen.lines().filter(|l| l.trim_start_matches('│').starts_with('>')).count();
    assert_eq!(markers, 0, "the form shows no '>' while the list has the keys:\n{screen}");
}

/// Help says once that every Alt key also works as Ctrl+G then that key: the keymap keeps it
/// true (a layer with any leader letter gives every Alt key its letter).
#[test]
fn every_alt_key_has_its_leader_letter_where_help_says_so() {
    for b in KEYMAP {
        let alts: Vec<char> =
            b.keys.iter().filter_map(|k| if let Key::Alt(c) = k { Some(*c) } else { None }).collect();
        if let Some(letter) = b.leader {
            assert!(
                alts.contains(&letter),
                "{:?} on {:?}: Ctrl+G {letter} without Alt+{letter}",
                b.action,
                b.layer
            );
        }
        let layer_has_leader = KEYMAP.iter().any(|x| x.layer == b.layer && x.leader.is_some());
        if layer_has_leader && let Some(alt) = alts.first() {
            assert_eq!(b.leader, Some(*alt), "{:?} on {:?}: Alt+{alt} has no Ctrl+G form", b.action, b.layer);
        }
    }
}

/// At 80×24 in Chinese, help shows every key of every page whole: none cut off the box.
#[test]
fn help_shows_every_key_of_every_page_at_80_by_24() {
    for path in paths() {
        let mut h = walk(&path);
        h.press(KeyCode::F(12));
        if !matches!(h.app.modal, Some(Modal::Help)) {
            continue;
        }
        let layers = h.app.help_layers();
        let shown = screen(&mut h).replace(' ', "");
        // Every key offered there (Alt+V only where something is revealable).
        let offered = |b: &&keymap::Binding| crate::ui::chrome::offered(&h.app, b);
        let keys: Vec<_> = keymap::active(&layers)
            .filter(|b| !matches!(b.action, keymap::Action::GoTab(_)))
            .filter(offered)
            .collect();
        for b in keys {
            let label: String = b.action.label(h.app.ui).replace(' ', "");
            let label: String = label.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect();
            assert!(shown.contains(&label), "{path:?}: help lacks {label}:\n{}", screen(&mut h));
        }
    }
}

/// Two terminals on a new file: the second to create the first account is told so in Chinese
/// (it was the only English sentence left on the first-run screen).
#[test]
fn the_first_run_lost_to_another_terminal_says_so_in_chinese() {
    let mut h = Harness::with(Some("w1"), &[]);
    let hash = crate::domain::pin::hash_pin(PIN, &[5; 16]).unwrap();
    clerks::insert(&h.db.conn, "8001", "周主任", crate::domain::Role::Supervisor, &hash, now()).unwrap();
    h.typ("9001");
    h.press(KeyCode::Tab);
    h.typ("张主任");
    h.press(KeyCode::Tab);
    h.typ("739184");
    h.press(KeyCode::Tab);
    h.typ("739184");
    h.press(KeyCode::Enter);
    assert_eq!(h.app.flash.as_deref(), Some("另一台终端已先创建了第一个账号，请用那个账号登录"));
}

/// The discard question is a dialog too: Alt+L locks from it (a clerk typing the PIN next must
/// not confirm the discard), and after unlocking the dialog is back with its text.
#[test]
fn alt_l_on_the_discard_question_locks_and_keeps_the_dialog() {
    let mut h = logged_in();
    h.alt('i');
    h.typ("1234");
    h.press(KeyCode::Esc);
    assert!(matches!(h.app.modal, Some(Modal::ConfirmDiscard)));
    h.alt('l');
    assert!(h.session().lock.is_some());
    h.typ(PIN);
    h.press(KeyCode::Enter);
    assert!(h.session().lock.is_none());
    assert_eq!(dialog_value(&h), "1234");
}

#[test]
fn a_leader_letter_that_does_nothing_here_says_so() {
    let mut h = logged_in();
    h.ctrl('g');
    h.typ("9");
    assert!(h.app.flash.as_deref().unwrap_or_default().contains("Ctrl+G 9"), "{:?}", h.app.flash);
}

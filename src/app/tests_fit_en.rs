//! `--lang en` at 80×24 on demo data: no English line is cut (`…`) where the Chinese is whole,
//! on every tab and page each role reaches, with its help (issue #28: `lead…`, `Preview (unit's
//! copy, then the wo…`, `type an ID number to see the worker …`).

use super::*;
use crate::i18n::Lang;

/// A terminal in `lang` on the demo's data.
fn demo(lang: Lang) -> Harness {
    let accounts: Vec<(&str, &str, Role)> =
        crate::cli::DEMO_CLERKS.iter().map(|(l, n, r)| (*l, *n, *r)).collect();
    let mut h = Harness::with_lang(Some("w1"), &accounts, lang);
    let path = h.db.path.clone();
    let settings = h.app.settings.clone();
    crate::cli::seed_data(&mut h.db.conn, &settings, &path, 1, now()).unwrap();
    h
}

/// A fresh kiosk on `h`'s file, logged in as `login` without a PIN's hashing.
fn open_as(h: &mut Harness, login: &str, lang: Lang) {
    let setup = Setup {
        settings: h.app.settings.clone(),
        lang,
        window: Some("w1".into()),
        demo: true,
        first_run: false,
        config_differs: false,
        schema_version: db::LATEST_VERSION,
        auto_login: clerks::by_login(&h.db.conn, login).unwrap(),
    };
    h.app = App::new(setup, now());
    h.tick(10);
}

/// The keys of every page: each tab, its pages by Alt+K, help over each; F1's list by Tab.
fn pages() -> Vec<Vec<(KeyCode, KeyModifiers)>> {
    let none = KeyModifiers::NONE;
    let mut out = vec![];
    for tab in 1..=6 {
        for n in 0..5 {
            let mut p = vec![(KeyCode::F(tab), none)];
            p.extend(std::iter::repeat_n((KeyCode::Char('k'), KeyModifiers::ALT), n));
            let mut help = p.clone();
            help.push((KeyCode::F(12), none));
            out.push(p);
            out.push(help);
        }
    }
    for tabs in 1..8 {
        let mut p = vec![(KeyCode::F(1), none)];
        p.extend(std::iter::repeat_n((KeyCode::Tab, none), tabs));
        out.push(p);
    }
    out
}

/// How many lines of the screen `keys` lead to are cut, and the screen.
fn cut_lines(h: &mut Harness, login: &str, lang: Lang, keys: &[(KeyCode, KeyModifiers)]) -> (usize, String) {
    open_as(h, login, lang);
    for (code, mods) in keys {
        h.key(*code, *mods);
        h.tick(10);
    }
    h.draw();
    let screen = h.screen();
    (screen.lines().filter(|l| l.contains('…')).count(), screen)
}

#[test]
fn no_english_line_is_cut_where_the_chinese_is_whole() {
    let (mut zh_h, mut en_h) = (demo(Lang::Zh), demo(Lang::En));
    let mut failures = vec![];
    for (login, ..) in crate::cli::DEMO_CLERKS {
        for keys in pages() {
            let (zh, _) = cut_lines(&mut zh_h, login, Lang::Zh, &keys);
            let (en, screen) = cut_lines(&mut en_h, login, Lang::En, &keys);
            if en > zh {
                failures.push(format!("{login} {keys:?}: {en} cut in English, {zh} in Chinese\n{screen}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `--lang en`: F4's expiry line joined its items with the Chinese `、`; no page a role reaches
/// joins a list so (F3's previews show the Chinese documents as printed, and are left out).
#[test]
fn english_lists_are_joined_in_english() {
    let mut h = demo(Lang::En);
    let mut failures = vec![];
    for (login, ..) in crate::cli::DEMO_CLERKS {
        for keys in pages().into_iter().filter(|k| k[0].0 != KeyCode::F(3)) {
            let (_, screen) = cut_lines(&mut h, login, Lang::En, &keys);
            if screen.contains('、') {
                failures.push(format!("{login} {keys:?}:\n{screen}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// #28 (tester): F4 › 今日记录 in English cut its action column (`give (tal…`, `in-hall u…`).
/// Every action word of the day's log is whole in either language.
#[test]
fn the_days_record_shows_each_action_word_whole() {
    use crate::rooms::station::View;
    for lang in [Lang::Zh, Lang::En] {
        let mut h = demo(lang);
        // Today's steps (the executor's day is the real clock's): a tally of water, a use.
        use super::station_steps::{by, item, stock};
        use crate::db::station_ops;
        stock(&mut h, "water", 24);
        stock(&mut h, "charger", 2);
        let (water, charger, b) = (item(&h, "water"), item(&h, "charger"), by(&h, Role::Volunteer));
        db::write(&mut h.db.conn, |tx| station_ops::give(tx, &water, 2, "", &b)).unwrap().unwrap();
        db::write(&mut h.db.conn, |tx| station_ops::start_use(tx, &charger, "", "", &b)).unwrap().unwrap();
        open_as(&mut h, "9001", lang);
        h.press(KeyCode::F(4));
        super::station::go(&mut h, View::Today);
        h.draw();
        let f4 = h.app.ui.f4;
        let words = [
            f4.kind_restock,
            f4.kind_give,
            f4.kind_tally,
            f4.kind_lend,
            f4.kind_return,
            f4.kind_count,
            f4.kind_adjust,
            f4.kind_lost,
            f4.kind_in_hall,
            f4.kind_refund,
        ];
        for w in words {
            // The column the words are drawn in (the day's log may not hold every kind).
            let width = crate::domain::width::width(w);
            assert!(width <= 10, "{lang:?}: `{w}` is {width} wide, the column 10");
        }
        let screen = h.screen();
        for kind in ["tally", "in_hall"] {
            let w = if kind == "tally" { f4.kind_tally } else { f4.kind_in_hall };
            assert!(
                super::station::t(&h).overview.moves.iter().any(|m| m.kind == kind),
                "{lang:?} no {kind}"
            );
            assert!(screen.contains(&format!(" {w} ")), "{lang:?}: `{w}` cut\n{screen}");
        }
    }
}

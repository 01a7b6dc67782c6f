//! The lobby board: what it reads, and that it shows no personal data.

mod common;

use chrono::{Duration, Utc};
use frontdesk::config::Settings;
use frontdesk::db::visits::{self, By, NewVisit, StepDetail};
use frontdesk::db::{self, OpenMode};
use frontdesk::domain::walkin::Step;

#[test]
fn the_board_shows_calls_and_next_tickets_but_no_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = db::open(&dir.path().join("fd.db"), OpenMode::Create).unwrap();
    let settings = Settings::builtin();
    let now = Utc::now();
    let day = frontdesk::domain::dates::local_day(now, settings.tz).to_string();
    let by = |w: &str, ago: i64| By {
        clerk_id: None,
        window: Some(w.into()),
        at: now - Duration::seconds(ago),
        day: day.clone(),
    };
    let mut ids = vec![];
    for _ in 0..3 {
        let v = NewVisit {
            matter: "medical_aid".into(),
            letter: "A".into(),
            name: "王建国".into(),
            ..Default::default()
        };
        ids.push(db::write(&mut d.conn, |tx| visits::issue(tx, &v, &by("desk", 600))).unwrap().visit_id);
    }
    db::write(&mut d.conn, |tx| {
        visits::step(tx, ids[0], Step::Call, &by("w1", 3), 3, &StepDetail::default())
    })
    .unwrap();
    let board = frontdesk::kiosk::board::read(&d.conn, &settings, now).unwrap();
    let large = board.large().expect("a call three seconds ago is shown large");
    assert_eq!((large.ticket.as_str(), large.window.as_str()), ("A001", "1号窗口"));
    assert_eq!(board.next[0], ("医疗互助".to_string(), vec!["A002".to_string(), "A003".to_string()]));
    let later = frontdesk::kiosk::board::read(&d.conn, &settings, now + Duration::seconds(11)).unwrap();
    assert!(later.large().is_none(), "ten seconds later it is only in the list");
    assert_eq!(later.recent.len(), 1);

    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    let painter = frontdesk::ui::Painter {
        theme: frontdesk::ui::theme::Theme::named("mono", true),
        amb: frontdesk::domain::width::Ambiguous::Narrow,
    };
    term.draw(|f| {
        let area = f.area();
        frontdesk::ui::board::draw(
            f.buffer_mut(),
            area,
            &board,
            &settings,
            frontdesk::i18n::Lang::Zh.ui(),
            &painter,
        )
    })
    .unwrap();
    let screen = common::screen::text(term.backend().buffer(), 80, 24).replace('\n', "");
    assert!(screen.contains("请 A001 号到 1号窗口 办理"));
    assert!(screen.contains("A002 A003"));
    assert!(!screen.contains("王"), "no names on the board");
}

//! F2's hardship forms, the try-out's defects (#25, tryout-42): masking of the disability
//! grade, a review's category reason, whole messages, long names, help and kept forms.

use super::hardship_apply::{on_page, q, seeded};
use super::*;
use crate::rooms::claims::hardship_apply::open_form;

/// Tab until the focused field (of the rest of the form) is labelled `label`.
fn to_field(h: &mut Harness, label: &str) {
    for _ in 0..60 {
        let here = match &h.app.screen {
            crate::app::Screen::Main(s) => {
                open_form(s).map(|f| f.row.is_none() && f.rest.focused().label == label)
            }
            _ => None,
        };
        if here != Some(false) {
            return;
        }
        h.press(KeyCode::Tab);
    }
    panic!("no field {label}:\n{}", h.screen());
}

/// The screen's lines trimmed and joined, spaces gone: a wrapped message reads whole.
fn joined(h: &Harness) -> String {
    h.screen().lines().map(str::trim).collect::<String>().replace(' ', "")
}

#[test]
fn the_grade_of_a_masked_health_is_masked_too() {
    let mut h = clerk();
    seeded(&h, false, false);
    h.db.conn
        .execute("UPDATE hardship_members SET health = 'disabled', disability_grade = 2 WHERE seq = 2", [])
        .unwrap();
    on_page(&mut h);
    h.alt('e');
    let screen = h.screen();
    let row = screen.lines().find(|l| l.contains("王小明")).unwrap_or_else(|| panic!("{screen}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells.iter().filter(|c| **c == "**").count(), 2, "health and grade masked: {row}\n{screen}");
}

#[test]
fn a_review_in_another_category_needs_a_reason_kept_on_the_review() {
    let mut h = clerk();
    seeded(&h, false, true);
    on_page(&mut h);
    h.alt('r');
    h.press(KeyCode::PageDown);
    h.typ("3");
    to_field(&mut h, "年审结果");
    h.typ("1");
    to_field(&mut h, "核对日期");
    h.typ("2026-11-25");
    h.press(KeyCode::Tab);
    h.typ("民核2026-99");
    h.press(KeyCode::Tab);
    h.typ("1");
    h.alt('s');
    let n: i64 = q(&h, "SELECT COUNT(*) FROM hardship_reviews");
    assert_eq!(n, 0, "{:?}", h.app.flash);
    assert!(h.screen().contains("须填写理由"), "{}", h.screen());
    to_field(&mut h, "类别理由");
    h.typ("家中失火");
    h.alt('s');
    let (cat, note): (String, String) =
        h.db.conn
            .query_row("SELECT category, note FROM hardship_reviews", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap_or_else(|e| panic!("{e}: {:?}", h.app.flash));
    assert_eq!(cat, "sudden");
    assert!(note.contains("家中失火"), "{note}");
    let detail: String = q(&h, "SELECT detail FROM hardship_events WHERE action = 'review'");
    assert!(detail.contains("家中失火"), "{detail}");
}

#[test]
fn the_changed_elsewhere_message_wraps_whole_at_80() {
    let mut h = clerk();
    seeded(&h, true, false);
    on_page(&mut h);
    h.alt('e');
    let other = rusqlite::Connection::open(&h.db.path).unwrap();
    other.execute("UPDATE hardship_files SET version = version + 1", []).unwrap();
    h.alt('s');
    assert!(joined(&h).contains("表单保留，核对后再按Alt+S"), "{}", h.screen());
}

#[test]
fn a_long_member_name_shows_where_the_cursor_is() {
    let mut h = clerk();
    super::hardship_apply::worker(&h);
    on_page(&mut h);
    h.alt('a');
    h.alt('n');
    h.typ("欧阳纳兰慕容司马上官诸葛");
    h.press(KeyCode::Home);
    h.typ("Y");
    assert!(h.screen().contains("Y欧阳"), "{}", h.screen());
}

#[test]
fn a_negative_income_says_it_cannot_be_negative() {
    let mut h = clerk();
    super::hardship_apply::worker(&h);
    on_page(&mut h);
    h.alt('a');
    for _ in 0..5 {
        h.press(KeyCode::Tab);
    }
    h.typ("1");
    h.press(KeyCode::Tab);
    h.typ("-5");
    h.alt('s');
    assert!(h.screen().contains("不能为负"), "{}", h.screen());
}

#[test]
fn help_on_a_form_lists_remove_member_and_the_page_keys() {
    let mut h = clerk();
    super::hardship_apply::worker(&h);
    on_page(&mut h);
    h.alt('a');
    h.press(KeyCode::F(12));
    let screen = h.screen();
    for k in ["Alt+D", "PgDn", "PgUp", "Alt+N"] {
        assert!(screen.contains(k), "{k}:\n{screen}");
    }
}

#[test]
fn a_kept_form_the_file_moved_past_is_said_not_lost_silently() {
    let mut h = clerk();
    let file = seeded(&h, true, false);
    on_page(&mut h);
    h.alt('e');
    h.press(KeyCode::Esc);
    // Another terminal: the application approved, the page read again.
    let other = rusqlite::Connection::open(&h.db.path).unwrap();
    other
        .execute(
            "UPDATE hardship_files SET state = 'filed', returned = 0, filed_on = '2026-11-21',
                    valid_until = '2027-11-20', version = version + 1 WHERE id = ?1",
            [file],
        )
        .unwrap();
    h.press(KeyCode::F(2));
    on_page(&mut h);
    h.alt('e');
    let flash = h.app.flash.clone().unwrap_or_default();
    assert!(flash.contains("已不能保存") && flash.contains("在档"), "{flash}");
}

#[test]
fn a_kept_form_on_a_file_changed_since_opens_fresh_and_says_so() {
    let mut h = clerk();
    let file = seeded(&h, true, false);
    on_page(&mut h);
    h.alt('e');
    h.typ("甲");
    h.press(KeyCode::Esc);
    // Another terminal edits the application meanwhile; the page is read again.
    let other = rusqlite::Connection::open(&h.db.path).unwrap();
    other.execute("UPDATE hardship_files SET version = version + 1 WHERE id = ?1", [file]).unwrap();
    h.press(KeyCode::F(2));
    on_page(&mut h);
    h.alt('e');
    let flash = h.app.flash.clone().unwrap_or_default();
    assert!(flash.contains("已按现状重开"), "{flash}");
    assert!(!h.screen().contains("甲王建国"), "{}", h.screen());
}

#[test]
fn a_review_does_not_carry_the_applications_category_reason() {
    let mut h = clerk();
    seeded(&h, false, true);
    h.db.conn
        .execute("UPDATE hardship_files SET category_reason = '配偶有固定收入，按相对困难'", [])
        .unwrap();
    on_page(&mut h);
    h.alt('r');
    assert!(!h.screen().contains("配偶有固定收入"), "the old reason is not this review's:\n{}", h.screen());
    h.press(KeyCode::PageDown);
    h.typ("3");
    to_field(&mut h, "年审结果");
    h.typ("1");
    to_field(&mut h, "核对日期");
    h.typ("2026-11-25");
    h.press(KeyCode::Tab);
    h.typ("民核2026-99");
    h.press(KeyCode::Tab);
    h.typ("1");
    h.alt('s');
    let n: i64 = q(&h, "SELECT COUNT(*) FROM hardship_reviews");
    assert_eq!(n, 0, "a changed category needs this review's own reason: {:?}", h.app.flash);
    assert!(h.screen().contains("须填写理由"), "{}", h.screen());
}

//! F6's audit rows (issue #28, third round): a stock count's row names the item, an export's
//! detail and row read as words (not `from=Some(…)`), a loan search's row shows its (masked)
//! query, and the stock action is found by the words a supervisor types (盘点, 入库, 调整).

use super::admin_desk::{audit_row, search_action, supervisor_on_f6};
use super::*;

/// The result row of the one audit row found by `term`.
fn row_line(h: &mut Harness, term: &str, code: &str) -> String {
    assert_eq!(search_action(h, term), [code]);
    let screen = h.screen();
    screen.lines().find(|l| l.contains("09:41 8001")).unwrap_or_default().to_string()
}

#[test]
fn a_stock_rows_object_is_the_items_name() {
    let mut h = supervisor_on_f6();
    let item = h.app.settings.config.station.items[0].clone();
    audit_row(&h, "station_stock", &format!("item={} batch=B1 count +1 reason=盘点", item.code));
    let line = row_line(&mut h, "station_stock", "station_stock");
    assert!(line.contains(&item.name) && !line.contains(&item.code), "{line}");
}

#[test]
fn an_export_reads_as_words_in_its_row_and_its_detail() {
    let mut h = supervisor_on_f6();
    audit_row(&h, "export", "station from=Some(2026-11-01) to=Some(2026-12-04) unmasked=false");
    let line = row_line(&mut h, "export", "export");
    assert!(line.contains("station 2026-11-01–2026-12-04"), "{line}");
    h.press(KeyCode::Enter);
    let Some(Modal::Text { lines, .. }) = &h.app.modal else { panic!("{:?}", h.app.modal) };
    let all = lines.join("\n");
    assert!(all.contains("station 2026-11-01–2026-12-04 遮盖") && !all.contains("Some("), "{all}");
}

#[test]
fn a_loan_searchs_row_shows_its_query_as_the_detail_does() {
    let mut h = supervisor_on_f6();
    audit_row(&h, "station_search", "query=9284 found=1");
    let line = row_line(&mut h, "station_search", "station_search");
    assert!(line.contains("9284"), "{line}");
    audit_row(&h, "station_search", "query=张* found=2");
    h.app.modal = None;
    let screen = {
        search_action(&mut h, "station_search");
        h.screen()
    };
    assert!(screen.contains("张*"), "{screen}");
}

#[test]
fn the_stock_action_is_found_by_the_words_a_supervisor_types() {
    let mut h = supervisor_on_f6();
    audit_row(&h, "station_stock", "item=water batch=B1 count +1 reason=x");
    for term in ["盘点", "入库", "调整", "count", "restock"] {
        assert_eq!(search_action(&mut h, term), ["station_stock"], "{term}");
    }
}

/// In English an export's row was cut (`… 2026-12-04 mas…`): the row leaves out `masked`, which
/// every export is unless it says otherwise, and puts `unmasked` first; the detail says both.
#[test]
fn an_exports_row_is_whole_in_english_and_an_unmasked_one_says_so_first() {
    let mut h = Harness::with_lang(
        Some("w1"),
        &[("8001", "Zhou", Role::Supervisor), ("8002", "Wu", Role::Clerk)],
        crate::i18n::Lang::En,
    );
    h.login("8001", PIN);
    h.press(KeyCode::F(6));
    audit_row(&h, "export", "station from=2026-11-01 to=2026-12-04 unmasked=false");
    let line = row_line(&mut h, "export", "export");
    assert!(line.contains("station 2026-11-01–2026-12-04") && !line.contains('…'), "{line}");
    audit_row(&h, "export", "claims from=2026-11-01 to=2026-12-04 unmasked=true");
    search_action(&mut h, "export");
    let screen = h.screen();
    assert!(screen.lines().any(|l| l.contains("unmasked claims")), "{screen}");
}

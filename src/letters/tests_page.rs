//! The printed page (issue #22): a letter's title and number centred and every line kept
//! inside A4's margins; the roster a letter to the unit like the others.

use super::tests::{SECRET, by, issue_one, members, new, new_batch, setup};
use super::*;
use crate::db::letters;
use files::Layout;

#[test]
fn a_letters_page_centres_title_and_number_and_wraps_every_line() {
    let mut t = setup("欧阳建国", "");
    let l = new(&t, "欧阳建国");
    let a = issue_one(&mut t, &l);
    let files = outbox::contents(&t.settings, &a, None);
    let (_, page) = files.iter().find(|(n, _)| n.ends_with(".html")).unwrap();
    assert!(page.contains(&format!("<h1>疗养函</h1>\n<p class=\"number\">{}</p>", a.number)), "{page}");
    assert!(page.contains("h1 { ") && page.contains("text-align: center"), "{page}");
    // The record line (a long base64 word) breaks inside the margins instead of running off.
    let pre_rule = page.lines().find(|l| l.starts_with("pre {")).unwrap();
    assert!(pre_rule.contains("overflow-wrap: anywhere") && pre_rule.contains("word-break: break-all"));
    assert!(page.contains("@page { size: A4;"));
    // helper-12: the signature, 40 spaces in from the left, would wrap on A4; it is set
    // right-aligned instead, its spaces kept in the page.
    let centre = &t.settings.config.centre.name;
    assert!(page.contains(&format!("<span class=\"sign\">{}{centre}\n</span>", " ".repeat(40))), "{page}");
    assert!(page.contains(".sign { display: block; white-space: pre-line; text-align: right;"));
    assert_eq!(files::html_text(page).unwrap(), a.unit_text, "the page shows exactly the stored text");
    // The page as written before, still accepted by verification, is the text in one pre.
    let record = canonical_of(&a).unwrap().text();
    let old = files::html_in(Layout::V1, &a, &a.unit_text, &t.settings.config.centre.phone, &record);
    assert!(!old.contains("<h1>") && files::html_text(&old).unwrap() == a.unit_text);
    assert!(matches!(
        verify::by_file(&t.db.conn, &SECRET, &t.settings, old.as_bytes()).unwrap(),
        verify::FileVerdict::Letter(verify::Verdict::Valid(_))
    ));
}

#[test]
fn the_roster_is_a_letter_to_the_unit_on_a4() {
    let mut t = setup("王建国", "");
    let b = new_batch(members(&t, 3));
    let (batch_id, issued) = batch::issue(&mut t.db.conn, &t.settings, &SECRET, &b, &by()).unwrap().unwrap();
    let files = batch::roster_files(&t.settings, &t.db.conn, batch_id).unwrap();
    let (_, text) = &files[0];
    let (_, page) = &files[1];
    for want in [
        "@page { size: A4;",
        "<h1>疗休养人员名单</h1>",
        "<p class=\"number\">2026年第1批</p>",
        "安吉竹海疗休养基地：",
        "2026年12月8日至2026年12月12日",
        "共3人",
        "标准：每人每天 300 元",
        "<th>序号</th><th>编号</th><th>姓名</th><th>证件号</th><th>工作单位</th>",
        &t.settings.config.centre.name,
        "2026年11月28日",
    ] {
        assert!(page.contains(want), "{want} in {page}");
    }
    for want in ["疗休养人员名单\n2026年第1批\n", "安吉竹海疗休养基地：", "共3人", "2026年11月28日"]
    {
        assert!(text.contains(want), "{want} in {text}");
    }
    assert!(page.contains(&format!("<td>{}</td>", issued[2].number)));
    let m = mailparse::parse_mail(files[2].1.as_bytes()).unwrap();
    assert_eq!(m.subparts[1].get_body().unwrap().replace("\r\n", "\n"), page.replace("\r\n", "\n"));
    for (name, content) in &files {
        let v = verify::by_file(&t.db.conn, &SECRET, &t.settings, content.as_bytes()).unwrap();
        assert_eq!(v.word(), "valid", "{name}");
    }
    // The roster page as written before (a bare table) still verifies.
    let old = batch::roster_files_in(Layout::V1, &t.settings, &t.db.conn, batch_id).unwrap();
    assert!(!old[1].1.contains("@page"));
    assert_eq!(
        verify::by_file(&t.db.conn, &SECRET, &t.settings, old[1].1.as_bytes()).unwrap().word(),
        "valid"
    );
}

/// helper-17: the void notice's page was a bare `pre` (no A4, lines not wrapped).
#[test]
fn a_void_notice_prints_on_a4_like_the_letters() {
    let mut t = setup("王建国", "");
    let l = new(&t, "王建国");
    let a = issue_one(&mut t, &l);
    assert!(db::write(&mut t.db.conn, |tx| void_in(tx, &SECRET, &a, "日期有误", &by())).unwrap());
    let a = letters::by_id(&t.db.conn, a.id).unwrap().unwrap();
    let date = chrono::Utc::now().fixed_offset();
    let eml = notice::eml(&t.settings, &a, None, by().today, date, "n@x").unwrap();
    let m = mailparse::parse_mail(eml.as_bytes()).unwrap();
    let page = m.subparts[1].get_body().unwrap();
    assert!(page.contains("@page { size: A4;") && page.contains("white-space: pre-wrap"), "{page}");
    assert!(page.contains("<span class=\"sign\">"), "{page}");
}

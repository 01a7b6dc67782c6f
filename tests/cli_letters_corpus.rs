//! Verification sees what a person sees (issue #22, part A): a corpus of forged and honest
//! copies of a fresh demo's files, each run through the real `letter verify --file`.

mod common;
use common::*;

use std::path::{Path, PathBuf};

struct Demo {
    _dir: tempfile::TempDir,
    home: PathBuf,
    db: PathBuf,
    outbox: PathBuf,
}

fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_demo(dir.path());
    let home = dir.path().to_path_buf();
    let outbox = db.with_file_name("outbox");
    Demo { _dir: dir, home, db, outbox }
}

impl Demo {
    fn run(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(bin_under_test())
            .args(args)
            .arg("--db")
            .arg(&self.db)
            .env_clear()
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join("cfg"))
            .env("XDG_DATA_HOME", self.home.join("data"))
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TZ", "UTC")
            .output()
            .unwrap()
    }

    /// `letter verify --file` on these bytes: (exit code, what it printed).
    fn verify(&self, name: &str, bytes: &[u8]) -> (i32, String) {
        let path = self.home.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = self.run(&["letter", "verify", "--file", path.to_str().unwrap()]);
        (code(&out), stdout(&out).trim().to_string())
    }

    fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.outbox.join(name)).unwrap()
    }

    fn conn(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).unwrap()
    }
}

/// The demo's first letter that stands valid, with its files: its base name.
fn a_valid_letter(d: &Demo) -> String {
    let seq: u32 = d
        .conn()
        .query_row(
            "SELECT seq FROM letters WHERE type = 'recuperation' AND state = 'issued' AND replaced_by IS NULL
               AND replaces IS NULL AND files = 'written' AND batch_id IS NULL ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    format!("recuperation-2026-{seq:04}")
}

/// A relay that re-encodes every base64 part as quoted-printable, adds a Received header and
/// folds the subject differently (what passes through a real mail system).
fn relay_quoted_printable(eml: &str) -> String {
    use base64::Engine;
    let mut out = String::from(
        "Received: from relay.example.org by mx.example.org; Thu, 3 Dec 2026 10:00:00 +0800\r\n",
    );
    let mut rest = eml;
    let marker = "Content-Transfer-Encoding: base64\r\n\r\n";
    while let Some(at) = rest.find(marker) {
        out.push_str(&rest[..at]);
        out.push_str("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
        let body = &rest[at + marker.len()..];
        let end = body.find("\r\n--").unwrap();
        let raw = base64::engine::general_purpose::STANDARD.decode(body[..end].replace("\r\n", "")).unwrap();
        out.push_str(&quoted_printable::encode_to_str(&raw));
        rest = &body[end..];
    }
    out.push_str(rest);
    out
}

/// The message with one part's decoded body edited and encoded again.
fn edit_part(eml: &str, part: usize, edit: impl Fn(&str) -> String) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let marker = "Content-Transfer-Encoding: base64\r\n\r\n";
    let at = eml.match_indices(marker).nth(part).unwrap().0 + marker.len();
    let end = at + eml[at..].find("\r\n--").unwrap();
    let text = String::from_utf8(b64.decode(eml[at..end].replace("\r\n", "")).unwrap()).unwrap();
    format!("{}{}{}", &eml[..at], b64.encode(edit(&text)), &eml[end..])
}

fn header_line<'a>(eml: &'a str, name: &str) -> &'a str {
    let start = eml.find(&format!("\r\n{name}: ")).unwrap() + 2;
    let mut end = start + eml[start..].find("\r\n").unwrap();
    // Folded continuation lines belong to the header.
    while eml[end + 2..].starts_with(' ') {
        end = end + 2 + eml[end + 2..].find("\r\n").unwrap();
    }
    &eml[start..end]
}

fn encoded_word(s: &str) -> String {
    use base64::Engine;
    format!("=?UTF-8?B?{}?=", base64::engine::general_purpose::STANDARD.encode(s))
}

#[test]
fn forged_copies_are_altered_and_honest_copies_verify_as_what_they_are() {
    let d = demo();
    let base = a_valid_letter(&d);
    let txt = d.file(&format!("{base}.txt"));
    let html = d.file(&format!("{base}.html"));
    let eml = d.file(&format!("{base}.unit.eml"));
    let standard = "每人每天";
    assert!(txt.contains(standard) && html.contains("<pre>"), "{txt}");
    let forged_pre = html[html.find("<pre>").unwrap()..html.find("</pre>").unwrap() + 6]
        .replace(standard, "每人每天900元，原");

    let mut corpus: Vec<(&str, Vec<u8>, (i32, &str))> = vec![];
    let mut add =
        |name: &'static str, bytes: Vec<u8>, want: (i32, &'static str)| corpus.push((name, bytes, want));
    // Forgeries: each shows a person something we did not issue.
    add(
        "html_h1_outside_pre.html",
        html.replacen("<body>\n", "<body>\n<h1>紧急通知：本函名额增加至5人</h1>\n", 1).into_bytes(),
        (5, "altered"),
    );
    add(
        "html_p_outside_pre.html",
        html.replacen("</body>", "<p>另：标准提高至每人每天900元</p>\n</body>", 1).into_bytes(),
        (5, "altered"),
    );
    add(
        "html_style_block_hides_pre.html",
        html.replacen("</style>", "pre { display: none; }\n.f { white-space: pre-wrap; }\n</style>", 1)
            .replacen(
                "</pre>",
                &format!("</pre>\n<div class=\"f\">{}</div>", &forged_pre[5..forged_pre.len() - 6]),
                1,
            )
            .into_bytes(),
        (5, "altered"),
    );
    add(
        "html_style_attribute_hides_pre.html",
        html.replacen("</pre>", &format!("</pre>\n{forged_pre}"), 1)
            .replacen("<pre>", "<pre style=\"display:none\">", 1)
            .into_bytes(),
        (5, "altered"),
    );
    add(
        "html_hidden_attribute.html",
        html.replacen("</pre>", &format!("</pre>\n{forged_pre}"), 1)
            .replacen("<pre>", "<pre hidden>", 1)
            .into_bytes(),
        (5, "altered"),
    );
    add(
        "html_script.html",
        html.replacen(
            "</body>",
            "<script>document.querySelector('pre').textContent += '名额5人';</script></body>",
            1,
        )
        .into_bytes(),
        (5, "altered"),
    );
    add("html_comment.html", html.replacen("<pre>", "<!-- 附注 --><pre>", 1).into_bytes(), (5, "altered"));
    add("txt_one_character.txt", txt.replacen(standard, "每人每月", 1).into_bytes(), (5, "altered"));
    add(
        "eml_html_part_changed.eml",
        edit_part(&eml, 1, |page| page.replacen(standard, "每人每天900元，原", 1)).into_bytes(),
        (5, "altered"),
    );
    add(
        "eml_plain_part_changed.eml",
        edit_part(&eml, 0, |text| text.replacen(standard, "每人每天900元，原", 1)).into_bytes(),
        (5, "altered"),
    );
    let subject = header_line(&eml, "Subject");
    add(
        "eml_subject_changed.eml",
        eml.replacen(subject, &format!("Subject: {}", encoded_word("疗养函 紧急：名额增加至5人")), 1)
            .into_bytes(),
        (5, "altered"),
    );
    let to = header_line(&eml, "To");
    add(
        "eml_to_changed.eml",
        eml.replacen(
            to,
            &format!("To: {} <booking@forger.example>", encoded_word("四明山职工疗休养基地")),
            1,
        )
        .into_bytes(),
        (5, "altered"),
    );
    add(
        "eml_cc_added.eml",
        eml.replacen("\r\nSubject: ", "\r\nCc: boss@forger.example\r\nSubject: ", 1).into_bytes(),
        (5, "altered"),
    );
    // The message's shape: how a client lays it out or acts on it (helper-11).
    let shape = [
        ("eml_mixed.eml", "multipart/alternative", "multipart/mixed"),
        ("eml_related.eml", "multipart/alternative", "multipart/related"),
        (
            "eml_html_attachment.eml",
            "Content-Type: text/html; charset=utf-8\r\n",
            "Content-Type: text/html; charset=utf-8\r\nContent-Disposition: attachment\r\n",
        ),
        (
            "eml_flowed.eml",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Type: text/plain; charset=utf-8; format=flowed",
        ),
        ("eml_bcc_added.eml", "\r\nSubject: ", "\r\nBcc: boss@forger.example\r\nSubject: "),
        ("eml_resent_from.eml", "\r\nSubject: ", "\r\nResent-From: boss@forger.example\r\nSubject: "),
        (
            "eml_read_receipt.eml",
            "\r\nSubject: ",
            "\r\nDisposition-Notification-To: spy@forger.example\r\nSubject: ",
        ),
    ];
    // helper-12's: headers some clients show, a MIME-Version dropped (then the raw parts
    // show), a part's description, the code header changed, a page's charset lie.
    let more = [
        (
            "eml_organization.eml",
            "\r\nSubject: ",
            "\r\nOrganization: =?UTF-8?B?5ZCN6aKd5aKe6IezNeS6ug==?=\r\nSubject: ",
        ),
        ("eml_keywords.eml", "\r\nSubject: ", "\r\nKeywords: urgent\r\nSubject: "),
        ("eml_no_mime_version.eml", "MIME-Version: 1.0\r\n", ""),
        (
            "eml_part_description.eml",
            "Content-Type: text/html; charset=utf-8\r\n",
            "Content-Type: text/html; charset=utf-8\r\nContent-Description: 5 places\r\n",
        ),
    ];
    for (name, from, to) in more {
        assert!(eml.contains(from), "{name}");
        add(name, eml.replacen(from, to, 1).into_bytes(), (5, "altered"));
    }
    // helper-15's: the signed record's header, a description of the whole message, headers
    // Outlook shows.
    let record_line = header_line(&eml, "X-Frontdesk-Record");
    add(
        "eml_record_header.eml",
        eml.replacen(record_line, "X-Frontdesk-Record: YWJj", 1).into_bytes(),
        (5, "altered"),
    );
    for (name, header) in [
        ("eml_top_description.eml", "Content-Description: =?UTF-8?B?57Sn5oCl77ya5ZCN6aKd5aKe6IezNeS6ug==?="),
        ("eml_thread_topic.eml", "Thread-Topic: urgent"),
        ("eml_importance.eml", "Importance: high"),
        ("eml_x_priority.eml", "X-Priority: 1"),
    ] {
        add(
            name,
            eml.replacen("\r\nSubject: ", &format!("\r\n{header}\r\nSubject: "), 1).into_bytes(),
            (5, "altered"),
        );
    }
    // helper-17: a second boundary parameter (Python's email reads the first, a forged one)
    // or a second Content-Type header: readers differ on which counts.
    assert!(eml.contains(" boundary=\""));
    add(
        "eml_dup_boundary.eml",
        eml.replacen(" boundary=\"", " boundary=\"ZZforged\"; boundary=\"", 1).into_bytes(),
        (5, "altered"),
    );
    add(
        "eml_dup_boundary_rfc2231.eml",
        eml.replacen(" boundary=\"", " boundary*0=\"EVIL\"; boundary=\"", 1).into_bytes(),
        (5, "altered"),
    );
    add(
        "eml_subject_spaced.eml",
        eml.replacen("\r\nSubject: ", "\r\nSubject : forged\r\nSubject: ", 1).into_bytes(),
        (5, "altered"),
    );
    add(
        "eml_dup_content_type.eml",
        eml.replacen("\r\nSubject: ", "\r\nContent-Type: text/plain\r\nSubject: ", 1).into_bytes(),
        (5, "altered"),
    );
    let code_line = header_line(&eml, "X-Frontdesk-Code");
    add(
        "eml_code_header.eml",
        eml.replacen(code_line, "X-Frontdesk-Code: AAAAA-AAAAA", 1).into_bytes(),
        (5, "altered"),
    );
    add(
        "html_charset_lie.html",
        html.replacen("charset=\"utf-8\"", "charset=\"gb18030\"", 1).into_bytes(),
        (5, "altered"),
    );
    for (name, from, to) in shape {
        assert!(eml.contains(from), "{name}");
        add(name, eml.replacen(from, to, 1).into_bytes(), (5, "altered"));
    }

    // Honest copies: re-encoded, not changed.
    let at = html.find("<pre>").unwrap();
    let named = format!("{}{}", &html[..at], html[at..].replacen('—', "&mdash;", 1));
    assert_ne!(named, html);
    add("html_named_entity.html", named.into_bytes(), (0, "valid"));
    // Saved by an editor: GB18030 declared the older way; trailing spaces and the last newline
    // stripped from the text.
    let gb_page = html.replacen(
        "<meta charset=\"utf-8\">",
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB18030\">",
        1,
    );
    assert_ne!(gb_page, html);
    add("html_gb18030_http_equiv.html", encoding_rs::GB18030.encode(&gb_page).0.into_owned(), (0, "valid"));
    let stripped: Vec<&str> = txt.lines().map(str::trim_end).collect();
    add("txt_trailing_spaces_stripped.txt", stripped.join("\n").into_bytes(), (0, "valid"));
    let inline = eml.replacen(
        "Content-Type: text/html; charset=utf-8\r\n",
        "Content-Type: text/html; charset=utf-8\r\nContent-Disposition: inline\r\n",
        1,
    );
    add("eml_inline_said.eml", inline.into_bytes(), (0, "valid"));
    // A relay writing the HTML part's or the text's lines with LF or CRLF (inside base64, or
    // sent 8bit): helper-12.
    add("eml_html_lf_inside.eml", edit_part(&eml, 1, |t| t.replace("\r\n", "\n")).into_bytes(), (0, "valid"));
    add("eml_text_lf_inside.eml", edit_part(&eml, 0, |t| t.replace("\r\n", "\n")).into_bytes(), (0, "valid"));
    let html_8bit = {
        use base64::Engine;
        let marker = "Content-Transfer-Encoding: base64\r\n\r\n";
        let at = eml.match_indices(marker).nth(1).unwrap().0;
        let body = at + marker.len();
        let end = body + eml[body..].find("\r\n--").unwrap();
        let page =
            base64::engine::general_purpose::STANDARD.decode(eml[body..end].replace("\r\n", "")).unwrap();
        let page = String::from_utf8(page).unwrap().replace("\r\n", "\n").replace('\n', "\r\n");
        format!("{}Content-Transfer-Encoding: 8bit\r\n\r\n{page}{}", &eml[..at], &eml[end..])
    };
    add("eml_html_8bit_crlf.eml", html_8bit.into_bytes(), (0, "valid"));
    let relayed = eml.replacen("\r\nSubject: ", "\r\nX-Spam-Status: No\r\nSubject: ", 1);
    add("eml_relay_header.eml", relayed.into_bytes(), (0, "valid"));
    add("txt_as_issued.txt", txt.clone().into_bytes(), (0, "valid"));
    let mut bom = vec![0xef, 0xbb, 0xbf];
    bom.extend_from_slice(txt.as_bytes());
    add("txt_with_bom.txt", bom, (0, "valid"));
    add("txt_crlf.txt", txt.replace('\n', "\r\n").into_bytes(), (0, "valid"));
    let (gb, _, _) = encoding_rs::GB18030.encode(&txt);
    add("txt_gb18030.txt", gb.into_owned(), (0, "valid"));
    add("html_as_issued.html", html.clone().into_bytes(), (0, "valid"));
    let first = txt.chars().find(|c| !c.is_ascii()).unwrap();
    let at = html.find("<pre>").unwrap();
    let entity =
        format!("{}{}", &html[..at], html[at..].replacen(first, &format!("&#{};", u32::from(first)), 1));
    add("html_numeric_entity.html", entity.into_bytes(), (0, "valid"));
    add("html_crlf.html", html.replace('\n', "\r\n").into_bytes(), (0, "valid"));
    add("eml_as_issued.eml", eml.clone().into_bytes(), (0, "valid"));
    add("eml_quoted_printable.eml", relay_quoted_printable(&eml).into_bytes(), (0, "valid"));
    add("eml_lf_line_ends.eml", eml.replace("\r\n", "\n").into_bytes(), (0, "valid"));

    let mut failures = vec![];
    for (name, bytes, want) in &corpus {
        let (code, said) = d.verify(name, bytes);
        let word = said.split(' ').next().unwrap_or_default().to_string();
        eprintln!("{name:40} {code} {said}");
        if (code, word.as_str()) != *want {
            failures.push(format!("{name}: got {code} {said:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_void_notice_and_a_roster_verify_as_what_they_are() {
    let d = demo();
    // The demo's void letter that was not replaced: its notice to the unit, as the counter writes it.
    let conn = d.conn();
    let id: i64 = conn
        .query_row("SELECT id FROM letters WHERE state = 'void' AND replaced_by IS NULL LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let settings = frontdesk::config::Settings::builtin();
    let l = frontdesk::db::letters::by_id(&conn, id).unwrap().unwrap();
    let path = frontdesk::letters::send::void_notice(
        &conn,
        &settings,
        &frontdesk::db::read_key(&d.db).unwrap(),
        &d.outbox,
        None,
        &l,
    )
    .unwrap()
    .unwrap();
    let notice = std::fs::read_to_string(&path).unwrap();
    let (code, said) = d.verify("notice.eml", notice.as_bytes());
    assert_eq!(code, 3, "{said}");
    assert!(said.starts_with(&format!("void notice of {}", l.number)), "{said}");
    let (code, said) = d.verify("notice_qp.eml", relay_quoted_printable(&notice).as_bytes());
    assert_eq!(code, 3, "{said}");
    let forged = edit_part(&notice, 0, |t| t.replacen("原因：", "原因：经查无误，原函继续有效。", 1));
    assert_eq!(d.verify("notice_forged.eml", forged.as_bytes()).0, 5);

    // A replaced letter's notice names what replaced it.
    let id: i64 = conn
        .query_row("SELECT id FROM letters WHERE replaced_by IS NOT NULL LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let l = frontdesk::db::letters::by_id(&conn, id).unwrap().unwrap();
    let path = frontdesk::letters::send::void_notice(
        &conn,
        &settings,
        &frontdesk::db::read_key(&d.db).unwrap(),
        &d.outbox,
        None,
        &l,
    )
    .unwrap()
    .unwrap();
    let (code, said) = d.verify("replaced_notice.eml", &std::fs::read(path).unwrap());
    assert_eq!(code, 3, "{said}");
    assert!(said.starts_with(&format!("void notice of {}", l.number)), "{said}");

    for ext in ["roster.txt", "roster.html", "roster.eml"] {
        let bytes = std::fs::read(d.outbox.join(format!("batch-2026-0001.{ext}"))).unwrap();
        let (code, said) = d.verify(&format!("roster.{ext}"), &bytes);
        assert_eq!(code, 0, "{ext}: {said}");
        assert!(said.starts_with("valid roster of batch 2026/1"), "{ext}: {said}");
    }
    let roster = d.file("batch-2026-0001.roster.txt");
    let forged = roster.replacen("  ", "  9", 1);
    assert_eq!(d.verify("roster_forged.txt", forged.as_bytes()).0, 5);
}

/// A letter issued before issue #22's changes (stored row, key and files from that version)
/// still verifies as valid, by number and code and by each file.
#[test]
fn a_letter_issued_before_these_changes_still_verifies() {
    let env = Env::seeded();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/letter_before_22");
    std::fs::copy(fixture.join("key"), env.db.with_file_name("fd.db.key")).unwrap();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    // The database as that version left it (schema 15: no marks yet); the next command
    // upgrades it, marking the letters already issued with the key beside it.
    conn.execute_batch(
        "DROP TABLE fund_objections; DROP TABLE fund_budgets; DROP INDEX claims_programme; ALTER TABLE claims DROP COLUMN programme_year; ALTER TABLE claims DROP COLUMN programme; DROP TABLE letter_marks; DROP TABLE batch_marks; DROP TABLE out_files; DROP TABLE station_lost; DROP TABLE station_refunds; DROP TABLE hardship_events; DROP TABLE hardship_visit_clerks; DROP TABLE hardship_visits; DROP TABLE hardship_verifications; DROP TABLE hardship_members; DROP TABLE hardship_files; DROP TABLE hardship_reviews; DROP INDEX station_loans_deposit_closed; DROP INDEX station_moves_tally; ALTER TABLE workers ADD COLUMN hardship_level TEXT; ALTER TABLE workers ADD COLUMN hardship_until TEXT; CREATE UNIQUE INDEX station_moves_tally ON station_moves (item, batch, day) WHERE kind = 'tally'; ALTER TABLE letters DROP COLUMN replace_reason; DELETE FROM settings WHERE key IN ('audit_seal', 'audit_key_check'); PRAGMA user_version = 15;",
    )
    .unwrap();
    conn.execute_batch(&std::fs::read_to_string(fixture.join("rows.sql")).unwrap()).unwrap();
    let (number, code_): (String, String) =
        conn.query_row("SELECT number, code FROM letters", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    // The row that version wrote when it issued the letter (the trail accounts for every letter).
    let actor = frontdesk::db::audit::Actor { clerk_id: Some(1), login: None, terminal: "c23a737".into() };
    let detail = format!("letter={number} unit=anji");
    let entry = frontdesk::db::audit::Entry::new("letter_issue").detail(&detail);
    frontdesk::db::audit::append(&conn, &actor, chrono::Utc::now(), &entry).unwrap();
    let out = env.run(&["letter", "verify", &number, &code_], None, "");
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    for ext in ["txt", "worker.txt", "html", "unit.eml"] {
        let f = fixture.join(format!("recuperation-2026-0003.{ext}"));
        let out = env.run(&["letter", "verify", "--file", f.to_str().unwrap()], None, "");
        assert_eq!(code(&out), 0, "{ext}: {}", stdout(&out));
    }
    assert_ok(&env.run(&["check"], None, ""));
    let marks: i64 = conn.query_row("SELECT count(*) FROM letter_marks", [], |r| r.get(0)).unwrap();
    assert_eq!(marks, 1, "the upgrade marked the letter");
}

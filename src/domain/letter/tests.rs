use super::*;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn record() -> Canonical {
    Canonical {
        letter_type: LetterType::Recuperation,
        number: "余工疗函〔2026〕12号".into(),
        id_masked: "330281********123X".into(),
        name: "欧阳建国".into(),
        unit: "浙江久立特种科技股份有限公司".into(),
        recipient: "siming".into(),
        start: d(12, 1),
        end: d(12, 5),
        issued: d(11, 28),
        copies: vec![sha256_hex("unit copy"), sha256_hex("worker copy")],
    }
}

#[test]
fn numbers_follow_gb_t_9704_and_the_config() {
    let f = "{short}疗函〔{year}〕{seq}号";
    assert_eq!(letter_number(f, "余工", 2026, 12, 0), "余工疗函〔2026〕12号");
    assert_eq!(letter_number("{short}疗函〔{year}〕第{seq}号", "余工", 2026, 3, 0), "余工疗函〔2026〕第3号");
    assert_eq!(letter_number(f, "余工", 2026, 7, 3), "余工疗函〔2026〕007号");
    assert_eq!(letter_number("{short}承〔{year}〕{seq}号", "余工", 2027, 1, 0), "余工承〔2027〕1号");
}

#[test]
fn days_count_both_ends_and_refuse_an_end_before_the_start() {
    assert_eq!(days(d(12, 1), d(12, 5)), Some(5));
    assert_eq!(days(d(12, 1), d(12, 1)), Some(1));
    assert_eq!(days(d(12, 31), NaiveDate::from_ymd_opt(2027, 1, 2).unwrap()), Some(3));
    assert_eq!(days(d(12, 5), d(12, 1)), None);
}

#[test]
fn hmac_matches_rfc_4231() {
    // Test case 2.
    let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
    let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // Test case 6: a key longer than the block.
    let mac = hmac_sha256(&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First");
    let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

#[test]
fn the_same_record_gives_the_same_code_and_any_change_another() {
    let secret = [7u8; 32];
    let c = code(&secret, &record());
    assert_eq!(c.len(), 11);
    assert_eq!(&c[5..6], "-");
    assert_eq!(code(&secret, &record()), c, "deterministic");
    assert_ne!(code(&[8u8; 32], &record()), c, "another centre's secret");
    let mut changed = record();
    changed.name = "欧阳建图".into();
    assert_ne!(code(&secret, &changed), c);
    let mut changed = record();
    changed.end = d(12, 6);
    assert_ne!(code(&secret, &changed), c);
    let mut changed = record();
    changed.copies[1] = sha256_hex("worker copy.");
    assert_ne!(code(&secret, &changed), c);
}

#[test]
fn codes_are_read_back_in_any_case_with_or_without_the_dash() {
    assert_eq!(normalize_code("abcde-fg234").as_deref(), Some("ABCDE-FG234"));
    assert_eq!(normalize_code("ABCDEFG234").as_deref(), Some("ABCDE-FG234"));
    assert_eq!(normalize_code(" abcde fg234 ").as_deref(), Some("ABCDE-FG234"));
    assert_eq!(normalize_code("ＡＢＣＤＥ－ＦＧ２３４").as_deref(), Some("ABCDE-FG234"));
    assert_eq!(normalize_code("ABCDE-FG231"), None, "1 is not base32");
    assert_eq!(normalize_code("ABCD"), None);
    assert!(same_code("ABCDE-FG234", "ABCDE-FG234") && !same_code("ABCDE-FG234", "ABCDE-FG235"));
}

#[test]
fn the_canonical_text_keeps_line_breaks_out_of_values() {
    let mut r = record();
    r.name = "王\r\nX-Evil: 1".into();
    let text = r.text();
    assert!(text.contains("name=王  X-Evil: 1\n"), "{text}");
    assert_eq!(text.lines().count(), 12);
}

#[test]
fn the_sms_text_fits_one_segment_and_carries_what_the_worker_needs() {
    let s = sms_text(
        "疗养函",
        "余工疗函〔2026〕12号",
        "四明山职工疗休养基地",
        d(12, 1),
        d(12, 5),
        "ABCDE-FGH23",
        "0574-62701234",
    );
    assert_eq!(
        s,
        "疗养函余工疗函〔2026〕12号：四明山职工疗休养基地，12月1日至12月5日，验证码ABCDE-FGH23，咨询0574-62701234"
    );
    assert!(s.chars().count() <= SMS_CHARS);
    let long = sms_text(
        "疗休养函",
        "余工疗函〔2026〕128号",
        "浙江省总工会四明山职工疗休养基地第二分部",
        d(12, 10),
        d(12, 15),
        "ABCDE-FGH23",
        "0574-62701234",
    );
    assert_eq!(long.chars().count(), SMS_CHARS, "{long}");
    assert!(long.contains("…") && long.contains("ABCDE-FGH23") && long.contains("0574-62701234"));
}

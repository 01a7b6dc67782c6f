use super::*;
use crate::app::form::FieldId;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn form() -> Form {
    Form::new(vec![
        Field::new(FieldId::Name, "姓名", FieldKind::Text),
        Field::new(FieldId::Id, "证件号", FieldKind::Id),
        Field::choice(FieldId::Channel, "渠道", vec!["来访".into(), "来电".into(), "线上".into()]),
        Field::new(FieldId::Phone, "手机", FieldKind::Phone),
    ])
}

fn type_str(f: &mut Form, s: &str, start_ms: u64, gap: u64) -> u64 {
    let mut t = start_ms;
    for c in s.chars() {
        f.handle_key(key(KeyCode::Char(c)), t);
        t += gap;
    }
    t
}

#[test]
fn chinese_text_enter_moves_on_and_the_last_field_submits() {
    let mut f = form();
    type_str(&mut f, "王建国", 0, 200);
    assert_eq!(f.value(FieldId::Name), "王建国");
    assert_eq!(f.handle_key(key(KeyCode::Enter), 1000), FormReply::Consumed);
    assert_eq!(f.focus, 1);
    f.handle_key(key(KeyCode::BackTab), 1100);
    assert_eq!(f.focus, 0);
    f.handle_key(key(KeyCode::Backspace), 1200);
    assert_eq!(f.value(FieldId::Name), "王建");
    f.focus_on(FieldId::Phone);
    assert_eq!(f.handle_key(key(KeyCode::Enter), 1300), FormReply::Submit);
    let alt_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::ALT);
    f.focus_on(FieldId::Name);
    // Alt+S submits through the keymap, not the form: the form leaves it alone.
    assert_eq!(f.handle_key(alt_s, 1400), FormReply::Ignored);
}

#[test]
fn full_width_folds_and_x_becomes_capital_in_id_fields() {
    let mut f = form();
    f.focus_on(FieldId::Id);
    type_str(&mut f, "１１０１０５１９４９１２３１００２ｘ", 0, 200);
    assert_eq!(f.value(FieldId::Id), "11010519491231002X");
    f.focus_on(FieldId::Phone);
    type_str(&mut f, "１３８", 5000, 200);
    assert_eq!(f.value(FieldId::Phone), "138");
    // Text fields keep full-width characters as typed.
    f.focus_on(FieldId::Name);
    type_str(&mut f, "Ａ", 9000, 200);
    assert_eq!(f.value(FieldId::Name), "Ａ");
}

#[test]
fn choices_are_picked_by_digit() {
    let mut f = form();
    f.focus_on(FieldId::Channel);
    assert!(!f.typing());
    assert_eq!(f.handle_key(key(KeyCode::Char('9')), 0), FormReply::Ignored);
    assert_eq!(f.handle_key(key(KeyCode::Char('2')), 0), FormReply::Consumed);
    assert_eq!(f.choice(FieldId::Channel), Some(1));
    f.handle_key(key(KeyCode::Char('３')), 0);
    assert_eq!(f.choice(FieldId::Channel), Some(2));
    f.handle_key(key(KeyCode::Backspace), 0);
    assert_eq!(f.choice(FieldId::Channel), None);
}

#[test]
fn paste_drops_line_breaks_and_controls() {
    let mut f = form();
    f.paste("王\r\n建\t国\u{1b}[31m");
    assert_eq!(f.value(FieldId::Name), "王建国[31m");
    f.focus_on(FieldId::Id);
    f.paste("11010519491231002x\n");
    assert_eq!(f.value(FieldId::Id), "11010519491231002X");
}

#[test]
fn a_card_reader_burst_fills_the_id_field_from_anywhere() {
    let mut f = form();
    type_str(&mut f, "王", 0, 300);
    // The reader types 18 characters and Enter within milliseconds, into the name field.
    let t = type_str(&mut f, "11010519491231002X", 10_000, 3);
    assert_eq!(f.handle_key(key(KeyCode::Enter), t), FormReply::Consumed);
    assert_eq!(f.value(FieldId::Name), "王");
    assert_eq!(f.value(FieldId::Id), "11010519491231002X");
    assert_eq!(f.focus, 2, "focus moves past the ID field");
}

#[test]
fn slow_typing_of_eighteen_digits_is_not_a_burst() {
    let mut f = form();
    let t = type_str(&mut f, "11010519491231002X", 0, 150);
    f.handle_key(key(KeyCode::Enter), t);
    assert_eq!(f.value(FieldId::Name), "11010519491231002X");
    assert_eq!(f.value(FieldId::Id), "");
}

#[test]
fn a_burst_on_a_form_without_an_id_field_is_handed_up() {
    let mut f = Form::new(vec![Field::new(FieldId::Q, "查找", FieldKind::Text)]);
    let t = type_str(&mut f, "11010519491231002X", 0, 2);
    assert_eq!(f.handle_key(key(KeyCode::Enter), t + 1), FormReply::Burst("11010519491231002X".into()));
}

#[test]
fn errors_focus_the_first_bad_field_and_keep_everything() {
    let mut f = form();
    type_str(&mut f, "王建国", 0, 200);
    f.focus_on(FieldId::Phone);
    type_str(&mut f, "12345", 2000, 200);
    f.set_error(FieldId::Id, "必填");
    f.set_error(FieldId::Phone, "手机号应为11位");
    f.focus_first_error();
    assert_eq!(f.focus, 1);
    assert_eq!(f.value(FieldId::Name), "王建国");
    assert_eq!(f.value(FieldId::Phone), "12345");
}

#[test]
fn clearing_leaves_nothing_to_undo_or_yank() {
    let mut f = form();
    type_str(&mut f, "王建国 浙江", 0, 200);
    // Ctrl+W cuts a word into tui-input's yank buffer.
    f.handle_key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL), 3000);
    assert!(f.is_dirty());
    f.clear();
    assert!(!f.is_dirty());
    // Ctrl+Y is not a key of ours, and the old Input (with its yank buffer) is gone.
    assert_eq!(
        f.handle_key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::CONTROL), 4000),
        FormReply::Ignored
    );
    f.fields[0].input.handle(InputRequest::Yank);
    assert_eq!(f.value(FieldId::Name), "");
}

#[test]
fn pins_take_digits_only() {
    let mut f = Form::new(vec![Field::new(FieldId::Pin, "PIN", FieldKind::Pin)]);
    type_str(&mut f, "60a2８14999", 0, 200);
    assert_eq!(f.value(FieldId::Pin), "60281499");
}

#[test]
fn a_swipe_over_an_id_already_in_the_field_replaces_it() {
    let mut f = form();
    f.focus_on(FieldId::Id);
    type_str(&mut f, "330281198001010027", 0, 200);
    // The field holds 24 at most: most of the reader's characters find it full.
    let t = type_str(&mut f, "11010519491231002X", 10_000, 3);
    f.handle_key(key(KeyCode::Enter), t);
    assert_eq!(f.value(FieldId::Id), "11010519491231002X");
    // Into a name field that already holds text, only what the reader typed is taken back out.
    f.focus_on(FieldId::Name);
    type_str(&mut f, "王建国", 20_000, 200);
    let t = type_str(&mut f, "330281198001010027", 30_000, 3);
    f.handle_key(key(KeyCode::Enter), t);
    assert_eq!((f.value(FieldId::Name), f.value(FieldId::Id)), ("王建国", "330281198001010027"));
}

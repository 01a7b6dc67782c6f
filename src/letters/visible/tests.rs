use super::*;

#[test]
fn entities_case_quotes_and_line_ends_do_not_change_a_page() {
    let ours = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>A&amp;B</title></head>\n<body>\n<pre>王建国 &lt;1&gt;\n  二行</pre>\n<p class=\"verify\">核验电话 0574</p>\n</body>\n</html>\n";
    let same = "<!doctype HTML><HTML LANG='zh-CN'><head><META charset=gb18030 /><title>A&#38;B</title></head>\r\n<body><PRE>\n&#x738B;建国 &lt;1&gt;\r\n  二行</PRE>\n<p   class=verify>核验电话\n 0574</p></body></html>";
    assert_eq!(page(ours), page(same));
}

#[test]
fn anything_that_can_hide_or_add_text_differs() {
    let ours = "<html><head><style>pre { margin: 0; }</style></head><body><pre>原文</pre></body></html>";
    for forged in [
        "<html><head><style>pre { display: none; }</style></head><body><pre>原文</pre></body></html>",
        "<html><head><style>pre { margin: 0; }</style></head><body><h1>紧急通知</h1><pre>原文</pre></body></html>",
        "<html><head><style>pre { margin: 0; }</style></head><body><pre style=\"display:none\">原文</pre></body></html>",
        "<html><head><style>pre { margin: 0; }</style></head><body><pre hidden>原文</pre></body></html>",
        "<html><head><style>pre { margin: 0; }</style></head><body><pre>原文</pre><!-- x --></body></html>",
        "<html><head><style>pre { margin: 0; }</style></head><body><pre>原文</pre><script>1</script></body></html>",
        "<html><head><style>pre { margin: 0; }</style></head><body><pre>原文</pre>另：</body></html>",
        "<html><head><style>pre { margin: 0; }</style></head><body><pre>原&#150;文</pre></body></html>",
    ] {
        assert_ne!(page(ours), page(forged), "{forged}");
    }
}

#[test]
fn a_bom_utf16_and_gb18030_decode_to_the_same_text() {
    let text = "疗养函\r\n编号";
    let mut utf8 = vec![0xef, 0xbb, 0xbf];
    utf8.extend_from_slice(text.as_bytes());
    let (gb, _, _) = encoding_rs::GB18030.encode(text);
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    for bytes in [utf8, gb.into_owned(), utf16] {
        assert_eq!(decode(&bytes), "疗养函\n编号");
    }
}

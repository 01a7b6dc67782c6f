//! The audit trail's action codes in words, one row per code: F6 shows these, the export and
//! the database keep the codes.

use super::Lang;

/// (code, 中文, English).
static ACTIONS: &[(&str, &str, &str)] = &[
    ("audit_search", "审计查询", "audit search"),
    ("backup", "备份", "backup"),
    ("batch_issue", "批量开函", "batch letters issued"),
    ("batch_roster", "导入名单", "batch roster"),
    ("check", "检查", "check"),
    ("claim_register", "登记申请", "claim registered"),
    ("claim_step", "申请进度", "claim step"),
    ("claims_lookup", "查申请", "claims look-up"),
    ("clerk_add", "新增账号", "account added"),
    ("clerk_disable", "停用账号", "account disabled"),
    ("clerk_enable", "启用账号", "account enabled"),
    ("clerk_list", "列出账号", "accounts listed"),
    ("clerk_reset_pin", "重置PIN", "PIN reset"),
    ("clerk_set_role", "改角色", "role changed"),
    ("clerk_unlock", "解除锁定", "lock-out cleared"),
    ("commitment_issue", "开承诺书", "commitment issued"),
    ("config_accept", "接受配置", "config accepted"),
    ("demo_create", "建演示库", "demo created"),
    ("export", "导出", "export"),
    ("export_worker", "导出个人", "worker export"),
    ("followup_result", "回访结果", "follow-up result"),
    ("fund_budget", "改帮扶预算", "fund budget changed"),
    ("fund_ledger_view", "查看帮扶台账", "fund ledger viewed"),
    ("fund_objection", "登记公示异议", "publicity objection"),
    ("fund_objection_settle", "异议处理结果", "objection settled"),
    ("hardship_apply", "申请建档", "hardship applied"),
    ("hardship_approve", "批准建档", "hardship approved"),
    ("hardship_edit", "改建档申请", "hardship edited"),
    ("hardship_exit", "档案退出", "hardship exit"),
    ("hardship_import", "导入困难档案", "hardship imported"),
    ("hardship_reject", "不予建档", "hardship rejected"),
    ("hardship_return", "退回建档申请", "hardship returned"),
    ("hardship_review", "登记年审", "hardship review"),
    ("hardship_review_approve", "年审通过", "review approved"),
    ("hardship_review_return", "年审退回", "review returned"),
    ("hardship_verify", "登记核对结果", "hardship verified"),
    ("hardship_view", "查困难档案", "hardship file viewed"),
    ("hardship_visit", "登记走访", "hardship visit"),
    ("import", "导入", "import"),
    ("init", "初始化", "init"),
    ("letter_issue", "开函", "letter issued"),
    ("letter_register", "查函件登记簿", "letter register read"),
    ("letter_reissue", "重开函件", "letter re-issued"),
    ("letter_send", "发送函件", "letter sent"),
    ("letter_verify", "核验函件", "letter verified"),
    ("letter_void", "作废函件", "letter voided"),
    ("letter_worker", "查个人函件", "letters look-up"),
    ("lock", "锁屏", "lock"),
    ("lockout", "登录锁定", "lock-out"),
    ("login", "登录", "login"),
    ("login_failed", "登录失败", "login failed"),
    ("login_refused_disabled", "停用账号登录", "login refused: disabled"),
    ("login_refused_locked", "锁定中登录", "login refused: locked"),
    ("logout", "退出", "logout"),
    ("lookup", "查询", "look-up"),
    ("pin_change", "改PIN", "PIN changed"),
    ("purge", "清除旧数据", "purge"),
    ("report", "报表", "report"),
    ("reveal", "显示证件号", "ID revealed"),
    ("station_lend", "借出", "lent"),
    ("station_lost", "借物遗失", "loan lost"),
    ("station_refund", "退押金", "deposit refunded"),
    ("station_return", "归还", "returned"),
    ("station_search", "查借用", "station search"),
    ("station_stock", "库存", "stock"),
    ("switch_clerk", "换人", "switch clerk"),
    ("visit_restore", "恢复来访", "visit restored"),
    ("walkin_register", "登记来访", "walk-in registered"),
    ("worker_card", "查会员卡", "worker card"),
    ("worker_edit", "改会员资料", "worker edited"),
];

/// More words a supervisor may search an action by (the kinds of change a row holds).
static ALSO: &[(&str, &str)] = &[
    ("station_stock", "盘点 入库 调整 补货 count restock adjust"),
    ("station_lend", "借用 lend loan"),
    ("station_return", "还 return"),
    ("station_search", "搜索 查找 search"),
    ("export", "导出 export"),
    ("clerk_disable", "禁用 disable"),
    ("clerk_enable", "恢复 enable"),
    ("letter_issue", "签发 疗养函"),
    ("walkin_register", "来访 取号 ticket"),
];

/// An action's words in `lang`; a code not in the table is shown as it is.
pub fn action_name(lang: Lang, code: &str) -> &str {
    match ACTIONS.iter().find(|(c, ..)| *c == code) {
        Some((_, zh, en)) => match lang {
            Lang::Zh => zh,
            Lang::En => en,
        },
        None => code,
    }
}

/// Every action's words in `lang` (F6 sizes its column to the longest).
pub fn names(lang: Lang) -> impl Iterator<Item = &'static str> {
    ACTIONS.iter().map(move |(_, zh, en)| if lang == Lang::Zh { *zh } else { *en })
}

/// The codes whose words, in either language, hold `term` (`停用` → `clerk_disable`, …; English
/// without regard to case): F6's search matches these as well as the codes themselves.
pub fn codes_named(term: &str) -> Vec<&'static str> {
    let term = term.trim().to_lowercase();
    if term.is_empty() {
        return vec![];
    }
    ACTIONS
        .iter()
        .filter(|(code, zh, en)| {
            let also = ALSO.iter().find(|(c, _)| c == code).map_or("", |(_, w)| w);
            zh.contains(term.as_str())
                || en.to_lowercase().contains(term.as_str())
                || also.split(' ').any(|w| w.to_lowercase().contains(term.as_str()))
        })
        .map(|(code, ..)| *code)
        .collect()
}

/// What a row is about, from its detail: the account, the letter, the claim, the visit, the
/// loan, or the batch, as the detail names it (`login=8002`, `letter=…`).
pub fn object_of(detail: &str) -> Option<&str> {
    const KEYS: [&str; 9] =
        ["login=", "letter=", "claim=", "visit=", "loan=", "item=", "batch=", "query=", "hardship="];
    KEYS.iter().find_map(|k| {
        detail.split([' ', ';']).find_map(|part| part.strip_prefix(k)).filter(|v| !v.is_empty())
    })
}

/// An export in a result row, where space is short: `unmasked` first when it was (the case an
/// auditor looks for), then what and the days; `masked`, which every export is unless it says
/// otherwise, is left to the detail.
pub fn export_row_words(lang: Lang, detail: &str) -> String {
    let unmasked = detail.split(' ').any(|p| p == "unmasked=true");
    let plain: Vec<&str> = detail.split(' ').filter(|p| !p.starts_with("unmasked=")).collect();
    let words = export_words(lang, &plain.join(" "));
    if !unmasked {
        return words;
    }
    let flag = match lang {
        Lang::Zh => "未遮盖",
        Lang::En => "unmasked",
    };
    format!("{flag} {words}")
}

/// An export's detail in words: what, the days, masked or not (`station 2026-11-01–2026-12-04
/// 遮盖`), then anything else as stored; `from=Some(…)` of older rows read the same.
pub fn export_words(lang: Lang, detail: &str) -> String {
    let day = |v: &str| v.trim_start_matches("Some(").trim_end_matches(')').replace("None", "");
    let (mut what, mut from, mut to, mut masked, mut rest) =
        (vec![], String::new(), String::new(), None, vec![]);
    for part in detail.split(' ').filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some(("from", v)) => from = day(v),
            Some(("to", v)) => to = day(v),
            Some(("unmasked", v)) => masked = Some(v != "true"),
            Some(_) => rest.push(part),
            None => what.push(part),
        }
    }
    let mut out = what.join(" ");
    if !from.is_empty() || !to.is_empty() {
        out.push_str(&format!(" {from}–{to}"));
    }
    if let Some(m) = masked {
        let word = match (lang, m) {
            (Lang::Zh, true) => "遮盖",
            (Lang::Zh, false) => "未遮盖",
            (Lang::En, true) => "masked",
            (Lang::En, false) => "unmasked",
        };
        out.push(' ');
        out.push_str(word);
    }
    for r in rest {
        out.push(' ');
        out.push_str(r);
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_an_unknown_code_is_shown_as_it_is() {
        let mut codes: Vec<_> = ACTIONS.iter().map(|(c, ..)| *c).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), ACTIONS.len());
        assert_eq!(action_name(Lang::Zh, "clerk_disable"), "停用账号");
        assert_eq!(action_name(Lang::En, "clerk_disable"), "account disabled");
        assert_eq!(action_name(Lang::Zh, "new_thing"), "new_thing");
    }

    #[test]
    fn a_term_names_the_codes_whose_words_hold_it() {
        assert!(codes_named("停用").contains(&"clerk_disable"));
        assert!(codes_named("登录").contains(&"login") && !codes_named("登录").contains(&"clerk_disable"));
        assert_eq!(codes_named("Account Disabled"), ["clerk_disable"]);
        assert!(codes_named(" ").is_empty());
    }

    #[test]
    fn an_exports_detail_reads_as_words_old_form_or_new() {
        let new = "station from=2026-11-01 to=2026-12-04 unmasked=false out=/x.csv";
        assert_eq!(export_words(Lang::En, new), "station 2026-11-01–2026-12-04 masked out=/x.csv");
        let old = "station from=Some(2026-11-01) to=None unmasked=true";
        assert_eq!(export_words(Lang::Zh, old), "station 2026-11-01– 未遮盖");
        assert_eq!(export_words(Lang::Zh, "audit"), "audit");
    }

    #[test]
    fn the_object_is_read_from_the_detail() {
        assert_eq!(object_of("login=8002 role=clerk"), Some("8002"));
        assert_eq!(object_of("letter=2026-0012 claim=C1"), Some("2026-0012"));
        assert_eq!(object_of("fingerprint=ab"), None);
    }
}

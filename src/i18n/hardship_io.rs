//! What `import hardship` says of a bad line, and what `purge` says of hardship files.

use super::Lang;

/// The strings of one language.
pub struct HardshipIo {
    /// `{col}`, `{v}`, `{want}`: a code or name not among those known.
    pub code: &'static str,
    pub file_no: &'static str,
    /// `{no}`, `{want}`.
    pub seq: &'static str,
    pub self_first: &'static str,
    pub not_together: &'static str,
    /// `{no}`, `{col}`, `{v}`.
    pub differs: &'static str,
    /// `{no}`, `{id}`.
    pub other_worker: &'static str,
    pub other_open: &'static str,
    /// `{no}`: a stored file applied at the counter and waiting for a supervisor there.
    pub at_counter: &'static str,
    pub self_id: &'static str,
    pub member_id: &'static str,
    pub grade: &'static str,
    pub verify_partial: &'static str,
    /// `{col}`, `{state}`.
    pub needs: &'static str,
    pub no_household: &'static str,
    /// `{col}`, `{v}`: a day that has not come yet.
    pub future: &'static str,
    pub until_before: &'static str,
    /// `{files}`, `{n}` rows.
    pub done: &'static str,
    pub dry: &'static str,
    /// `purge`'s count: `{n}` files, `{d}` the day they exited before.
    pub purged: &'static str,
    pub purged_would: &'static str,
}

pub fn text(lang: Lang) -> &'static HardshipIo {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

static ZH: HardshipIo = HardshipIo {
    code: "“{col}”的“{v}”不对（{want}）",
    file_no: "档案号“{v}”只能含字母、数字和 -",
    seq: "档案 {no} 的成员序号应为 {want}：同一档案的行排在一起，序号从 1（本人）起连续",
    self_first: "序号 1 且只有序号 1 是本人（self）",
    not_together: "档案 {no} 的行没有排在一起：同一档案的行要连续",
    differs: "档案 {no} 的“{col}”与它的第一行不同（{v}）",
    other_worker: "档案 {no} 属于另一名职工（{id}），一个档案号只属于一名职工",
    other_open: "该职工已有在审或在档的档案 {no}：一人同时只能有一份",
    at_counter: "档案 {no} 待主管审批，不能由导入改变状态（柜台录入的申请由主管在柜台审批）",
    self_id: "本人的证件号须与 id_number 相同",
    member_id: "“member_id_number”不能为空（只有子女可以不填）",
    grade: "“disability_grade”为 1–4，残疾时必填，否则不填",
    verify_partial: "核对信息要么 verified_on、verify_reference、verify_result 都填，要么都不填",
    needs: "状态为 {state} 时“{col}”不能为空",
    no_household: "没有成员的档案只能有一行（成员各列都空）",
    future: "“{col}”不能晚于今天（{v}）",
    until_before: "“valid_until”不能早于“filed_on”",
    done: "已导入 {files} 个档案（{n} 行）",
    dry: "检查通过：可导入 {files} 个档案（{n} 行）（--dry-run，未写入）",
    purged: "已清除困难档案 {n} 份的个人信息（{d} 之前退出）",
    purged_would: "将清除（未改动）：困难档案 {n} 份的个人信息（{d} 之前退出）",
};

static EN: HardshipIo = HardshipIo {
    code: "“{col}” “{v}” not understood ({want})",
    file_no: "file number “{v}”: letters, digits and - only",
    seq: "member_seq of file {no} should be {want}: a file's rows together, numbered from 1 (the worker) on",
    self_first: "member 1, and only member 1, is the worker (relation self)",
    not_together: "file {no}'s rows are not together: keep a file's rows one after another",
    differs: "file {no}: “{col}” differs from its first row ({v})",
    other_worker: "file {no} belongs to another worker ({id}); a file number is one worker's",
    other_open: "this worker already has an applied or filed file {no}: one at a time",
    at_counter: "file {no} is waiting for a supervisor's approval and may not be changed by an import (an application entered at the counter is decided at the counter)",
    self_id: "member 1's ID number must be the file's id_number",
    member_id: "“member_id_number” may not be empty (only a child's may)",
    grade: "“disability_grade” is 1–4, given with disabled health and only then",
    verify_partial: "verified_on, verify_reference and verify_result: all three or none",
    needs: "“{col}” may not be empty for state {state}",
    no_household: "a file without members (member cells empty) has that one row only",
    future: "“{col}” may not be after today ({v})",
    until_before: "“valid_until” may not be before “filed_on”",
    done: "imported {files} files ({n} rows)",
    dry: "checked: {files} files ({n} rows) would be imported (--dry-run, nothing written)",
    purged: "hardship files: personal data cleared from {n} (exited before {d})",
    purged_would: "would clear (nothing changed): personal data of {n} hardship files (exited before {d})",
};

//! What the command line says about the files it writes (`--out`, backups) and reads (imports).

use super::Lang;

/// The strings of one language.
pub struct FileText {
    pub no_folder: &'static str,
    pub no_name: &'static str,
    pub database: &'static str,
    pub outbox: &'static str,
    pub symlink: &'static str,
    pub exists: &'static str,
    pub is_folder: &'static str,
    pub not_a_file: &'static str,
    pub failed: &'static str,
    pub not_file: &'static str,
    pub empty: &'static str,
    pub cell_long: &'static str,
    pub row_long: &'static str,
    pub not_text: &'static str,
    pub mixed: &'static str,
    pub pipe_long: &'static str,
}

pub fn text(lang: Lang) -> &'static FileText {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

static ZH: FileText = FileText {
    no_folder: "无法写入 {path}：文件夹 {folder} 不存在",
    no_name: "{path} 不是文件名",
    database: "{path} 是正在使用的数据库或其配套文件（-wal、-shm、密钥），不能写入",
    outbox: "{path} 在信件发件箱 {outbox} 内，不能写入",
    symlink: "{path} 是符号链接：不跟随，不写入",
    exists: "{path} 已存在：要替换请加 --force",
    is_folder: "{path} 是文件夹，不能写入",
    not_a_file: "{path} 是设备、管道或套接字，不是普通文件：不会写入或替换",
    failed: "无法写入 {path}：{detail}",
    not_file: "{path} 不是普通文件或管道，不能导入",
    empty: "{path} 是空文件：没有表头（应为：{want}）",
    cell_long: "有一格超过 64 KiB",
    row_long: "这一行超过 1 MiB",
    not_text: "既不是 UTF-8 也不是 GB18030 文本",
    mixed: "此行不是 UTF-8，而文件其余各行是：文件混用了两种编码（请整个另存为 UTF-8 或 GB18030 后再导入）",
    pipe_long: "从管道读入已超过 {mib} MiB：请先存为文件再导入",
};

static EN: FileText = FileText {
    no_folder: "cannot write {path}: the folder {folder} does not exist",
    no_name: "{path} is not a file name",
    database: "{path} is the live database or one of its files (-wal, -shm, key): not written",
    outbox: "{path} is inside the letters outbox {outbox}: not written",
    symlink: "{path} is a symbolic link: not followed, not written",
    exists: "{path} exists already: add --force to replace it",
    is_folder: "{path} is a folder: not written",
    not_a_file: "{path} is a device, a pipe or a socket, not a plain file: not written or replaced",
    failed: "cannot write {path}: {detail}",
    not_file: "{path} is not a regular file or a pipe: not imported",
    empty: "{path} is empty: no header line (expected: {want})",
    cell_long: "a cell is longer than 64 KiB",
    row_long: "the row is longer than 1 MiB",
    not_text: "neither UTF-8 nor GB18030 text",
    mixed: "this line is not UTF-8 while the file's other lines are: two encodings in one file (save it whole as UTF-8 or GB18030, then import)",
    pipe_long: "more than {mib} MiB read from the pipe: save it to a file and import that",
};

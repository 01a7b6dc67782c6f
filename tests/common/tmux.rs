//! Driving the real binary in tmux at 80×24: type, read the screen, wait for text.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// Starts `script` (run by sh) in a fresh tmux server of its own, 80×24.
    pub fn start(name: &str, script: &str) -> Tmux {
        let socket = format!("fd-test-{name}-{}", std::process::id());
        let t = Tmux { socket };
        let ok = t
            .cmd(&["-u", "new-session", "-d", "-x", "80", "-y", "24", "-s", "main", "sh", "-c", script])
            .status()
            .expect("tmux must be installed (.ci/run installs it)")
            .success();
        assert!(ok, "tmux new-session failed");
        t.cmd(&["set-option", "-t", "main", "remain-on-exit", "on"]).status().unwrap();
        t
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-L").arg(&self.socket).args(args);
        c
    }

    /// Ends the tmux server: the terminal the program runs in goes away (an SSH drop).
    pub fn kill_server(&self) {
        let _ = self.cmd(&["kill-server"]).status();
    }

    /// The login screen: 工号, PIN, and F1 open.
    pub fn log_in(&self, login: &str, pin: &str) {
        self.wait_for("请登录");
        self.type_text(login);
        self.keys(&["Enter"]);
        self.type_text(pin);
        self.keys(&["Enter"]);
        self.wait_for("事项+回车=快速取号");
    }

    /// F3's compose form: each value typed into the next field (an empty one is left as it is).
    pub fn compose_letter(&self, values: &[&str]) {
        self.keys(&["F3"]);
        self.wait_for("预览（单位联");
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.keys(&["Tab"]);
            }
            if !v.is_empty() {
                self.type_text(v);
            }
        }
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "main"];
        args.extend_from_slice(keys);
        assert!(self.cmd(&args).status().unwrap().success());
    }

    /// Types text literally (Chinese arrives as committed characters, as from an input method).
    pub fn type_text(&self, text: &str) {
        assert!(self.cmd(&["send-keys", "-t", "main", "-l", text]).status().unwrap().success());
    }

    pub fn screen(&self) -> String {
        let out = self.cmd(&["capture-pane", "-p", "-t", "main"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn format(&self, f: &str) -> String {
        let out = self.cmd(&["display-message", "-p", "-t", "main", f]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Polls the screen until `text` shows (30 s at most: a loaded 2-core machine is slow, and
    /// the poll returns as soon as it shows).
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(30) {
                panic!("waited for {text:?}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Polls until `text` is gone from the screen (30 s at most).
    pub fn wait_gone(&self, text: &str) {
        let start = Instant::now();
        while self.screen().contains(text) {
            if start.elapsed() > Duration::from_secs(30) {
                panic!("waited for {text:?} to go; the screen shows:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    pub fn resize(&self, w: u16, h: u16) {
        let (w, h) = (w.to_string(), h.to_string());
        assert!(self.cmd(&["resize-window", "-t", "main", "-x", &w, "-y", &h]).status().unwrap().success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]).status();
    }
}

/// The shell line that runs the binary on `db` and then reports how the terminal was left
/// (from the first column of a fresh line: a killed program leaves the cursor anywhere).
pub fn script(db: &Path, home: &Path, args: &str) -> String {
    script_env(db, home, "", args)
}

/// `script` with extra `NAME=value` words in the program's environment.
pub fn script_env(db: &Path, home: &Path, vars: &str, args: &str) -> String {
    format!(
        "env -i {vars} HOME={home} PATH=/usr/bin:/bin TERM=screen-256color LANG=C.UTF-8 \
         XDG_CONFIG_HOME={home}/cfg XDG_DATA_HOME={home}/data {bin} --db {db} {args}; \
         rc=$?; printf '\r\n'; echo EXIT=$rc; echo \"STTY $(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' ')\"; \
         sleep 60",
        home = home.display(),
        bin = env!("CARGO_BIN_EXE_frontdesk"),
        db = db.display(),
    )
}

/// The pid of the frontdesk process working on `db`.
pub fn pid_of(db: &Path) -> Option<i32> {
    let want = db.display().to_string();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else { continue };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else { continue };
        let args: Vec<String> =
            cmdline.split(|b| *b == 0).map(|a| String::from_utf8_lossy(a).into_owned()).collect();
        if args.first().is_some_and(|a| a.ends_with("/frontdesk")) && args.contains(&want) {
            return Some(pid);
        }
    }
    None
}

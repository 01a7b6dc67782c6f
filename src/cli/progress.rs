//! Progress of a long command (rows done, time left) on stderr when it is a terminal, and
//! nothing at all when it is not (DESIGN "Command line").

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

pub struct Progress(ProgressBar);

impl Progress {
    pub fn new(total: u64) -> Self {
        let bar = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{msg:>10} {wide_bar} {human_pos}/{human_len} {eta}")
            {
                bar.set_style(style);
            }
            bar
        } else {
            ProgressBar::hidden()
        };
        Progress(bar)
    }

    pub fn stage(&self, name: &str) {
        self.0.set_message(name.to_string());
    }

    pub fn set(&self, done: u64) {
        self.0.set_position(done);
    }

    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

//! Letters through the real binary: templates are checked at start.

mod common;
use common::*;

#[test]
fn a_template_naming_an_unknown_placeholder_is_refused_at_start_with_file_and_line() {
    let env = Env::seeded();
    let cfg = env.path("frontdesk.toml");
    std::fs::write(&cfg, "language = \"zh-CN\"\n").unwrap();
    std::fs::create_dir(env.path("letters")).unwrap();
    let tpl = env.path("letters/recuperation_unit.txt");
    std::fs::write(&tpl, "{letter_name}\n{number}\n请发放{salary}元\n").unwrap();
    let out = env.run(&["--config", cfg.to_str().unwrap(), "check"], None, "");
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:3: {{salary}}", tpl.display())), "{err}");
    std::fs::write(&tpl, "{letter_name}\n{number}\n").unwrap();
    assert_ok(&env.run(&["--config", cfg.to_str().unwrap(), "check"], None, ""));
}

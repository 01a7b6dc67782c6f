//! Every command that acts as a clerk, run by every role: allowed where DESIGN.md says, refused
//! (exit 1, one line, nothing done) everywhere else. The table below is the role × command
//! table as tested.

mod common;
use common::*;

const VOL_PIN: &str = "418263";
const AUD_PIN: &str = "501738";

/// (login, PIN) for supervisor, clerk, volunteer, auditor.
const ROLES: [(&str, &str, &str); 4] = [
    ("supervisor", "8001", SUP_PIN),
    ("clerk", "8002", CLERK_PIN),
    ("volunteer", "8003", VOL_PIN),
    ("auditor", "8004", AUD_PIN),
];

fn env() -> Env {
    let env = Env::seeded();
    for (login, name, role, pin) in
        [("8003", "张志愿", "volunteer", VOL_PIN), ("8004", "王经审", "auditor", AUD_PIN)]
    {
        let out = env.run(
            &["clerk", "add", "--login", login, "--name", name, "--role", role],
            Some(("8001", SUP_PIN)),
            &format!("{pin}\n"),
        );
        assert_ok(&out);
    }
    std::fs::write(env.path("w.csv"), "id_number,name,phone,work_unit,email\n11010519491231002X,王一,,,\n")
        .unwrap();
    std::fs::write(
        env.path("c.csv"),
        "claim_no,id_number,name,kind,filed_on,amount_claimed,amount_approved,status,note\n",
    )
    .unwrap();
    std::fs::write(env.path("v.csv"), "arrived_at,category,name,id_number,phone,work_unit,note,status\n")
        .unwrap();
    assert_ok(&env.sup(&["import", "workers", env.path("w.csv").to_str().unwrap()]));
    env
}

#[test]
fn each_role_may_run_only_its_commands() {
    let env = env();
    let w = env.path("w.csv").to_string_lossy().into_owned();
    let c = env.path("c.csv").to_string_lossy().into_owned();
    let v = env.path("v.csv").to_string_lossy().into_owned();
    let id = "11010519491231002X".to_string();
    // (command, allowed for supervisor, clerk, volunteer, auditor)
    let table: Vec<(Vec<String>, [bool; 4])> = vec![
        (vec!["clerk".into(), "list".into()], [true, false, false, false]),
        (vec!["import".into(), "workers".into(), w.clone(), "--dry-run".into()], [true, false, false, false]),
        (vec!["import".into(), "claims".into(), c, "--dry-run".into()], [true, false, false, false]),
        (vec!["import".into(), "walkins".into(), v, "--dry-run".into()], [true, false, false, false]),
        (vec!["export".into(), "workers".into()], [true, false, false, false]),
        (vec!["export".into(), "claims".into()], [true, false, false, false]),
        (vec!["export".into(), "walkins".into()], [true, false, false, false]),
        (vec!["export".into(), "station".into()], [true, false, false, false]),
        (vec!["export".into(), "worker".into(), "--id".into(), id], [true, false, false, false]),
        (vec!["report".into(), "daily".into(), "--format".into(), "json".into()], [true, false, false, true]),
        (vec!["purge".into(), "--dry-run".into()], [true, false, false, false]),
        (vec!["export".into(), "audit".into()], [true, false, false, true]),
        (vec!["backup".into(), env.path("b.db").to_string_lossy().into_owned()], [true, false, false, false]),
    ];
    let mut seen = vec![];
    for (args, allowed) in &table {
        for (i, (role, login, pin)) in ROLES.iter().enumerate() {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = env.run(&args, Some((login, pin)), "");
            let code = out.status.code();
            let want = if allowed[i] { Some(0) } else { Some(1) };
            assert_eq!(code, want, "{role} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
            if !allowed[i] {
                assert!(stdout(&out).is_empty(), "{role} {args:?} printed data while refused");
                assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1, "one line");
            }
            seen.push(format!("{role} {} {}", args.join(" "), if allowed[i] { "ok" } else { "refused" }));
        }
    }
    // The backup was made once, by the supervisor; no refused role wrote one.
    assert!(env.path("b.db").exists());
    assert_eq!(seen.len(), table.len() * 4);
}

#[test]
fn clerk_accounts_are_managed_by_supervisors_only() {
    let env = env();
    for (role, login, pin) in &ROLES[1..] {
        let out = env.run(
            &["clerk", "add", "--login", "8099", "--name", "某", "--role", "clerk"],
            Some((login, pin)),
            "730519\n",
        );
        assert_eq!(out.status.code(), Some(1), "{role} added a clerk");
        for cmd in [
            vec!["clerk", "disable", "8002"],
            vec!["clerk", "unlock", "8002"],
            vec!["clerk", "set-role", "8002", "supervisor"],
        ] {
            let out = env.run(&cmd, Some((login, pin)), "");
            assert_eq!(out.status.code(), Some(1), "{role} ran {cmd:?}");
        }
    }
    let list = stdout(&env.run(&["clerk", "list"], Some(("8001", SUP_PIN)), ""));
    assert!(!list.contains("8099"));
    assert!(
        list.lines().any(|l| l.contains("8002") && l.contains("窗口工作人员") && l.contains("在用")),
        "8002 is still an active clerk:\n{list}"
    );
}

#[test]
fn the_audit_trail_exports_masked_for_supervisors_and_auditors() {
    let env = env();
    let out = env.run(&["export", "worker", "--id", "11010519491231002X"], Some(("8001", SUP_PIN)), "");
    assert_ok(&out);
    let out = env.run(&["export", "audit"], Some(("8004", AUD_PIN)), "");
    assert_ok(&out);
    let csv = stdout(&out);
    assert_eq!(csv.lines().next(), Some("\u{feff}at,clerk,terminal,action,worker,reason,detail,id"));
    let person = csv.lines().find(|l| l.contains(",export_worker,") || l.contains(",worker_export,"));
    assert!(
        person.is_some_and(|l| l.contains("110105********002X")),
        "the person's export names them masked:\n{csv}"
    );
    assert!(!csv.contains("11010519491231002X"), "no full ID in the audit export");
    assert!(csv.lines().any(|l| l.contains(",8004,") && l.contains("pid=")), "who and from where:\n{csv}");
    let none = env.run(
        &["export", "audit", "--from", "2000-01-01", "--to", "2000-01-02"],
        Some(("8001", SUP_PIN)),
        "",
    );
    assert_eq!(stdout(&none).lines().count(), 1, "only the header before any entry");
}

//! Masked means masked: ID numbers and phones written inside free text (notes, reasons) leave
//! a masked export masked, and import error lines never print an ID number whole.

mod common;
use common::*;

const WALKINS: &str = "arrived_at,category,name,id_number,phone,work_unit,note,status\r\n";
const CLAIMS: &str = "claim_no,id_number,name,kind,filed_on,amount_claimed,amount_approved,status,note,\
                      amount_paid,paid_on,papers_complete_on,missing_papers,reason\r\n";
const NOTE: &str = "代妻子330281197401188794办理，回电139 1234 5678或13812345678";

#[test]
fn masked_exports_mask_id_numbers_and_phones_inside_notes() {
    let env = Env::seeded();
    let w = env.path("w.csv");
    std::fs::write(
        &w,
        format!("{WALKINS}2026-10-08 09:05,medical_aid,王建国,11010519491231002X,,,{NOTE},done\r\n"),
    )
    .unwrap();
    assert_ok(&env.sup(&["import", "walkins", w.to_str().unwrap()]));
    let c = env.path("c.csv");
    std::fs::write(
        &c,
        format!(
            "{CLAIMS}S001,11010519491231002X,王建国,inpatient,2026-10-08,100,,rejected,{NOTE},,,,\
             缺330281197401188794的户口本,电话13812345678无人接\r\n"
        ),
    )
    .unwrap();
    assert_ok(&env.sup(&["import", "claims", c.to_str().unwrap()]));
    for what in ["walkins", "claims"] {
        let masked = stdout(&env.sup(&["export", what]));
        for whole in ["330281197401188794", "13812345678", "139 1234 5678", "11010519491231002X"] {
            assert!(!masked.contains(whole), "{what}: {whole} went out whole:\n{masked}");
        }
        assert!(
            masked.contains("330281********8794")
                && masked.contains("138****5678")
                && masked.contains("139****5678"),
            "{what}: {masked}"
        );
        assert!(
            masked.contains("代妻子") && masked.contains("办理"),
            "the rest of the note is kept: {masked}"
        );
        let full = stdout(&env.sup(&["export", what, "--unmasked"]));
        assert!(full.contains(NOTE), "{what} --unmasked keeps the note as stored: {full}");
    }
}

#[test]
fn import_error_lines_mask_id_numbers_dry_runs_too() {
    let env = Env::seeded();
    let f = env.path("w.csv");
    std::fs::write(
        &f,
        "id_number,name,phone,work_unit,email\n\
         330281197401188794,王一,,,\n\
         330281197401188794,王一,,,\n\
         11010519491231002X,,13812345678,,\n",
    )
    .unwrap();
    for dry in [false, true] {
        let mut args = vec!["import", "workers", f.to_str().unwrap()];
        if dry {
            args.push("--dry-run");
        }
        let out = env.sup(&args);
        assert_eq!(code(&out), 1);
        let err = stderr(&out);
        assert!(err.contains("第 3 行") && err.contains("330281********8794"), "dry={dry}: {err}");
        assert!(
            !err.contains("330281197401188794") && !err.contains("11010519491231002X"),
            "dry={dry}: {err}"
        );
        assert!(!err.contains("13812345678"), "dry={dry}: {err}");
    }
}

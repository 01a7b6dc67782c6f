use super::*;
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn rule(code: &str, standard: Standard, standard_fen: i64, times: u32, cats: &[Category]) -> Rule {
    Rule {
        year: 2026,
        code: code.into(),
        name: code.into(),
        standard,
        standard_fen,
        times_per_year: times,
        categories: cats.to_vec(),
        claim_kind: "hardship_aid".into(),
    }
}

fn spring() -> Rule {
    let mut r =
        rule("spring", Standard::Fixed, 150_000, 1, &[Category::Deep, Category::Relative, Category::Sudden]);
    r.name = "元旦春节送温暖".into();
    r
}

fn study() -> Rule {
    let mut r =
        rule("study", Standard::Max, 500_000, 1, &[Category::Deep, Category::Relative, Category::Sudden]);
    r.name = "金秋助学".into();
    r
}

fn ok_approval(amount: i64) -> Approval {
    Approval {
        file: FileOnDay::Current(Category::Deep),
        amount: Fen(amount),
        times_before: 0,
        figures: Figures { budget: 10_000_000, committed: 0, paid: 0 },
    }
}

#[test]
fn a_claim_within_every_rule_passes() {
    assert_eq!(check(&spring(), &ok_approval(150_000)), Ok(()));
    assert_eq!(check(&study(), &ok_approval(500_000)), Ok(()));
    assert_eq!(check(&study(), &ok_approval(1)), Ok(()));
}

#[test]
fn rule_1_a_current_file_on_the_approval_day() {
    let mut a = ok_approval(150_000);
    a.file = FileOnDay::None;
    assert_eq!(check(&spring(), &a), Err(Refusal::NoFile { lapsed_on: None }));
    a.file = FileOnDay::Lapsed(d("2026-03-01"));
    assert_eq!(check(&spring(), &a), Err(Refusal::NoFile { lapsed_on: Some(d("2026-03-01")) }));
    // It comes first: every other rule broken too, the file is what is said.
    a.amount = Fen(9_999_999);
    a.times_before = 5;
    assert_eq!(check(&spring(), &a), Err(Refusal::NoFile { lapsed_on: Some(d("2026-03-01")) }));
}

#[test]
fn rule_2_the_category_is_served() {
    let medical = rule("medical", Standard::Max, 2_000_000, 2, &[Category::Deep, Category::Relative]);
    let mut a = ok_approval(100_000);
    a.file = FileOnDay::Current(Category::Sudden);
    assert_eq!(
        check(&medical, &a),
        Err(Refusal::Category { programme: "medical".into(), category: Category::Sudden })
    );
    a.file = FileOnDay::Current(Category::Relative);
    assert_eq!(check(&medical, &a), Ok(()));
}

#[test]
fn rule_3_the_standard_fixed_or_max() {
    let over = Refusal::Standard {
        programme: "元旦春节送温暖".into(),
        standard: Standard::Fixed,
        standard_fen: Fen(150_000),
        amount: Fen(200_000),
    };
    assert_eq!(check(&spring(), &ok_approval(200_000)), Err(over));
    // Fixed means exactly: less is refused too.
    assert!(matches!(check(&spring(), &ok_approval(149_999)), Err(Refusal::Standard { .. })));
    assert!(matches!(
        check(&study(), &ok_approval(500_001)),
        Err(Refusal::Standard { standard: Standard::Max, amount: Fen(500_001), .. })
    ));
}

#[test]
fn rule_4_times_per_year() {
    let mut a = ok_approval(150_000);
    a.times_before = 1;
    assert_eq!(
        check(&spring(), &a),
        Err(Refusal::Times { programme: "元旦春节送温暖".into(), times_per_year: 1, already: 1 })
    );
    let living = rule("living", Standard::Max, 300_000, 2, &[Category::Deep]);
    let mut b = ok_approval(300_000);
    b.times_before = 1;
    assert_eq!(check(&living, &b), Ok(()));
    b.times_before = 2;
    assert!(matches!(check(&living, &b), Err(Refusal::Times { already: 2, .. })));
}

#[test]
fn rule_5_the_remaining_budget() {
    let mut a = ok_approval(500_000);
    a.figures = Figures { budget: 30_000_000, committed: 20_000_000, paid: 9_680_000 };
    assert_eq!(
        check(&study(), &a),
        Err(Refusal::Budget {
            programme: "金秋助学".into(), remaining: Fen(320_000), amount: Fen(500_000)
        })
    );
    // The last yuan of a budget may be spent exactly.
    a.amount = Fen(320_000);
    assert_eq!(check(&study(), &a), Ok(()));
}

#[test]
fn times_per_year_count_the_year_of_filing_across_new_year() {
    let past = |code: &str, on: &str, counts: bool| Past { programme: code.into(), filed_on: d(on), counts };
    let history = [
        past("spring", "2026-12-30", true),
        past("spring", "2027-01-02", false), // rejected or still open: not counted
        past("study", "2027-01-03", true),   // another programme
    ];
    assert_eq!(programme_year(d("2026-12-31")), 2026);
    assert_eq!(programme_year(d("2027-01-01")), 2027);
    assert_eq!(times_in_year(&history, "spring", 2026), 1);
    // A December claim does not use up January's: the new year starts at nought.
    assert_eq!(times_in_year(&history, "spring", 2027), 0);
    let mut jan = ok_approval(150_000);
    jan.times_before = times_in_year(&history, "spring", programme_year(d("2027-01-05")));
    assert_eq!(check(&spring(), &jan), Ok(()));
    let mut dec = ok_approval(150_000);
    dec.times_before = times_in_year(&history, "spring", programme_year(d("2026-12-31")));
    assert!(matches!(check(&spring(), &dec), Err(Refusal::Times { already: 1, .. })));
}

#[test]
fn a_budget_change_mid_year_moves_the_remaining_and_may_not_go_below_the_spent() {
    let before =
        Figures { budget: budget_in_force(None, 30_000_000), committed: 10_000_000, paid: 19_800_000 };
    assert_eq!(before.remaining(), 200_000);
    let mut a = ok_approval(500_000);
    a.figures = before;
    assert!(matches!(check(&study(), &a), Err(Refusal::Budget { remaining: Fen(200_000), .. })));
    // The supervisor raises it: the history row wins over the config's figure.
    let raised = change_budget(before, 31_000_000).unwrap();
    assert_eq!(raised.budget, budget_in_force(Some(31_000_000), 30_000_000));
    a.figures = raised;
    assert_eq!(check(&study(), &a), Ok(()));
    // A cut below committed + paid is refused with the figures; to exactly that is allowed.
    assert_eq!(
        change_budget(before, 29_799_999),
        Err(BudgetTooLow { new: Fen(29_799_999), committed: Fen(10_000_000), paid: Fen(19_800_000) })
    );
    assert_eq!(change_budget(before, 29_800_000).unwrap().remaining(), 0);
}

#[test]
fn intake_needs_the_programme_of_the_filing_year_its_kind_and_an_eligible_category() {
    let r = spring();
    let on = d("2026-05-01");
    assert_eq!(intake(Some(&r), "spring", on, "hardship_aid", Some(Category::Deep)), Ok(()));
    assert_eq!(
        intake(None, "spring", d("2031-01-01"), "hardship_aid", Some(Category::Deep)),
        Err(IntakeRefusal::Unknown { code: "spring".into(), year: 2031 })
    );
    assert!(matches!(
        intake(Some(&r), "spring", on, "education_aid", Some(Category::Deep)),
        Err(IntakeRefusal::Kind { .. })
    ));
    let medical = rule("medical", Standard::Max, 2_000_000, 2, &[Category::Deep]);
    assert!(matches!(
        intake(Some(&medical), "medical", on, "hardship_aid", Some(Category::Sudden)),
        Err(IntakeRefusal::Category { category: Some(Category::Sudden), .. })
    ));
    assert!(matches!(
        intake(Some(&medical), "medical", on, "hardship_aid", None),
        Err(IntakeRefusal::Category { category: None, .. })
    ));
    assert_eq!(intake_amount(&r, 99), 150_000);
    assert_eq!(intake_amount(&study(), 99), 99);
}

use super::*;
use State::*;
use chrono::TimeZone;
use rstest::rstest;

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, h, m, 0).unwrap()
}

fn pos(state: State, calls: u32) -> Option<Position> {
    Some(Position { state, calls })
}

#[rstest]
#[case(None, Step::Issue, Waiting)]
#[case(pos(Waiting, 0), Step::Call, Called)]
#[case(pos(Called, 1), Step::Recall, Called)]
#[case(pos(Called, 1), Step::SendBack, Waiting)]
#[case(pos(Called, 1), Step::Begin, Serving)]
#[case(pos(Serving, 1), Step::Finish(Outcome::DoneFirstVisit), Done)]
#[case(pos(Serving, 1), Step::Finish(Outcome::NeedsPapers), Done)]
#[case(pos(Serving, 1), Step::Finish(Outcome::Referred), Referred)]
#[case(pos(Called, 2), Step::NoShow, NoShow)]
#[case(pos(Waiting, 0), Step::Cancel, Cancelled)]
#[case(pos(Waiting, 0), Step::Transfer, Waiting)]
#[case(pos(Called, 1), Step::Transfer, Waiting)]
#[case(pos(Serving, 1), Step::Transfer, Waiting)]
#[case(None, Step::Import(NoShow), NoShow)]
#[case(pos(NoShow, 3), Step::Restore, Waiting)]
#[case(pos(Cancelled, 0), Step::Restore, Waiting)]
fn allowed(#[case] from: Option<Position>, #[case] step: Step, #[case] to: State) {
    assert_eq!(advance(from, step, 3).unwrap().state, to);
}

#[rstest]
#[case(None, Step::Call)]
#[case(pos(Waiting, 0), Step::Issue)]
#[case(pos(Waiting, 0), Step::Begin)]
#[case(pos(Waiting, 0), Step::Recall)]
#[case(pos(Waiting, 0), Step::Finish(Outcome::DoneFirstVisit))]
#[case(pos(Waiting, 0), Step::NoShow)]
#[case(pos(Called, 1), Step::Cancel)]
#[case(pos(Waiting, 0), Step::Restore)]
#[case(pos(Called, 1), Step::Restore)]
#[case(pos(Done, 1), Step::Restore)]
#[case(pos(Called, 1), Step::Finish(Outcome::DoneFirstVisit))]
#[case(pos(Serving, 1), Step::Call)]
#[case(pos(Serving, 1), Step::Cancel)]
#[case(pos(Serving, 1), Step::NoShow)]
#[case(pos(Done, 1), Step::Transfer)]
#[case(pos(Done, 1), Step::Call)]
#[case(pos(Referred, 1), Step::Finish(Outcome::DoneFirstVisit))]
#[case(pos(NoShow, 3), Step::Recall)]
#[case(pos(Cancelled, 0), Step::Call)]
#[case(pos(Waiting, 0), Step::Import(Done))]
fn refused(#[case] from: Option<Position>, #[case] step: Step) {
    assert!(advance(from, step, 3).is_err());
}

#[test]
fn recalls_beyond_the_limit_make_a_no_show() {
    let steps = [Step::Issue, Step::Call, Step::Recall, Step::Recall];
    assert_eq!(replay(&steps, 3).unwrap(), Position { state: Called, calls: 3 });
    let steps = [Step::Issue, Step::Call, Step::Recall, Step::Recall, Step::Recall];
    assert_eq!(replay(&steps, 3).unwrap().state, NoShow);
    assert_eq!(replay(&steps, 5).unwrap().state, Called);
}

#[test]
fn ticket_labels_never_wrap() {
    assert_eq!(ticket_label("A", 1), "A001");
    assert_eq!(ticket_label("B", 999), "B999");
    assert_eq!(ticket_label("B", 1000), "B1000");
}

#[test]
fn wait_is_to_the_call_that_led_to_service() {
    let steps = [
        (Step::Issue, at(1, 0)),
        (Step::Call, at(1, 10)),
        (Step::Recall, at(1, 12)),
        (Step::Begin, at(1, 13)),
        (Step::Finish(Outcome::DoneFirstVisit), at(1, 21)),
    ];
    assert_eq!(times(at(1, 0), &steps), (Some(12.0), Some(8.0)));
}

#[test]
fn a_transfer_keeps_arrival_and_measures_the_final_service() {
    let steps = [
        (Step::Issue, at(1, 0)),
        (Step::Call, at(1, 5)),
        (Step::Begin, at(1, 6)),
        (Step::Transfer, at(1, 9)),
        (Step::Call, at(1, 30)),
        (Step::Begin, at(1, 31)),
        (Step::Finish(Outcome::Referred), at(1, 40)),
    ];
    assert_eq!(times(at(1, 0), &steps), (Some(30.0), Some(9.0)));
}

#[test]
fn a_visit_across_midnight_is_measured_whole() {
    let arrived = Utc.with_ymd_and_hms(2026, 11, 28, 15, 50, 0).unwrap(); // 23:50 in Shanghai
    let steps = [
        (Step::Issue, arrived),
        (Step::Call, Utc.with_ymd_and_hms(2026, 11, 28, 16, 5, 0).unwrap()),
        (Step::Begin, Utc.with_ymd_and_hms(2026, 11, 28, 16, 6, 0).unwrap()),
        (Step::Finish(Outcome::DoneFirstVisit), Utc.with_ymd_and_hms(2026, 11, 28, 16, 16, 30).unwrap()),
    ];
    assert_eq!(times(arrived, &steps), (Some(15.0), Some(10.5)));
}

#[test]
fn unmeasured_times_are_none() {
    let steps = [(Step::Issue, at(1, 0)), (Step::Call, at(1, 4))];
    assert_eq!(times(at(1, 0), &steps), (None, None));
    let steps = [(Step::Issue, at(1, 0)), (Step::Call, at(1, 4)), (Step::Begin, at(1, 5))];
    assert_eq!(times(at(1, 0), &steps), (Some(4.0), None));
}

#[test]
fn first_visit_rate() {
    use Outcome::*;
    assert_eq!(first_visit_done_rate(&[]), None);
    assert_eq!(first_visit_done_rate(&[DoneFirstVisit, NeedsPapers, Referred, DoneFirstVisit]), Some(0.5));
}

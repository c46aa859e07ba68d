//! The working-day calendar: the shipped table against an independent one, and the laws of
//! counting working days and deadlines.

use chinese_holiday::{Ymd, chinese_holiday};
use jiff::civil::{Date, date};
use livability::{calendar::Calendar, calendar::Deadline, calendar::WorkHours};
use proptest::prelude::*;

/// Dates on which the `chinese_holiday` crate contradicts the State Council's notices (its
/// own comments quote the notices' text): Sunday 9 October 2016 was worked ("10月8日（星期六）、
/// 10月9日（星期日）上班"), and Friday 30 December 2016 was an ordinary working day (the 2017
/// notice: "1月1日放假，1月2日（星期一）补休").
const ITS_SLIPS: [(i16, i8, i8); 2] = [(2016, 10, 9), (2016, 12, 30)];

#[test]
fn the_shipped_calendar_agrees_with_an_independent_table() {
    let china = Calendar::china();
    let mut day = date(2010, 1, 1);
    let mut compared = 0;
    // The crate covers dates up to 2026-12-25.
    while day <= date(2026, 12, 25) {
        let theirs = chinese_holiday(Ymd::new(
            day.year() as u16,
            day.month() as u8,
            day.day() as u8,
        ))
        .is_workday();
        let ours = china.is_working_day(day).unwrap();
        if !ITS_SLIPS.contains(&(day.year(), day.month(), day.day())) {
            assert_eq!(ours, theirs, "{day}");
            compared += 1;
        } else {
            assert_ne!(
                ours, theirs,
                "{day}: the crate was corrected; drop it from ITS_SLIPS"
            );
        }
        day = day.tomorrow().unwrap();
    }
    assert_eq!(compared, 6_201);
}

/// Dates of the covered years, 2010 to 2026 (early enough that a few hundred working days
/// later is still covered).
fn dates() -> impl Strategy<Value = Date> {
    (0i32..(365 * 16)).prop_map(|offset| {
        date(2010, 1, 1)
            .checked_add(jiff::Span::new().days(i64::from(offset)))
            .unwrap()
    })
}

proptest! {
    /// Adding n working days, then counting the working days back, gives n.
    #[test]
    fn adding_working_days_then_counting_them_back_is_the_identity(start in dates(), n in 0u32..200) {
        let china = Calendar::china();
        let end = china.add_working_days(start, n).unwrap();
        prop_assert_eq!(china.working_days_between(start, end).unwrap(), n);
        if n > 0 {
            prop_assert!(china.is_working_day(end).unwrap());
        }
    }

    /// A deadline in working days or days never falls on a day off.
    #[test]
    fn a_deadline_is_never_on_a_day_off(start in dates(), n in 0u32..60, days in any::<bool>(), hour in 0i8..24) {
        let china = Calendar::china();
        let deadline = if days { Deadline::Days(n) } else { Deadline::WorkingDays(n.max(1)) };
        let due = deadline.due(start.at(hour, 0, 0, 0), china, &WorkHours::default()).unwrap();
        prop_assert!(china.is_working_day(due.date()).unwrap());
    }

    /// Two times within one stretch of days off (a weekend, a holiday) have the same deadline
    /// in working days and in working hours.
    #[test]
    fn moving_a_time_within_days_off_keeps_its_deadline(start in dates(), n in 1u32..20, a in 0i8..24, b in 0i8..24) {
        let china = Calendar::china();
        prop_assume!(!china.is_working_day(start).unwrap());
        // The stretch of days off that `start` is in, from its first day.
        let mut first = start;
        while first > date(2010, 1, 1) && !china.is_working_day(first.yesterday().unwrap()).unwrap() {
            first = first.yesterday().unwrap();
        }
        let (x, y) = (first.at(a, 0, 0, 0), start.at(b, 30, 0, 0));
        let hours = WorkHours::default();
        for deadline in [Deadline::WorkingDays(n), Deadline::WorkingHours(n.into())] {
            prop_assert_eq!(
                deadline.due(x, china, &hours).unwrap(),
                deadline.due(y, china, &hours).unwrap()
            );
        }
    }
}

//! Grades (优秀/良好/合格/不合格): by the rounded score against thresholds, or by rank share
//! (the best fifth), equals never split across a cut; a veto may demote a place one grade.

use rust_decimal::Decimal;

/// One row of `grades`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GradeRule {
    pub(crate) name: String,
    /// The lowest rounded score of the grade (`by score`); `None` on the catch-all last row.
    pub(crate) min: Option<Decimal>,
    /// The largest share of the ranked places the grade may hold (`by share`); `None` on
    /// the last row, which takes the rest.
    pub(crate) share: Option<Decimal>,
}

/// A board's grades, checked: by score, `min` strictly decreasing; by share, shares summing
/// to at most 1; only the last row may lack its bound.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Grades {
    pub(crate) rows: Vec<GradeRule>,
    pub(crate) by_share: bool,
}

impl Grades {
    /// The grade of each ranked place: `ranked` holds, best first, each place's rounded
    /// value and its tie group (equal groups are equals). By score, the first row whose
    /// `min` the value reaches; by share, a grade takes groups best first while it holds at
    /// most ⌊share × places⌋ of them, a group that would pass it going whole to the next.
    pub(crate) fn assign(&self, ranked: &[(Decimal, usize)]) -> Vec<Option<usize>> {
        if !self.by_share {
            return ranked
                .iter()
                .map(|(value, _)| {
                    self.rows
                        .iter()
                        .position(|row| row.min.is_none_or(|min| *value >= min))
                })
                .collect();
        }
        let places = Decimal::from(ranked.len());
        let limits: Vec<Option<Decimal>> = self
            .rows
            .iter()
            .map(|row| {
                row.share
                    .map(|share| share.checked_mul(places).unwrap_or(places).floor())
            })
            .collect();
        let mut grades = Vec::with_capacity(ranked.len());
        let (mut grade, mut held) = (0, Decimal::ZERO);
        let mut start = 0;
        while start < ranked.len() {
            let group = ranked[start].1;
            let size = ranked[start..]
                .iter()
                .take_while(|(_, other)| *other == group)
                .count();
            let size_decimal = Decimal::from(size);
            while grade < self.rows.len()
                && limits[grade].is_some_and(|limit| held + size_decimal > limit)
            {
                grade += 1;
                held = Decimal::ZERO;
            }
            let assigned = (grade < self.rows.len()).then_some(grade);
            held += size_decimal;
            grades.extend(std::iter::repeat_n(assigned, size));
            start += size;
        }
        grades
    }

    /// One grade lower than `grade`: the next row; from the last, the same when it is a
    /// catch-all, else none.
    pub(crate) fn demote(&self, grade: Option<usize>) -> Option<usize> {
        let grade = grade?;
        if grade + 1 < self.rows.len() {
            return Some(grade + 1);
        }
        let last = self.rows.last()?;
        (last.min.is_none() && last.share.is_none()).then_some(grade)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(rows: &[(&str, Option<i64>)], by_share: bool) -> Grades {
        Grades {
            rows: rows
                .iter()
                .map(|&(name, bound)| GradeRule {
                    name: name.to_owned(),
                    min: bound.filter(|_| !by_share).map(Decimal::from),
                    share: bound.filter(|_| by_share).map(|b| Decimal::new(b, 2)),
                })
                .collect(),
            by_share,
        }
    }

    #[test]
    fn bengbu_grades_by_score() {
        let grades = rows(
            &[
                ("优秀", Some(90)),
                ("良好", Some(80)),
                ("合格", Some(60)),
                ("不合格", None),
            ],
            false,
        );
        let ranked: Vec<(Decimal, usize)> = [95, 90, 89, 60, 12]
            .iter()
            .enumerate()
            .map(|(group, &score)| (Decimal::from(score), group))
            .collect();
        assert_eq!(
            grades.assign(&ranked),
            [Some(0), Some(0), Some(1), Some(2), Some(3)]
        );
        assert_eq!(grades.demote(Some(0)), Some(1));
        assert_eq!(grades.demote(Some(3)), Some(3));
        let no_catch_all = rows(&[("合格", Some(60))], false);
        assert_eq!(no_catch_all.assign(&[(Decimal::from(59), 0)]), [None]);
        assert_eq!(no_catch_all.demote(Some(0)), None);
    }

    #[test]
    fn shares_never_split_equals() {
        // A fifth of 10 places is 2: the tie at 2nd–3rd does not fit, so A holds one place.
        let grades = rows(&[("A", Some(20)), ("B", Some(50)), ("C", None)], true);
        let groups = [0, 1, 1, 2, 3, 4, 5, 6, 7, 8];
        let ranked: Vec<(Decimal, usize)> =
            groups.iter().map(|&group| (Decimal::ZERO, group)).collect();
        let names: Vec<Option<usize>> = grades.assign(&ranked);
        assert_eq!(
            names,
            [
                Some(0),
                Some(1),
                Some(1),
                Some(1),
                Some(1),
                Some(1),
                Some(2),
                Some(2),
                Some(2),
                Some(2)
            ]
        );
    }
}

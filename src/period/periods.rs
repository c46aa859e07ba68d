//! The periods a run measures side by side, by name: the period ranked, the one before it,
//! and the same period a year earlier. A value per period is a [`Periods<T>`], and the name of
//! one of them a [`PeriodRole`], never a bare index: code that treats every period alike goes
//! through [`Periods::iter`], [`Periods::map`] and [`Periods::zip`], so that another period
//! (a year of months, say) is one more role and one more field, and the loops stay as they are.

/// Which of a run's periods a record, a total or a moment belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum PeriodRole {
    /// The period ranked.
    Current,
    /// The period before it, which rank changes compare with.
    Previous,
    /// The same period a year earlier, when an improvement board compares with it.
    YearAgo,
}

impl PeriodRole {
    /// Every role, in the order a record's period is looked for: the period ranked first.
    pub(crate) const ALL: [PeriodRole; 3] = [
        PeriodRole::Current,
        PeriodRole::Previous,
        PeriodRole::YearAgo,
    ];
}

/// One `T` per period of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Periods<T> {
    /// The period ranked.
    pub(crate) current: T,
    /// The period before it.
    pub(crate) previous: T,
    /// The same period a year earlier.
    pub(crate) year_ago: T,
}

impl<T> Periods<T> {
    /// The `T` of `role`.
    pub(crate) fn get(&self, role: PeriodRole) -> &T {
        match role {
            PeriodRole::Current => &self.current,
            PeriodRole::Previous => &self.previous,
            PeriodRole::YearAgo => &self.year_ago,
        }
    }

    /// The `T` of `role`, to change.
    pub(crate) fn get_mut(&mut self, role: PeriodRole) -> &mut T {
        match role {
            PeriodRole::Current => &mut self.current,
            PeriodRole::Previous => &mut self.previous,
            PeriodRole::YearAgo => &mut self.year_ago,
        }
    }

    /// Each `T` with its role, in [`PeriodRole::ALL`] order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (PeriodRole, &T)> {
        PeriodRole::ALL
            .into_iter()
            .map(|role| (role, self.get(role)))
    }

    /// Each `T` turned into a `U` with its role.
    pub(crate) fn map<U>(self, mut f: impl FnMut(PeriodRole, T) -> U) -> Periods<U> {
        Periods {
            current: f(PeriodRole::Current, self.current),
            previous: f(PeriodRole::Previous, self.previous),
            year_ago: f(PeriodRole::YearAgo, self.year_ago),
        }
    }

    /// Pairs each `T` with the `U` of the same role in `other`.
    pub(crate) fn zip<U>(self, other: Periods<U>) -> Periods<(T, U)> {
        Periods {
            current: (self.current, other.current),
            previous: (self.previous, other.previous),
            year_ago: (self.year_ago, other.year_ago),
        }
    }

    /// A `Periods` of references.
    pub(crate) fn as_mut(&mut self) -> Periods<&mut T> {
        Periods {
            current: &mut self.current,
            previous: &mut self.previous,
            year_ago: &mut self.year_ago,
        }
    }

    /// A `Periods` of references.
    pub(crate) fn as_ref(&self) -> Periods<&T> {
        Periods {
            current: &self.current,
            previous: &self.previous,
            year_ago: &self.year_ago,
        }
    }
}

impl<T> IntoIterator for Periods<T> {
    type Item = (PeriodRole, T);
    type IntoIter = std::array::IntoIter<(PeriodRole, T), 3>;

    fn into_iter(self) -> Self::IntoIter {
        [
            (PeriodRole::Current, self.current),
            (PeriodRole::Previous, self.previous),
            (PeriodRole::YearAgo, self.year_ago),
        ]
        .into_iter()
    }
}

impl<T> Periods<Option<T>> {
    /// The first role, in [`PeriodRole::ALL`] order, whose `T` there is and `test` accepts.
    pub(crate) fn find(&self, test: impl Fn(&T) -> bool) -> Option<PeriodRole> {
        self.iter()
            .find(|(_, value)| value.as_ref().is_some_and(&test))
            .map(|(role, _)| role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles() -> Periods<PeriodRole> {
        Periods {
            current: PeriodRole::Current,
            previous: PeriodRole::Previous,
            year_ago: PeriodRole::YearAgo,
        }
    }

    #[test]
    fn every_role_reaches_its_own_field() {
        let mut periods = roles();
        for role in PeriodRole::ALL {
            assert_eq!(*periods.get(role), role);
            *periods.get_mut(role) = PeriodRole::Current;
        }
        assert_eq!(periods, roles().map(|_, _| PeriodRole::Current));
        let roles: Vec<PeriodRole> = roles()
            .into_iter()
            .map(|(role, value)| {
                assert_eq!(role, value);
                role
            })
            .collect();
        assert_eq!(roles, PeriodRole::ALL);
    }

    #[test]
    fn a_record_belongs_to_the_first_period_that_holds_it() {
        let periods = Periods {
            current: Some(5),
            previous: None,
            year_ago: Some(5),
        };
        assert_eq!(periods.find(|&n| n == 5), Some(PeriodRole::Current));
        assert_eq!(periods.find(|&n| n == 4), None);
        let later = periods.map(|_, n| n.filter(|&n| n != 5).or(Some(7)));
        assert_eq!(later.find(|&n| n == 7), Some(PeriodRole::Current));
        assert_eq!(
            periods.zip(later).year_ago,
            (Some(5), Some(7)),
            "zip pairs the same role"
        );
    }
}

//! The periods a run measures side by side, by name: the period ranked, the one before it,
//! and the same period a year earlier. A value per period is a [`Periods<T>`], and the name of
//! one of them a [`PeriodRole`], never a bare index: code that treats every period alike goes
//! through [`Periods::iter`], [`Periods::map`] and [`Periods::zip`], so that another period
//! (a year of months, say) is one more role and one more field, and the loops stay as they are.
//! The months of a history (`--history 12`) that are none of the three named periods are
//! the `earlier` ones, [`PeriodRole::Earlier`] by position.

/// Which of a run's periods a record, a total or a moment belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum PeriodRole {
    /// The period ranked.
    Current,
    /// The period before it, which rank changes compare with.
    Previous,
    /// The same period a year earlier, when an improvement board compares with it.
    YearAgo,
    /// Another period measured for a history, by its position among the `earlier` ones.
    Earlier(u8),
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Periods<T> {
    /// The period ranked.
    pub(crate) current: T,
    /// The period before it.
    pub(crate) previous: T,
    /// The same period a year earlier.
    pub(crate) year_ago: T,
    /// The other periods a history measures (none without a history).
    pub(crate) earlier: Vec<T>,
}

impl<T> Periods<T> {
    /// The `T` of `role`.
    pub(crate) fn get(&self, role: PeriodRole) -> &T {
        match role {
            PeriodRole::Current => &self.current,
            PeriodRole::Previous => &self.previous,
            PeriodRole::YearAgo => &self.year_ago,
            // Roles come from the same run's periods, so the position is always there.
            PeriodRole::Earlier(position) => self
                .earlier
                .get(usize::from(position))
                .unwrap_or(&self.year_ago),
        }
    }

    /// The `T` of `role`, to change.
    pub(crate) fn get_mut(&mut self, role: PeriodRole) -> &mut T {
        match role {
            PeriodRole::Current => &mut self.current,
            PeriodRole::Previous => &mut self.previous,
            PeriodRole::YearAgo => &mut self.year_ago,
            PeriodRole::Earlier(position) => match self.earlier.get_mut(usize::from(position)) {
                Some(earlier) => earlier,
                None => &mut self.year_ago,
            },
        }
    }

    /// Every role of these periods: [`PeriodRole::ALL`], then each earlier one.
    fn roles(&self) -> impl Iterator<Item = PeriodRole> + use<T> {
        let earlier = self.earlier.len().min(usize::from(u8::MAX) + 1);
        PeriodRole::ALL.into_iter().chain(
            (0..earlier)
                .filter_map(|position| u8::try_from(position).ok().map(PeriodRole::Earlier)),
        )
    }

    /// Each `T` with its role, in [`PeriodRole::ALL`] order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (PeriodRole, &T)> {
        self.roles().map(|role| (role, self.get(role)))
    }

    /// Each `T` turned into a `U` with its role.
    pub(crate) fn map<U>(self, mut f: impl FnMut(PeriodRole, T) -> U) -> Periods<U> {
        Periods {
            current: f(PeriodRole::Current, self.current),
            previous: f(PeriodRole::Previous, self.previous),
            year_ago: f(PeriodRole::YearAgo, self.year_ago),
            earlier: positions(self.earlier)
                .map(|(role, value)| f(role, value))
                .collect(),
        }
    }

    /// Pairs each `T` with the `U` of the same role in `other`.
    pub(crate) fn zip<U>(self, other: Periods<U>) -> Periods<(T, U)> {
        Periods {
            current: (self.current, other.current),
            previous: (self.previous, other.previous),
            year_ago: (self.year_ago, other.year_ago),
            earlier: self.earlier.into_iter().zip(other.earlier).collect(),
        }
    }

    /// A `Periods` of references.
    pub(crate) fn as_mut(&mut self) -> Periods<&mut T> {
        Periods {
            current: &mut self.current,
            previous: &mut self.previous,
            year_ago: &mut self.year_ago,
            earlier: self.earlier.iter_mut().collect(),
        }
    }

    /// A `Periods` of references.
    pub(crate) fn as_ref(&self) -> Periods<&T> {
        Periods {
            current: &self.current,
            previous: &self.previous,
            year_ago: &self.year_ago,
            earlier: self.earlier.iter().collect(),
        }
    }
}

impl<T> IntoIterator for Periods<T> {
    type Item = (PeriodRole, T);
    type IntoIter = std::vec::IntoIter<(PeriodRole, T)>;

    fn into_iter(self) -> Self::IntoIter {
        let mut all = vec![
            (PeriodRole::Current, self.current),
            (PeriodRole::Previous, self.previous),
            (PeriodRole::YearAgo, self.year_ago),
        ];
        all.extend(positions(self.earlier));
        all.into_iter()
    }
}

/// The earlier periods' values with their roles (at most 256 of them: a history is short).
fn positions<T>(earlier: Vec<T>) -> impl Iterator<Item = (PeriodRole, T)> {
    earlier
        .into_iter()
        .zip(0..=u8::MAX)
        .map(|(value, position)| (PeriodRole::Earlier(position), value))
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
            earlier: vec![PeriodRole::Earlier(0), PeriodRole::Earlier(1)],
        }
    }

    #[test]
    fn every_role_reaches_its_own_field() {
        let mut periods = roles();
        let every: Vec<PeriodRole> = periods.iter().map(|(role, _)| role).collect();
        for role in every {
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
        assert_eq!(roles[..3], PeriodRole::ALL);
        assert_eq!(roles[3..], [PeriodRole::Earlier(0), PeriodRole::Earlier(1)]);
    }

    #[test]
    fn a_record_belongs_to_the_first_period_that_holds_it() {
        let periods = Periods {
            current: Some(5),
            previous: None,
            year_ago: Some(5),
            earlier: vec![None, Some(6)],
        };
        assert_eq!(periods.find(|&n| n == 6), Some(PeriodRole::Earlier(1)));
        assert_eq!(periods.find(|&n| n == 5), Some(PeriodRole::Current));
        assert_eq!(periods.find(|&n| n == 4), None);
        let later = periods
            .clone()
            .map(|_, n| n.filter(|&n| n != 5).or(Some(7)));
        assert_eq!(later.find(|&n| n == 7), Some(PeriodRole::Current));
        assert_eq!(
            periods.clone().zip(later).year_ago,
            (Some(5), Some(7)),
            "zip pairs the same role"
        );
    }
}

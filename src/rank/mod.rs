//! Ranking: tie groups and the five rank methods.
//!
//! Places are ordered by their rounded score, best first, then by each tie-breaker in turn.
//! Places equal in all of these form a tie group; a group that fills positions p..q (1-based)
//! ranks by the board's [`RankMethod`], and is listed in the board's [`TieOrder`]. What is
//! published is what is compared: two places that show the same score (and equal tie-breakers)
//! are tied, and no invisible digit ever separates them. Never an epsilon: a tolerance does not
//! chain (a≈b, b≈c, a≉c), equality of rounded values does.

mod rules;
mod tie_order;

pub use rules::{Compare, RankBy, RankMethod, TieOrder};
pub(crate) use tie_order::listing_positions;

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;

use crate::exact::Exact;
use crate::score::Better;

/// A place's rank on a board: a whole number, or a half for `fractional` ranks of groups of
/// even size (`2.5`).
///
/// ```
/// use livability::schemes::Rank;
///
/// assert_eq!(Rank::whole(3).to_string(), "3");
/// assert!(Rank::whole(2) < Rank::whole(3));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rank {
    /// Twice the rank, so that halves are whole.
    halves: u64,
}

impl Rank {
    /// The whole rank `n`.
    pub fn whole(n: u64) -> Rank {
        Rank { halves: n * 2 }
    }

    /// The rank (p + q) ÷ 2.
    fn midpoint(p: u64, q: u64) -> Rank {
        Rank { halves: p + q }
    }

    /// Whether the rank is a whole number.
    pub fn is_whole(&self) -> bool {
        self.halves.is_multiple_of(2)
    }

    /// The rank as a decimal.
    pub fn to_decimal(self) -> Decimal {
        (Decimal::from(self.halves) / Decimal::TWO).normalize()
    }

    /// Whether the rank is within a cut-off of `top` places.
    pub fn within(&self, top: u32) -> bool {
        self.halves <= u64::from(top) * 2
    }

    /// How many places a place rose from `previous` to `self` (negative when it fell).
    pub(crate) fn rise_since(&self, previous: Rank) -> Decimal {
        ((Decimal::from(previous.halves) - Decimal::from(self.halves)) / Decimal::TWO).normalize()
    }
}

impl fmt::Display for Rank {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_whole() {
            write!(f, "{}", self.halves / 2)
        } else {
            write!(f, "{}.5", self.halves / 2)
        }
    }
}

impl serde::Serialize for Rank {
    /// As a string (`"2"`, `"2.5"`), like every decimal in JSON output.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A place competing on a board.
#[derive(Clone, Debug)]
pub(crate) struct Contender {
    /// The rounded score: what is published is what is compared.
    pub(crate) score: Decimal,
    /// The values of the board's tie-breakers, in order, with their direction.
    pub(crate) tie_breakers: Vec<(Option<Exact>, Better)>,
    /// The place's position in the board's tie order.
    pub(crate) listing: usize,
    /// A veto with `effect = "last"` struck it: it ranks after every place none struck.
    pub(crate) last: bool,
}

/// A contender's place in the ranking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ranked {
    /// Index into the contenders.
    pub(crate) contender: usize,
    pub(crate) rank: Rank,
    /// Another contender has the same rank.
    pub(crate) tied: bool,
    /// Its group of equals, numbered from 0 best first (equals under `ordinal` too).
    pub(crate) group: usize,
}

/// Ranks `contenders` by `method`; the result is in listing order (by rank, then tie order).
pub(crate) fn rank(contenders: &[Contender], method: RankMethod) -> Vec<Ranked> {
    let mut order: Vec<usize> = (0..contenders.len()).collect();
    let keys = machine_keys(contenders);
    match &keys {
        // The same order as the comparison below, on machine integers: equal keys only for
        // one contender, so an unstable sort is as stable as the other.
        // The keys made once, side by side with their index, rather than looked up through
        // the index at each comparison.
        Some(keys) => match packed_keys(contenders, keys) {
            Some(mut packed) => {
                packed.sort_unstable();
                order = packed.into_iter().map(|(_, index)| index).collect();
            }
            None => {
                let mut keyed: Vec<(bool, std::cmp::Reverse<i128>, usize, usize)> = contenders
                    .iter()
                    .zip(keys)
                    .enumerate()
                    .map(|(index, (contender, &key))| {
                        (
                            contender.last,
                            std::cmp::Reverse(key),
                            contender.listing,
                            index,
                        )
                    })
                    .collect();
                keyed.sort_unstable();
                order = keyed.into_iter().map(|(.., index)| index).collect();
            }
        },
        None => order.sort_by(|&a, &b| {
            compare(&contenders[a], &contenders[b])
                .then(contenders[a].listing.cmp(&contenders[b].listing))
        }),
    }
    let equal = |a: usize, b: usize| match &keys {
        Some(keys) => contenders[a].last == contenders[b].last && keys[a] == keys[b],
        None => compare(&contenders[a], &contenders[b]).is_eq(),
    };
    let mut ranked = Vec::with_capacity(order.len());
    let mut groups = 0u64;
    let mut start = 0;
    while start < order.len() {
        let first = order[start];
        let end = start
            + order[start..]
                .iter()
                .take_while(|&&other| equal(first, other))
                .count();
        groups += 1;
        let (p, q) = (start as u64 + 1, end as u64);
        let tied = method != RankMethod::Ordinal && q > p;
        for (offset, &contender) in order[start..end].iter().enumerate() {
            let rank = match method {
                RankMethod::Competition => Rank::whole(p),
                RankMethod::Dense => Rank::whole(groups),
                RankMethod::Modified => Rank::whole(q),
                RankMethod::Ordinal => Rank::whole(p + offset as u64),
                RankMethod::Fractional => Rank::midpoint(p, q),
            };
            ranked.push(Ranked {
                contender,
                rank,
                tied,
                group: groups as usize - 1,
            });
        }
        start = end;
    }
    ranked
}

/// Each contender's sort key `(last, Reverse(key), listing)` packed into one integer that
/// orders as the tuple does, beside its index: `last` in the top bit, the key (a mantissa,
/// below 2⁹⁶ in magnitude) reversed in the next 97, the listing in the low 30. `None` when a
/// key or a listing does not fit, and the tuples are sorted instead.
fn packed_keys(contenders: &[Contender], keys: &[i128]) -> Option<Vec<(u128, usize)>> {
    const KEY_BIAS: i128 = 1 << 96;
    const LISTING_BITS: u32 = 30;
    contenders
        .iter()
        .zip(keys)
        .enumerate()
        .map(|(index, (contender, &key))| {
            let listing = u128::try_from(contender.listing)
                .ok()
                .filter(|&listing| listing < 1 << LISTING_BITS)?;
            // In [0, 2⁹⁷) when |key| < 2⁹⁶; the higher the key, the lower the reversed.
            let biased = u128::try_from(key.checked_add(KEY_BIAS)?)
                .ok()
                .filter(|&biased| biased < 1 << 97)?;
            let reversed = ((1u128 << 97) - 1) - biased;
            let last = u128::from(contender.last) << 127;
            Some((last | reversed << LISTING_BITS | listing, index))
        })
        .collect()
}

/// Each contender's score as one machine integer ordered as the scores are (their mantissas,
/// when all have one scale, as a board's rounded scores do), when no tie-breaker is to be
/// compared; `None` otherwise.
fn machine_keys(contenders: &[Contender]) -> Option<Vec<i128>> {
    let scale = contenders.first()?.score.scale();
    contenders
        .iter()
        .map(|contender| {
            (contender.tie_breakers.is_empty() && contender.score.scale() == scale)
                .then(|| contender.score.mantissa())
        })
        .collect()
}

/// Better first: a place no veto puts last, then the higher rounded score, then each
/// tie-breaker by its direction, a missing tie-breaker value after any present one.
fn compare(a: &Contender, b: &Contender) -> Ordering {
    a.last
        .cmp(&b.last)
        .then(b.score.cmp(&a.score))
        .then_with(|| {
            a.tie_breakers
                .iter()
                .zip(&b.tie_breakers)
                .map(|((x, better), (y, _))| match (x, y) {
                    (Some(x), Some(y)) => match better {
                        Better::Higher => y.cmp(x),
                        Better::Lower => x.cmp(y),
                    },
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                })
                .find(|ordering| ordering.is_ne())
                .unwrap_or(Ordering::Equal)
        })
}

/// Contenders with `scores`, in listing order, without tie-breakers or vetoes: for tests.
#[cfg(test)]
pub(crate) fn contenders(scores: &[i64]) -> Vec<Contender> {
    scores
        .iter()
        .enumerate()
        .map(|(listing, &score)| Contender {
            score: Decimal::from(score),
            tie_breakers: Vec::new(),
            listing,
            last: false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact;

    fn ranks(scores: &[i64], method: RankMethod) -> Vec<String> {
        rank(&contenders(scores), method)
            .iter()
            .map(|ranked| ranked.rank.to_string())
            .collect()
    }

    #[test]
    fn the_published_example_in_all_five_methods() {
        let scores = [44, 42, 42, 41, 41, 41, 39];
        assert_eq!(
            ranks(&scores, RankMethod::Competition),
            ["1", "2", "2", "4", "4", "4", "7"]
        );
        assert_eq!(
            ranks(&scores, RankMethod::Modified),
            ["1", "3", "3", "6", "6", "6", "7"]
        );
        assert_eq!(
            ranks(&scores, RankMethod::Dense),
            ["1", "2", "2", "3", "3", "3", "4"]
        );
        assert_eq!(
            ranks(&scores, RankMethod::Ordinal),
            ["1", "2", "3", "4", "5", "6", "7"]
        );
        assert_eq!(
            ranks(&scores, RankMethod::Fractional),
            ["1", "2.5", "2.5", "5", "5", "5", "7"]
        );
    }

    #[test]
    fn the_design_examples() {
        let scores = [44, 42, 42, 41];
        assert_eq!(
            ranks(&scores, RankMethod::Competition),
            ["1", "2", "2", "4"]
        );
        assert_eq!(ranks(&scores, RankMethod::Modified), ["1", "3", "3", "4"]);
        assert_eq!(ranks(&scores, RankMethod::Dense), ["1", "2", "2", "3"]);
        assert_eq!(
            ranks(&scores, RankMethod::Fractional),
            ["1", "2.5", "2.5", "4"]
        );
        assert_eq!(ranks(&scores, RankMethod::Ordinal), ["1", "2", "3", "4"]);
    }

    #[test]
    fn decimal_sums_tie_where_floats_would_not() {
        let a = Decimal::new(1, 1) + Decimal::new(2, 1);
        let b = Decimal::new(3, 1);
        let contenders = [a, b].map(|score| Contender {
            score,
            tie_breakers: Vec::new(),
            listing: 0,
            last: false,
        });
        let ranked = rank(&contenders, RankMethod::Competition);
        assert!(ranked.iter().all(|r| r.tied && r.rank == Rank::whole(1)));
        // Rounded scores compare by value, whatever their scale: 1.0 ties 1.00.
        let contenders = [Decimal::new(10, 1), Decimal::new(100, 2)].map(|score| Contender {
            score,
            tie_breakers: Vec::new(),
            listing: 0,
            last: false,
        });
        assert!(rank(&contenders, RankMethod::Dense).iter().all(|r| r.tied));
    }

    #[test]
    fn tie_breakers_separate_and_missing_values_come_last() {
        let mut contenders = contenders(&[50, 50, 50, 50]);
        let values = [Some(3), None, Some(5), Some(3)];
        for (contender, value) in contenders.iter_mut().zip(values) {
            contender.tie_breakers = vec![(value.map(exact::from_integer), Better::Lower)];
        }
        let ranked = rank(&contenders, RankMethod::Competition);
        let order: Vec<(usize, String, bool)> = ranked
            .iter()
            .map(|r| (r.contender, r.rank.to_string(), r.tied))
            .collect();
        assert_eq!(
            order,
            [
                (0, "1".into(), true),
                (3, "1".into(), true),
                (2, "3".into(), false),
                (1, "4".into(), false)
            ]
        );
    }

    #[test]
    fn ordinal_ranks_follow_the_tie_order_and_are_not_tied() {
        let mut contenders = contenders(&[7, 7, 9]);
        contenders[0].listing = 5;
        contenders[1].listing = 2;
        let ranked = rank(&contenders, RankMethod::Ordinal);
        let order: Vec<usize> = ranked.iter().map(|r| r.contender).collect();
        assert_eq!(order, [2, 1, 0]);
        assert!(ranked.iter().all(|r| !r.tied));
    }

    #[test]
    fn ranks_print_and_cut_as_numbers() {
        assert_eq!(Rank::midpoint(2, 3).to_string(), "2.5");
        assert!(Rank::midpoint(2, 3).within(3));
        assert!(!Rank::midpoint(3, 4).within(3));
        assert_eq!(Rank::whole(1).rise_since(Rank::whole(3)), Decimal::TWO);
        assert_eq!(Rank::midpoint(2, 3).to_decimal().to_string(), "2.5");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Scores of one scale ranked on their mantissas rank exactly as compared as decimals
        /// (the path a tie-breaker or a second scale takes): the same order, ranks, ties and
        /// groups, under every method, negative scores, zeros and vetoes included.
        #[test]
        fn machine_keys_rank_as_decimals_compare(
            places in proptest::collection::vec((-30i64..30, any::<bool>()), 1..40),
            listing_seed in 0usize..1000,
        ) {
            let count = places.len();
            let contenders: Vec<Contender> = places
                .iter()
                .enumerate()
                .map(|(index, &(score, last))| Contender {
                    score: Decimal::new(score, 1),
                    tie_breakers: Vec::new(),
                    listing: (index * 7 + listing_seed) % count * 1000 + index,
                    last,
                })
                .collect();
            // One score written at another scale: the same values, compared as decimals.
            let mut compared = contenders.clone();
            compared[0].score = Decimal::new(places[0].0 * 10, 2);
            prop_assert!(machine_keys(&contenders).is_some());
            prop_assert_eq!(machine_keys(&compared).is_none(), count > 1);
            for method in [
                RankMethod::Competition,
                RankMethod::Dense,
                RankMethod::Modified,
                RankMethod::Ordinal,
                RankMethod::Fractional,
            ] {
                prop_assert_eq!(rank(&contenders, method), rank(&compared, method));
            }
        }

        /// Packed keys order contenders exactly as the tuples they pack, with keys at the
        /// ends of a decimal's mantissas, listings at the edge of their bits and equal
        /// listings; a key or a listing beyond the bits is not packed.
        #[test]
        fn packed_keys_order_as_their_tuples(
            places in proptest::collection::vec(
                (
                    prop_oneof![-5i128..5, Just((1i128 << 96) - 1), Just(1 - (1i128 << 96))],
                    any::<bool>(),
                    prop_oneof![0usize..4, Just((1usize << 30) - 1)],
                ),
                1..30,
            ),
        ) {
            let contenders: Vec<Contender> = places
                .iter()
                .map(|&(_, last, listing)| Contender {
                    score: Decimal::ZERO,
                    tie_breakers: Vec::new(),
                    listing,
                    last,
                })
                .collect();
            let keys: Vec<i128> = places.iter().map(|&(key, ..)| key).collect();
            let Some(mut packed) = packed_keys(&contenders, &keys) else {
                return Err(TestCaseError::fail("keys and listings that fit are packed"));
            };
            packed.sort_unstable();
            let mut tuples: Vec<(bool, std::cmp::Reverse<i128>, usize, usize)> = contenders
                .iter()
                .zip(&keys)
                .enumerate()
                .map(|(index, (contender, &key))| {
                    (contender.last, std::cmp::Reverse(key), contender.listing, index)
                })
                .collect();
            tuples.sort_unstable();
            prop_assert_eq!(
                packed.into_iter().map(|(_, index)| index).collect::<Vec<_>>(),
                tuples.into_iter().map(|(.., index)| index).collect::<Vec<_>>()
            );
            let mut wide = contenders.clone();
            wide[0].listing = 1 << 30;
            prop_assert!(packed_keys(&wide, &keys).is_none());
            let mut beyond = keys.clone();
            beyond[0] = 1 << 96;
            prop_assert!(packed_keys(&contenders, &beyond).is_none());
        }

        /// A place a veto puts last never outranks one no veto struck, whatever the scores.
        #[test]
        fn a_vetoed_place_never_outranks_an_unvetoed_one(
            places in proptest::collection::vec((0i64..20, any::<bool>()), 1..30),
        ) {
            let contenders: Vec<Contender> = places
                .iter()
                .enumerate()
                .map(|(listing, &(score, last))| Contender {
                    score: Decimal::from(score),
                    tie_breakers: Vec::new(),
                    listing,
                    last,
                })
                .collect();
            let ranked = rank(&contenders, RankMethod::Competition);
            for a in &ranked {
                for b in &ranked {
                    if contenders[a.contender].last && !contenders[b.contender].last {
                        prop_assert!(a.rank.to_decimal() > b.rank.to_decimal());
                    }
                }
            }
        }
    }
}

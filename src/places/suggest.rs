//! Names that match no place but nearly match one: a misspelling or a variant (`望江三村` for
//! `望江新村`), worth an alias line rather than a silent loss.

use super::{Gazetteer, Place, PlaceKind};
use crate::name::{fold, normalize};

/// The place of kind `kind` whose name or alias is closest to `name`, with that spelling, when
/// it is close enough to be a slip: one character apart (inserted, dropped or replaced) for
/// names of three characters or more, two for names of six or more; and no other place as
/// close. `None` otherwise.
///
/// Compared [folded](crate::name::fold) (`天山1村` is `天山一村`, and matches it outright), and
/// a spelling that differs from `name` only in its numbers is not a slip: `天山六村` where the
/// places are 天山一村 to 天山五村 is a sixth village the places file lacks, not a typo of one
/// of them, and suggesting any of the five would put another village's records on it.
#[cfg(test)]
pub(crate) fn close_place<'g>(
    gazetteer: &'g Gazetteer,
    kind: PlaceKind,
    name: &str,
) -> Option<(&'g Place, String)> {
    close_place_among(gazetteer, &Spellings::of(gazetteer, kind), name)
}

/// The names and aliases of one kind's places, folded once for every name compared with them.
pub(crate) struct Spellings {
    /// Per spelling: its place's index, the spelling folded, as characters.
    folded: Vec<(usize, Vec<char>, bool)>,
    /// The spellings as written (normalized), in the same order.
    written: Vec<String>,
}

impl Spellings {
    /// The spellings of the places of `kind`, in gazetteer order.
    pub(crate) fn of(gazetteer: &Gazetteer, kind: PlaceKind) -> Spellings {
        let mut folded = Vec::new();
        let mut written = Vec::new();
        for &index in gazetteer.indexes_of_kind(kind) {
            let place = gazetteer.place(index);
            for spelling in
                std::iter::once(place.name()).chain(place.aliases().iter().map(String::as_str))
            {
                let key = fold(spelling);
                let digits = key.contains(|c: char| c.is_ascii_digit());
                folded.push((index, key.chars().collect(), digits));
                written.push(normalize(spelling).into_owned());
            }
        }
        Spellings { folded, written }
    }
}

/// The close place of `name` (see `close_place`) among `spellings`, those of the kind's places.
pub(crate) fn close_place_among<'g>(
    gazetteer: &'g Gazetteer,
    spellings: &Spellings,
    name: &str,
) -> Option<(&'g Place, String)> {
    let folded = fold(name);
    let name: Vec<char> = folded.chars().collect();
    let skeleton = without_digits(&folded);
    let allowed = match name.len() {
        0..=2 => return None,
        3..=5 => 1,
        _ => 2,
    };
    let mut best: Option<(usize, &Place, &str)> = None;
    let mut tied = false;
    for ((index, chars, digits), written) in spellings.folded.iter().zip(&spellings.written) {
        if chars.len().abs_diff(name.len()) > allowed
            || (*digits
                && chars
                    .iter()
                    .filter(|c| !c.is_ascii_digit())
                    .copied()
                    .eq(skeleton.chars()))
        {
            continue;
        }
        let Some(distance) = distance_within(&name, chars, allowed) else {
            continue;
        };
        let place = gazetteer.place(*index);
        match &best {
            Some((known, other, _)) if distance == *known => {
                tied |= other.id() != place.id();
            }
            Some((known, _, _)) if distance > *known => {}
            _ => {
                best = Some((distance, place, written));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied)
        .map(|(_, place, spelling)| (place, spelling.to_owned()))
}

/// `text` without its ASCII digits: two names with the same skeleton differ only in their
/// numbers.
fn without_digits(text: &str) -> String {
    text.chars().filter(|c| !c.is_ascii_digit()).collect()
}

/// The `count` spellings among `candidates` closest to `name` (fewest edits, then the
/// order given): what an error about an unknown name suggests.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    count: usize,
) -> Vec<&'a str> {
    let name: Vec<char> = normalize(name).chars().collect();
    let mut scored: Vec<(usize, usize, &str)> = candidates
        .into_iter()
        .enumerate()
        .filter_map(|(order, candidate)| {
            let chars: Vec<char> = normalize(candidate).chars().collect();
            let limit = name.len().max(chars.len());
            distance_within(&name, &chars, limit).map(|distance| (distance, order, candidate))
        })
        .collect();
    scored.sort_unstable();
    scored.dedup_by(|a, b| a.2 == b.2);
    scored
        .into_iter()
        .take(count)
        .map(|(_, _, candidate)| candidate)
        .collect()
}

/// The edit distance of `a` and `b` (characters inserted, dropped or replaced), if it is at
/// most `limit`.
pub(super) fn distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    // An insertion or a drop changes the length by one: names further apart in length are
    // beyond the limit without a table.
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    // The table's two rows on the stack for a name of fewer than 32 characters (any place's
    // name): the report asks this for every unmatched name and candidate, and allocating the
    // rows cost several times the table itself.
    const ON_STACK: usize = 32;
    if b.len() < ON_STACK {
        let (mut previous, mut current) = ([0usize; ON_STACK], [0usize; ON_STACK]);
        let width = b.len() + 1;
        return bounded_distance(a, b, limit, &mut previous[..width], &mut current[..width]);
    }
    let (mut previous, mut current) = (vec![0; b.len() + 1], vec![0; b.len() + 1]);
    bounded_distance(a, b, limit, &mut previous, &mut current)
}

/// [`distance_within`] in the rows given (each one longer than `b`), swapped from one
/// character of `a` to the next.
fn bounded_distance<'r>(
    a: &[char],
    b: &[char],
    limit: usize,
    mut previous: &'r mut [usize],
    mut current: &'r mut [usize],
) -> Option<usize> {
    for (j, cell) in previous.iter_mut().enumerate() {
        *cell = j;
    }
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let replace = previous[j] + usize::from(ca != cb);
            current[j + 1] = replace.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        if current.iter().min().is_some_and(|&least| least > limit) {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous
        .last()
        .copied()
        .filter(|&distance| distance <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places() -> Gazetteer {
        Gazetteer::new([
            Place::new("N1", PlaceKind::Neighborhood, "望江新村"),
            Place::new("N2", PlaceKind::Neighborhood, "天山三村").with_alias("天山3村"),
            Place::new("N3", PlaceKind::Neighborhood, "天山四村"),
            Place::new("N4", PlaceKind::Neighborhood, "仙霞新村小区东区"),
            Place::new("R1", PlaceKind::Road, "望江路"),
        ])
        .unwrap()
    }

    #[test]
    fn a_slip_of_one_character_finds_its_place_and_a_tie_finds_none() {
        let places = places();
        let close = |name: &str| {
            close_place(&places, PlaceKind::Neighborhood, name)
                .map(|(place, spelling)| (place.id().to_owned(), spelling))
        };
        assert_eq!(
            close("望江三村"),
            Some(("N1".to_owned(), "望江新村".to_owned()))
        );
        // 天山五村 differs from 天山三村 and 天山四村 only in its number: another village.
        assert_eq!(close("天山五村"), None);
        assert_eq!(close("天山5村"), None);
        assert_eq!(
            close("天山3村小区"),
            Some(("N2".to_owned(), "天山三村".to_owned()))
        );
        assert_eq!(
            close("天山4村小"),
            Some(("N3".to_owned(), "天山四村".to_owned()))
        );
        assert_eq!(
            close("天山四忖"),
            Some(("N3".to_owned(), "天山四村".to_owned()))
        );
        assert_eq!(
            close("仙霞新村东区"),
            Some(("N4".to_owned(), "仙霞新村小区东区".to_owned()))
        );
        // Too short to guess, too far, or of another kind.
        assert_eq!(close("望江"), None);
        assert_eq!(close("长宁路"), None);
        assert_eq!(
            close_place(&places, PlaceKind::Road, "望江新村").map(|(p, _)| p.id()),
            None
        );
    }

    #[test]
    fn distances_are_edits() {
        let chars = |text: &str| text.chars().collect::<Vec<char>>();
        assert_eq!(distance_within(&chars("abc"), &chars("abc"), 1), Some(0));
        assert_eq!(distance_within(&chars("abc"), &chars("abd"), 1), Some(1));
        assert_eq!(distance_within(&chars("abc"), &chars("ab"), 1), Some(1));
        assert_eq!(distance_within(&chars("abc"), &chars("xbcd"), 1), None);
        assert_eq!(distance_within(&chars("abc"), &chars("xbcd"), 2), Some(2));
        assert_eq!(distance_within(&chars("a"), &chars("abc"), 1), None);
    }
}

#[cfg(test)]
mod properties {
    use super::distance_within;

    /// The edit distance by the whole table, one row allocated per character.
    fn full_distance(a: &[char], b: &[char]) -> usize {
        let mut previous: Vec<usize> = (0..=b.len()).collect();
        for (i, &ca) in a.iter().enumerate() {
            let mut current = vec![i + 1; b.len() + 1];
            for (j, &cb) in b.iter().enumerate() {
                let replace = previous[j] + usize::from(ca != cb);
                current[j + 1] = replace.min(previous[j + 1] + 1).min(current[j] + 1);
            }
            previous = current;
        }
        previous[b.len()]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// The bounded distance (its length test, its reused rows, its early stop) is the
        /// whole table's distance whenever that is within the limit, and nothing otherwise.
        #[test]
        fn the_bounded_distance_is_the_full_one(
            a in "[天山三村新ab]{0,7}",
            b in "[天山三村新ab]{0,7}|[天山ab]{30,34}",
            limit in 0usize..4,
        ) {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let full = full_distance(&a, &b);
            proptest::prop_assert_eq!(
                distance_within(&a, &b, limit),
                (full <= limit).then_some(full)
            );
        }
    }
}

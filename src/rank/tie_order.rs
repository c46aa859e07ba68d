//! The order in which equals are listed: gazetteer, pinyin, name or id.

use std::cmp::Ordering;

use pinyin::ToPinyin;

use super::TieOrder;
use crate::places::Place;

/// Each place's position in the tie order; `places` are in gazetteer order, which also settles
/// whatever the order leaves equal, so the result is a total order.
pub(crate) fn listing_positions(order: TieOrder, places: &[&Place]) -> Vec<usize> {
    let mut indexes: Vec<usize> = (0..places.len()).collect();
    match order {
        TieOrder::Gazetteer => {}
        TieOrder::Pinyin => {
            // Each key beside its index, the index settling equal keys: a total order, so an
            // unstable sort gives the one result, comparing keys in place.
            let mut keyed: Vec<(PinyinKey, usize)> = places
                .iter()
                .enumerate()
                .map(|(index, place)| (pinyin_key(place.name()), index))
                .collect();
            keyed.sort_unstable();
            indexes = keyed.into_iter().map(|(_, index)| index).collect();
        }
        TieOrder::Name => {
            indexes.sort_by(|&a, &b| places[a].name().cmp(places[b].name()).then(a.cmp(&b)));
        }
        TieOrder::Id => {
            indexes.sort_by(|&a, &b| natural(places[a].id(), places[b].id()).then(a.cmp(&b)));
        }
    }
    let mut positions = vec![0; places.len()];
    for (position, index) in indexes.into_iter().enumerate() {
        positions[index] = position;
    }
    positions
}

/// A name's pinyin sort key: its syllables without tones, then its tones, then the name
/// itself (which separates homophones deterministically). A character without a reading
/// (a digit, a Latin letter) stands for itself, lowercased. The syllables are written into
/// one byte string ([`push_syllable`]) that orders as the list of syllables would: a key is
/// two vectors, compared as bytes.
type PinyinKey<'a> = (Vec<u8>, Vec<u8>, &'a str);

fn pinyin_key(name: &str) -> PinyinKey<'_> {
    let mut syllables = Vec::with_capacity(name.len() * 2);
    let mut tones = Vec::with_capacity(name.len() / 3 + 1);
    let mut lowercase = [0u8; 16];
    for (character, reading) in name.chars().zip(name.to_pinyin()) {
        match reading {
            Some(reading) => {
                push_syllable(&mut syllables, reading.plain().bytes());
                let tone = reading.with_tone_num_end().bytes().last();
                tones.push(
                    tone.filter(u8::is_ascii_digit)
                        .map_or(0, |digit| digit - b'0'),
                );
            }
            None => {
                let mut length = 0;
                for lower in character.to_lowercase() {
                    length += lower.encode_utf8(&mut lowercase[length..]).len();
                    if length + 4 > lowercase.len() {
                        break;
                    }
                }
                push_syllable(&mut syllables, lowercase[..length].iter().copied());
                tones.push(0);
            }
        }
    }
    (syllables, tones, name)
}

/// Appends one syllable so that the byte strings order as the lists of syllables do: each
/// byte raised by one (UTF-8 has no byte 0xFF, so it stays a byte), then a 0 that ends it,
/// below any byte of a longer syllable, as a shorter string sorts before a longer one.
fn push_syllable(key: &mut Vec<u8>, syllable: impl Iterator<Item = u8>) {
    key.extend(syllable.map(|byte| byte + 1));
    key.push(0);
}

/// Compares ids with runs of digits compared as numbers: `R2 < R10`. Ids equal as numbers
/// (`N01`, `N1`) fall back to plain comparison, so the order stays total.
fn natural(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a, b);
    loop {
        match (x.chars().next(), y.chars().next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (run_x, rest_x) = split_digits(x);
                let (run_y, rest_y) = split_digits(y);
                let (n_x, n_y) = (run_x.trim_start_matches('0'), run_y.trim_start_matches('0'));
                let ordering = n_x.len().cmp(&n_y.len()).then_with(|| n_x.cmp(n_y));
                if ordering.is_ne() {
                    return ordering;
                }
                (x, y) = (rest_x, rest_y);
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(&d);
                }
                (x, y) = (&x[c.len_utf8()..], &y[d.len_utf8()..]);
            }
        }
    }
}

fn split_digits(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    text.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::PlaceKind;

    fn listed(order: TieOrder, places: &[(&str, &str)]) -> Vec<String> {
        let places: Vec<Place> = places
            .iter()
            .map(|(id, name)| Place::new(id, PlaceKind::Neighborhood, name))
            .collect();
        let refs: Vec<&Place> = places.iter().collect();
        let positions = listing_positions(order, &refs);
        let mut names: Vec<(usize, String)> = positions
            .into_iter()
            .zip(&places)
            .map(|(position, place)| (position, place.name().to_owned()))
            .collect();
        names.sort();
        names.into_iter().map(|(_, name)| name).collect()
    }

    #[test]
    fn pinyin_order_of_the_published_boards() {
        let beautiful = [
            ("1", "遵义小区"),
            ("2", "友谊小区"),
            ("3", "天山三村"),
            ("4", "纺大小区"),
        ];
        assert_eq!(
            listed(TieOrder::Pinyin, &beautiful),
            ["纺大小区", "天山三村", "友谊小区", "遵义小区"]
        );
        let safe = [("1", "新光小区"), ("2", "天山四村"), ("3", "天山二村")];
        assert_eq!(
            listed(TieOrder::Pinyin, &safe),
            ["天山二村", "天山四村", "新光小区"]
        );
    }

    #[test]
    fn pinyin_compares_syllable_by_syllable() {
        // "xi an" before "xian": the first syllable decides, not the letters run together.
        let places = [("1", "仙霞"), ("2", "西安")];
        assert_eq!(listed(TieOrder::Pinyin, &places), ["西安", "仙霞"]);
    }

    /// The key as a list of syllables, as it was before it became one byte string.
    fn syllable_list(name: &str) -> (Vec<String>, Vec<u8>, &str) {
        let mut syllables = Vec::new();
        let mut tones = Vec::new();
        for (character, reading) in name.chars().zip(name.to_pinyin()) {
            match reading {
                Some(reading) => {
                    syllables.push(reading.plain().to_owned());
                    let tone = reading.with_tone_num_end().bytes().last();
                    tones.push(tone.filter(u8::is_ascii_digit).map_or(0, |d| d - b'0'));
                }
                None => {
                    syllables.push(character.to_lowercase().collect());
                    tones.push(0);
                }
            }
        }
        (syllables, tones, name)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// The byte-string key orders names exactly as the list of syllables does: names
        /// of Chinese characters, Latin letters, digits, spaces, control characters and
        /// letters whose lowercase is longer (`İ`).
        #[test]
        fn the_byte_key_orders_as_the_syllables(
            a in "[西安仙霞天山二四村小区aZ09 \\x00\\x01İß]{0,6}",
            b in "[西安仙霞天山二四村小区aZ09 \\x00\\x01İß]{0,6}",
        ) {
            proptest::prop_assert_eq!(
                pinyin_key(&a).cmp(&pinyin_key(&b)),
                syllable_list(&a).cmp(&syllable_list(&b))
            );
        }
    }

    #[test]
    fn gazetteer_name_and_id_orders() {
        let places = [("R10", "b"), ("R2", "c"), ("R1", "a")];
        assert_eq!(listed(TieOrder::Gazetteer, &places), ["b", "c", "a"]);
        assert_eq!(listed(TieOrder::Name, &places), ["a", "b", "c"]);
        assert_eq!(listed(TieOrder::Id, &places), ["a", "c", "b"]);
    }

    #[test]
    fn natural_order_of_ids() {
        assert_eq!(natural("R2", "R10"), Ordering::Less);
        assert_eq!(natural("N01", "N1"), "N01".cmp("N1"));
        assert_eq!(natural("A", "B"), Ordering::Less);
        assert_eq!(natural("10", "9"), Ordering::Greater);
        assert_eq!(natural("a1b2", "a1b10"), Ordering::Less);
    }
}

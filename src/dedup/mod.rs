//! Repeated ids: a record whose id came before counts once, whatever the row order and however
//! the records arrive.
//!
//! Of the copies of an id, the latest counts: the one with the greatest [`Version`], which
//! compares the closing time (a copy with one is later than a copy without), then the time,
//! then the fingerprint, a fixed hash of the fields as written. The fingerprint is the
//! documented tie-break: arbitrary (the higher counts) but independent of the order of the
//! copies and of where they come from, so that a file in any row order and the same records
//! fed from memory in any order count the same copy. Copies alike in every field read change
//! nothing; the report counts the repeats that differ from the copy that counts and lists the
//! first [`DIFFERING_IDS_LISTED`] ids whose copies differ, with where each copy is.
//!
//! A file can be read twice, so it needs no memory per record for this. The first copy of an
//! id is counted as it is read. The last [`WINDOW`] first copies are kept as written (2.6 MB):
//! their times and a hash of their row, not their fingerprints, which a first copy never
//! repeated (nearly all of them) never needs. An overlapping export repeats a row near its
//! first copy, which is then compared at once: the same row is a copy alike; a copy later by
//! its times is noted as the latest version so far. A repeat of an older id, or one whose row
//! differs from its first copy's without being later by its times (a copy that differs in a
//! field read, or alike in every field read but not in a column not read or in its quoting),
//! is noted with the latest of its repeats, the first copy's version left to the second
//! reading. After the file, if any id is noted,
//! the file is read a second time, for those ids only (of every other row, only the id is
//! read): the first copy of each is met first, the canonical copy is then known (the latest of
//! the noted version and the first copy's), the first copy is taken back if it is not that one
//! and the canonical one counted when it comes; the copies that differ from it are counted and
//! the first ids listed with their lines. The ids noted cost about 100 bytes each while their
//! file is read (a city whose 150,000 repeats all differ: 12 MB), and the window is freed once
//! the file is settled. Records fed from memory (or CSV from a reader) cannot
//! be read twice: for them the version of every id is kept with where its counted copy is (a
//! 56-byte entry of a hash table, about 115 bytes an id with the table's room to grow), the
//! fields of that copy ([`KeptCopies`]: their text plus 8 bytes a field and 16 a copy), and,
//! for ids fed more than once, where every copy is. When a later copy comes, the counted one is
//! taken back (from its kept fields) and the new one counted at once. There memory grows with
//! the records fed: 280 bytes a record, measured on a generated city's hotline and grid (2.97
//! million records fed: 860 MB, where reading the same files takes 30 MB).
//!
//! Memory for the ids themselves stays flat however many records a file holds, for every id
//! that ends in a number (`2018110100042`, `G1024`, `H000000042`, `12345-2018-000123`,
//! `JD/2018/11/0042`: what case systems write). Such an id is its prefix, the width of its
//! number and the number: the text before the last run of digits, how many digits the run has
//! when it starts with a zero (else none: the value alone gives the digits back), their value.
//! The width is part of the id, so `G01` and `G1` stay two ids and both stay exact. Each
//! (prefix, width) keeps its numbers as a compressed bitmap (roaring): a few kilobytes per
//! 65,536 consecutive numbers, in any order. Up to [`MAX_PREFIXES`] of them; ids of further
//! prefixes, and ids that end in no number (UUIDs and other free text, which have no shared
//! prefix to compress), cost a 64-bit hash each, kept in sorted runs ([`hashes`]): about 9
//! bytes a record, where a hashed table would take 10 to 20 and twice that while it grows.
//!
//! Two different ids sharing a hash (odds about n² / 2⁶⁵, 3 × 10⁻⁷ for 3.3 million ids; ids that
//! end in a number collide only through their prefix) would count as one; two differing copies
//! sharing a 32-bit fingerprint and both times (odds 2⁻³² per pair) would count as alike, and
//! so would a first copy and a repeat in the window sharing both times and a 32-bit hash of
//! their rows.

mod fingerprint;
mod hashes;
mod hot;
mod id;
mod kept;
mod settle;
mod version;
mod versions;

use std::collections::HashMap;

use roaring::RoaringTreemap;

use crate::quality::{DIFFERING_IDS_LISTED, DifferingId};
pub(crate) use fingerprint::fingerprint;
use hashes::Hashes;
use hot::Hot;
pub(crate) use id::{Id, IdReader};
use kept::KeptCopies;
pub(crate) use settle::{Settled, Settler};
pub(crate) use version::{Version, Written};
use versions::{Counted, Repeated, Versions};

/// How many recent first copies keep their version when the file can be read again: a
/// direct-mapped table, by number for numbered ids (so the last `WINDOW` numbers of a
/// numbered export are all there) and by hash for others. Each slot is an id hash and a
/// [`Version`] (40 bytes): 2.6 MB per file being read.
pub(crate) const WINDOW: usize = 1 << 16;

/// How many (prefix, width) pairs keep their numbers as bitmaps; ids of further prefixes are
/// kept one by one. Exports have a few prefixes (a letter per source, a year or a month in the
/// id); text that merely ends in digits (a UUID, a name and a date) would have a prefix per id,
/// and a bitmap per id costs some 500 bytes.
pub(crate) const MAX_PREFIXES: usize = 1024;

/// How many blocks of numbers are hot at once: enough for the forms of id one export
/// interleaves (a prefix per month, a width per form) and the next block of each.
pub(crate) const HOT_BLOCKS: usize = 4;

/// Maps of id hashes: the hashes are already uniform.
pub(crate) type ByHash = foldhash::fast::FixedState;
/// The ids of one source seen so far.
#[derive(Debug)]
pub(crate) struct Repeats {
    /// How many (prefix, width) pairs may keep bitmaps: [`MAX_PREFIXES`].
    max_prefixes: usize,
    /// How many first copies keep their version once old ones are forgotten: [`WINDOW`].
    window: usize,
    /// Per (prefix, width) hash, the numbers seen, but for those of the hot blocks (whose
    /// prefixes have an entry here too): at most [`MAX_PREFIXES`] entries, unless tables were
    /// absorbed.
    numbered: HashMap<u64, RoaringTreemap, ByHash>,
    /// The blocks of numbers ids fall in now, as plain bits: at most [`HOT_BLOCKS`].
    hot: Vec<Hot>,
    /// The hot block the last number noted fell in (if it is still there): where the next
    /// is looked for first.
    last_hot: usize,
    /// How many numbers were noted through the hot blocks: a block's misses are those noted
    /// since it last had one.
    numbers_noted: u64,
    /// Ids kept one by one: hashes of those that end in no number, and
    /// [keys](Id::numbered_key) of those whose prefix found no room among the bitmaps.
    loose: Hashes,
    /// How many of `loose` end in a number: only then can a numbered id be there.
    loose_numbered: u64,
    /// This table absorbed another and one of them kept numbered ids one by one: an id of a
    /// prefix with a bitmap may then be in `loose` too. (A table alone never keeps an id both
    /// ways: a prefix that found no room never finds it later.)
    merged_routes: bool,
    /// Versions of counted copies: of every id, or of recent first copies only.
    versions: Versions,
    /// Where every version is kept: the fields of the copies that count.
    kept: KeptCopies,
    /// Where every version is kept: per id hash, the copies of ids read more than once.
    repeated: HashMap<u64, Repeated, ByHash>,
    /// id → the latest version among its copies, for ids whose copies differ and whose first
    /// copy's version was known when a differing copy came (kept here: the window may forget
    /// the first by the end of the file).
    latest: HashMap<Id, Version, ByHash>,
    /// id → the later copies, for ids whose first copy was out of the window.
    unsettled: HashMap<Id, LaterCopies, ByHash>,
    /// How many repeats differ from the copy that counts (for a file, once the second reading
    /// is done).
    differing: u64,
    /// The ids whose copies differ, as the second reading of a file lists them.
    listed: Vec<DifferingId>,
}

impl Default for Repeats {
    fn default() -> Repeats {
        Repeats {
            max_prefixes: MAX_PREFIXES,
            window: WINDOW,
            numbered: HashMap::default(),
            hot: Vec::new(),
            last_hot: 0,
            numbers_noted: 0,
            loose: Hashes::default(),
            loose_numbered: 0,
            merged_routes: false,
            versions: Versions::default(),
            kept: KeptCopies::default(),
            repeated: HashMap::default(),
            latest: HashMap::default(),
            unsettled: HashMap::default(),
            differing: 0,
            listed: Vec::new(),
        }
    }
}

/// What became of a copy of an id, as [`Repeats::first`] sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Seen {
    /// The id's first copy: count it.
    First,
    /// A repeat that changes nothing now: alike the copy counted, older than it, or left to
    /// the second reading of a file.
    Repeat,
    /// A repeat later than the copy counted, which was at `counted` (a line, or a position
    /// among the records fed): take that one back (its fields are at `kept`, see
    /// [`Repeats::kept_fields`]) and count this one. Only where every version is kept (records
    /// fed from memory or from a reader).
    Later {
        /// Where the copy counted until now is.
        counted: u64,
        /// Where its fields are kept.
        kept: usize,
    },
}

/// The copies after the first of an id whose first copy's version is not known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LaterCopies {
    /// The latest of their versions.
    pub(crate) latest: Version,
    /// Whether they are all alike.
    pub(crate) alike: bool,
}

/// What the second reading does with the copies of one id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Settle {
    /// The copies differ, and the first reading knew the version of each: `canonical` is the
    /// latest. The copy counted (the first) is taken back if it is not that one.
    Known {
        /// The latest version among the copies.
        canonical: Version,
    },
    /// The first copy's version is unknown: the canonical copy is the latest of it and of
    /// `later`.
    Compare {
        /// The copies after the first.
        later: LaterCopies,
    },
}

impl Repeats {
    /// Keeps versions for the last [`WINDOW`] ids only: for a source whose file the second
    /// reading can compare older repeats in.
    pub(crate) fn forget_old_versions(&mut self) {
        let fresh = match &self.versions {
            Versions::All(all) => all.is_empty(),
            Versions::Recent(slots) => slots.is_empty(),
        };
        if fresh {
            self.versions = Versions::recent(self.window);
        }
    }

    /// Frees the window of a file read and settled: nothing compares with its first copies
    /// any more, and every source read from a file would otherwise hold its 2.6 MB to the end.
    pub(crate) fn file_settled(&mut self) {
        if let Versions::Recent(slots) = &mut self.versions {
            *slots = Vec::new();
        }
    }

    /// Records a copy of `id` of version `version`: [`copy_of`](Repeats::copy_of), the copy's
    /// row as written told by its fingerprint.
    #[cfg(test)]
    pub(crate) fn first<'f, I>(
        &mut self,
        id: Id,
        version: Version,
        at: u64,
        fields: impl FnOnce() -> I,
    ) -> Seen
    where
        I: ExactSizeIterator<Item = Option<&'f str>>,
    {
        let written = Written {
            closed: version.closed,
            time: version.time,
            line: version.fingerprint,
        };
        self.copy_of(id, (written, true), || version, at, fields)
    }

    /// Records a copy of `id`, `written` as its row is, of the version `version` makes (made
    /// only when needed, as a fingerprint costs a hash of every field read), at `at` (its
    /// line, or its position among the records fed). `timed`: whether `written` has the times
    /// of the version (a source whose closing time no indicator reads leaves it out, and a
    /// copy is then never later than its first by its times alone). Where every version is
    /// kept, so are the positions and, when the copy is to count, its `fields` (one per
    /// column read, `None` for a column it lacks).
    pub(crate) fn copy_of<'f, I>(
        &mut self,
        id: Id,
        (written, timed): (Written, bool),
        version: impl FnOnce() -> Version,
        at: u64,
        fields: impl FnOnce() -> I,
    ) -> Seen
    where
        I: ExactSizeIterator<Item = Option<&'f str>>,
    {
        let new = match id.numbered {
            Some((prefix, number)) => self.insert_numbered(prefix, number),
            None => self.loose.insert(id.hash),
        };
        let Versions::All(all) = &mut self.versions else {
            if new {
                self.versions.remember_written(id, written);
                return Seen::First;
            }
            self.later_in_file(id, (written, timed), version());
            return Seen::Repeat;
        };
        let version = version();
        if new {
            let kept = self.kept.keep(fields());
            all.insert(id.hash, Counted { version, at, kept });
            return Seen::First;
        }
        let Some(counted) = all.get_mut(&id.hash) else {
            // Every id seen has its version kept: only a table that absorbed one keeping a
            // window could lack it. This copy then counts from now on, as a first.
            let kept = self.kept.keep(fields());
            all.insert(id.hash, Counted { version, at, kept });
            return Seen::First;
        };
        let repeated = self.repeated.entry(id.hash).or_insert_with(|| Repeated {
            first: counted.at,
            repeats: Vec::new(),
            alike: 1,
        });
        repeated.repeats.push(at);
        match version.cmp(&counted.version) {
            std::cmp::Ordering::Equal => {
                repeated.alike += 1;
                Seen::Repeat
            }
            std::cmp::Ordering::Less => {
                self.differing += 1;
                Seen::Repeat
            }
            // The copies alike the one counted until now differ from the new one.
            std::cmp::Ordering::Greater => {
                self.differing += repeated.alike;
                repeated.alike = 1;
                counted.version = version;
                let kept = std::mem::replace(&mut counted.kept, self.kept.keep(fields()));
                Seen::Later {
                    counted: std::mem::replace(&mut counted.at, at),
                    kept,
                }
            }
        }
    }

    /// The fields of a copy that counted, kept at `kept` (see [`Seen::Later`]).
    pub(crate) fn kept_fields(&self, kept: usize) -> Option<Vec<Option<&str>>> {
        self.kept.fields(kept)
    }

    /// Notes a repeat of `id` in a file, `written` as its row is (`timed`: with the times of
    /// its version), of version `version`: alike the first copy if the window still knows that
    /// one and its row is the same; compared with it at once if it is later by its times;
    /// else left to the second reading, which makes the first copy's version.
    fn later_in_file(&mut self, id: Id, (written, timed): (Written, bool), version: Version) {
        if !self.latest.is_empty()
            && let Some(latest) = self.latest.get_mut(&id)
        {
            *latest = (*latest).max(version);
            return;
        }
        if !self.unsettled.is_empty()
            && let Some(later) = self.unsettled.get_mut(&id)
        {
            later.alike &= later.latest == version;
            later.latest = later.latest.max(version);
            return;
        }
        match self.versions.written(id) {
            // The same row: the same fields read, so the same version.
            Some(first) if first == written => {}
            // Later than the first copy whatever its fingerprint: the latest so far.
            Some(first) if timed && first.is_before(&version) => {
                self.latest.insert(id, version);
            }
            // The first copy's version is needed (a row that differs, not later by its times)
            // or forgotten: the second reading makes it.
            _ => {
                self.unsettled.insert(
                    id,
                    LaterCopies {
                        latest: version,
                        alike: true,
                    },
                );
            }
        }
    }

    /// Notes number `number` of prefix `prefix`; `true` if new. A number of a hot block is
    /// looked up and set there. Another goes to the bitmaps, unless its block can become hot:
    /// when fewer than [`HOT_BLOCKS`] are, when it follows a hot block of its prefix, or when
    /// a hot block has seen no number for [`Hot::PATIENCE`] numbers (it is then moved to the
    /// bitmaps). So ids in order take the fast way, several forms of id interleaved too (each
    /// (prefix, width) in a block of its own), and ids in no order cost what the bitmaps cost.
    fn insert_numbered(&mut self, prefix: u64, number: u64) -> bool {
        if self.numbered.len() >= self.max_prefixes
            && !self.hot.iter().any(|hot| hot.prefix == prefix)
            && !self.numbered.contains_key(&prefix)
        {
            let new = self.loose.insert(Id::numbered_key(prefix, number));
            self.loose_numbered += u64::from(new);
            return new;
        }
        // Only a table that absorbed another can hold an id in both ways: look in both.
        if self.merged_routes && self.loose.contains(Id::numbered_key(prefix, number)) {
            return false;
        }
        let block = number >> Hot::BITS;
        self.numbers_noted += 1;
        // The hot block of the number: most often the one of the number before.
        let found = match self.hot.get(self.last_hot) {
            Some(hot) if hot.prefix == prefix && hot.block == block => Some(self.last_hot),
            _ => (self.hot.iter()).position(|hot| hot.prefix == prefix && hot.block == block),
        };
        let noted = self.numbers_noted;
        let index = match found {
            Some(index) => index,
            None => {
                let replaced = if self.hot.len() < HOT_BLOCKS {
                    Some(Hot::default())
                } else {
                    self.hot
                        .iter()
                        .position(|hot| {
                            hot.prefix == prefix && hot.block.checked_add(1) == Some(block)
                        })
                        .or_else(|| {
                            (self.hot.iter()).position(|hot| hot.misses(noted) >= Hot::PATIENCE)
                        })
                        .map(|index| self.hot.swap_remove(index))
                };
                let Some(mut hot) = replaced else {
                    return self.numbered.entry(prefix).or_default().insert(number);
                };
                self.cool(&mut hot);
                hot.prefix = prefix;
                hot.block = block;
                // Only a block the bitmaps hold numbers of needs them looked up.
                let (start, end) = (block << Hot::BITS, (block << Hot::BITS) | Hot::MASK);
                let numbers = self.numbered.entry(prefix).or_default();
                hot.fresh =
                    numbers.rank(end) == start.checked_sub(1).map_or(0, |last| numbers.rank(last));
                self.hot.push(hot);
                self.hot.len() - 1
            }
        };
        self.last_hot = index;
        let hot = &mut self.hot[index];
        hot.last_noted = noted;
        if hot.contains(number) {
            return false;
        }
        if !hot.fresh && in_bitmaps(&self.numbered, prefix, number) {
            return false;
        }
        hot.set(number);
        true
    }

    /// Moves the numbers of `hot` to the bitmaps, leaving it empty.
    fn cool(&mut self, hot: &mut Hot) {
        if hot.is_empty() {
            return;
        }
        // A block is one container of a bitmap: its words become one, as they are.
        *self.numbered.entry(hot.prefix).or_default() |= hot.bitmap();
        hot.clear();
    }

    /// Moves the hot blocks' numbers to the bitmaps, so that they hold every numbered id.
    fn cool_all(&mut self) {
        for mut hot in std::mem::take(&mut self.hot) {
            self.cool(&mut hot);
        }
    }

    /// Whether `id` was seen.
    pub(crate) fn contains(&self, id: Id) -> bool {
        match id.numbered {
            Some((prefix, number)) => self.contains_numbered(prefix, number),
            None => self.loose.contains(id.hash),
        }
    }

    /// Whether number `number` of prefix `prefix` was seen.
    fn contains_numbered(&self, prefix: u64, number: u64) -> bool {
        self.hot
            .iter()
            .any(|hot| hot.prefix == prefix && hot.contains(number))
            || in_bitmaps(&self.numbered, prefix, number)
            || ((self.merged_routes || !self.numbered.contains_key(&prefix))
                && self.loose_numbered > 0
                && self.loose.contains(Id::numbered_key(prefix, number)))
    }

    /// Whether an id was seen both here and in `other`.
    pub(crate) fn shares_ids_with(&mut self, other: &mut Repeats) -> bool {
        self.cool_all();
        other.cool_all();
        let numbered = other.numbered.iter().any(|(prefix, numbers)| {
            self.numbered
                .get(prefix)
                .is_some_and(|mine| !mine.is_disjoint(numbers))
        });
        // A numbered id one table keeps one by one may be in the other's bitmaps.
        let bitmaps_in_loose = |bitmaps: &Repeats, loose: &Repeats| {
            loose.loose_numbered > 0
                && bitmaps.numbered.iter().any(|(&prefix, numbers)| {
                    numbers
                        .iter()
                        .any(|number| loose.loose.contains(Id::numbered_key(prefix, number)))
                })
        };
        let (small, large) = if self.loose.len() <= other.loose.len() {
            (&self.loose, &other.loose)
        } else {
            (&other.loose, &self.loose)
        };
        numbered
            || small.iter().any(|hash| large.contains(hash))
            || bitmaps_in_loose(self, other)
            || bitmaps_in_loose(other, self)
    }

    /// Takes in the ids of `other`, read after this table's and sharing none of them (see
    /// [`shares_ids_with`](Repeats::shares_ids_with)): as if one table had seen both.
    pub(crate) fn absorb(&mut self, mut other: Repeats) {
        self.cool_all();
        other.cool_all();
        for (prefix, numbers) in other.numbered {
            *self.numbered.entry(prefix).or_default() |= numbers;
        }
        self.merged_routes |= other.merged_routes || self.loose_numbered + other.loose_numbered > 0;
        self.loose.absorb(other.loose);
        self.loose_numbered += other.loose_numbered;
        self.versions.absorb(other.versions);
        self.repeated.extend(other.repeated);
        self.latest.extend(other.latest);
        self.unsettled.extend(other.unsettled);
        self.differing += other.differing;
        self.listed.extend(other.listed);
    }

    /// How many repeats differ from the copy that counts (for a file, once its second reading
    /// is done).
    pub(crate) fn differing(&self) -> u64 {
        self.differing
    }

    /// The ids whose copies differ, at most [`DIFFERING_IDS_LISTED`], those whose first copy
    /// came first; where every version is kept, the ids' text is that of column `id_column`
    /// of their kept copies.
    pub(crate) fn differing_ids(&self, id_column: usize) -> Vec<DifferingId> {
        let Versions::All(all) = &self.versions else {
            return self.listed.clone();
        };
        let mut differing: Vec<(&u64, &Repeated)> = self
            .repeated
            .iter()
            .filter(|(_, repeated)| repeated.differing() > 0)
            .collect();
        differing.sort_unstable_by_key(|(_, repeated)| repeated.first);
        differing
            .into_iter()
            .take(DIFFERING_IDS_LISTED)
            .filter_map(|(hash, repeated)| {
                let counted = all.get(hash)?;
                let id = self
                    .kept
                    .fields(counted.kept)
                    .and_then(|fields| fields.get(id_column).copied().flatten())
                    .map(|text| crate::name::normalize(text).into_owned())
                    .unwrap_or_default();
                Some(DifferingId {
                    id,
                    copies: std::iter::once(repeated.first)
                        .chain(repeated.repeats.iter().copied())
                        .collect(),
                    counted: counted.at,
                    copy_files: Vec::new(),
                    counted_file: None,
                })
            })
            .collect()
    }

    /// The ids the second reading must look at, and clears them: what it finds is final.
    pub(crate) fn take_unsettled(&mut self) -> HashMap<Id, Settle, ByHash> {
        let mut settle: HashMap<Id, Settle, ByHash> = std::mem::take(&mut self.latest)
            .into_iter()
            .map(|(id, canonical)| (id, Settle::Known { canonical }))
            .collect();
        settle.extend(
            std::mem::take(&mut self.unsettled)
                .into_iter()
                .map(|(id, later)| (id, Settle::Compare { later })),
        );
        settle
    }

    /// Notes what a second reading found: `differing` more repeats that differ from the copy
    /// that counts, the ids it lists, and per id settled the version that now counts.
    pub(crate) fn settled(
        &mut self,
        differing: u64,
        listed: Vec<DifferingId>,
        counted: impl IntoIterator<Item = (Id, Version)>,
    ) {
        self.differing += differing;
        self.listed.extend(listed);
        for (id, version) in counted {
            self.versions.replace(id, version);
        }
    }
}

/// Whether the bitmaps of `numbered` hold number `number` of prefix `prefix`.
fn in_bitmaps(numbered: &HashMap<u64, RoaringTreemap, ByHash>, prefix: u64, number: u64) -> bool {
    numbered
        .get(&prefix)
        .is_some_and(|numbers| numbers.contains(number))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn id(text: &str) -> Id {
        Id::new(text)
    }

    /// A version of the fingerprint `fingerprint`, the times alike.
    fn version(fingerprint: u32) -> Version {
        Version {
            closed: None,
            time: jiff::civil::DateTime::ZERO,
            fingerprint,
        }
    }

    /// Records a copy of `id` of version `version(fingerprint)`; whether it is the first.
    fn first(repeats: &mut Repeats, id: Id, fingerprint: u32) -> bool {
        repeats.first(id, version(fingerprint), 0, std::iter::empty) == Seen::First
    }

    #[test]
    fn identical_copies_are_repeats_that_change_nothing() {
        let mut repeats = Repeats::default();
        assert!(first(&mut repeats, id("G1"), 10));
        assert!(!first(&mut repeats, id("G1"), 10));
        assert_eq!(repeats.differing(), 0);
        assert!(repeats.take_unsettled().is_empty());
    }

    #[test]
    fn the_latest_version_is_the_one_to_settle_whatever_the_order() {
        for order in [[30, 20, 40], [20, 30, 40], [40, 30, 20], [40, 40, 20]] {
            let mut repeats = Repeats::default();
            repeats.forget_old_versions();
            for fingerprint in order {
                first(&mut repeats, id("案件7"), fingerprint);
            }
            // Settled on the second reading, even when the first is the latest: it is listed.
            // Alike in their times, the copies are compared by their fingerprints, the first
            // copy's made then.
            let settle = repeats.take_unsettled();
            let canonical = match settle[&id("案件7")] {
                Settle::Known { canonical } => canonical,
                Settle::Compare { later } => later.latest.max(version(order[0])),
            };
            assert_eq!(canonical, version(40));
            // Counted there, against the latest.
            assert_eq!(repeats.differing(), 0);
        }
    }

    #[test]
    fn where_every_version_is_kept_a_later_copy_replaces_the_one_counted() {
        let mut repeats = Repeats::default();
        // A copy of G7 whose fields are its id and its fingerprint; where it was counted
        // until a later copy came, and the fields kept of that one.
        let mut copy = |fingerprint: u32, at: u64| {
            let text = fingerprint.to_string();
            let fields = [Some(" Ｇ7"), Some(text.as_str())];
            match repeats.first(id("G7"), version(fingerprint), at, || fields.into_iter()) {
                Seen::Later { counted, kept } => {
                    let fields = repeats.kept_fields(kept).unwrap();
                    Some((counted, fields[1].unwrap().to_owned()))
                }
                _ => None,
            }
        };
        assert_eq!(copy(30, 1), None);
        assert_eq!(copy(20, 2), None);
        assert_eq!(copy(40, 3), Some((1, "30".to_owned())));
        assert_eq!(copy(40, 4), None);
        assert_eq!(copy(50, 5), Some((3, "40".to_owned())));
        // All four before differ from 50; on the way, 30 and 20 differed from 40.
        assert_eq!(repeats.differing(), 4);
        assert!(repeats.take_unsettled().is_empty());
        let listed = repeats.differing_ids(0);
        assert_eq!(
            listed,
            [DifferingId {
                id: "G7".to_owned(),
                copies: vec![1, 2, 3, 4, 5],
                counted: 5,
                copy_files: Vec::new(),
                counted_file: None,
            }]
        );
    }

    #[test]
    fn at_most_so_many_ids_are_listed_those_first_read_first() {
        let mut repeats = Repeats::default();
        let ids = DIFFERING_IDS_LISTED as u64 + 5;
        // Ids 0, 1, … first read in that order, their differing copies in the reverse order.
        for n in 0..ids {
            repeats.first(id(&format!("G{n}")), version(1), n + 1, std::iter::empty);
        }
        for n in (0..ids).rev() {
            repeats.first(id(&format!("G{n}")), version(2), 100 + n, std::iter::empty);
        }
        let listed = repeats.differing_ids(0);
        let firsts: Vec<u64> = listed.iter().map(|listed| listed.copies[0]).collect();
        assert_eq!(
            firsts,
            (1..=DIFFERING_IDS_LISTED as u64).collect::<Vec<_>>()
        );
        assert_eq!(repeats.differing(), ids);
    }

    #[test]
    fn numbers_with_and_without_leading_zeros_are_different_ids() {
        let mut repeats = Repeats::default();
        let ids = [
            "G1",
            "G01",
            "G001",
            "1",
            "01",
            "G",
            "H1",
            "G18446744073709551616",
        ];
        for text in ids {
            assert!(first(&mut repeats, id(text), 0), "{text}");
        }
        for text in ids {
            assert!(!first(&mut repeats, id(text), 0), "{text}");
        }
        assert_eq!(id("G0").numbered.map(|(_, n)| n), Some(0));
        assert_eq!(id("G12345").numbered.map(|(_, n)| n), Some(12_345));
        assert_eq!(
            id("G9999999999999999999").numbered.map(|(_, n)| n),
            Some(9_999_999_999_999_999_999)
        );
        assert_eq!(id("G10000000000000000000").numbered, None);
        assert_eq!(id("G00").numbered.map(|(_, n)| n), Some(0));
        assert_eq!(id("工单").numbered, None);
        // The same value, another width: another prefix.
        let (g1, g01) = (id("G1").numbered.unwrap(), id("G01").numbered.unwrap());
        assert_eq!(g1.1, g01.1);
        assert_ne!(g1.0, g01.0);
    }

    #[test]
    fn an_id_kept_one_by_one_in_a_table_and_in_bitmaps_in_another_is_shared() {
        let table = || Repeats {
            max_prefixes: 1,
            ..Repeats::default()
        };
        let (mut one, mut two) = (table(), table());
        assert!(first(&mut one, id("A1"), 0) && first(&mut one, id("B1"), 0));
        assert_eq!(one.loose_numbered, 1);
        assert!(first(&mut two, id("B1"), 0));
        assert!(one.shares_ids_with(&mut two));
        assert!(two.shares_ids_with(&mut one));
        let mut three = table();
        assert!(first(&mut three, id("B2"), 0));
        assert!(!one.shares_ids_with(&mut three));
        one.absorb(three);
        assert!(one.contains(id("B2")) && !first(&mut one, id("B2"), 0));
        assert!(one.contains(id("B1")) && !first(&mut one, id("B1"), 0));
    }

    #[test]
    fn padded_and_separated_ids_take_little_memory() {
        let forms: [fn(u64) -> String; 3] = [
            |i| format!("H{i:09}"),
            |i| format!("12345-2018-{i:07}"),
            |i| format!("JD/2018/11/{i:06}"),
        ];
        for text in forms {
            let form = text(0);
            let mut repeats = Repeats::default();
            repeats.forget_old_versions();
            let n = 500_000u64;
            for i in 0..n {
                let text = text(i);
                assert!(first(&mut repeats, id(&text), 1), "{text}");
            }
            repeats.cool_all();
            let bytes: u64 = repeats
                .numbered
                .values()
                .map(|map| map.serialized_size() as u64)
                .sum();
            // The padded numbers, and those that fill the width without a leading zero.
            assert!(repeats.numbered.len() <= 2, "{form}");
            assert_eq!(repeats.loose.len(), 0);
            assert!(
                bytes < 100_000,
                "{bytes} bytes for {n} ids of the form {form}"
            );
        }
    }

    #[test]
    fn ids_of_too_many_prefixes_are_kept_one_by_one() {
        let mut repeats = Repeats::default();
        for i in 0..MAX_PREFIXES as u64 + 100 {
            assert!(first(&mut repeats, id(&format!("P{i}-7")), 1));
        }
        assert_eq!(repeats.numbered.len(), MAX_PREFIXES);
        assert_eq!((repeats.loose.len(), repeats.loose_numbered), (100, 100));
        for i in 0..MAX_PREFIXES as u64 + 100 {
            assert!(!first(&mut repeats, id(&format!("P{i}-7")), 1));
            assert!(repeats.contains(id(&format!("P{i}-7"))));
            assert!(!repeats.contains(id(&format!("P{i}-8"))));
        }
    }

    #[test]
    fn millions_of_numbered_ids_take_little_memory_in_any_order() {
        let mut repeats = Repeats::default();
        repeats.forget_old_versions();
        let n = 1_000_000u64;
        // A fixed permutation of 0..n.
        let shuffled = |i: u64| (i * 7_919) % n;
        for i in 0..n {
            assert!(first(&mut repeats, id(&format!("H{}", shuffled(i))), 1));
        }
        let bytes: u64 = repeats
            .numbered
            .values()
            .map(|map| map.serialized_size() as u64)
            .sum();
        assert!(bytes < 200_000, "{bytes} bytes for {n} ids");
        assert!(!first(&mut repeats, id("H0"), 1));
    }

    /// A table keeping versions in a window of `window` ids.
    fn with_window(window: usize) -> Repeats {
        let mut repeats = Repeats {
            window,
            ..Repeats::default()
        };
        repeats.forget_old_versions();
        repeats
    }

    #[test]
    fn an_old_repeat_is_left_to_the_second_reading() {
        for window in [WINDOW, 8] {
            let mut repeats = with_window(window);
            assert!(first(&mut repeats, id("X"), 5));
            for n in 0..window {
                assert!(first(&mut repeats, id(&format!("G{n}")), 1));
            }
            // X's first copy is out of the window: its version is unknown here.
            assert!(!first(&mut repeats, id("X"), 9));
            assert!(!first(&mut repeats, id("X"), 7));
            assert_eq!(repeats.differing(), 0);
            let settle = repeats.take_unsettled();
            assert_eq!(
                settle[&id("X")],
                Settle::Compare {
                    later: LaterCopies {
                        latest: version(9),
                        alike: false
                    }
                }
            );
            assert!(repeats.take_unsettled().is_empty());
        }
    }

    #[test]
    fn without_a_window_every_version_is_kept() {
        let mut repeats = Repeats::default();
        assert!(first(&mut repeats, id("X"), 5));
        for n in 0..WINDOW {
            first(&mut repeats, id(&format!("G{n}")), 1);
        }
        assert!(!first(&mut repeats, id("X"), 9));
        assert_eq!(repeats.differing(), 1);
    }

    #[test]
    fn a_copy_to_settle_is_remembered_after_the_window_forgets_it() {
        let mut repeats = with_window(16);
        assert!(first(&mut repeats, id("X1"), 30));
        assert!(!first(&mut repeats, id("X1"), 20));
        // X1's slot in the window is taken by a later number.
        for n in 2..=17 {
            assert!(first(&mut repeats, id(&format!("X{n}")), 1));
        }
        // A copy after the window forgot the first is compared with all copies before.
        assert!(!first(&mut repeats, id("X1"), 25));
        assert_eq!(
            repeats.take_unsettled().get(&id("X1")),
            Some(&Settle::Compare {
                later: LaterCopies {
                    latest: version(25),
                    alike: false
                }
            })
        );
    }

    #[test]
    fn a_repeat_is_alike_by_its_row_later_by_its_times_or_left_to_the_second_reading() {
        let at = |hour| jiff::civil::date(2018, 11, 1).at(hour, 0, 0, 0);
        let written = |hour, line| Written {
            closed: None,
            time: at(hour),
            line,
        };
        let version = |hour, fingerprint| Version {
            closed: None,
            time: at(hour),
            fingerprint,
        };
        let mut repeats = with_window(16);
        let mut copy = |text: &str, hour, line, fingerprint| {
            let made = std::cell::Cell::new(false);
            let seen = repeats.copy_of(
                id(text),
                (written(hour, line), true),
                || {
                    made.set(true);
                    version(hour, fingerprint)
                },
                0,
                std::iter::empty,
            );
            (seen, made.get())
        };
        // A first copy's version is never made; a repeat's is. (Numbers of their own: a
        // window's slots are by number.)
        for text in ["A1", "B2", "C3", "D4"] {
            assert_eq!(copy(text, 9, 1, 5), (Seen::First, false));
        }
        // The same row: alike, nothing to settle.
        assert_eq!(copy("A1", 9, 1, 5), (Seen::Repeat, true));
        // Later by its times: the latest, known at once.
        assert_eq!(copy("B2", 10, 2, 3), (Seen::Repeat, true));
        // Another row with the same times (alike but for a column not read, or differing in
        // a field read), or earlier: the first copy's version is needed.
        assert_eq!(copy("C3", 9, 2, 5), (Seen::Repeat, true));
        assert_eq!(copy("D4", 8, 2, 5), (Seen::Repeat, true));
        let settle = repeats.take_unsettled();
        assert_eq!(settle.len(), 3);
        assert_eq!(
            settle[&id("B2")],
            Settle::Known {
                canonical: version(10, 3)
            }
        );
        for (text, hour) in [("C3", 9), ("D4", 8)] {
            let later = LaterCopies {
                latest: version(hour, 5),
                alike: true,
            };
            assert_eq!(settle[&id(text)], Settle::Compare { later });
        }
    }

    #[test]
    fn a_window_slot_is_an_id_hash_and_a_copy_as_written() {
        // The window's memory, as the docs say it: 40 bytes a slot, 2.6 MB.
        assert_eq!(std::mem::size_of::<(u64, Written)>(), 40);
        assert_eq!(WINDOW * 40, 2_621_440);
    }

    /// An id of one of the forms exports write, from a form, a number and a width.
    fn id_of_form(form: u8, number: u64, width: usize) -> String {
        match form % 7 {
            0 => format!("G{number}"),
            1 => format!("H{number:0width$}"),
            2 => format!("{number:0width$}"),
            3 => format!("12345-2018-{number:0width$}"),
            4 => format!("JD/2018/{:02}/{number:0width$}", number % 3),
            // UUID-like: a prefix per id, ending in digits or not.
            5 => format!(
                "{:08x}-e29b-41d4-a716-4466554{number:05}",
                number.wrapping_mul(2_654_435_761) % 977
            ),
            _ => format!("投诉工单{}", ["甲", "乙", "丙"][(number % 3) as usize]),
        }
    }

    /// Feeds `ids` to two tables made by `table` (those before `split` twelfths to the first,
    /// as the parts of a file), checking each copy is found new or repeated as a set of the
    /// strings finds it, that the two share ids and absorb each other as sets do; the first,
    /// having absorbed the second, and the set of all the ids.
    fn as_a_set(
        ids: &[String],
        split: usize,
        table: impl Fn() -> Repeats,
    ) -> Result<(Repeats, HashSet<String>), proptest::test_runner::TestCaseError> {
        let split = ids.len() * split / 12;
        let (mut one, mut two) = (table(), table());
        let (mut seen_one, mut seen_two) = (HashSet::new(), HashSet::new());
        for (index, text) in ids.iter().enumerate() {
            let (repeats, seen) = if index < split {
                (&mut one, &mut seen_one)
            } else {
                (&mut two, &mut seen_two)
            };
            proptest::prop_assert_eq!(
                first(repeats, id(text), 0),
                seen.insert(text.clone()),
                "{}",
                text
            );
            proptest::prop_assert!(repeats.contains(id(text)));
        }
        let shared = seen_one.intersection(&seen_two).next().is_some();
        proptest::prop_assert_eq!(one.shares_ids_with(&mut two), shared);
        one.absorb(two);
        seen_one.extend(seen_two);
        for text in &seen_one {
            proptest::prop_assert!(one.contains(id(text)), "{}", text);
            proptest::prop_assert!(!first(&mut one, id(text), 0), "{}", text);
        }
        Ok((one, seen_one))
    }

    proptest::proptest! {
        /// Ids of every form (plain, zero-padded at several widths, separated, UUID-like, free
        /// text), their numbers in runs across blocks: a table, and two tables absorbed into
        /// one (the parts of a file), find each copy new or repeated exactly as a set of the
        /// strings does; so do tables with little room for prefixes.
        #[test]
        fn the_table_is_a_set_of_strings_for_every_form_of_id(
            runs in proptest::collection::vec(
                (0..7u8, 0..4u64, 0..70_000u64, 1..200u64, 1..12usize), 1..14),
            split in 0..12usize,
            room in proptest::prop_oneof![proptest::strategy::Just(MAX_PREFIXES), 1..6usize],
            interleaved in proptest::bool::ANY,
        ) {
            let runs: Vec<Vec<String>> = runs
                .iter()
                .map(|&(form, block, start, length, width)| {
                    let first = block * 60_000 + start;
                    (first..first + length).map(|n| id_of_form(form, n, width)).collect()
                })
                .collect();
            // One run after another, or the runs' ids in turn, as an export mixing forms.
            let ids: Vec<String> = if interleaved {
                let longest = runs.iter().map(Vec::len).max().unwrap_or(0);
                (0..longest)
                    .flat_map(|index| runs.iter().filter_map(move |run| run.get(index).cloned()))
                    .collect()
            } else {
                runs.concat()
            };
            let table = || Repeats { max_prefixes: room, ..Repeats::default() };
            let (one, seen) = as_a_set(&ids, split, table)?;
            for text in ["G999999", "H0999999", "JD/2018/01/7", "投诉工单丁"] {
                proptest::prop_assert_eq!(one.contains(id(text)), seen.contains(text), "{}", text);
            }
        }

        /// Ids of two prefixes, their numbers in runs over three blocks and back: every copy
        /// is found new or repeated as a set of the ids finds it, and two tables (the parts
        /// of a file) share ids and absorb each other as sets do.
        #[test]
        fn numbered_ids_are_a_set_whatever_block_is_hot(
            runs in proptest::collection::vec((0..2u8, 0..3u64, 0..70_000u64, 1..300u64), 1..12),
            split in 0..12usize,
        ) {
            let ids: Vec<String> = runs
                .iter()
                .flat_map(|&(prefix, block, start, length)| {
                    let first = block * 50_000 + start;
                    (first..first + length).map(move |n| format!("{}{n}", ["G", "H"][prefix as usize]))
                })
                .collect();
            let (one, _) = as_a_set(&ids, split, Repeats::default)?;
            proptest::prop_assert!(!one.contains(id("G999999")));
        }
    }
}

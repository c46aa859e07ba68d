//! The versions of counted copies: of every id (records fed from memory or from a reader,
//! which cannot be read twice), or of the first copies of the last [`WINDOW`](super::WINDOW)
//! ids (a file, which a second reading can settle older repeats in).

use std::collections::HashMap;

use super::{ByHash, Id, Version, Written};

/// The versions of counted copies, by id hash.
#[derive(Debug)]
pub(super) enum Versions {
    /// Of every id: the copy that counts now and how the id's copies compare.
    All(HashMap<u64, Counted, ByHash>),
    /// Of recent ids: a power of two of slots of (id hash, the first copy as written), a
    /// slot's newest id only.
    Recent(Vec<(u64, Written)>),
}

/// What an empty slot of a window holds.
const EMPTY: (u64, Written) = (0, Written::ZERO);

/// An id whose every copy is seen as it comes: the copy that counts now (the latest so far).
/// Kept for every id fed, so kept small: what only repeated ids need is in [`Repeated`].
#[derive(Debug)]
pub(super) struct Counted {
    /// The counted copy's version.
    pub(super) version: Version,
    /// Where the counted copy is: its line, or its position among the records fed.
    pub(super) at: u64,
    /// Where its fields are kept, in [`KeptCopies`](super::KeptCopies).
    pub(super) kept: usize,
}

/// Where the copies of an id fed more than once are, and how they compare.
#[derive(Debug)]
pub(super) struct Repeated {
    /// Where the first copy is.
    pub(super) first: u64,
    /// Where the later copies are, in the order read.
    pub(super) repeats: Vec<u64>,
    /// How many copies are alike the counted one, it included: the others differ from it.
    pub(super) alike: u64,
}

impl Repeated {
    /// How many copies differ from the one that counts.
    pub(super) fn differing(&self) -> u64 {
        (self.repeats.len() as u64 + 1).saturating_sub(self.alike)
    }
}

impl Default for Versions {
    fn default() -> Versions {
        Versions::All(HashMap::default())
    }
}

impl Versions {
    /// A window of `slots` slots (rounded up to a power of two).
    pub(super) fn recent(slots: usize) -> Versions {
        Versions::Recent(vec![EMPTY; slots.max(1).next_power_of_two()])
    }

    /// Notes the first copy of `id` in a window, as written.
    pub(super) fn remember_written(&mut self, id: Id, written: Written) {
        if let Versions::Recent(slots) = self {
            let slot = Versions::slot(id, slots.len());
            if let Some(slot) = slots.get_mut(slot) {
                *slot = (id.hash, written);
            }
        }
    }

    /// The first copy of `id` as a window keeps it, if it still does.
    pub(super) fn written(&self, id: Id) -> Option<Written> {
        match self {
            Versions::All(_) => None,
            Versions::Recent(slots) => {
                let &(hash, written) = slots.get(Versions::slot(id, slots.len()))?;
                (hash == id.hash).then_some(written)
            }
        }
    }

    /// Takes in the versions of `other`, kept of later ids.
    pub(super) fn absorb(&mut self, other: Versions) {
        match (self, other) {
            (Versions::All(all), Versions::All(more)) => all.extend(more),
            (Versions::Recent(slots), Versions::Recent(more)) if slots.len() == more.len() => {
                for (slot, newer) in slots.iter_mut().zip(more) {
                    if newer != EMPTY {
                        *slot = newer;
                    }
                }
            }
            // Parts of one file keep windows alike; otherwise the later ones: an id whose
            // version is not kept is compared on the second reading.
            (this, more) => *this = more,
        }
    }

    /// Notes that `id` now counts its copy `version`, where its version is kept. (A window
    /// keeps first copies as written, and is freed once its file is settled.)
    pub(super) fn replace(&mut self, id: Id, version: Version) {
        if let Versions::All(all) = self
            && let Some(counted) = all.get_mut(&id.hash)
        {
            counted.version = version;
        }
    }

    /// The slot of `id` in a window of `slots` slots (a power of two): by its number
    /// (consecutive numbers, consecutive slots), else by its hash.
    fn slot(id: Id, slots: usize) -> usize {
        id.numbered.map_or(id.hash, |(_, number)| number) as usize & slots.saturating_sub(1)
    }
}

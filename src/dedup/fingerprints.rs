//! Fingerprints of first copies: of every id (records fed from memory), or of the last
//! [`WINDOW`](super::WINDOW) ids (a file, which a second reading can compare older repeats in).

use std::collections::HashMap;

use super::{ByHash, Id, WINDOW};

/// Fingerprints of first copies, by id hash.
#[derive(Debug)]
pub(super) enum Fingerprints {
    /// Of every id.
    All(HashMap<u64, u32, ByHash>),
    /// Of recent ids: `WINDOW` slots of (id hash, fingerprint), a slot's newest id only.
    Recent(Vec<(u64, u32)>),
}

impl Default for Fingerprints {
    fn default() -> Fingerprints {
        Fingerprints::All(HashMap::default())
    }
}

impl Fingerprints {
    pub(super) fn remember(&mut self, id: Id, fingerprint: u32) {
        match self {
            Fingerprints::All(all) => {
                all.insert(id.hash, fingerprint);
            }
            Fingerprints::Recent(slots) => slots[Fingerprints::slot(id)] = (id.hash, fingerprint),
        }
    }

    pub(super) fn get(&self, id: Id) -> Option<u32> {
        match self {
            Fingerprints::All(all) => all.get(&id.hash).copied(),
            Fingerprints::Recent(slots) => {
                let (slot, fingerprint) = slots[Fingerprints::slot(id)];
                (slot == id.hash).then_some(fingerprint)
            }
        }
    }

    /// Takes in the fingerprints of `other`, kept of later ids.
    pub(super) fn absorb(&mut self, other: Fingerprints) {
        match (self, other) {
            (Fingerprints::All(all), Fingerprints::All(more)) => all.extend(more),
            (Fingerprints::Recent(slots), Fingerprints::Recent(more)) => {
                for (slot, newer) in slots.iter_mut().zip(more) {
                    if newer != (0, 0) {
                        *slot = newer;
                    }
                }
            }
            // Parts of one file keep windows alike; otherwise the later ones: an id whose
            // fingerprint is not kept is compared on the second reading.
            (this, more) => *this = more,
        }
    }

    pub(super) fn replace(&mut self, id: Id, fingerprint: u32) {
        if self.get(id).is_some() {
            self.remember(id, fingerprint);
        }
    }

    /// The slot of `id` in a window: by its number (consecutive numbers, consecutive slots),
    /// else by its hash.
    fn slot(id: Id) -> usize {
        // WINDOW is a power of two.
        id.numbered.map_or(id.hash, |(_, number)| number) as usize & (WINDOW - 1)
    }
}

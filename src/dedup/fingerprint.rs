//! A record's fingerprint: a fixed hash of the fields read as written, that tells copies of a
//! record from different records sharing an id, and decides which of two copies alike in both
//! times counts (see [`Version`](super::Version)). Its value is part of what a ranking counts:
//! it never changes, only the way the fields are fed.

use std::hash::{BuildHasher, Hasher};

/// Fingerprints of records: a fixed seed, so that they are the same in every run; foldhash's
/// quality variant, as their collisions would merge records.
const FINGERPRINTS: foldhash::quality::FixedState = foldhash::quality::FixedState::with_seed(0xF1);

/// How many separators foldhash keeps aside before folding them into its state: small
/// integers go to a 128-bit buffer (its "sponge"), folded in when the next would overflow it,
/// and at the end.
const SEPARATORS_KEPT: usize = 16;

/// The fingerprint of `fields`: the value of feeding each field's bytes, then the byte `0xFF`,
/// to [`FINGERPRINTS`]' hasher, its hash cut to 32 bits.
///
/// The separators never reach the hash one by one: foldhash folds fields into its state as
/// they come, and keeps small integers aside in a 128-bit buffer that the fields do not touch,
/// folded in at the end unless it fills first. So, up to [`SEPARATORS_KEPT`] fields, writing
/// the fields and then the separators' bits in two words leaves the hasher as the one by one
/// writes do (`same_as_field_by_field` holds the two to the same value on any fields), at two
/// writes a record instead of one a field, each a shift of 128 bits. More fields are fed one by
/// one.
pub(crate) fn fingerprint<'f>(fields: impl ExactSizeIterator<Item = &'f str>) -> u32 {
    let count = fields.len();
    if count > SEPARATORS_KEPT {
        return field_by_field(fields);
    }
    let mut hasher = FINGERPRINTS.build_hasher();
    for field in fields {
        hasher.write(field.as_bytes());
    }
    if count > 0 {
        // `bytes` separators' bits: 0xFF in each of the low `bytes` bytes.
        let ones = |bytes: usize| u64::MAX.checked_shr(64 - 8 * bytes as u32).unwrap_or(0);
        hasher.write_u64(ones(count.min(8)));
        hasher.write_u64(ones(count.saturating_sub(8)));
    }
    hasher.finish() as u32
}

/// The fingerprint of `fields` as its definition says: each field, then its separator.
fn field_by_field<'f>(fields: impl Iterator<Item = &'f str>) -> u32 {
    let mut hasher = FINGERPRINTS.build_hasher();
    for field in fields {
        hasher.write(field.as_bytes());
        hasher.write_u8(0xFF);
    }
    hasher.finish() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Fed in two words or field by field, the fingerprint is the same, for any number of
        /// fields (none, up to the buffer's room, past it) of any length (the hash reads
        /// fields of up to 16 bytes and longer ones two ways).
        #[test]
        fn same_as_field_by_field(
            fields in proptest::collection::vec("\\PC{0,3}|[a-z0-9 :-]{4,40}", 0..24),
        ) {
            let by_field = field_by_field(fields.iter().map(String::as_str));
            prop_assert_eq!(fingerprint(fields.iter().map(String::as_str)), by_field);
        }
    }

    #[test]
    fn every_count_of_fields_up_to_the_buffer_and_past_it_agrees() {
        let fields = [
            "G12",
            "",
            "2018-11-03 14:05:35",
            "安全隐患",
            "光和小区",
            "x",
        ];
        for count in 0..=40 {
            let row = || (0..count).map(|index| fields[index % fields.len()]);
            assert_eq!(fingerprint(row()), field_by_field(row()), "{count} fields");
        }
    }

    #[test]
    fn fingerprints_are_fixed_across_runs_and_versions() {
        // The value decides which of two copies counts: a change of it is a change of output.
        let fields = ["2018-11-03 14:05:35", "安全隐患", "", "光和小区"];
        assert_eq!(fingerprint(fields.into_iter()), 2_982_856_568);
        assert_eq!(field_by_field(fields.into_iter()), 2_982_856_568);
    }
}

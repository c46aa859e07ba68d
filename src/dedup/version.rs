//! Which copy of a repeated id is the latest: the one that counts.

use jiff::civil::DateTime;

/// A copy's place among the copies of its id: the copy with the greatest version counts.
///
/// Versions compare field by field, in order: the closing time, where a copy without one
/// (`None`) comes before any copy with one (a case exported open, then closed); then the
/// time; then the fingerprint, a fixed hash of the fields as written, so that copies alike in
/// both times still have one latest copy, arbitrary but the same whatever the order of the
/// copies and however they arrive. Two copies are alike exactly when their versions are equal
/// (the fingerprint covers both times as written).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Version {
    /// When the record was closed, if its source has the column and the copy a readable time.
    pub(crate) closed: Option<DateTime>,
    /// When it happened.
    pub(crate) time: DateTime,
    /// A hash of every field read but the id, as written.
    pub(crate) fingerprint: u32,
}

/// A first copy read from a file, as a window keeps it: its times and a hash of its row as
/// read ([`Written::line`]), not its fingerprint, which most first copies (those never
/// repeated) never need. Two copies are alike when their rows are the same; copies whose rows
/// differ (in a column not read, in quoting, or in a field read) are compared by their
/// versions, made then: at once if the repeat is later by its times, else on the second
/// reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Written {
    /// As in [`Version`].
    pub(crate) closed: Option<DateTime>,
    /// As in [`Version`].
    pub(crate) time: DateTime,
    /// A hash of the row's fields as read, every column's, with where each ends.
    pub(crate) line: u32,
}

impl Written {
    /// What an empty slot of a window holds.
    pub(crate) const ZERO: Written = Written {
        closed: None,
        time: DateTime::ZERO,
        line: 0,
    };

    /// Whether a copy of version `version` is later than this one by its times alone
    /// (whatever their fingerprints).
    pub(crate) fn is_before(&self, version: &Version) -> bool {
        (self.closed, self.time) < (version.closed, version.time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_closing_time_then_the_time_then_the_fingerprint_make_a_copy_later() {
        let at = |day| date(2018, 11, day).at(9, 0, 0, 0);
        let version = |closed: Option<i8>, day, fingerprint| Version {
            closed: closed.map(at),
            time: at(day),
            fingerprint,
        };
        // Open before closed, whatever the times and fingerprints.
        assert!(version(None, 20, 9) < version(Some(2), 1, 1));
        // Closed later before closed earlier.
        assert!(version(Some(3), 20, 9) < version(Some(4), 1, 1));
        // The same closing time (or none): the time.
        assert!(version(Some(4), 1, 9) < version(Some(4), 2, 1));
        assert!(version(None, 1, 9) < version(None, 2, 1));
        // Alike in both times: the higher fingerprint.
        assert!(version(None, 1, 1) < version(None, 1, 2));
    }
}

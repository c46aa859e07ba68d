//! The fields of the copies that count, for records fed from memory or from a reader. Those
//! cannot be read a second time, so when a later copy of an id comes, the copy counted until
//! then is taken back from the fields kept here.
//!
//! Every copy kept is appended to one string, with where each of its fields ends in a list:
//! the text of the fields read (those of the plan's columns) plus 8 bytes a field and 16 a
//! copy. A copy replaced by a later one stays where it is (nothing is moved), so memory grows
//! with the records fed, never shrinks while the source is read. Files do not need any of it:
//! they are read again.

/// What a field a copy lacks (not an empty one: `Row::has` tells them apart) ends at.
const ABSENT: usize = usize::MAX;

/// The fields of copies that count, one after another.
#[derive(Debug, Default)]
pub(crate) struct KeptCopies {
    /// Every kept copy's fields, one after another.
    text: String,
    /// Per copy kept: where its text starts, how many fields it has, then where each ends in
    /// `text` ([`ABSENT`] for a field the copy lacks).
    ends: Vec<usize>,
}

impl KeptCopies {
    /// Keeps `fields` (one per column read, `None` for a column the copy lacks); where they
    /// are, for [`fields`](KeptCopies::fields).
    pub(super) fn keep<'f>(
        &mut self,
        fields: impl ExactSizeIterator<Item = Option<&'f str>>,
    ) -> usize {
        let start = self.ends.len();
        self.ends.push(self.text.len());
        self.ends.push(fields.len());
        for field in fields {
            match field {
                Some(text) => {
                    self.text.push_str(text);
                    self.ends.push(self.text.len());
                }
                None => self.ends.push(ABSENT),
            }
        }
        start
    }

    /// The fields kept at `kept`, one per column (`None` for a column the copy lacks).
    pub(super) fn fields(&self, kept: usize) -> Option<Vec<Option<&str>>> {
        let (&start, &count) = (self.ends.get(kept)?, self.ends.get(kept + 1)?);
        let ends = self.ends.get(kept + 2..kept + 2 + count)?;
        let mut from = start;
        Some(
            ends.iter()
                .map(|&end| {
                    if end == ABSENT {
                        return None;
                    }
                    let field = self.text.get(from..end);
                    from = end;
                    field
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_kept_come_back_absent_and_empty_apart() {
        let mut kept = KeptCopies::default();
        let a = kept.keep([Some("A"), None, Some(""), Some("天山二村")].into_iter());
        let b = kept.keep([Some("B"), Some("x")].into_iter());
        let c = kept.keep([Some(" Ａ "), Some("新光"), None, None].into_iter());
        assert_eq!(
            kept.fields(a),
            Some(vec![Some("A"), None, Some(""), Some("天山二村")])
        );
        assert_eq!(kept.fields(b), Some(vec![Some("B"), Some("x")]));
        assert_eq!(
            kept.fields(c),
            Some(vec![Some(" Ａ "), Some("新光"), None, None])
        );
        assert_eq!(kept.fields(c + 100), None);
    }
}

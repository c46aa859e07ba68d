//! The places a run ranks, read from the files its spec names.

use crate::error::{ErrorKind, Result};
use crate::places::Gazetteer;
use crate::source::Encoding;
use crate::spec::Spec;

/// The places files the spec names, read in order into one gazetteer.
pub(crate) fn read_places(spec: &Spec) -> Result<Gazetteer> {
    if spec.places_files().is_empty() {
        return Err(spec.error_at(
            "places",
            ErrorKind::MissingKey {
                key: "places".to_owned(),
                why: ": the places file is read to rank from files".to_owned(),
            },
        ));
    }
    Gazetteer::from_files_found(
        spec.places_files(),
        Encoding::Auto,
        &crate::places::header_search(spec.places_header_row()),
        spec.kinds(),
    )
}

//! The places read from a workbook's sheet: its text through the CSV path, every error
//! located in the sheet.

use super::{Builder, Gazetteer, PlaceKind};
use crate::error::{Error, ErrorKind, Location, Result};
use crate::source::sheet::Source;

impl Gazetteer {
    /// Reads the places of a sheet into `builder` (`kind`: of every place, when the spec gives
    /// it).
    pub(crate) fn from_sheet_into(
        source: &Source,
        kind: Option<PlaceKind>,
        builder: &mut Builder,
    ) -> Result<()> {
        let mut input = source.open(None)?;
        let known = builder.not_numbers.len();
        let known_parents = builder.parent_errors.len();
        match input.take_csv() {
            Some(csv) => {
                let read = Gazetteer::read_into(csv, kind, builder);
                // The errors kept for later, located in the sheet as well.
                for (_, error) in builder.not_numbers.iter_mut().skip(known) {
                    *error = input.error(error.clone());
                }
                for (_, error) in builder.parent_errors.iter_mut().skip(known_parents) {
                    *error = input.error(error.clone());
                }
                read.map_err(|error| input.error(error))
            }
            None => Err(input.error(Error::new(
                ErrorKind::NoHeaderRow,
                Location::at_file(&source.path),
            ))),
        }
    }

    /// Reads the places from a sheet.
    pub(crate) fn from_sheet(source: &Source) -> Result<Gazetteer> {
        let mut builder = Builder::new("line");
        Gazetteer::from_sheet_into(source, None, &mut builder)?;
        builder.finish()
    }
}

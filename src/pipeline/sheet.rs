//! A sheet read as a source: its text through the CSV path the pipeline drives, then every
//! error and line the reading left located in the sheet.

use std::sync::Arc;

use super::state::SourceReader;
use crate::error::Result;
use crate::quality::RejectedRow;
use crate::source::sheet::{Data, SheetInput, Source};

impl SourceReader<'_, '_> {
    /// Reads a source's sheet: its rows, then, for a raw source, the repeats to settle (the
    /// sheet is read again, as a CSV file is).
    pub(crate) fn read_sheet(&mut self, source: &Source) -> Result<()> {
        let size = match &source.data {
            Data::File(path) => crate::read::files::size(path),
            Data::Bytes(bytes) => bytes.len() as u64,
        };
        let progress = self.shared.progress.as_ref().map(|sink| sink.file(size));
        let mut input = source.open(progress)?;
        let rejected = self.state.quality.rejected_rows.len();
        self.state.sheet = Some(Arc::clone(&input.map));
        // The sheet can be read again to compare repeats with their first copy; the files of
        // a source of several are not (their repeats are settled as they come).
        let several = !self.state.files.is_empty();
        if let Some(file) = self.state.files.last_mut() {
            file.sheet = Some(Arc::clone(&input.map));
        } else if let Some(records) = self.state.records_mut() {
            records.repeats.forget_old_versions();
        }
        let read = match input.take_csv() {
            Some(csv) => self.read_csv(csv),
            None => Ok(()),
        };
        let read = read.map_err(|error| input.error(error));
        let settled = read.and_then(|()| {
            if self.state.plan().is_none() || several {
                return Ok(());
            }
            let mut again: Option<SheetInput> = None;
            let result = self.settle_repeats_with(|| {
                let input = again.insert(source.open(None)?);
                Ok(input.take_csv())
            });
            match again {
                Some(again) => result.map_err(|error| again.error(error)),
                None => result,
            }
        });
        let map = Arc::clone(&input.map);
        let quality = &mut self.state.quality;
        quality.header_row = (map.header_row() != 1).then_some(map.header_row());
        quality.merged_cells_filled += map.filled();
        let hidden = map.hidden();
        if !hidden.is_empty() {
            quality.hidden_rows += hidden.len() as u64;
            quality.hidden.push(crate::quality::HiddenRows {
                sheet: format!("{}!{}", source.path.display(), map.sheet()),
                rows: hidden.len() as u64,
                first: hidden
                    .into_iter()
                    .take(crate::quality::HIDDEN_ROWS_LISTED)
                    .collect(),
            });
        }
        for row in &mut self.state.quality.rejected_rows[rejected..] {
            *row = RejectedRow::new(map.locate_error(row.error().clone()));
        }
        settled
    }
}

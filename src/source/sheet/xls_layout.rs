//! Which rows of an `.xls` sheet are hidden (by a filter or by hand), which calamine does not
//! say: each row's ROW record (BIFF 0x0208) in the sheet's substream carries it as its
//! `fDyZero` flag. The substreams lie in the `Workbook` stream (`Book` before Excel 97) of the
//! compound file; the globals' BOUNDSHEET records (0x0085) give each sheet's offset, in the
//! order calamine lists the sheets.

use std::io::{Read, Seek};
use std::ops::Range;

/// BIFF record types read here.
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const ROW: u16 = 0x0208;
/// The ROW record's option flags: its 13th and 14th bytes; `fDyZero` (the row is hidden).
const ROW_FLAGS_AT: usize = 12;
const ROW_HIDDEN: u16 = 0x0020;

/// `Err` with what is wrong when `reader` holds no compound file this reader can open: checked
/// before calamine reads an `.xls` workbook, whose own compound-file reader panics on some
/// damaged files (a sector chain past the file's end, found by fuzzing) where this one returns
/// an error, and a browser's WebAssembly catches no panic.
pub(crate) fn check_container<R: Read + Seek>(reader: R) -> Result<(), String> {
    cfb::CompoundFile::open(reader)
        .map(drop)
        .map_err(|error| format!("a damaged compound file: {error}"))
}

/// The hidden rows (0-based, ascending, one range per row) of the sheet at `index` (the
/// order of the workbook's sheets) of the `.xls` workbook `reader` holds; `Err` with what is
/// wrong when its container or records cannot be read.
pub(crate) fn xls_hidden_rows<R: Read + Seek>(
    reader: R,
    index: usize,
) -> Result<Vec<Range<u32>>, String> {
    let mut container = cfb::CompoundFile::open(reader).map_err(|error| error.to_string())?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|name| container.is_stream(name))
        .ok_or("it holds no Workbook stream")?;
    let mut stream = Vec::new();
    container
        .open_stream(name)
        .and_then(|mut part| part.read_to_end(&mut stream))
        .map_err(|error| format!("its {}: {error}", &name[1..]))?;
    let offset = sheet_offset(&stream, index)?;
    hidden_in_substream(&stream, offset)
}

/// The records of a BIFF stream from `at`: (type, data), until the stream ends; a record
/// that runs past the stream's end is an error.
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = Result<(u16, &[u8]), String>> {
    let mut at = Some(at);
    std::iter::from_fn(move || {
        let start = at?;
        let header = stream.get(start..start.checked_add(4)?)?;
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let length = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let end = start + 4 + length;
        match stream.get(start + 4..end) {
            Some(data) => {
                at = Some(end);
                Some(Ok((kind, data)))
            }
            None => {
                at = None;
                Some(Err(format!(
                    "a record at byte {start} runs past the stream's end"
                )))
            }
        }
    })
}

/// The offset of the substream of the sheet at `index`, from the globals' BOUNDSHEET records.
fn sheet_offset(stream: &[u8], index: usize) -> Result<usize, String> {
    let mut sheets = 0;
    for record in records(stream, 0) {
        let (kind, data) = record?;
        match kind {
            BOUNDSHEET => {
                if sheets == index {
                    let offset = data
                        .get(..4)
                        .map(|bytes| u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
                        .ok_or("a sheet's record (BOUNDSHEET) is cut short")?;
                    return usize::try_from(offset)
                        .ok()
                        .filter(|offset| *offset < stream.len())
                        .ok_or_else(|| {
                            format!("a sheet's records start at byte {offset}, past the stream")
                        });
                }
                sheets += 1;
            }
            EOF => break,
            _ => {}
        }
    }
    Err(format!("it lists no sheet {}", index + 1))
}

/// The hidden rows of the substream at `offset`, skipping the substreams nested in it
/// (charts embedded in the sheet), as calamine does for the cells.
fn hidden_in_substream(stream: &[u8], offset: usize) -> Result<Vec<Range<u32>>, String> {
    let mut hidden = Vec::new();
    let mut depth = 0usize;
    for record in records(stream, offset) {
        let (kind, data) = record?;
        match kind {
            BOF => depth += 1,
            EOF => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            ROW if depth <= 1 => {
                let (Some(row), Some(flags)) =
                    (data.get(..2), data.get(ROW_FLAGS_AT..ROW_FLAGS_AT + 2))
                else {
                    return Err("a row's record (ROW) is cut short".to_owned());
                };
                let row = u32::from(u16::from_le_bytes([row[0], row[1]]));
                if u16::from_le_bytes([flags[0], flags[1]]) & ROW_HIDDEN != 0 {
                    hidden.push(row..row + 1);
                }
            }
            _ => {}
        }
    }
    hidden.sort_unstable_by_key(|rows| rows.start);
    hidden.dedup();
    Ok(hidden)
}

#[cfg(test)]
#[allow(
    clippy::single_range_in_vec_init,
    reason = "hidden rows are ranges: `[4..5]` is one range of one row"
)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut bytes = kind.to_le_bytes().to_vec();
        bytes.extend_from_slice(&(data.len() as u16).to_le_bytes());
        bytes.extend_from_slice(data);
        bytes
    }

    fn row(number: u16, flags: u16) -> Vec<u8> {
        let mut data = vec![0; 16];
        data[..2].copy_from_slice(&number.to_le_bytes());
        data[12..14].copy_from_slice(&flags.to_le_bytes());
        record(ROW, &data)
    }

    /// Globals listing two sheets, then their substreams; the second hides rows 5 and 9 and
    /// holds a chart whose records are not the sheet's.
    fn stream() -> Vec<u8> {
        let sheet = |offset: u32| {
            let mut data = offset.to_le_bytes().to_vec();
            data.extend_from_slice(&[0, 0, 1, 0, b'S']);
            record(BOUNDSHEET, &data)
        };
        let globals_length = (4 + 4) + 2 * (4 + 9) + 4;
        let first = globals_length as u32;
        let first_sheet = [record(BOF, &[0; 4]), row(0, 0x20), record(EOF, &[])].concat();
        let second = first + first_sheet.len() as u32;
        let mut bytes = [
            record(BOF, &[0; 4]),
            sheet(first),
            sheet(second),
            record(EOF, &[]),
        ]
        .concat();
        assert_eq!(bytes.len(), globals_length);
        bytes.extend(first_sheet);
        bytes.extend(
            [
                record(BOF, &[0; 4]),
                row(8, 0x0120),
                row(3, 0x0100),
                row(4, 0x0020),
                record(BOF, &[0; 4]),
                row(6, 0x0020),
                record(EOF, &[]),
                record(EOF, &[]),
                row(7, 0x20),
            ]
            .concat(),
        );
        bytes
    }

    #[test]
    fn the_rows_whose_records_say_hidden_are_read_from_the_sheets_substream() {
        let stream = stream();
        let offset = sheet_offset(&stream, 1).unwrap();
        assert_eq!(hidden_in_substream(&stream, offset).unwrap(), [4..5, 8..9]);
        let offset = sheet_offset(&stream, 0).unwrap();
        assert_eq!(hidden_in_substream(&stream, offset).unwrap(), [0..1]);
        assert_eq!(sheet_offset(&stream, 2).unwrap_err(), "it lists no sheet 3");
    }

    #[test]
    fn the_row_libreoffice_hid_in_the_office_workbook_is_read() {
        let workbooks = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workbooks");
        let read = |name: &str| {
            xls_hidden_rows(std::fs::File::open(workbooks.join(name)).unwrap(), 0).unwrap()
        };
        // Excel row 5, hidden by a filter in the .xlsx LibreOffice saved as .xls.
        assert_eq!(read("office-sanitation.xls"), [4..5]);
        assert_eq!(read("sanitation.xls"), []);
    }

    #[test]
    fn a_damaged_stream_is_an_error_never_a_panic() {
        let stream = stream();
        for cut in 0..stream.len() {
            let part = &stream[..cut];
            if let Ok(offset) = sheet_offset(part, 1) {
                let _ = hidden_in_substream(part, offset);
            }
        }
        assert!(
            hidden_in_substream(&record(ROW, &[1, 0, 0]), 0)
                .unwrap_err()
                .contains("cut short")
        );
        assert!(xls_hidden_rows(std::io::Cursor::new(b"not a compound file".to_vec()), 0).is_err());
        // Compound files cut short, on which calamine's own reader panics
        // (fuzz/regressions/sheet): this one says what is wrong.
        let office = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/workbooks/office-sanitation.xls"),
        )
        .unwrap();
        assert!(check_container(std::io::Cursor::new(office.clone())).is_ok());
        for cut in [512, 4608, 5015] {
            let error = check_container(std::io::Cursor::new(office[..cut].to_vec())).unwrap_err();
            assert!(error.starts_with("a damaged compound file: "), "{error}");
        }
    }
}

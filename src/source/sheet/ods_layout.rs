//! What an `.ods` sheet says about its rows beyond their cells, which calamine does not say:
//! which rows are hidden (`table:visibility="collapse"` or `"filter"` on a row) and which
//! cells are merged (a cell's `table:number-rows-spanned` and `table:number-columns-spanned`;
//! the cells it covers are `table:covered-table-cell`). One pass over the workbook's
//! `content.xml`, read in chunks, looking at the tags alone (the cells' text is skipped).
//!
//! Rows and columns are counted as calamine counts them, so that a region's corners are the
//! cells calamine reads: a row or cell repeated N times (`table:number-rows-repeated`,
//! `table:number-columns-repeated`) takes N rows or columns, covered cells included, within
//! Excel's 1,048,576 rows and 16,384 columns.

use std::io::{Read, Seek};
use std::ops::Range;

use calamine::Dimensions;
use memchr::memchr3;

use super::layout::{SheetLayout, attribute, unescape};

/// The rows and columns calamine reads at most.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLUMNS: u32 = 16_384;
/// The longest tag read; a longer one is a damaged part, not a sheet to read.
const LONGEST_TAG: usize = 1 << 20;

/// The layout of sheet `sheet` of the `.ods` workbook `reader` holds (none if no table of
/// `content.xml` has that name); `Err` with what is wrong when its content cannot be read.
pub(crate) fn ods_layout<R: Read + Seek>(reader: R, sheet: &str) -> Result<SheetLayout, String> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|error| error.to_string())?;
    let part = archive
        .by_name("content.xml")
        .map_err(|error| format!("content.xml: {error}"))?;
    let mut scan = Scan::new(sheet);
    for_each_tag(part, |tag| scan.tag(tag)).map_err(|error| format!("content.xml: {error}"))?;
    Ok(scan.layout)
}

/// Where the pass is in `content.xml`.
struct Scan<'a> {
    sheet: &'a str,
    /// In the sheet's table: the tables nested in it (none in a spreadsheet, but a table in a
    /// cell is valid OpenDocument), its next row, the current row and its next column.
    inside: bool,
    nested: usize,
    next_row: u32,
    row: u32,
    column: u32,
    done: bool,
    layout: SheetLayout,
}

impl<'a> Scan<'a> {
    fn new(sheet: &'a str) -> Scan<'a> {
        Scan {
            sheet,
            inside: false,
            nested: 0,
            next_row: 0,
            row: 0,
            column: 0,
            done: false,
            layout: SheetLayout::default(),
        }
    }

    /// Takes the tag `<…>` (its bytes between the angle brackets); `false` once the sheet's
    /// table has ended.
    fn tag(&mut self, tag: &[u8]) -> bool {
        let closing = tag.first() == Some(&b'/');
        let name_at = usize::from(closing);
        let name_end = tag[name_at..]
            .iter()
            .position(|byte| byte.is_ascii_whitespace() || *byte == b'/')
            .map_or(tag.len(), |end| name_at + end);
        let name = &tag[name_at..name_end];
        let self_closing = tag.last() == Some(&b'/');
        if !self.inside {
            if name == b"table:table"
                && !closing
                && attribute(tag, b"table:name").is_some_and(|found| unescape(&found) == self.sheet)
            {
                self.inside = !self_closing;
                self.done = self_closing;
            }
            return !self.done;
        }
        if name == b"table:table" {
            if closing {
                if self.nested == 0 {
                    self.done = true;
                    return false;
                }
                self.nested -= 1;
            } else if !self_closing {
                self.nested += 1;
            }
            return true;
        }
        if self.nested > 0 || closing {
            return true;
        }
        match name {
            b"table:table-row" => self.row_tag(tag),
            b"table:table-cell" => self.cell_tag(tag, true),
            b"table:covered-table-cell" => self.cell_tag(tag, false),
            _ => {}
        }
        true
    }

    fn row_tag(&mut self, tag: &[u8]) {
        let repeats = number(tag, b"table:number-rows-repeated").min(MAX_ROWS - self.next_row);
        self.row = self.next_row;
        self.next_row += repeats;
        self.column = 0;
        let hidden = attribute(tag, b"table:visibility")
            .is_some_and(|visibility| visibility == b"collapse" || visibility == b"filter");
        if hidden && repeats > 0 {
            push_rows(&mut self.layout.hidden, self.row..self.next_row);
        }
    }

    fn cell_tag(&mut self, tag: &[u8], may_span: bool) {
        let repeats = number(tag, b"table:number-columns-repeated")
            .min(MAX_COLUMNS - self.column.min(MAX_COLUMNS));
        if may_span && repeats > 0 && self.row < self.next_row {
            let rows = number(tag, b"table:number-rows-spanned").max(1);
            let columns = number(tag, b"table:number-columns-spanned").max(1);
            // A repeated cell that spans is a copy of itself side by side, which no
            // spreadsheet writes: its first copy is the region.
            if rows > 1 || columns > 1 {
                let last_row = self.row.saturating_add(rows - 1).min(MAX_ROWS - 1);
                let last_column = self.column.saturating_add(columns - 1).min(MAX_COLUMNS - 1);
                self.layout.merges.push(Dimensions::new(
                    (self.row, self.column),
                    (last_row, last_column),
                ));
            }
        }
        self.column = self.column.saturating_add(repeats);
    }
}

/// Adds `rows` to the ascending ranges `hidden`, joining it to the last when they touch.
fn push_rows(hidden: &mut Vec<Range<u32>>, rows: Range<u32>) {
    match hidden.last_mut() {
        Some(last) if last.end >= rows.start => last.end = last.end.max(rows.end),
        _ => hidden.push(rows),
    }
}

/// A count attribute of `tag` (1 when absent or unreadable, as OpenDocument's default).
fn number(tag: &[u8], name: &[u8]) -> u32 {
    attribute(tag, name)
        .and_then(|value| std::str::from_utf8(&value).ok()?.trim().parse().ok())
        .unwrap_or(1)
}

/// Calls `each` with every tag of the XML `part` reads (its bytes between `<` and the `>`
/// that closes it outside quotes), in order, until `each` returns `false`.
fn for_each_tag(mut part: impl Read, mut each: impl FnMut(&[u8]) -> bool) -> std::io::Result<()> {
    let mut buffer: Vec<u8> = Vec::with_capacity(256 * 1024);
    let mut chunk = vec![0; 128 * 1024];
    loop {
        let got = part.read(&mut chunk)?;
        buffer.extend_from_slice(&chunk[..got]);
        // What is read: up to a tag cut by the chunk's end, or all (text after the last tag).
        let mut done = 0;
        loop {
            let Some(open) = memchr::memchr(b'<', &buffer[done..]).map(|at| done + at) else {
                done = buffer.len();
                break;
            };
            let Some(close) = tag_end(&buffer, open + 1) else {
                if buffer.len() - open > LONGEST_TAG {
                    return Err(std::io::Error::other(format!(
                        "a tag longer than {} MiB",
                        LONGEST_TAG >> 20
                    )));
                }
                done = open;
                break;
            };
            if !each(&buffer[open + 1..close]) {
                return Ok(());
            }
            done = close + 1;
        }
        if got == 0 {
            return Ok(());
        }
        buffer.drain(..done);
    }
}

/// The `>` that closes the tag whose text starts at `from`, skipping quoted values.
fn tag_end(buffer: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let at = from + memchr3(b'>', b'"', b'\'', &buffer[from..])?;
        let quote = buffer[at];
        if quote == b'>' {
            return Some(at);
        }
        from = at + 1 + memchr::memchr(quote, &buffer[at + 1..])?;
        from += 1;
    }
}

#[cfg(test)]
#[allow(
    clippy::single_range_in_vec_init,
    reason = "hidden rows are ranges: `[4..5]` is one range of one row"
)]
mod tests {
    use super::*;

    fn scan(xml: &[u8], sheet: &str) -> SheetLayout {
        let mut scan = Scan::new(sheet);
        // Read in chunks smaller than a tag, too.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(buffer.len()).min(7);
                buffer[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        for_each_tag(Trickle(xml), |tag| scan.tag(tag)).unwrap();
        let whole = {
            let mut whole = Scan::new(sheet);
            for_each_tag(xml, |tag| whole.tag(tag)).unwrap();
            whole.layout
        };
        assert_eq!(whole.hidden, scan.layout.hidden);
        assert_eq!(whole.merges, scan.layout.merges);
        scan.layout
    }

    const CONTENT: &[u8] = r#"<?xml version="1.0"?><office:document-content><office:body><office:spreadsheet>
<table:table table:name="汇总"><table:table-row table:visibility="collapse"><table:table-cell table:number-rows-spanned="2"/></table:table-row></table:table>
<table:table table:name="检查&amp;1"><table:table-column/>
<table:table-row><table:table-cell table:number-columns-spanned="4" table:number-rows-spanned="1"><text:p>a &gt; b</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
<table:table-row-group><table:table-row table:visibility="filter"><table:table-cell table:number-columns-repeated="2" table:formula="of:=[.A1]>'x'"/><table:table-cell table:number-rows-spanned="3"><text:p>天山一村</text:p></table:table-cell></table:table-row>
<table:table-row table:visibility="collapse" table:number-rows-repeated="2"><table:covered-table-cell table:number-columns-repeated="2"/><table:covered-table-cell/><table:table-cell><table:table table:name="inner"><table:table-row table:visibility="collapse"/></table:table></table:table-cell></table:table-row></table:table-row-group>
<table:table-row table:visibility="visible"/><table:table-row table:visibility="collapse"/>
</table:table><table:table table:name="after"><table:table-row table:visibility="collapse"/></table:table></office:spreadsheet></office:body></office:document-content>"#
        .as_bytes();

    #[test]
    fn hidden_rows_and_merged_regions_are_read_from_content_xml() {
        let layout = scan(CONTENT, "检查&1");
        // Row 0 the title, rows 1-2 repeated, row 3 filtered, rows 4-5 collapsed and
        // repeated, row 6 visible, row 7 collapsed; the nested table's row is none of them.
        assert_eq!(layout.hidden, [3..6, 7..8]);
        assert_eq!(
            layout.merges,
            [
                Dimensions::new((0, 0), (0, 3)),
                Dimensions::new((3, 2), (5, 2))
            ]
        );
        let first = scan(CONTENT, "汇总");
        assert_eq!(first.hidden, [0..1]);
        assert_eq!(first.merges, [Dimensions::new((0, 0), (1, 0))]);
        let missing = scan(CONTENT, "nowhere");
        assert!(missing.hidden.is_empty() && missing.merges.is_empty());
    }

    #[test]
    fn the_layout_libreoffice_wrote_in_the_office_workbook_is_read() {
        let workbooks = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workbooks");
        let read = |name: &str| {
            ods_layout(std::fs::File::open(workbooks.join(name)).unwrap(), "检查").unwrap()
        };
        let office = read("office-sanitation.ods");
        assert_eq!(office.hidden, [4..5]);
        // The title across the table; each place merged down over its inspections.
        assert_eq!(
            office.merges,
            [
                Dimensions::new((0, 0), (0, 3)),
                Dimensions::new((3, 2), (5, 2)),
                Dimensions::new((6, 2), (7, 2)),
                Dimensions::new((8, 2), (11, 2)),
            ]
        );
        let plain = read("sanitation.ods");
        assert!(plain.hidden.is_empty() && plain.merges.is_empty());
    }

    #[test]
    fn counts_stay_within_excels_grid() {
        let xml = br#"<table:table table:name="s"><table:table-row table:number-rows-repeated="4294967295" table:visibility="collapse"><table:table-cell table:number-columns-repeated="99999"/><table:table-cell table:number-rows-spanned="4294967295" table:number-columns-spanned="9"/></table:table-row><table:table-row table:visibility="collapse"><table:table-cell table:number-rows-spanned="0"/></table:table-row></table:table>"#;
        let layout = scan(xml, "s");
        assert_eq!(layout.hidden, [0..MAX_ROWS]);
        assert!(layout.merges.is_empty(), "{:?}", layout.merges);
    }

    #[test]
    fn a_damaged_content_is_an_error_or_a_partial_layout_never_a_panic() {
        for cut in 0..CONTENT.len() {
            let _ = scan(&CONTENT[..cut], "检查&1");
        }
        let long = [
            b"<table:table table:name=\"".as_slice(),
            &vec![b'x'; LONGEST_TAG + 10],
        ]
        .concat();
        let mut scan = Scan::new("s");
        let error = for_each_tag(long.as_slice(), |tag| scan.tag(tag)).unwrap_err();
        assert_eq!(error.to_string(), "a tag longer than 1 MiB");
        assert!(ods_layout(std::io::Cursor::new(b"PK not a zip".to_vec()), "s").is_err());
    }
}

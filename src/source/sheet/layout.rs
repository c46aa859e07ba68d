//! What an `.xlsx` sheet says about its rows beyond their cells: which rows are hidden (by a
//! filter or by hand) and which cells are merged. Both come from one pass over the sheet's
//! XML, looking only at `<row …>` and `<mergeCell …>` tags (found with memchr's searcher, the
//! cells skipped unparsed), before the cells are streamed: the merged regions are written
//! after the cells, and a cell must be filled as it streams.

use std::io::{Read, Seek};
use std::ops::Range;

use calamine::Dimensions;
use memchr::memmem;

/// The hidden rows (0-based, in ascending ranges that do not overlap) and merged regions of
/// a sheet.
#[derive(Debug, Default)]
pub(crate) struct SheetLayout {
    pub(crate) hidden: Vec<Range<u32>>,
    pub(crate) merges: Vec<Dimensions>,
}

/// The layout of sheet `sheet` of the `.xlsx` workbook `reader` holds; `Err` with what is
/// wrong when its parts cannot be read (the cells' reading reports a corrupt workbook too).
pub(crate) fn xlsx_layout<R: Read + Seek>(reader: R, sheet: &str) -> Result<SheetLayout, String> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|error| error.to_string())?;
    let workbook = read_part(&mut archive, "xl/workbook.xml")?;
    let relations = read_part(&mut archive, "xl/_rels/workbook.xml.rels")?;
    let Some(id) = tags(&workbook, b"<sheet ")
        .find(|tag| attribute(tag, b"name").is_some_and(|name| unescape(&name) == sheet))
        .and_then(|tag| attribute_ending(tag, b":id"))
    else {
        return Ok(SheetLayout::default());
    };
    let Some(target) = tags(&relations, b"<Relationship ")
        .find(|tag| attribute(tag, b"Id").as_deref() == Some(id.as_slice()))
        .and_then(|tag| attribute(tag, b"Target"))
    else {
        return Ok(SheetLayout::default());
    };
    let target = String::from_utf8_lossy(&target).into_owned();
    let path = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{target}"),
    };
    let part = archive
        .by_name(&path)
        .map_err(|error| format!("{path}: {error}"))?;
    scan_sheet(part).map_err(|error| format!("{path}: {error}"))
}

fn read_part<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Vec<u8>, String> {
    let mut part = archive
        .by_name(name)
        .map_err(|error| format!("{name}: {error}"))?;
    let mut bytes = Vec::new();
    part.read_to_end(&mut bytes)
        .map_err(|error| format!("{name}: {error}"))?;
    Ok(bytes)
}

/// The longest tag looked at; a longer `<row …>` tag is read as far as this.
const LONGEST_TAG: usize = 4096;

/// Reads the sheet's XML in chunks, noting hidden rows and merged regions.
fn scan_sheet(mut part: impl Read) -> std::io::Result<SheetLayout> {
    let mut layout = SheetLayout::default();
    let mut buffer: Vec<u8> = Vec::with_capacity(256 * 1024);
    let mut chunk = vec![0; 128 * 1024];
    // The 0-based index of the last row tag met (rows without `r` follow the one before).
    let mut last_row: Option<u32> = None;
    let rows = memmem::Finder::new(b"<row");
    let merges = memmem::Finder::new(b"<mergeCell ");
    loop {
        let got = part.read(&mut chunk)?;
        let end = got == 0;
        buffer.extend_from_slice(&chunk[..got]);
        let mut done = 0;
        let mut incomplete = false;
        loop {
            let next_row = rows.find(&buffer[done..]).map(|at| (done + at, true));
            let next_merge = merges.find(&buffer[done..]).map(|at| (done + at, false));
            let next = match (next_row, next_merge) {
                (Some(row), Some(merge)) => Some(if row.0 < merge.0 { row } else { merge }),
                (row, merge) => row.or(merge),
            };
            let Some((start, is_row)) = next else { break };
            let close = memchr::memchr(b'>', &buffer[start..]).map(|at| start + at);
            let Some(close) = close
                .or_else(|| (end || buffer.len() - start > LONGEST_TAG).then_some(buffer.len()))
            else {
                done = start;
                incomplete = true;
                break;
            };
            let tag = &buffer[start..close];
            if is_row {
                // `<rowBreaks>` and the like are no rows.
                if tag.get(4).is_some_and(|byte| {
                    byte.is_ascii_whitespace() || *byte == b'>' || *byte == b'/'
                }) || tag.len() == 4
                {
                    let row = attribute(tag, b"r")
                        .and_then(|r| std::str::from_utf8(&r).ok()?.parse::<u32>().ok())
                        .and_then(|r| r.checked_sub(1))
                        .or_else(|| last_row.map_or(Some(0), |last| last.checked_add(1)));
                    if let Some(row) = row {
                        last_row = Some(row);
                        if attribute(tag, b"hidden")
                            .is_some_and(|hidden| hidden == b"1" || hidden == b"true")
                        {
                            layout.hidden.push(row..row.saturating_add(1));
                        }
                    }
                }
            } else if let Some(region) =
                attribute(tag, b"ref").and_then(|reference| parse_range(&reference))
            {
                layout.merges.push(region);
            }
            done = close;
        }
        if end {
            break;
        }
        // Keep what may hold the start of a tag cut by the chunk's end.
        let keep_from = if incomplete {
            done
        } else {
            done.max(buffer.len().saturating_sub(16))
        };
        buffer.drain(..keep_from);
    }
    layout.hidden.sort_unstable_by_key(|rows| rows.start);
    layout.hidden.dedup();
    Ok(layout)
}

/// The tags of `xml` starting with `start`, each up to its `>`.
fn tags<'a>(xml: &'a [u8], start: &'a [u8]) -> impl Iterator<Item = &'a [u8]> {
    memmem::find_iter(xml, start).map(move |at| {
        let end = memchr::memchr(b'>', &xml[at..]).map_or(xml.len(), |end| at + end);
        &xml[at..end]
    })
}

/// The value of attribute `name` in `tag` (as written, quotes off).
pub(super) fn attribute(tag: &[u8], name: &[u8]) -> Option<Vec<u8>> {
    attribute_where(tag, |key| key == name)
}

/// The value of the first attribute of `tag` whose name ends with `suffix` (`r:id`, whatever
/// the namespace's prefix).
fn attribute_ending(tag: &[u8], suffix: &[u8]) -> Option<Vec<u8>> {
    attribute_where(tag, |key| key.ends_with(suffix))
}

fn attribute_where(tag: &[u8], wanted: impl Fn(&[u8]) -> bool) -> Option<Vec<u8>> {
    let mut at = 0;
    while let Some(equals) = memchr::memchr(b'=', &tag[at..]).map(|found| at + found) {
        let key_end = tag[..equals]
            .iter()
            .rposition(|byte| !byte.is_ascii_whitespace())
            .map_or(0, |last| last + 1);
        let key_start = tag[..key_end]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(0, |space| space + 1);
        let quote_at = tag[equals + 1..]
            .iter()
            .position(|byte| *byte == b'"' || *byte == b'\'')
            .map(|found| equals + 1 + found)?;
        let quote = tag[quote_at];
        let value_end =
            memchr::memchr(quote, &tag[quote_at + 1..]).map(|found| quote_at + 1 + found)?;
        if wanted(&tag[key_start..key_end]) {
            return Some(tag[quote_at + 1..value_end].to_vec());
        }
        at = value_end + 1;
    }
    None
}

/// An attribute's text with XML's five entities and its character references (`&#20013;`,
/// `&#x4E2D;`) read, as calamine reads a sheet's name; anything else is kept as written.
pub(super) fn unescape(value: &[u8]) -> String {
    let text = String::from_utf8_lossy(value);
    let mut read = String::with_capacity(text.len());
    let mut rest = text.as_ref();
    while let Some(at) = rest.find('&') {
        read.push_str(&rest[..at]);
        rest = &rest[at..];
        let entity = rest
            .find(';')
            .map(|end| (&rest[1..end], end))
            .and_then(|(name, end)| Some((entity_char(name)?, end)));
        match entity {
            Some((character, end)) => {
                read.push(character);
                rest = &rest[end + 1..];
            }
            None => {
                read.push('&');
                rest = &rest[1..];
            }
        }
    }
    read.push_str(rest);
    read
}

/// The character an entity's name (between `&` and `;`) stands for.
fn entity_char(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "amp" => Some('&'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// A range as `A1:C3` (or a single cell `B2`) as 0-based (row, column) corners.
fn parse_range(reference: &[u8]) -> Option<Dimensions> {
    let text = std::str::from_utf8(reference).ok()?;
    let (first, last) = text.split_once(':').unwrap_or((text, text));
    let start = parse_cell(first)?;
    let end = parse_cell(last)?;
    (start.0 <= end.0 && start.1 <= end.1).then(|| Dimensions::new(start, end))
}

/// A cell reference (`B7`, `$B$7`) as 0-based (row, column).
fn parse_cell(reference: &str) -> Option<(u32, u32)> {
    let reference = reference.trim().replace('$', "");
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut column: u32 = 0;
    for byte in reference[..letters].bytes() {
        column = column * 26 + u32::from(byte.to_ascii_uppercase() - b'A') + 1;
    }
    let row: u32 = reference[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, column - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_rows_and_merged_regions_are_read_from_the_sheet_xml() {
        let xml = br#"<worksheet><sheetData><row r="1" spans="1:4"><c r="A1"/></row><row r="2" hidden="1"><c r="A2"/></row><row hidden="true"><c/></row><row r="7" ht="0" hidden="0"/></sheetData><rowBreaks count="1"/><mergeCells count="2"><mergeCell ref="A1:D1"/><mergeCell ref="$C$4:C6"/></mergeCells></worksheet>"#;
        // Read in chunks smaller than a tag, too.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(buffer.len()).min(5);
                buffer[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        for layout in [
            scan_sheet(&xml[..]).unwrap(),
            scan_sheet(Trickle(xml)).unwrap(),
        ] {
            assert_eq!(layout.hidden, [1..2, 2..3]);
            assert_eq!(
                layout.merges,
                [
                    Dimensions::new((0, 0), (0, 3)),
                    Dimensions::new((3, 2), (5, 2))
                ]
            );
        }
    }

    #[test]
    fn attribute_texts_are_unescaped_as_calamine_reads_them() {
        assert_eq!(unescape(b"a&amp;lt;b &#20013;&#x4E2D;&gt;"), "a&lt;b 中中>");
        assert_eq!(
            unescape(b"&bogus; & &#xD800; &#;"),
            "&bogus; & &#xD800; &#;"
        );
    }

    #[test]
    fn cell_references_are_read_as_excel_writes_them() {
        assert_eq!(parse_cell("A1"), Some((0, 0)));
        assert_eq!(parse_cell("AA10"), Some((9, 26)));
        assert_eq!(parse_cell("A0"), None);
        assert_eq!(parse_cell("7"), None);
        assert_eq!(parse_range(b"B2:A1"), None);
    }
}

//! Workbooks for the spreadsheet tests and bench, written with rust_xlsxwriter from CSV
//! exports: each field typed as Excel would hold it once a user opened the export and saved
//! it as a workbook (dates as date cells, numbers as number cells, the rest as text), or, for
//! every third row when `mixed`, left as text typed by hand, so that a sheet holds both.

#![allow(dead_code, reason = "each test crate uses a part of the helpers")]
#![allow(
    clippy::disallowed_types,
    reason = "a workbook holds its numbers as binary floats: these helpers write them"
)]

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

/// The text of a CSV export, UTF-8 (with or without BOM) or GB18030.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// A field as a date: the forms the CSV reader accepts.
fn as_date(text: &str) -> Option<(ExcelDateTime, bool)> {
    for (form, with_time) in [
        ("%Y-%m-%d %H:%M:%S", true),
        ("%Y-%m-%dT%H:%M:%S", true),
        ("%Y-%m-%d %H:%M", true),
        ("%Y/%m/%d %H:%M:%S", true),
        ("%Y/%m/%d %H:%M", true),
        ("%Y-%m-%d", false),
        ("%Y/%m/%d", false),
    ] {
        let Ok(parsed) = jiff::fmt::strtime::parse(form, text) else {
            continue;
        };
        let date = parsed.to_date().ok()?;
        let time = if with_time {
            parsed.to_time().ok()?
        } else {
            jiff::civil::Time::midnight()
        };
        let cell =
            ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)
                .ok()?
                .and_hms(
                    time.hour() as u16,
                    time.minute() as u8,
                    time.second() as f64,
                )
                .ok()?;
        return Some((cell, with_time));
    }
    None
}

/// A field as a number, when Excel would take it for one and show it back alike: no leading
/// zero (an id such as `007` stays text), no sign, at most 15 digits.
fn as_number(text: &str) -> Option<f64> {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let plain = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_digit() || c == '.')
        && text.matches('.').count() <= 1
        && !text.starts_with('.')
        && !text.ends_with('.')
        && !(text.len() > 1 && text.starts_with('0') && !text.starts_with("0."))
        && digits <= 15;
    if plain { text.parse().ok() } else { None }
}

/// Writes `rows` (the first is the header) to `sheet`, typing fields.
pub fn write_rows(sheet: &mut Worksheet, top: u32, rows: &[Vec<String>], mixed: bool) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let date_time = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (index, row) in rows.iter().enumerate() {
        let at = top + index as u32;
        for (column, field) in row.iter().enumerate() {
            let column = column as u16;
            if field.is_empty() {
                continue;
            }
            let typed = index > 0 && !(mixed && index % 3 == 0);
            if typed && let Some((cell, with_time)) = as_date(field) {
                let format = if with_time { &date_time } else { &date };
                sheet
                    .write_datetime_with_format(at, column, &cell, format)
                    .unwrap();
            } else if typed && let Some(number) = as_number(field) {
                sheet.write_number(at, column, number).unwrap();
            } else {
                sheet.write_string(at, column, field).unwrap();
            }
        }
    }
}

/// The rows of a CSV export.
pub fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let text = decode(&std::fs::read(path).unwrap());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// Writes the CSV export at `csv` as a workbook at `xlsx`, its one sheet named `sheet`.
pub fn csv_to_xlsx(csv: &Path, xlsx: &Path, sheet: &str, mixed: bool) {
    let rows = read_csv(csv);
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet().set_name(sheet).unwrap();
    write_rows(worksheet, 0, &rows, mixed);
    workbook.save(xlsx).unwrap();
}

/// A copy of fixture folder `fixture` in `out` with every CSV file as an `.xlsx` workbook
/// and the spec naming them; returns the spec's path.
pub fn fixture_as_workbooks(fixture: &Path, out: &Path) -> PathBuf {
    std::fs::create_dir_all(out).unwrap();
    let mut spec = std::fs::read_to_string(fixture.join("spec.toml")).unwrap();
    let mut names: Vec<PathBuf> = std::fs::read_dir(fixture)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "csv"))
        .collect();
    names.sort();
    for csv in names {
        let stem = csv.file_stem().unwrap().to_str().unwrap().to_owned();
        let named = format!("\"{stem}.csv\"");
        let read_as_source = spec.lines().any(|line| {
            let line = line.trim_start();
            (line.starts_with("file") || line.starts_with("places")) && line.contains(&named)
        });
        if read_as_source {
            csv_to_xlsx(&csv, &out.join(format!("{stem}.xlsx")), &stem, true);
            spec = spec
                .lines()
                .map(|line| {
                    let trimmed = line.trim_start();
                    if trimmed.starts_with("file") || trimmed.starts_with("places") {
                        line.replace(&named, &format!("\"{stem}.xlsx\""))
                    } else {
                        line.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
        } else {
            std::fs::copy(&csv, out.join(csv.file_name().unwrap())).unwrap();
        }
    }
    let path = out.join("spec.toml");
    std::fs::write(&path, spec).unwrap();
    path
}

//! Writes a grid source of ROWS records both as a workbook (`grid.xlsx`, one sheet: ids as
//! numbers, times as date cells, roads and categories as text) and as its CSV export
//! (`grid.csv`), with the places and a spec for each, for `benches/sheet/run.sh` to read side
//! by side: the workbook is streamed, so reading it needs no more memory for more rows.
//!
//! ```sh
//! cargo run --release --all-features --example workbook -- 1000000 /tmp/sheet-1m
//! ```

#![allow(
    clippy::disallowed_types,
    reason = "a workbook holds its times as binary floats: this writes them"
)]

use std::fmt::Write as _;
use std::path::PathBuf;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const ROADS: usize = 50;
const CATEGORIES: [&str; 3] = ["市容环境", "街面秩序", "设施管理"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut arguments = std::env::args().skip(1);
    let rows: u32 = arguments
        .next()
        .ok_or("usage: workbook ROWS FOLDER")?
        .parse()?;
    let folder = PathBuf::from(arguments.next().ok_or("usage: workbook ROWS FOLDER")?);
    std::fs::create_dir_all(&folder)?;
    let mut places = String::from("id,kind,name,length_km\n");
    for road in 1..=ROADS {
        let _ = writeln!(places, "R{road:02},road,第{road}路,{}.5", road % 7 + 1);
    }
    std::fs::write(folder.join("places.csv"), places)?;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("案件")?;
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let header = ["案件编号", "上报时间", "道路", "大类", "结案时间"];
    let mut csv = String::with_capacity(rows as usize * 64);
    csv.push_str(&header.join(","));
    csv.push('\n');
    for (column, name) in header.iter().enumerate() {
        sheet.write_string(0, column as u16, *name)?;
    }
    // 2018-11-01 is serial 43405; a record every few minutes of the month.
    for row in 1..=rows {
        let index = u64::from(row);
        let id = 10_000_000 + index;
        let minutes = index * 37 % (30 * 24 * 60);
        let opened = 43405.0 + minutes as f64 / 1440.0;
        let closed = opened + (index % 72) as f64 / 24.0;
        let road = format!("第{}路", index as usize % ROADS + 1);
        let category = CATEGORIES[index as usize % CATEGORIES.len()];
        sheet.write_number(row, 0, id as f64)?;
        sheet.write_datetime_with_format(
            row,
            1,
            ExcelDateTime::from_serial_datetime(opened)?,
            &when,
        )?;
        sheet.write_string(row, 2, &road)?;
        sheet.write_string(row, 3, category)?;
        sheet.write_datetime_with_format(
            row,
            4,
            ExcelDateTime::from_serial_datetime(closed)?,
            &when,
        )?;
        let time = |serial: f64| {
            let seconds = (serial - 43405.0) * 86_400.0;
            let seconds = seconds.round() as i64;
            let day = 1 + seconds / 86_400;
            let rest = seconds % 86_400;
            format!(
                "2018-{:02}-{:02} {:02}:{:02}:{:02}",
                11 + (day - 1) / 30,
                (day - 1) % 30 + 1,
                rest / 3600,
                rest / 60 % 60,
                rest % 60
            )
        };
        let _ = writeln!(
            csv,
            "{id},{},{road},{category},{}",
            time(opened),
            time(closed)
        );
    }
    workbook.save(folder.join("grid.xlsx"))?;
    std::fs::write(folder.join("grid.csv"), csv)?;
    for file in ["grid.xlsx", "grid.csv"] {
        let spec = format!(
            r#"period = "2018-11"
places = "places.csv"

[sources.grid]
file = "{file}"

[[boards]]
id = "roads"
kind = "road"

[[boards.indicators]]
id = "cases_per_km"
source = "grid"
measure = "rate"
per = "length_km"
better = "lower"
weight = 60

[[boards.indicators]]
id = "hours_to_close"
source = "grid"
measure = "mean"
field = "hours_to_close"
better = "lower"
weight = 40
"#
        );
        let name = file.replace('.', "-");
        std::fs::write(folder.join(format!("spec-{name}.toml")), spec)?;
    }
    eprintln!("wrote {rows} records to {}", folder.display());
    Ok(())
}

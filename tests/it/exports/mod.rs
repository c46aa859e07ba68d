//! A folder of exports as a street office really has them, generated from a seed, with the
//! truth of every record: which place it happened at, which month, what it counts for.
//!
//! What the folder holds (the "Done when", item 2):
//! - `网格案件2024年4月.xlsx`, `网格案件2024年5月.xlsx`: the grid center's monthly workbooks, a
//!   summary sheet (汇总) first and the detail sheet (明细) second; above the header a merged
//!   title row and a 制表单位/导出日期 row; below the records a 合计 row and a 制表人/审核人
//!   footer; a few rows hidden by a filter; two time columns (上报时间, 立案时间) as date
//!   cells; a late April case exported again in May (one id, two copies alike).
//! - `12345工单.csv`: the hotline's GBK export, its 来电时间 written three ways
//!   (`2024-05-18 12:36:00`, `2024年5月18日 12:36`, `2024/5/18 12:36`); in the
//!   [`Variant::DamagedIds`] variant its ids have passed through Excel (`1.23452E+15`).
//! - `派出所警情.xlsx`: the police station's workbook, a title row, 接报时间 and 发案时间,
//!   addresses naming the subdistrict (`长宁区天山路街道遵义路88号`, `天山路街道辖区内`).
//! - `环境卫生检查.xlsx`: sanitation inspections, 小区名称 merged down over each place's
//!   inspections, 检查日期 as dates, a 平均 row below.
//! - `小区名录.xlsx` (编号, 类型, 名称, 别名 split by 、, 户数, 居委会 as text) and
//!   `道路一览.xlsx` (序号, 道路名称, 别名, 长度（米）): the office's two lists of places.
//!
//! Place columns and addresses spell numbered villages as citizens do: 天山3村, 天山三村,
//! 天山３村 (full-width), `天山三村（东块）`.

#![allow(dead_code, reason = "each test crate uses a part of the generator")]
#![allow(
    clippy::disallowed_types,
    reason = "a workbook holds its numbers as binary floats: the generator writes them"
)]

pub mod oracle;

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

/// Which kind of folder to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// Every export readable.
    Clean,
    /// The hotline CSV's ids turned into scientific notation by Excel.
    DamagedIds,
}

/// A road of the truth.
#[derive(Clone, Debug)]
pub struct Road {
    pub id: &'static str,
    pub name: &'static str,
    pub alias: &'static str,
    /// Its length in metres (长度（米）).
    pub metres: u32,
}

/// A neighborhood of the truth.
#[derive(Clone, Debug)]
pub struct Neighborhood {
    pub id: &'static str,
    pub name: &'static str,
    /// How citizens and clerks write it, the name first.
    pub spellings: &'static [&'static str],
    /// The aliases cell of the 名录, as clerks write it.
    pub aliases: &'static str,
    pub households: u32,
    pub committee: &'static str,
}

pub const ROADS: [Road; 5] = [
    Road {
        id: "R01",
        name: "天山路",
        alias: "",
        metres: 1800,
    },
    Road {
        id: "R02",
        name: "遵义路",
        alias: "",
        metres: 1200,
    },
    Road {
        id: "R03",
        name: "娄山关路",
        alias: "娄山关",
        metres: 1500,
    },
    Road {
        id: "R04",
        name: "仙霞路",
        alias: "",
        metres: 2000,
    },
    Road {
        id: "R05",
        name: "茅台路",
        alias: "",
        metres: 900,
    },
];

pub const NEIGHBORHOODS: [Neighborhood; 6] = [
    Neighborhood {
        id: "N01",
        name: "天山一村",
        spellings: &["天山一村", "天山1村", "天山１村"],
        aliases: "天山1村",
        households: 1200,
        committee: "天山一村居委会",
    },
    Neighborhood {
        id: "N02",
        name: "天山二村",
        spellings: &["天山二村", "天山2村"],
        aliases: "天山2村",
        households: 900,
        committee: "天山二村居委会",
    },
    Neighborhood {
        id: "N03",
        name: "天山三村",
        spellings: &["天山三村", "天山3村", "天山３村", "天山三村（东块）"],
        aliases: "天山3村、天山三村（东块）",
        households: 1500,
        committee: "天山三村居委会",
    },
    Neighborhood {
        id: "N04",
        name: "遵义小区",
        spellings: &["遵义小区"],
        aliases: "",
        households: 600,
        committee: "遵义居委会",
    },
    Neighborhood {
        id: "N05",
        name: "仙霞小区",
        spellings: &["仙霞小区", "仙霞新村"],
        aliases: "仙霞新村",
        households: 800,
        committee: "仙霞居委会",
    },
    Neighborhood {
        id: "N06",
        name: "茅台新苑",
        spellings: &["茅台新苑"],
        aliases: "",
        households: 400,
        committee: "茅台居委会",
    },
];

/// The month ranked and the one before it.
pub const MONTHS: [(i32, u8); 2] = [(2024, 4), (2024, 5)];

/// A moment, as the truth holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
}

/// What a record truly is.
#[derive(Clone, Debug)]
pub struct TrueRecord {
    pub id: String,
    pub at: Moment,
    pub category: &'static str,
    /// Hotline: 诉求类型.
    pub kind_of: &'static str,
    /// The road it happened on (an index into [`ROADS`]), if the record places one.
    pub road: Option<usize>,
    /// The neighborhood (an index into [`NEIGHBORHOODS`]), if any.
    pub neighborhood: Option<usize>,
    /// Sanitation: the score, in tenths (875 is 87.5).
    pub score_tenths: u32,
}

/// The truth of a generated folder.
#[derive(Clone, Debug, Default)]
pub struct Truth {
    pub grid: Vec<TrueRecord>,
    pub hotline: Vec<TrueRecord>,
    pub police: Vec<TrueRecord>,
    pub sanitation: Vec<TrueRecord>,
}

/// A small seeded generator (splitmix64): the same seed, the same folder on every machine.
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: u64) -> Seeded {
        Seeded(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn moment(&mut self, (year, month): (i32, u8)) -> Moment {
        Moment {
            year,
            month,
            day: 1 + self.below(28) as u8,
            hour: 7 + self.below(12) as u8,
            minute: self.below(60) as u8,
        }
    }
}

const GRID_CATEGORIES: [&str; 4] = ["市容环境", "街面秩序", "安全隐患", "设施管理"];
const HOTLINE_CATEGORIES: [&str; 3] = ["环境卫生", "噪声扰民", "物业管理"];
const HOTLINE_TYPES: [&str; 2] = ["投诉", "咨询"];
const POLICE_CATEGORIES: [&str; 3] = ["盗窃", "诈骗", "纠纷"];

/// Generates the folder `dir` from `seed`; returns the truth.
pub fn generate(dir: &Path, seed: u64, variant: Variant) -> Truth {
    std::fs::create_dir_all(dir).unwrap();
    let mut random = Seeded::new(seed);
    let mut truth = Truth::default();
    places(dir);
    // Grid cases: on a road (by its column or its address), some in a neighborhood.
    for (month_index, &month) in MONTHS.iter().enumerate() {
        for n in 0..40 {
            let road = random.below(ROADS.len());
            let neighborhood = (random.below(3) == 0).then(|| random.below(NEIGHBORHOODS.len()));
            truth.grid.push(TrueRecord {
                id: format!("WG{}{:02}{:04}", month.0, month.1, n + 1),
                at: random.moment(month),
                category: random.pick(&GRID_CATEGORIES),
                kind_of: "",
                road: Some(road),
                neighborhood,
                score_tenths: 0,
            });
        }
        let _ = month_index;
    }
    for &month in &MONTHS {
        for n in 0..60 {
            truth.hotline.push(TrueRecord {
                id: format!("12345-{}{:02}-{:06}", month.0 % 100, month.1, n + 1),
                at: random.moment(month),
                category: random.pick(&HOTLINE_CATEGORIES),
                kind_of: random.pick(&HOTLINE_TYPES),
                road: None,
                neighborhood: Some(random.below(NEIGHBORHOODS.len())),
                score_tenths: 0,
            });
        }
        for n in 0..30 {
            truth.police.push(TrueRecord {
                id: format!("JQ{}{:02}{:04}", month.0, month.1, n + 1),
                at: random.moment(month),
                category: random.pick(&POLICE_CATEGORIES),
                kind_of: "",
                road: None,
                neighborhood: Some(random.below(NEIGHBORHOODS.len())),
                score_tenths: 0,
            });
        }
        // Two inspections of each neighborhood a month, but one skipped in April.
        for (index, _) in NEIGHBORHOODS.iter().enumerate() {
            for visit in 0..2 {
                if month.1 == 4 && index == 5 && visit == 1 {
                    continue;
                }
                truth.sanitation.push(TrueRecord {
                    id: String::new(),
                    at: Moment {
                        day: 5 + 10 * visit as u8,
                        hour: 0,
                        minute: 0,
                        ..random.moment(month)
                    },
                    category: "",
                    kind_of: "",
                    road: None,
                    neighborhood: Some(index),
                    score_tenths: 700 + 5 * random.below(60) as u32,
                });
            }
        }
    }
    grid_workbooks(dir, &truth.grid, &mut random);
    hotline_csv(dir, &truth.hotline, &mut random, variant);
    police_workbook(dir, &truth.police, &mut random);
    sanitation_workbook(dir, &truth.sanitation);
    truth
}

/// A time as written in the truth's ISO form.
pub fn iso(at: Moment) -> String {
    format!(
        "{}-{:02}-{:02} {:02}:{:02}:00",
        at.year, at.month, at.day, at.hour, at.minute
    )
}

fn date_cell(at: Moment) -> ExcelDateTime {
    ExcelDateTime::from_ymd(at.year as u16, at.month, at.day)
        .unwrap()
        .and_hms(at.hour as u16, at.minute, 0)
        .unwrap()
}

/// A title row merged over `columns` cells, and a metadata row, as offices export.
fn title_rows(sheet: &mut Worksheet, title: &str, unit: &str, columns: u16) {
    let centered = Format::new().set_align(FormatAlign::Center).set_bold();
    sheet
        .merge_range(0, 0, 0, columns - 1, title, &centered)
        .unwrap();
    sheet
        .write_string(1, 0, format!("制表单位：{unit}"))
        .unwrap();
    sheet
        .write_string(1, columns - 2, "导出日期：2024-06-03")
        .unwrap();
}

fn header(sheet: &mut Worksheet, row: u32, cells: &[&str]) {
    for (column, cell) in cells.iter().enumerate() {
        sheet.write_string(row, column as u16, *cell).unwrap();
    }
}

/// The two lists of places.
fn places(dir: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("小区名录").unwrap();
    title_rows(sheet, "天山路街道小区名录", "天山路街道办事处", 6);
    header(
        sheet,
        2,
        &["编号", "类型", "名称", "别名", "户数", "居委会"],
    );
    for (index, place) in NEIGHBORHOODS.iter().enumerate() {
        let row = 3 + index as u32;
        sheet.write_string(row, 0, place.id).unwrap();
        sheet.write_string(row, 1, "小区").unwrap();
        sheet.write_string(row, 2, place.name).unwrap();
        sheet.write_string(row, 3, place.aliases).unwrap();
        sheet
            .write_number(row, 4, f64::from(place.households))
            .unwrap();
        sheet.write_string(row, 5, place.committee).unwrap();
    }
    book.save(dir.join("小区名录.xlsx")).unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("道路一览").unwrap();
    sheet
        .merge_range(0, 0, 0, 3, "天山路街道道路一览表", &Format::new())
        .unwrap();
    header(sheet, 1, &["序号", "道路名称", "别名", "长度（米）"]);
    for (index, road) in ROADS.iter().enumerate() {
        let row = 2 + index as u32;
        sheet.write_number(row, 0, (index + 1) as f64).unwrap();
        sheet.write_string(row, 1, road.name).unwrap();
        sheet.write_string(row, 2, road.alias).unwrap();
        sheet.write_number(row, 3, f64::from(road.metres)).unwrap();
    }
    book.save(dir.join("道路一览.xlsx")).unwrap();
}

/// How a record names its neighborhood in a place column: any of its spellings.
fn spelled(random: &mut Seeded, index: usize) -> &'static str {
    let spellings = NEIGHBORHOODS[index].spellings;
    spellings[random.below(spellings.len())]
}

/// The grid's monthly workbooks.
fn grid_workbooks(dir: &Path, records: &[TrueRecord], random: &mut Seeded) {
    for &(year, month) in &MONTHS {
        let mut of_month: Vec<&TrueRecord> = records
            .iter()
            .filter(|record| (record.at.year, record.at.month) == (year, month))
            .collect();
        // May's export repeats April's last case, unchanged (one id, two copies alike).
        if month == 5
            && let Some(late) = records.iter().rfind(|record| record.at.month == 4)
        {
            of_month.insert(3, late);
        }
        let mut book = Workbook::new();
        let summary = book.add_worksheet().set_name("汇总").unwrap();
        summary.write_string(0, 0, "大类").unwrap();
        summary.write_string(0, 1, "件数").unwrap();
        for (row, category) in GRID_CATEGORIES.iter().enumerate() {
            let count = of_month.iter().filter(|r| r.category == *category).count();
            summary.write_string(1 + row as u32, 0, *category).unwrap();
            summary
                .write_number(1 + row as u32, 1, count as f64)
                .unwrap();
        }
        let sheet = book.add_worksheet().set_name("明细").unwrap();
        let columns = [
            "序号",
            "案件号",
            "上报时间",
            "立案时间",
            "大类",
            "小类",
            "道路名称",
            "小区名称",
            "事发地点",
            "状态",
            "结案时间",
        ];
        title_rows(
            sheet,
            &format!("{year}年{month}月网格化管理案件明细"),
            "天山路街道网格化管理中心",
            columns.len() as u16,
        );
        header(sheet, 2, &columns);
        let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
        for (index, record) in of_month.iter().enumerate() {
            let row = 3 + index as u32;
            sheet.write_number(row, 0, (index + 1) as f64).unwrap();
            sheet.write_string(row, 1, &record.id).unwrap();
            sheet
                .write_datetime_with_format(row, 2, date_cell(record.at), &stamp)
                .unwrap();
            let filed = Moment {
                minute: (record.at.minute + 7) % 60,
                ..record.at
            };
            sheet
                .write_datetime_with_format(row, 3, date_cell(filed), &stamp)
                .unwrap();
            sheet.write_string(row, 4, record.category).unwrap();
            sheet.write_string(row, 5, "其他").unwrap();
            let road = &ROADS[record.road.unwrap()];
            // A third of the cases name their road in the address only, behind the
            // subdistrict's name (天山路街道), which is no road.
            let number = 1 + random.below(400);
            if index % 3 == 0 {
                sheet
                    .write_string(row, 8, format!("长宁区天山路街道{}{number}号", road.name))
                    .unwrap();
            } else {
                sheet.write_string(row, 6, road.name).unwrap();
                sheet
                    .write_string(row, 8, format!("{}{number}号附近", road.name))
                    .unwrap();
            }
            if let Some(neighborhood) = record.neighborhood {
                let spelling = spelled(random, neighborhood);
                sheet.write_string(row, 7, spelling).unwrap();
            }
            sheet.write_string(row, 9, "已结案").unwrap();
            // A filter hid some rows when the export was saved: they are records all the same.
            if index % 11 == 5 {
                sheet.set_row_hidden(row).unwrap();
            }
        }
        let below = 3 + of_month.len() as u32;
        sheet.write_string(below, 0, "合计").unwrap();
        sheet
            .write_string(below, 1, format!("{}件", of_month.len()))
            .unwrap();
        sheet.write_string(below + 2, 0, "制表人：王芳").unwrap();
        sheet.write_string(below + 2, 4, "审核人：陈明").unwrap();
        book.save(dir.join(format!("网格案件{year}年{month}月.xlsx")))
            .unwrap();
    }
}

/// The hotline's GBK CSV.
fn hotline_csv(dir: &Path, records: &[TrueRecord], random: &mut Seeded, variant: Variant) {
    let mut text =
        String::from("工单号,来电时间,派单时间,诉求类型,诉求分类,所属小区,详细地址,办结时间\r\n");
    for (index, record) in records.iter().enumerate() {
        let at = record.at;
        let called = match index % 3 {
            0 => iso(at),
            1 => format!(
                "{}年{}月{}日 {:02}:{:02}",
                at.year, at.month, at.day, at.hour, at.minute
            ),
            _ => format!(
                "{}/{}/{} {}:{:02}",
                at.year, at.month, at.day, at.hour, at.minute
            ),
        };
        let id = match variant {
            Variant::Clean => record.id.clone(),
            // What Excel shows of a 16-digit number, saved back as CSV.
            Variant::DamagedIds => "1.23452E+15".to_owned(),
        };
        let neighborhood = record.neighborhood.unwrap();
        let (column, address) = if index % 4 == 0 {
            // The place in the address only: 遵义路397弄天山1村66号.
            (
                String::new(),
                format!("遵义路397弄{}66号", spelled(random, neighborhood)),
            )
        } else {
            (
                spelled(random, neighborhood).to_owned(),
                "长宁区天山路街道辖区内".to_owned(),
            )
        };
        text.push_str(&format!(
            "{id},{called},{},{},{},{column},{address},\r\n",
            iso(at),
            record.kind_of,
            record.category
        ));
    }
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(dir.join("12345工单.csv"), bytes).unwrap();
}

/// The police station's workbook.
fn police_workbook(dir: &Path, records: &[TrueRecord], random: &mut Seeded) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("警情").unwrap();
    let columns = [
        "警情号",
        "接报时间",
        "发案时间",
        "警情类别",
        "事发地点",
        "所属小区",
    ];
    title_rows(
        sheet,
        "天山路派出所警情登记表",
        "天山路派出所",
        columns.len() as u16,
    );
    header(sheet, 2, &columns);
    let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (index, record) in records.iter().enumerate() {
        let row = 3 + index as u32;
        sheet.write_string(row, 0, &record.id).unwrap();
        sheet
            .write_datetime_with_format(row, 1, date_cell(record.at), &stamp)
            .unwrap();
        let happened = Moment {
            hour: record.at.hour.saturating_sub(1),
            ..record.at
        };
        sheet
            .write_datetime_with_format(row, 2, date_cell(happened), &stamp)
            .unwrap();
        sheet.write_string(row, 3, record.category).unwrap();
        let neighborhood = record.neighborhood.unwrap();
        if index % 3 == 0 {
            sheet
                .write_string(
                    row,
                    4,
                    format!(
                        "长宁区天山路街道{}{}号",
                        spelled(random, neighborhood),
                        1 + index
                    ),
                )
                .unwrap();
        } else {
            sheet.write_string(row, 4, "天山路街道辖区内").unwrap();
            sheet
                .write_string(row, 5, spelled(random, neighborhood))
                .unwrap();
        }
        if index % 13 == 7 {
            sheet.set_row_hidden(row).unwrap();
        }
    }
    let below = 3 + records.len() as u32;
    sheet.write_string(below, 0, "合计").unwrap();
    sheet
        .write_string(below + 1, 0, "备注：本表数据截至导出日期")
        .unwrap();
    book.save(dir.join("派出所警情.xlsx")).unwrap();
}

/// Sanitation inspections, 小区名称 merged down over each place's inspections.
fn sanitation_workbook(dir: &Path, records: &[TrueRecord]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("检查记录").unwrap();
    let columns = ["序号", "检查日期", "小区名称", "检查项目", "检查得分"];
    title_rows(
        sheet,
        "环境卫生检查记录",
        "天山路街道城建中心",
        columns.len() as u16,
    );
    header(sheet, 2, &columns);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    // Sorted by neighborhood, then date: each place's inspections in a run.
    let mut sorted: Vec<&TrueRecord> = records.iter().collect();
    sorted.sort_by_key(|record| (record.neighborhood, record.at));
    let mut row = 3u32;
    let mut index = 0;
    while index < sorted.len() {
        let place = sorted[index].neighborhood;
        let run = sorted[index..]
            .iter()
            .take_while(|record| record.neighborhood == place)
            .count();
        let name = NEIGHBORHOODS[place.unwrap()].name;
        if run > 1 {
            sheet
                .merge_range(row, 2, row + run as u32 - 1, 2, name, &Format::new())
                .unwrap();
        } else {
            sheet.write_string(row, 2, name).unwrap();
        }
        for record in &sorted[index..index + run] {
            sheet.write_number(row, 0, f64::from(row - 2)).unwrap();
            let day =
                ExcelDateTime::from_ymd(record.at.year as u16, record.at.month, record.at.day)
                    .unwrap();
            sheet
                .write_datetime_with_format(row, 1, &day, &date)
                .unwrap();
            sheet.write_string(row, 3, "环境卫生").unwrap();
            sheet
                .write_number(row, 4, f64::from(record.score_tenths) / 10.0)
                .unwrap();
            row += 1;
        }
        index += run;
    }
    sheet.write_string(row, 0, "平均").unwrap();
    book.save(dir.join("环境卫生检查.xlsx")).unwrap();
}

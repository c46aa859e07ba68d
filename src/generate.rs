//! A synthetic city: places, a month of the four raw sources and a spec, deterministic from a
//! seed, for trying `livability` at scale and for benchmarks.
//!
//! The city's records split as a city's do: about 60% hotline tickets, 30% grid cases, 9%
//! police incidents and 1.5% sanitation inspections. Most name their place in its own column;
//! some only in an address, some name a place outside the city, some fall in the previous month
//! (for rank changes) and some repeat an id (an overlapping export). All files are UTF-8, so
//! that other tools (a polars script, say) can read the same files.
//!
//! The shape of the exports can be chosen, so that benchmarks cover what real case systems
//! write: the form of the ids ([`IdForm`]), the share of records placed only by an address,
//! the share of repeated rows.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Location, Result};
use crate::period::Period;

/// What to generate.
///
/// ```
/// use livability::generate::CityOptions;
///
/// let options = CityOptions::new(60, 30, 2_000).seed(7);
/// let folder = std::env::temp_dir().join("livability-generate-doctest");
/// let city = livability::generate::generate_city(&options, &folder)?;
/// assert_eq!(city.records, 2_000);
/// let spec = livability::Spec::from_path(folder.join("spec.toml"))?;
/// let rankings = livability::rank(&spec, &livability::Options::new())?;
/// assert_eq!(rankings.boards.len(), 3);
/// # std::fs::remove_dir_all(folder).ok();
/// # Ok::<(), livability::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct CityOptions {
    /// How many neighborhoods.
    pub neighborhoods: usize,
    /// How many roads.
    pub roads: usize,
    /// How many records, over the four sources.
    pub records: usize,
    /// The seed: the same seed and sizes give the same files.
    pub seed: u64,
    /// The month ranked; records fall in it and in the month before.
    pub period: Period,
    /// How the records' ids are written.
    pub ids: IdForm,
    /// Per mille of the hotline tickets, police incidents and grid cases that name their
    /// place only in an address (their place columns empty): 100 by default.
    pub address_per_mille: u16,
    /// Per mille of the rows that repeat a recent row, as overlapping exports do: 5 by
    /// default.
    pub repeat_per_mille: u16,
    /// How many months the records span, ending with the period: 1 by default (the period,
    /// with 5% of the records in the month before, for rank changes); 12 gives a year of
    /// records, spread evenly over its months, for a history.
    pub months: u8,
}

/// How a generated city writes its records' ids: the forms case systems use.
///
/// ```
/// use livability::generate::IdForm;
///
/// assert_eq!("padded".parse::<IdForm>(), Ok(IdForm::Padded));
/// assert_eq!(IdForm::Padded.to_string(), "padded");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdForm {
    /// A letter and a number, as it comes: `H1`, `H2`, … `H1980000`. This is the default.
    #[default]
    Plain,
    /// A letter and a zero-padded number of fixed width: `H000000001`.
    Padded,
    /// Numbers with separators, the year and the month in them: `12345-2018-0000001` (hotline),
    /// `WG-201811-000001` (grid), `JD/2018/11/000001` (police), `WS-2018-11-0001` (sanitation).
    Dashed,
    /// Random (version 4) UUIDs, from the seed: `0f8fad5b-d9cb-469f-a165-70867728950e`.
    Uuid,
    /// The four forms above in turn, record by record.
    Mixed,
}

impl IdForm {
    /// The forms' names, as [`FromStr`](std::str::FromStr) reads them.
    pub const NAMES: [&'static str; 5] = ["plain", "padded", "dashed", "uuid", "mixed"];
    const ALL: [IdForm; 5] = [
        IdForm::Plain,
        IdForm::Padded,
        IdForm::Dashed,
        IdForm::Uuid,
        IdForm::Mixed,
    ];
}

impl std::fmt::Display for IdForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let index = IdForm::ALL
            .iter()
            .position(|form| form == self)
            .unwrap_or(0);
        f.write_str(IdForm::NAMES[index])
    }
}

impl std::str::FromStr for IdForm {
    type Err = String;

    fn from_str(name: &str) -> std::result::Result<IdForm, String> {
        IdForm::NAMES
            .iter()
            .position(|known| *known == name)
            .map(|index| IdForm::ALL[index])
            .ok_or_else(|| format!("no id form '{name}' (one of: {})", IdForm::NAMES.join(", ")))
    }
}

impl CityOptions {
    /// A city of this size, seed 1, ranking November 2018.
    pub fn new(neighborhoods: usize, roads: usize, records: usize) -> CityOptions {
        CityOptions {
            neighborhoods,
            roads,
            records,
            seed: 1,
            period: Period::NOVEMBER_2018,
            ids: IdForm::Plain,
            address_per_mille: 100,
            repeat_per_mille: 5,
            months: 1,
        }
    }

    /// The same city with its records spread over the `months` months (1 to 120) that end
    /// with its period, as a year of exports for a history (`--months 12`).
    pub fn months(mut self, months: u8) -> CityOptions {
        self.months = months.clamp(1, 120);
        self
    }

    /// The same city with its ids written in `form`.
    pub fn ids(mut self, form: IdForm) -> CityOptions {
        self.ids = form;
        self
    }

    /// The same city with `per_mille` of its hotline, police and grid records placed only by
    /// an address (at most 1000).
    pub fn address_per_mille(mut self, per_mille: u16) -> CityOptions {
        self.address_per_mille = per_mille.min(1000);
        self
    }

    /// The same city with `per_mille` of its rows repeating a recent row (at most 1000).
    pub fn repeat_per_mille(mut self, per_mille: u16) -> CityOptions {
        self.repeat_per_mille = per_mille.min(1000);
        self
    }

    /// The same city with another seed.
    pub fn seed(mut self, seed: u64) -> CityOptions {
        self.seed = seed;
        self
    }
}

/// What was written.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct City {
    /// The spec, ready for `livability rank`.
    pub spec: PathBuf,
    /// Records written, over the four sources (repeats included).
    pub records: usize,
    /// Bytes written, over the four sources.
    pub bytes: u64,
}

/// Writes a synthetic city into `folder` (created if needed): `places.csv`, `grid.csv`,
/// `hotline.csv`, `police.csv`, `sanitation.csv` and `spec.toml`.
pub fn generate_city(options: &CityOptions, folder: &Path) -> Result<City> {
    std::fs::create_dir_all(folder).map_err(io_error(folder))?;
    let city = Names::new(options);
    let mut random = Random::new(options.seed);
    // Writes one file; the bytes written.
    let mut write = |name: &str,
                     body: &mut dyn FnMut(&mut dyn Write, &mut Random) -> io::Result<()>|
     -> Result<u64> {
        let path = folder.join(name);
        let file = File::create(&path).map_err(io_error(&path))?;
        let mut out = Counting {
            inner: BufWriter::with_capacity(1 << 16, file),
            written: 0,
        };
        body(&mut out, &mut random)
            .and_then(|()| out.flush())
            .map_err(io_error(&path))?;
        Ok(out.written)
    };
    write("places.csv", &mut |out, random| city.places(out, random))?;
    let mut bytes = 0;
    let shares = [
        ("hotline", 600),
        ("grid", 300),
        ("police", 85),
        ("sanitation", 15),
    ];
    let mut records = 0;
    for (index, (source, per_mille)) in shares.iter().enumerate() {
        let count = if index + 1 == shares.len() {
            options.records - records
        } else {
            options.records * per_mille / 1000
        };
        records += count;
        let name = format!("{source}.csv");
        bytes += write(&name, &mut |out, random| {
            city.records(source, count, options, out, random)
        })?;
    }
    let spec = folder.join("spec.toml");
    std::fs::write(&spec, SPEC.replace("PERIOD", &options.period.to_string()))
        .map_err(io_error(&spec))?;
    Ok(City {
        spec,
        records,
        bytes,
    })
}

/// An I/O error on the file at `path`, for `map_err`.
fn io_error(path: &Path) -> impl Fn(io::Error) -> Error + '_ {
    move |error| Error::new(ErrorKind::io(&error), Location::at_file(path))
}

/// The spec of a generated city: the three boards of the Tianshan fixture.
const SPEC: &str = r#"# A synthetic city written by `livability generate`.
title = "宜居指数排行榜"
period = "PERIOD"
places = "places.csv"

[sources.grid]
file = "grid.csv"
[sources.hotline]
file = "hotline.csv"
[sources.police]
file = "police.csv"
[sources.sanitation]
file = "sanitation.csv"

[[boards]]
id = "beautiful-roads"
title = "靓丽道路排行榜"
basis = "根据网格中心数据汇总分析"
kind = "road"
top = 10
decimals = 1
tie_order = "pinyin"

[[boards.indicators]]
id = "cases_per_km"
source = "grid"
measure = "rate"
per = "length_km"
where = { category = ["市容环境", "街面秩序"] }
better = "lower"
weight = 60

[[boards.indicators]]
id = "hours_to_close"
source = "grid"
measure = "mean"
field = "hours_to_close"
where = { category = ["市容环境", "街面秩序"] }
better = "lower"
weight = 40

[[boards]]
id = "beautiful-neighborhoods"
title = "美丽小区排行榜"
basis = "根据环境卫生、12345市民热线数据综合评定"
kind = "neighborhood"
top = 10
decimals = 1
tie_order = "pinyin"

[[boards.indicators]]
id = "sanitation_score"
source = "sanitation"
measure = "mean"
field = "score"
better = "higher"
normalize = "none"
weight = 50

[[boards.indicators]]
id = "complaints_per_1000"
source = "hotline"
measure = "rate"
per = "households"
scale = 1000
where = { type = "投诉", category = ["环境卫生", "噪声扰民", "绿化市容"] }
better = "lower"
weight = 50

[[boards]]
id = "safe-neighborhoods"
title = "安全小区排行榜"
basis = "根据派出所、网格中心数据综合评定"
kind = "neighborhood"
top = 10
decimals = 1
tie_order = "pinyin"

[[boards.indicators]]
id = "crimes_per_1000"
source = "police"
measure = "rate"
per = "households"
scale = 1000
where = { category = ["盗窃", "诈骗", "打架斗殴"] }
better = "lower"
weight = 70

[[boards.indicators]]
id = "hazards_per_1000"
source = "grid"
measure = "rate"
per = "households"
scale = 1000
where = { category = "安全隐患" }
better = "lower"
weight = 30
"#;

/// How many recent rows an overlapping export may repeat.
const RECENT: usize = 1024;

/// Syllables of generated names: 40² pairs, times the suffixes, name enough places for a
/// large city (16,000 neighborhoods and 6,400 roads) without repeating a name.
const SYLLABLES: [char; 40] = [
    '天', '山', '新', '华', '光', '明', '和', '平', '安', '宁', '康', '乐', '长', '春', '东', '西',
    '南', '北', '中', '兴', '福', '寿', '金', '玉', '青', '松', '江', '海', '云', '雾', '芙', '蓉',
    '遵', '义', '娄', '关', '仙', '霞', '茅', '台',
];
const NEIGHBORHOOD_SUFFIXES: [&str; 10] = [
    "小区", "新村", "花园", "公寓", "家园", "苑", "里", "坊", "村", "庭",
];
const ROAD_SUFFIXES: [&str; 4] = ["路", "街", "大道", "支路"];

/// The city's place names.
struct Names {
    roads: Vec<String>,
    neighborhoods: Vec<String>,
}

impl Names {
    fn new(options: &CityOptions) -> Names {
        let name = |index: usize, suffixes: &[&str]| {
            let pairs = SYLLABLES.len() * SYLLABLES.len();
            let pair = index % pairs;
            let mut name = String::new();
            name.push(SYLLABLES[pair / SYLLABLES.len()]);
            name.push(SYLLABLES[pair % SYLLABLES.len()]);
            name.push_str(suffixes[(index / pairs) % suffixes.len()]);
            // Beyond the pairs and suffixes, a number keeps names apart.
            let round = index / (pairs * suffixes.len());
            if round > 0 {
                name.push_str(&round.to_string());
            }
            name
        };
        Names {
            roads: (0..options.roads)
                .map(|i| name(i, &ROAD_SUFFIXES))
                .collect(),
            neighborhoods: (0..options.neighborhoods)
                .map(|i| name(i, &NEIGHBORHOOD_SUFFIXES))
                .collect(),
        }
    }

    fn places(&self, out: &mut dyn Write, random: &mut Random) -> io::Result<()> {
        writeln!(out, "id,kind,name,aliases,households,length_km")?;
        for (index, road) in self.roads.iter().enumerate() {
            let length = random.between(30, 500);
            writeln!(
                out,
                "R{index},road,{road},,,{}.{:02}",
                length / 100,
                length % 100
            )?;
        }
        for (index, neighborhood) in self.neighborhoods.iter().enumerate() {
            writeln!(
                out,
                "N{index},neighborhood,{neighborhood},,{},",
                random.between(300, 3000)
            )?;
        }
        Ok(())
    }

    /// `count` records of `source`: 95% in the period, 5% in the month before (or spread over
    /// `options.months` months); some repeat an
    /// earlier row, some name their place only in an address, as `options` says.
    fn records(
        &self,
        source: &str,
        count: usize,
        options: &CityOptions,
        out: &mut dyn Write,
        random: &mut Random,
    ) -> io::Result<()> {
        let period = options.period;
        let by_address =
            |random: &mut Random| random.chance(options.address_per_mille.into(), 1000);
        let previous = period.previous().unwrap_or(period);
        let (year, month) = month_of(period);
        let (previous_year, previous_month) = month_of(previous);
        match source {
            "hotline" => writeln!(
                out,
                "工单编号,受理时间,诉求类型,诉求分类,事发地址,小区,办结时间"
            )?,
            "grid" => writeln!(out, "案件编号,上报时间,大类,道路,小区,地址,状态,结案时间")?,
            "police" => writeln!(out, "警情编号,发生时间,警情类别,事发地址,居民区")?,
            _ => writeln!(out, "检查编号,检查时间,小区,得分")?,
        }
        let letter = source[..1].to_ascii_uppercase();
        // Recent rows, some written again as an overlapping export does.
        let mut recent: std::collections::VecDeque<Vec<u8>> =
            std::collections::VecDeque::with_capacity(RECENT);
        let mut id = 0u64;
        for _ in 0..count {
            if !recent.is_empty() && random.chance(options.repeat_per_mille.into(), 1000) {
                let copy = &recent[random.below(recent.len() as u64) as usize];
                out.write_all(copy)?;
                continue;
            }
            id += 1;
            let mut line = Vec::with_capacity(128);
            let out_line: &mut dyn Write = &mut line;
            let (year, month) = if options.months > 1 {
                // A year (or more) of records: any of its months alike.
                let back = random.below(u64::from(options.months));
                let month_number = i64::from(year) * 12 + i64::from(month) - 1 - back as i64;
                (
                    i16::try_from(month_number.div_euclid(12)).unwrap_or(year),
                    (month_number.rem_euclid(12) + 1) as u8,
                )
            } else if random.chance(5, 100) {
                (previous_year, previous_month)
            } else {
                (year, month)
            };
            let day = 1 + random.below(28);
            let (hour, minute, second) =
                (random.between(7, 22), random.below(60), random.below(60));
            let time = format!("{year}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}");
            let id = record_id(
                options.ids,
                source,
                &letter,
                id,
                (year, month),
                options.seed,
            );
            let neighborhood = self.pick(&self.neighborhoods, random);
            let road = self.pick(&self.roads, random);
            match source {
                "hotline" => {
                    let kind = random.pick(&["投诉", "投诉", "咨询", "求助", "建议"]);
                    let category = random.pick(&[
                        "环境卫生",
                        "噪声扰民",
                        "绿化市容",
                        "物业管理",
                        "交通出行",
                        "供水供电",
                    ]);
                    let closed = closing(year, month, day, hour, random);
                    // Some tickets name their neighborhood only in the address.
                    if by_address(random) {
                        let number = random.between(1, 999);
                        writeln!(
                            out_line,
                            "{id},{time},{kind},{category},{road}{number}号{neighborhood},,{closed}"
                        )?;
                    } else {
                        writeln!(
                            out_line,
                            "{id},{time},{kind},{category},,{neighborhood},{closed}"
                        )?;
                    }
                }
                "grid" => {
                    let category =
                        random.pick(&["市容环境", "街面秩序", "设施管理", "安全隐患", "宣传广告"]);
                    let (road_column, neighborhood_column) = if category == "安全隐患" {
                        ("", neighborhood)
                    } else {
                        (road, "")
                    };
                    let closed = random.chance(9, 10);
                    let (status, closed_time) = if closed {
                        ("已结案", closing(year, month, day, hour, random))
                    } else {
                        ("处置中", String::new())
                    };
                    if by_address(random) {
                        // The case's place only in its address: the road and a house number,
                        // the neighborhood too for a hazard.
                        let number = random.between(1, 999);
                        writeln!(
                            out_line,
                            "{id},{time},{category},,,{road}{number}号{neighborhood_column},{status},{closed_time}"
                        )?;
                    } else {
                        writeln!(
                            out_line,
                            "{id},{time},{category},{road_column},{neighborhood_column},,{status},{closed_time}"
                        )?;
                    }
                }
                "police" => {
                    let category =
                        random.pick(&["盗窃", "诈骗", "打架斗殴", "求助", "交通事故", "纠纷调解"]);
                    if by_address(random) {
                        let number = random.between(1, 999);
                        writeln!(
                            out_line,
                            "{id},{time},{category},{road}{number}号{neighborhood},"
                        )?;
                    } else {
                        writeln!(out_line, "{id},{time},{category},,{neighborhood}")?;
                    }
                }
                _ => {
                    let score = random.between(600, 1000);
                    writeln!(
                        out_line,
                        "{id},{year}-{month:02}-{day:02},{neighborhood},{}.{}",
                        score / 10,
                        score % 10
                    )?;
                }
            }
            out.write_all(&line)?;
            if recent.len() == RECENT {
                recent.pop_front();
            }
            recent.push_back(line);
        }
        Ok(())
    }

    /// A place's name, or now and then one outside the city.
    fn pick<'a>(&'a self, names: &'a [String], random: &mut Random) -> &'a str {
        if names.is_empty() || random.chance(1, 200) {
            "城外某处"
        } else {
            &names[random.below(names.len() as u64) as usize]
        }
    }
}

/// The id of the `number`th record of `source`, written in `form`; `month` is the record's.
fn record_id(
    form: IdForm,
    source: &str,
    letter: &str,
    number: u64,
    (year, month): (i16, u8),
    seed: u64,
) -> String {
    let form = match form {
        IdForm::Mixed => IdForm::ALL[(number % 4) as usize],
        form => form,
    };
    match form {
        IdForm::Plain | IdForm::Mixed => format!("{letter}{number}"),
        IdForm::Padded => format!("{letter}{number:09}"),
        IdForm::Dashed => match source {
            "hotline" => format!("12345-{year}-{number:07}"),
            "grid" => format!("WG-{year}{month:02}-{number:06}"),
            "police" => format!("JD/{year}/{month:02}/{number:06}"),
            _ => format!("WS-{year}-{month:02}-{number:04}"),
        },
        IdForm::Uuid => {
            // From the seed, the source and the number, so that a repeated row repeats it.
            let mut random =
                Random::new(seed ^ number.wrapping_mul(0x9E37_79B9) ^ source.len() as u64);
            let (high, low) = (random.next(), random.next());
            let high = (high & !0xF000) | 0x4000;
            let low = (low & !(0xC << 60)) | (0x8 << 60);
            format!(
                "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
                high >> 32,
                (high >> 16) & 0xFFFF,
                high & 0xFFFF,
                low >> 48,
                low & 0xFFFF_FFFF_FFFF
            )
        }
    }
}

/// A closing time 1 to 96 hours after the hour `hour` of day `day` of the month (on the
/// minute, so never before a report time within that hour's next 60 minutes).
fn closing(year: i16, month: u8, day: u64, hour: u64, random: &mut Random) -> String {
    let hours = random.between(1, 96);
    let minute = random.below(60);
    let closed =
        jiff::civil::DateTime::new(year, month as i8, day as i8, hour as i8, minute as i8, 0, 0)
            .and_then(|start| start.checked_add(jiff::Span::new().hours(hours as i64)));
    match closed {
        Ok(closed) => closed.strftime("%Y-%m-%d %H:%M").to_string(),
        // Out of the calendar's range: the case is left open.
        Err(_) => String::new(),
    }
}

fn month_of(period: Period) -> (i16, u8) {
    let text = period.to_string();
    let year = text
        .get(..4)
        .and_then(|year| year.parse().ok())
        .unwrap_or(2018);
    let month = text
        .get(5..7)
        .and_then(|month| month.parse().ok())
        .unwrap_or(11);
    (year, month)
}

/// SplitMix64: small, fast, the same numbers on every machine.
struct Random(u64);

impl Random {
    fn new(seed: u64) -> Random {
        Random(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in 0..n (0 when n is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// A number in low..=high.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    /// True `n` times in `of`.
    fn chance(&mut self, n: u64, of: u64) -> bool {
        self.below(of) < n
    }

    fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
        choices[self.below(choices.len() as u64) as usize]
    }
}

/// Counts the bytes written through it.
struct Counting<W: Write> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buffer: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buffer)?;
        self.written += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

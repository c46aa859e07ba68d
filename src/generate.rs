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
    /// How many streets (街道): 0 by default, a city without a hierarchy (its files as they
    /// were before there were streets). With streets, every road and neighborhood names its
    /// parent, the records name places at several levels, and the spec ranks the streets.
    pub streets: usize,
    /// How many communities (社区) each street has, when there are streets: 2 by default.
    /// The neighborhoods are shared out among them in order.
    pub communities_per_street: usize,
    /// How many grid cells (网格) each community has, when there are streets: 1 by default.
    pub grids_per_community: usize,
    /// How many units handle the hotline's tickets (承办单位), in three systems (市政, 城管,
    /// 物业) in turn: 0 by default. With handling units every ticket names one, and the spec
    /// ranks them inside their systems. In a city with streets or units, every ticket says
    /// whether it was resolved and whether the caller was satisfied.
    pub handlers: usize,
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
            streets: 0,
            communities_per_street: 2,
            grids_per_community: 1,
            handlers: 0,
        }
    }

    /// The same city as a district of `streets` streets, each of `communities_per_street`
    /// communities (at least 1): the roads shared out among the streets, the neighborhoods
    /// among the communities.
    pub fn streets(mut self, streets: usize, communities_per_street: usize) -> CityOptions {
        self.streets = streets;
        self.communities_per_street = communities_per_street.max(1);
        self
    }

    /// The same city with `grids` grid cells in each community (when it has streets).
    pub fn grids_per_community(mut self, grids: usize) -> CityOptions {
        self.grids_per_community = grids;
        self
    }

    /// The same city with `handlers` units handling its hotline's tickets.
    pub fn handlers(mut self, handlers: usize) -> CityOptions {
        self.handlers = handlers;
        self
    }

    /// Whether the city is written with a hierarchy (parents, places at several levels,
    /// handling units) rather than in the flat form of a city without one.
    fn hierarchical(&self) -> bool {
        self.streets > 0 || self.handlers > 0
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
///
/// ```
/// use livability::generate::CityOptions;
///
/// // A district: three streets of two communities, twelve neighborhoods, six roads and six
/// // handling units.
/// let options = CityOptions::new(12, 6, 1_200).streets(3, 2).handlers(6).seed(7);
/// let folder = std::env::temp_dir().join("livability-generate-district-doctest");
/// livability::generate::generate_city(&options, &folder)?;
/// let spec = livability::Spec::from_path(folder.join("spec.toml"))?;
/// let rankings = livability::rank(&spec, &livability::Options::new())?;
/// let streets = rankings.boards.iter().find(|board| board.id == "streets").unwrap();
/// assert_eq!(streets.entries.len(), 3);
/// # std::fs::remove_dir_all(folder).ok();
/// # Ok::<(), livability::Error>(())
/// ```
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
    let mut text = SPEC.replace("PERIOD", &options.period.to_string());
    if options.streets > 0 {
        text.push_str(STREET_BOARDS);
        if options.grids_per_community > 0 {
            text.push_str(GRID_BOARD);
        }
    }
    if options.handlers > 0 {
        text.push_str(HANDLER_BOARD);
    }
    std::fs::write(&spec, text).map_err(io_error(&spec))?;
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

/// The boards of a city with streets: its neighborhoods ranked inside their streets (Yulin's
/// way: each street's red and black lists, and the district's), and the streets themselves,
/// counting the tickets of their communities and neighborhoods and those naming the street
/// alone (Wuhan's way, a level up).
const STREET_BOARDS: &str = r#"
[[boards]]
id = "neighborhoods-by-street"
title = "小区投诉排行榜"
kind = "neighborhood"
group_by = "street"
top = 2
bottom = 1
overall_top = 3
overall_bottom = 3
decimals = 1
# A ticket naming a community and no neighborhood counts for the community and the street,
# never for a neighborhood: a quarter of the tickets, uncounted here on purpose.
min_coverage = 65

[[boards.indicators]]
id = "complaints_per_1000"
source = "hotline"
measure = "rate"
per = "households"
scale = 1000
better = "lower"
normalize = "min-max"
weight = 70

[[boards.indicators]]
id = "satisfied"
source = "hotline"
measure = "share"
of = { satisfied = ["满意", "基本满意"] }
better = "higher"
normalize = "min-max"
weight = 30

[[boards]]
id = "streets"
title = "街道宜居排行榜"
unit = "street"
decimals = 1

[[boards.indicators]]
id = "complaints_per_1000"
source = "hotline"
measure = "rate"
per = "households"
scale = 1000
better = "lower"
normalize = "min-max"
weight = 50

[[boards.indicators]]
id = "satisfied"
source = "hotline"
measure = "share"
of = { satisfied = ["满意", "基本满意"] }
better = "higher"
normalize = "min-max"
weight = 20

[[boards.indicators]]
id = "crimes_per_1000"
source = "police"
measure = "rate"
per = "households"
scale = 1000
where = { category = ["盗窃", "诈骗", "打架斗殴"] }
better = "lower"
normalize = "min-max"
weight = 30
"#;

/// The board of a city with grid cells: the cells ranked by the share of their cases closed
/// (结案率), counting the cases that name only the cell.
const GRID_BOARD: &str = r#"
[[boards]]
id = "grids"
title = "网格结案率排行榜"
unit = "grid"
decimals = 1

[[boards.indicators]]
id = "closed"
source = "grid"
measure = "share"
where = { category = ["设施管理", "宣传广告"] }
of = { status = "已结案" }
better = "higher"
normalize = "none"
weight = 1
"#;

/// The board of a city with handling units: the units ranked inside their systems (市政, 城管,
/// 物业), the best and the worst of each, as Yulin's 12345 bulletin ranks them.
const HANDLER_BOARD: &str = r#"
[[boards]]
id = "handlers"
title = "承办单位满意度排行榜"
unit = "handler"
group_by = "系统"
top = 1
bottom = 1
decimals = 1

[[boards.indicators]]
id = "satisfied"
source = "hotline"
measure = "share"
of = { satisfied = ["满意", "基本满意"] }
better = "higher"
normalize = "none"
weight = 60

[[boards.indicators]]
id = "resolved"
source = "hotline"
measure = "share"
of = { resolved = ["是"] }
better = "higher"
normalize = "none"
weight = 40
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

/// The stems of generated streets' names (天山 for 天山街道 and its 天山一社区); beyond them, a
/// stem and a number.
const STREET_STEMS: [&str; 10] = [
    "天山", "仙霞", "虹桥", "遵义", "华阳", "江苏", "新华", "周桥", "程桥", "新泾",
];
/// A community's number inside its street, as its name writes it (天山一社区).
const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
/// The systems handling units belong to (the `系统` attribute), and the units' names in each.
const SYSTEMS: [(&str, [&str; 3]); 3] = [
    ("市政", ["市政养护公司", "绿化市容所", "排水管理所"]),
    ("城管", ["城管中队", "城运中心", "市场监管所"]),
    ("物业", ["天山物业", "仙霞物业", "虹桥物业"]),
];

/// The city's place names.
struct Names {
    roads: Vec<String>,
    neighborhoods: Vec<String>,
    /// The places above and beside the roads and neighborhoods, when the city has a
    /// hierarchy.
    hierarchy: Option<Hierarchy>,
}

/// A district's streets, communities, grid cells and handling units.
struct Hierarchy {
    streets: Vec<String>,
    /// Per community: its name and its street.
    communities: Vec<(String, usize)>,
    /// Per grid cell: its name and its community.
    grids: Vec<(String, usize)>,
    /// Per handling unit: its name and its system.
    handlers: Vec<(String, &'static str)>,
    /// Per road: its street (none without streets).
    road_streets: Vec<Option<usize>>,
    /// Per neighborhood: its community (none without communities).
    neighborhood_communities: Vec<Option<usize>>,
}

impl Hierarchy {
    fn new(options: &CityOptions) -> Hierarchy {
        let streets: Vec<String> = (0..options.streets)
            .map(|index| {
                let stem = STREET_STEMS[index % STREET_STEMS.len()];
                match index / STREET_STEMS.len() {
                    0 => stem.to_owned(),
                    round => format!("{stem}{round}"),
                }
            })
            .collect();
        let per_street = options.communities_per_street;
        let communities: Vec<(String, usize)> = (0..streets.len() * per_street)
            .map(|index| {
                let (street, number) = (index / per_street, index % per_street);
                let numeral = NUMERALS
                    .get(number)
                    .map_or_else(|| (number + 1).to_string(), |numeral| (*numeral).to_owned());
                (format!("{}{numeral}社区", streets[street]), street)
            })
            .collect();
        let per_community = options.grids_per_community;
        let grids = (0..communities.len() * per_community)
            .map(|index| {
                let community = index / per_community;
                let name = format!(
                    "{}第{}网格",
                    communities[community].0,
                    index % per_community + 1
                );
                (name, community)
            })
            .collect();
        let handlers = (0..options.handlers)
            .map(|index| {
                let (system, names) = SYSTEMS[index % SYSTEMS.len()];
                let within = index / SYSTEMS.len();
                let name = names[within % names.len()];
                match within / names.len() {
                    0 => (name.to_owned(), system),
                    round => (format!("{name}{round}"), system),
                }
            })
            .collect();
        // Shared out in order: the first roads to the first street, the first neighborhoods
        // to the first community.
        let share = |index: usize, count: usize, among: usize| {
            (among > 0).then(|| index * among / count.max(1))
        };
        Hierarchy {
            road_streets: (0..options.roads)
                .map(|road| share(road, options.roads, streets.len()))
                .collect(),
            neighborhood_communities: (0..options.neighborhoods)
                .map(|neighborhood| share(neighborhood, options.neighborhoods, communities.len()))
                .collect(),
            streets: streets.into_iter().map(|stem| stem + "街道").collect(),
            communities,
            grids,
            handlers,
        }
    }

    /// The places file: the streets, communities and grid cells first (a parent before its
    /// children), then the roads and neighborhoods, then the handling units.
    fn places(&self, names: &Names, out: &mut dyn Write, random: &mut Random) -> io::Result<()> {
        // Drawn as a city without a hierarchy draws them: the same seed, the same lengths
        // and households.
        let lengths: Vec<u64> = names
            .roads
            .iter()
            .map(|_| random.between(30, 500))
            .collect();
        let households: Vec<u64> = names
            .neighborhoods
            .iter()
            .map(|_| random.between(300, 3000))
            .collect();
        writeln!(out, "id,kind,name,aliases,parent,households,length_km,系统")?;
        for (index, street) in self.streets.iter().enumerate() {
            writeln!(out, "S{index},street,{street},,,,,")?;
        }
        for (index, (community, street)) in self.communities.iter().enumerate() {
            // Every fourth community gives its own households (its register counts buildings
            // that belong to no neighborhood): the others' are their neighborhoods' sum.
            let own = if index % 4 == 3 {
                let neighborhoods: u64 = self
                    .neighborhood_communities
                    .iter()
                    .zip(&households)
                    .filter(|(parent, _)| **parent == Some(index))
                    .map(|(_, households)| households)
                    .sum();
                (neighborhoods + random.between(100, 500)).to_string()
            } else {
                String::new()
            };
            writeln!(out, "C{index},community,{community},,S{street},{own},,")?;
        }
        for (index, (grid, community)) in self.grids.iter().enumerate() {
            writeln!(out, "G{index},grid,{grid},,C{community},,,")?;
        }
        let parent = |letter: &str, index: &Option<usize>| {
            index.map_or_else(String::new, |index| format!("{letter}{index}"))
        };
        for (index, (road, length)) in names.roads.iter().zip(&lengths).enumerate() {
            let street = parent("S", &self.road_streets[index]);
            writeln!(
                out,
                "R{index},road,{road},,{street},,{}.{:02},",
                length / 100,
                length % 100
            )?;
        }
        for (index, (neighborhood, households)) in
            names.neighborhoods.iter().zip(&households).enumerate()
        {
            let community = parent("C", &self.neighborhood_communities[index]);
            writeln!(
                out,
                "N{index},neighborhood,{neighborhood},,{community},{households},,"
            )?;
        }
        for (index, (handler, system)) in self.handlers.iter().enumerate() {
            writeln!(out, "H{index},handler,{handler},,,,,{system}")?;
        }
        Ok(())
    }
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
            hierarchy: options.hierarchical().then(|| Hierarchy::new(options)),
        }
    }

    fn places(&self, out: &mut dyn Write, random: &mut Random) -> io::Result<()> {
        if let Some(hierarchy) = &self.hierarchy {
            return hierarchy.places(self, out, random);
        }
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
        let hierarchy = self.hierarchy.as_ref();
        match source {
            "hotline" if hierarchy.is_some() => writeln!(
                out,
                "工单编号,受理时间,诉求类型,诉求分类,事发地址,小区,社区,街道,承办单位,办结时间,是否解决,是否满意"
            )?,
            "grid" if hierarchy.is_some() => writeln!(
                out,
                "案件编号,上报时间,大类,道路,小区,网格,地址,状态,结案时间"
            )?,
            "police" if hierarchy.is_some() => {
                writeln!(out, "警情编号,发生时间,警情类别,事发地址,居民区,社区")?
            }
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
            let neighborhood_index = self.pick_index(self.neighborhoods.len(), random);
            let neighborhood = self.name(&self.neighborhoods, neighborhood_index);
            let road = self.pick(&self.roads, random);
            if let Some(hierarchy) = hierarchy {
                let record = Record {
                    id: &id,
                    time: &time,
                    when: (year, month, day, hour),
                    road,
                    neighborhood: (neighborhood, neighborhood_index),
                };
                hierarchy.record(source, &record, options, &mut line, random)?;
                out.write_all(&line)?;
                if recent.len() == RECENT {
                    recent.pop_front();
                }
                recent.push_back(line);
                continue;
            }
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
        let index = self.pick_index(names.len(), random);
        self.name(names, index)
    }

    /// The index of one of `count` places, or now and then none: a place outside the city.
    fn pick_index(&self, count: usize, random: &mut Random) -> Option<usize> {
        if count == 0 || random.chance(1, 200) {
            None
        } else {
            Some(random.below(count as u64) as usize)
        }
    }

    /// The name at `index` of `names`, or one outside the city.
    fn name<'a>(&'a self, names: &'a [String], index: Option<usize>) -> &'a str {
        index
            .and_then(|index| names.get(index))
            .map_or("城外某处", String::as_str)
    }
}

/// What a record of a city with a hierarchy is drawn from: what every record draws first.
struct Record<'a> {
    id: &'a str,
    time: &'a str,
    /// Year, month, day and hour.
    when: (i16, u8, u64, u64),
    road: &'a str,
    /// The neighborhood's name and its index (none outside the city).
    neighborhood: (&'a str, Option<usize>),
}

impl Hierarchy {
    /// One row of `source` in the form of a city with a hierarchy: places named at several
    /// levels, and the handling unit of a ticket.
    fn record(
        &self,
        source: &str,
        record: &Record<'_>,
        options: &CityOptions,
        line: &mut dyn Write,
        random: &mut Random,
    ) -> io::Result<()> {
        let Record {
            id,
            time,
            when: (year, month, day, hour),
            road,
            neighborhood: (neighborhood, neighborhood_index),
        } = *record;
        let by_address =
            |random: &mut Random| random.chance(options.address_per_mille.into(), 1000);
        let any = |count: usize, random: &mut Random| random.below(count as u64) as usize;
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
                let (mut address, mut named) = (String::new(), ["", "", ""]);
                if by_address(random) {
                    let number = random.between(1, 999);
                    address = format!("{road}{number}号{neighborhood}");
                } else {
                    // Three in four name their neighborhood (half of them its community
                    // too), the others only a community or only a street, as the hotline's
                    // form lets a caller.
                    let level = random.below(100);
                    if level < 75 || self.streets.is_empty() {
                        named[0] = neighborhood;
                        let community = neighborhood_index
                            .and_then(|index| self.neighborhood_communities[index]);
                        if let Some(community) = community.filter(|_| random.chance(1, 2)) {
                            named[1] = &self.communities[community].0;
                        }
                    } else if level < 90 && !self.communities.is_empty() {
                        named[1] = &self.communities[any(self.communities.len(), random)].0;
                    } else {
                        named[2] = &self.streets[any(self.streets.len(), random)];
                    }
                }
                let [neighborhood, community, street] = named;
                // Every ticket says whether it was resolved and whether the caller was
                // satisfied. Units differ: some resolve and satisfy more often than others;
                // without units, every ticket as a middling unit's.
                let (handler, quality) = if self.handlers.is_empty() {
                    ("", 2)
                } else {
                    let index = any(self.handlers.len(), random);
                    (self.handlers[index].0.as_str(), (index * 7 % 5) as u64)
                };
                let resolved = if random.chance(50 + quality * 9, 100) {
                    "是"
                } else {
                    "否"
                };
                let satisfied = if random.chance(45 + quality * 10, 100) {
                    random.pick(&["满意", "基本满意"])
                } else {
                    "不满意"
                };
                writeln!(
                    line,
                    "{id},{time},{kind},{category},{address},{neighborhood},{community},{street},{handler},{closed},{resolved},{satisfied}"
                )
            }
            "grid" => {
                let category =
                    random.pick(&["市容环境", "街面秩序", "设施管理", "安全隐患", "宣传广告"]);
                let (mut road_column, mut neighborhood_column, mut grid) = ("", "", "");
                match category {
                    "安全隐患" => neighborhood_column = neighborhood,
                    // Facilities and advertising: the grid cell the case was found in.
                    "设施管理" | "宣传广告" if !self.grids.is_empty() => {
                        grid = &self.grids[any(self.grids.len(), random)].0;
                    }
                    _ => road_column = road,
                }
                let (status, closed_time) = if random.chance(9, 10) {
                    ("已结案", closing(year, month, day, hour, random))
                } else {
                    ("处置中", String::new())
                };
                if by_address(random) {
                    let number = random.between(1, 999);
                    writeln!(
                        line,
                        "{id},{time},{category},,,{grid},{road}{number}号{neighborhood_column},{status},{closed_time}"
                    )
                } else {
                    writeln!(
                        line,
                        "{id},{time},{category},{road_column},{neighborhood_column},{grid},,{status},{closed_time}"
                    )
                }
            }
            "police" => {
                let category =
                    random.pick(&["盗窃", "诈骗", "打架斗殴", "求助", "交通事故", "纠纷调解"]);
                if by_address(random) {
                    let number = random.between(1, 999);
                    writeln!(
                        line,
                        "{id},{time},{category},{road}{number}号{neighborhood},,"
                    )
                } else if !self.communities.is_empty() && random.chance(1, 10) {
                    // One in ten names only the residents' committee that reported it.
                    let community = &self.communities[any(self.communities.len(), random)].0;
                    writeln!(line, "{id},{time},{category},,,{community}")
                } else {
                    writeln!(line, "{id},{time},{category},,{neighborhood},")
                }
            }
            _ => {
                let score = random.between(600, 1000);
                writeln!(
                    line,
                    "{id},{year}-{month:02}-{day:02},{neighborhood},{}.{}",
                    score / 10,
                    score % 10
                )
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a over the bytes of `files` in `folder`: the same on every machine and release.
    fn fingerprint(folder: &Path, files: &[&str]) -> u64 {
        let mut hash = 0xcbf2_9ce4_8422_2325_u64;
        for file in files {
            for byte in std::fs::read(folder.join(file)).unwrap() {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        hash
    }

    /// A city without streets or handling units is written byte for byte as before there
    /// were any (benchmarks and other fixtures use those files): its files' fingerprints,
    /// taken when the hierarchy was added (a month, and a year as the former year fixture's).
    #[test]
    fn a_city_without_a_hierarchy_is_written_as_before() {
        let folder =
            std::env::temp_dir().join(format!("livability-generate-flat-{}", std::process::id()));
        let files = [
            "places.csv",
            "grid.csv",
            "hotline.csv",
            "police.csv",
            "sanitation.csv",
            "spec.toml",
        ];
        let month = CityOptions::new(10, 8, 2400).seed(24).ids(IdForm::Mixed);
        generate_city(&month, &folder).unwrap();
        let month = fingerprint(&folder, &files);
        let year = CityOptions::new(10, 8, 2400).seed(24).months(12);
        generate_city(&year, &folder).unwrap();
        let year = fingerprint(&folder, &files);
        std::fs::remove_dir_all(&folder).ok();
        assert_eq!(
            (month, year),
            (2_912_642_243_596_531_159, 2_251_587_341_429_223_487)
        );
    }
}

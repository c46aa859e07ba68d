//! How sure the boards are, as a table, CSV or JSON: per place its rank, the best and worst
//! rank some weight vector of the box gives (with the bounds no weight goes beyond, where the
//! two were not shown equal), the Monte Carlo's median, 5–95 % interval and share of runs
//! listed, and its rank with each indicator or dimension left out.

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use rust_decimal::Decimal;

use super::labels::Labels;
use crate::analysis::robust::{BoardRobustness, Robustness};
use crate::error::{Error, ErrorKind, Location};
use crate::lang::Language;

/// The formats an analysis prints in (`livability robustness`, `livability explain`).
///
/// ```
/// assert_eq!("csv".parse::<livability::render::AnalysisFormat>()?, livability::render::AnalysisFormat::Csv);
/// # Ok::<(), livability::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AnalysisFormat {
    /// Aligned text for a terminal. The default.
    #[default]
    Table,
    /// One row per place and board.
    Csv,
    /// Everything, decimals as strings.
    Json,
}

impl AnalysisFormat {
    /// The formats' names, as the command line takes them.
    pub const NAMES: [&'static str; 3] = ["table", "csv", "json"];

    /// The format's name.
    pub fn as_str(self) -> &'static str {
        match self {
            AnalysisFormat::Table => "table",
            AnalysisFormat::Csv => "csv",
            AnalysisFormat::Json => "json",
        }
    }
}

impl fmt::Display for AnalysisFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AnalysisFormat {
    type Err = Error;

    fn from_str(text: &str) -> Result<AnalysisFormat, Error> {
        match text {
            "table" => Ok(AnalysisFormat::Table),
            "csv" => Ok(AnalysisFormat::Csv),
            "json" => Ok(AnalysisFormat::Json),
            _ => Err(Error::new(
                ErrorKind::BadValue {
                    value: crate::error::shorten(text),
                    expected: format!("a format ({})", AnalysisFormat::NAMES.join(", ")),
                },
                Location::Unknown,
            )),
        }
    }
}

impl Robustness {
    /// Writes the analysis to `out` in `format`.
    pub fn render<W: Write + ?Sized>(&self, format: AnalysisFormat, out: &mut W) -> io::Result<()> {
        match format {
            AnalysisFormat::Table => table(self, out),
            AnalysisFormat::Csv => csv(self, out),
            AnalysisFormat::Json => {
                serde_json::to_writer_pretty(&mut *out, self)?;
                writeln!(out)
            }
        }
    }

    /// The analysis in `format`, as a string.
    pub fn to_string_as(&self, format: AnalysisFormat) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and every renderer writes UTF-8.
        let _ = self.render(format, &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }
}

fn rank(rank: Option<u32>) -> String {
    rank.map_or_else(|| "-".to_owned(), |rank| rank.to_string())
}

/// A witnessed extreme, with its bound in brackets when the two differ: `3 [2]`.
fn extreme(rank: Option<u32>, bound: Option<u32>) -> String {
    match (rank, bound) {
        (Some(rank), Some(bound)) if rank != bound => format!("{rank} [{bound}]"),
        _ => self::rank(rank),
    }
}

fn percent(share: Decimal) -> String {
    format!(
        "{}%",
        (share * Decimal::ONE_HUNDRED).round_dp(1).normalize()
    )
}

/// The words of the analysis's table in one language. The English are the words the table
/// had before it spoke Chinese, so that `--lang en` reads exactly as it always has.
struct Words {
    /// `2018年11月：权重 ±25%，模拟 1000 次，种子 1，<generator>`: period, percent, runs,
    /// seed, generator, whether the normalizations vary.
    opening: fn(&str, &str, u32, u64, &str, bool) -> String,
    not_analysed: &'static str,
    no_exact_bounds: &'static str,
    /// rank, place, best, worst, median, 5%-95%, listed.
    columns: [&'static str; 7],
    without: fn(&str) -> String,
    bracket_note: &'static str,
}

const ENGLISH: Words = Words {
    opening: |period, percent, runs, seed, generator, varied| {
        let varied = if varied {
            ", normalizations varied"
        } else {
            ""
        };
        format!("{period}: weights ±{percent}%, {runs} runs, seed {seed}, {generator}{varied}")
    },
    not_analysed: "not analysed: ",
    no_exact_bounds: "no exact bounds: ",
    columns: [
        "rank", "place", "best", "worst", "median", "5%-95%", "listed",
    ],
    without: |label| format!("without {label}"),
    bracket_note: "n [b]: some weights give rank n; none gives a rank beyond b; the ranks between \
                   are undecided",
};

const CHINESE: Words = Words {
    opening: |period, percent, runs, seed, generator, varied| {
        let varied = if varied {
            "，标准化方法也随机选取"
        } else {
            ""
        };
        format!(
            "{period}：权重浮动 ±{percent}%，模拟 {runs} 次，随机种子 {seed}，{generator}{varied}"
        )
    },
    not_analysed: "未分析：",
    no_exact_bounds: "无精确名次界限：",
    columns: [
        "名次",
        "名称",
        "最好名次",
        "最差名次",
        "中位名次",
        "5%-95%名次区间",
        "上榜概率",
    ],
    without: |label| format!("去掉{label}后名次"),
    bracket_note: "n [b]：有的权重下排第 n 名；任何权重下都不超出第 b 名；两者之间的名次未能确定",
};

impl Words {
    fn of(language: Language) -> &'static Words {
        match language {
            Language::Chinese => &CHINESE,
            Language::English => &ENGLISH,
        }
    }
}

fn table<W: Write + ?Sized>(robustness: &Robustness, out: &mut W) -> io::Result<()> {
    let options = &robustness.options;
    let words = Words::of(robustness.language);
    let period = Labels::of(robustness.language).period(&robustness.period);
    writeln!(
        out,
        "{}",
        (words.opening)(
            &period,
            &options.percent().normalize().to_string(),
            options.runs_count(),
            options.seed_value(),
            robustness.generator,
            options.varies_normalizations()
        )
    )?;
    for board in &robustness.boards {
        writeln!(out)?;
        board_table(board, words, out)?;
    }
    Ok(())
}

fn board_table<W: Write + ?Sized>(
    board: &BoardRobustness,
    words: &Words,
    out: &mut W,
) -> io::Result<()> {
    writeln!(out, "{} [{}]", board.title, board.board)?;
    if let Some(skipped) = &board.skipped {
        return writeln!(out, "{}{skipped}", words.not_analysed);
    }
    if let Some(note) = &board.bounds_note {
        writeln!(out, "{}{note}", words.no_exact_bounds)?;
    }
    let header: Vec<String> = words
        .columns
        .into_iter()
        .map(str::to_owned)
        .chain(
            board
                .left_out_names
                .iter()
                .map(|name| (words.without)(name)),
        )
        .collect();
    let rows: Vec<Vec<String>> = board
        .places
        .iter()
        .map(|place| {
            [
                place.rank.to_string(),
                place.place.clone(),
                extreme(place.best, place.best_bound),
                extreme(place.worst, place.worst_bound),
                place
                    .median
                    .map_or_else(|| "-".to_owned(), |median| median.to_string()),
                format!("{}-{}", rank(place.p5), rank(place.p95)),
                percent(place.listed),
            ]
            .into_iter()
            .chain(place.without.iter().map(|&without| rank(without)))
            .collect()
        })
        .collect();
    super::table::write_aligned(out, &header, &rows, 1)?;
    if board
        .places
        .iter()
        .any(|place| place.best != place.best_bound || place.worst != place.worst_bound)
    {
        writeln!(out, "{}", words.bracket_note)?;
    }
    Ok(())
}

/// CSV: `board,period,place_id,place,rank,best,best_bound,worst,worst_bound,median,p5,p95,
/// listed_runs,listed`, then
/// one `without.<id>` column per indicator or dimension of any board. Empty cells where a
/// figure is not given.
fn csv<W: Write + ?Sized>(robustness: &Robustness, out: &mut W) -> io::Result<()> {
    let mut labels: Vec<&str> = Vec::new();
    for board in &robustness.boards {
        for label in &board.left_out {
            if !labels.contains(&label.as_str()) {
                labels.push(label);
            }
        }
    }
    let mut writer = ::csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "board",
        "period",
        "place_id",
        "place",
        "rank",
        "best",
        "best_bound",
        "worst",
        "worst_bound",
        "median",
        "p5",
        "p95",
        "listed_runs",
        "listed",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(labels.iter().map(|label| format!("without.{label}")));
    writer.write_record(&header)?;
    let cell = |value: Option<u32>| value.map(|value| value.to_string()).unwrap_or_default();
    for board in &robustness.boards {
        for place in &board.places {
            let mut row = vec![
                board.board.clone(),
                robustness.period.to_string(),
                place.place_id.clone(),
                place.place.clone(),
                place.rank.to_string(),
                cell(place.best),
                cell(place.best_bound),
                cell(place.worst),
                cell(place.worst_bound),
                place.median.map(|m| m.to_string()).unwrap_or_default(),
                cell(place.p5),
                cell(place.p95),
                place.listed_runs.to_string(),
                place.listed.to_string(),
            ];
            row.extend(labels.iter().map(|label| {
                board
                    .left_out
                    .iter()
                    .position(|own| own == label)
                    .and_then(|index| place.without[index])
                    .map(|rank| rank.to_string())
                    .unwrap_or_default()
            }));
            writer.write_record(&row)?;
        }
    }
    writer.flush()
}

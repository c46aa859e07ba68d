//! What the template's placeholders say: every number of the 通报, from the boards' exact
//! values and the channels' counts, written as the bulletin prints it.
//!
//! - Counts are whole numbers; a change on the previous month is `环比上升12.5%`,
//!   `环比下降3.0%`, `与上月持平`, or `上月无此类事项` when the previous month had none; a share
//!   is a percentage of the month's records. Percentages are exact ratios rounded half up
//!   (四舍五入) to one decimal, once.
//! - Scores are the boards' published scores; a board's average is the exact mean of its
//!   ranked places' scores, rounded with the board's rounding to one more decimal than its
//!   scores, and a place is above (below) the average when its score is.
//! - Indicator values in the tables are the exact values rounded with the board's rounding to
//!   two decimals.

use rust_decimal::{Decimal, RoundingStrategy};

use super::tally::{Channel, Counts};
use super::template::Settings;
use crate::board::{Board, Change, Entry, Rankings, StreakList};
use crate::exact::{Rounding, round_ratio};

/// An item a template fills placeholders from: its fields, its lists, and a board's table.
#[derive(Clone, Debug, Default)]
pub(super) struct Item {
    pub(super) fields: Vec<(&'static str, String)>,
    pub(super) lists: Vec<(&'static str, Vec<Item>)>,
    pub(super) table: Option<Table>,
}

impl Item {
    /// The field `name`, if the item has it.
    pub(super) fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, value)| value.as_str())
    }

    /// The list `name`, if the item has it.
    pub(super) fn list(&self, name: &str) -> Option<&[Item]> {
        self.lists
            .iter()
            .find(|(list, _)| *list == name)
            .map(|(_, items)| items.as_slice())
    }
}

/// A board's table: a row per ranked place.
#[derive(Clone, Debug)]
pub(super) struct Table {
    /// The indicators' names: the columns under the merged 指标 header.
    pub(super) indicators: Vec<String>,
    /// 名次, 名称, 得分, one per indicator, 与平均分差, 上期名次, 变化.
    pub(super) rows: Vec<Vec<String>>,
}

/// The root item: the month, its totals and every list.
pub(super) fn root(rankings: &Rankings, channels: &[Channel], settings: &Settings) -> Item {
    let total: u64 = channels.iter().map(|channel| channel.now.total).sum();
    let total_previous: u64 = channels.iter().map(|channel| channel.before.total).sum();
    let open: Vec<Item> = channels
        .iter()
        .filter_map(|channel| {
            let count = channel.now.open?;
            Some(Item {
                fields: vec![
                    ("name", channel.name.clone()),
                    ("count", count.to_string()),
                    ("share", percent(count, channel.now.total)),
                ],
                ..Item::default()
            })
        })
        .collect();
    let open_total: u64 = channels.iter().filter_map(|channel| channel.now.open).sum();
    let previous = rankings
        .period
        .previous()
        .map(|period| period.chinese())
        .unwrap_or_default();
    Item {
        fields: vec![
            ("title", rankings.title.clone()),
            ("month", rankings.period.chinese()),
            ("previous_month", previous),
            ("unit", settings.unit.clone()),
            ("total", total.to_string()),
            ("total_previous", total_previous.to_string()),
            ("total_change", change(total, total_previous)),
            ("open_total", open_total.to_string()),
        ],
        lists: vec![
            ("channels", channel_items(channels, total)),
            ("types", type_items(channels, total)),
            ("topics", topic_items(channels, total, settings.hot)),
            ("places", place_items(channels, settings.hot)),
            (
                "boards",
                rankings
                    .boards
                    .iter()
                    .map(|board| board_item(board, settings))
                    .collect(),
            ),
            ("open", open),
        ],
        table: None,
    }
}

fn channel_items(channels: &[Channel], total: u64) -> Vec<Item> {
    channels
        .iter()
        .map(|channel| Item {
            fields: vec![
                ("name", channel.name.clone()),
                ("count", channel.now.total.to_string()),
                ("previous", channel.before.total.to_string()),
                ("change", change(channel.now.total, channel.before.total)),
                ("share", percent(channel.now.total, total)),
            ],
            ..Item::default()
        })
        .collect()
}

/// A type of one channel, with its counts now and before and its places.
struct Type<'c> {
    name: &'c str,
    channel: &'c str,
    count: u64,
    previous: u64,
    places: &'c [(String, Decimal)],
}

/// Every channel's types, the most records first (then by channel and spec order).
fn types(channels: &[Channel]) -> Vec<Type<'_>> {
    let mut types: Vec<Type<'_>> = channels
        .iter()
        .flat_map(|channel| {
            channel.types.iter().enumerate().map(|(at, name)| Type {
                name,
                channel: &channel.name,
                count: count_at(&channel.now, at),
                previous: count_at(&channel.before, at),
                places: channel
                    .now
                    .type_places
                    .get(at)
                    .map_or(&[][..], Vec::as_slice),
            })
        })
        .collect();
    // A stable sort: equals keep the channels' and the spec's order.
    types.sort_by_key(|kind| std::cmp::Reverse(kind.count));
    types
}

fn count_at(counts: &Counts, at: usize) -> u64 {
    counts.types.get(at).copied().unwrap_or(0)
}

fn type_items(channels: &[Channel], total: u64) -> Vec<Item> {
    types(channels)
        .into_iter()
        .map(|kind| Item {
            fields: vec![
                ("name", kind.name.to_owned()),
                ("channel", kind.channel.to_owned()),
                ("count", kind.count.to_string()),
                ("previous", kind.previous.to_string()),
                ("change", change(kind.count, kind.previous)),
                ("share", percent(kind.count, total)),
            ],
            ..Item::default()
        })
        .collect()
}

/// The `hot` types with the most records (none without records), each with its `hot` places.
fn topic_items(channels: &[Channel], total: u64, hot: usize) -> Vec<Item> {
    types(channels)
        .into_iter()
        .filter(|kind| kind.count > 0)
        .take(hot)
        .map(|kind| Item {
            fields: vec![
                ("name", kind.name.to_owned()),
                ("channel", kind.channel.to_owned()),
                ("count", kind.count.to_string()),
                ("change", change(kind.count, kind.previous)),
                ("share", percent(kind.count, total)),
            ],
            lists: vec![("places", hottest(kind.places.iter().cloned(), hot))],
            table: None,
        })
        .collect()
}

/// The `hot` places with the most records of every channel together.
fn place_items(channels: &[Channel], hot: usize) -> Vec<Item> {
    let mut places: Vec<(String, Decimal)> = Vec::new();
    for (place, count) in channels.iter().flat_map(|channel| &channel.now.places) {
        match places.iter_mut().find(|(known, _)| known == place) {
            Some((_, sum)) => *sum = sum.saturating_add(*count),
            None => places.push((place.clone(), *count)),
        }
    }
    hottest(places.into_iter(), hot)
}

/// The `hot` places with the most records, equals by name (the same in any input order).
fn hottest(places: impl Iterator<Item = (String, Decimal)>, hot: usize) -> Vec<Item> {
    let mut places: Vec<(String, Decimal)> = places.collect();
    places.sort_by(|(a, m), (b, n)| n.cmp(m).then_with(|| a.cmp(b)));
    places
        .into_iter()
        .take(hot)
        .map(|(name, count)| Item {
            fields: vec![("name", name), ("count", count.normalize().to_string())],
            ..Item::default()
        })
        .collect()
}

fn board_item(board: &Board, settings: &Settings) -> Item {
    let average = average(board);
    let (mut above, mut below) = (0usize, 0usize);
    if let Some(average) = average {
        above = board.entries.iter().filter(|e| e.score > average).count();
        below = board.entries.iter().filter(|e| e.score < average).count();
    }
    let listed: Vec<&Entry> = board.listed().collect();
    // The units below the line: the board's worst list, or else as many of its last places
    // as it lists at the top (none of them among those).
    let bottom: Vec<&Entry> = if board.bottom.is_some() || board.below.is_some() {
        board.worst()
    } else {
        let tail = board.entries.len().saturating_sub(listed.len());
        board
            .entries
            .iter()
            .skip(tail.max(listed.len()))
            .rev()
            .collect()
    };
    let unit = |entry: &&Entry| Item {
        fields: vec![
            ("name", entry.place.clone()),
            ("rank", rank_text(entry)),
            ("score", entry.score.to_string()),
            ("change", change_text(entry.change)),
        ],
        ..Item::default()
    };
    Item {
        fields: vec![
            ("title", board.title.clone()),
            (
                "basis",
                board.basis.clone().unwrap_or_else(|| "根据测评数据".into()),
            ),
            ("ranked", board.entries.len().to_string()),
            (
                "average",
                average.map(|a| a.to_string()).unwrap_or_else(|| "—".into()),
            ),
            ("above", above.to_string()),
            ("below", below.to_string()),
            ("unranked", board.unranked.len().to_string()),
        ],
        lists: vec![
            ("top", listed.iter().map(unit).collect()),
            ("bottom", bottom.iter().map(unit).collect()),
            ("streaks", streak_items(board)),
        ],
        table: Some(table(board, average, settings)),
    }
}

/// The places the board's `streak` flags, the list's first, each in the board's order: its
/// name, the flag (`连续3期末位`), the list (`上榜`, `末位`) and the periods.
fn streak_items(board: &Board) -> Vec<Item> {
    let Some(periods) = board.streak else {
        return Vec::new();
    };
    let labels = super::super::labels::Labels::of(crate::lang::Language::Chinese);
    [StreakList::Listed, StreakList::Worst]
        .into_iter()
        .flat_map(|list| {
            board
                .streaks
                .iter()
                .filter(move |streak| streak.list == list)
                .map(move |streak| Item {
                    fields: vec![
                        ("name", streak.place.clone()),
                        ("flag", labels.streak(list, usize::from(periods))),
                        (
                            "list",
                            match list {
                                StreakList::Listed => "上榜",
                                StreakList::Worst => "末位",
                            }
                            .to_owned(),
                        ),
                        ("periods", periods.to_string()),
                    ],
                    ..Item::default()
                })
        })
        .collect()
}

/// The exact mean of the ranked scores, rounded with the board's rounding to one more decimal
/// than the scores; `None` without ranked places.
pub(super) fn average(board: &Board) -> Option<Decimal> {
    let count = i128::try_from(board.entries.len())
        .ok()
        .filter(|&n| n > 0)?;
    let mut sum = Decimal::ZERO;
    for entry in &board.entries {
        sum = sum.checked_add(entry.score)?;
    }
    let scale = 10i128.checked_pow(sum.scale())?;
    round_ratio(
        sum.mantissa(),
        scale.checked_mul(count)?,
        board.decimals + 1,
        board.rounding,
    )
}

fn table(board: &Board, average: Option<Decimal>, settings: &Settings) -> Table {
    let rows = board
        .entries
        .iter()
        .map(|entry| {
            let mut row = vec![
                rank_text(entry),
                entry.place.clone(),
                entry.score.to_string(),
            ];
            row.extend(entry.indicators.iter().map(|score| {
                score
                    .value
                    .map(|value| rounded(value, 2, board.rounding))
                    .unwrap_or_else(|| "—".into())
            }));
            row.push(match average {
                Some(average) => signed(entry.score - average),
                None => "—".into(),
            });
            row.push(
                entry
                    .previous_rank
                    .map(|rank| rank.to_string())
                    .unwrap_or_else(|| "—".into()),
            );
            row.push(change_text(entry.change));
            row
        })
        .collect();
    Table {
        indicators: board
            .indicators
            .iter()
            .map(|indicator| {
                settings
                    .indicators
                    .get(&indicator.id)
                    .and_then(toml::Value::as_str)
                    .unwrap_or(&indicator.id)
                    .to_owned()
            })
            .collect(),
        rows,
    }
}

/// `2（并列）` for a tied rank.
fn rank_text(entry: &Entry) -> String {
    if entry.tied {
        format!("{}（并列）", entry.rank)
    } else {
        entry.rank.to_string()
    }
}

/// `↑2`, `↓1`, `持平`, `新上榜`, or `—` with nothing to compare with.
fn change_text(change: Option<Change>) -> String {
    match change {
        None => "—".into(),
        Some(Change::New) => "新上榜".into(),
        Some(Change::Same) => "持平".into(),
        Some(change) => change.to_string(),
    }
}

fn rounded(value: Decimal, decimals: u32, rounding: Rounding) -> String {
    let strategy = match rounding {
        Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
    };
    let mut value = value.round_dp_with_strategy(decimals, strategy);
    if value.is_zero() {
        value = Decimal::ZERO;
    }
    value.rescale(decimals);
    value.to_string()
}

/// `+1.5`, `-0.3`, `0.0`.
fn signed(value: Decimal) -> String {
    if value > Decimal::ZERO {
        format!("+{value}")
    } else if value.is_zero() {
        let mut zero = Decimal::ZERO;
        zero.rescale(value.scale());
        zero.to_string()
    } else {
        value.to_string()
    }
}

/// `count` as a percentage of `total`, half up to one decimal: `12.5`; `0.0` of nothing.
fn percent(count: u64, total: u64) -> String {
    let ratio = round_ratio(
        i128::from(count) * 100,
        i128::from(total.max(1)),
        1,
        Rounding::HalfUp,
    );
    ratio.map(|p| p.to_string()).unwrap_or_default()
}

/// The change on the previous month, in words.
pub(super) fn change(now: u64, before: u64) -> String {
    if before == 0 {
        return if now == 0 {
            "与上月持平".into()
        } else {
            "上月无此类事项".into()
        };
    }
    let difference = i128::from(now) - i128::from(before);
    let size = round_ratio(
        difference.abs() * 100,
        i128::from(before),
        1,
        Rounding::HalfUp,
    )
    .map(|p| p.to_string())
    .unwrap_or_default();
    match difference.signum() {
        1 => format!("环比上升{size}%"),
        -1 => format!("环比下降{size}%"),
        _ => "与上月持平".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_in_words_exactly() {
        assert_eq!(change(9, 8), "环比上升12.5%");
        assert_eq!(change(97, 100), "环比下降3.0%");
        assert_eq!(change(5, 5), "与上月持平");
        assert_eq!(change(3, 0), "上月无此类事项");
        assert_eq!(change(0, 0), "与上月持平");
        // 1/3 = 33.33…% and 2/3 = 66.66…%: rounded once, half up.
        assert_eq!(change(4, 3), "环比上升33.3%");
        assert_eq!(change(1, 3), "环比下降66.7%");
        // 0.05% exactly rounds up.
        assert_eq!(change(2001, 2000), "环比上升0.1%");
    }

    #[test]
    fn percentages_and_signs() {
        assert_eq!(percent(1, 8), "12.5");
        assert_eq!(percent(0, 0), "0.0");
        assert_eq!(signed(Decimal::new(15, 1)), "+1.5");
        assert_eq!(signed(Decimal::new(-3, 1)), "-0.3");
        assert_eq!(signed(Decimal::new(0, 1)), "0.0");
        assert_eq!(rounded(Decimal::new(-1, 3), 2, Rounding::HalfUp), "0.00");
        assert_eq!(rounded(Decimal::new(125, 3), 2, Rounding::HalfEven), "0.12");
        assert_eq!(rounded(Decimal::new(125, 3), 2, Rounding::HalfUp), "0.13");
    }
}

//! The rules a spec sets for ranking a board: the rank method and the order of equals.

use serde::Deserialize;

/// How a tie group's rank is numbered (`rank`). For scores 44, 42, 42, 41:
///
/// | method | ranks |
/// |---|---|
/// | `competition` (default) | 1 2 2 4 |
/// | `modified` | 1 3 3 4 |
/// | `dense` | 1 2 2 3 |
/// | `fractional` | 1 2.5 2.5 4 |
/// | `ordinal` | 1 2 3 4 |
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RankMethod {
    /// A group filling positions p..q ranks p ("1224"), as in sport. The default.
    #[default]
    Competition,
    /// Ranks 1, 2, 3, … by group, without gaps ("1223").
    Dense,
    /// A group filling positions p..q ranks q ("1334").
    Modified,
    /// Every place its own position, equals in tie order ("1234").
    Ordinal,
    /// A group filling positions p..q ranks (p + q) ÷ 2 ("1 2.5 2.5 4"); ranks sum to
    /// n(n+1)/2.
    Fractional,
}

/// The order in which a tie group's places are listed (`tie_order`); with `ordinal` ranks,
/// also the order in which they are numbered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TieOrder {
    /// The order of `places.csv`. The default.
    #[default]
    Gazetteer,
    /// Hanyu Pinyin order of the names, syllable by syllable, then by tone, the usual order of
    /// equals in Chinese official documents: 纺大小区 (fang) < 天山三村 (tian) < 友谊小区 (you).
    Pinyin,
    /// Unicode code point order of the names.
    Name,
    /// Order of the ids, digit runs compared as numbers: R2 < R10.
    Id,
}

/// What an improvement board ranks by (`rank_by`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RankBy {
    /// The rounded score of the period. The default.
    #[default]
    Score,
    /// The change of the rounded score since the period compared with (进步榜): the
    /// improvement board.
    Change,
}

/// Which earlier period an improvement board compares with (`compare`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Compare {
    /// The period just before (October for November). The default.
    #[default]
    Previous,
    /// The same period a year earlier (November 2017 for November 2018).
    YearAgo,
}

//! An independent oracle for the generated folder: from the truth alone (where each record
//! truly happened, which the generator knows), the three boards' values, normalized values,
//! scores and ranks, exactly, with rust_decimal and no line of the crate's code.
//!
//! The rules are the boards' [`BOARDS`] lines, the ones a human decides, hard-coded here a
//! second time (as the fixtures' Python oracles do) so that a slip in either shows:
//! - `rate`: records of the month passing the filter ÷ the attribute × scale; a place with
//!   no record has 0;
//! - `mean`: the mean of the scores of the month's inspections; none is no value;
//! - `min-max`: 100 × (x − min) ÷ (max − min), mirrored when lower is better; all equal, 100;
//! - score: Σ weight × normalized ÷ Σ weight over the indicators with a value, rounded half
//!   away from zero to one decimal; competition ranks on the rounded score.
//!
//! Every quotient is kept exact, as a fraction of integers ([`Ratio`]); the score is rounded
//! once, at the end, into a rust_decimal `Decimal`.
//!
//! Hidden rows are records (a filter hid them from view, not from the data); a 合计, 平均 or
//! footer row is none; a copy of an id counts once.

use rust_decimal::Decimal;

use super::{MONTHS, NEIGHBORHOODS, ROADS, TrueRecord, Truth};

/// The boards' lines a human decides (weights, filters), appended to the starter spec.
pub const BOARDS: &str = r#"
[[boards]]
id = "beautiful-roads"
title = "靓丽道路排行榜"
kind = "road"
decimals = 1
tie_order = "pinyin"

[[boards.indicators]]
id = "cases_per_km"
source = "grid"
measure = "rate"
per = "长度（米）"
scale = 1000
where = { category = ["市容环境", "街面秩序"] }
better = "lower"
normalize = "min-max"
weight = 60

[[boards.indicators]]
id = "order_cases"
source = "grid"
measure = "count"
where = { category = "街面秩序" }
better = "lower"
normalize = "min-max"
weight = 40

[[boards]]
id = "beautiful-neighborhoods"
title = "美丽小区排行榜"
kind = "neighborhood"
decimals = 1
tie_order = "pinyin"

[[boards.indicators]]
id = "sanitation_score"
source = "sanitation"
measure = "mean"
field = "score"
better = "higher"
normalize = "min-max"
weight = 50

[[boards.indicators]]
id = "complaints_per_1000"
source = "hotline"
measure = "rate"
per = "户数"
scale = 1000
where = { type = "投诉", category = ["环境卫生", "噪声扰民"] }
better = "lower"
normalize = "min-max"
weight = 50

[[boards]]
id = "safe-neighborhoods"
title = "安全小区排行榜"
kind = "neighborhood"
decimals = 1
tie_order = "pinyin"

[[boards.indicators]]
id = "crimes_per_1000"
source = "police"
measure = "rate"
per = "户数"
scale = 1000
where = { category = ["盗窃", "诈骗"] }
better = "lower"
normalize = "min-max"
weight = 70

[[boards.indicators]]
id = "hazards_per_1000"
source = "grid"
measure = "rate"
per = "户数"
scale = 1000
where = { category = "安全隐患" }
better = "lower"
normalize = "min-max"
weight = 30
"#;

/// One place on a board as the oracle ranks it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ranked {
    pub rank: u32,
    pub place: String,
    /// The rounded score, as written (`87.5`).
    pub score: String,
}

/// Whether lower or higher is better.
#[derive(Clone, Copy)]
enum Better {
    Lower,
    Higher,
}

/// The boards, by id, each best first (equal ranks by name).
pub fn boards(truth: &Truth) -> Vec<(&'static str, Vec<Ranked>)> {
    let month = MONTHS[1];
    let of_month = |records: &[TrueRecord]| -> Vec<TrueRecord> {
        records
            .iter()
            .filter(|record| (record.at.year, record.at.month) == month)
            .cloned()
            .collect()
    };
    let grid = of_month(&truth.grid);
    let hotline = of_month(&truth.hotline);
    let police = of_month(&truth.police);
    let sanitation = of_month(&truth.sanitation);
    let thousand = Ratio::whole(1000);

    // 靓丽道路.
    let road_names: Vec<String> = ROADS.iter().map(|road| road.name.to_owned()).collect();
    let on_road = |road: usize, categories: &[&str]| {
        Ratio::whole(
            grid.iter()
                .filter(|r| r.road == Some(road) && categories.contains(&r.category))
                .count() as i128,
        )
    };
    let per_km: Vec<Option<Ratio>> = (0..ROADS.len())
        .map(|road| {
            Some(
                on_road(road, &["市容环境", "街面秩序"])
                    .times(thousand)
                    .over(Ratio::whole(i128::from(ROADS[road].metres))),
            )
        })
        .collect();
    let order: Vec<Option<Ratio>> = (0..ROADS.len())
        .map(|road| Some(on_road(road, &["街面秩序"])))
        .collect();
    let roads = board(
        &road_names,
        &[(per_km, Better::Lower, 60), (order, Better::Lower, 40)],
    );

    // 美丽小区 and 安全小区.
    let names: Vec<String> = NEIGHBORHOODS.iter().map(|n| n.name.to_owned()).collect();
    let per_thousand = |count: usize, place: usize| {
        Some(
            Ratio::whole(count as i128)
                .times(thousand)
                .over(Ratio::whole(i128::from(NEIGHBORHOODS[place].households))),
        )
    };
    let mean_score: Vec<Option<Ratio>> = (0..NEIGHBORHOODS.len())
        .map(|place| {
            let scores: Vec<Ratio> = sanitation
                .iter()
                .filter(|r| r.neighborhood == Some(place))
                .map(|r| Ratio::whole(i128::from(r.score_tenths)).over(Ratio::whole(10)))
                .collect();
            (!scores.is_empty()).then(|| {
                scores
                    .iter()
                    .fold(Ratio::whole(0), |sum, score| sum.plus(*score))
                    .over(Ratio::whole(scores.len() as i128))
            })
        })
        .collect();
    let complaints: Vec<Option<Ratio>> = (0..NEIGHBORHOODS.len())
        .map(|place| {
            let count = hotline
                .iter()
                .filter(|r| {
                    r.neighborhood == Some(place)
                        && r.kind_of == "投诉"
                        && ["环境卫生", "噪声扰民"].contains(&r.category)
                })
                .count();
            per_thousand(count, place)
        })
        .collect();
    let beautiful = board(
        &names,
        &[
            (mean_score, Better::Higher, 50),
            (complaints, Better::Lower, 50),
        ],
    );
    let crimes: Vec<Option<Ratio>> = (0..NEIGHBORHOODS.len())
        .map(|place| {
            let count = police
                .iter()
                .filter(|r| r.neighborhood == Some(place) && ["盗窃", "诈骗"].contains(&r.category))
                .count();
            per_thousand(count, place)
        })
        .collect();
    let hazards: Vec<Option<Ratio>> = (0..NEIGHBORHOODS.len())
        .map(|place| {
            let count = grid
                .iter()
                .filter(|r| r.neighborhood == Some(place) && r.category == "安全隐患")
                .count();
            per_thousand(count, place)
        })
        .collect();
    let safe = board(
        &names,
        &[(crimes, Better::Lower, 70), (hazards, Better::Lower, 30)],
    );
    vec![
        ("beautiful-roads", roads),
        ("beautiful-neighborhoods", beautiful),
        ("safe-neighborhoods", safe),
    ]
}

/// One board over `places`: per indicator, each place's value, the direction and the weight.
fn board(places: &[String], indicators: &[(Vec<Option<Ratio>>, Better, u32)]) -> Vec<Ranked> {
    let normalized: Vec<Vec<Option<Ratio>>> = indicators
        .iter()
        .map(|(values, better, _)| min_max(values, *better))
        .collect();
    let mut scores: Vec<(String, Decimal)> = Vec::new();
    for (place, name) in places.iter().enumerate() {
        let (mut sum, mut weights) = (Ratio::whole(0), Ratio::whole(0));
        for ((_, _, weight), normalized) in indicators.iter().zip(&normalized) {
            if let Some(value) = normalized[place] {
                sum = sum.plus(Ratio::whole(i128::from(*weight)).times(value));
                weights = weights.plus(Ratio::whole(i128::from(*weight)));
            }
        }
        if weights.numerator > 0 {
            scores.push((name.clone(), sum.over(weights).rounded_tenths()));
        }
    }
    let mut ranked: Vec<Ranked> = scores
        .iter()
        .map(|(name, score)| Ranked {
            rank: 1 + scores.iter().filter(|(_, other)| other > score).count() as u32,
            place: name.clone(),
            score: format!("{:.1}", score),
        })
        .collect();
    ranked.sort();
    ranked
}

/// 100 × (x − min) ÷ (max − min), mirrored for lower; all equal: 100.
fn min_max(values: &[Option<Ratio>], better: Better) -> Vec<Option<Ratio>> {
    let present: Vec<Ratio> = values.iter().flatten().copied().collect();
    let (Some(min), Some(max)) = (present.iter().min(), present.iter().max()) else {
        return values.to_vec();
    };
    let hundred = Ratio::whole(100);
    values
        .iter()
        .map(|value| {
            value.map(|x| {
                if max == min {
                    hundred
                } else {
                    let distance = match better {
                        Better::Higher => x.minus(*min),
                        Better::Lower => max.minus(x),
                    };
                    hundred.times(distance).over(max.minus(*min))
                }
            })
        })
        .collect()
}

/// An exact fraction, in lowest terms with a positive denominator: the oracle's numbers are
/// small (counts, thousands, lengths), so i128 never overflows here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ratio {
    numerator: i128,
    denominator: i128,
}

impl Ratio {
    fn whole(n: i128) -> Ratio {
        Ratio {
            numerator: n,
            denominator: 1,
        }
    }

    fn new(numerator: i128, denominator: i128) -> Ratio {
        assert!(denominator != 0, "a zero denominator");
        let sign = if denominator < 0 { -1 } else { 1 };
        let divisor = gcd(numerator.abs(), denominator.abs()).max(1);
        Ratio {
            numerator: sign * numerator / divisor,
            denominator: sign * denominator / divisor,
        }
    }

    fn plus(self, other: Ratio) -> Ratio {
        Ratio::new(
            self.numerator * other.denominator + other.numerator * self.denominator,
            self.denominator * other.denominator,
        )
    }

    fn minus(self, other: Ratio) -> Ratio {
        self.plus(Ratio::new(-other.numerator, other.denominator))
    }

    fn times(self, other: Ratio) -> Ratio {
        Ratio::new(
            self.numerator * other.numerator,
            self.denominator * other.denominator,
        )
    }

    fn over(self, other: Ratio) -> Ratio {
        Ratio::new(
            self.numerator * other.denominator,
            self.denominator * other.numerator,
        )
    }

    /// Rounded to one decimal, a half away from zero (四舍五入).
    fn rounded_tenths(self) -> Decimal {
        let tenths = self.numerator.abs() * 10;
        let rounded = (2 * tenths + self.denominator) / (2 * self.denominator);
        let signed = if self.numerator < 0 {
            -rounded
        } else {
            rounded
        };
        Decimal::from_i128_with_scale(signed, 1)
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Ratio) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Ratio) -> std::cmp::Ordering {
        (self.numerator * other.denominator).cmp(&(other.numerator * self.denominator))
    }
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(Ratio::new(1, 4).rounded_tenths().to_string(), "0.3");
        assert_eq!(Ratio::new(-1, 4).rounded_tenths().to_string(), "-0.3");
        assert_eq!(Ratio::new(2, 3).rounded_tenths().to_string(), "0.7");
        assert_eq!(Ratio::whole(100).rounded_tenths().to_string(), "100.0");
    }
}

//! The exports of the coverage tests, shared by the library's (`tests/it/coverage.rs`) and the
//! command's (`cli/tests/cli/coverage.rs`): a hotline whose tickets mostly name a road, for a
//! board that ranks neighborhoods only.

/// The places: two roads, three neighborhoods (one with an alias written with a digit).
pub const PLACES: &str = "id,kind,name,aliases,households\n\
R1,road,天山路,,\n\
R2,road,遵义路,,\n\
N1,neighborhood,天山二村,天山2村,1000\n\
N2,neighborhood,遵义小区,,800\n\
N3,neighborhood,新光小区,,500\n";

/// 20 complaints: 13 name a neighborhood in their address, 1 in the neighborhood column, 6 a
/// road only (`遵义路100号`); and 3 consultations, which the board does not select.
pub fn hotline() -> String {
    let mut csv = String::from("工单编号,受理时间,小区,地址,诉求类型\n");
    for n in 1..=23 {
        let (column, address, kind) = match n {
            1..=13 => (
                "",
                ["天山二村5号", "遵义小区3号", "新光小区8号"][n % 3],
                "投诉",
            ),
            14 => ("天山2村", "", "投诉"),
            15..=20 => ("", "遵义路100号", "投诉"),
            _ => ("", "天山路1号", "咨询"),
        };
        csv += &format!(
            "T{n:03},2018-11-{:02} 10:00,{column},{address},{kind}\n",
            n % 28 + 1
        );
    }
    csv
}

/// The spec of one board of neighborhoods, with `min_coverage` if given.
pub fn spec(min_coverage: Option<&str>) -> String {
    let min = min_coverage.map_or(String::new(), |min| format!("min_coverage = {min}\n"));
    format!(
        r#"title = "宜居指数排行榜"
period = "2018-11"
places = "places.csv"
[sources.hotline]
file = "hotline.csv"
[[boards]]
id = "quiet"
title = "安静小区排行榜"
kind = "neighborhood"
{min}[[boards.indicators]]
id = "complaints"
source = "hotline"
measure = "rate"
per = "households"
scale = 1000
where = {{ type = "投诉" }}
better = "lower"
"#
    )
}

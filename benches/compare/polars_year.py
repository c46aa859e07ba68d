"""A city's year beside livability (BENCHMARKS.md, "A city's year with its history"): the same
12 monthly boards' indicators and a 12-month history of ranks, computed by polars from the
same files, lean: only the columns the boards read, repeated ids dropped, records grouped by
place and month. Places are matched by their name column only (livability also places the
10% of records that give only an address, and ranks ties by pinyin), and scores are a plain
min-max of each indicator, weighted: the work is the same shape, not the same rules.

usage: python3 polars_year.py CITY_FOLDER OUT.csv
"""

import sys

import polars as pl

city, out = sys.argv[1], sys.argv[2]
MONTHS = ["2017-12"] + [f"2018-{m:02d}" for m in range(1, 12)]

places = pl.read_csv(
    f"{city}/places.csv",
    columns=["kind", "name", "households", "length_km"],
    schema_overrides={"households": pl.Float64, "length_km": pl.Float64},
)
roads = places.filter(pl.col("kind") == "road").select("name", "length_km")
hoods = places.filter(pl.col("kind") == "neighborhood").select("name", "households")


def scan(file, id_col, time_col, cols):
    """The needed columns of a source, a record per id, with its month."""
    return (
        pl.scan_csv(f"{city}/{file}", infer_schema=False)
        .select([id_col, time_col, *cols])
        .unique(subset=[id_col], keep="last")
        .with_columns(pl.col(time_col).str.slice(0, 7).alias("month"))
        .filter(pl.col("month").is_in(MONTHS))
    )


def count(frame, place_col, name):
    return frame.group_by(pl.col(place_col).alias("name"), "month").agg(pl.len().alias(name))


grid = scan("grid.csv", "案件编号", "上报时间", ["大类", "道路", "小区", "结案时间"])
hotline = scan("hotline.csv", "工单编号", "受理时间", ["诉求类型", "诉求分类", "小区"])
police = scan("police.csv", "警情编号", "发生时间", ["警情类别", "居民区"])
sanitation = scan("sanitation.csv", "检查编号", "检查时间", ["小区", "得分"])

tidy = grid.filter(pl.col("大类").is_in(["市容环境", "街面秩序"]))
road_cases = count(tidy, "道路", "cases")
road_hours = tidy.filter(pl.col("结案时间").is_not_null()).group_by(
    pl.col("道路").alias("name"), "month"
).agg(
    (
        (
            pl.col("结案时间").str.to_datetime("%Y-%m-%d %H:%M")
            - pl.col("上报时间").str.to_datetime("%Y-%m-%d %H:%M:%S")
        ).dt.total_seconds()
        / 3600
    )
    .mean()
    .alias("hours")
)
complaints = count(
    hotline.filter(
        (pl.col("诉求类型") == "投诉") & pl.col("诉求分类").is_in(["环境卫生", "噪声扰民", "绿化市容"])
    ),
    "小区",
    "complaints",
)
scores = sanitation.group_by(pl.col("小区").alias("name"), "month").agg(
    pl.col("得分").cast(pl.Float64).mean().alias("sanitation")
)
crimes = count(police.filter(pl.col("警情类别").is_in(["盗窃", "诈骗", "打架斗殴"])), "居民区", "crimes")
hazards = count(grid.filter(pl.col("大类") == "安全隐患"), "小区", "hazards")

grid_months = pl.LazyFrame({"month": MONTHS})


def board(id, base, parts, indicators):
    """Each place of `base` in each month, its indicators, a weighted min-max score, its rank."""
    frame = base.lazy().join(grid_months, how="cross")
    for part in parts:
        frame = frame.join(part, on=["name", "month"], how="left")
    score = pl.lit(0.0)
    for column, expr, better, weight in indicators:
        frame = frame.with_columns(expr.alias(column))
        low, high = pl.col(column).min().over("month"), pl.col(column).max().over("month")
        part = (pl.col(column) - low) / (high - low)
        if better == "lower":
            part = 1 - part
        score = score + weight * part.fill_null(0)
    return frame.with_columns(
        pl.lit(id).alias("board"),
        (score).round(1).alias("score"),
    ).with_columns(pl.col("score").rank("min", descending=True).over("month").alias("rank"))


boards = pl.concat(
    [
        board(
            "beautiful-roads",
            roads,
            [road_cases, road_hours],
            [
                ("cases_per_km", pl.col("cases").fill_null(0) / pl.col("length_km"), "lower", 60),
                ("hours_to_close", pl.col("hours"), "lower", 40),
            ],
        ).select("board", "name", "month", "score", "rank"),
        board(
            "beautiful-neighborhoods",
            hoods,
            [scores, complaints],
            [
                ("sanitation_score", pl.col("sanitation"), "higher", 50),
                ("complaints_per_1000", pl.col("complaints").fill_null(0) * 1000 / pl.col("households"), "lower", 50),
            ],
        ).select("board", "name", "month", "score", "rank"),
        board(
            "safe-neighborhoods",
            hoods,
            [crimes, hazards],
            [
                ("crimes_per_1000", pl.col("crimes").fill_null(0) * 1000 / pl.col("households"), "lower", 70),
                ("hazards_per_1000", pl.col("hazards").fill_null(0) * 1000 / pl.col("households"), "lower", 30),
            ],
        ).select("board", "name", "month", "score", "rank"),
    ]
).collect(engine="streaming")

# The history: a place's rank in each of the 12 months, a column per month.
history = (
    boards.pivot(on="month", index=["board", "name"], values="rank")
    .select("board", "name", *MONTHS)
    .sort("board", "name")
)
history.write_csv(out)
print(f"{boards.height} board rows, {history.height} places in the history", file=sys.stderr)

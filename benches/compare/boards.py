#!/usr/bin/env python3
"""The three boards of a generated city (`livability generate DIR`), computed by polars, pandas or DuckDB.

The comparison point for livability's speed (BENCHMARKS.md): the same files, the same
boards, the semantics of DESIGN.md as far as a dataframe script goes in a page:

- records of the period only (by their time), repeated ids counted once;
- a record's place: its neighborhood/road column matched (after trim + NFKC) against the names,
  aliases and ids of that kind, else the longest name or alias of that kind inside its address
  (two different places of the longest length: ambiguous, not counted);
- measures count/rate/mean with the spec's `where` filters, `hours_to_close` derived;
- min-max normalization (mirrored for lower-is-better), weights, missing values reweighted;
- the score rounded half-up to one decimal, competition ranks, top 10 keeping every equal.

What it does not do, and livability does: exact decimals (this is binary floats), pinyin order
inside a tie (here: by name), a data-quality report, error positions. So it is a lower bound on
the work a faithful script would do.

    python3 benches/compare/boards.py polars /tmp/city
    python3 benches/compare/boards.py pandas /tmp/city
    python3 benches/compare/boards.py duckdb /tmp/city
    python3 benches/compare/boards.py polars /tmp/city --unique-ids --no-address

`--unique-ids`: the data repeats no id, so de-duplication is skipped; `--no-address`: no record
is placed only by its address, so address matching is skipped (both as an analyst who knows the
data would write it; on data that satisfies them the boards are the same).

DuckDB does the reading, the period, de-duplication, place resolution and the group-bys in SQL.
It has no NFKC (only nfc_normalize): the places' keys are normalized in Python, as for polars,
and so are the records' place columns, by a Python function DuckDB calls once per distinct
value of the column (a few thousand), which keeps NFKC exact. Its means sum in another order
than polars' (equal to about 1e-15, not bit for bit); the printed boards are the same unless a
score falls within that of a rounding half.

Not run in CI: it needs Python with polars, pandas and duckdb (`pip install polars pandas duckdb`).
"""

import math
import sys
import unicodedata
from pathlib import Path

PERIOD_START, PERIOD_END = "2018-11-01", "2018-12-01"
ENGINE = "auto"  # polars: "auto" (in memory) or "streaming"

# The boards of the generated spec: (title, kind, [(id, source, measure, where, per/field,
# scale, better, normalize, weight)]).
BOARDS = [
    ("靓丽道路排行榜", "road", [
        ("cases_per_km", "grid", "rate", {"category": ["市容环境", "街面秩序"]}, "length_km", 1, "lower", "min-max", 60),
        ("hours_to_close", "grid", "mean", {"category": ["市容环境", "街面秩序"]}, "hours_to_close", None, "lower", "min-max", 40),
    ]),
    ("美丽小区排行榜", "neighborhood", [
        ("sanitation_score", "sanitation", "mean", {}, "score", None, "higher", "none", 50),
        ("complaints_per_1000", "hotline", "rate", {"type": ["投诉"], "category": ["环境卫生", "噪声扰民", "绿化市容"]}, "households", 1000, "lower", "min-max", 50),
    ]),
    ("安全小区排行榜", "neighborhood", [
        ("crimes_per_1000", "police", "rate", {"category": ["盗窃", "诈骗", "打架斗殴"]}, "households", 1000, "lower", "min-max", 70),
        ("hazards_per_1000", "grid", "rate", {"category": ["安全隐患"]}, "households", 1000, "lower", "min-max", 30),
    ]),
]

# Chinese headers of the generated exports, to canonical column names.
HEADERS = {
    "grid": {"案件编号": "id", "上报时间": "time", "大类": "category", "道路": "road", "小区": "neighborhood",
             "地址": "address", "状态": "status", "结案时间": "closed_time"},
    "hotline": {"工单编号": "id", "受理时间": "time", "诉求类型": "type", "诉求分类": "category",
                "事发地址": "address", "小区": "neighborhood", "办结时间": "closed_time"},
    "police": {"警情编号": "id", "发生时间": "time", "警情类别": "category", "事发地址": "address",
               "居民区": "neighborhood"},
    "sanitation": {"检查编号": "id", "检查时间": "time", "小区": "neighborhood", "得分": "score"},
}


def nfkc(text):
    return unicodedata.normalize("NFKC", text.strip())


def lookup_tables(places):
    """Per kind: {key (name, alias or id) -> place id}, and the names/aliases for addresses."""
    keys, names = {"road": {}, "neighborhood": {}}, {"road": {}, "neighborhood": {}}
    for row in places:
        kind, place = row["kind"], row["id"]
        spellings = [row["name"]] + [a for a in (row.get("aliases") or "").split("|") if a.strip()]
        for spelling in spellings:
            keys[kind][nfkc(spelling)] = place
            names[kind][nfkc(spelling)] = place
        keys[kind][nfkc(place)] = place
    return keys, names


def board_rows(scores, names, title):
    """scores: [(place id, score)]; ranks, top 10 with equals, rendered as lines."""
    rounded = sorted(((round_half_up(s), names[p]) for p, s in scores), key=lambda t: (-t[0], t[1]))
    lines, rank = [title], 0
    for position, (score, name) in enumerate(rounded, start=1):
        if position == 1 or score != rounded[position - 2][0]:
            rank = position
        if rank > 10:
            break
        lines.append(f"{rank:>3} {name} {score:.1f}")
    return lines


def rates(counts, places, attributes, per, scale):
    """count / attribute `per` * scale for every place with a known, nonzero attribute."""
    column = {}
    for place in places:
        denominator = attributes[place].get(per)
        if denominator and float(denominator) != 0:
            column[place] = counts.get(place, 0) / float(denominator) * scale
    return column


def round_half_up(x):
    return math.floor(x * 10 + 0.5) / 10


def score_board(indicators, values, places):
    """values: {indicator id: {place: value}}; the reweighted min-max score of every place."""
    normalized = {}
    for (ident, _, _, _, _, _, better, normalize, weight) in indicators:
        column = values[ident]
        if normalize == "none" or not column:
            normalized[ident] = dict(column)
            continue
        low, high = min(column.values()), max(column.values())
        normalized[ident] = {
            p: 100.0 if high == low else
            100.0 * ((high - v) if better == "lower" else (v - low)) / (high - low)
            for p, v in column.items()
        }
    scores = []
    for place in places:
        total = weights = 0.0
        for (ident, *_, weight) in indicators:
            if place in normalized[ident]:
                total += weight * normalized[ident][place]
                weights += weight
        if weights > 0:
            scores.append((place, total / weights))
    return scores


# ---------------------------------------------------------------------------------------------
def run_polars(folder, unique_ids=False, address=True):
    import polars as pl

    places = pl.read_csv(folder / "places.csv", infer_schema_length=0)
    keys, names = lookup_tables(places.to_dicts())
    display = dict(zip(places["id"], places["name"]))
    attributes = {row["id"]: row for row in places.to_dicts()}

    def resolved(frame, kind):
        """`frame` with a column `place` for `kind`, records of no (or an ambiguous) place dropped."""
        table = pl.DataFrame({"key": list(keys[kind]), "place": list(keys[kind].values())}).lazy()
        spellings = sorted(names[kind], key=len, reverse=True)
        spelling_place = pl.DataFrame({"spelling": spellings, "by_address": [names[kind][s] for s in spellings]}).lazy()
        column = pl.col(kind).str.strip_chars().str.normalize("NFKC") if kind in frame.collect_schema() else pl.lit(None, pl.String)
        frame = frame.with_columns(key=column, row=pl.int_range(pl.len()))
        by_column = frame.filter(pl.col("key").is_not_null() & (pl.col("key") != "")).join(table, on="key", how="inner")
        if not address or "address" not in frame.collect_schema():
            return by_column
        addressed = frame.filter((pl.col("key").is_null() | (pl.col("key") == "")) & pl.col("address").is_not_null())
        matches = (addressed.with_columns(spelling=pl.col("address").str.extract_many(spellings, overlapping=True))
                   .explode("spelling").drop_nulls("spelling")
                   .join(spelling_place, on="spelling")
                   .with_columns(length=pl.col("spelling").str.len_chars()))
        longest = (matches.filter(pl.col("length") == pl.col("length").max().over("row"))
                   .group_by("row").agg(pl.col("by_address").unique(), pl.all().exclude("by_address").first())
                   .filter(pl.col("by_address").list.len() == 1)
                   .with_columns(place=pl.col("by_address").list.first())
                   .drop("by_address", "spelling", "length"))
        return pl.concat([by_column, longest.select(by_column.collect_schema().names())])

    # Each source read once: the period's records, repeated ids once.
    sources = {}
    for source, headers in HEADERS.items():
        frame = (pl.scan_csv(folder / f"{source}.csv", infer_schema=False)
                 .rename(headers)
                 .filter((pl.col("time") >= PERIOD_START) & (pl.col("time") < PERIOD_END)))
        if not unique_ids:
            frame = frame.filter(pl.col("id").is_first_distinct())
        if "closed_time" in headers.values():
            frame = frame.with_columns(hours_to_close=(
                pl.col("closed_time").str.to_datetime("%Y-%m-%d %H:%M", strict=False)
                - pl.col("time").str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False)).dt.total_minutes() / 60)
        if source == "sanitation":
            frame = frame.with_columns(score=pl.col("score").cast(pl.Float64))
        sources[source] = frame
    sources = dict(zip(sources, (frame.lazy() for frame in pl.collect_all(list(sources.values()), engine=ENGINE))))

    # Each (source, kind) resolved once; then every indicator is a filter and a group-by.
    needed = sorted({(source, kind) for _, kind, indicators in BOARDS for (_, source, *_r) in indicators})
    placed = dict(zip(needed, (frame.lazy() for frame in pl.collect_all(
        [resolved(sources[source], kind) for source, kind in needed], engine=ENGINE))))
    queries, layout = [], []
    for title, kind, indicators in BOARDS:
        for (ident, source, measure, where, field, scale, *_rest) in indicators:
            frame = placed[(source, kind)]
            for column, allowed in where.items():
                frame = frame.filter(pl.col(column).is_in(allowed))
            if measure == "mean":
                query = frame.group_by("place").agg(value=pl.col(field).mean()).drop_nulls("value")
            else:
                query = frame.group_by("place").agg(count=pl.len())
            queries.append(query)
            layout.append((ident, measure, field, scale))
    computed = iter(zip(layout, pl.collect_all(queries, engine=ENGINE)))

    for title, kind, indicators in BOARDS:
        kind_places = [p for p in attributes if attributes[p]["kind"] == kind]
        values = {}
        for _ in indicators:
            (ident, measure, field, scale), result = next(computed)
            if measure == "mean":
                values[ident] = dict(zip(result["place"], result["value"]))
            else:
                values[ident] = rates(dict(zip(result["place"], result["count"])), kind_places, attributes, field, scale)
        print("\n".join(board_rows(score_board(indicators, values, kind_places), display, title)))


# ---------------------------------------------------------------------------------------------
def run_pandas(folder, unique_ids=False, address=True):
    import re
    import pandas as pd

    places = pd.read_csv(folder / "places.csv", dtype=str, keep_default_na=False)
    keys, names = lookup_tables(places.to_dict("records"))
    display = dict(zip(places["id"], places["name"]))
    attributes = {row["id"]: row for row in places.to_dict("records")}
    patterns = {kind: re.compile("|".join(map(re.escape, sorted(names[kind], key=len, reverse=True))))
                for kind in names}

    by_address = address  # (`resolve` below takes an address of its own)

    def place_of(kind):
        table, pattern = keys[kind], patterns[kind]
        def resolve(key, address):
            if isinstance(key, str) and key.strip():
                return table.get(nfkc(key))
            if by_address and isinstance(address, str):
                matches = pattern.findall(address)
                longest = max(map(len, matches), default=0)
                found = {names[kind][m] for m in matches if len(m) == longest}
                return found.pop() if len(found) == 1 else None
            return None
        return resolve

    sources = {}
    for source, headers in HEADERS.items():
        frame = pd.read_csv(folder / f"{source}.csv", dtype=str).rename(columns=headers)
        if not unique_ids:
            frame = frame.drop_duplicates(subset="id")
        frame = frame[(frame["time"] >= PERIOD_START) & (frame["time"] < PERIOD_END)]
        if "closed_time" in frame:
            closed = pd.to_datetime(frame["closed_time"], format="%Y-%m-%d %H:%M", errors="coerce")
            frame = frame.assign(hours_to_close=(closed - pd.to_datetime(frame["time"])).dt.total_seconds() / 3600)
        if source == "sanitation":
            frame = frame.assign(score=frame["score"].astype(float))
        sources[source] = frame

    for title, kind, indicators in BOARDS:
        kind_places = [p for p in attributes if attributes[p]["kind"] == kind]
        values = {}
        for (ident, source, measure, where, field, scale, *_rest) in indicators:
            frame = sources[source]
            for column, allowed in where.items():
                frame = frame[frame[column].isin(allowed)]
            resolve = place_of(kind)
            keys_column = frame[kind] if kind in frame else pd.Series(None, index=frame.index)
            addresses = frame["address"] if "address" in frame else pd.Series(None, index=frame.index)
            frame = frame.assign(place=[resolve(k, a) for k, a in zip(keys_column, addresses)]).dropna(subset=["place"])
            if measure == "mean":
                values[ident] = frame.groupby("place")[field].mean().dropna().to_dict()
                continue
            counts = frame.groupby("place").size().to_dict()
            values[ident] = rates(counts, kind_places, attributes, field, scale)
        print("\n".join(board_rows(score_board(indicators, values, kind_places), display, title)))


# ---------------------------------------------------------------------------------------------
def run_duckdb(folder, unique_ids=False, address=True):
    """The same boards in SQL: DuckDB reads, filters, de-duplicates, places and groups."""
    import csv
    import duckdb

    with open(folder / "places.csv", encoding="utf-8-sig", newline="") as file:
        places = list(csv.DictReader(file))
    keys, names = lookup_tables(places)
    display = {row["id"]: row["name"] for row in places}
    attributes = {row["id"]: row for row in places}

    db = duckdb.connect()
    # The places' keys (names, aliases, ids) and spellings (names, aliases), NFKC-normalized in
    # Python: DuckDB has nfc_normalize only. The records' spellings go through the same Python
    # function, called once per distinct value of a column (a few thousand), so NFKC is exact.
    db.create_function("nfkc", nfkc, ["VARCHAR"], "VARCHAR")
    for table, lookup in (("keys", keys), ("spellings", names)):
        rows = [(kind, key, place) for kind in lookup for key, place in lookup[kind].items()]
        db.execute(f"CREATE TABLE {table} AS SELECT unnest($1) AS kind, unnest($2) AS key, unnest($3) AS place",
                   [list(column) for column in zip(*rows)])

    # Each source read once: the period's records (rowid keeps the file's order), then the
    # first copy of each repeated id.
    for source, headers in HEADERS.items():
        renamed = ", ".join(f'"{header}" AS {name}' for header, name in headers.items())
        selected = "*"
        if "closed_time" in headers.values():  # in whole minutes, as polars' total_minutes
            selected = ("*, trunc(epoch(try_strptime(closed_time, '%Y-%m-%d %H:%M')"
                        " - try_strptime(time, '%Y-%m-%d %H:%M:%S')) / 60) / 60 AS hours_to_close")
        if source == "sanitation":
            selected = "* REPLACE (CAST(score AS DOUBLE) AS score)"
        db.execute(f"""CREATE TABLE {source} AS SELECT {selected} FROM (
                           SELECT {renamed} FROM read_csv(?, header = true, all_varchar = true))
                       WHERE time >= ? AND time < ?""", [str(folder / f"{source}.csv"), PERIOD_START, PERIOD_END])
        if not unique_ids:
            db.execute(f"DELETE FROM {source} WHERE rowid NOT IN (SELECT min(rowid) FROM {source} GROUP BY id)")

    # Each (source, kind) placed once. By column: the column's distinct values, normalized once
    # each, and their places (source_kind_column). Column empty: the longest spelling of the kind
    # inside the address, found by joining the address's substrings of every spelling length
    # against the spellings (source_kind_address). The view source_kind: records and places.
    needed = sorted({(source, kind) for _, kind, indicators in BOARDS for (_, source, *_r) in indicators})
    for source, kind in needed:
        columns = HEADERS[source].values()
        column = f"r.{kind}" if kind in columns else "NULL::VARCHAR"
        db.execute(f"""CREATE TABLE {source}_{kind}_column AS
            WITH distinct_values AS (SELECT DISTINCT {column} AS raw FROM {source} r)
            SELECT c.raw, c.key, k.place FROM (SELECT raw, nfkc(raw) AS key FROM distinct_values) c
            LEFT JOIN keys k ON k.kind = $1 AND k.key = c.key""", [kind])
        db.execute(f"CREATE TABLE {source}_{kind}_address (row BIGINT, place VARCHAR)")
        if address and "address" in columns:
            db.execute(f"""INSERT INTO {source}_{kind}_address
                WITH starts AS (
                    SELECT r.rowid AS row, address, n, unnest(range(1, length(address) - n + 2)) AS start
                    FROM {source} r LEFT JOIN {source}_{kind}_column c ON c.raw = {column},
                         (SELECT DISTINCT length(key) AS n FROM spellings WHERE kind = $1) lengths
                    WHERE coalesce(c.key, '') = '' AND address IS NOT NULL),
                pieces AS (SELECT row, substring(address, start, n) AS piece FROM starts),
                longest AS (
                    SELECT row, place FROM pieces JOIN spellings s ON s.kind = $1 AND s.key = piece
                    QUALIFY length(piece) = max(length(piece)) OVER (PARTITION BY row))
                -- two different places of the longest length: ambiguous, dropped
                SELECT row, any_value(place) FROM longest GROUP BY row HAVING count(DISTINCT place) = 1""", [kind])
        db.execute(f"""CREATE VIEW {source}_{kind} AS
            SELECT r.*, c.place FROM {source} r JOIN {source}_{kind}_column c ON c.raw = {column}
            WHERE c.place IS NOT NULL
            UNION ALL
            SELECT r.*, a.place FROM {source} r JOIN {source}_{kind}_address a ON a.row = r.rowid""")

    # Every indicator a filter and a group-by.
    for title, kind, indicators in BOARDS:
        kind_places = [p for p in attributes if attributes[p]["kind"] == kind]
        values = {}
        for (ident, source, measure, where, field, scale, *_rest) in indicators:
            conditions = " AND ".join([f"{name} IN ({', '.join('?' * len(allowed))})"
                                       for name, allowed in where.items()] or ["true"])
            value = f"avg({field})" if measure == "mean" else "count(*)"
            rows = db.execute(f"""SELECT place, {value} AS value FROM {source}_{kind}
                                  WHERE {conditions} GROUP BY place HAVING value IS NOT NULL""",
                              [v for allowed in where.values() for v in allowed]).fetchall()
            if measure == "mean":
                values[ident] = dict(rows)
            else:
                values[ident] = rates(dict(rows), kind_places, attributes, field, scale)
        print("\n".join(board_rows(score_board(indicators, values, kind_places), display, title)))


if __name__ == "__main__":
    ENGINES = {"polars": run_polars, "pandas": run_pandas, "duckdb": run_duckdb}
    words = [a for a in sys.argv[1:] if not a.startswith("--")]
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    if len(words) != 2 or words[0] not in ENGINES or flags - {"--unique-ids", "--no-address"}:
        sys.exit(__doc__)
    ENGINES[words[0]](Path(words[1]), unique_ids="--unique-ids" in flags, address="--no-address" not in flags)

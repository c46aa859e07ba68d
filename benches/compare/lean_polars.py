#!/usr/bin/env python3
"""The three boards of a generated city, as a data team would write them in polars: lean.

The comparison point of issue 27, beside the heavier `boards.py polars` (which follows
DESIGN.md as far as a script goes). This one does less, as a team that knows its exports would:

- each of the four CSVs scanned lazily with only the columns the boards read;
- the period matched by the time's text prefix (`2018-11`), the time never parsed (except
  `hours_to_close`, which needs both times);
- no de-duplication of repeated ids;
- a record's place by its neighborhood/road column joined against the places' names, aliases
  and ids (NFKC, as the places file is small; the column itself is taken as written);
  with `--address`, records whose column is empty placed by the longest name or alias of the
  kind inside the address, as `boards.py` does (ambiguous ones dropped);
- then a group-by per indicator, and the same scoring and printing as `boards.py`.

It prints the same boards as `boards.py` (and as livability's newsletter, to the line) on
generated cities without repeated rows; with repeats (the generator's default 0.5 %) it counts
the copies, which can move a board.

    python3 benches/compare/lean_polars.py /tmp/city
    python3 benches/compare/lean_polars.py /tmp/city --address

Not run in CI: it needs Python with polars (`pip install polars`).
"""

import sys
from pathlib import Path

import polars as pl

from boards import BOARDS, HEADERS, board_rows, lookup_tables, rates, score_board

PERIOD = "2018-11"


def main(folder, address):
    places = pl.read_csv(folder / "places.csv", infer_schema_length=0)
    keys, names = lookup_tables(places.to_dicts())
    display = dict(zip(places["id"], places["name"]))
    attributes = {row["id"]: row for row in places.to_dicts()}

    # The columns each source's boards read (and the place columns of the kinds read from it).
    wanted = {source: {"time"} for source in HEADERS}
    for _, kind, indicators in BOARDS:
        for (_, source, measure, where, field, *_rest) in indicators:
            wanted[source] |= set(where)
            if kind in HEADERS[source].values():
                wanted[source].add(kind)
            if address and "address" in HEADERS[source].values():
                wanted[source].add("address")
            if field == "hours_to_close":
                wanted[source].add("closed_time")
            elif measure == "mean":
                wanted[source].add(field)

    frames = {}
    for source, headers in HEADERS.items():
        columns = [header for header, name in headers.items() if name in wanted[source]]
        frame = (pl.scan_csv(folder / f"{source}.csv", infer_schema=False)
                 .select(columns)
                 .rename({header: headers[header] for header in columns})
                 .filter(pl.col("time").str.starts_with(PERIOD)))
        if "closed_time" in wanted[source]:
            frame = frame.with_columns(hours_to_close=(
                pl.col("closed_time").str.to_datetime("%Y-%m-%d %H:%M", strict=False)
                - pl.col("time").str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False)).dt.total_minutes() / 60)
        if "score" in wanted[source]:
            frame = frame.with_columns(score=pl.col("score").cast(pl.Float64))
        frames[source] = frame

    def placed(source, kind):
        frame = frames[source]
        table = pl.DataFrame({kind: list(keys[kind]), "place": list(keys[kind].values())}).lazy()
        names_in = frame.collect_schema().names()
        if kind not in names_in:
            frame = frame.with_columns(pl.lit(None, pl.String).alias(kind))
        by_column = frame.join(table, on=kind, how="inner")
        if not address or "address" not in names_in:
            return by_column
        spellings = sorted(names[kind], key=len, reverse=True)
        spelling_place = pl.DataFrame({"spelling": spellings, "place": [names[kind][s] for s in spellings]}).lazy()
        addressed = (frame.filter(pl.col(kind).is_null() | (pl.col(kind) == ""))
                     .with_columns(row=pl.int_range(pl.len())))
        longest = (addressed.with_columns(spelling=pl.col("address").str.extract_many(spellings, overlapping=True))
                   .explode("spelling").drop_nulls("spelling")
                   .join(spelling_place, on="spelling")
                   .with_columns(length=pl.col("spelling").str.len_chars())
                   .filter(pl.col("length") == pl.col("length").max().over("row"))
                   .group_by("row").agg(pl.col("place").unique(), pl.all().exclude("place").first())
                   .filter(pl.col("place").list.len() == 1)
                   .with_columns(place=pl.col("place").list.first()))
        return pl.concat([by_column, longest.select(by_column.collect_schema().names())])

    queries, layout = [], []
    for _, kind, indicators in BOARDS:
        for (ident, source, measure, where, field, scale, *_rest) in indicators:
            frame = placed(source, kind)
            for column, allowed in where.items():
                frame = frame.filter(pl.col(column).is_in(allowed))
            if measure == "mean":
                query = frame.group_by("place").agg(value=pl.col(field).mean()).drop_nulls("value")
            else:
                query = frame.group_by("place").agg(count=pl.len())
            queries.append(query)
            layout.append((ident, measure, field, scale))
    computed = iter(zip(layout, pl.collect_all(queries)))

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


if __name__ == "__main__":
    words = [a for a in sys.argv[1:] if not a.startswith("--")]
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    if len(words) != 1 or flags - {"--address"}:
        sys.exit(__doc__)
    main(Path(words[0]), address="--address" in flags)

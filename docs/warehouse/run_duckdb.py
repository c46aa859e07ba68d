"""Runs the queries of `livability sql --dialect duckdb --out DIR` on DuckDB (pip install duckdb)
and writes their rows as DIR/<source>.csv for `livability rank SPEC --sql-results DIR`.

    python3 run_duckdb.py DIR grid=exports/grid.csv hotline=exports/hotline.csv ...

Each export is loaded as a table named like its source: every column as text (DuckDB would
otherwise guess types, and a column of mixed `2018-11-05T09:30:15` and `2018-11-05 09:30`
times becomes TIMESTAMP WITH TIME ZONE, which the query cannot read as the crate does), the
headers trimmed (the queries name them trimmed), a GB18030 export re-encoded to UTF-8 first
(DuckDB reads UTF-8 only).
"""

import csv
import os
import sys
import tempfile

import duckdb


def utf8_copy(path, folder):
    """The path of a UTF-8 copy of `path` (itself when it is UTF-8 already)."""
    data = open(path, "rb").read()
    try:
        data.decode("utf-8")
        return path
    except UnicodeDecodeError:
        copy = os.path.join(folder, os.path.basename(path))
        open(copy, "wb").write(data.decode("gb18030").encode("utf-8"))
        return copy


def main():
    out, pairs = sys.argv[1], sys.argv[2:]
    db = duckdb.connect()
    db.execute(
        "CREATE TABLE livability_places AS SELECT * FROM read_csv(?, header = true, "
        "columns = {'kind': 'VARCHAR', 'lookup': 'VARCHAR', 'place_key': 'VARCHAR', "
        "'place_id': 'VARCHAR', 'key_length': 'BIGINT'})",
        [os.path.join(out, "livability_places.csv")],
    )
    with tempfile.TemporaryDirectory() as scratch:
        for pair in pairs:
            source, path = pair.split("=", 1)
            db.execute(
                f'CREATE TABLE "{source}" AS SELECT * FROM read_csv(?, header = true, '
                "all_varchar = true, delim = ',', quote = '\"')",
                [utf8_copy(path, scratch)],
            )
            for (name,) in db.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                [source],
            ).fetchall():
                if name != name.strip():
                    db.execute(f'ALTER TABLE "{source}" RENAME COLUMN "{name}" TO "{name.strip()}"')
            query = open(os.path.join(out, f"{source}.sql"), encoding="utf-8").read()
            rows = db.execute(query).fetchall()
            with open(os.path.join(out, f"{source}.csv"), "w", encoding="utf-8", newline="") as file:
                writer = csv.writer(file, lineterminator="\n")
                writer.writerow(["period", "place", "indicator", "value"])
                writer.writerows(["" if field is None else field for field in row] for row in rows)


if __name__ == "__main__":
    main()

"""The warehouse path on DuckDB: the queries of `livability sql --dialect duckdb`, run over the
spec's source files loaded as DuckDB tables, their rows written for `livability rank
--sql-results`. Not run in CI: needs Python's duckdb (pip install duckdb).

    livability sql SPEC --dialect duckdb --out DIR
    python3 benches/compare/sql_duckdb.py SPEC DIR
    livability rank SPEC --sql-results DIR

Prints, per source, the seconds to load its file and to run its query. Every column is loaded
as text (`all_varchar`), as the crate reads fields; a GB18030 export is re-encoded to UTF-8 first.
"""

import os
import sys
import tempfile
import time
import tomllib

import duckdb


def utf8_copy(path, folder):
    """The path of a UTF-8 copy of `path` (itself if it is UTF-8 already)."""
    data = open(path, "rb").read()
    try:
        data.decode("utf-8")
        return path
    except UnicodeDecodeError:
        copy = os.path.join(folder, os.path.basename(path))
        open(copy, "wb").write(data.decode("gb18030").encode("utf-8"))
        return copy


def main():
    spec_path, out = sys.argv[1], sys.argv[2]
    spec = tomllib.load(open(spec_path, "rb"))
    base = os.path.dirname(os.path.abspath(spec_path))
    connection = duckdb.connect()
    connection.execute(
        "CREATE TABLE livability_places AS SELECT * FROM read_csv(?, header = true, "
        "columns = {'kind': 'VARCHAR', 'lookup': 'VARCHAR', 'place_key': 'VARCHAR', "
        "'place_id': 'VARCHAR', 'key_length': 'BIGINT'})",
        [os.path.join(out, "livability_places.csv")],
    )
    total = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        for source, settings in spec.get("sources", {}).items():
            query_path = os.path.join(out, f"{source}.sql")
            if not os.path.exists(query_path):
                continue
            start = time.perf_counter()
            path = utf8_copy(os.path.join(base, settings["file"]), scratch)
            connection.execute(
                f'CREATE TABLE "{source}" AS SELECT * FROM read_csv(?, header = true, '
                "all_varchar = true, quote = '\"', delim = ',')",
                [path],
            )
            loaded = time.perf_counter()
            query = open(query_path, encoding="utf-8").read()
            rows = connection.execute(query).fetchall()
            done = time.perf_counter()
            with open(os.path.join(out, f"{source}.csv"), "w", encoding="utf-8", newline="") as file:
                import csv

                writer = csv.writer(file, lineterminator="\n")
                writer.writerow(["period", "place", "indicator", "value"])
                for row in rows:
                    writer.writerow(["" if field is None else field for field in row])
            total += done - start
            print(
                f"{source}: load {loaded - start:.2f} s, query {done - loaded:.2f} s, {len(rows)} rows",
                file=sys.stderr,
            )
    print(f"total {total:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()

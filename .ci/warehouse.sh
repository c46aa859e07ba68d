#!/usr/bin/env bash
# The guide's warehouse recipes (docs/warehouse/), run as written on the Tianshan fixture: DuckDB
# from PyPI (in a venv) and PostgreSQL from Debian (a throwaway cluster on a socket in a scratch
# folder and 127.0.0.1 only, stopped after). The boards ranked from their rows must equal the
# boards ranked from the files, byte for byte. Costs about a minute once the packages are in.
#
#     .ci/warehouse.sh [path/to/livability]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-${CARGO_TARGET_DIR:-target}/debug/livability}")
fixture=fixtures/tianshan
sources=(grid=$fixture/grid.csv hotline=$fixture/hotline.csv police=$fixture/police.csv sanitation=$fixture/sanitation.csv)
scratch=$(mktemp -d)
chmod 755 "$scratch"

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v iconv >/dev/null; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql libc-bin >/dev/null
fi
venv=${WAREHOUSE_VENV:-${CARGO_TARGET_DIR:-target}/warehouse-venv}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import duckdb" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q duckdb
fi

# The boards in every text format; of the JSON, the boards (its quality report counts table rows
# on one side and records on the other).
# Coverage is left out, as in tests/it/sql.rs: from the files it counts records, from the engine's
# rows it counts table rows. (Its line is English under `--lang en`, Chinese by default.)
boards() { # format [--sql-results dir]
    if [ "$1" = json ]; then
        "$bin" rank "$fixture/spec.toml" --all --format json "${@:2}" 2>/dev/null |
            python3 -c 'import json, sys
boards = json.load(sys.stdin)["boards"]
for board in boards:
    board.pop("coverage", None)
print(json.dumps(boards, ensure_ascii=False, indent=1))'
    else
        "$bin" rank "$fixture/spec.toml" --all --format "$1" "${@:2}" 2>/dev/null |
            grep -v -e 'selected records counted' -e '选取 [0-9]* 条记录，计入' || true
    fi
}
same_boards() { # engine dir
    for format in table newsletter csv json markdown; do
        boards "$format" >"$scratch/files.$format"
        boards "$format" --sql-results "$2" >"$scratch/$1.$format"
        if ! cmp -s "$scratch/files.$format" "$scratch/$1.$format"; then
            echo "warehouse: $1 ($format) differs from the files:" >&2
            diff "$scratch/files.$format" "$scratch/$1.$format" >&2 || true
            exit 1
        fi
    done
    echo "warehouse: $1 boards equal the files'"
}

# DuckDB.
"$bin" sql "$fixture/spec.toml" --dialect duckdb --out "$scratch/duckdb"
"$venv/bin/python" docs/warehouse/run_duckdb.py "$scratch/duckdb" "${sources[@]}"
same_boards duckdb "$scratch/duckdb"

# PostgreSQL: a cluster of its own, run as the postgres user (initdb refuses root).
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_postgres=()
mkdir -p "$scratch/pg" "$scratch/socket"
if [ "$(id -u)" -eq 0 ]; then
    as_postgres=(runuser -u postgres --)
    chown postgres "$scratch/pg" "$scratch/socket"
fi
"${as_postgres[@]}" "$pgbin/initdb" -D "$scratch/pg" --auth=trust --encoding=UTF8 --locale=C.UTF-8 -U postgres >/dev/null
port=$((20000 + RANDOM % 20000))
"${as_postgres[@]}" "$pgbin/pg_ctl" -D "$scratch/pg" -l "$scratch/socket/pg.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $scratch/socket" start >/dev/null
trap '"${as_postgres[@]}" "$pgbin/pg_ctl" -D "$scratch/pg" -m fast stop >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
export PGHOST=$scratch/socket PGPORT=$port PGUSER=postgres PGDATABASE=postgres
"$bin" sql "$fixture/spec.toml" --dialect postgres --out "$scratch/postgres"
docs/warehouse/run_postgres.sh "$scratch/postgres" "${sources[@]}"
same_boards postgres "$scratch/postgres"

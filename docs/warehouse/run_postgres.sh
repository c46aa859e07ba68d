#!/usr/bin/env bash
# Runs the queries of `livability sql --dialect postgres --out DIR` on PostgreSQL 13 or later
# with psql and writes their rows as DIR/<source>.csv for `livability rank SPEC --sql-results DIR`.
#
#     run_postgres.sh DIR grid=exports/grid.csv hotline=exports/hotline.csv ...
#
# psql connects as its environment says (PGHOST, PGPORT, PGUSER, PGDATABASE). Each export becomes
# a table named like its source, every column TEXT, named by its header trimmed (the queries name
# the headers trimmed; a header cell holding a comma or a quote is not handled here), loaded
# from a UTF-8 copy (a GB18030 export is converted with iconv). The rows come back through
# `COPY (query) TO STDOUT`: psql's `\copy` takes one line only, and a query of several lines
# runs inside COPY without its final semicolon.
set -euo pipefail
out=$1
shift
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
psql="psql -X -q -v ON_ERROR_STOP=1"
$psql -c "DROP TABLE IF EXISTS livability_places" -f "$out/livability_places.sql"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for pair in "$@"; do
    source=${pair%%=*}
    file=${pair#*=}
    if iconv -f UTF-8 -t UTF-8 "$file" >/dev/null 2>&1; then
        sed '1s/^\xEF\xBB\xBF//' "$file" >"$scratch/$source.csv"
    else
        iconv -f GB18030 -t UTF-8 "$file" >"$scratch/$source.csv"
    fi
    columns=$(head -n 1 "$scratch/$source.csv" | tr -d '\r' |
        awk -F, '{ for (i = 1; i <= NF; i++) { gsub(/^[ \t]+|[ \t]+$/, "", $i); printf "%s\"%s\" TEXT", (i > 1 ? ", " : ""), $i } }')
    $psql -c "DROP TABLE IF EXISTS \"$source\"" -c "CREATE TABLE \"$source\" ($columns)"
    $psql -c "\\copy \"$source\" FROM '$scratch/$source.csv' WITH (FORMAT csv, HEADER true)"
    query=$(sed '$ s/;$//' "$out/$source.sql")
    $psql -c "COPY ($query) TO STDOUT WITH (FORMAT csv, HEADER false)" >"$scratch/rows.csv"
    { echo "period,place,indicator,value"; cat "$scratch/rows.csv"; } >"$out/$source.csv"
done

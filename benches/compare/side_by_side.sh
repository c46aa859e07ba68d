#!/usr/bin/env bash
# CPU seconds, wall and peak memory of the scan, livability, the lean and the heavy polars
# scripts and DuckDB, on four shapes of one generated city, runs interleaved (ROUNDS rounds of
# every shape and tool in turn), one line per run from `/usr/bin/time`: on a loaded machine the
# CPU seconds (user + sys) are what compares, and interleaving spreads the load's drift over all.
# Not run in CI (needs Python with polars and duckdb, iconv, GNU time).
#
#   bash benches/compare/side_by_side.sh [RECORDS] [ROUNDS] [FOLDER]   # 1000000 3 /tmp/side
#
# Shapes, all without repeated rows (the peers then skip de-duplication): `plain` ids, `padded`
# ids, `gb18030` (the plain city converted; livability and the scan read it, the peers the
# UTF-8 files, which they alone can read) and `address` (plain ids, 10 % of the records placed
# only by an address: the peers match addresses too). Output: FOLDER/side.tsv (round, shape,
# tool, wall s, user s, sys s, peak KiB, load average) and each tool's boards beside it.
set -euo pipefail
cd "$(dirname "$0")/../.."
records=${1:-1000000} rounds=${2:-3} folder=${3:-/tmp/side}
scale=$((records / 550))
# BIN and SCAN: the binaries, when not built in target/ (a CARGO_TARGET_DIR elsewhere); TOOLS:
# the tools run (all five by default); BEFORE: an earlier livability binary, run as the tool
# `livability-before` (add it to TOOLS) to compare a change within the same interleaved run.
bin=${BIN:-target/release/livability} scan=${SCAN:-target/release/examples/scan}
before=${BEFORE:-$bin}
mkdir -p "$folder"
city() {
    local name=$1
    shift
    [ -f "$folder/$name/spec.toml" ] || "$bin" generate --neighborhoods "$scale" --roads $((scale / 2)) \
        --records "$records" --seed 1 --repeat-share 0 "$@" "$folder/$name" >/dev/null
}
city plain --ids plain --address-share 0
city padded --ids padded --address-share 0
city address --ids plain --address-share 0.1
if [ ! -f "$folder/gb18030/spec.toml" ]; then
    mkdir -p "$folder/gb18030"
    for file in places grid hotline police sanitation; do
        iconv -f UTF-8 -t GB18030 "$folder/plain/$file.csv" >"$folder/gb18030/$file.csv"
    done
    sed 's/^file = .*/&\nencoding = "gb18030"/' "$folder/plain/spec.toml" >"$folder/gb18030/spec.toml"
fi
out=$folder/side.tsv
: >"$out"
for round in $(seq 1 "$rounds"); do
    for shape in plain padded gb18030 address; do
        own=$folder/$shape peer=$folder/$shape flags="--unique-ids --no-address" lean=""
        if [ "$shape" = gb18030 ]; then peer=$folder/plain; fi
        if [ "$shape" = address ]; then flags="--unique-ids" lean="--address"; fi
        declare -A command=(
            [scan]="$scan $own"
            [livability]="$bin rank $own/spec.toml --format newsletter"
            [livability-before]="$before rank $own/spec.toml --format newsletter"
            [lean-polars]="python3 benches/compare/lean_polars.py $peer $lean"
            [heavy-polars]="python3 benches/compare/boards.py polars $peer $flags"
            [duckdb]="python3 benches/compare/boards.py duckdb $peer $flags"
        )
        for tool in ${TOOLS:-scan livability lean-polars heavy-polars duckdb}; do
            # Word splitting of the command is wanted.
            # shellcheck disable=SC2086
            /usr/bin/time -f "%e\t%U\t%S\t%M" -o "$folder/time.txt" ${command[$tool]} >"$folder/$shape-$tool.txt" 2>/dev/null
            printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$shape" "$tool" "$(tail -1 "$folder/time.txt")" \
                "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out"
        done
    done
done
echo "runs in $out"

#!/usr/bin/env bash
# A grid source of ROWS records read from a workbook and from its CSV export, side by side:
# wall time and peak memory (maximum resident set size, from /usr/bin/time -v) of
# `livability rank` on each. Not run in CI: it builds in release mode and writes ~100 MB.
#
#   bash benches/sheet/run.sh [ROWS...]      # default: 100000 1000000
#
# The workbook is streamed: its peak memory should not grow with its rows, as the CSV's
# does not. Figures are in BENCHMARKS.md ("Spreadsheets").
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -gt 0 ] || set -- 100000 1000000
cargo build --release -p livability-cli -q
cargo build --release --all-features --example workbook -q
printf '| rows | input | file size | wall time | peak memory |\n|---:|---|---:|---:|---:|\n'
for rows in "$@"; do
    folder=/tmp/livability-sheet-$rows
    [ -f "$folder/grid.xlsx" ] || target/release/examples/workbook "$rows" "$folder" 2>/dev/null
    for input in grid-csv grid-xlsx; do
        file=$folder/${input/-/.}
        size=$(du -m "$file" | cut -f1)
        /usr/bin/time -v target/release/livability rank "$folder/spec-$input.toml" --format csv \
            >/tmp/livability-sheet-$input.out 2>/tmp/livability-sheet-time
        wall=$(grep "Elapsed (wall clock)" /tmp/livability-sheet-time | awk '{print $NF}')
        peak=$(grep "Maximum resident set size" /tmp/livability-sheet-time | awk '{print $NF}')
        printf '| %s | %s | %s MB | %s | %s MB |\n' "$rows" "${input#grid-}" "$size" "$wall" $((peak / 1024))
    done
    cmp -s /tmp/livability-sheet-grid-csv.out /tmp/livability-sheet-grid-xlsx.out \
        && echo "|  | boards | identical | | |" || echo "|  | boards | DIFFER | | |"
done

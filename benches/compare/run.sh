#!/usr/bin/env bash
# livability against polars, pandas and a bare CSV scan on one generated city, side by side.
# Not run in CI: needs hyperfine and Python with polars and pandas
# (apt-get install hyperfine; pip install polars pandas).
#
#   bash benches/compare/run.sh [RECORDS] [FOLDER]
#
# RECORDS defaults to a city month (3,300,000 records, 6,000 neighborhoods, 3,000 roads).
set -euo pipefail
cd "$(dirname "$0")/../.."
records=${1:-3300000}
folder=${2:-/tmp/livability-city-$records}
scale=$((records / 550))
cargo build --release --features cli --example scan -q
bin=target/release/livability
if [ ! -f "$folder/spec.toml" ]; then
    "$bin" generate --neighborhoods $((scale > 0 ? scale : 1)) --roads $((scale / 2 > 0 ? scale / 2 : 1)) \
        --records "$records" --seed 1 "$folder"
fi
du -sh "$folder"
# Peak memory of each, once.
for command in "$bin rank $folder/spec.toml --format newsletter" \
    "python3 benches/compare/boards.py polars $folder" \
    "target/release/examples/scan $folder"; do
    /usr/bin/time -f "%M KB peak, %e s: $command" $command >/dev/null 2>/tmp/livability-time.txt || true
    tail -1 /tmp/livability-time.txt
done
hyperfine --warmup 1 --runs "${RUNS:-5}" \
    -n scan "target/release/examples/scan $folder" \
    -n scan-one-core "target/release/examples/scan --one-core $folder" \
    -n livability "$bin rank $folder/spec.toml --format newsletter" \
    -n polars "python3 benches/compare/boards.py polars $folder" \
    ${PANDAS:+-n pandas "python3 benches/compare/boards.py pandas $folder"}

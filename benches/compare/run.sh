#!/usr/bin/env bash
# livability against polars (lean_polars.py, as a data team writes it, and boards.py's heavier
# script), DuckDB, pandas and a bare CSV scan on one generated city, side by side.
# Not run in CI: needs hyperfine and Python with polars, duckdb and pandas
# (apt-get install hyperfine; pip install polars duckdb pandas).
#
#   bash benches/compare/run.sh [RECORDS] [FOLDER]
#
# RECORDS defaults to a city month (3,300,000 records, 6,000 neighborhoods, 3,000 roads).
# The shape of the city, passed to `livability generate` only when set (the generator's
# defaults otherwise), and appended to FOLDER so that shapes do not collide:
#   IDS=plain|padded|dashed|uuid|mixed   --ids
#   ADDRESS_SHARE=0.1                    --address-share (records placed only by an address)
#   REPEAT_SHARE=0.005                   --repeat-share (rows repeating a recent row)
#   ENCODING=gb18030                     livability reads a GB18030 copy of the city (below)
# With REPEAT_SHARE=0 the peer scripts get --unique-ids (no de-duplication), with
# ADDRESS_SHARE=0 --no-address (no address matching): what an analyst would write for such data.
# Other settings: RUNS (hyperfine runs, 5), PANDAS=1 (pandas too: slow), MARKDOWN=FILE
# (hyperfine's --export-markdown), BUILD=0 (use the binaries already in target/release).
set -euo pipefail
cd "$(dirname "$0")/../.."
records=${1:-3300000}
scale=$((records / 550))
generate=() shape="" peer=""
if [ -n "${IDS:-}" ]; then generate+=(--ids "$IDS"); shape+="-ids-$IDS"; fi
if [ -n "${ADDRESS_SHARE:-}" ]; then generate+=(--address-share "$ADDRESS_SHARE"); shape+="-address-$ADDRESS_SHARE"; fi
if [ -n "${REPEAT_SHARE:-}" ]; then generate+=(--repeat-share "$REPEAT_SHARE"); shape+="-repeat-$REPEAT_SHARE"; fi
zero() { [ -n "$1" ] && awk -v share="$1" 'BEGIN { exit !(share + 0 == 0) }'; }
if zero "${REPEAT_SHARE:-}"; then peer+=" --unique-ids"; fi
lean=" --address"
if zero "${ADDRESS_SHARE:-}"; then peer+=" --no-address"; lean=""; fi
case "${ENCODING:-utf-8}" in
    utf-8 | gb18030) ;;
    *) echo "ENCODING: utf-8 or gb18030, not '$ENCODING'" >&2; exit 2 ;;
esac
folder=${2:-/tmp/livability-city-$records}$shape
if [ "${BUILD:-1}" != 0 ]; then
    cargo build --release -p livability-cli -q && cargo build --release --all-features --example scan -q
fi
bin=target/release/livability
if [ ! -f "$folder/spec.toml" ]; then
    "$bin" generate --neighborhoods $((scale > 0 ? scale : 1)) --roads $((scale / 2 > 0 ? scale / 2 : 1)) \
        --records "$records" --seed 1 ${generate[@]+"${generate[@]}"} "$folder"
fi
# What livability (and the scan, which reads the same bytes) reads.
city=$folder
if [ "${ENCODING:-}" = gb18030 ]; then
    # The same city as Excel on Chinese Windows exports it: every file converted, the spec's
    # sources declared GB18030 (places.csv is detected). polars and DuckDB cannot read GB18030
    # (and the pandas engine reads UTF-8), so the peer scripts keep reading the UTF-8 folder:
    # the same records, fewer bytes for livability (two bytes a Chinese character, not three).
    city=$folder-gb18030
    if [ ! -f "$city/spec.toml" ]; then
        mkdir -p "$city"
        for file in places grid hotline police sanitation; do
            iconv -f UTF-8 -t GB18030 "$folder/$file.csv" >"$city/$file.csv"
        done
        sed 's/^file = .*/&\nencoding = "gb18030"/' "$folder/spec.toml" >"$city/spec.toml"
    fi
fi
echo "city: $city${shape:+ (shape$shape)}${ENCODING:+, $ENCODING}; peer scripts: $folder$peer"
du -sh "$city"
names=(scan scan-one-core livability lean-polars polars duckdb)
commands=("target/release/examples/scan $city"
    "target/release/examples/scan --one-core $city"
    "$bin rank $city/spec.toml --format newsletter"
    "python3 benches/compare/lean_polars.py $folder$lean"
    "python3 benches/compare/boards.py polars $folder$peer"
    "python3 benches/compare/boards.py duckdb $folder$peer")
if [ -n "${PANDAS:-}" ]; then
    names+=(pandas)
    commands+=("python3 benches/compare/boards.py pandas $folder$peer")
fi
# Peak memory of each, once.
for command in "${commands[@]}"; do
    /usr/bin/time -f "%M KB peak, %e s: $command" $command >/dev/null 2>/tmp/livability-time.txt || true
    tail -1 /tmp/livability-time.txt
done
benchmarks=()
for i in "${!names[@]}"; do
    benchmarks+=(-n "${names[$i]}" "${commands[$i]}")
done
hyperfine --warmup 1 --runs "${RUNS:-5}" ${MARKDOWN:+--export-markdown "$MARKDOWN"} "${benchmarks[@]}"

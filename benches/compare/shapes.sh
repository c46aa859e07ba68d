#!/usr/bin/env bash
# run.sh over the shapes of export that case systems write; the hyperfine tables of all the
# runs collected into one file, /tmp/livability-shapes.md. Not run in CI (needs what run.sh does).
#
#   bash benches/compare/shapes.sh [RECORDS]
#
# The base shape is a clean export: ADDRESS_SHARE=0 and REPEAT_SHARE=0 (no record placed only by
# its address, no repeated row; the peer scripts then skip address matching and de-duplication,
# as an analyst would for such data); set either to change the base. Over the base: each id
# form, the plain-id city in GB18030, and a city with 10% of its records placed only by an
# address. RUNS, PANDAS and BUILD go through to run.sh.
set -euo pipefail
cd "$(dirname "$0")"
records=${1:-3300000}
out=/tmp/livability-shapes.md
base=(ADDRESS_SHARE="${ADDRESS_SHARE:-0}" REPEAT_SHARE="${REPEAT_SHARE:-0}")
table=$(mktemp --suffix=.md)
trap 'rm -f "$table"' EXIT
printf '# livability and its peers over export shapes (%s records, %s)\n' "$records" "$(date -u '+%F %H:%M UTC')" >"$out"

# One run of run.sh with the settings given (NAME=VALUE…): its hyperfine table under TITLE.
shape() {
    local title=$1
    shift
    printf '\n=== %s\n' "$title"
    env -u IDS -u ENCODING "$@" MARKDOWN="$table" bash run.sh "$records"
    printf '\n## %s\n\n' "$title" >>"$out"
    cat "$table" >>"$out"
}

for ids in plain padded dashed uuid mixed; do
    shape "ids $ids" "${base[@]}" IDS="$ids"
done
shape "ids plain, GB18030 (livability reads the GB18030 copy, the peers the UTF-8 city)" \
    "${base[@]}" IDS=plain ENCODING=gb18030
shape "ids plain, 10% of the records placed only by an address" \
    "${base[@]}" IDS=plain ADDRESS_SHARE=0.1
echo "tables in $out"

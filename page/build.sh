#!/usr/bin/env bash
# Builds livability.html: the whole tool as one offline page (issue 29). The library is
# compiled to WebAssembly and inlined (base64) with its glue, so that the file opens by
# double-click from file:// and fetches nothing. Usage: page/build.sh [OUT] (default
# ./livability.html). Needs rustup's wasm32-unknown-unknown target and the wasm-bindgen CLI
# at the exact version of the wasm-bindgen crate in Cargo.lock; both are installed when
# missing (the CLI builds from crates.io in a few minutes, once).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "${1:-livability.html}")"
cd "$root"

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
    echo "installing wasm-bindgen-cli $version (once)" >&2
    cargo install wasm-bindgen-cli --version "=$version"
fi

cargo rustc -p livability-page --lib --crate-type cdylib --target wasm32-unknown-unknown --profile page
target="${CARGO_TARGET_DIR:-$root/target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
wasm-bindgen --target no-modules --no-typescript --out-dir "$work" \
    "$target/wasm32-unknown-unknown/page/livability_page.wasm"

# The template's marker line is replaced by the glue and the module, both inline (held as
# text: the page starts them in a Web Worker).
template=page/web/page.html
marker='<!-- build.sh puts the glue and the WebAssembly here -->'
grep -qF "$marker" "$template"
{
    sed "/$marker/,\$d" "$template"
    # The glue runs in the page's Web Worker, not in the page: held as text until then.
    printf '<script id="livability-glue" type="text/x-worker">\n'
    cat "$work/livability_page.js"
    printf '</script>\n<script id="livability-wasm" type="application/octet-stream">'
    base64 -w0 "$work/livability_page_bg.wasm"
    printf '</script>\n'
    sed "1,/$marker/d" "$template"
} >"$work/livability.html"
mv "$work/livability.html" "$out"
size="$(stat -c %s "$out")"
echo "wrote $out ($((size / 1024)) KiB)" >&2
# The page is handed around by mail and USB stick: keep it under 8 MB.
[ "$size" -lt 8000000 ] || { echo "livability.html is over 8 MB" >&2; exit 1; }

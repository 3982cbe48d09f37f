#!/bin/sh
# Runs the benchmark built in DIR (DIR/bench) and prints markdown tables for README.md:
# instructions per call from callgrind, then ns per call, customhdr beside upstream jsmn
# (tokenizing only) and the cJSON handler, with the ratios.
# usage: bench/bench.sh DIR
set -eu
dir=${1:?usage: bench.sh DIR}
bin=$dir/bench
N1=1000
N2=2000
impls="customhdr jsmn-ours jsmn jsmn-strict cjson"
works="set-cors-axis-example list-5-headers getSupportedVersions error-2100 block"

# A benchmark of wrong answers measures nothing: refuse to report when the check fails.
if ! "$bin" check >"$dir/check.log" 2>&1; then
    cat "$dir/check.log"
    echo "bench: the workloads do not produce the expected responses; no figures" >&2
    exit 1
fi

ir_total() { # impl work n -> total instructions of the whole run
    out=$dir/callgrind.$1.$2.$3
    valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" run "$1" "$2" "$3" \
        >/dev/null 2>&1
    awk '/^(summary|totals):/ {print $2; exit}' "$out"
}

"$bin" bytes >"$dir/bytes.txt"
: >"$dir/ir.txt"
if command -v valgrind >/dev/null 2>&1; then
    for w in $works; do
        for i in $impls; do
            [ "$w" = block ] && [ "$i" != customhdr ] && continue
            a=$(ir_total "$i" "$w" $N1)
            b=$(ir_total "$i" "$w" $N2)
            echo "$w $i $(( (b - a) / (N2 - N1) ))" >>"$dir/ir.txt"
        done
    done
else
    echo "bench: valgrind not found (apt-get install valgrind): no instruction counts" >&2
fi
"$bin" time >"$dir/ns.txt"

# table KIND FILE: one row per workload, one column per implementation, then the ratios.
table() {
    awk -v kind="$1" -v works="$works" '
        FILENAME ~ /bytes.txt$/ { bytes[$1] = $2; next }
        { v[$1 " " $2] = $3 }
        function cell(w, i) { return (w " " i) in v ? v[w " " i] : "" }
        function ratio(w, i, top) { # top / i on workload w
            if (cell(w, i) == "" || cell(w, top) == "" || cell(w, i) == 0) return "n/a"
            return sprintf("%.2f", cell(w, top) / cell(w, i))
        }
        function show(x) { return x == "" ? "n/a" : x }
        END {
            print "| request | bytes | customhdr " kind " | our tokenizer " kind " | jsmn " kind \
                  " | jsmn strict " kind " | cJSON " kind " | customhdr/jsmn" \
                  " | customhdr/jsmn strict | customhdr/cJSON | our tokenizer/jsmn |"
            print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
            n = split(works, W, " ")
            for (k = 1; k <= n; k++) {
                w = W[k]
                printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", \
                    (w == "block" ? "chdr_block" : w), (w == "block" ? "-" : bytes[w]), \
                    show(cell(w, "customhdr")), show(cell(w, "jsmn-ours")), \
                    show(cell(w, "jsmn")), show(cell(w, "jsmn-strict")), show(cell(w, "cjson")), \
                    ratio(w, "jsmn", "customhdr"), ratio(w, "jsmn-strict", "customhdr"), \
                    ratio(w, "cjson", "customhdr"), ratio(w, "jsmn", "jsmn-ours")
            }
        }' "$dir/bytes.txt" "$2"
}

cc=$(${CC:-cc} --version | head -n 1)
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
echo "### Instructions per call (callgrind Ir, ($N2-call run - $N1-call run) / $((N2 - N1)); x86-64, $cc, -O2)"
echo
[ -s "$dir/ir.txt" ] && table Ir "$dir/ir.txt" || echo "(valgrind missing)"
echo
echo "### Time per call (ns, best of 15 rounds of 5 ms batches; $cpu)"
echo
table ns "$dir/ns.txt"
echo
echo "our tokenizer: jsmn/jsmn.h alone; jsmn columns: upstream jsmn 1.1.0 (Debian libjsmn-dev),"
echo "default and JSMN_STRICT; each tokenizes the same bytes into 64 tokens and does nothing else;"
echo "cJSON: bench/cjson_handler.c (cJSON $(
    awk '/define CJSON_VERSION_(MAJOR|MINOR|PATCH)/ {v = v (v ? "." : "") $3} END {print v}' \
        /usr/include/cjson/cJSON.h)) parsing, answering and printing the response."
echo "The requests, as they are: set-cors-axis-example is the Axis document's \"Set CORS header\""
echo "example byte for byte (apiVersion 1.0, context OptionalContext, Access-Control-Allow-Origin"
echo "http://axis.trusted.example.server.com, two-space indentation) on a table that already holds"
echo "that header: a no-op set, fully read and checked, that changes nothing. list-5-headers lists"
echo "the four AXIS defaults and that header. getSupportedVersions is what it says. error-2100 is a"
echo "list with apiVersion 2.0. block is chdr_block, the per-response call. Each is pretty-printed"
echo "like the Axis document's examples; bytes are the request's length."
echo "Guard (the project's, not a goal): set-cors-axis-example at most 2.0 x upstream jsmn tokenizing the same bytes."
echo "Times come from a shared machine: trust the instruction counts, read the ns as indicative."

if command -v callgrind_annotate >/dev/null 2>&1; then
    out=$dir/callgrind.profile.set
    valgrind --tool=callgrind --toggle-collect='run*' --callgrind-out-file="$out" \
        "$bin" run customhdr set-cors-axis-example $N2 >/dev/null 2>&1
    echo
    echo "### Where chdr_handle spends set-cors-axis-example (callgrind self Ir inside the loop)"
    echo
    echo "| function | Ir per call | share |"
    echo "| --- | ---: | ---: |"
    callgrind_annotate --inclusive=no "$out" 2>/dev/null |
        awk -v n=$N2 '
            /file:function/ { on = 1; next }
            on && shown && NF == 0 { exit } # the list ends; annotated source follows
            on && $1 ~ /^[0-9,]+$/ && shown < 15 {
                line = $0; sub(/^ +/, "", line)
                ir = line; sub(/ .*/, "", ir); gsub(/,/, "", ir)
                share = line; sub(/^[^(]*\( */, "", share); sub(/\).*/, "", share)
                fn = line; sub(/^[^)]*\) +/, "", fn); sub(/ .*/, "", fn)
                file = fn; sub(/:[^:]*$/, "", file); sub(/.*\//, "", file); sub(/.*:/, "", fn)
                # inlined code is counted under the file it was written in: say which
                if (file == "customhdr.h" || file == "jsmn.h") fn = fn " (" file ")"
                printf "| %s | %.0f | %s |\n", fn, ir / n, share
                shown++
            }'
fi

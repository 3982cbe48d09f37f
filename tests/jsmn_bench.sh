#!/bin/sh
# Instructions per tokenize (callgrind Ir, (2000-call run - 1000-call run) / 1000, so start-up
# cancels): ours against upstream jsmn's strict mode on the same inputs.
#   sh tests/jsmn_bench.sh BUILD_DIR   (BUILD_DIR/jsmn_bench built by make jsmn-bench)
set -eu
dir=${1:?usage: jsmn_bench.sh DIR}
bin=$dir/jsmn_bench
"$bin" check >/dev/null || { "$bin" check; exit 1; }
ir() { # impl work n
    out=$dir/callgrind.$1.$2.$3
    valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" "$1" "$2" "$3" >/dev/null 2>&1
    awk '/^(summary|totals):/ {print $2; exit}' "$out"
}
printf '%-12s %6s %8s %10s %7s\n' workload bytes ours upstream ratio
"$bin" check | while read -r w b _ t _; do
    [ "$b" = passed, ] && continue
    case $w in *passed*) continue ;; esac
    o=$(( ($(ir ours "$w" 2000) - $(ir ours "$w" 1000)) / 1000 ))
    u=$(( ($(ir upstream "$w" 2000) - $(ir upstream "$w" 1000)) / 1000 ))
    printf '%-12s %6s %8s %10s %7s\n' "$w" "$b" "$o" "$u" "$(awk -v o="$o" -v u="$u" 'BEGIN {printf "%.2f", o / u}')"
done

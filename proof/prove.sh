#!/bin/bash
# make prove: Frama-C's EVA (and WP on the writers into a caller's buffer) on each harness
# below; a harness passes when every property the analysis reaches is valid and it reaches at
# least the statements it used to.
# usage: proof/prove.sh OUTDIR [HARNESS...]   (run from the repository root)
set -u
out=${1:?usage: prove.sh OUTDIR [HARNESS...]}
shift
if ! command -v frama-c >/dev/null 2>&1; then
    echo "SKIP: prove: needs frama-c-base"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
# WP hands its goals to Z3 through Why3 (which frama-c-base brings)
if ! command -v z3 >/dev/null 2>&1 || ! command -v why3 >/dev/null 2>&1; then
    echo "SKIP: prove: needs z3"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
mkdir -p "$out"
export WHY3CONFIG="$out/why3.conf"
why3 config detect >"$out/why3.log" 2>&1

# name, source, N (bytes of the unknown input), least % of statements reached, -D flags
harnesses='jsmn            jsmn_parse.c  4096 98
jsmn-links      jsmn_parse.c  4096 98  -DJSMN_PARENT_LINKS
serve-empty     serve.c       64   90
serve-defaults  serve.c       64   90  -DPROOF_DEFAULTS
load-empty      load.c        128  90
load-defaults   load.c        128  90  -DPROOF_DEFAULTS
api-empty       api.c         64   90
api-defaults    api.c         64   90  -DPROOF_DEFAULTS'
# -rte first states every check for a runtime error as an assertion, for EVA to prove: what
# the report counts. Precision 2 keeps jsmn_parse's states apart enough; the plevel keeps an
# index range over a whole token array exact instead of approximated.
eva='-eva -eva-precision 2 -eva-no-show-progress'
# The writers into a caller's buffer, and what they call: WP proves their contracts (what they
# may write) for a buffer of any capacity; EVA proves that every call meets them.
wp='-wp -wp-fct chdr__emit,chdr_save,chdr__put32,chdr__crc32 -wp-prover z3 -wp-timeout 60'

pass=0 fail=0
while read -r name src n least defs; do
    if [ $# -gt 0 ] && ! printf ' %s ' "$*" | grep -q " $name "; then continue; fi
    log=$out/$name.log csv=$out/$name.csv
    rm -f "$csv"
    TIMEFORMAT=%U+%S
    # shellcheck disable=SC2086  # the flags are words
    plevel=$((n + 2 > 300 ? n + 2 : 300))
    # The request reader runs only on a parse that gave tokens, a blob is committed only when
    # its check passed: keeping these functions' answer 0 apart from their refusals lets EVA
    # see the token count, or the header count, that was checked.
    split= prove=
    if [ "$src" != jsmn_parse.c ]; then
        split='-eva-split-return-function chdr__parse:0,chdr__check_blob:0'
        prove="-then $wp"
    fi
    cpu=$({ time frama-c -cpp-extra-args="-I. -DPROOF_N=$n $defs" "proof/$src" -rte -then $eva \
              -eva-plevel $plevel $split $prove \
              -then -report-csv "$csv" >"$log" 2>&1; } 2>&1)
    cpu=$(echo "$cpu" | awk -F+ '{printf "%.0f", $1 + $2}')
    reached=$(sed -n 's/.* statements reached (out of [0-9]*): \([0-9]*\)% coverage.*/\1/p' "$log")
    if [ ! -s "$csv" ] || [ -z "$reached" ]; then
        echo "FAIL $name: frama-c did not finish (see $log)"
        tail -5 "$log" | sed 's/^/     | /'
        fail=$((fail + 1))
        continue
    fi
    # every property that is not valid: those of our own code "considered valid" too (only
    # the C library's own specifications may be taken as given)
    awk -F'\t' 'NR > 1 && $6 != "Valid" && $6 != "Dead" &&
                !($6 == "Considered valid" && $1 ~ /^FRAMAC_SHARE/) {print $4 "\t" $5 "\t" $7 "\t" $6 "\t" $2 ":" $3}' \
        "$csv" >"$out/$name.open"
    proven=$(awk -F'\t' 'NR > 1 && $6 == "Valid"' "$csv" | wc -l)
    invalid=$(awk -F'\t' '$4 ~ /^Invalid/' "$out/$name.open" | wc -l)
    unknown=$(($(wc -l <"$out/$name.open") - invalid))
    what="$name (N=$n): $proven valid, $unknown unknown, $invalid invalid, $reached% of statements reached, ${cpu}s CPU"
    if [ -s "$out/$name.open" ] || [ "$reached" -lt "$least" ]; then
        echo "FAIL $what"
        [ "$reached" -lt "$least" ] && echo "     | fewer statements reached than the $least% expected"
        sed 's/^/     | /' "$out/$name.open" | head -40
        fail=$((fail + 1))
    else
        echo "ok   $what"
        pass=$((pass + 1))
    fi
done <<EOF_HARNESSES
$harnesses
EOF_HARNESSES
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

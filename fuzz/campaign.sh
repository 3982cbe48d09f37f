#!/bin/sh
# campaign.sh TARGET SECONDS - one long libFuzzer campaign, the way the figures in
# fuzz/README.md were produced: one process, nice'd, the committed corpus as seeds (read-only),
# new inputs into build/fuzz/work/TARGET, crashes into build/fuzz/artifacts/TARGET/.
# Afterwards `make fuzz-merge TARGET=...` minimizes what it found into a reviewable corpus.
set -e
t=${1:?target}; secs=${2:?seconds}
cd "$(dirname "$0")/.."
make --no-print-directory build/fuzz/lf/fuzz_$t >/dev/null
mkdir -p build/fuzz/work/$t build/fuzz/artifacts/$t
log=build/fuzz/work/$t.campaign.log
echo "fuzz_$t: $secs s, started $(date -u +%H:%M:%S)" >"$log"
rc=0
nice -n 10 build/fuzz/lf/fuzz_$t -max_total_time="$secs" -dict=fuzz/customhdr.dict \
    -print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/$t/ \
    build/fuzz/work/$t fuzz/corpus/$t >>"$log" 2>&1 || rc=$?
echo "exit $rc, ended $(date -u +%H:%M:%S)" >>"$log"
grep -E '^stat::|^Done|oracle violated|ERROR' "$log" || true
exit $rc

#!/bin/sh
# Runs every check named on the command line (make targets check-NAME), shows its output, and
# adds up the "N passed, N failed[, N skipped]" lines each one prints into the closing line.
# A check that exits non-zero without such a line counts as one failure; one that exits zero
# without it, as one pass.
MAKE=${MAKE:-make}
mkdir -p build/logs
total_p=0 total_f=0 total_s=0 failed_checks=""
for c in "$@"; do
    log=build/logs/$c.log
    printf '=== %s\n' "$c"
    $MAKE --no-print-directory "check-$c" >"$log" 2>&1
    rc=$?
    cat "$log"
    counts=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" |
             sed -E 's/^[A-Za-z-]+: //' |
             awk -F'[ ,]+' '{p+=$1; f+=$3; if ($5 != "") s+=$5} END {if (NR) print p, f, s+0}')
    if [ -n "$counts" ]; then
        p=${counts%% *}; rest=${counts#* }; f=${rest%% *}; s=${rest#* }
    elif [ $rc -eq 0 ]; then p=1 f=0 s=0
    else p=0 f=1 s=0
    fi
    [ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
    [ "$f" -ne 0 ] && failed_checks="$failed_checks $c"
    total_p=$((total_p + p)); total_f=$((total_f + f)); total_s=$((total_s + s))
done
[ -n "$failed_checks" ] && echo "failing checks:$failed_checks"
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" -eq 0 ]

#!/bin/sh
# make soak: the demo server under wrk for $SOAK_SECONDS (default 30) while a second client keeps
# setting and removing headers through the API and a third checks, response after response,
# that the header block is well-formed: every line "token: value" with CRLF, the AXIS defaults
# exactly once, no name twice, the churned header either absent or whole. A benchmark, not part
# of make test. Usage: soak.sh SERVER-BINARY
set -u
SERVER=${1:-build/examples/customhdr-server}
SECS=${SOAK_SECONDS:-30}
OUT=build/examples/soak
rm -rf "$OUT"
mkdir -p "$OUT"
for need in wrk curl; do
    command -v $need >/dev/null 2>&1 || { echo "soak needs $need (apt-get install $need)"; exit 1; }
done

PASS_=soak-$$
CUSTOMHDR_PORT=0 CUSTOMHDR_PASSWORD=$PASS_ CUSTOMHDR_STATE=$OUT/state "$SERVER" >"$OUT/server.log" 2>&1 &
srv=$!
churn= check=
trap 'for p in $srv $churn $check; do kill "$p" 2>/dev/null; done' EXIT INT TERM
port=
for _ in $(seq 1 40); do
    port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$OUT/server.log")
    [ -n "$port" ] && break
    sleep 0.25
done
[ -n "$port" ] || { cat "$OUT/server.log"; echo "server did not start"; exit 1; }
BASE=http://127.0.0.1:$port
API=$BASE/axis-cgi/customhttpheader.cgi
STOP=$OUT/stop

# the churn: set then remove X-Soak (value grows and shrinks, so the block moves in memory);
# 50 set/remove pairs per curl process over one keep-alive connection
i=0
while [ $i -lt 50 ]; do
    v=$(printf 'v%0*d' $((i * 4 + 1)) $i)
    printf 'url = "%s"\nuser = "root:%s"\ndata-binary = "{\\"apiVersion\\":\\"1.0\\",\\"method\\":\\"set\\",\\"params\\":{\\"X-Soak\\":\\"%s\\",\\"Access-Control-Allow-Origin\\":\\"*\\"}}"\nnext\n' "$API" "$PASS_" "$v"
    printf 'url = "%s"\nuser = "root:%s"\ndata-binary = "{\\"apiVersion\\":\\"1.0\\",\\"method\\":\\"remove\\",\\"params\\":{\\"X-Soak\\":\\"\\",\\"Access-Control-Allow-Origin\\":\\"\\"}}"\nnext\n' "$API" "$PASS_"
    i=$((i + 1))
done >"$OUT/churn.curlrc"
(
    n=0 bad=0
    while [ ! -e "$STOP" ] && [ $n -lt 100000 ]; do
        curl -s --max-time 30 -K "$OUT/churn.curlrc" >"$OUT/churn.out" 2>/dev/null
        ok=$(grep -o '"data"' "$OUT/churn.out" | wc -l)
        bad=$((bad + 100 - ok))
        n=$((n + 100))
    done
    echo "$n $bad" >"$OUT/churn.result"
) &
churn=$!

# the checker: 100 responses per curl process (one keep-alive connection), every head
# validated line by line (bounded count)
urls=$(i=0; while [ $i -lt 100 ]; do printf '%s/admin.css ' "$BASE"; i=$((i + 1)); done)
(
    n=0 bad=0
    while [ ! -e "$STOP" ] && [ $n -lt 200000 ]; do
        # shellcheck disable=SC2086
        if ! curl -s --max-time 30 -D "$OUT/head" -o /dev/null $urls; then
            bad=$((bad + 1)); n=$((n + 1)); continue
        fi
        got=$(grep -c '^HTTP/' "$OUT/head")
        if ! LC_ALL=C awk '
            /^HTTP\// { check(); delete seen; done = 0; heads++
                        if ($0 !~ /^HTTP\/1\.1 200 OK\r$/) bad = "status"; next }
            /^\r$/ { done = 1; next }
            done { bad = "bytes after the head"; next }
            {
                if ($0 !~ /\r$/) { bad = "line without CRLF"; next }
                line = substr($0, 1, length($0) - 1)
                if (line !~ /^[!#$%&'"'"'*+.^_`|~0-9A-Za-z-]+: [!-~]([ -~]*[!-~])?$/ && line !~ /^[!#$%&'"'"'*+.^_`|~0-9A-Za-z-]+: [!-~]?$/) { bad = "malformed line: " line; next }
                name = tolower(substr(line, 1, index(line, ":") - 1))
                if (seen[name]++) bad = "duplicate " name
                if (name == "x-soak" && line !~ /^X-Soak: v0*[0-9]+$/) bad = "torn X-Soak: " line
            }
            function check() {
                if (!heads) return
                if (!done) bad = bad " no end of head"
                if (!seen["x-frame-options"] || !seen["content-security-policy"] || !seen["referrer-policy"] || !seen["x-content-type-options"]) bad = bad " default missing"
            }
            END { check(); if (bad != "") { print bad; exit 1 } }' "$OUT/head" >>"$OUT/check.bad"; then
            bad=$((bad + 1)); cp "$OUT/head" "$OUT/bad-head.$bad" 2>/dev/null
        fi
        [ "$got" -eq 100 ] || bad=$((bad + 100 - got))
        n=$((n + 100))
    done
    echo "$n $bad" >"$OUT/check.result"
) &
check=$!

echo "soak: wrk -t2 -c32 -d${SECS}s $BASE/admin.css, with API churn and a header checker"
wrk -t2 -c32 -d"${SECS}s" --latency "$BASE/admin.css" >"$OUT/wrk.log" 2>&1
touch "$STOP"
wait $churn $check 2>/dev/null
churn= check=
alive=yes; kill -0 "$srv" 2>/dev/null || alive=no

cat "$OUT/wrk.log"
read -r cn cbad <"$OUT/churn.result"
read -r kn kbad <"$OUT/check.result"
rps=$(sed -n 's/^Requests\/sec: *//p' "$OUT/wrk.log")
errs=$(sed -n 's/^ *Socket errors: *//p; s/^ *Non-2xx or 3xx responses: *//p' "$OUT/wrk.log" | tr '\n' ' ')
echo
echo "| measure | value |"
echo "| --- | --- |"
echo "| wrk requests/s (GET /admin.css, 32 connections, ${SECS} s) | ${rps:-?} |"
echo "| wrk errors | ${errs:-none} |"
echo "| API changes during the run (set+remove) | $cn ($cbad failed) |"
echo "| response heads checked | $kn ($kbad malformed or missing) |"
echo "| server alive afterwards | $alive |"
[ -s "$OUT/check.bad" ] && { echo "malformed heads (first 5):"; head -5 "$OUT/check.bad"; }
kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null; srv=
[ "$cbad" -eq 0 ] && [ "$kbad" -eq 0 ] && [ -z "$errs" ] && [ "$alive" = yes ]

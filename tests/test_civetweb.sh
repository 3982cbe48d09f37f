#!/bin/sh
# examples/civetweb: the API inside civetweb (Debian libcivetweb-dev) behind Digest auth, driven
# by curl --digest. Every response the example builds, and every error civetweb reports through
# its http_error callback, carries the custom headers; civetweb's own Digest challenge cannot
# (see examples/README.md), so the 401 is checked for its challenge only. Expected values:
# SPEC.md sections 1, 3, 4 and 6; RFC 7616; RFC 9110.
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=build/examples/test-civetweb
rm -rf "$OUT"
mkdir -p "$OUT"
pass=0 fail=0

if ! [ -f /usr/include/civetweb.h ]; then
    echo "SKIP: civetweb headers missing (apt-get install libcivetweb-dev)"; echo "0 passed, 0 failed, 1 skipped"; exit 0
fi
if ! command -v curl >/dev/null 2>&1; then
    echo "SKIP: curl missing (apt-get install curl)"; echo "0 passed, 0 failed, 1 skipped"; exit 0
fi
if ! make --no-print-directory civetweb >"$OUT/build.log" 2>&1; then
    cat "$OUT/build.log"; echo "FAIL make civetweb"; echo "0 passed, 1 failed"; exit 1
fi

USER_=admin PASS_=pw-$$-cw
printf 'admin:customhdr:%s\n' "$(printf '%s' "$USER_:customhdr:$PASS_" | md5sum | cut -d' ' -f1)" >"$OUT/htdigest"
pid= starts=0
start_server() {
    starts=$((starts + 1)); LOG=$OUT/server.$starts.log
    CUSTOMHDR_PORT=0 CUSTOMHDR_HTDIGEST=$OUT/htdigest CUSTOMHDR_STATE=$OUT/state \
        build/examples/customhdr-civetweb >"$LOG" 2>&1 &
    pid=$!
    port=
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$LOG")
        [ -n "$port" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
    done
    if [ -z "$port" ]; then cat "$LOG"; echo "FAIL server did not start"; echo "$pass passed, $((fail + 1)) failed"; exit 1; fi
    BASE=http://127.0.0.1:$port API=http://127.0.0.1:$port/axis-cgi/customhttpheader.cgi
}
stop_server() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=; }
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null' EXIT INT TERM

req() {
    n=$1; shift
    curl -sS --max-time 10 -D "$OUT/$n.raw" -o "$OUT/$n.b" "$@" >/dev/null 2>"$OUT/$n.err"
    tr -d '\r' <"$OUT/$n.raw" | awk '/^HTTP\//{buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}' >"$OUT/$n.h"
}
status() { sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$OUT/$1.h"; }
lines() { grep -i "^$2:" "$OUT/$1.h" | sed 's/^[^:]*: *//'; }
count() { grep -ci "^$2:" "$OUT/$1.h"; }
has() { grep -Fq -- "$2" "$OUT/$1.b"; }
result() {
    if [ "$2" = 0 ]; then pass=$((pass + 1)); echo "ok   $1"
    else fail=$((fail + 1)); echo "FAIL $1"; [ -n "${3:-}" ] && sed 's/^/     | /' "$3" 2>/dev/null | head -20; fi
}
defaults() {
    [ "$(lines "$1" X-Frame-Options)" = SAMEORIGIN ] &&
    [ "$(lines "$1" X-Content-Type-Options)" = nosniff ] &&
    [ "$(lines "$1" Referrer-Policy)" = strict-origin-when-cross-origin ] &&
    [ "$(lines "$1" Content-Security-Policy)" = "default-src 'self'; frame-ancestors 'self'; object-src 'none'" ]
}
expect() { ok=0; [ "$(status "$1")" = "$2" ] || ok=1; defaults "$1" || ok=1; result "$3" $ok "$OUT/$1.h"; }
api() { n=$1; shift; req "$n" --digest -u "$USER_:$PASS_" -H 'Content-Type: application/json' --data-binary "$1" "$API"; }

start_server
req noauth --data-binary '{"method":"getSupportedVersions"}' "$API"
result "no credentials: 401 with a Digest challenge for realm customhdr" \
    "$([ "$(status noauth)" = 401 ] && lines noauth WWW-Authenticate | grep -q '^Digest .*realm="customhdr"'; echo $?)" "$OUT/noauth.h"
req badpw --digest -u "$USER_:wrong" --data-binary '{"method":"getSupportedVersions"}' "$API"
result "wrong Digest password: 401" "$([ "$(status badpw)" = 401 ]; echo $?)" "$OUT/badpw.h"
api versions '{"method":"getSupportedVersions"}'
ok=0; [ "$(status versions)" = 200 ] || ok=1; has versions '"data":{"apiVersions":["1.0","1.1"]}' || ok=1
[ "$(lines versions Content-Type)" = application/json ] || ok=1; defaults versions || ok=1
result "curl --digest: 200 application/json with the custom headers" $ok "$OUT/versions.raw"

req notfound "$BASE/nope"
expect notfound 404 "unknown path: 404 with the custom headers"
req getapi --digest -u "$USER_:$PASS_" "$API"
expect getapi 405 "GET on the API: 405 with the custom headers"
result "405 names POST in Allow" "$(lines getapi Allow | grep -q POST; echo $?)" "$OUT/getapi.h"
req options -X OPTIONS "$API"
expect options 204 "OPTIONS without credentials: 204 with the custom headers"
head -c 9000 /dev/zero | tr '\0' ' ' >"$OUT/big.in"
req big --digest -u "$USER_:$PASS_" -H 'Expect:' --data-binary @"$OUT/big.in" "$API"
expect big 413 "a 9000-byte body: 413 with the custom headers"
printf 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n' >"$OUT/bad.in"
timeout 5 curl -s --max-time 3 telnet://127.0.0.1:"$port" <"$OUT/bad.in" >"$OUT/badreq.raw" 2>/dev/null
tr -d '\r' <"$OUT/badreq.raw" | sed '/^$/q' >"$OUT/badreq.h"
result "a malformed request: civetweb's 4xx goes through http_error and carries the custom headers" \
    "$(head -1 "$OUT/badreq.h" | grep -q ' 4[0-9][0-9] ' && defaults badreq; echo $?)" "$OUT/badreq.h"

api set '{"apiVersion":"1.0","method":"set","params":{"Cache-Control":"max-age=30","X-Civet":"yes"}}'
result "set answers data" "$(has set '"data":{"Cache-Control":"max-age=30","X-Civet":"yes"}'; echo $?)" "$OUT/set.b"
req after "$BASE/nope"
ok=0; [ "$(lines after X-Civet)" = yes ] || ok=1; [ "$(count after Cache-Control)" = 1 ] || ok=1
[ "$(lines after Cache-Control)" = max-age=30 ] || ok=1
result "the next response carries the change; the custom Cache-Control replaces the server's" $ok "$OUT/after.h"
api rm '{"apiVersion":"1.0","method":"remove","params":{"Cache-Control":""}}'
req after2 "$BASE/nope"
result "after remove the server's own Cache-Control is back, once" \
    "$([ "$(count after2 Cache-Control)" = 1 ] && [ "$(lines after2 Cache-Control)" = no-store ]; echo $?)" "$OUT/after2.h"

stop_server
start_server
req restarted "$BASE/nope"
result "the change survives a restart" "$([ "$(lines restarted X-Civet)" = yes ]; echo $?)" "$OUT/restarted.h"

# concurrent clients on civetweb's worker threads: every change kept
i=1 pids=
while [ $i -le 8 ]; do
    curl -s --max-time 10 --digest -u "$USER_:$PASS_" --data-binary \
        "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"X-Par-$i\":\"$i\"}}" "$API" >/dev/null &
    pids="$pids $!"; i=$((i + 1))
done
wait $pids
api list '{"apiVersion":"1.0","method":"list"}'
missing=0 i=1
while [ $i -le 8 ]; do has list "\"X-Par-$i\":\"$i\"" || missing=$((missing + 1)); i=$((i + 1)); done
result "8 concurrent sets on worker threads: all kept ($missing lost)" "$([ $missing = 0 ]; echo $?)" "$OUT/list.b"
stop_server
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

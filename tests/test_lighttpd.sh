#!/bin/sh
# build/customhttpheader.cgi inside a real lighttpd (Debian package lighttpd) at
# /axis-cgi/customhttpheader.cgi behind Digest auth (examples/lighttpd/lighttpd.conf), driven by
# curl --digest. Expected values: SPEC.md sections 1, 3 and 6; RFC 7616 (Digest), RFC 9110.
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=$(pwd)/build/examples/test-lighttpd
rm -rf "$OUT"
mkdir -p "$OUT/www/axis-cgi"
pass=0 fail=0

LIGHTTPD=$(command -v lighttpd || echo /usr/sbin/lighttpd)
if ! [ -x "$LIGHTTPD" ]; then
    echo "SKIP: lighttpd missing (apt-get install lighttpd)"; echo "0 passed, 0 failed, 1 skipped"; exit 0
fi
if ! command -v curl >/dev/null 2>&1; then
    echo "SKIP: curl missing (apt-get install curl)"; echo "0 passed, 0 failed, 1 skipped"; exit 0
fi
if ! make --no-print-directory cgi >"$OUT/build.log" 2>&1; then
    cat "$OUT/build.log"; echo "FAIL make cgi"; echo "0 passed, 1 failed"; exit 1
fi
cp build/customhttpheader.cgi "$OUT/www/axis-cgi/customhttpheader.cgi"

USER_=admin PASS_=pw-$$-digest REALM=customhdr
# htdigest line: user:realm:MD5(user:realm:password)
printf '%s:%s:%s\n' "$USER_" "$REALM" \
    "$(printf '%s' "$USER_:$REALM:$PASS_" | md5sum | cut -d' ' -f1)" >"$OUT/htdigest"

# a free high loopback port: nothing answers there
port=$((18200 + $$ % 700))
while curl -s --max-time 1 -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null ||
      [ $? -ne 7 ]; do port=$((port + 1)); done
sed -e "s|@ROOT@|$OUT/www|" -e "s|@PORT@|$port|" -e "s|@USERS@|$OUT/htdigest|" \
    -e "s|@STATE@|$OUT/state|" -e "s|@LOGDIR@|$OUT|" examples/lighttpd/lighttpd.conf >"$OUT/lighttpd.conf"

"$LIGHTTPD" -D -f "$OUT/lighttpd.conf" >"$OUT/stdout.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT INT TERM
up=
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    curl -s --max-time 1 -o /dev/null "http://127.0.0.1:$port/" && { up=1; break; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
done
if [ -z "$up" ]; then
    cat "$OUT/stdout.log" "$OUT/error.log" 2>/dev/null; echo "FAIL lighttpd did not start"; echo "0 passed, 1 failed"; exit 1
fi
API=http://127.0.0.1:$port/axis-cgi/customhttpheader.cgi

req() {
    n=$1; shift
    curl -sS --max-time 10 -D "$OUT/$n.raw" -o "$OUT/$n.b" "$@" >/dev/null 2>"$OUT/$n.err"
    # with --digest curl records the 401 round too: keep the last response's head
    tr -d '\r' <"$OUT/$n.raw" | awk '/^HTTP\//{buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}' >"$OUT/$n.h"
}
status() { sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$OUT/$1.h"; }
lines() { grep -i "^$2:" "$OUT/$1.h" | sed 's/^[^:]*: *//'; }
has() { grep -Fq -- "$2" "$OUT/$1.b"; }
result() {
    if [ "$2" = 0 ]; then pass=$((pass + 1)); echo "ok   $1"
    else fail=$((fail + 1)); echo "FAIL $1"; [ -n "${3:-}" ] && sed 's/^/     | /' "$3" 2>/dev/null | head -20; fi
}
api() { n=$1; shift; req "$n" --digest -u "$USER_:$PASS_" -H 'Content-Type: application/json' --data-binary "$1" "$API"; }
DEFAULTS='"X-Frame-Options":"SAMEORIGIN","X-Content-Type-Options":"nosniff","Referrer-Policy":"strict-origin-when-cross-origin","Content-Security-Policy":"default-src '"'self'; frame-ancestors 'self'; object-src 'none'"'"'

req noauth --data-binary '{"method":"getSupportedVersions"}' "$API"
result "no credentials: 401 with a Digest challenge" \
    "$([ "$(status noauth)" = 401 ] && lines noauth WWW-Authenticate | grep -q '^Digest .*realm="customhdr"'; echo $?)" "$OUT/noauth.h"
req badpw --digest -u "$USER_:wrong" --data-binary '{"method":"getSupportedVersions"}' "$API"
result "wrong Digest password: 401" "$([ "$(status badpw)" = 401 ]; echo $?)" "$OUT/badpw.h"
req basic --basic -u "$USER_:$PASS_" --data-binary '{"method":"getSupportedVersions"}' "$API"
result "Basic credentials are not accepted where Digest is required: 401" "$([ "$(status basic)" = 401 ]; echo $?)" "$OUT/basic.h"

api versions '{"method":"getSupportedVersions"}'
ok=0; [ "$(status versions)" = 200 ] || ok=1; [ "$(lines versions Content-Type)" = application/json ] || ok=1
has versions '"data":{"apiVersions":["1.0","1.1"]}' || ok=1
result "curl --digest: getSupportedVersions through lighttpd, 200 application/json" $ok "$OUT/versions.raw"
api list '{"apiVersion":"1.0","method":"list"}'
result "no state file yet: list gives the AXIS OS defaults" "$(has list "\"data\":{$DEFAULTS}"; echo $?)" "$OUT/list.b"
result "the CGI's response carries the custom headers through lighttpd" \
    "$([ "$(lines list X-Frame-Options)" = SAMEORIGIN ]; echo $?)" "$OUT/list.h"

api set '{"apiVersion":"1.1","context":"lt","method":"set","params":{"Access-Control-Allow-Origin":"https://example.com"}}'
ok=0; has set '"apiVersion":"1.1","context":"lt","method":"set","data":{"Access-Control-Allow-Origin":"https://example.com"}' || ok=1
[ -s "$OUT/state" ] || ok=1
result "set through lighttpd answers data and writes CUSTOMHDR_STATE from setenv" $ok "$OUT/set.b"
api list2 '{"apiVersion":"1.0","method":"list"}'
ok=0; has list2 '"Access-Control-Allow-Origin":"https://example.com"' || ok=1
[ "$(lines list2 Access-Control-Allow-Origin)" = https://example.com ] || ok=1
result "the next request sees the change, in its body and its headers" $ok "$OUT/list2.raw"

req get --digest -u "$USER_:$PASS_" "$API"
result "GET: 405 with Allow: POST" "$([ "$(status get)" = 405 ] && [ "$(lines get Allow)" = POST ]; echo $?)" "$OUT/get.h"
head -c 9000 /dev/zero | tr '\0' ' ' >"$OUT/big.in"
req big --digest -u "$USER_:$PASS_" -H 'Expect:' --data-binary @"$OUT/big.in" "$API"
result "a 9000-byte body: 413 from the CGI" "$([ "$(status big)" = 413 ] && has big '"code":1100'; echo $?)" "$OUT/big.raw"
api bad '{"apiVersion":"1.0","method":"set","params":{"X-Bad":"a\r\nInjected: 1"}}'
result "a value with CR LF: error 2104, nothing injected" \
    "$(has bad '"code":2104' && ! grep -qi '^Injected' "$OUT/bad.h"; echo $?)" "$OUT/bad.raw"

# eight clients at once through lighttpd: the lock keeps every change
i=1 pids=
while [ $i -le 8 ]; do
    curl -s --max-time 10 --digest -u "$USER_:$PASS_" --data-binary \
        "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"X-Par-$i\":\"$i\"}}" "$API" >/dev/null &
    pids="$pids $!"
    i=$((i + 1))
done
wait $pids
api list3 '{"apiVersion":"1.0","method":"list"}'
missing=0 i=1
while [ $i -le 8 ]; do has list3 "\"X-Par-$i\":\"$i\"" || missing=$((missing + 1)); i=$((i + 1)); done
result "8 concurrent sets through lighttpd: all 8 kept ($missing lost)" "$([ $missing = 0 ]; echo $?)" "$OUT/list3.b"

kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

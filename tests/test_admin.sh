#!/bin/sh
# The demo server's extras for its admin page, with curl against the ASan+UBSan build:
#  - POST /admin/restore-defaults, the factory reset behind the page's "Restore defaults" button:
#    the four AXIS defaults (docs/behaviour.md section 3) replace the whole table, saved like an API change;
#    admin auth; refused cross-site (a body not declared application/json, or an Origin that is
#    not the server's own) without touching the table; undone with error 1100 when it cannot be
#    saved.
#  - GET /favicon.ico: 204 with the custom headers, no auth, so a browser logs no 404.
# The page itself is driven in Chromium by tests/test_browser.sh.
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=build/examples/test-admin
. tests/lib.sh

need_cmd curl
build build build/examples/customhdr-server-san

USER_=root PASS_=pw-$$-admin
STATE=$OUT/state
starts=0
start_server() {
    starts=$((starts + 1))
    start_example "server did not start" "$OUT/server.$starts.log" env CUSTOMHDR_PORT=0 \
        "CUSTOMHDR_PASSWORD=$PASS_" "CUSTOMHDR_STATE=$STATE" ASAN_OPTIONS=detect_leaks=0 \
        build/examples/customhdr-server-san
    RESTORE=$BASE/admin/restore-defaults
}
start_server

LIST='{"apiVersion":"1.0","method":"list"}'
DEFAULT_LIST="{\"apiVersion\":\"1.0\",\"method\":\"list\",\"data\":{$DEFAULTS}}"
RESTORED="{\"apiVersion\":\"1.1\",\"context\":\"restore-defaults\",\"method\":\"list\",\"data\":{$DEFAULTS}}"
# body NAME: the body of response NAME, exactly
body() { cat "$OUT/$1.b"; }
# changed NAME: make the table differ from the defaults in every way (a value replaced, one
# removed, one added), then the API's list in NAME
changed() {
    api "$1.set" '{"apiVersion":"1.0","method":"set","params":{"Referrer-Policy":"no-referrer","X-Extra":"1"}}'
    api "$1.rm" '{"apiVersion":"1.0","method":"remove","params":{"X-Frame-Options":""}}'
    api "$1" "$LIST"
}
# restore NAME CURL-ARGS...: a POST to the endpoint, as the admin page sends it unless ARGS
# say otherwise
restore() {
    n=$1; shift
    req "$n" -X POST -H 'Content-Type: application/json' "$@" "$RESTORE"
}

changed before
result "the table starts changed (X-Extra, no X-Frame-Options)" \
    "$(has before '"X-Extra":"1"' && ! has before X-Frame-Options; echo $?)" "$OUT/before.b"

# --- refused: no credentials, the wrong method, cross-site ------------------------------------------
restore noauth
ok=0; [ "$(status noauth)" = 401 ] || ok=1; [ "$(lines noauth Content-Type)" = application/json ] || ok=1
lines noauth WWW-Authenticate | grep -q '^Basic realm=' || ok=1; [ "$(lines noauth X-Extra)" = 1 ] || ok=1
# the 401 and 405 every example gives on the API paths (examples/README.md)
[ "$(body noauth)" = '{"apiVersion":"1.0","error":{"code":2103,"message":"Authorization: admin credentials required"}}' ] || ok=1
result "without credentials: 401, the API's error 2103, a challenge, the custom headers" $ok "$OUT/noauth.raw"
restore badpw -u "$USER_:wrong"
result "with a wrong password: 401" "$([ "$(status badpw)" = 401 ]; echo $?)" "$OUT/badpw.h"
req get -u "$USER_:$PASS_" "$RESTORE"
ok=0; [ "$(status get)" = 405 ] || ok=1; [ "$(lines get Allow)" = POST ] || ok=1
[ "$(lines get Content-Type)" = application/json ] || ok=1
[ "$(body get)" = '{"apiVersion":"1.0","error":{"code":2102,"message":"HTTP method: not allowed, use POST"}}' ] || ok=1
result "GET: 405, Allow: POST, the API's error 2102" $ok "$OUT/get.raw"
req options -u "$USER_:$PASS_" -X OPTIONS "$RESTORE"
result "OPTIONS: 405 (no CORS preflight lets another origin in)" \
    "$([ "$(status options)" = 405 ]; echo $?)" "$OUT/options.h"

# what another site's page can make a logged-in browser send: each is 403 and changes nothing
kinds=0 bad=
for how in form text none evil null https port; do
    case $how in
    form) req x$how -u "$USER_:$PASS_" -d 'a=b' "$RESTORE" ;;  # curl -d: application/x-www-form-urlencoded
    text) req x$how -u "$USER_:$PASS_" -H 'Content-Type: text/plain' -d '{}' "$RESTORE" ;;
    none) req x$how -u "$USER_:$PASS_" -X POST "$RESTORE" ;;
    evil) restore x$how -u "$USER_:$PASS_" -H 'Origin: http://evil.example' ;;
    null) restore x$how -u "$USER_:$PASS_" -H 'Origin: null' ;;
    https) restore x$how -u "$USER_:$PASS_" -H "Origin: https://127.0.0.1:$port" ;;
    port) restore x$how -u "$USER_:$PASS_" -H "Origin: http://127.0.0.1:1" ;;
    esac
    kinds=$((kinds + 1))
    { [ "$(status x$how)" = 403 ] && [ "$(lines x$how Content-Type)" = application/json ] &&
      has x$how '{"apiVersion":"1.0","error":{"code":2104,"message":"' &&
      has x$how 'cross-site request refused'; } || bad="$bad $how"
done
result "cross-site ($kinds kinds: form and text/plain bodies, none, foreign, null, https and other-port Origins): 403, the API's error 2104${bad:+ (not:$bad)}" \
    "$([ -z "$bad" ]; echo $?)" "$OUT/x${bad:-form}.raw"
api after_refused "$LIST"
result "after every refusal the table is as it was" \
    "$([ "$(body after_refused)" = "$(body before)" ]; echo $?)" "$OUT/after_refused.b"

# --- the factory reset -----------------------------------------------------------------------
restore same -u "$USER_:$PASS_" -H "Origin: http://127.0.0.1:$port"
ok=0; [ "$(status same)" = 200 ] || ok=1; [ "$(lines same Content-Type)" = application/json ] || ok=1
[ "$(body same)" = "$RESTORED" ] || ok=1
result "from the server's own origin: 200, the API's list answer with exactly the four defaults" $ok "$OUT/same.raw"
expect same 200 "its response already carries the defaults, each once"
result "and not the removed table's X-Extra" "$([ "$(count same X-Extra)" = 0 ]; echo $?)" "$OUT/same.h"
api listed "$LIST"
result "the API lists exactly the four defaults, in order" \
    "$([ "$(body listed)" = "$DEFAULT_LIST" ]; echo $?)" "$OUT/listed.b"

changed again
req digest --digest -u "$USER_:$PASS_" -X POST -H 'Content-Type: application/json; charset=utf-8' "$RESTORE"
ok=0; [ "$(status digest)" = 200 ] || ok=1; [ "$(body digest)" = "$RESTORED" ] || ok=1
result "by Digest, no Origin (not a browser), Content-Type with a charset: 200, the defaults" $ok "$OUT/digest.raw"

# saved: a restart keeps the defaults, not the table before the reset
api extra '{"apiVersion":"1.0","method":"set","params":{"X-Gone":"1"}}'
restore again2 -u "$USER_:$PASS_"
stop_bg "$pid"
start_server
api restarted "$LIST"
result "the reset is saved: after a restart the API lists the four defaults" \
    "$([ "$(status again2)" = 200 ] && [ "$(body restarted)" = "$DEFAULT_LIST" ]; echo $?)" "$OUT/restarted.b"

# a reset that cannot be saved (the temporary file's name is taken by a directory) is error 1100
# and undone, like an API change
changed unsaved
mkdir "$STATE.tmp"
restore failed -u "$USER_:$PASS_"
rmdir "$STATE.tmp"
api after_failed "$LIST"
ok=0; has failed '"context":"restore-defaults","method":"list","error":{"code":1100' || ok=1
! has failed '"data"' || ok=1; [ "$(lines failed X-Extra)" = 1 ] || ok=1
[ "$(body after_failed)" = "$(body unsaved)" ] || ok=1
result "a reset that cannot be saved: error 1100, the table unchanged" $ok "$OUT/failed.raw"
restore ok_again -u "$USER_:$PASS_"
result "and once the file can be written again it goes through" \
    "$([ "$(body ok_again)" = "$RESTORED" ]; echo $?)" "$OUT/ok_again.b"

# --- the favicon a browser asks for ----------------------------------------------------------
req favicon "$BASE/favicon.ico"
expect favicon 204 "GET /favicon.ico without credentials: 204 with the custom headers"
result "its body is empty" "$([ ! -s "$OUT/favicon.b" ]; echo $?)" "$OUT/favicon.raw"
req faviconhead -I "$BASE/favicon.ico"
result "HEAD /favicon.ico: 204" "$([ "$(status faviconhead)" = 204 ]; echo $?)" "$OUT/faviconhead.h"

stop_all
if grep -l 'runtime error\|AddressSanitizer' "$OUT"/server.*.log >/dev/null 2>&1; then
    result "no sanitizer report from the server" 1 "$(grep -l 'runtime error\|AddressSanitizer' "$OUT"/server.*.log | head -1)"
else
    result "no sanitizer report from the server" 0
fi
finish

#!/bin/sh
# The libmicrohttpd example as a running server on 127.0.0.1, checked with curl: the custom
# headers ride on every response it queues (200, 401, 404, 405), API changes show up on the
# next response, and a custom header replaces the server's own header of the same name.
# The server runs under ASan/UBSan; a report from them fails the check.
# Expected headers and values come from docs/behaviour.md sections 3 (defaults) and 1 (the API).
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=build/microhttpd/test
. tests/lib.sh

need_cmd curl
[ -f /usr/include/microhttpd.h ] || skip_check libmicrohttpd-dev "no /usr/include/microhttpd.h"
SERVER=build/microhttpd/customhdr-mhd-san
build "make microhttpd" microhttpd "$SERVER"

USER_=admin PASS_=pw-$$-test
start_example "server did not start" "$OUT/server.log" \
    env CUSTOMHDR_PORT=0 "CUSTOMHDR_USER=$USER_" "CUSTOMHDR_PASSWORD=$PASS_" "$SERVER"

req root "$BASE/"
expect root 200 "GET / is 200 with the Axis defaults; the server's own X-Frame-Options yields"
req missing "$BASE/no/such/page"
expect missing 404 "GET of an unknown path is 404 with the defaults"
req noauth -H 'Content-Type: application/json' --data-binary '{"method":"getSupportedVersions"}' "$API"
expect noauth 401 "API without credentials is 401 with the defaults"
result "401 asks for Basic auth" "$(lines noauth WWW-Authenticate | grep -qi '^Basic ' ; echo $?)" "$OUT/noauth.h"
req badauth -u "$USER_:wrong" --data-binary '{"method":"getSupportedVersions"}' "$API"
expect badauth 401 "API with a wrong password is 401 with the defaults"
req getapi "$API"
expect getapi 405 "GET on the API path is 405 with the defaults"
result "405 names POST in Allow" "$(lines getapi Allow | grep -q POST; echo $?)" "$OUT/getapi.h"
req options -X OPTIONS "$API"
expect options 200 "OPTIONS on the API path carries the defaults"

api versions '{"method":"getSupportedVersions"}'
expect versions 200 "getSupportedVersions is 200 with the defaults"
result "getSupportedVersions lists 1.0 and 1.1" \
    "$(has versions '"apiVersions"' && has versions '"1.0"' && has versions '"1.1"'; echo $?)" "$OUT/versions.b"
result "API answers are application/json" \
    "$(lines versions Content-Type | grep -q '^application/json'; echo $?)" "$OUT/versions.h"

# API Discovery behind the same Basic auth
DISC=$BASE/axis-cgi/apidiscovery.cgi
req discnoauth --data-binary '{"apiVersion":"1.0","method":"getApiList"}' "$DISC"
expect discnoauth 401 "API Discovery without credentials is 401 with the defaults"
req disc -u "$USER_:$PASS_" --data-binary '{"apiVersion":"1.0","context":"m","method":"getApiList"}' "$DISC"
result "API Discovery getApiList lists customhttpheader 1.1" \
    "$([ "$(status disc)" = 200 ] && has disc '{"apiVersion":"1.0","context":"m","method":"getApiList","data":{"apiList":[{"id":"customhttpheader","version":"1.1",'; echo $?)" "$OUT/disc.raw"
req discunk -u "$USER_:$PASS_" --data-binary '{"apiVersion":"1.0","method":"list"}' "$DISC"
result "API Discovery: list is no method of it (2102)" "$(has discunk '"code":2102'; echo $?)" "$OUT/discunk.b"

# another site's page: 403 with an API error before authentication, the table unchanged
api xbefore '{"apiVersion":"1.0","method":"list"}'
req xsite -u "$USER_:$PASS_" -H 'Origin: http://evil.example' -H 'Sec-Fetch-Site: cross-site' \
    --data-binary '{"apiVersion":"1.0","method":"set","params":{"X-Evil":"1"}}' "$API"
ok=0; [ "$(status xsite)" = 403 ] || ok=1; has xsite '"error":{"code":2104,"message":"Origin: cross-site request refused' || ok=1
defaults xsite || ok=1
result "a cross-site set: 403 with the API error and the defaults" $ok "$OUT/xsite.raw"
req xsite2 -H 'Origin: http://127.0.0.1:1' --data-binary '{}' "$API"
result "refused before authentication: 403, not 401" "$([ "$(status xsite2)" = 403 ]; echo $?)" "$OUT/xsite2.h"
api xafter '{"apiVersion":"1.0","method":"list"}'
result "the table is unchanged" "$(cmp -s "$OUT/xbefore.b" "$OUT/xafter.b"; echo $?)" "$OUT/xafter.b"
req xsame -u "$USER_:$PASS_" -H "Origin: http://127.0.0.1:$port" --data-binary '{"apiVersion":"1.0","method":"list"}' "$API"
result "this server's own origin is let in: 200" "$([ "$(status xsame)" = 200 ]; echo $?)" "$OUT/xsame.h"

api set '{"apiVersion":"1.0","method":"set","params":{"X-Example":"hello there"}}'
result "set X-Example succeeds" "$(has set '"data"' && ! has set '"error"'; echo $?)" "$OUT/set.b"
req missing2 "$BASE/no/such/page"
req root2 "$BASE/"
result "after set: the 404 carries X-Example" \
    "$([ "$(status missing2)" = 404 ] && [ "$(lines missing2 X-Example)" = "hello there" ]; echo $?)" "$OUT/missing2.h"
result "after set: the 200 carries X-Example" \
    "$([ "$(status root2)" = 200 ] && [ "$(lines root2 X-Example)" = "hello there" ]; echo $?)" "$OUT/root2.h"
req noauth2 --data-binary '{}' "$API"
result "after set: the 401 carries X-Example" \
    "$([ "$(status noauth2)" = 401 ] && [ "$(lines noauth2 X-Example)" = "hello there" ]; echo $?)" "$OUT/noauth2.h"

# The server sends Cache-Control: no-store on API answers; a custom one must replace it.
api cache '{"apiVersion":"1.1","method":"set","params":{"Cache-Control":"max-age=60"}}'
api list '{"apiVersion":"1.0","method":"list"}'
result "a custom Cache-Control replaces the server's own, one line only" \
    "$([ "$(lines list Cache-Control)" = max-age=60 ]; echo $?)" "$OUT/list.h"

api remove '{"apiVersion":"1.0","method":"remove","params":{"X-Example":"","X-Frame-Options":""}}'
result "remove succeeds" "$(has remove '"data"' && ! has remove '"error"'; echo $?)" "$OUT/remove.b"
req missing3 "$BASE/no/such/page"
req root3 "$BASE/"
result "after remove: the 404 no longer carries X-Example" \
    "$([ "$(status missing3)" = 404 ] && [ -z "$(lines missing3 X-Example)" ]; echo $?)" "$OUT/missing3.h"
result "after remove: the 200 no longer carries X-Example" \
    "$([ "$(status root3)" = 200 ] && [ -z "$(lines root3 X-Example)" ]; echo $?)" "$OUT/root3.h"
result "after removing X-Frame-Options the server's own value is back, once" \
    "$([ "$(lines root3 X-Frame-Options)" = DENY ]; echo $?)" "$OUT/root3.h"

# A body over CHDR_REQUEST_MAX (4096 by default) is answered 413 with error 1100, not cut short.
big=$(head -c 9000 /dev/zero | tr '\0' a)
printf '{"apiVersion":"1.0","method":"list","context":"%s"}' "$big" >"$OUT/big.json"
req big -u "$USER_:$PASS_" --data-binary "@$OUT/big.json" "$API"
result "a body over the request limit gets 413 and error 1100" \
    "$([ "$(status big)" = 413 ] && has big '"code":1100'; echo $?)" "$OUT/big.raw"

stop_bg "$pid"
result "the server exits cleanly: no sanitizer report" \
    "$(! grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error' "$OUT/server.log"; echo $?)" "$OUT/server.log"
finish

#!/bin/sh
# examples/civetweb: the API inside civetweb (Debian libcivetweb-dev) behind Digest auth, driven
# by curl --digest. Every response the example builds, and every error civetweb reports through
# its http_error callback, carries the custom headers; the Digest challenge is the example's own
# (the demo server's digest.c), so its 401 is the shared 2103 answer (examples/common/answers.h)
# with them too, and Digest answers computed here by RFC 7616's formulas show its nonce rules.
# Expected values: docs/behaviour.md sections 1, 3, 4 and 6; RFC 7616; RFC 9110.
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=build/examples/test-civetweb
. tests/lib.sh
req_timeout=10 api_auth=--digest  # every API call is a Digest round trip pair

[ -f /usr/include/civetweb.h ] || skip_check libcivetweb-dev "no /usr/include/civetweb.h"
need_cmd curl
build "make civetweb" civetweb

USER_=admin PASS_=pw-$$-cw
printf 'admin:customhdr:%s\n' "$(printf '%s' "$USER_:customhdr:$PASS_" | md5sum | cut -d' ' -f1)" >"$OUT/htdigest"
starts=0
start_server() {
    starts=$((starts + 1)); LOG=$OUT/server.$starts.log
    start_example "server did not start" "$LOG" env CUSTOMHDR_PORT=0 "CUSTOMHDR_HTDIGEST=$OUT/htdigest" \
        "CUSTOMHDR_STATE=$OUT/state" build/examples/customhdr-civetweb
}
stop_server() { stop_bg "$pid"; }

A401='{"apiVersion":"1.0","error":{"code":2103,"message":"Authorization: admin credentials required"}}'
# unauthorized NAME: 401, application/json, the shared 2103 body exactly, the custom headers
unauthorized() {
    [ "$(status "$1")" = 401 ] && [ "$(lines "$1" Content-Type)" = application/json ] &&
        [ "$(cat "$OUT/$1.b")" = "$A401" ] && defaults "$1"
}
# digest ALG NONCE NC [PASSWORD]: an Authorization value for POST $APIPATH (RFC 7616 3.4.1)
hash() { if [ "$1" = MD5 ]; then md5sum; else sha256sum; fi | cut -d' ' -f1; }
APIPATH=/axis-cgi/customhttpheader.cgi
digest() {
    _ha1=$(printf '%s' "$USER_:customhdr:${4:-$PASS_}" | hash "$1")
    _ha2=$(printf '%s' "POST:$APIPATH" | hash "$1")
    _r=$(printf '%s' "$_ha1:$2:$3:c0ffee:auth:$_ha2" | hash "$1")
    printf 'Digest username="%s", realm="customhdr", nonce="%s", uri="%s", algorithm=%s, qop=auth, nc=%s, cnonce="c0ffee", response="%s"' \
        "$USER_" "$2" "$APIPATH" "$1" "$3" "$_r"
}
nonce() { lines "$1" WWW-Authenticate | sed -n 's/.*nonce="\([^"]*\)".*/\1/p' | head -1; }
V='{"method":"getSupportedVersions"}'

start_server
req noauth --data-binary "$V" "$API"
ok=0; unauthorized noauth || ok=1
[ "$(count noauth WWW-Authenticate)" = 1 ] || ok=1
lines noauth WWW-Authenticate | grep -q '^Digest realm="customhdr", qop="auth", algorithm=MD5, nonce="[0-9a-f]\{32\}"$' || ok=1
result "no credentials: 401 2103 application/json, the custom headers, one Digest MD5 challenge for realm customhdr" \
    $ok "$OUT/noauth.raw"
req badpw --digest -u "$USER_:wrong" --data-binary "$V" "$API"
result "wrong Digest password (curl --digest): 401 2103 with the custom headers" \
    "$(unauthorized badpw; echo $?)" "$OUT/badpw.raw"
N=$(nonce noauth)
req hand -H "Authorization: $(digest MD5 "$N" 00000001)" --data-binary "$V" "$API"
result "an answer to its challenge computed by RFC 7616: 200" "$([ "$(status hand)" = 200 ]; echo $?)" "$OUT/hand.raw"
req replay -H "Authorization: $(digest MD5 "$N" 00000001)" --data-binary "$V" "$API"
ok=0; unauthorized replay || ok=1; lines replay WWW-Authenticate | grep -q stale && ok=1
result "the same answer again (a replayed nonce-count): 401 2103, not stale" $ok "$OUT/replay.raw"
req nc2 -H "Authorization: $(digest MD5 "$N" 00000002)" --data-binary "$V" "$API"
result "the next nonce-count on that nonce: 200" "$([ "$(status nc2)" = 200 ]; echo $?)" "$OUT/nc2.raw"
req unknown -H "Authorization: $(digest MD5 0123456789abcdef0123456789abcdef 00000001)" --data-binary "$V" "$API"
ok=0; unauthorized unknown || ok=1; lines unknown WWW-Authenticate | grep -q ', stale=true$' || ok=1
result "the right password on a nonce it never issued: 401 2103 with stale=true" $ok "$OUT/unknown.raw"
req sha -H "Authorization: $(digest SHA-256 "$(nonce unknown)" 00000001)" --data-binary "$V" "$API"
result "a SHA-256 answer (the htdigest file holds an MD5 HA1): 401 2103" \
    "$(unauthorized sha; echo $?)" "$OUT/sha.raw"
req mallory -H "Authorization: $(digest MD5 "$(nonce sha)" 00000001 wrong)" --data-binary "$V" "$API"
result "a wrong password on a fresh nonce: 401 2103" "$(unauthorized mallory; echo $?)" "$OUT/mallory.raw"
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

# API Discovery behind the same Digest auth
DISC=$BASE/axis-cgi/apidiscovery.cgi
req discnoauth --data-binary '{"apiVersion":"1.0","method":"getApiList"}' "$DISC"
result "API Discovery without credentials: 401 2103 with the custom headers" \
    "$(unauthorized discnoauth; echo $?)" "$OUT/discnoauth.raw"
req disc --digest -u "$USER_:$PASS_" --data-binary '{"apiVersion":"1.0","context":"cw","method":"getApiList"}' "$DISC"
ok=0; [ "$(status disc)" = 200 ] || ok=1; defaults disc || ok=1
has disc '{"apiVersion":"1.0","context":"cw","method":"getApiList","data":{"apiList":[{"id":"customhttpheader","version":"1.1","name":"Custom HTTP header",' || ok=1
result "API Discovery getApiList: customhttpheader 1.1, with the custom headers" $ok "$OUT/disc.raw"
req discbad --digest -u "$USER_:$PASS_" --data-binary '{"apiVersion":"1.0"}' "$DISC"
result "API Discovery without a method: 2103" "$(has discbad '"code":2103'; echo $?)" "$OUT/discbad.b"

# another site's page: refused before authentication, the table unchanged
api xbefore '{"apiVersion":"1.0","method":"list"}'
req xsite --digest -u "$USER_:$PASS_" -H 'Origin: http://evil.example' -H 'Content-Type: text/plain' \
    --data-binary '{"apiVersion":"1.0","method":"set","params":{"X-Evil":"1"}}' "$API"
ok=0; [ "$(status xsite)" = 403 ] || ok=1; has xsite '"error":{"code":2104,"message":"Origin: cross-site request refused' || ok=1
defaults xsite || ok=1
result "a cross-site set: 403 with the API error and the custom headers" $ok "$OUT/xsite.raw"
req xsite2 -H 'Sec-Fetch-Site: cross-site' -H 'Origin: http://127.0.0.1:1' --data-binary '{}' "$API"
result "refused before authentication: 403, not 401" "$([ "$(status xsite2)" = 403 ]; echo $?)" "$OUT/xsite2.h"
api xafter '{"apiVersion":"1.0","method":"list"}'
result "the table is unchanged" "$(cmp -s "$OUT/xbefore.b" "$OUT/xafter.b"; echo $?)" "$OUT/xafter.b"
req xsame --digest -u "$USER_:$PASS_" -H "Origin: http://127.0.0.1:$port" -H 'Sec-Fetch-Site: same-origin' \
    --data-binary '{"apiVersion":"1.0","method":"list"}' "$API"
result "this server's own origin is let in: 200" "$([ "$(status xsame)" = 200 ]; echo $?)" "$OUT/xsame.h"
api loc '{"apiVersion":"1.0","method":"set","params":{"Location":"/x","X-Accel-Redirect":"/y"}}'
result "set Location is refused with 2104" "$(has loc '"code":2104' && ! has xafter Location; echo $?)" "$OUT/loc.b"

stop_server
start_server
req restarted "$BASE/nope"
result "the change survives a restart" "$([ "$(lines restarted X-Civet)" = yes ]; echo $?)" "$OUT/restarted.h"
req oldnonce -H "Authorization: $(digest MD5 "$(nonce sha)" 00000005)" --data-binary "$V" "$API"
ok=0; unauthorized oldnonce || ok=1; lines oldnonce WWW-Authenticate | grep -q ', stale=true$' || ok=1
result "a nonce from before the restart: 401 2103 with stale=true" $ok "$OUT/oldnonce.raw"

# concurrent clients on civetweb's worker threads: every change kept
parallel_sets 8 list
result "8 concurrent sets on worker threads: all kept ($missing lost)" "$([ $missing = 0 ]; echo $?)" "$OUT/list.b"
stop_server
finish

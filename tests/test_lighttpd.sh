#!/bin/sh
# build/customhttpheader.cgi inside a real lighttpd (Debian package lighttpd) at
# /axis-cgi/customhttpheader.cgi behind Digest auth (examples/lighttpd/lighttpd.conf), driven by
# curl --digest. Expected values: docs/behaviour.md sections 1, 3 and 6; RFC 7616 (Digest), RFC 9110.
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=$(pwd)/build/examples/test-lighttpd
. tests/lib.sh
mkdir -p "$OUT/www/axis-cgi"
req_timeout=10 api_auth=--digest  # Digest round trip pairs, each a CGI process start

LIGHTTPD=$(command -v lighttpd || echo /usr/sbin/lighttpd)
[ -x "$LIGHTTPD" ] || skip_check lighttpd "no lighttpd command"
need_cmd curl
build "make cgi" cgi
cp build/customhttpheader.cgi "$OUT/www/axis-cgi/customhttpheader.cgi"
# the same program answers API Discovery when called by that name (SCRIPT_NAME)
ln -s customhttpheader.cgi "$OUT/www/axis-cgi/apidiscovery.cgi"
# and lighttpd's own refusals (its 401) by the name of its error handler, outside the auth
ln -s axis-cgi/customhttpheader.cgi "$OUT/www/customhdr-error.cgi"

USER_=admin PASS_=pw-$$-digest REALM=customhdr
# htdigest line: user:realm:MD5(user:realm:password)
printf '%s:%s:%s\n' "$USER_" "$REALM" \
    "$(printf '%s' "$USER_:$REALM:$PASS_" | md5sum | cut -d' ' -f1)" >"$OUT/htdigest"

start_lighttpd "$OUT/state" "$OUT/stdout.log"
API=http://127.0.0.1:$port/axis-cgi/customhttpheader.cgi

req noauth --data-binary '{"method":"getSupportedVersions"}' "$API"
result "no credentials: 401 with a Digest challenge" \
    "$([ "$(status noauth)" = 401 ] && lines noauth WWW-Authenticate | grep -q '^Digest .*realm="customhdr"'; echo $?)" "$OUT/noauth.h"
A401='{"apiVersion":"1.0","error":{"code":2103,"message":"Authorization: admin credentials required"}}'
ok=0; [ "$(cat "$OUT/noauth.b")" = "$A401" ] || ok=1; [ "$(lines noauth Content-Type)" = application/json ] || ok=1
defaults noauth || ok=1
result "lighttpd's 401 is answered by the CGI as its error handler: the API's error 2103, the custom headers" $ok "$OUT/noauth.raw"
req badpw --digest -u "$USER_:wrong" --data-binary '{"method":"getSupportedVersions"}' "$API"
result "wrong Digest password: 401, the API's error 2103" \
    "$([ "$(status badpw)" = 401 ] && [ "$(cat "$OUT/badpw.b")" = "$A401" ]; echo $?)" "$OUT/badpw.h"
req direct --data-binary '{"apiVersion":"1.0","method":"set","params":{"X-Direct":"1"}}' "http://127.0.0.1:$port/customhdr-error.cgi"
result "the error handler called directly (no auth there): 404, no way into the API" \
    "$([ "$(status direct)" = 404 ] && ! has direct '"data"'; echo $?)" "$OUT/direct.raw"
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

api loc '{"apiVersion":"1.0","method":"set","params":{"Location":"/elsewhere"}}'
ok=0; has loc '"code":2104' || ok=1; [ "$(status loc)" = 200 ] || ok=1; [ "$(count loc Location)" = 0 ] || ok=1
result "set Location: 2104, and lighttpd still answers 200 with the JSON (no redirect)" $ok "$OUT/loc.raw"
api send '{"apiVersion":"1.0","method":"set","params":{"X-Sendfile":"/etc/passwd"}}'
result "set X-Sendfile: 2104, and no file is sent in place of the JSON" \
    "$(has send '"code":2104' && ! grep -q '^root:' "$OUT/send.b"; echo $?)" "$OUT/send.raw"

# API Discovery through lighttpd, behind the same Digest auth
req discnoauth --data-binary '{"apiVersion":"1.0","method":"getApiList"}' "http://127.0.0.1:$port/axis-cgi/apidiscovery.cgi"
result "API Discovery without credentials: 401 from lighttpd" "$([ "$(status discnoauth)" = 401 ]; echo $?)" "$OUT/discnoauth.h"
req disc --digest -u "$USER_:$PASS_" --data-binary '{"apiVersion":"1.0","context":"d","method":"getApiList"}' \
    "http://127.0.0.1:$port/axis-cgi/apidiscovery.cgi"
result "API Discovery through lighttpd: getApiList lists customhttpheader 1.1" \
    "$([ "$(status disc)" = 200 ] && has disc '{"apiVersion":"1.0","context":"d","method":"getApiList","data":{"apiList":[{"id":"customhttpheader","version":"1.1",'; echo $?)" "$OUT/disc.raw"

# another site's page: lighttpd passes Origin and Sec-Fetch-Site on as HTTP_*; the CGI refuses
api xbefore '{"apiVersion":"1.0","method":"list"}'
req xsite --digest -u "$USER_:$PASS_" -H 'Origin: http://evil.example' -H 'Sec-Fetch-Site: cross-site' \
    --data-binary '{"apiVersion":"1.0","method":"set","params":{"X-Evil":"1"}}' "$API"
api xafter '{"apiVersion":"1.0","method":"list"}'
result "a cross-site set through lighttpd: 403 with the API error, the table unchanged" \
    "$([ "$(status xsite)" = 403 ] && has xsite 'cross-site request refused' && cmp -s "$OUT/xbefore.b" "$OUT/xafter.b"; echo $?)" "$OUT/xsite.raw"
req xsame --digest -u "$USER_:$PASS_" -H "Origin: http://127.0.0.1:$port" \
    --data-binary '{"apiVersion":"1.0","method":"list"}' "$API"
result "lighttpd's own origin is let in: 200" "$([ "$(status xsame)" = 200 ]; echo $?)" "$OUT/xsame.h"

# eight clients at once through lighttpd: the lock keeps every change
parallel_sets 8 list3
result "8 concurrent sets through lighttpd: all 8 kept ($missing lost)" "$([ $missing = 0 ]; echo $?)" "$OUT/list3.b"

stop_bg "$pid"
finish

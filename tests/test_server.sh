#!/bin/sh
# The demo server (examples/server, ASan+UBSan build) on 127.0.0.1, driven with curl and with
# raw sockets (python3): the custom headers ride on every response whatever its status, a custom
# header replaces the server's own of the same name, changes apply to the next response and
# survive a restart, and hostile clients (garbage, oversize, slowloris, a connection flood) get
# their error and leave the server serving others. Expected values: docs/behaviour.md sections 1, 3, 6;
# status codes from RFC 9110 / RFC 6585.
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=build/examples/test-server
. tests/lib.sh
skip=0  # the raw-socket tests need python3; their skip is counted on the closing line

need_cmd curl
build build build/examples/customhdr-server-san

USER_=admin PASS_=pw-$$-test
STATE=$OUT/state
starts=0
start_server() {
    starts=$((starts + 1))
    LOG=$OUT/server.$starts.log
    start_example "server did not start" "$LOG" env CUSTOMHDR_PORT=0 "CUSTOMHDR_USER=$USER_" \
        "CUSTOMHDR_PASSWORD=$PASS_" "CUSTOMHDR_STATE=$STATE" CUSTOMHDR_TIMEOUT=3 \
        ASAN_OPTIONS=detect_leaks=0 build/examples/customhdr-server-san
}
stop_server() { stop_bg "$pid"; }

start_server

# --- auth --------------------------------------------------------------------------------------
req noauth --data-binary '{"method":"getSupportedVersions"}' "$API"
expect noauth 401 "API without credentials: 401 with the custom headers"
result "401 challenges for Basic auth" "$(lines noauth WWW-Authenticate | grep -q '^Basic realm='; echo $?)" "$OUT/noauth.h"
req badpw -u "$USER_:wrong" --data-binary '{"method":"getSupportedVersions"}' "$API"
expect badpw 401 "API with a wrong password: 401 with the custom headers"
req baduser -u "nobody:$PASS_" --data-binary '{"method":"getSupportedVersions"}' "$API"
result "API with a wrong user: 401" "$([ "$(status baduser)" = 401 ]; echo $?)" "$OUT/baduser.h"
req prefix -u "$USER_:${PASS_}x" --data-binary '{"method":"getSupportedVersions"}' "$API"
result "a password with the right one as prefix: 401" "$([ "$(status prefix)" = 401 ]; echo $?)" "$OUT/prefix.h"
req pageauth "$BASE/"
expect pageauth 401 "the admin page without credentials: 401 with the custom headers"
api versions '{"method":"getSupportedVersions"}'
ok=0; [ "$(status versions)" = 200 ] || ok=1; has versions '"data":{"apiVersions":["1.0","1.1"]}' || ok=1
[ "$(lines versions Content-Type)" = application/json ] || ok=1; defaults versions || ok=1
result "API with credentials: 200 application/json, getSupportedVersions data, custom headers" $ok "$OUT/versions.raw"

# Digest (RFC 7616): offered strongest first, checked per request, replays refused
result "401 offers Digest SHA-256, Digest MD5 and Basic, in that order" \
    "$(lines noauth WWW-Authenticate | sed 's/nonce="[^"]*"/nonce/' | tr '\n' '|' |
       grep -qx 'Digest realm="customhdr", qop="auth", algorithm=SHA-256, nonce|Digest realm="customhdr", qop="auth", algorithm=MD5, nonce|Basic realm="customhdr", charset="UTF-8"|'; echo $?)" "$OUT/noauth.h"
curl -sv --max-time 5 --digest -u "$USER_:$PASS_" -o "$OUT/digest.b" --data-binary '{"method":"getSupportedVersions"}' "$API" 2>"$OUT/digest.err"
result "curl --digest is let in (200)" "$(grep -q '^< HTTP/1.1 200' "$OUT/digest.err" && grep -q '^> Authorization: Digest' "$OUT/digest.err"; echo $?)" "$OUT/digest.err"
req digestbad --digest -u "$USER_:wrong" --data-binary '{"method":"getSupportedVersions"}' "$API"
result "curl --digest with a wrong password: 401" "$([ "$(status digestbad)" = 401 ]; echo $?)" "$OUT/digestbad.h"
replay=$(sed -n 's/^> Authorization: //p' "$OUT/digest.err" | tr -d '\r' | tail -1)
req replay -H "Authorization: $replay" --data-binary '{"method":"getSupportedVersions"}' "$API"
result "the same Digest Authorization sent again (a replay) is refused: 401" \
    "$([ -n "$replay" ] && [ "$(status replay)" = 401 ]; echo $?)" "$OUT/replay.h"
# a correct MD5 answer to a nonce this server never issued: stale=true, so clients re-ask silently
ha1=$(printf '%s' "$USER_:customhdr:$PASS_" | md5sum | cut -d' ' -f1)
ha2=$(printf '%s' "POST:/axis-cgi/customhttpheader.cgi" | md5sum | cut -d' ' -f1)
fake=0123456789abcdef0123456789abcdef
resp=$(printf '%s' "$ha1:$fake:00000001:xyz:auth:$ha2" | md5sum | cut -d' ' -f1)
req stale -H "Authorization: Digest username=\"$USER_\", realm=\"customhdr\", nonce=\"$fake\", uri=\"/axis-cgi/customhttpheader.cgi\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"xyz\", response=\"$resp\"" \
    --data-binary '{"method":"getSupportedVersions"}' "$API"
result "a right answer to an unknown nonce: 401 with stale=true challenges" \
    "$([ "$(status stale)" = 401 ] && [ "$(lines stale WWW-Authenticate | grep -c 'stale=true')" = 2 ]; echo $?)" "$OUT/stale.h"

# --- Digest only (CUSTOMHDR_AUTH=digest): Basic neither offered nor accepted ----------------------------
start_bg "$OUT/badauth.log" env CUSTOMHDR_PORT=0 CUSTOMHDR_AUTH=basic "CUSTOMHDR_STATE=$OUT/state-x" \
    ASAN_OPTIONS=detect_leaks=0 build/examples/customhdr-server-san
badauth_pid=$pid
poll "$badauth_pid" false; wait "$badauth_pid"; rc=$?
result "an unknown CUSTOMHDR_AUTH value stops the server at start-up (exit $rc)" \
    "$([ "$rc" = 2 ] && grep -q 'CUSTOMHDR_AUTH must be' "$OUT/badauth.log"; echo $?)" "$OUT/badauth.log"
main_pid=$pid main_port=$port main_base=$BASE main_api=$API
start_example "digest-only server did not start" "$OUT/digestonly.log" env CUSTOMHDR_PORT=0 \
    CUSTOMHDR_AUTH=digest "CUSTOMHDR_USER=$USER_" "CUSTOMHDR_PASSWORD=$PASS_" \
    "CUSTOMHDR_STATE=$OUT/state-digest" ASAN_OPTIONS=detect_leaks=0 build/examples/customhdr-server-san
req donoauth --data-binary '{"method":"getSupportedVersions"}' "$API"
result "CUSTOMHDR_AUTH=digest: the 401 offers Digest SHA-256 and MD5 only, no Basic" \
    "$([ "$(status donoauth)" = 401 ] && [ "$(count donoauth WWW-Authenticate)" = 2 ] &&
       ! lines donoauth WWW-Authenticate | grep -qi '^Basic'; echo $?)" "$OUT/donoauth.h"
req dobasic --basic -u "$USER_:$PASS_" --data-binary '{"method":"getSupportedVersions"}' "$API"
result "CUSTOMHDR_AUTH=digest: the right password sent by Basic is refused (401)" \
    "$([ "$(status dobasic)" = 401 ]; echo $?)" "$OUT/dobasic.h"
req dodigest --digest -u "$USER_:$PASS_" --data-binary '{"method":"getSupportedVersions"}' "$API"
result "CUSTOMHDR_AUTH=digest: curl --digest is let in (200)" \
    "$([ "$(status dodigest)" = 200 ] && has dodigest '"apiVersions"'; echo $?)" "$OUT/dodigest.h"
result "the server says at start-up that Basic is off" "$(grep -q '^auth: Digest only' "$OUT/digestonly.log"; echo $?)" "$OUT/digestonly.log"
stop_bg "$pid"
pid=$main_pid port=$main_port BASE=$main_base API=$main_api
result "by default the server says Basic is on, and how to turn it off" \
    "$(grep -q '^auth: Digest or Basic (CUSTOMHDR_AUTH=digest turns Basic off)' "$LOG"; echo $?)" "$LOG"
# A nonce from the SHA-256 challenge answered with MD5 (right password): refused, not stale
nonce=$(lines noauth WWW-Authenticate | sed -n 's/.*algorithm=SHA-256, nonce="\([0-9a-f]*\)".*/\1/p')
ha1=$(printf '%s' "$USER_:customhdr:$PASS_" | md5sum | cut -d' ' -f1)
ha2=$(printf '%s' "POST:/axis-cgi/customhttpheader.cgi" | md5sum | cut -d' ' -f1)
resp=$(printf '%s' "$ha1:$nonce:00000001:xyz:auth:$ha2" | md5sum | cut -d' ' -f1)
req downgrade -H "Authorization: Digest username=\"$USER_\", realm=\"customhdr\", nonce=\"$nonce\", uri=\"/axis-cgi/customhttpheader.cgi\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"xyz\", response=\"$resp\"" \
    --data-binary '{"method":"getSupportedVersions"}' "$API"
result "a nonce of the SHA-256 challenge answered with MD5 is refused (401, not stale)" \
    "$([ -n "$nonce" ] && [ "$(status downgrade)" = 401 ] && ! lines downgrade WWW-Authenticate | grep -q stale; echo $?)" "$OUT/downgrade.h"

# --- API Discovery (POST /axis-cgi/apidiscovery.cgi), as Axis clients ask ----------------------------
DISC=$BASE/axis-cgi/apidiscovery.cgi
ENTRY='{"id":"customhttpheader","version":"1.1","name":"Custom HTTP header","docLink":"https://developer.axis.com/vapix/network-video/custom-http-header-api"}'
disc() { req "$1" --basic -u "$USER_:$PASS_" -H 'Content-Type: application/json' --data-binary "$2" "$DISC"; }
req discnoauth --data-binary '{"apiVersion":"1.0","method":"getApiList"}' "$DISC"
expect discnoauth 401 "API Discovery without credentials: 401 with the custom headers"
disc disclist '{"apiVersion":"1.0","context":"Client defined request ID","method":"getApiList"}'
ok=0; [ "$(status disclist)" = 200 ] || ok=1; [ "$(lines disclist Content-Type)" = application/json ] || ok=1
[ "$(cat "$OUT/disclist.b")" = '{"apiVersion":"1.0","context":"Client defined request ID","method":"getApiList","data":{"apiList":['"$ENTRY"']}}' ] || ok=1
defaults disclist || ok=1
result "getApiList: 200 application/json listing customhttpheader 1.1, context echoed, custom headers" $ok "$OUT/disclist.b"
curl -s --max-time 5 --digest -u "$USER_:$PASS_" -o "$OUT/discdigest.b" --data-binary '{"apiVersion":"1.0","method":"getApiList"}' "$DISC"
result "getApiList with curl --digest" "$(grep -qF '"id":"customhttpheader"' "$OUT/discdigest.b"; echo $?)" "$OUT/discdigest.b"
disc discver '{"method":"getSupportedVersions"}'
result "API Discovery getSupportedVersions: 1.0" \
    "$([ "$(cat "$OUT/discver.b")" = '{"apiVersion":"1.0","method":"getSupportedVersions","data":{"apiVersions":["1.0"]}}' ]; echo $?)" "$OUT/discver.b"
disc discbad '{"apiVersion":"1.0","method":"getApiList"'
result "API Discovery: bad JSON is 2101" "$([ "$(status discbad)" = 200 ] && has discbad '"error":{"code":2101,'; echo $?)" "$OUT/discbad.b"
disc discunknown '{"apiVersion":"1.0","context":"x","method":"getApiLists"}'
result "API Discovery: an unknown method is 2102, context and method echoed" \
    "$(has discunknown '{"apiVersion":"1.0","context":"x","method":"getApiLists","error":{"code":2102,'; echo $?)" "$OUT/discunknown.b"
disc discmissing '{"apiVersion":"1.0","context":"x"}'
result "API Discovery: no method is 2103" \
    "$(has discmissing '"error":{"code":2103,"message":"method: missing"}'; echo $?)" "$OUT/discmissing.b"
disc discversion '{"apiVersion":"2.0","method":"getApiList"}'
result "API Discovery: apiVersion 2.0 is 2100" "$(has discversion '"error":{"code":2100,'; echo $?)" "$OUT/discversion.b"
req discget -u "$USER_:$PASS_" "$DISC"
expect discget 405 "GET on API Discovery: 405 with the custom headers"

# --- another site's page cannot use the API (examples/common/csrf.h) ------------------------------------
LIST='{"apiVersion":"1.0","method":"list"}'
EVIL='{"apiVersion":"1.0","method":"set","params":{"X-Evil":"1","Content-Security-Policy":"default-src *"}}'
api before_csrf "$LIST"
req csrf1 -u "$USER_:$PASS_" -H 'Origin: http://evil.example' -H 'Content-Type: text/plain' --data-binary "$EVIL" "$API"
ok=0; [ "$(status csrf1)" = 403 ] || ok=1; [ "$(lines csrf1 Content-Type)" = application/json ] || ok=1
has csrf1 '{"apiVersion":"1.0","error":{"code":2104,"message":"Origin: cross-site request refused: a page on http://evil.example is not' || ok=1
defaults csrf1 || ok=1
result "a set from another origin (text/plain form shape) with credentials: 403, API error 2104 naming the origin" $ok "$OUT/csrf1.raw"
req csrf2 -u "$USER_:$PASS_" -H 'Sec-Fetch-Site: cross-site' -H "Origin: http://127.0.0.1:$port" --data-binary "$EVIL" "$API"
result "Sec-Fetch-Site: cross-site is refused even with this server's Origin (403)" \
    "$([ "$(status csrf2)" = 403 ] && has csrf2 'cross-site request refused'; echo $?)" "$OUT/csrf2.b"
req csrf3 -H 'Origin: http://127.0.0.1:1' -H 'Sec-Fetch-Site: same-site' --data-binary "$EVIL" "$API"
result "a cross-site request without credentials is refused before authentication (403, not 401)" \
    "$([ "$(status csrf3)" = 403 ]; echo $?)" "$OUT/csrf3.h"
req csrf4 -u "$USER_:$PASS_" -H 'Origin: null' --data-binary "$EVIL" "$API"
result "Origin: null is refused (403)" "$([ "$(status csrf4)" = 403 ] && has csrf4 'opaque origin'; echo $?)" "$OUT/csrf4.b"
req csrf5 -u "$USER_:$PASS_" -H 'Origin: http://evil.example' --data-binary '{"apiVersion":"1.0","method":"getApiList"}' "$DISC"
result "API Discovery refuses another origin too (403)" "$([ "$(status csrf5)" = 403 ]; echo $?)" "$OUT/csrf5.h"
api after_csrf "$LIST"
result "after the refused requests the table is unchanged" \
    "$(cmp -s "$OUT/before_csrf.b" "$OUT/after_csrf.b" && ! has after_csrf X-Evil; echo $?)" "$OUT/after_csrf.b"
req same1 -u "$USER_:$PASS_" -H "Origin: http://127.0.0.1:$port" --data-binary "$LIST" "$API"
req same2 -u "$USER_:$PASS_" -H "Origin: http://127.0.0.1:$port" -H 'Sec-Fetch-Site: same-origin' --data-binary "$LIST" "$API"
result "this server's own origin (the admin page) is let in: 200 and 200" \
    "$([ "$(status same1)" = 200 ] && [ "$(status same2)" = 200 ] && has same2 '"data"'; echo $?)" "$OUT/same2.h"
# the device's own CORS headers grant https://app.example.com credentials: that origin passes
api grant '{"apiVersion":"1.0","method":"set","params":{"Access-Control-Allow-Origin":"https://app.example.com"}}'
req nogrant -u "$USER_:$PASS_" -H 'Origin: https://app.example.com' -H 'Sec-Fetch-Site: cross-site' --data-binary "$LIST" "$API"
result "Access-Control-Allow-Origin alone (no credentials grant) does not let that origin in (403)" \
    "$([ "$(status nogrant)" = 403 ]; echo $?)" "$OUT/nogrant.h"
api grant2 '{"apiVersion":"1.0","method":"set","params":{"Access-Control-Allow-Credentials":"true"}}'
req granted -u "$USER_:$PASS_" -H 'Origin: https://app.example.com' -H 'Sec-Fetch-Site: cross-site' --data-binary "$LIST" "$API"
req grantother -u "$USER_:$PASS_" -H 'Origin: https://evil.example.com' -H 'Sec-Fetch-Site: cross-site' --data-binary "$LIST" "$API"
result "with Access-Control-Allow-Origin naming it and Allow-Credentials true, that origin is let in (200)" \
    "$([ "$(status granted)" = 200 ] && has granted '"data"'; echo $?)" "$OUT/granted.h"
result "and another origin is still refused (403)" "$([ "$(status grantother)" = 403 ]; echo $?)" "$OUT/grantother.h"
api ungrant '{"apiVersion":"1.0","method":"remove","params":{"Access-Control-Allow-Origin":"","Access-Control-Allow-Credentials":""}}'

# --- forbidden by default: CGI control fields and server-internal headers (docs/behaviour.md section 2) -------------
api setlocation '{"apiVersion":"1.0","method":"set","params":{"Location":"http://evil.example/"}}'
result "set Location is refused with 2104 through the demo server" \
    "$(has setlocation '"error":{"code":2104,"message":"params \"Location\": is a header the server owns'; echo $?)" "$OUT/setlocation.b"
api setaccel '{"apiVersion":"1.0","method":"set","params":{"X-Accel-Redirect":"/internal/secret"}}'
result "set X-Accel-Redirect is refused with 2104 through the demo server" \
    "$(has setaccel '"error":{"code":2104,"message":"params \"X-Accel-Redirect\": is a header the server owns'; echo $?)" "$OUT/setaccel.b"
req nolocation "$BASE/nope"
api after_forbidden "$LIST"
result "no Location or X-Accel-Redirect on the next response, the table unchanged" \
    "$([ "$(count nolocation Location)" = 0 ] && [ "$(count nolocation X-Accel-Redirect)" = 0 ] &&
       cmp -s "$OUT/before_csrf.b" "$OUT/after_forbidden.b"; echo $?)" "$OUT/nolocation.h"

# --- every status carries the custom headers --------------------------------------------------------
req notfound "$BASE/no/such/page"
expect notfound 404 "unknown path: 404 with the custom headers"
req getapi "$API"
expect getapi 405 "GET on the API: 405 with the custom headers"
result "405 names POST in Allow" "$(lines getapi Allow | grep -q POST; echo $?)" "$OUT/getapi.h"
req preflight -X OPTIONS -H 'Origin: http://127.0.0.1:1' -H 'Access-Control-Request-Method: POST' "$API"
expect preflight 204 "OPTIONS preflight without credentials: 204 with the custom headers"
result "OPTIONS answers Allow with POST" "$(lines preflight Allow | grep -q POST; echo $?)" "$OUT/preflight.h"
head -c 9000 /dev/zero | tr '\0' 'x' >"$OUT/big.in"
req big -u "$USER_:$PASS_" -H 'Expect:' --data-binary @"$OUT/big.in" "$API"
expect big 413 "a 9000-byte body (over CHDR_REQUEST_MAX, 4096): 413 with the custom headers"
req page -u "$USER_:$PASS_" "$BASE/"
ok=0; [ "$(status page)" = 200 ] || ok=1; grep -q '<script src="/admin.js"' "$OUT/page.b" || ok=1; defaults page || ok=1
lines page Content-Type | grep -q '^text/html' || ok=1
result "the admin page: 200 text/html with its script and the custom headers" $ok "$OUT/page.h"
req js "$BASE/admin.js"
result "the admin script is served (200, JavaScript)" \
    "$([ "$(status js)" = 200 ] && lines js Content-Type | grep -q javascript; echo $?)" "$OUT/js.h"
req headpage -I -u "$USER_:$PASS_" "$BASE/"
result "HEAD / is 200 with the same Content-Length as GET" \
    "$([ "$(status headpage)" = 200 ] && [ "$(lines headpage Content-Length)" = "$(wc -c <"$OUT/page.b" | tr -d ' ')" ]; echo $?)" "$OUT/headpage.h"
# 40 header fields (limit 32) and one 9 KiB field (head limit 8192): 431
set --
i=0; while [ $i -lt 40 ]; do set -- "$@" -H "X-Many-$i: $i"; i=$((i + 1)); done
req many "$@" "$BASE/"
expect many 431 "40 request header fields: 431 with the custom headers"
req longhdr -H "X-Long: $(head -c 9000 /dev/zero | tr '\0' 'a')" "$BASE/"
expect longhdr 431 "a 9 KiB request header: 431 with the custom headers"

# --- the custom value replaces the server's own --------------------------------------------------
req own404 "$BASE/nope"
result "the server sends its own Server and Cache-Control by default" \
    "$([ "$(count own404 Server)" = 1 ] && [ "$(lines own404 Cache-Control)" = no-store ]; echo $?)" "$OUT/own404.h"
api setown '{"apiVersion":"1.0","method":"set","params":{"Server":"custom-fw/9","Cache-Control":"max-age=60","X-Content-Type-Options":"nosniff"}}'
req repl404 "$BASE/nope"
ok=0; [ "$(count repl404 Server)" = 1 ] || ok=1; [ "$(lines repl404 Server)" = custom-fw/9 ] || ok=1
result "a custom Server header replaces the server's: exactly one Server line, the custom one" $ok "$OUT/repl404.h"
ok=0; [ "$(count repl404 Cache-Control)" = 1 ] || ok=1; [ "$(lines repl404 Cache-Control)" = max-age=60 ] || ok=1
result "a custom Cache-Control replaces the server's: exactly one line" $ok "$OUT/repl404.h"
result "X-Content-Type-Options (server's and default's) is sent once" "$([ "$(count repl404 X-Content-Type-Options)" = 1 ]; echo $?)" "$OUT/repl404.h"
req repl401 "$API" -d '{}'
result "the replacement holds on a 401 too" \
    "$([ "$(count repl401 Server)" = 1 ] && [ "$(lines repl401 Server)" = custom-fw/9 ]; echo $?)" "$OUT/repl401.h"
api unown '{"apiVersion":"1.0","method":"remove","params":{"Server":"","Cache-Control":""}}'
req back404 "$BASE/nope"
result "after removing them the server's own Server and Cache-Control return" \
    "$([ "$(lines back404 Server)" != custom-fw/9 ] && [ "$(count back404 Server)" = 1 ] && [ "$(lines back404 Cache-Control)" = no-store ]; echo $?)" "$OUT/back404.h"

# --- changes apply to the very next response, and persist ------------------------------------------
api setnext '{"apiVersion":"1.0","method":"set","params":{"X-Next":"now"}}'
result "the set response itself carries the new header" "$([ "$(lines setnext X-Next)" = now ]; echo $?)" "$OUT/setnext.h"
req next404 "$BASE/nope"
result "the next response (a 404) carries it" "$([ "$(lines next404 X-Next)" = now ]; echo $?)" "$OUT/next404.h"
api rmnext '{"apiVersion":"1.0","method":"remove","params":{"X-Next":""}}'
req gone404 "$BASE/nope"
result "after remove the next response lacks it" "$([ "$(count gone404 X-Next)" = 0 ]; echo $?)" "$OUT/gone404.h"
# keep-alive: curl reuses one connection for two URLs; the header set in between shows up
out=$(curl -s --max-time 5 -o /dev/null -o /dev/null -w '%{num_connects} ' "$BASE/nope" "$BASE/admin.css")
result "keep-alive: the second request reuses the connection (connects: $out)" "$([ "$out" = "1 0 " ]; echo $?)"

api persist '{"apiVersion":"1.0","method":"set","params":{"X-Persist":"yes"}}'
stop_server
start_server
req afterrestart "$BASE/nope"
result "a change survives a restart" "$([ "$(lines afterrestart X-Persist)" = yes ]; echo $?)" "$OUT/afterrestart.h"
api list '{"apiVersion":"1.0","method":"list"}'
result "list after restart shows defaults then X-Content-Type-Options kept in place and X-Persist" \
    "$(has list '"X-Persist":"yes"' && has list '"X-Frame-Options":"SAMEORIGIN"'; echo $?)" "$OUT/list.b"

# --- hostile clients, over raw sockets ---------------------------------------------------------------
if command -v python3 >/dev/null 2>&1; then
    python3 - "$port" "$(printf '%s' "$USER_:$PASS_" | base64)" >"$OUT/raw.log" 2>&1 <<'EOF'
import socket, sys, time
port = int(sys.argv[1])
auth = sys.argv[2].encode()
DEFAULT = b"\r\nX-Frame-Options: SAMEORIGIN\r\n"

def conn():
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    return s

def read_all(s, limit=5.0):
    s.settimeout(limit)
    data = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
    except socket.timeout:
        pass
    return data

def report(name, ok, detail=b""):
    print(("ok   " if ok else "FAIL ") + name)
    if not ok:
        print("     | " + repr(detail[:300]))
    sys.stdout.flush()

def quick_get(path="/nope"):
    s = conn()
    s.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    return read_all(s, 3)

# garbage bytes: 400, custom headers, connection closed, server still answers
s = conn()
s.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage")
r = read_all(s)
report("garbage bytes: 400 with the custom headers, then close",
       r.startswith(b"HTTP/1.1 400 ") and DEFAULT in r and b"Connection: close" in r, r)
report("server still answers after garbage", quick_get().startswith(b"HTTP/1.1 404"))

for name, raw in [("obs-fold", b"GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n b\r\n\r\n"),
                  ("space before colon", b"GET / HTTP/1.1\r\nHost: x\r\nX-A : 1\r\n\r\n"),
                  ("bare LF", b"GET / HTTP/1.1\nHost: x\n\n"),
                  ("two different Content-Lengths", b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
                  ("no Host in HTTP/1.1", b"GET / HTTP/1.1\r\n\r\n"),
                  ("NUL in a header", b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n")]:
    s = conn(); s.sendall(raw); r = read_all(s)
    report("malformed request (%s): 400 with the custom headers" % name,
           r.startswith(b"HTTP/1.1 400 ") and DEFAULT in r, r)
s = conn(); s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"); r = read_all(s)
report("Transfer-Encoding: 501 with the custom headers", r.startswith(b"HTTP/1.1 501 ") and DEFAULT in r, r)
s = conn(); s.sendall(b"GET / HTTP/2.0\r\nHost: x\r\n\r\n"); r = read_all(s)
report("HTTP/2.0 request line: 505 with the custom headers", r.startswith(b"HTTP/1.1 505 ") and DEFAULT in r, r)

# HEAD: the head of the GET, no body (the connection would be out of step otherwise)
s = conn()
s.sendall(b"HEAD / HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + auth + b"\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
r = read_all(s)
head, _, rest = r.partition(b"\r\n\r\n")
report("HEAD / is 200 with no body: the next response follows its head directly",
       head.startswith(b"HTTP/1.1 200 ") and rest.startswith(b"HTTP/1.1 404 "), r)

# HEAD on every route and status: no body, so the pipelined GET's response follows the head
# directly on the same connection (RFC 9110 9.3.2)
def head_then_get(target, extra=b""):
    s = conn()
    s.sendall(b"HEAD " + target + b" HTTP/1.1\r\nHost: x\r\n" + extra + b"\r\n"
              b"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    r = read_all(s)
    head, _, rest = r.partition(b"\r\n\r\n")
    return head, rest, r

AUTH = b"Authorization: Basic " + auth + b"\r\n"
for target, extra, want in [(b"/", b"", b"401"), (b"/", AUTH, b"200"), (b"/index.html", AUTH, b"200"),
                            (b"/admin.js", b"", b"200"), (b"/admin.css", b"", b"200"),
                            (b"/favicon.ico", b"", b"204"), (b"/no/such/page", b"", b"404"),
                            (b"/axis-cgi/customhttpheader.cgi", b"", b"405"),
                            (b"/axis-cgi/customhttpheader.cgi", AUTH, b"405"),
                            (b"/axis-cgi/apidiscovery.cgi", AUTH, b"405"),
                            (b"/admin/restore-defaults", AUTH, b"405"),
                            (b"*", b"", b"404"), (b"http://x/admin.css", b"", b"200")]:
    head, rest, r = head_then_get(target, extra)
    report("HEAD %s%s: %s with no body, then the pipelined GET's 404 on the same connection"
           % (target.decode(), " (auth)" if extra else "", want.decode()),
           head.startswith(b"HTTP/1.1 " + want + b" ") and rest.startswith(b"HTTP/1.1 404 ") and
           rest.count(b"HTTP/1.1 ") == 1, r)
# HEAD answered with an error that closes the connection: still no body before the close
for name, raw, want in [("bad header", b"HEAD / HTTP/1.1\r\nHost: x\r\nX-A : 1\r\n\r\n", b"400"),
                        ("body over the limit", b"HEAD / HTTP/1.1\r\nHost: x\r\nContent-Length: 9000\r\n\r\n", b"413"),
                        ("HTTP/2.0", b"HEAD / HTTP/2.0\r\nHost: x\r\n\r\n", b"505")]:
    s = conn(); s.sendall(raw); r = read_all(s)
    head, sep, rest = r.partition(b"\r\n\r\n")
    report("HEAD with %s: %s, its head only and nothing after it" % (name, want.decode()),
           head.startswith(b"HTTP/1.1 " + want + b" ") and sep and rest == b"", r)

# pipelining: two requests in one packet, two responses in order on one connection
s = conn()
s.sendall(b"GET /nope HTTP/1.1\r\nHost: x\r\n\r\nGET /admin.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
r = read_all(s)
i, j = r.find(b"HTTP/1.1 404"), r.find(b"HTTP/1.1 200")
report("two pipelined requests: 404 then 200, both with the custom headers",
       0 == i < j and r.count(DEFAULT) == 2, r)

# slowloris: a head trickling in does not hold up others, and is cut off at the timeout (3 s)
slow = conn()
slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
t0 = time.time()
others_ok = True
for k in range(4):
    slow.sendall(b"X-Slow-%d: 1\r\n" % k)
    t = time.time(); r = quick_get()
    others_ok &= r.startswith(b"HTTP/1.1 404") and time.time() - t < 1.0
    time.sleep(0.5)
report("a slowloris connection does not delay other clients", others_ok)
r = read_all(slow, 6)
report("the slow client gets 408 with the custom headers after the timeout (%.1fs)" % (time.time() - t0),
       r.startswith(b"HTTP/1.1 408 ") and DEFAULT in r and time.time() - t0 < 6, r)

# a body that stops half-way: 408 at the timeout, server unharmed
s = conn()
s.sendall(b"POST /axis-cgi/customhttpheader.cgi HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a")
r = read_all(s, 6)
report("a body that stops half-way: 408 after the timeout", r.startswith(b"HTTP/1.1 408 "), r)

# a flood of 80 idle connections (the server has 64 slots): a new client is still served
flood = []
for k in range(80):
    try:
        flood.append(conn())
    except OSError:
        break
time.sleep(0.3)
t = time.time(); r = quick_get()
report("80 idle connections do not lock out a new client (%.2fs)" % (time.time() - t),
       r.startswith(b"HTTP/1.1 404") and DEFAULT in r, r)
for f in flood:
    f.close()

# a client that never reads: its response stalls, others are served
s = conn()
big = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" * 200
try:
    s.settimeout(2); s.sendall(big)
except OSError:
    pass
r = quick_get()
report("a client that never reads its responses does not block others", r.startswith(b"HTTP/1.1 404"), r)
s.close()
EOF
    while IFS= read -r line; do
        case $line in
        "ok   "*) pass=$((pass + 1)); echo "$line" ;;
        "FAIL "*) fail=$((fail + 1)); echo "$line" ;;
        *) echo "$line" ;;
        esac
    done <"$OUT/raw.log"
    grep -q '^\(ok\|FAIL\) ' "$OUT/raw.log" || { fail=$((fail + 1)); echo "FAIL raw-socket tests did not run"; cat "$OUT/raw.log"; }
else
    echo "SKIP: server: needs python3 (the raw-socket tests: garbage, slowloris, flood)"
    skip=$((skip + 1))
fi

req alive "$BASE/nope"
expect alive 404 "the server is alive and unchanged after every hostile client"
stop_server
if grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$OUT"/server.*.log; then
    result "no sanitizer report from the server" 1 "$(grep -l 'runtime error\|AddressSanitizer' "$OUT"/server.*.log | head -1)"
else
    result "no sanitizer report from the server" 0
fi
finish

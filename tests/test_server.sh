#!/bin/sh
# The demo server (examples/server, ASan+UBSan build) on 127.0.0.1, driven with curl and with
# raw sockets (python3): the custom headers ride on every response whatever its status, a custom
# header replaces the server's own of the same name, changes apply to the next response and
# survive a restart, and hostile clients (garbage, oversize, slowloris, a connection flood) get
# their error and leave the server serving others. Expected values: SPEC.md sections 1, 3, 6;
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
expect big 413 "a 9000-byte body (limit 8192): 413 with the custom headers"
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

#!/bin/sh
# build/customhttpheader.cgi as a web server runs it (CGI/1.1: REQUEST_METHOD, CONTENT_LENGTH,
# body on stdin, Status:/Content-Type: lines out), in its ASan+UBSan build. Expected values come
# from docs/behaviour.md (sections 1, 3, 4, 6) and RFC 3875 / RFC 9110, not from the program's output.
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=build/examples/test-cgi
. tests/lib.sh

build build build/examples/customhttpheader-san.cgi
CGI=build/examples/customhttpheader-san.cgi
STATE=$OUT/state
export CUSTOMHDR_STATE="$STATE"

# run NAME METHOD [CONTENT_LENGTH [BODY-FILE]]: headers (CR stripped) in NAME.h, body in NAME.b
run() {
    n=$1 m=$2 len=${3-} in=${4:-/dev/null}
    if [ -n "${3+x}" ]; then
        REQUEST_METHOD=$m CONTENT_LENGTH=$len timeout 30 "$CGI" <"$in" >"$OUT/$n.raw" 2>"$OUT/$n.err"
    else
        (unset CONTENT_LENGTH; REQUEST_METHOD=$m timeout 30 "$CGI" <"$in" >"$OUT/$n.raw" 2>"$OUT/$n.err")
    fi
    echo $? >"$OUT/$n.rc"
    tr -d '\r' <"$OUT/$n.raw" | sed '/^$/q' >"$OUT/$n.h"
    tr -d '\r' <"$OUT/$n.raw" | sed '1,/^$/d' >"$OUT/$n.b"
}
# post NAME JSON: a POST with a correct CONTENT_LENGTH
post() {
    printf '%s' "$2" >"$OUT/$1.in"
    run "$1" POST "$(wc -c <"$OUT/$1.in" | tr -d ' ')" "$OUT/$1.in"
}
# a CGI program answers with a Status: header field (RFC 3875 section 6.3.3), not a status line
status() { sed -n 's/^Status: \([0-9]*\).*/\1/p' "$OUT/$1.h"; }
json_ok() { [ "$(lines "$1" Content-Type)" = application/json ]; }
LIST='{"apiVersion":"1.0","method":"list"}'

# --- HTTP-level refusals ------------------------------------------------------------------------
run get GET
ok=0; [ "$(status get)" = 405 ] || ok=1; [ "$(lines get Allow)" = POST ] || ok=1; json_ok get || ok=1
result "GET is 405 with Allow: POST and a JSON body" $ok "$OUT/get.raw"
result "405 carries the custom headers (defaults)" "$(lines get X-Frame-Options | grep -qx SAMEORIGIN; echo $?)" "$OUT/get.h"

head -c 9000 /dev/zero | tr '\0' ' ' >"$OUT/big.in"
run big POST 9000 "$OUT/big.in"
ok=0; [ "$(status big)" = 413 ] || ok=1; has big '"code":1100' || ok=1; json_ok big || ok=1
result "CONTENT_LENGTH over the 4096-byte limit (CHDR_REQUEST_MAX) is 413 with error 1100" $ok "$OUT/big.raw"
run huge POST 99999999999999999999999 /dev/null
result "an absurd CONTENT_LENGTH is 413, not an overflow" "$([ "$(status huge)" = 413 ]; echo $?)" "$OUT/huge.raw"
run badlen POST 12abc /dev/null
result "a CONTENT_LENGTH that is not 1*DIGIT is 400" "$([ "$(status badlen)" = 400 ]; echo $?)" "$OUT/badlen.raw"

# --- as the server's error handler (lighttpd's server.error-handler, REDIRECT_STATUS) ---------------
# the answers every example gives (examples/README.md, "Answers outside the library")
A401='{"apiVersion":"1.0","error":{"code":2103,"message":"Authorization: admin credentials required"}}'
post ehbefore "$LIST"
export REDIRECT_STATUS=401
post eh401 '{"apiVersion":"1.0","method":"set","params":{"X-Handler":"1"}}'
ok=0; [ "$(status eh401)" = 401 ] || ok=1; json_ok eh401 || ok=1; [ "$(cat "$OUT/eh401.b")" = "$A401" ] || ok=1
lines eh401 X-Frame-Options | grep -qx SAMEORIGIN || ok=1
result "REDIRECT_STATUS=401: the server's 401 in the API's words, with the custom headers" $ok "$OUT/eh401.raw"
export REDIRECT_STATUS=200
post eh200 "$LIST"
result "REDIRECT_STATUS=200 (lighttpd sets it on every CGI request): the API as usual" \
    "$([ "$(status eh200)" = 200 ] && has eh200 '"data":{'; echo $?)" "$OUT/eh200.raw"
unset REDIRECT_STATUS
export SCRIPT_NAME=/customhdr-error.cgi
post ehdirect '{"apiVersion":"1.0","method":"set","params":{"X-Handler":"1"}}'
unset SCRIPT_NAME
post ehafter "$LIST"
ok=0; [ "$(status ehdirect)" = 404 ] || ok=1; json_ok ehdirect || ok=1; has ehdirect '"data"' && ok=1
cmp -s "$OUT/ehbefore.b" "$OUT/ehafter.b" || ok=1
result "called by its error-handler name without REDIRECT_STATUS: 404, no API, nothing set" $ok "$OUT/ehdirect.raw"

# --- bodies that are missing or short: an API error, promptly ---------------------------------
run nolen POST
ok=0; [ "$(status nolen)" = 200 ] || ok=1; has nolen '"error":{"code":2101' || ok=1; json_ok nolen || ok=1
result "POST without CONTENT_LENGTH is an empty body: 200 with error 2101" $ok "$OUT/nolen.raw"
printf '{"apiVersion":"1.0","meth' >"$OUT/short.in"
run short POST 60 "$OUT/short.in"
ok=0; [ "$(status short)" = 200 ] || ok=1; has short '"error":{"code":2101' || ok=1
result "a body shorter than CONTENT_LENGTH is error 2101" $ok "$OUT/short.raw"
printf '%s' "$LIST" >"$OUT/shortvalid.in"
run shortvalid POST 100 "$OUT/shortvalid.in"
result "a valid JSON prefix of a short body is still refused (2101), not carried out" \
    "$(has shortvalid '"code":2101' && ! has shortvalid '"data"'; echo $?)" "$OUT/shortvalid.raw"
# stdin that stays open and silent: the program must give up on its own (this build waits 2 s)
mkfifo "$OUT/fifo"
sleep 20 >"$OUT/fifo" &
holder=$!
start=$(date +%s)
REQUEST_METHOD=POST CONTENT_LENGTH=10 timeout 15 "$CGI" <"$OUT/fifo" >"$OUT/stall.raw" 2>"$OUT/stall.err"
rc=$? took=$(( $(date +%s) - start ))
kill $holder 2>/dev/null; wait $holder 2>/dev/null
ok=0; [ $rc = 0 ] || ok=1; [ $took -le 6 ] || ok=1; grep -Fq '"code":2101' "$OUT/stall.raw" || ok=1
result "a body that never arrives is error 2101 after the read timeout (${took}s), no hang" $ok "$OUT/stall.raw"

# --- state: defaults, persistence, saving only on change ------------------------------------------
rm -f "$STATE"*
post defaults "$LIST"
result "no state file: the AXIS OS defaults, in order" \
    "$(has defaults "\"data\":{$DEFAULTS}"; echo $?)" "$OUT/defaults.b"
result "a request that changes nothing writes no state file" "$([ ! -e "$STATE" ]; echo $?)"

post set '{"apiVersion":"1.1","context":"c1","method":"set","params":{"X-Test":"one","Access-Control-Allow-Origin":"*"}}'
ok=0; [ "$(status set)" = 200 ] || ok=1; has set '"data":{"X-Test":"one","Access-Control-Allow-Origin":"*"}' || ok=1
has set '"context":"c1"' || ok=1; [ -s "$STATE" ] || ok=1
result "set answers 200 with data and writes the state file" $ok "$OUT/set.raw"
result "the set response itself carries the new header" "$([ "$(lines set X-Test)" = one ]; echo $?)" "$OUT/set.h"
result "no temporary file is left behind" "$([ ! -e "$STATE.tmp" ]; echo $?)"
post list2 "$LIST"
result "the change persists into the next process" \
    "$(has list2 "\"data\":{$DEFAULTS,\"X-Test\":\"one\",\"Access-Control-Allow-Origin\":\"*\"}"; echo $?)" "$OUT/list2.b"
inode=$(ls -i "$STATE" | cut -d' ' -f1); sum=$(cksum <"$STATE")
post list3 "$LIST"
post badset '{"apiVersion":"1.0","method":"set","params":{"Content-Length":"5"}}'
ok=0; [ "$(ls -i "$STATE" | cut -d' ' -f1)" = "$inode" ] || ok=1; [ "$(cksum <"$STATE")" = "$sum" ] || ok=1
has badset '"code":2104' || ok=1
result "list and a refused set leave the state file untouched (same inode)" $ok "$OUT/badset.b"
post rm '{"apiVersion":"1.0","method":"remove","params":{"X-Test":""}}'
result "remove is saved: the file is replaced (new inode)" \
    "$([ "$(ls -i "$STATE" | cut -d' ' -f1)" != "$inode" ]; echo $?)"
post list4 "$LIST"
result "the removal persists" "$(! has list4 X-Test && has list4 Access-Control-Allow-Origin; echo $?)" "$OUT/list4.b"

# a save that fails (the temporary file's name is taken by a directory) is error 1100, not a
# success, and the table stays as it was
mkdir "$STATE.tmp"
post failset '{"apiVersion":"1.0","context":"f","method":"set","params":{"X-Lost":"1"}}'
rmdir "$STATE.tmp"
post list5 "$LIST"
ok=0; has failset '"context":"f","method":"set","error":{"code":1100' || ok=1; ! has list5 X-Lost || ok=1
[ "$(lines failset X-Lost)" = "" ] || ok=1
result "an unsaveable change is answered 1100 (context and method kept) and not applied" $ok "$OUT/failset.raw"

# --- forbidden by default: CGI control fields (RFC 3875 6.3) and server-internal headers -----------
post forbidloc '{"apiVersion":"1.0","method":"set","params":{"Location":"http://evil.example/"}}'
result "set Location is refused with 2104 (a CGI control field: the server would turn answers into 302s)" \
    "$(has forbidloc '"error":{"code":2104,"message":"params \"Location\": is a header the server owns'; echo $?)" "$OUT/forbidloc.b"
post forbidaccel '{"apiVersion":"1.0","method":"set","params":{"X-Accel-Redirect":"/internal"}}'
result "set X-Accel-Redirect is refused with 2104" \
    "$(has forbidaccel '"error":{"code":2104,"message":"params \"X-Accel-Redirect\": is a header the server owns'; echo $?)" "$OUT/forbidaccel.b"
post forbidsend '{"apiVersion":"1.0","method":"set","params":{"X-LIGHTTPD-send-file":"/etc/passwd"}}'
ok=0; has forbidsend '"code":2104' || ok=1; [ "$(lines forbidsend Location)" = "" ] || ok=1
[ "$(lines forbidsend X-LIGHTTPD-send-file)" = "" ] || ok=1
result "set X-LIGHTTPD-send-file is refused with 2104, and none of them reaches the CGI's output" $ok "$OUT/forbidsend.raw"
post forbidlist "$LIST"
result "the table has none of them" \
    "$(! has forbidlist Location && ! has forbidlist X-Accel && ! has forbidlist send-file; echo $?)" "$OUT/forbidlist.b"

# --- another site's page cannot use the API (HTTP_ORIGIN, HTTP_SEC_FETCH_SITE; csrf.h) ------------
EVIL='{"apiVersion":"1.0","method":"set","params":{"X-Evil":"1"}}'
printf '%s' "$EVIL" >"$OUT/evil.in"
cgi_env() { # cgi_env NAME ENV... : a POST of evil.in with extra environment
    n=$1; shift
    env "$@" REQUEST_METHOD=POST CONTENT_LENGTH="$(wc -c <"$OUT/evil.in" | tr -d ' ')" \
        timeout 30 "$CGI" <"$OUT/evil.in" >"$OUT/$n.raw" 2>"$OUT/$n.err"
    tr -d '\r' <"$OUT/$n.raw" | sed '/^$/q' >"$OUT/$n.h"
    tr -d '\r' <"$OUT/$n.raw" | sed '1,/^$/d' >"$OUT/$n.b"
}
cksum_before=$(cksum <"$STATE")
cgi_env xsite HTTP_ORIGIN=http://evil.example HTTP_HOST=device.local
ok=0; [ "$(status xsite)" = 403 ] || ok=1; json_ok xsite || ok=1
has xsite '{"apiVersion":"1.0","error":{"code":2104,"message":"Origin: cross-site request refused: a page on http://evil.example' || ok=1
result "a set with another site's Origin: 403, API error 2104 naming the origin" $ok "$OUT/xsite.raw"
cgi_env xsite2 HTTP_SEC_FETCH_SITE=cross-site HTTP_ORIGIN=http://device.local HTTP_HOST=device.local
result "Sec-Fetch-Site: cross-site: 403" "$([ "$(status xsite2)" = 403 ]; echo $?)" "$OUT/xsite2.raw"
cgi_env xsite3 HTTP_ORIGIN=http://device.local HTTP_HOST=device.local HTTPS=on
result "an http Origin for a request that came by HTTPS is another origin: 403" "$([ "$(status xsite3)" = 403 ]; echo $?)" "$OUT/xsite3.raw"
post xlist "$LIST"
result "after the refusals the state file and the table are unchanged" \
    "$([ "$(cksum <"$STATE")" = "$cksum_before" ] && ! has xlist X-Evil; echo $?)" "$OUT/xlist.b"
cgi_env same1 HTTP_ORIGIN=https://device.local HTTP_HOST=device.local HTTPS=on HTTP_SEC_FETCH_SITE=same-origin
result "the device's own page (same origin, HTTPS) is let in: 200" \
    "$([ "$(status same1)" = 200 ] && has same1 '"data":{"X-Evil":"1"}'; echo $?)" "$OUT/same1.raw"
post grant '{"apiVersion":"1.0","method":"set","params":{"Access-Control-Allow-Origin":"https://app.example.com","Access-Control-Allow-Credentials":"true"}}'
cgi_env granted HTTP_ORIGIN=https://app.example.com HTTP_SEC_FETCH_SITE=cross-site HTTP_HOST=device.local
result "an origin the custom CORS headers grant credentials is let in: 200" "$([ "$(status granted)" = 200 ]; echo $?)" "$OUT/granted.raw"
post ungrant '{"apiVersion":"1.0","method":"remove","params":{"Access-Control-Allow-Origin":"","Access-Control-Allow-Credentials":"","X-Evil":""}}'

# --- API Discovery: the same program called as apidiscovery.cgi --------------------------------------
ENTRY='{"id":"customhttpheader","version":"1.1","name":"Custom HTTP header","docLink":"https://developer.axis.com/vapix/network-video/custom-http-header-api"}'
disc() {
    printf '%s' "$2" >"$OUT/$1.in"
    (SCRIPT_NAME=/axis-cgi/apidiscovery.cgi; export SCRIPT_NAME
     run "$1" POST "$(wc -c <"$OUT/$1.in" | tr -d ' ')" "$OUT/$1.in")
}
disc dlist '{"apiVersion":"1.0","context":"Client defined request ID","method":"getApiList"}'
ok=0; [ "$(status dlist)" = 200 ] || ok=1; json_ok dlist || ok=1
[ "$(cat "$OUT/dlist.b")" = '{"apiVersion":"1.0","context":"Client defined request ID","method":"getApiList","data":{"apiList":['"$ENTRY"']}}' ] || ok=1
result "SCRIPT_NAME .../apidiscovery.cgi: getApiList lists customhttpheader 1.1" $ok "$OUT/dlist.raw"
result "its answer carries the custom headers" "$(lines dlist X-Frame-Options | grep -qx SAMEORIGIN; echo $?)" "$OUT/dlist.h"
disc dver '{"method":"getSupportedVersions"}'
result "API Discovery getSupportedVersions: 1.0" "$(has dver '"data":{"apiVersions":["1.0"]}'; echo $?)" "$OUT/dver.b"
disc dbad '{"method":'
disc dunk '{"apiVersion":"1.0","method":"getApiLists"}'
disc dmiss '{"apiVersion":"1.0"}'
result "API Discovery errors: bad JSON 2101, unknown method 2102, no method 2103" \
    "$(has dbad '"code":2101' && has dunk '"code":2102' && has dmiss '"code":2103'; echo $?)" "$OUT/dunk.b"
printf '%s' '{"apiVersion":"1.0","method":"getApiList"}' >"$OUT/dx.in"
(SCRIPT_NAME=/axis-cgi/apidiscovery.cgi HTTP_ORIGIN=http://evil.example; export SCRIPT_NAME HTTP_ORIGIN
 run dx POST 42 "$OUT/dx.in")
result "API Discovery refuses another site's page too: 403" "$([ "$(status dx)" = 403 ]; echo $?)" "$OUT/dx.raw"
(SCRIPT_NAME=/axis-cgi/customhttpheader.cgi; export SCRIPT_NAME; run notdisc POST 42 "$OUT/dx.in")
result "called as customhttpheader.cgi the same body is an API request (2102)" "$(has notdisc '"code":2102'; echo $?)" "$OUT/notdisc.b"

# --- a corrupt state file: kept aside, defaults served, warning on stderr ----------------------------
rm -f "$STATE"*
printf 'CHDR\001garbage that is no blob' >"$STATE"
cp "$STATE" "$OUT/corrupt.orig"
post corrupt "$LIST"
aside=$(ls "$STATE".corrupt-* 2>/dev/null | head -1)
ok=0; has corrupt "\"data\":{$DEFAULTS}" || ok=1
result "a corrupt state file gives the defaults" $ok "$OUT/corrupt.b"
ok=0; [ -n "$aside" ] && cmp -s "$aside" "$OUT/corrupt.orig" || ok=1
result "the corrupt file is kept, byte for byte, as state.corrupt-<time>" $ok
result "a warning naming the file goes to stderr" "$(grep -q "warning.*$STATE" "$OUT/corrupt.err"; echo $?)" "$OUT/corrupt.err"
printf 'second corrupt file' >"$STATE"
post corrupt2 "$LIST"
ok=0; [ "$(ls "$STATE".corrupt-* | wc -l)" -eq 2 ] || ok=1; cmp -s "$aside" "$OUT/corrupt.orig" || ok=1
result "a second corrupt file never overwrites the first one kept aside" $ok
# a blob with one flipped byte (valid structure, bad check code) is corrupt too
rm -f "$STATE"*
post mk '{"apiVersion":"1.0","method":"set","params":{"X-Flip":"abc"}}'
printf 'Z' | dd of="$STATE" bs=1 seek=20 conv=notrunc 2>/dev/null
post flipped "$LIST"
ok=0; has flipped "\"data\":{$DEFAULTS}" || ok=1; ls "$STATE".corrupt-* >/dev/null 2>&1 || ok=1
result "a bit-flipped blob is refused and kept aside" $ok "$OUT/flipped.b"

# --- concurrent processes: the lock serializes load-change-save ------------------------------------
rm -f "$STATE"*
post empty '{"apiVersion":"1.0","method":"remove","params":{"X-Frame-Options":"","X-Content-Type-Options":"","Referrer-Policy":"","Content-Security-Policy":""}}'
i=1
while [ $i -le 16 ]; do
    printf '{"apiVersion":"1.0","method":"set","params":{"X-Par-%d":"v%d"}}' $i $i >"$OUT/par$i.in"
    ( REQUEST_METHOD=POST CONTENT_LENGTH=$(wc -c <"$OUT/par$i.in" | tr -d ' ') \
        timeout 30 "$CGI" <"$OUT/par$i.in" >"$OUT/par$i.raw" 2>&1 ) &
    i=$((i + 1))
done
wait
post parlist "$LIST"
missing=0 i=1
while [ $i -le 16 ]; do
    has parlist "\"X-Par-$i\":\"v$i\"" || missing=$((missing + 1))
    i=$((i + 1))
done
result "16 parallel CGI processes setting distinct headers: all 16 in the table ($missing lost)" \
    "$([ $missing = 0 ]; echo $?)" "$OUT/parlist.b"
post over '{"apiVersion":"1.0","method":"set","params":{"X-Seventeenth":"x"}}'
result "the 17th header exceeds the 16-header table: 1100" "$(has over '"code":1100'; echo $?)" "$OUT/over.b"

# sanitizer reports would have gone to the .err files
if grep -l 'runtime error\|AddressSanitizer' "$OUT"/*.err "$OUT"/par*.raw >/dev/null 2>&1; then
    result "no sanitizer report" 1 "$(grep -l 'runtime error\|AddressSanitizer' "$OUT"/*.err | head -1)"
else
    result "no sanitizer report" 0
fi
finish

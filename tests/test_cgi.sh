#!/bin/sh
# build/customhttpheader.cgi as a web server runs it (CGI/1.1: REQUEST_METHOD, CONTENT_LENGTH,
# body on stdin, Status:/Content-Type: lines out), in its ASan+UBSan build. Expected values come
# from SPEC.md (sections 1, 3, 4, 6) and RFC 3875 / RFC 9110, not from the program's output.
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
result "CONTENT_LENGTH over the 8192-byte limit is 413 with error 1100" $ok "$OUT/big.raw"
run huge POST 99999999999999999999999 /dev/null
result "an absurd CONTENT_LENGTH is 413, not an overflow" "$([ "$(status huge)" = 413 ]; echo $?)" "$OUT/huge.raw"
run badlen POST 12abc /dev/null
result "a CONTENT_LENGTH that is not 1*DIGIT is 400" "$([ "$(status badlen)" = 400 ]; echo $?)" "$OUT/badlen.raw"

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

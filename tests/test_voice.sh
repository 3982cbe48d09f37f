#!/bin/sh
# One voice: the same bad requests to every example this machine can start (the demo server, the
# CGI program run directly and behind lighttpd, civetweb, libmicrohttpd, and the lwIP glue through
# httpd's callbacks, tests/voice_lwip.c), and each answer held to the one expected of all:
# status, Content-Type and the body byte for byte. The bodies are the library's own for what
# reaches the API (docs/behaviour.md section 1), the fixed answers of examples/common/answers.h
# for what does not (examples/README.md, "Answers outside the library"), and csrf.h's refusal.
# Where a server's own limits make an answer differ, the difference is written below, in
# `except`, and that is what is expected of that example. An example whose package is missing
# is skipped.
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=$(pwd)/build/examples/test-voice
CHECK=voice
. tests/lib.sh
skip=0
req_timeout=10

# --- what every example answers ------------------------------------------------------------------
E='{"apiVersion":"1.0","error":{"code":'
J=application/json
A401="401|$J|${E}2103,\"message\":\"Authorization: admin credentials required\"}}"
A405="405|$J|${E}2102,\"message\":\"HTTP method: not allowed, use POST\"}}"
A413="413|$J|${E}1100,\"message\":\"body: larger than the byte limit of 4096\"}}"
A2101="200|$J|${E}2101,\"message\":\"body: not valid JSON (RFC 8259), it breaks at byte 0\"}}"
CSRF='cross-site request refused: a page on http://evil.example is not this device'"'"'s, and the custom headers do not grant it credentialed CORS access (Access-Control-Allow-Origin naming it and Access-Control-Allow-Credentials: true)'
A403="403|$J|${E}2104,\"message\":\"Origin: $CSRF\"}}"
REQUESTS="get put noauth badauth big empty notjson xsite"
expected() {
    case $1 in
    get | put) echo "$A405" ;; noauth | badauth) echo "$A401" ;; big) echo "$A413" ;;
    empty | notjson) echo "$A2101" ;; xsite) echo "$A403" ;;
    esac
}
# except EXAMPLE REQUEST: the documented difference, if any (examples/README.md)
except() {
    case $1:$2 in
    # httpd refuses a method other than GET and POST before it reads the path
    lwip:put) printf '%s\n' '501|text/plain; charset=utf-8|Not Implemented\n' ;;
    # the glue sends bodies from constant storage: csrf.h's refusal that names no origin
    lwip:xsite) echo "403|$J|${E}2104,\"message\":\"Origin: cross-site request refused: the page that sent it is not this device's, and the custom headers do not grant its origin credentialed CORS access (Access-Control-Allow-Origin naming it and Access-Control-Allow-Credentials: true)\"}}" ;;
    *) expected "$2" ;;
    esac
}
# judge EXAMPLE: each answer in $OUT/EXAMPLE.answers ("NAME STATUS|TYPE|BODY") against it
judge() {
    for r in $REQUESTS; do
        got=$(sed -n "s/^$r //p" "$OUT/$1.answers")
        want=$(except "$1" "$r")
        printf 'want: %s\ngot:  %s\n' "$want" "$got" >"$OUT/$1.$r.diff"
        result "$1 $r: ${want%%|*}, $(printf '%s\n' "$want" | cut -d'|' -f2 | sed 's/^$/no body/')" \
            "$([ "$got" = "$want" ]; echo $?)" "$OUT/$1.$r.diff"
    done
}

# --- over HTTP, with curl -------------------------------------------------------------------------
head -c 5000 /dev/zero | tr '\0' ' ' >"$OUT/big.in"
LIST='{"apiVersion":"1.0","method":"list"}'
# record NAME CURL-ARGS...: one request; its answer as a line of $OUT/$EX.answers
record() {
    _n=$1; shift
    req "$EX.$_n" "$@"
    printf '%s %s|%s|%s\n' "$_n" "$(status "$EX.$_n")" "$(lines "$EX.$_n" Content-Type)" \
        "$(awk '{printf "%s%s", sep, $0; sep="\\n"}' "$OUT/$EX.$_n.b")" >>"$OUT/$EX.answers"
}
# ask EX URL AUTH-ARGS...: the bad requests, credentials given as AUTH-ARGS where they are right
ask() {
    EX=$1 url=$2; shift 2
    : >"$OUT/$EX.answers"
    record get "$@" "$url"
    record put "$@" -X PUT -H "Content-Type: $J" --data-binary "$LIST" "$url"
    record noauth -H "Content-Type: $J" --data-binary "$LIST" "$url"
    if [ "$1" = --digest ]; then _wrong="--digest -u root:wrong"; else _wrong="-u root:wrong"; fi
    # shellcheck disable=SC2086  # two or three words
    record badauth $_wrong -H "Content-Type: $J" --data-binary "$LIST" "$url"
    record big "$@" -H 'Expect:' -H "Content-Type: $J" --data-binary @"$OUT/big.in" "$url"
    record empty "$@" -H "Content-Type: $J" --data-binary '' "$url"
    record notjson "$@" -H "Content-Type: $J" --data-binary hello "$url"
    record xsite "$@" -H 'Origin: http://evil.example' -H 'Sec-Fetch-Site: cross-site' \
        -H "Content-Type: $J" --data-binary "$LIST" "$url"
    judge "$EX"
}
PASS_=pass
# the demo server and the CGI program, in their ASan+UBSan builds
build "make examples-san" examples-san
printf 'root:customhdr:%s\n' "$(printf '%s' "root:customhdr:$PASS_" | md5sum | cut -d' ' -f1)" >"$OUT/htdigest"

if ! command -v curl >/dev/null 2>&1; then
    echo "SKIP: voice: needs curl (the demo server, lighttpd, civetweb, libmicrohttpd)"; skip=$((skip + 4))
else
    start_example "demo server did not start" "$OUT/demo.log" env CUSTOMHDR_PORT=0 CUSTOMHDR_USER=root \
        "CUSTOMHDR_PASSWORD=$PASS_" "CUSTOMHDR_STATE=$OUT/demo.state" build/examples/customhdr-server-san
    ask demo "$API" -u "root:$PASS_"
    stop_bg "$pid"

    if [ -f /usr/include/microhttpd.h ]; then
        build "make microhttpd" build/microhttpd/customhdr-mhd-san
        start_example "microhttpd did not start" "$OUT/mhd.log" env CUSTOMHDR_PORT=0 CUSTOMHDR_USER=root \
            "CUSTOMHDR_PASSWORD=$PASS_" build/microhttpd/customhdr-mhd-san
        ask microhttpd "$API" -u "root:$PASS_"
        stop_bg "$pid"
    else echo "SKIP: voice: needs libmicrohttpd-dev (the microhttpd example)"; skip=$((skip + 1)); fi

    if [ -f /usr/include/civetweb.h ]; then
        build "make civetweb" civetweb
        start_example "civetweb did not start" "$OUT/civetweb.log" env CUSTOMHDR_PORT=0 \
            "CUSTOMHDR_HTDIGEST=$OUT/htdigest" "CUSTOMHDR_STATE=$OUT/civetweb.state" build/examples/customhdr-civetweb
        ask civetweb "$API" --digest -u "root:$PASS_"
        stop_bg "$pid"
    else echo "SKIP: voice: needs libcivetweb-dev (the civetweb example)"; skip=$((skip + 1)); fi

    LIGHTTPD=$(command -v lighttpd || echo /usr/sbin/lighttpd)
    if [ -x "$LIGHTTPD" ]; then
        build "make cgi" cgi
        mkdir -p "$OUT/www/axis-cgi"
        cp build/customhttpheader.cgi "$OUT/www/axis-cgi/customhttpheader.cgi"
        ln -s axis-cgi/customhttpheader.cgi "$OUT/www/customhdr-error.cgi"
        start_lighttpd "$OUT/lighttpd.state" "$OUT/lighttpd.log"
        ask lighttpd "http://127.0.0.1:$port/axis-cgi/customhttpheader.cgi" --digest -u "root:$PASS_"
        stop_bg "$pid"
    else echo "SKIP: voice: needs lighttpd (the CGI behind it)"; skip=$((skip + 1)); fi
fi

# --- the CGI program run directly, as any CGI/1.1 server runs it -------------------------------------
# cgi NAME ENV...: a run with the body in $body; the server's authentication is its own, so a
# missing or wrong password reaches the program only as REDIRECT_STATUS=401 (the error handler)
CGI=build/examples/customhttpheader-san.cgi
cgi() {
    _n=$1; shift
    env -i PATH="$PATH" CUSTOMHDR_STATE="$OUT/cgi.state" HTTP_HOST=127.0.0.1 "$@" \
        timeout 30 "$CGI" <"$body" >"$OUT/cgi.$_n.raw" 2>"$OUT/cgi.$_n.err"
    tr -d '\r' <"$OUT/cgi.$_n.raw" | sed '/^$/q' >"$OUT/cgi.$_n.h"
    printf '%s %s|%s|%s\n' "$_n" "$(sed -n 's/^Status: \([0-9]*\).*/\1/p' "$OUT/cgi.$_n.h")" \
        "$(sed -n 's/^Content-Type: //p' "$OUT/cgi.$_n.h")" \
        "$(tr -d '\r' <"$OUT/cgi.$_n.raw" | sed '1,/^$/d' | awk '{printf "%s%s", sep, $0; sep="\\n"}')" >>"$OUT/cgi.answers"
}
: >"$OUT/cgi.answers"
printf '%s' "$LIST" >"$OUT/list.in"; printf hello >"$OUT/hello.in"
L=$(wc -c <"$OUT/list.in" | tr -d ' ')
body=/dev/null; cgi get REQUEST_METHOD=GET
body=$OUT/list.in; cgi put REQUEST_METHOD=PUT CONTENT_LENGTH="$L"
cgi noauth REQUEST_METHOD=GET REDIRECT_STATUS=401
cgi badauth REQUEST_METHOD=GET REDIRECT_STATUS=401 SCRIPT_NAME=/customhdr-error.cgi
body=$OUT/big.in; cgi big REQUEST_METHOD=POST CONTENT_LENGTH=5000
body=/dev/null; cgi empty REQUEST_METHOD=POST CONTENT_LENGTH=0
body=$OUT/hello.in; cgi notjson REQUEST_METHOD=POST CONTENT_LENGTH=5
body=$OUT/list.in; cgi xsite REQUEST_METHOD=POST CONTENT_LENGTH="$L" HTTP_ORIGIN=http://evil.example \
    HTTP_SEC_FETCH_SITE=cross-site
judge cgi

# --- the lwIP glue, through the callbacks httpd calls ------------------------------------------------
LWIP_INC=$(pkg-config --cflags-only-I lwip 2>/dev/null | sed 's/^-I//; s/ .*//')
LWIP_INC=${LWIP_INC:-/usr/include/lwip}
if [ -f "$LWIP_INC/lwip/apps/httpd.h" ]; then
    STRICT="-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror"
    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
    # shellcheck disable=SC2086  # flag lists
    ${CC:-cc} -std=c99 -g -O1 $STRICT $SAN -I. -Iexamples/lwip -Iexamples/common -Iexamples/lwip/port \
        -isystem "$LWIP_INC" tests/voice_lwip.c examples/lwip/customhdr_lwip.c -o "$OUT/voice_lwip" \
        >"$OUT/lwip-build.log" 2>&1 || abort "building tests/voice_lwip.c" "$OUT/lwip-build.log"
    "$OUT/voice_lwip" >"$OUT/lwip.answers" 2>"$OUT/lwip.err" || abort "tests/voice_lwip.c ran" "$OUT/lwip.err"
    judge lwip
else echo "SKIP: voice: needs liblwip-dev (the lwIP glue)"; skip=$((skip + 1)); fi

finish

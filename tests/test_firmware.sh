#!/bin/sh
# The firmware for real (examples/firmware): the Cortex-M3 image booted in QEMU's mps2-an385,
# lwIP 2.1.3's httpd on its LAN9118, reached from the host through QEMU's user network and a
# port forward, driven with curl as any client of a device would:
#  - the API (docs/behaviour.md section 1): Basic auth (401 without it, with the defaults'
#    headers), set, CR/LF injection refused with 2104, remove, getSupportedVersions, a body
#    over the request limit, API Discovery, another site's request refused before auth;
#  - the block on every response (section 3): a header set is on the next GET / and the next
#    404, and gone from both after remove;
#  - what examples/lwip/README.md says of lwIP's limits: HTTP/1.0, 405 for a GET on the API,
#    501 for another method, 404 for a POST elsewhere, 400 for a request head over httpd's
#    limit, 503 for an API request while another is in flight, and the
#    in-flight request's buffer given up after 10 s of silence (the firmware's clock);
#  - persistence (section 4, the flash pair in a host file): a change survives a reboot, and
#    the random password printed when CUSTOMHDR_PASSWORD is unset is the one that works;
#  - SIGTERM stops QEMU;
#  - Chromium: another origin's fetch() is blocked until Access-Control-Allow-Origin names it
#    (SKIP of that part alone without chromium or python3).
# Building lwIP included, about 20 s on two cores (11 of them waiting out the idle limit).
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=$(pwd)/build/firmware/test
. tests/lib.sh

need_cmd arm-none-eabi-gcc gcc-arm-none-eabi
case $(arm-none-eabi-gcc -print-file-name=libc_nano.a) in
    /*) ;;
    *) skip_check libnewlib-arm-none-eabi "no newlib for arm-none-eabi-gcc" ;;
esac
need_cmd qemu-system-arm
need_cmd curl
make --no-print-directory lwip-src >"$OUT/lwip-src.log" 2>&1 ||
    skip_check "deb-src for lwip" "apt-get source lwip failed: a deb-src line and dpkg-dev; see $OUT/lwip-src.log"
build "make firmware" -j2 firmware
ELF=build/firmware/customhdr-fw.elf
STATE=$OUT/flash.bin
USER_=root PASS_=pw-$$-fw
skip=0

# a free loopback port (curl cannot connect: exit 7), then the firmware behind it; QEMU quits
# at once when the forward cannot listen, and is tried on the next port then
port=$((18900 + $$ % 700))
boot() {
    _log=$1; shift
    for _try in 1 2 3; do
        while curl -s --max-time 1 -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null ||
              [ $? -ne 7 ]; do port=$((port + 1)); done
        : >"$_log" # before wait_line reads it: start_bg's redirection happens in the background
        start_bg "$_log" env CUSTOMHDR_PORT=$port CUSTOMHDR_USER=root CUSTOMHDR_STATE="$STATE" "$@" sh examples/firmware/run.sh "$ELF"
        if wait_line "$_log" 's|^listening on http://10\.0\.2\.15:80/.*|up|p' "$pid" >/dev/null &&
           poll "$pid" curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$port/"; then
            BASE=http://127.0.0.1:$port
            API=$BASE/axis-cgi/customhttpheader.cgi
            return 0
        fi
        stop_bg "$pid"
        grep -q 'host forwarding' "$_log" || return 1
        port=$((port + 1))
    done
    return 1
}
boot "$OUT/qemu.log" CUSTOMHDR_PASSWORD="$PASS_" || abort "the firmware did not boot in QEMU" "$OUT/qemu.log"
fw=$pid
result "the firmware boots in QEMU and serves http://127.0.0.1:$port/ through the port forward" 0

LIST='{"apiVersion":"1.0","method":"list"}'

# --- authentication -------------------------------------------------------------------------
req noauth --data-binary "$LIST" "$API"
ok=0; [ "$(status noauth)" = 401 ] || ok=1; defaults noauth || ok=1
[ "$(lines noauth WWW-Authenticate)" = 'Basic realm="customhdr"' ] || ok=1
result "no credentials: 401 with a Basic challenge and the four defaults' headers" $ok "$OUT/noauth.h"
req badpw -u "$USER_:wrong" --data-binary "$LIST" "$API"
expect badpw 401 "a wrong password: 401"

# --- set, and the block on the next responses ------------------------------------------------
api set '{"apiVersion":"1.0","method":"set","params":{"X-Firmware":"on lwIP"}}'
ok=0; [ "$(status set)" = 200 ] || ok=1; [ "$(lines set Content-Type)" = application/json ] || ok=1
has set '"method":"set","data":{"X-Firmware":"on lwIP"}' || ok=1
result "set with Basic auth: 200 application/json, data echoes the pair" $ok "$OUT/set.raw"
req page "$BASE/"
ok=0; [ "$(status page)" = 200 ] || ok=1; defaults page || ok=1
[ "$(lines page X-Firmware)" = "on lwIP" ] || ok=1
has page '<h1>customhdr on lwIP</h1>' || ok=1
result "the next GET / carries X-Firmware: on lwIP (once) beside the defaults" $ok "$OUT/page.raw"
ok=0; sed -n '1p' "$OUT/page.h" | grep -q '^HTTP/1\.0 200 OK$' || ok=1
[ "$(lines page Content-Length)" = "$(wc -c <"$OUT/page.b" | tr -d ' ')" ] || ok=1
result "lwIP's httpd answers HTTP/1.0, with a Content-Length that is the body's" $ok "$OUT/page.h"
req missing "$BASE/no-such-page"
ok=0; [ "$(status missing)" = 404 ] || ok=1; defaults missing || ok=1
[ "$(lines missing X-Firmware)" = "on lwIP" ] || ok=1
result "a 404 carries X-Firmware and the defaults too" $ok "$OUT/missing.raw"

# --- response splitting ----------------------------------------------------------------------
api crlf '{"apiVersion":"1.0","method":"set","params":{"X-Split":"a\r\nSet-Cookie: owned=1"}}'
ok=0; [ "$(status crlf)" = 200 ] || ok=1; has crlf '"error":{"code":2104,' || ok=1
result "a value with CR LF (JSON escapes) is refused with 2104" $ok "$OUT/crlf.raw"
api cr '{"apiVersion":"1.0","method":"set","params":{"X-Split":"a\u000dSet-Cookie: owned=1"}}'
result "a value with \\u000d is refused with 2104" "$(has cr '"error":{"code":2104,'; echo $?)" "$OUT/cr.b"
req aftersplit "$BASE/"
ok=0; [ "$(count aftersplit X-Split)" = 0 ] || ok=1; [ "$(count aftersplit Set-Cookie)" = 0 ] || ok=1
[ "$(lines aftersplit X-Firmware)" = "on lwIP" ] || ok=1
result "and nothing of it reaches the next response (no X-Split, no Set-Cookie)" $ok "$OUT/aftersplit.h"

# --- remove ----------------------------------------------------------------------------------
api remove '{"apiVersion":"1.0","method":"remove","params":{"X-Firmware":""}}'
result "remove: 200, data echoes the name" \
    "$([ "$(status remove)" = 200 ] && has remove '"method":"remove","data":{"X-Firmware":""}'; echo $?)" "$OUT/remove.raw"
req removed "$BASE/"
req removed404 "$BASE/no-such-page"
ok=0; [ "$(count removed X-Firmware)" = 0 ] || ok=1; [ "$(count removed404 X-Firmware)" = 0 ] || ok=1
defaults removed || ok=1; defaults removed404 || ok=1
result "the next GET / and 404 no longer carry X-Firmware; the defaults stay" $ok "$OUT/removed.h"

# --- the other methods -----------------------------------------------------------------------
api versions '{"method":"getSupportedVersions"}'
result "getSupportedVersions: 1.0 and 1.1" \
    "$([ "$(status versions)" = 200 ] && has versions '"data":{"apiVersions":["1.0","1.1"]}'; echo $?)" "$OUT/versions.b"
api list "$LIST"
result "list: the four defaults, in order" \
    "$(has list "\"data\":{$DEFAULTS}"; echo $?)" "$OUT/list.b"
awk 'BEGIN { printf "{\"apiVersion\":\"1.0\",\"method\":\"list\",\"context\":\""; for (i = 0; i < 5000; i++) printf "a"; printf "\"}" }' >"$OUT/big.json"
req big -u "$USER_:$PASS_" -H 'Content-Type: application/json' --data-binary @"$OUT/big.json" "$API"
result "a body over the 4096-byte request limit: 413, error 1100" \
    "$([ "$(status big)" = 413 ] && has big '"error":{"code":1100,'; echo $?)" "$OUT/big.raw"
req disc -u "$USER_:$PASS_" --data-binary '{"apiVersion":"1.0","method":"getApiList"}' "$BASE/axis-cgi/apidiscovery.cgi"
result "API Discovery lists customhttpheader 1.1" \
    "$([ "$(status disc)" = 200 ] && has disc '"id":"customhttpheader","version":"1.1"'; echo $?)" "$OUT/disc.b"
req csrf -u "$USER_:$PASS_" -H 'Origin: http://evil.example' -H 'Sec-Fetch-Site: cross-site' \
    --data-binary '{"apiVersion":"1.0","method":"set","params":{"X-Evil":"1"}}' "$API"
req csrfnoauth -H 'Origin: http://evil.example' --data-binary "$LIST" "$API"
api aftercsrf "$LIST"
ok=0; [ "$(status csrf)" = 403 ] || ok=1; has csrf '"error":{"code":2104,' || ok=1; defaults csrf || ok=1
[ "$(status csrfnoauth)" = 403 ] || ok=1; has aftercsrf 'X-Evil' && ok=1
result "another site's request: 403 with 2104, before auth (403 without credentials), nothing set" $ok "$OUT/csrf.raw"

# --- lwIP's httpd limits, as examples/lwip/README.md has them --------------------------------
req get405 -u "$USER_:$PASS_" "$API"
ok=0; [ "$(status get405)" = 405 ] || ok=1; [ "$(lines get405 Allow)" = POST ] || ok=1; defaults get405 || ok=1
result "GET on the API: 405, Allow: POST, the defaults" $ok "$OUT/get405.h"
req put501 -X PUT --data-binary x "$BASE/"
expect put501 501 "another method (PUT): 501 with the defaults"
req postelse -u "$USER_:$PASS_" --data-binary "$LIST" "$BASE/elsewhere.cgi"
expect postelse 404 "a POST to another path: 404 with the defaults"
# a head that spans segments is gathered into LWIP_HTTPD_REQ_BUFSIZE (1023) bytes; one that
# does not end there is refused (a head in one segment is parsed in place, up to the MSS)
req bighead -H "X-Long: $(awk 'BEGIN { for (i = 0; i < 3000; i++) printf "a" }')" "$BASE/"
expect bighead 400 "a request head of 3 KB (over httpd's 1023-byte buffer): 400 with the defaults"
if command -v python3 >/dev/null 2>&1; then
    # one API request stays in flight: its head and half its body sent, the rest held back
    cat >"$OUT/slow.py" <<'EOF'
import os, socket, sys, time
port, auth, go, out, secs = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
body = b'{"apiVersion":"1.0","method":"list"}'
head = ("POST /axis-cgi/customhttpheader.cgi HTTP/1.0\r\nHost: 127.0.0.1\r\n"
        "Authorization: Basic %s\r\nContent-Type: application/json\r\n"
        "Content-Length: %d\r\n\r\n" % (auth, len(body))).encode()
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(head + body[:10])
print("sent", flush=True)
end = time.time() + secs
while not os.path.exists(go) and time.time() < end:
    time.sleep(0.05)
s.sendall(body[10:])
data = b""
while True:
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
open(out, "wb").write(data)
EOF
    : >"$OUT/slow.log"
    start_bg "$OUT/slow.log" python3 "$OUT/slow.py" "$port" "$(printf '%s' "$USER_:$PASS_" | base64)" "$OUT/go" "$OUT/slow.raw" 10
    slow=$pid
    wait_line "$OUT/slow.log" 's/^sent$/sent/p' "$slow" >/dev/null
    sleep 0.5
    api busy "$LIST"
    ok=0; [ "$(status busy)" = 503 ] || ok=1; [ "$(lines busy Retry-After)" = 1 ] || ok=1; defaults busy || ok=1
    result "an API request while another is in flight: 503, Retry-After: 1, the defaults" $ok "$OUT/busy.h"
    touch "$OUT/go"
    wait "$slow"
    result "and the one in flight, once its body is complete, gets its 200 answer" \
        "$(grep -q '^HTTP/1\.0 200 OK' "$OUT/slow.raw" && grep -q "\"data\":{$DEFAULTS}" "$OUT/slow.raw"; echo $?)" "$OUT/slow.raw"
    api afterbusy "$LIST"
    result "after it, the next API request is served (200)" "$([ "$(status afterbusy)" = 200 ]; echo $?)" "$OUT/afterbusy.h"
    # a body that stops arriving holds the buffer for CHDR_LWIP_POST_IDLE_MS (10 s) of the
    # firmware's sys_now() (APB timer 0): still busy after 4 s, taken over after 11
    : >"$OUT/stall.log"
    start_bg "$OUT/stall.log" python3 "$OUT/slow.py" "$port" "$(printf '%s' "$USER_:$PASS_" | base64)" "$OUT/never" "$OUT/stall.raw" 20
    stall=$pid
    wait_line "$OUT/stall.log" 's/^sent$/sent/p' "$stall" >/dev/null
    sleep 4
    api stall4 "$LIST"
    sleep 7
    api stall11 "$LIST"
    result "a body silent for 4 s still holds the API (503), one silent for 11 s gives it up (200)" \
        "$([ "$(status stall4)" = 503 ] && [ "$(status stall11)" = 200 ]; echo $?)" "$OUT/stall11.h"
    stop_bg "$stall"
else
    echo "SKIP: firmware: needs python3 (the request held in flight for the 503 test)"
    skip=$((skip + 1))
fi

# --- Chromium: a cross-origin fetch, blocked until the API grants the origin -----------------
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROMIUM" ] && command -v python3 >/dev/null 2>&1; then
    cors_origin "$BASE/"
    r=$(cors_fetch before)
    result "Chromium: another origin's fetch() of the firmware's page is blocked ($r)" \
        "$([ "$r" = BLOCKED ]; echo $?)" "$OUT/before.dom"
    api acao "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"Access-Control-Allow-Origin\":\"$ORIGIN\"}}"
    r=$(cors_fetch allowed)
    result "after set Access-Control-Allow-Origin: $ORIGIN it is allowed ($r)" \
        "$(echo "$r" | grep -q '^ALLOWED [1-9]'; echo $?)" "$OUT/allowed.dom"
    api unacao '{"apiVersion":"1.0","method":"remove","params":{"Access-Control-Allow-Origin":""}}'
    r=$(cors_fetch removed)
    result "after remove it is blocked again ($r)" "$([ "$r" = BLOCKED ]; echo $?)" "$OUT/removed.dom"
else
    echo "SKIP: firmware: needs chromium and python3 (the cross-origin fetch)"
    skip=$((skip + 1))
fi

# --- persistence and the account, across a reboot -----------------------------------------------
api keep '{"apiVersion":"1.0","method":"set","params":{"X-Kept":"across reboots"}}'
kill "$fw"
n=0; while kill -0 "$fw" 2>/dev/null && [ $n -lt 20 ]; do sleep 0.25; n=$((n + 1)); done
result "SIGTERM stops QEMU" "$(! kill -0 "$fw" 2>/dev/null; echo $?)" "$OUT/qemu.log"
stop_bg "$fw"
boot "$OUT/qemu2.log" CUSTOMHDR_PASSWORD= || abort "the firmware did not boot again" "$OUT/qemu2.log"
PASS_=$(sed -n 's/^admin account: user root, password \([A-Za-z0-9]*\) (random.*/\1/p' "$OUT/qemu2.log")
result "without CUSTOMHDR_PASSWORD a random password is printed (${#PASS_} characters)" \
    "$([ ${#PASS_} -ge 12 ]; echo $?)" "$OUT/qemu2.log"
api relist "$LIST"
result "it is the one the API takes (200)" "$([ "$(status relist)" = 200 ]; echo $?)" "$OUT/relist.h"
result "the table survived the reboot (X-Kept from the flash pair in the host file)" \
    "$(has relist '"X-Kept":"across reboots"' && grep -q 'state file: .*(slot [01], save [0-9]*, 5 headers)' "$OUT/qemu2.log"; echo $?)" \
    "$OUT/relist.b"
req kept "$BASE/"
result "and is on the first response after it" "$([ "$(lines kept X-Kept)" = "across reboots" ]; echo $?)" "$OUT/kept.h"

stop_bg "$pid"

# --- the flash pair's two failure cases (docs/behaviour.md section 4) ----------------------------
# console STATE LOG: boot with STATE as the flash file until the firmware listens, then stop it
console() {
    : >"$2"
    start_bg "$2" env CUSTOMHDR_PORT=$port CUSTOMHDR_PASSWORD=x CUSTOMHDR_STATE="$1" sh examples/firmware/run.sh "$ELF"
    wait_line "$2" 's|^listening on .*|up|p' "$pid" >/dev/null
    stop_bg "$pid"
}
# from blank, the first save goes to slot 0 (X-Flip: 1), the second to slot 1 (X-Flip: 2); a
# byte changed in slot 1 leaves slot 0 to load
STATE=$OUT/pair.bin
boot "$OUT/qemu3.log" CUSTOMHDR_PASSWORD="$PASS_" || abort "the firmware did not boot" "$OUT/qemu3.log"
api flip1 '{"apiVersion":"1.0","method":"set","params":{"X-Flip":"1"}}'
api flip2 '{"apiVersion":"1.0","method":"set","params":{"X-Flip":"2"}}'
stop_bg "$pid"
printf 'x' | dd of="$OUT/pair.bin" bs=1 seek=$((4096 + 20)) conv=notrunc 2>/dev/null
console "$OUT/pair.bin" "$OUT/flip.log"
result "a byte changed in the newer slot: the older one is loaded (slot 0, save 1, 5 headers)" \
    "$(grep -q 'state file: .*(slot 0, save 1, 5 headers)' "$OUT/flip.log"; echo $?)" "$OUT/flip.log"
printf 'not a flash image' >"$OUT/bad.bin"
console "$OUT/bad.bin" "$OUT/bad.log"
ok=0; grep -q 'state file: .* refused (not a customhdr blob)' "$OUT/bad.log" || ok=1
grep -q "the old file is kept as $OUT/bad.bin.bad" "$OUT/bad.log" || ok=1
[ "$(cat "$OUT/bad.bin.bad" 2>/dev/null)" = 'not a flash image' ] || ok=1
result "neither slot valid: the defaults, and the file kept aside unchanged as .bad" $ok "$OUT/bad.log"

stop_all
finish

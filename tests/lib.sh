# Shared pieces of the shell checks that drive a server (or a CGI program) with curl. POSIX sh.
# A script sets -u, cd's to the repository root, sets OUT (its own directory under build/) and
# then runs `. tests/lib.sh`; every run starts from an empty $OUT.
# Each check prints `ok   NAME` or `FAIL NAME` per test and closes with `N passed, N failed`
# (see tests/run_all.sh, which adds those lines up).
: "${OUT:?set OUT before sourcing tests/lib.sh}"
rm -rf "$OUT"
mkdir -p "$OUT"
pass=0 fail=0

# Knobs a script may change after sourcing: curl's limit per request (Digest takes two round
# trips, a CGI behind a web server a process start) and how api() authenticates.
req_timeout=5
api_auth=--basic
# The AXIS OS defaults (docs/behaviour.md section 3) as a list answer's data members, in order.
# shellcheck disable=SC2034  # used by the scripts that source this file
DEFAULTS='"X-Frame-Options":"SAMEORIGIN","X-Content-Type-Options":"nosniff","Referrer-Policy":"strict-origin-when-cross-origin","Content-Security-Policy":"default-src '"'self'; frame-ancestors 'self'; object-src 'none'"'"'

# --- before the first test -------------------------------------------------------------------
# The check's name, for SKIP lines: tests/test_NAME.sh is `make check-NAME` (CHECK= overrides).
CHECK=${CHECK:-$(basename "$0" .sh)}
CHECK=${CHECK#test_}
# skip_check PACKAGE [WHY]: this machine lacks the Debian package PACKAGE, which the check needs;
# prints `SKIP: CHECK: needs PACKAGE (WHY)` and the line run_all.sh counts as one skip, and
# succeeds, since a missing package is not a failure of the code
skip_check() { echo "SKIP: $CHECK: needs $1${2:+ ($2)}"; echo "0 passed, 0 failed, 1 skipped"; exit 0; }
# need_cmd COMMAND [PACKAGE]: skip the check unless COMMAND is on PATH
need_cmd() { command -v "$1" >/dev/null 2>&1 || skip_check "${2:-$1}" "no $1 command"; }
# need_chromium: set CHROMIUM to the browser the Chromium checks drive, or skip the check
need_chromium() {
    CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
    [ -n "$CHROMIUM" ] || skip_check chromium "no chromium or chromium-browser command"
}
# abort WHAT [FILE...]: a failure after which nothing else can be tested: show FILEs (the logs
# that say why), count it and end the check
abort() {
    _what=$1; shift
    [ $# -gt 0 ] && cat "$@" 2>/dev/null
    echo "FAIL $_what"; echo "$pass passed, $((fail + 1)) failed"; exit 1
}
# build WHAT MAKE-ARGS...: build what the check runs; its output is shown only when it fails
build() {
    _what=$1; shift
    make --no-print-directory "$@" >"$OUT/build.log" 2>&1 || abort "$_what" "$OUT/build.log"
}

# --- background processes -----------------------------------------------------------------------
# Every process started with start_bg is killed when the script exits or gets INT or TERM.
bg_pids=
stop_bg() {
    kill "$1" 2>/dev/null; wait "$1" 2>/dev/null
    _left=; for _p in $bg_pids; do [ "$_p" = "$1" ] || _left="$_left $_p"; done; bg_pids=$_left
}
stop_all() { for _p in $bg_pids; do stop_bg "$_p"; done; }
trap stop_all EXIT
# sh runs an INT or TERM trap and carries on; exiting makes the EXIT trap clean up instead
trap 'exit 130' INT TERM
# start_bg LOG CMD...: CMD in the background, stdout and stderr in LOG; its pid in $pid (give
# CMD its environment with env(1), which execs, so $pid is the program itself)
start_bg() {
    _log=$1; shift
    "$@" >"$_log" 2>&1 &
    pid=$!
    bg_pids="$bg_pids $pid"
}
# poll PID CMD...: run CMD every 0.25 s until it succeeds, for 10 s at most; false at once if
# PID has exited (a server that died at start-up will not come up later)
poll() {
    _pid=$1; shift
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 \
             21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40; do
        "$@" && return 0
        kill -0 "$_pid" 2>/dev/null || return 1
        sleep 0.25
    done
    return 1
}
_first_match() { _v=$(sed -n "$2" "$1" | head -1); [ -n "$_v" ] && echo "$_v"; }
# wait_line FILE SED-EXPR PID: print the first match of SED-EXPR in FILE, which PID is writing
wait_line() { poll "$3" _first_match "$1" "$2"; }
# start_example WHAT LOG CMD...: start one of the example servers. Run with CUSTOMHDR_PORT=0
# they take a free port and announce it on a line of their own; sets pid, port, BASE and API,
# or ends the check with "FAIL WHAT" and the log.
start_example() {
    _what=$1 _log=$2; shift 2
    start_bg "$_log" "$@"
    port=$(wait_line "$_log" 's|^listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$pid") ||
        abort "$_what" "$_log"
    BASE=http://127.0.0.1:$port
    API=$BASE/axis-cgi/customhttpheader.cgi
}

# --- requests and their responses ------------------------------------------------------------
# req NAME CURL-ARGS...: one request; what curl received in $OUT/NAME.raw, the body in NAME.b,
# curl's complaints in NAME.err, the final response's head (CR stripped) in NAME.h
req() {
    n=$1; shift
    curl -sS --noproxy '*' --max-time "$req_timeout" -D "$OUT/$n.raw" -o "$OUT/$n.b" "$@" \
        >/dev/null 2>"$OUT/$n.err"
    # with --digest curl records the 401 round too: keep the last response's head
    tr -d '\r' <"$OUT/$n.raw" | awk '/^HTTP\//{buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}' >"$OUT/$n.h"
}
# api NAME JSON: a request to the API at $API as $USER_:$PASS_
api() {
    n=$1; shift
    req "$n" "$api_auth" -u "$USER_:$PASS_" -H 'Content-Type: application/json' --data-binary "$1" "$API"
}
# parallel_sets N NAME: N clients at once, client I setting X-Par-I to I through the API; then
# a list answer in NAME and, in missing, how many of the N changes it lacks
parallel_sets() {
    _i=1 _pids=
    while [ $_i -le "$1" ]; do
        api "par$_i" "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"X-Par-$_i\":\"$_i\"}}" &
        _pids="$_pids $!"; _i=$((_i + 1))
    done
    # shellcheck disable=SC2086  # one word per pid
    wait $_pids
    api "$2" '{"apiVersion":"1.0","method":"list"}'
    missing=0 _i=1
    while [ $_i -le "$1" ]; do has "$2" "\"X-Par-$_i\":\"$_i\"" || missing=$((missing + 1)); _i=$((_i + 1)); done
}
status() { sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$OUT/$1.h"; }
# lines NAME HEADER: every value of HEADER in response NAME, one per line
lines() { grep -i "^$2:" "$OUT/$1.h" | sed 's/^[^:]*: *//'; }
count() { grep -ci "^$2:" "$OUT/$1.h"; }
# has NAME TEXT: the body of response NAME contains TEXT
has() { grep -Fq -- "$2" "$OUT/$1.b"; }
# defaults NAME: each AXIS default exactly once (docs/behaviour.md section 3); `lines` gives one line per
# occurrence, so a doubled header cannot compare equal
defaults() {
    [ "$(lines "$1" X-Frame-Options)" = SAMEORIGIN ] &&
    [ "$(lines "$1" X-Content-Type-Options)" = nosniff ] &&
    [ "$(lines "$1" Referrer-Policy)" = strict-origin-when-cross-origin ] &&
    [ "$(lines "$1" Content-Security-Policy)" = "default-src 'self'; frame-ancestors 'self'; object-src 'none'" ]
}

# --- results -------------------------------------------------------------------------------------
# result NAME STATUS [FILE]: count one test, passed when STATUS is 0; a failure shows FILE
result() {
    if [ "$2" = 0 ]; then pass=$((pass + 1)); echo "ok   $1"
    else fail=$((fail + 1)); echo "FAIL $1"; [ -n "${3:-}" ] && sed 's/^/     | /' "$3" 2>/dev/null | head -20; fi
}
# expect NAME STATUS DESCRIPTION: response NAME has that status and the AXIS defaults
expect() {
    ok=0; [ "$(status "$1")" = "$2" ] || ok=1; defaults "$1" || ok=1
    result "$3" $ok "$OUT/$1.h"
}
# finish: the closing line, and the script's exit status as its last command. A check that can
# skip part of itself sets skip (to 0 at first) and gets ", N skipped" on that line.
finish() {
    echo "$pass passed, $fail failed${skip+, $skip skipped}"
    [ "$fail" -eq 0 ]
}

# --- a page on another origin (the Chromium checks) ---------------------------------------------
# cors_origin URL: serves $OUT/www/cors.html from a static python3 server on a free port of its
# own, so the page has another origin ($ORIGIN); its script fetch()es URL and writes the outcome
# into the page. cors_fetch NAME loads that page in a fresh headless Chromium ($CHROMIUM, see
# need_chromium) and prints the outcome: "ALLOWED <bytes read>" or "BLOCKED" (the DOM is kept
# in $OUT/NAME.dom). A check calls cors_origin once.
cors_origin() {
    mkdir -p "$OUT/www"
    cat >"$OUT/www/cors.html" <<EOF
<!DOCTYPE html>
<html><body><p id="result">PENDING</p>
<script>
fetch('$1', { cache: 'no-store' })
  .then(function (r) { return r.text(); })
  .then(function (t) { document.getElementById('result').textContent = 'ALLOWED ' + t.length; },
        function (e) { document.getElementById('result').textContent = 'BLOCKED'; });
</script></body></html>
EOF
    : >"$OUT/web.log"
    start_bg "$OUT/web.log" python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$OUT/www"
    _wport=$(wait_line "$OUT/web.log" 's/^Serving HTTP on 127.0.0.1 port \([0-9]*\).*/\1/p' "$pid") ||
        abort "static server did not start" "$OUT/web.log"
    ORIGIN=http://127.0.0.1:$_wport
    _cors_runs=0
}
cors_fetch() {
    _cors_runs=$((_cors_runs + 1))
    timeout 30 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --no-first-run --user-data-dir="$OUT/profile-$_cors_runs" --virtual-time-budget=5000 \
        --dump-dom "$ORIGIN/cors.html" >"$OUT/$1.dom" 2>"$OUT/$1.chromium.log"
    sed -n 's/.*<p id="result">\([^<]*\)<.*/\1/p' "$OUT/$1.dom"
}

# start_lighttpd STATE LOG: $LIGHTTPD with examples/lighttpd/lighttpd.conf on a free loopback
# port, document root $OUT/www, accounts $OUT/htdigest, the CGI's state file STATE, its output
# in LOG; sets port and pid, or ends the check when lighttpd does not answer
start_lighttpd() {
    port=$((18200 + $$ % 1400))
    # a free port: nothing answers there (curl's 7, could not connect)
    while curl -s --max-time 1 -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null ||
          [ $? -ne 7 ]; do port=$((port + 1)); done
    sed -e "s|@ROOT@|$OUT/www|" -e "s|@PORT@|$port|" -e "s|@USERS@|$OUT/htdigest|" \
        -e "s|@STATE@|$1|" -e "s|@LOGDIR@|$OUT|" examples/lighttpd/lighttpd.conf >"$OUT/lighttpd.conf"
    # lighttpd says nothing when it is ready: wait until its port answers
    start_bg "$2" "$LIGHTTPD" -D -f "$OUT/lighttpd.conf"
    poll "$pid" curl -s --max-time 1 -o /dev/null "http://127.0.0.1:$port/" ||
        abort "lighttpd did not start" "$2" "$OUT/error.log"
}

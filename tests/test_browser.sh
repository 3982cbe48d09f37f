#!/bin/sh
# A real browser (headless Chromium) against the demo server:
#  - CORS: a page from another loopback origin (python3's http.server) fetches from the demo
#    server; the fetch is blocked until Access-Control-Allow-Origin names that origin through
#    the API, allowed after, blocked again once removed or when it names another origin (the
#    Fetch standard's CORS check; the result is read from the DOM with --dump-dom).
#  - The admin page, driven over the DevTools protocol (--remote-debugging-pipe): it lists the
#    headers under the default Content-Security-Policy, adds one through its form and removes it
#    with its button; a second client confirms each change in the table. Then once more with
#    Chromium's own login (credentials in the URL, answered to the 401 challenge), which must
#    choose Digest SHA-256 for the page's API calls.
# Every wait is bounded; every process started here is killed on exit.
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=$(pwd)/build/examples/test-browser
. tests/lib.sh
mkdir -p "$OUT/www"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
need_cmd curl
need_cmd python3
[ -n "$CHROMIUM" ] || skip_check chromium "no chromium or chromium-browser command"
build "make server" server

USER_=root PASS_=pw-$$-browser
start_example "demo server did not start" "$OUT/server.log" env CUSTOMHDR_PORT=0 \
    "CUSTOMHDR_PASSWORD=$PASS_" "CUSTOMHDR_STATE=$OUT/state" CUSTOMHDR_LOG=1 build/examples/customhdr-server

# the page on the other origin: fetch() from the demo server, the outcome written into the body
cat >"$OUT/www/cors.html" <<EOF
<!DOCTYPE html>
<html><body><p id="result">PENDING</p>
<script>
fetch('http://127.0.0.1:$port/admin.css', { cache: 'no-store' })
  .then(function (r) { return r.text(); })
  .then(function (t) { document.getElementById('result').textContent = 'ALLOWED ' + t.length; },
        function (e) { document.getElementById('result').textContent = 'BLOCKED'; });
</script></body></html>
EOF
start_bg "$OUT/web.log" python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$OUT/www"
wport=$(wait_line "$OUT/web.log" 's/^Serving HTTP on 127.0.0.1 port \([0-9]*\).*/\1/p' "$pid") ||
    abort "static server did not start" "$OUT/web.log"
ORIGIN=http://127.0.0.1:$wport

# cors NAME: the text of #result after Chromium loads the page (fresh profile, 30 s at most)
runs=0
cors() {
    runs=$((runs + 1))
    timeout 30 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --no-first-run --user-data-dir="$OUT/profile-$runs" --virtual-time-budget=5000 \
        --dump-dom "$ORIGIN/cors.html" >"$OUT/$1.dom" 2>"$OUT/$1.chromium.log"
    sed -n 's/.*<p id="result">\([^<]*\)<.*/\1/p' "$OUT/$1.dom"
}

r=$(cors before)
result "before the API sets Access-Control-Allow-Origin the cross-origin fetch is blocked ($r)" \
    "$([ "$r" = BLOCKED ]; echo $?)" "$OUT/before.dom"
api set "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"Access-Control-Allow-Origin\":\"$ORIGIN\"}}"
r=$(cors allowed)
result "after set Access-Control-Allow-Origin: $ORIGIN the fetch is allowed ($r)" \
    "$(echo "$r" | grep -q '^ALLOWED [1-9]'; echo $?)" "$OUT/allowed.dom"
api setother '{"apiVersion":"1.0","method":"set","params":{"Access-Control-Allow-Origin":"http://127.0.0.1:1"}}'
r=$(cors other)
result "an Access-Control-Allow-Origin naming another origin blocks it ($r)" \
    "$([ "$r" = BLOCKED ]; echo $?)" "$OUT/other.dom"
api remove '{"apiVersion":"1.0","method":"remove","params":{"Access-Control-Allow-Origin":""}}'
r=$(cors removed)
result "after remove the fetch is blocked again ($r)" "$([ "$r" = BLOCKED ]; echo $?)" "$OUT/removed.dom"

# the admin page over the DevTools protocol; each line it prints is "key value". Mode "header"
# sends the credentials as a Basic Authorization header on every request; mode "login" opens
# http://user:password@host/ and lets Chromium answer the server's challenge itself.
cat >"$OUT/drive.py" <<'EOF'
import json, os, subprocess, sys, time, urllib.request
url, auth, profile, chromium, mode = sys.argv[1:6]
r_cmd, w_cmd = os.pipe()  # commands: we write, chromium reads its fd 3
r_res, w_res = os.pipe()  # results: chromium writes its fd 4, we read

def child():
    a, b = os.dup(r_cmd), os.dup(w_res)  # dup2 onto 3 and 4 from fds that are neither
    os.dup2(a, 3)
    os.dup2(b, 4)

proc = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                         "--disable-background-networking", "--no-first-run",
                         "--remote-debugging-pipe", "--user-data-dir=" + profile, "about:blank"],
                        preexec_fn=child, close_fds=False, stdout=subprocess.DEVNULL,
                        stderr=open(profile + ".log", "w"))
os.close(r_cmd)
os.close(w_res)
buf, next_id, deadline = b"", 0, time.time() + 45

def send(method, params=None, session=None):
    global next_id, buf
    next_id += 1
    msg = {"id": next_id, "method": method, "params": params or {}}
    if session:
        msg["sessionId"] = session
    os.write(w_cmd, json.dumps(msg).encode() + b"\0")
    while True:
        while b"\0" in buf:
            raw, buf = buf.split(b"\0", 1)
            m = json.loads(raw)
            if m.get("id") == next_id:
                if "error" in m:
                    raise RuntimeError(m["error"])
                return m.get("result", {})
        if time.time() > deadline:
            raise TimeoutError("chromium did not answer in time")
        chunk = os.read(r_res, 65536)
        if not chunk:
            raise EOFError("chromium closed the DevTools pipe")
        buf += chunk

try:
    target = send("Target.createTarget", {"url": "about:blank"})["targetId"]
    s = send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    send("Network.enable", session=s)
    if mode == "header":
        send("Network.setExtraHTTPHeaders", {"headers": {"Authorization": "Basic " + auth}},
             session=s)
        send("Page.navigate", {"url": url}, session=s)
    else:
        user, password = __import__("base64").b64decode(auth).decode().split(":", 1)
        send("Page.navigate", {"url": url.replace("http://", "http://%s:%s@" % (user, password))},
             session=s)

    def ev(expr):
        r = send("Runtime.evaluate", {"expression": expr, "returnByValue": True}, session=s)
        return r["result"].get("value")

    def until(expr, secs=10):
        end = time.time() + secs
        while time.time() < end:
            try:
                v = ev(expr)
                if v:
                    return v
            except RuntimeError:
                pass
            time.sleep(0.1)
        return None

    row = "document.querySelector('#headers tr[data-name=\"%s\"]')"
    print("listed", bool(until(row % "X-Frame-Options" + " !== null")))
    if mode == "login":
        sys.exit(0)
    print("styled", ev("getComputedStyle(document.body).backgroundColor"))
    ev("document.getElementById('name').value = 'X-From-Browser';"
       "document.getElementById('value').value = 'hello browser';"
       "document.querySelector('#add button[type=submit]').click(); true")
    print("added", until("(function () { var r = " + row % "X-From-Browser" +
                         "; return r && r.querySelector('td.value').textContent; })()"))
    print("status", ev("document.getElementById('status').textContent"))

    def table():  # the API's list, from outside the browser
        req = urllib.request.Request(url + "axis-cgi/customhttpheader.cgi",
                                     data=b'{"apiVersion":"1.0","method":"list"}',
                                     headers={"Authorization": "Basic " + auth})
        with urllib.request.urlopen(req, timeout=5) as r:
            return json.loads(r.read())["data"]

    print("table_after_add", table().get("X-From-Browser"))
    ev(row % "X-From-Browser" + ".querySelector('button').click(); true")
    print("removed", bool(until(row % "X-From-Browser" + " === null")))
    print("table_after_remove", "X-From-Browser" in table())
except Exception as e:
    print("error", repr(e))
finally:
    proc.kill()
    proc.wait()
EOF
AUTH64=$(printf '%s' "$USER_:$PASS_" | base64)
timeout 60 python3 "$OUT/drive.py" "http://127.0.0.1:$port/" "$AUTH64" "$OUT/profile-admin" \
    "$CHROMIUM" header >"$OUT/admin.log" 2>&1
sed 's/^/     # /' "$OUT/admin.log"
val() { sed -n "s/^$1 //p" "$OUT/admin.log"; }
result "the admin page lists the headers (its script runs under the default CSP)" \
    "$([ "$(val listed)" = True ]; echo $?)" "$OUT/admin.log"
result "its stylesheet applies under the default CSP (body background rgb(246, 247, 249))" \
    "$([ "$(val styled)" = "rgb(246, 247, 249)" ]; echo $?)" "$OUT/admin.log"
result "adding X-From-Browser through the form lists it with its value" \
    "$([ "$(val added)" = "hello browser" ]; echo $?)" "$OUT/admin.log"
result "the API's table has the header the page added" \
    "$([ "$(val table_after_add)" = "hello browser" ]; echo $?)" "$OUT/admin.log"
result "its Remove button takes it off the page" "$([ "$(val removed)" = True ]; echo $?)" "$OUT/admin.log"
result "and out of the API's table" "$([ "$(val table_after_remove)" = False ]; echo $?)" "$OUT/admin.log"

# the browser's own login: Chromium answers the 401 challenge and then sends credentials with
# the page's fetch() calls; the server's request log says which scheme it chose
timeout 60 python3 "$OUT/drive.py" "http://127.0.0.1:$port/" "$AUTH64" "$OUT/profile-login" \
    "$CHROMIUM" login >"$OUT/login.log" 2>&1
result "with Chromium's own login the admin page lists the headers" \
    "$(grep -qx 'listed True' "$OUT/login.log"; echo $?)" "$OUT/login.log"
result "Chromium authenticated the page's API calls with Digest SHA-256 (server log)" \
    "$(grep -q '^200 POST /axis-cgi/customhttpheader.cgi auth=digest-sha256$' "$OUT/server.log"; echo $?)" "$OUT/server.log"

stop_all
finish

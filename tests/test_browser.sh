#!/bin/sh
# A real browser (headless Chromium) against the demo server:
#  - CORS: a page from another loopback origin (python3's http.server) fetches from the demo
#    server; the fetch is blocked until Access-Control-Allow-Origin names that origin through
#    the API, allowed after, blocked again once removed or when it names another origin (the
#    Fetch standard's CORS check; the result is read from the DOM with --dump-dom).
#  - The admin page, driven over the DevTools protocol (--remote-debugging-pipe): it lists the
#    headers under the default Content-Security-Policy; adds one through its form, which then
#    empties; refuses an empty value with a message and sends nothing; removes only after a
#    confirm step (one click, a double click, Cancel and Escape change nothing); restores the
#    four defaults, also only after a confirm step; the browser gets no 404 (favicon.ico); in a
#    360 px window nothing is wider than the window. A second client (the API from outside, and
#    the server's request log) confirms each change or its absence. Screenshots: admin-*.png.
#    Then once more with Chromium's own login (credentials in the URL, answered to the 401
#    challenge), which must choose Digest SHA-256 for the page's API calls and its restore.
# Every wait is bounded; every process started here is killed on exit.
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=$(pwd)/build/examples/test-browser
. tests/lib.sh
mkdir -p "$OUT/www"

need_cmd curl
need_cmd python3
need_chromium
build "make server" server

USER_=root PASS_=pw-$$-browser
start_example "demo server did not start" "$OUT/server.log" env CUSTOMHDR_PORT=0 \
    "CUSTOMHDR_PASSWORD=$PASS_" "CUSTOMHDR_STATE=$OUT/state" CUSTOMHDR_LOG=1 build/examples/customhdr-server

# the page on the other origin: fetch() from the demo server, the outcome written into the body
cors_origin "http://127.0.0.1:$port/admin.css"

r=$(cors_fetch before)
result "before the API sets Access-Control-Allow-Origin the cross-origin fetch is blocked ($r)" \
    "$([ "$r" = BLOCKED ]; echo $?)" "$OUT/before.dom"
api set "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"Access-Control-Allow-Origin\":\"$ORIGIN\"}}"
r=$(cors_fetch allowed)
result "after set Access-Control-Allow-Origin: $ORIGIN the fetch is allowed ($r)" \
    "$(echo "$r" | grep -q '^ALLOWED [1-9]'; echo $?)" "$OUT/allowed.dom"
api setother '{"apiVersion":"1.0","method":"set","params":{"Access-Control-Allow-Origin":"http://127.0.0.1:1"}}'
r=$(cors_fetch other)
result "an Access-Control-Allow-Origin naming another origin blocks it ($r)" \
    "$([ "$r" = BLOCKED ]; echo $?)" "$OUT/other.dom"
api remove '{"apiVersion":"1.0","method":"remove","params":{"Access-Control-Allow-Origin":""}}'
r=$(cors_fetch removed)
result "after remove the fetch is blocked again ($r)" "$([ "$r" = BLOCKED ]; echo $?)" "$OUT/removed.dom"

# the admin page over the DevTools protocol; each line it prints is "key value". Mode "header"
# sends the credentials as a Basic Authorization header on every request and goes through
# everything the page does; mode "login" opens http://user:password@host/ and lets Chromium
# answer the server's challenge itself. Screenshots (wide, and 360 px wide) land in $OUT.
# Chromium itself (the pipe, send(), ev(), until()) is tests/cdp.py, whose folder is argument 1.
cat >"$OUT/drive.py" <<'EOF'
import base64, json, os, re, sys, time, urllib.request
sys.path.insert(0, sys.argv[1])  # tests/, for cdp.py
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import cdp
url, auth, profile, chromium, mode, server_log, shots = sys.argv[2:9]
responses = []  # (url, status) of every response the page's session saw
own_posts = 0  # POSTs this script sent itself, from outside the browser
errors = []  # uncaught exceptions in the page, and what the browser logs as errors

def record(m):  # each message from Chromium: the events the lists above keep
    if m.get("method") == "Network.responseReceived":
        r = m["params"]["response"]
        responses.append((r["url"], r["status"]))
    elif m.get("method") == "Runtime.exceptionThrown":
        d = m["params"]["exceptionDetails"]
        errors.append(d.get("exception", {}).get("description") or d.get("text"))
    elif m.get("method") == "Log.entryAdded" and m["params"]["entry"]["level"] == "error":
        errors.append(m["params"]["entry"]["text"])

browser = cdp.Browser(chromium, profile, 90, record)

def out(key, value):
    print(key, value)
    sys.stdout.flush()

def posts():  # POSTs the page sent, from the server's log
    with open(server_log) as f:
        return sum(1 for line in f if re.match(r"\d+ POST ", line)) - own_posts

def table():  # the API's list, from outside the browser: [(name, value)] in order
    global own_posts
    own_posts += 1
    req = urllib.request.Request(url + "axis-cgi/customhttpheader.cgi",
                                 data=b'{"apiVersion":"1.0","method":"list"}',
                                 headers={"Authorization": "Basic " + auth})
    with urllib.request.urlopen(req, timeout=5) as r:
        return dict(json.loads(r.read(), object_pairs_hook=lambda p: p))["data"]

def api(method, params):  # a change from outside the browser
    global own_posts
    own_posts += 1
    body = json.dumps({"apiVersion": "1.0", "method": method, "params": params}).encode()
    req = urllib.request.Request(url + "axis-cgi/customhttpheader.cgi", data=body,
                                 headers={"Authorization": "Basic " + auth})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read())

DEFAULTS = [("X-Frame-Options", "SAMEORIGIN"), ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("Content-Security-Policy",
             "default-src 'self'; frame-ancestors 'self'; object-src 'none'")]

try:
    page = browser.page()
    send, s, ev, until = browser.send, page.id, page.ev, page.until
    send("Network.enable", session=s)
    send("Page.enable", session=s)
    send("Runtime.enable", session=s)
    send("Log.enable", session=s)
    if mode == "header":
        send("Network.setExtraHTTPHeaders", {"headers": {"Authorization": "Basic " + auth}},
             session=s)
        send("Page.navigate", {"url": url}, session=s)
    else:
        user, password = base64.b64decode(auth).decode().split(":", 1)
        send("Page.navigate", {"url": url.replace("http://", "http://%s:%s@" % (user, password))},
             session=s)

    def settle(secs=1.0):  # time for a request the page should not have sent to arrive
        end = time.time() + secs
        while time.time() < end:
            ev("1")
            time.sleep(0.1)

    def click(css):
        return ev("(function () { var e = document.querySelector(%s); if (!e) return false;"
                  " e.click(); return true; })()" % json.dumps(css))

    def text(css):
        return ev("(function () { var e = document.querySelector(%s);"
                  " return e ? e.textContent : null; })()" % json.dumps(css))

    def rows():
        return ev("Array.prototype.map.call(document.querySelectorAll('#headers tr[data-name]'),"
                  " function (r) { return r.dataset.name; })")

    row = "#headers tr[data-name=\"%s\"]"
    print("listed", bool(until("document.querySelector('%s') !== null" % (row % "X-Frame-Options"))))

    if mode == "login":
        # the factory reset by Digest, on a path of its own
        api("set", {"X-Login": "1"})
        ev("location.reload(); true")
        until("document.querySelector('%s') !== null" % (row % "X-Login"))
        click("#restore")
        click("#restore")
        out("login_restored", until("document.querySelector('%s') === null" % (row % "X-Login")) is True)
        out("login_table", table() == DEFAULTS)
        sys.exit(0)

    out("styled", ev("getComputedStyle(document.body).backgroundColor"))

    # --- set through the form; the form empties --------------------------------------------
    ev("document.getElementById('name').value = 'X-From-Browser';"
       "document.getElementById('value').value = 'hello browser'; true")
    click("#add button[type=submit]")
    out("added", until("(function () { var r = document.querySelector('%s');"
                       " return r && r.querySelector('td.value').textContent; })()" % (row % "X-From-Browser")))
    out("form_message", text("#form-message"))
    out("form_cleared", until("document.getElementById('name').value === '' &&"
                              " document.getElementById('value').value === ''", 3) is True)
    out("table_after_add", dict(table()).get("X-From-Browser"))

    # --- an empty value is refused by the page, nothing sent --------------------------------
    before = posts()
    ev("document.getElementById('name').value = 'X-Empty';"
       "document.getElementById('value').value = '   '; true")
    click("#add button[type=submit]")
    settle()
    out("empty_message", text("#form-message"))
    out("empty_message_shown", ev("(function () { var m = document.getElementById('form-message');"
                                  " return m.classList.contains('error') && m.getBoundingClientRect().height > 0; })()"))
    out("empty_invalid", ev("document.getElementById('value').getAttribute('aria-invalid')"))
    out("empty_name_kept", ev("document.getElementById('name').value"))
    out("empty_posts", posts() - before)
    out("empty_not_listed", ev("document.querySelector('%s') === null" % (row % "X-Empty")))
    out("empty_table", "X-Empty" in dict(table()))
    ev("document.getElementById('name').value = ''; document.getElementById('value').value = ''; true")

    # --- remove asks first ---------------------------------------------------------------
    remove = row % "X-From-Browser" + " button.remove"
    before = posts()
    click(remove)
    settle()
    out("remove_armed", text(remove))
    out("remove_armed_label", ev("document.querySelector('%s').getAttribute('aria-label')" % remove))
    out("remove_cancel_shown", ev("document.querySelector('%s button.cancel') !== null" % (row % "X-From-Browser")))
    out("remove_one_click_posts", posts() - before)
    out("remove_one_click_table", "X-From-Browser" in dict(table()))
    click(row % "X-From-Browser" + " button.cancel")
    settle(0.3)
    out("remove_cancelled", text(remove))
    out("remove_cancelled_label", ev("document.querySelector('%s').getAttribute('aria-label')" % remove))
    # a real double click (Chromium's input pipeline: click events with detail 1 and 2)
    ev("document.querySelector('%s').scrollIntoView({block: 'center'}); true" % remove)
    x, y = ev("(function () { var b = document.querySelector('%s').getBoundingClientRect();"
              " return [b.left + b.width / 2, b.top + b.height / 2]; })()" % remove)
    for count in (1, 2):
        for kind in ("mousePressed", "mouseReleased"):
            send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                              "clickCount": count}, session=s)
    settle()
    # and the second click of a double click (detail 2) on the armed button itself, wherever
    # the layout puts it
    ev("(function () { var b = document.querySelector('%s'); if (b.textContent !== 'Confirm remove')"
       " b.click(); b.dispatchEvent(new MouseEvent('click', {bubbles: true, detail: 2})); return true; })()" % remove)
    settle()
    out("remove_double_click_posts", posts() - before)
    out("remove_double_click_table", "X-From-Browser" in dict(table()))
    send("Input.dispatchKeyEvent", {"type": "keyDown", "key": "Escape", "code": "Escape",
                                    "windowsVirtualKeyCode": 27}, session=s)
    send("Input.dispatchKeyEvent", {"type": "keyUp", "key": "Escape", "code": "Escape",
                                    "windowsVirtualKeyCode": 27}, session=s)
    settle(0.3)
    out("remove_escaped", text(remove))
    click(remove)
    click(remove)
    out("removed", until("document.querySelector('%s') === null" % (row % "X-From-Browser")) is True)
    out("table_after_remove", "X-From-Browser" in dict(table()))
    # removing a security default says how to get it back
    click(row % "X-Frame-Options" + " button.remove")
    out("default_warning", text("#status"))
    click(row % "X-Frame-Options" + " button.remove")
    until("document.querySelector('%s') === null" % (row % "X-Frame-Options"))

    # --- restore defaults asks first, then yields exactly the four defaults --------------------
    api("set", {"Referrer-Policy": "no-referrer", "X-Extra": "1"})
    ev("location.reload(); true")
    until("document.querySelector('%s') !== null" % (row % "X-Extra"))
    changed = table()
    out("restore_count", len(changed))
    before = posts()
    click("#restore")
    settle()
    out("restore_armed", text("#restore"))
    out("restore_question", text("#reset-message"))
    out("restore_one_click_posts", posts() - before)
    out("restore_one_click_unchanged", table() == changed)
    click("#restore")
    out("restore_rows", until("(function () { var n = document.querySelectorAll('#headers tr[data-name]');"
                              " return n.length === 4 && document.querySelector('%s') === null"
                              " && n.length; })()" % (row % "X-Extra")))
    out("restore_page_rows", rows() == [n for n, _ in DEFAULTS])
    out("restore_table", table() == DEFAULTS)
    out("restore_message", text("#reset-message"))

    # --- favicon: the browser's request for it got no 404 ------------------------------------
    ev("location.reload(); true")
    until("document.querySelector('%s') !== null" % (row % "X-Frame-Options"))
    settle()
    out("not_found", [u for u, st in responses if st == 404])
    with open(server_log) as f:
        out("favicon_log", [l.strip() for l in f if "favicon" in l][:1])

    # --- screenshots, and a 360 px window -----------------------------------------------------
    # the longest name there can be (64 characters) and a long value, neither with a place to break
    long_name = "X-Long-Header-Name-Of-Sixty-Four-Characters-With-No-Break-At-All"
    out("long_set", "data" in api("set", {long_name: "https://a-very-long-host-name.example.com/" +
                                          "with/a/path?and=a-query&that=goes-on-and-on-and-on"}))
    def size(width, height):
        send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                    "deviceScaleFactor": 1, "mobile": False},
             session=s)
        settle(0.3)
    def shot(name):
        data = send("Page.captureScreenshot", {"format": "png"}, session=s)["data"]
        with open(os.path.join(shots, name + ".png"), "wb") as f:
            f.write(base64.b64decode(data))
    size(1000, 1100)
    ev("location.reload(); true")
    until("document.querySelectorAll('#headers tr[data-name]').length === 5")
    click(row % "Referrer-Policy" + " button.remove")
    shot("admin-wide")
    # a 360 px window that scrolls (its scroll bar takes room), then one tall enough to show all
    overflow = ("(function () { var d = document.documentElement; return [window.innerWidth,"
                " d.clientWidth, d.scrollWidth, Array.prototype.every.call("
                "document.querySelectorAll('button'), function (b) { var r ="
                " b.getBoundingClientRect(); return r.width > 0 && r.left >= 0 &&"
                " r.right <= d.clientWidth; })]; })()")
    size(360, 740)
    out("narrow", ev(overflow))
    size(360, 1500)
    out("narrow_tall", ev(overflow))
    shot("admin-narrow")
    click("#restore")
    ev("document.getElementById('value').value = ''; document.getElementById('name').value = 'X';"
       "document.querySelector('#add button[type=submit]').click(); true")
    settle(0.3)
    out("narrow_messages", ev(overflow))
    shot("admin-narrow-messages")
    out("page_errors", errors)
except SystemExit:
    raise
except Exception as e:
    print("error", repr(e))
finally:
    browser.close()
EOF
AUTH64=$(printf '%s' "$USER_:$PASS_" | base64)
timeout 120 python3 "$OUT/drive.py" "$(pwd)/tests" "http://127.0.0.1:$port/" "$AUTH64" \
    "$OUT/profile-admin" "$CHROMIUM" header "$OUT/server.log" "$OUT" >"$OUT/admin.log" 2>&1
sed 's/^/     # /' "$OUT/admin.log"
val() { sed -n "s/^$1 //p" "$OUT/admin.log"; }
val_is() { [ "$(val "$1")" = "$2" ]; echo $?; }
result "the admin page lists the headers (its script runs under the default CSP)" "$(val_is listed True)" "$OUT/admin.log"
result "its stylesheet applies under the default CSP (body background rgb(246, 247, 249))" \
    "$(val_is styled "rgb(246, 247, 249)")" "$OUT/admin.log"
result "adding X-From-Browser through the form lists it with its value" "$(val_is added "hello browser")" "$OUT/admin.log"
result "the API's table has the header the page added" "$(val_is table_after_add "hello browser")" "$OUT/admin.log"
result "after a successful set the form is empty again and says what it set" \
    "$([ "$(val form_cleared)" = True ] && [ "$(val form_message)" = "Set X-From-Browser." ]; echo $?)" "$OUT/admin.log"
result "an empty value is refused with a message by the field ($(val empty_message | cut -c1-40)...)" \
    "$([ "$(val empty_message_shown)" = True ] && [ "$(val empty_invalid)" = true ] &&
       val empty_message | grep -q '^Enter a value'; echo $?)" "$OUT/admin.log"
result "and nothing is sent: no POST reached the server, the header is in neither page nor table" \
    "$([ "$(val empty_posts)" = 0 ] && [ "$(val empty_not_listed)" = True ] &&
       [ "$(val empty_table)" = False ] && [ "$(val empty_name_kept)" = X-Empty ]; echo $?)" "$OUT/admin.log"
result "one click on Remove only asks (the button says \"Confirm remove\", Cancel appears)" \
    "$([ "$(val remove_armed)" = "Confirm remove" ] && [ "$(val remove_cancel_shown)" = True ]; echo $?)" "$OUT/admin.log"
result "and changes nothing: no POST, the header still in the API's table" \
    "$([ "$(val remove_one_click_posts)" = 0 ] && [ "$(val remove_one_click_table)" = True ]; echo $?)" "$OUT/admin.log"
result "its accessible name asks too (\"$(val remove_armed_label)\")" \
    "$(val_is remove_armed_label "Confirm remove X-From-Browser")" "$OUT/admin.log"
result "Cancel puts the Remove button back, accessible name included" \
    "$([ "$(val remove_cancelled)" = Remove ] && [ "$(val remove_cancelled_label)" = "Remove X-From-Browser" ]; echo $?)" "$OUT/admin.log"
result "a double click on Remove changes nothing either (no POST, still in the table)" \
    "$([ "$(val remove_double_click_posts)" = 0 ] && [ "$(val remove_double_click_table)" = True ]; echo $?)" "$OUT/admin.log"
result "Escape puts the Remove button back" "$(val_is remove_escaped Remove)" "$OUT/admin.log"
result "Remove, then Confirm remove, takes it off the page" "$(val_is removed True)" "$OUT/admin.log"
result "and out of the API's table" "$(val_is table_after_remove False)" "$OUT/admin.log"
result "the question before removing a security default says Restore defaults brings it back" \
    "$(val default_warning | grep -q 'security defaults.*Restore defaults'; echo $?)" "$OUT/admin.log"
result "one click on Restore defaults only asks (\"Confirm restore\", how many headers go)" \
    "$([ "$(val restore_armed)" = "Confirm restore" ] &&
       val restore_question | grep -q "^Replace all $(val restore_count) headers with the 4 defaults?"; echo $?)" "$OUT/admin.log"
result "and changes nothing: no POST, the API's table as it was" \
    "$([ "$(val restore_one_click_posts)" = 0 ] && [ "$(val restore_one_click_unchanged)" = True ]; echo $?)" "$OUT/admin.log"
result "Confirm restore: the page lists exactly the four defaults, in order" \
    "$([ "$(val restore_rows)" = 4 ] && [ "$(val restore_page_rows)" = True ]; echo $?)" "$OUT/admin.log"
result "and the API's table is exactly the four defaults, in order" "$(val_is restore_table True)" "$OUT/admin.log"
result "Chromium's requests got no 404 (favicon.ico: $(val favicon_log))" \
    "$([ "$(val not_found)" = "[]" ] && val favicon_log | grep -q "204 GET /favicon.ico"; echo $?)" "$OUT/admin.log"
result "no exception in the page's script and nothing logged as an error by the browser" \
    "$(val_is page_errors "[]")" "$OUT/admin.log"
# narrow: [innerWidth, clientWidth, scrollWidth, every button inside] for a 360 px window
narrow() {
    # shellcheck disable=SC2046  # the two numbers, or nothing
    set -- $(val "$1" | sed -n 's/^\[360, \([0-9]*\), \([0-9]*\), True\]$/\1 \2/p')
    [ $# = 2 ] && [ "$2" -le "$1" ]
}
result "the width test has a 64-character name and a long value to fit" "$(val_is long_set True)" "$OUT/admin.log"
result "a 360 px window: nothing wider than the window, every button inside it ($(val narrow))" \
    "$(narrow narrow; echo $?)" "$OUT/admin.log"
result "the same without a scroll bar ($(val narrow_tall)) and with the page's messages ($(val narrow_messages))" \
    "$(narrow narrow_tall && narrow narrow_messages; echo $?)" "$OUT/admin.log"

# the browser's own login: Chromium answers the 401 challenge and then sends credentials with
# the page's fetch() calls; the server's request log says which scheme it chose
timeout 60 python3 "$OUT/drive.py" "$(pwd)/tests" "http://127.0.0.1:$port/" "$AUTH64" \
    "$OUT/profile-login" "$CHROMIUM" login "$OUT/server.log" "$OUT" >"$OUT/login.log" 2>&1
result "with Chromium's own login the admin page lists the headers" \
    "$(grep -qx 'listed True' "$OUT/login.log"; echo $?)" "$OUT/login.log"
result "Chromium authenticated the page's API calls with Digest SHA-256 (server log)" \
    "$(grep -q '^200 POST /axis-cgi/customhttpheader.cgi auth=digest-sha256$' "$OUT/server.log"; echo $?)" "$OUT/server.log"
result "and its Restore defaults (Digest SHA-256 too) leaves exactly the four defaults" \
    "$(grep -qx 'login_restored True' "$OUT/login.log" && grep -qx 'login_table True' "$OUT/login.log" &&
       grep -q '^200 POST /admin/restore-defaults auth=digest-sha256$' "$OUT/server.log"; echo $?)" "$OUT/login.log"

stop_all
finish

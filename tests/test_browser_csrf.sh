#!/bin/sh
# Cross-site requests in a real browser (headless Chromium) against the demo server: the admin
# logs in (Chromium's own login, credentials in the URL, answered to the 401 challenge), and
#  - the admin page's origin can use the API (a same-origin fetch() sets a header: 200);
#  - a page on another origin (python3's http.server on another loopback port) that
#    auto-submits <form method=POST enctype=text/plain> whose name=value joins into a set
#    request gets the API's error (403, "cross-site request refused") and changes nothing;
#  - the same page's fetch() calls (no-cors with credentials, cors with credentials, cors
#    without) are refused too (the server's request log: 403 each) and change nothing;
#  - once the device's own custom headers grant that origin credentialed CORS
#    (Access-Control-Allow-Origin naming it, Access-Control-Allow-Credentials: true), the same
#    fetch() goes through and the page reads the answer: the browser did send the admin's
#    credentials cross-site, and the refusal is what stopped it before.
# Rule and reasons: examples/common/csrf.h. Every wait is bounded; every process started here is
# killed on exit.
set -u
cd "$(dirname "$0")/.." || exit 1
OUT=$(pwd)/build/examples/test-browser-csrf
CHECK=browser-csrf
. tests/lib.sh
mkdir -p "$OUT/www"

need_cmd curl
need_cmd python3
need_chromium
build "make server" server

USER_=root PASS_=pw-$$-csrf
start_example "demo server did not start" "$OUT/server.log" env CUSTOMHDR_PORT=0 \
    "CUSTOMHDR_PASSWORD=$PASS_" "CUSTOMHDR_STATE=$OUT/state" CUSTOMHDR_LOG=1 build/examples/customhdr-server
server_pid=$pid

start_bg "$OUT/web.log" python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$OUT/www"
wport=$(wait_line "$OUT/web.log" 's/^Serving HTTP on 127.0.0.1 port \([0-9]*\).*/\1/p' "$pid") ||
    abort "static server did not start" "$OUT/web.log"
ORIGIN=http://127.0.0.1:$wport

# the other site's pages. The form's one field is name={"apiVersion"...,"a":" value="}}, which
# text/plain encodes as name=value: a JSON set request built from a form (docs/behaviour.md section 7).
cat >"$OUT/www/form.html" <<EOF
<!DOCTYPE html>
<html><body>
<form id="f" method="POST" enctype="text/plain" action="$API">
<input type="hidden" name='{"apiVersion":"1.0","method":"set","params":{"X-Csrf-Form":"1","a":"' value='"}}'>
</form>
<script>document.getElementById('f').submit();</script>
</body></html>
EOF
cat >"$OUT/www/fetch.html" <<EOF
<!DOCTYPE html>
<html><body><p id="result">PENDING</p>
<script>
function set(name) {
  return JSON.stringify({apiVersion: '1.0', method: 'set', params: {[name]: '1'}});
}
function show(label, p) {
  return p.then(function (r) { return r.text().then(function (t) { return label + '=' + r.status + ':' + t; }); },
                function (e) { return label + '=BLOCKED'; });
}
// text/plain bodies: simple requests, sent without a preflight. One after another: sent at once,
// Digest requests on one nonce can reach the server out of nonce-count order, and the server
// refuses a count lower than one it has seen (replay protection), which a cross-origin fetch
// cannot recover from.
function post(mode, credentials, name) {
  return fetch('$API', {method: 'POST', mode: mode, credentials: credentials,
                        headers: {'Content-Type': 'text/plain'}, body: set(name)});
}
var all = [];
show('nocors', post('no-cors', 'include', 'X-Csrf-Nocors')).then(function (r) {
  all.push(r);
  return show('cors', post('cors', 'include', 'X-Csrf-Cors'));
}).then(function (r) {
  all.push(r);
  return show('omit', post('cors', 'omit', 'X-Csrf-Omit'));
}).then(function (r) {
  all.push(r);
  document.getElementById('result').textContent = 'DONE ' + all.join(' | ');
});
</script></body></html>
EOF

cat >"$OUT/drive.py" <<'EOF'
# One Chromium over the DevTools protocol (tests/cdp.py, whose folder is argument 1); prints
# "key value" lines.
import sys
sys.path.insert(0, sys.argv[1])
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import cdp
base, origin, user, password, chromium, profile, phase = sys.argv[2:9]
browser = cdp.Browser(chromium, profile, 60)

try:
    page = browser.page(until_secs=15)
    send, s, ev, until = browser.send, page.id, page.ev, page.until

    # the admin logs in: Chromium answers the challenge and keeps the credentials
    send("Page.navigate", {"url": base.replace("http://", "http://%s:%s@" % (user, password)) + "/"},
         session=s)
    print("login", bool(until("document.querySelector('#headers tr[data-name=\"X-Frame-Options\"]') !== null")))
    if phase == "refused":
        # the admin page's own origin: a same-origin fetch() through the API
        print("same_origin", ev("fetch(location.origin + '/axis-cgi/customhttpheader.cgi', {method: 'POST',"
                                " credentials: 'same-origin', headers: {'Content-Type': 'application/json'},"
                                " body: JSON.stringify({apiVersion: '1.0', method: 'set', params: {'X-Same-Origin': '1'}})})"
                                ".then(function (r) { return r.text().then(function (t) { return r.status + ' ' + t; }); })",
                                wait=True))
        # another site's page submits a form at the API: the browser shows the answer
        send("Page.navigate", {"url": origin + "/form.html"}, session=s)
        print("form", until("location.href.indexOf('/axis-cgi/customhttpheader.cgi') >= 0 && "
                            "document.body && document.body.innerText.length > 0 ? "
                            "document.body.innerText.replace(/\\n/g, ' ') : ''"))
    send("Page.navigate", {"url": origin + "/fetch.html"}, session=s)
    print("fetch", until("(function () { var e = document.getElementById('result');"
                         " return e && e.textContent.indexOf('DONE') === 0 ? e.textContent : ''; })()"))
except Exception as e:
    print("error", repr(e))
finally:
    browser.close()
EOF

LIST='{"apiVersion":"1.0","method":"list"}'
api before "$LIST"
timeout 90 python3 "$OUT/drive.py" "$(pwd)/tests" "$BASE" "$ORIGIN" "$USER_" "$PASS_" "$CHROMIUM" \
    "$OUT/profile-1" refused >"$OUT/refused.log" 2>&1
sed 's/^/     # /' "$OUT/refused.log"
val() { sed -n "s/^$2 //p" "$OUT/$1.log"; }
result "Chromium logged in to the admin page (its own login, answering the challenge)" \
    "$([ "$(val refused login)" = True ]; echo $?)" "$OUT/refused.log"
result "the admin page's origin sets a header through the API with fetch(): 200" \
    "$(val refused same_origin | grep -q '^200 {"apiVersion":"1.0","method":"set","data":{"X-Same-Origin":"1"}}$'; echo $?)" "$OUT/refused.log"
result "another site's text/plain form POST gets the API error: cross-site request refused (2104)" \
    "$(val refused form | grep -qF '{"apiVersion":"1.0","error":{"code":2104,"message":"Origin: cross-site request refused: a page on '"$ORIGIN"' is not'; echo $?)" "$OUT/refused.log"
result "the server answered that form 403" \
    "$(grep -c '^403 POST /axis-cgi/customhttpheader.cgi ' "$OUT/server.log" | grep -qx '[1-9][0-9]*'; echo $?)" "$OUT/server.log"
result "another site's fetch() calls are blocked for the page (no-cors is opaque: status 0)" \
    "$(val refused fetch | grep -q '^DONE nocors=0: | cors=BLOCKED | omit=BLOCKED$'; echo $?)" "$OUT/refused.log"
result "and refused by the server: 403 for the form and each of the three fetch() calls" \
    "$([ "$(grep -c '^403 POST /axis-cgi/customhttpheader.cgi ' "$OUT/server.log")" = 4 ]; echo $?)" "$OUT/server.log"
api after "$LIST"
ok=0; has after '"X-Same-Origin":"1"' || ok=1
for h in X-Csrf-Form X-Csrf-Nocors X-Csrf-Cors X-Csrf-Omit; do ! has after "$h" || ok=1; done
result "the table has the admin page's header and none of the other site's" $ok "$OUT/after.b"

# the device's custom headers grant that origin credentialed CORS: its fetch() now goes through
api grant "{\"apiVersion\":\"1.0\",\"method\":\"set\",\"params\":{\"Access-Control-Allow-Origin\":\"$ORIGIN\",\"Access-Control-Allow-Credentials\":\"true\"}}"
timeout 90 python3 "$OUT/drive.py" "$(pwd)/tests" "$BASE" "$ORIGIN" "$USER_" "$PASS_" "$CHROMIUM" \
    "$OUT/profile-2" granted >"$OUT/granted.log" 2>&1
sed 's/^/     # /' "$OUT/granted.log"
result "with the grant, the credentialed cors fetch() sets its header and the page reads the answer (200)" \
    "$(val granted fetch | grep -qF 'cors=200:{"apiVersion":"1.0","method":"set","data":{"X-Csrf-Cors":"1"}}'; echo $?)" "$OUT/granted.log"
api granted_list "$LIST"
result "the table has it: the browser sent the admin's credentials cross-site" \
    "$(has granted_list '"X-Csrf-Cors":"1"'; echo $?)" "$OUT/granted_list.b"
result "the fetch() without credentials is still not let in (401 at most, never 200)" \
    "$(! has granted_list X-Csrf-Omit; echo $?)" "$OUT/granted_list.b"

stop_all
finish

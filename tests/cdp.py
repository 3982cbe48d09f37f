"""Headless Chromium over the DevTools protocol, for the checks that drive a real browser
(tests/test_browser.sh, tests/test_browser_csrf.sh). Standard library only.

Each check writes its own driver script into its build directory; that script puts tests/ on
sys.path and imports this module:

    browser = cdp.Browser(chromium, profile, secs)  # every answer within secs of the start
    page = browser.page()                           # a new tab, attached (flat sessions)
    page.ev("document.title"); page.until("document.body !== null")
    browser.close()                                 # kills Chromium; call it in a finally

Chromium runs with --remote-debugging-pipe: it reads commands on its fd 3 and writes results
and events on its fd 4, each message JSON ended by a NUL byte. Its stderr goes to PROFILE.log.
"""
import json
import os
import subprocess
import time


class Browser:
    """One Chromium with a fresh profile in PROFILE. send() waits for each command's answer,
    handing every message it reads on the way (events too) to on_message, when given."""

    def __init__(self, chromium, profile, secs, on_message=None):
        r_cmd, self.w_cmd = os.pipe()  # commands: we write, chromium reads its fd 3
        self.r_res, w_res = os.pipe()  # results: chromium writes its fd 4, we read

        def child():
            a, b = os.dup(r_cmd), os.dup(w_res)  # dup2 onto 3 and 4 from fds that are neither
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                      "--disable-background-networking", "--no-first-run",
                                      "--remote-debugging-pipe", "--user-data-dir=" + profile,
                                      "about:blank"],
                                     preexec_fn=child, close_fds=False, stdout=subprocess.DEVNULL,
                                     stderr=open(profile + ".log", "w"))
        os.close(r_cmd)
        os.close(w_res)
        self.buf, self.next_id, self.deadline = b"", 0, time.time() + secs
        self.on_message = on_message

    def send(self, method, params=None, session=None):
        """The result of one command (to SESSION's target, when given); RuntimeError if
        Chromium answers with an error, TimeoutError past the deadline, EOFError if it quits."""
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.w_cmd, json.dumps(msg).encode() + b"\0")
        while True:
            while b"\0" in self.buf:
                raw, self.buf = self.buf.split(b"\0", 1)
                m = json.loads(raw)
                if self.on_message:
                    self.on_message(m)
                if m.get("id") == self.next_id:
                    if "error" in m:
                        raise RuntimeError(m["error"])
                    return m.get("result", {})
            if time.time() > self.deadline:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self.r_res, 65536)
            if not chunk:
                raise EOFError("chromium closed the DevTools pipe")
            self.buf += chunk

    def page(self, until_secs=10):
        """A new about:blank tab, attached: a Session whose until() waits until_secs by default."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        return Session(self, s, until_secs)

    def close(self):
        self.proc.kill()
        self.proc.wait()


class Session:
    """One attached tab: its sessionId in id; commands to it and JavaScript in it."""

    def __init__(self, browser, session_id, until_secs):
        self.browser, self.id, self.until_secs = browser, session_id, until_secs

    def send(self, method, params=None):
        return self.browser.send(method, params, session=self.id)

    def ev(self, expr, wait=False):
        """The value of EXPR in the page (with wait, of the promise it returns, once settled)."""
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True,
                                           "awaitPromise": wait})
        return r["result"].get("value")

    def until(self, expr, secs=None):
        """The first truthy value of EXPR, tried every 0.1 s (a page still loading may answer
        with an error), or None after secs (until_secs when not given)."""
        end = time.time() + (self.until_secs if secs is None else secs)
        while time.time() < end:
            try:
                v = self.ev(expr)
                if v:
                    return v
            except RuntimeError:
                pass
            time.sleep(0.1)
        return None

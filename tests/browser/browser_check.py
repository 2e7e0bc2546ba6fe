#!/usr/bin/python3
"""browser_check.py URL_OR_FILE --screenshot OUT.png [--tracks N] [--selector CSS]
                   [--min-images N] [--width W]

Opens a page in headless Chromium (Debian's `chromium`) through the
DevTools protocol (python3-websocket), waits for it to load, and fails
(exit 1) when:
  - the console had an error (console.error/assert, an uncaught exception,
    a failed resource load or any other error-level log entry);
  - the document did not parse (an XML parse error of an SVG);
  - an <img> did not load (naturalWidth 0) or fewer than --min-images loaded;
  - the number of elements matching --selector (default `g.track`, the
    task tracks of a timeline) is not --tracks N.
Always writes a full-page screenshot to OUT.png (the test's artifact) when
the page loaded.  Prints what it found; exit 2 on bad usage or when
Chromium could not be started.
"""
import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket


class Page:
    def __init__(self, ws):
        self.ws, self.next_id, self.events = ws, 0, []

    def call(self, method, **params):
        self.next_id += 1
        mid = self.next_id
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        self.ws.settimeout(60)  # wait_for shortens it
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method, timeout):
        end = time.time() + timeout
        for m in self.events:
            if m.get("method") == method:
                return True
        while time.time() < end:
            self.ws.settimeout(max(0.1, end - time.time()))
            try:
                msg = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                break
            self.events.append(msg)
            if msg.get("method") == method:
                return True
        return False


def start_chromium(profile, width):
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        print("browser_check: chromium is not installed (ci/deps installs it)")
        sys.exit(2)
    cmd = [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-dev-shm-usage", "--remote-debugging-port=0",
           "--remote-allow-origins=*", "--user-data-dir=" + profile,
           "--window-size=%d,900" % width, "about:blank"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    port_file = os.path.join(profile, "DevToolsActivePort")
    end = time.time() + 30
    while time.time() < end and proc.poll() is None:
        if os.path.exists(port_file):
            lines = open(port_file).read().split()
            if len(lines) >= 2:
                return proc, int(lines[0])
        time.sleep(0.05)
    proc.kill()
    print("browser_check: chromium did not start: %s" % proc.stderr.read()[-2000:])
    sys.exit(2)


def page_socket(port):
    end = time.time() + 10
    while time.time() < end:
        with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port) as r:
            for t in json.load(r):
                if t.get("type") == "page":
                    return websocket.create_connection(t["webSocketDebuggerUrl"], timeout=30,
                                                       suppress_origin=True)
        time.sleep(0.1)
    raise RuntimeError("no page target")


def errors_of(events):
    out = []
    for m in events:
        p = m.get("params", {})
        if m.get("method") == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            out.append("console.%s: %s" % (p["type"], " ".join(
                str(a.get("value", a.get("description", ""))) for a in p.get("args", []))))
        elif m.get("method") == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            out.append("exception: %s" % d.get("exception", {}).get("description", d.get("text")))
        elif m.get("method") == "Log.entryAdded" and p["entry"].get("level") == "error":
            e = p["entry"]
            out.append("log (%s): %s %s" % (e.get("source"), e.get("text"), e.get("url", "")))
    return out


PROBE = """(() => {
  const imgs = Array.from(document.images), root = document.documentElement;
  const svg = root.nodeName.toLowerCase() === 'svg', box = root.getBoundingClientRect();
  return JSON.stringify({
    parseError: document.getElementsByTagName('parsererror').length > 0,
    matches: document.querySelectorAll(%s).length,
    images: imgs.length,
    brokenImages: imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
    contentType: document.contentType,
    width: Math.ceil(svg ? box.width : Math.max(root.scrollWidth, document.body.scrollWidth)),
    height: Math.ceil(svg ? box.height : Math.max(root.scrollHeight, document.body.scrollHeight))
  });
})()"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("url")
    ap.add_argument("--screenshot", required=True)
    ap.add_argument("--tracks", type=int)
    ap.add_argument("--selector", default="g.track")
    ap.add_argument("--min-images", type=int, default=0)
    ap.add_argument("--width", type=int, default=1400)
    a = ap.parse_args()
    url = a.url
    if "://" not in url:
        if not os.path.isfile(url):
            print("browser_check: %s: no such file" % url)
            return 2
        url = "file://" + os.path.abspath(url)
    profile = tempfile.mkdtemp(prefix="sf-chromium-")
    proc = None
    try:
        proc, port = start_chromium(profile, a.width)
        page = Page(page_socket(port))
        for domain in ("Runtime", "Log", "Page"):
            page.call(domain + ".enable")
        page.call("Page.navigate", url=url)
        if not page.wait_for("Page.loadEventFired", 30):
            print("FAIL: %s did not finish loading in 30 s" % url)
            return 1
        time.sleep(0.3)  # late console messages
        page.wait_for("never", 0.2)
        probe = json.loads(page.call("Runtime.evaluate", expression=PROBE % json.dumps(a.selector),
                                     returnByValue=True)["result"]["value"])
        w, h = min(max(probe["width"], 200), 16000), min(max(probe["height"], 100), 16000)
        page.call("Emulation.setDeviceMetricsOverride", width=w, height=h, deviceScaleFactor=1,
                  mobile=False)
        shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": w, "height": h, "scale": 1})
        os.makedirs(os.path.dirname(os.path.abspath(a.screenshot)), exist_ok=True)
        with open(a.screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        errors = errors_of(page.events)
        problems = list(errors)
        if probe["parseError"]:
            problems.append("the document did not parse (%s)" % probe["contentType"])
        if probe["brokenImages"]:
            problems.append("images that did not load: %s" % ", ".join(probe["brokenImages"]))
        if probe["images"] < a.min_images:
            problems.append("%d images, expected at least %d" % (probe["images"], a.min_images))
        if a.tracks is not None and probe["matches"] != a.tracks:
            problems.append("%d elements match %s, expected %d" %
                            (probe["matches"], a.selector, a.tracks))
        print("%s: %s, %d x %d, %d match %s, %d images, %d console errors; screenshot %s" %
              (a.url, probe["contentType"], w, h, probe["matches"], a.selector, probe["images"],
               len(errors), a.screenshot))
        for p in problems:
            print("FAIL: " + p)
        return 1 if problems else 0
    finally:
        if proc is not None:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

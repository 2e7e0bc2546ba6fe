"""report_html.py - report.html: the content of report.md as one
self-contained page (styles inline, the plots as data: URIs, each
failure's timeline SVG inline); links to the campaign's files (inputs,
logs, minimized cases, the coverage report) are relative, as in report.md.
Checked in headless Chromium by tests/browser/report_browser_test.py."""
import base64
import html
import os

STYLE = """
body{font:14px/1.45 sans-serif;margin:24px;color:#222;max-width:1500px}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;margin-top:28px}
h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}
th{background:#f0f0f0}
tr.new td:first-child{border-left:4px solid #d00000}
pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:12px}
code{background:#f3f3f3;padding:0 3px}
img.plot{max-width:900px;display:block;margin:8px 0;border:1px solid #ddd}
div.timeline{overflow-x:auto;border:1px solid #ddd;margin:8px 0}
.result-1{color:#d00000}.result-0{color:#2a7a2a}
"""


def _e(text):
    return html.escape(str(text), quote=True)


def _rel(out, path):
    return os.path.relpath(path, out) if path else ""


def _link(out, path, text):
    return '<a href="%s">%s</a>' % (_e(_rel(out, path)), _e(text))


def _table(head, rows, classes=None):
    lines = ["<table><tr>%s</tr>" % "".join("<th>%s</th>" % _e(h) for h in head)]
    for i, r in enumerate(rows):
        cls = ' class="%s"' % classes[i] if classes and classes[i] else ""
        lines.append("<tr%s>%s</tr>" % (cls, "".join("<td>%s</td>" % c for c in r)))
    return "\n".join(lines + ["</table>"])


def _runs(out, runs, growth):
    head = ["target", "sanitizer", "seconds", "jobs", "execs", "exec/s", "cov", "ft",
            "new inputs", "artifacts", "corpus before -> after", "log"]
    rows = []
    for r in runs:
        g = growth.get(r["target"], {})
        rows.append([_e(r["target"]), _e(r["sanitizer"])] +
                    [_e(r[k]) for k in ("seconds", "jobs", "execs", "exec_per_s", "cov",
                                         "ft", "new_inputs", "artifacts")] +
                    ["%s -&gt; %s" % (_e(g.get("before", "?")), _e(g.get("after", "?"))),
                     _link(out, r["log"], "log")])
    return _table(head, rows)


def _plot(out, png):
    with open(os.path.join(out, png), "rb") as f:
        data = base64.b64encode(f.read()).decode()
    return '<img class="plot" alt="%s" src="data:image/png;base64,%s">' % (_e(png), data)


def _svg_inline(path):
    """The SVG's markup without its XML declaration, to sit in the page."""
    with open(path, errors="replace") as f:
        text = f.read()
    if text.startswith("<?xml"):
        text = text[text.index("?>") + 2:].lstrip()
    return text


def _failure_table(out, fails):
    head = ["signature", "new", "seen", "targets", "sanitizers", "input", "log", "minimized",
            "regression candidate", "timeline"]
    rows, classes = [], []
    for i, f in enumerate(fails):
        rows.append([
            '<a href="#failure-%d"><code>%s</code></a>' % (i, _e(f["signature"])),
            "NEW" if f["new"] else "known", _e(f["count"]), _e(", ".join(f["targets"])),
            _e(", ".join(f["sanitizers"])),
            _link(out, f["input"], os.path.basename(f["input"])),
            _link(out, f["log"], "repro.log"),
            _link(out, f["minimized"], "minimized.sched") if f.get("minimized") else "-",
            "<code>%s</code>" % _e(f["regression"]) if f.get("regression") else "-",
            _link(out, f["timeline_json"], "JSON") if f.get("timeline_json") else "-"])
        classes.append("new" if f["new"] else "")
    return _table(head, rows, classes)


def _failure(out, i, f):
    parts = ['<h3 id="failure-%d"><code>%s</code>%s</h3><ul>' %
             (i, _e(f["signature"]), " (NEW)" if f["new"] else ""),
             "<li>seen %d time(s); targets %s; sanitizers %s</li>" %
             (f["count"], _e(", ".join(f["targets"])), _e(", ".join(f["sanitizers"]))),
             "<li>input: %s, log: %s</li>" %
             (_link(out, f["input"], os.path.basename(f["input"])),
              _link(out, f["log"], "repro.log")),
             "<li>repro: <code>%s</code></li>" % _e(f["repro"])]
    if f.get("minimized"):
        parts.append("<li>minimized: %s, replay: <code>%s</code></li>" %
                     (_link(out, f["minimized"], "minimized.sched"), _e(f["run_cmd"])))
    else:
        parts.append("<li>minimize: %s</li>" % _e(f.get("minimize_note", "not run")))
    if f.get("regression"):
        parts.append("<li>regression candidate: <code>%s</code></li>" % _e(f["regression"]))
    if f.get("timeline_svg"):
        parts.append("<li>timeline below (%s in the Chrome trace event format: open it in "
                     "the Perfetto UI or chrome://tracing; SVG: %s)</li>" %
                     (_link(out, f["timeline_json"], "timeline.json"),
                      _link(out, f["timeline_svg"], "timeline.svg")))
    else:
        parts.append("<li>timeline: %s</li>" % _e(f.get("timeline_note", "not made")))
    parts.append("</ul>")
    if f.get("minimized"):
        with open(f["minimized"], errors="replace") as m:
            parts.append("<pre>%s</pre>" % _e(m.read().rstrip()[:4000]))
    if f.get("timeline_svg"):
        parts.append('<div class="timeline">%s</div>' % _svg_inline(f["timeline_svg"]))
    return "\n".join(parts)


def page(out, stamp, opts, runs, growth, fails, cov, pngs, notes, code):
    new = sum(1 for f in fails if f["new"])
    body = ['<h1>scopefuzz campaign %s</h1>' % _e(stamp),
            '<p class="result-%d">Result: exit %d; %d unique failure(s), %d new.</p>' %
            (1 if code else 0, code, len(fails), new),
            "<p>Budget: %s min, -fork=%d, sanitizers %s; corpus root <code>%s</code>.</p>" %
            (_e(opts["minutes"]), opts["jobs"], _e(",".join(opts["sanitizers"])),
             _e(opts["corpus_root"])),
            "<h2>Runs</h2>", _runs(out, runs, growth)]
    body += [_plot(out, p) for p in pngs]
    body.append("<h2>Coverage</h2>")
    if cov:
        body.append("<p>%s, %s</p>" % (_link(out, cov["html"], "llvm-cov HTML report"),
                                       _link(out, cov["summary"], "per-file summary")))
        if os.path.isfile(cov["summary"]):
            with open(cov["summary"]) as s:
                body.append("<pre>%s</pre>" % _e(s.read().rstrip()))
    else:
        body.append("<p>not run</p>")
    body.append("<h2>Unique failures</h2>")
    if fails:
        body.append(_failure_table(out, fails))
        body += [_failure(out, i, f) for i, f in enumerate(fails)]
    else:
        body.append("<p>none</p>")
    if notes:
        body += ["<h2>Notes</h2><ul>"] + ["<li>%s</li>" % _e(n) for n in notes] + ["</ul>"]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            "<title>scopefuzz campaign %s</title>\n<style>%s</style></head>\n<body>\n%s\n"
            "</body></html>\n" % (_e(stamp), STYLE, "\n".join(body)))

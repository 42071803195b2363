"""What `serve` adds to HTML as it serves it, and never to the files on disk:
a small script that reloads the tab after each rebuild, and an overlay
listing the problems while the content is broken."""
from __future__ import annotations

import html
import json
import threading

ENDPOINT = "/__reload"
MISSING_PAGE = (b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                b"<title>Not built yet</title></head><body><h1>Not built yet</h1>"
                b"<p>This page has not been built (yet).</p></body></html>\n")

# Polls the build counter; any new build (or new problems) reloads the tab.
SCRIPT = """<script id="build-py-live-reload">/* added by build.py serve; not in the built site */
(function () {
  var seen = %d;
  function poll() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (s) { if (s.generation !== seen) { location.reload(); } else { later(300); } })
      .catch(function () { later(1000); });
  }
  function later(ms) { setTimeout(poll, ms); }
  later(300);
})();
</script>
"""

OVERLAY_STYLE = ("position:fixed;top:0;left:0;right:0;max-height:70vh;overflow:auto;"
                 "z-index:2147483647;margin:0;padding:1em 1.5em;background:#fff4f4;color:#5c0000;"
                 "border-bottom:4px solid #b00020;font:15px/1.45 ui-monospace,monospace;"
                 "box-shadow:0 4px 16px rgba(0,0,0,.3)")


class State:
    """The latest rebuild as the open tabs see it; shared by the server threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.generation = 0
        self.problems: tuple = ()

    def update(self, result) -> None:
        with self._lock:
            changed = bool(result.written or result.removed)
            if changed or result.problems != self.problems or self.generation == 0:
                self.generation += 1
            self.problems = result.problems

    def status_json(self) -> bytes:
        with self._lock:
            return json.dumps({"generation": self.generation,
                               "problems": len(self.problems)}).encode()

    def inject(self, page: bytes) -> bytes:
        """The page with the reload script, and the overlay while there are problems."""
        with self._lock:
            snippet = overlay(self.problems) + SCRIPT % (self.generation, ENDPOINT)
        text = page.decode("utf-8", errors="replace")
        at = text.rfind("</body>")
        at = len(text) if at < 0 else at
        return (text[:at] + snippet + text[at:]).encode("utf-8")


def overlay(problems) -> str:
    if not problems:
        return ""
    from .problems import sort_problems
    items = "".join(f"<li>{html.escape(p.format())}</li>\n" for p in sort_problems(problems))
    n = len(problems)
    return (f'<div id="build-py-problems" role="alert" style="{OVERLAY_STYLE}">\n'
            f"<p><strong>{n} problem{'' if n == 1 else 's'} in the content</strong>: "
            "this is the last good build. Fix the file and save; the page reloads by itself.</p>\n"
            f'<ol style="margin:0;padding-left:1.5em">\n{items}</ol>\n</div>\n')

"""What `serve` adds to HTML as it serves it, and never to the files on disk:
a small script that reloads the tab after each rebuild, and an overlay
listing the problems while the content is broken."""
from __future__ import annotations

import html
import json
import re
import secrets
import threading

from .urls import SEARCH_INDEX, SEARCH_SHARDS

ENDPOINT = "/__reload"
MISSING_PAGE = (b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                b"<title>Not built yet</title></head><body><h1>Not built yet</h1>"
                b"<p>This page has not been built (yet).</p></body></html>\n")

# Polls the build counter with the tab's own page: the server answers whether
# anything that page shows changed since the build the tab was loaded from.
SCRIPT = """<script id="build-py-live-reload" nonce="%s">/* added by build.py serve; not in the built site */
(function () {
  var seen = %d;
  function poll() {
    fetch("%s?seen=" + seen + "&page=" + encodeURIComponent(location.pathname), {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (s) { if (s.reload) { location.reload(); } else { seen = s.generation; later(300); } })
      .catch(function () { later(1000); });
  }
  function later(ms) { setTimeout(poll, ms); }
  later(300);
})();
</script>
"""

# The pages' Content-Security-Policy allows no inline script or style; the served copy
# allows exactly these two elements by a nonce that is new for every serve session.
_CSP = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')
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
        self.nonce = secrets.token_urlsafe(16)
        self._changed: dict[str, int] = {}   # output path -> generation it last changed in
        self._everywhere = 0    # the last generation that changed what every page shows

    def update(self, result) -> None:
        with self._lock:
            changed = result.written + result.removed
            if changed or result.problems != self.problems or self.generation == 0:
                self.generation += 1
            if result.problems != self.problems or self.generation == 1:
                self._everywhere = self.generation   # the overlay is on every page
            for path in changed:
                self._changed[path] = self.generation
                if path.startswith("assets/") and path != SEARCH_INDEX \
                        and not path.startswith(SEARCH_SHARDS + "/"):
                    self._everywhere = self.generation   # a stylesheet or a script
            self.problems = result.problems

    def status_json(self, page: str = "", seen: int | None = None) -> bytes:
        """The generation, and whether a tab showing `page` (an output path), loaded
        from generation `seen`, should reload: only if something it shows changed."""
        with self._lock:
            if seen is None or not page:
                reload = seen != self.generation
            else:
                reload = max(self._everywhere, self._changed.get(page, 0)) > seen
            return json.dumps({"generation": self.generation, "reload": reload,
                               "problems": len(self.problems)}).encode()

    def inject(self, page: bytes) -> bytes:
        """The page with the reload script, and the overlay while there are problems."""
        with self._lock:
            snippet = (overlay(self.problems, self.nonce)
                       + SCRIPT % (self.nonce, self.generation, ENDPOINT))
        text = allow_nonce(page.decode("utf-8", errors="replace"), self.nonce)
        at = text.rfind("</body>")
        at = len(text) if at < 0 else at
        return (text[:at] + snippet + text[at:]).encode("utf-8")


def allow_nonce(text: str, nonce: str) -> str:
    """The page's CSP with the serve session's nonce added to script-src and style-src."""
    def add(match):
        policy = re.sub(r"((?:script|style)-src [^;]*)", rf"\1 'nonce-{nonce}'", match.group(2))
        return match.group(1) + policy + match.group(3)
    return _CSP.sub(add, text, count=1)


def overlay(problems, nonce: str = "") -> str:
    if not problems:
        return ""
    from .problems import sort_problems
    items = "".join(f"<li>{html.escape(p.format())}</li>\n" for p in sort_problems(problems))
    n = len(problems)
    return (f'<style nonce="{nonce}">.build-overlay {{{OVERLAY_STYLE}}} '
            ".build-overlay ol {margin:0;padding-left:1.5em}</style>\n"
            '<div id="build-py-problems" class="build-overlay" role="alert">\n'
            f"<p><strong>{n} problem{'' if n == 1 else 's'} in the content</strong>: "
            "this is the last good build. Fix the file and save; the page reloads by itself.</p>\n"
            f"<ol>\n{items}</ol>\n</div>\n")

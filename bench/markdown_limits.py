"""How long a body takes to render at the limits of mdlimits.py and mdmarks.py.

Each case is a kind of text python-markdown is slow on, grown until it is just
within the limits, then rendered (markup.to_html, the best of three). Every body
the limits let through should take a fraction of a second; a case that takes
longer shows a limit to lower or a weight to raise. Real Markdown files (given as
arguments) are rendered too, to show how far below the limits they stay.

    .venv/bin/python bench/markdown_limits.py [file.md ...]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from markdown.treeprocessors import Treeprocessor  # noqa: E402

from timeline import markup, mdlimits, mdmarks  # noqa: E402
from timeline.problems import ContentError  # noqa: E402

FILL = "word " * 2000 + "\n"
CASES = {   # name: text of n units
    "'_a ' (no emphasis closes)": lambda n: "_a " * n,
    "'_a ' in a long paragraph": lambda n: "_a " * n + "x " * 200_000,
    "'__a ' then '_c_ '": lambda n: "__a " * n + "_c_ " * n,
    "'__a _b a__ '": lambda n: "__a _b a__ " * n,
    "'___a _b '": lambda n: "___a _b " * n,
    "'**a *b '": lambda n: "**a *b " * n,
    "'***a *b '": lambda n: "***a *b " * n,
    "code spans '`a` '": lambda n: "`a` " * n,
    "unclosed '`a '": lambda n: "`a " * n + "`b` " * n,
    "unclosed '['": lambda n: "[" * n,
    "'[a ' then links": lambda n: "[a " * n + "[b](c) " * n,
    "links with '(((' ": lambda n: "[a](((" * n,
    "links with a quote": lambda n: '[a]("b) ' * n,
    "entities '&amp; '": lambda n: "&amp; " * n,
    "lone ' * '": lambda n: "a * " * n,
    "line breaks": lambda n: "a  \n" * n,
    "nested lists": lambda n: "".join("    " * min(i, 19) + "- x\n" for i in range(n)),
    "'> - ' on a line": lambda n: "> - " * min(n, 5) + "x\n\n" + FILL * (n // 100),
    "headings in one block": lambda n: "# h\n" * n,
    "references in one block": lambda n: "".join(f"[r{i}]: http://x/{i}\n" for i in range(n)),
    "blocks 'a\\n\\n'": lambda n: "a\n\n" * n,
    "code blocks": lambda n: "~~~python\na = 1\n~~~\n\n" * n,
    "code blocks, unknown language": lambda n: "~~~zzz\na\n~~~\n\n" * n + "~~~\na\n~~~\n\n" * n,
    "unclosed fences": lambda n: "~~~zzz\n" * n + FILL * 100,
    "footnotes": lambda n: "".join(f"a[^{i}]\n\n[^{i}]: x\n\n" for i in range(n)),
    "abbreviations": lambda n: "".join(f"*[A{i}]: x\n\n" for i in range(100)) + (
        "A0 and A99 " * 50 + "\n\n") * n,
    "unclosed '<a '": lambda n: "<a " * n + FILL * 5,
    "'*a* ' paragraphs": lambda n: ("*a* " * 300 + "\n\n") * n,
    "table rows": lambda n: "| a | b |\n|---|---|\n" + "| *a* | b |\n" * n,
}


class _Judge(Treeprocessor):
    def run(self, root):   # stands in for the inline pass: nothing to time but the limits
        return root


def within(text: str) -> bool:
    """Whether the limits let `text` through (python-markdown's block parser runs,
    not its inline pass)."""
    try:
        mdlimits.check_source(text)
        md = markup._converter()
        inline = md.treeprocessors["inline"]
        md.treeprocessors.register(_Judge(md), "inline", 20)
        try:
            md.reset().convert(text)
        finally:
            md.treeprocessors.register(inline, "inline", 20)
    except (ContentError, mdmarks.Refused):
        markup._local.md = None
        return False
    return True


def largest(make, limit: int = 1 << 22) -> int:
    """The largest n (up to `limit` and to the 1 MiB a file may have) within the limits."""
    low, high = 0, 1
    while high < limit and within(make(high)) and len(make(high)) < 1 << 20:
        low, high = high, high * 2
    while high - low > max(1, low // 64):
        middle = (low + high) // 2
        low, high = (middle, high) if within(make(middle)) and len(make(middle)) < 1 << 20 \
            else (low, middle)
    return low


def timed(text: str) -> float:
    """Processor seconds (the best of three): unlike the time on the clock, they do
    not grow with what else the machine is doing."""
    best = float("inf")
    for _ in range(3):
        markup.start_build()
        start = time.process_time()
        try:
            markup.to_html(text)
        except ContentError as refused:
            return -1.0 if "seconds" in refused.message else best
        best = min(best, time.process_time() - start)
    return best


def main(files: list) -> None:
    markup.BACKSTOP_SECONDS = 120.0
    print(f"{'case':36} {'n':>8} {'characters':>11} {'CPU s':>8}")
    for name, make in CASES.items():
        n = largest(make)
        text = make(n)
        print(f"{name:36} {n:8,} {len(text):11,} {timed(text):8.3f}", flush=True)
    for path in files:
        text = Path(path).read_text(encoding="utf-8", errors="replace")[:1 << 20]
        text = markup.CONTROL.sub("", text)
        verdict = "within" if within(text) else "REFUSED"
        print(f"{Path(path).name[:36]:36} {verdict:>8} {len(text):11,} {timed(text):8.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])

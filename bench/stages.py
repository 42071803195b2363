#!/usr/bin/env python3
"""Where a build's time goes: `stages.py N [--cached]`.

Runs one build of the generated corpus bench/work/cN in this process, serially
(--jobs 1, so the profiler sees every stage), under cProfile, and prints the
share of each stage. --cached profiles a rebuild after a one-event edit with the
cache warm; the default is a cold build without cache.
"""
from __future__ import annotations

import cProfile
import pstats
import shutil
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]
import gen_corpus  # noqa: E402
from run import EDITED, corpus, edit_event  # noqa: E402
from timeline import pipeline  # noqa: E402

STAGES = (  # (label, file suffix, function name): cumulative time of each
    ("read content files", "load.py", "read_record"),
    ("parse YAML front matter", "load.py", "parse_record"),
    ("validate records (all)", "pipeline.py", "_validate_slice"),
    ("  of which Markdown to HTML (python-markdown + nh3)", "markup.py", "to_html"),
    ("  of which summary text (nh3)", "markup.py", "plain_text"),
    ("link", "link.py", "link"),
    ("render pages (Jinja2)", "render.py", "render_pages"),
    ("  of which page keys (which pages to render again)", "depends.py", "key"),
    ("feeds, data files, search index, assets", "pipeline.py", "make_extras"),
    ("write files", "write.py", "write_file"),
    ("swap into place", "write.py", "finish_staging"),
    ("cache: load records", "cache.py", "records"),
    ("cache: save", "cache.py", "save_cache"),
)


def main(argv: list[str]) -> int:
    n, cached = int(argv[0]), "--cached" in argv
    path = corpus(n)
    out, cache = path / "profile-site", path / "profile-cache"
    opts = pipeline.Options(content=path / "content", out=out, jobs=1,
                            cache=cache if cached else None)
    if cached:
        pipeline.build(opts)
        edit_event(path / "content" / "events" / f"{EDITED}.md", f"p{time.time_ns()}")
    else:
        shutil.rmtree(out, ignore_errors=True)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(pipeline.build, opts)
    total = time.perf_counter() - started
    stats = pstats.Stats(profiler).stats
    print(f"N={n:,} {'rebuild after one edit (cache warm)' if cached else 'cold build'}, "
          f"serial, under cProfile: {total:.2f} s")
    for label, suffix, name in STAGES:
        cumulative = sum(v[3] for (file, _, func), v in stats.items()
                         if file.endswith(suffix) and func == name)
        print(f"  {label:<55} {cumulative:7.2f} s  {100 * cumulative / total:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

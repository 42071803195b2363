#!/usr/bin/env python3
"""Where a build's time and memory go: `stages.py N [--cached | --edit | --memory]`.

- default: one cold build (no cache) of bench/work/cN, in this process and serially
  (--jobs 1, so the profiler sees every stage), under cProfile: each stage's share;
- --cached: the same for a whole `build` after a one-event edit, with the cache warm;
- --edit: `serve`'s rebuild after a one-event edit, from the start of the rebuild until
  the edited event's page is on disk (what the one-edit target measures);
- --memory: a cold build as its own process tree (the builder, which takes tasks too,
  and a forked worker per further core), sampled every 20 ms: what each process holds
  at the moment the tree's memory peaks.

`bench/run.py` prints these for the targets a run does not meet.
"""
from __future__ import annotations

import cProfile
import pstats
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]
from run import EDITED, ROOT, _tree_memory, children, corpus, edit_event, pss  # noqa: E402
from timeline import pipeline  # noqa: E402
from timeline.incremental import IncrementalBuilder  # noqa: E402

BUILD_STAGES = (  # (label, file suffix, function name): cumulative time of each
    ("read content files", "load.py", "read_record"),
    ("parse YAML front matter", "load.py", "parse_record"),
    ("validate records (all)", "pipeline.py", "validate_file"),
    ("  of which Markdown to HTML (python-markdown + nh3)", "markup.py", "to_html"),
    ("  of which summary text", "markup.py", "plain_text"),
    ("link", "link.py", "link"),
    ("render pages (Jinja2)", "render.py", "render"),
    ("  of which page keys (which pages to render again)", "depends.py", "key"),
    ("each event's pieces of the feeds, data files and search index", "pieces.py",
     "make_pieces"),
    ("  of which packed into files in staging (no cache)", "pieces.py", "pack"),
    ("feeds, data files, search index, assets put together", "pipeline.py", "_data_files"),
    ("write files", "write.py", "write_file"),
    ("swap into place", "staging.py", "finish_staging"),
    ("cache: load records", "cache.py", "records"),
    ("cache: save", "cache.py", "save_cache"),
)
EDIT_STAGES = (
    ("list content files", "load.py", "list_records"),
    ("read content files (unchanged ones: stat only)", "load.py", "read_record"),
    ("validate changed records", "validation.py", "validated"),
    ("link", "link.py", "link"),
    ("plan every page", "render.py", "page"),
    ("render the edited record's pages", "render.py", "render"),
    ("write them", "write.py", "update_in_place"),
)


def shares(profiler: cProfile.Profile, total: float, stages) -> list[tuple[str, float, float]]:
    """(label, cumulative seconds, share of total) of each stage."""
    stats = pstats.Stats(profiler).stats
    rows = []
    for label, suffix, name in stages:
        seconds = sum(v[3] for (file, _, func), v in stats.items()
                      if file.endswith(suffix) and func == name)
        rows.append((label, seconds, seconds / total if total else 0.0))
    return rows


def build_profile(n: int, cached: bool = False) -> tuple[float, list]:
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
    return total, shares(profiler, total, BUILD_STAGES)


def edit_profile(n: int) -> tuple[float, list]:
    """serve's rebuild after a one-event edit, up to the edited page on disk."""
    path = corpus(n)
    builder = IncrementalBuilder(pipeline.Options(content=path / "content",
                                                  out=path / "profile-served"))
    builder.rebuild()
    profiler, marks = cProfile.Profile(), []

    def page_written(_part) -> None:
        profiler.disable()
        marks.append(time.perf_counter())

    edit_event(path / "content" / "events" / f"{EDITED}.md", f"p{time.time_ns()}")
    started = time.perf_counter()
    profiler.enable()
    builder.rebuild(first_pages=page_written)
    profiler.disable()
    total = marks[0] - started
    return total, shares(profiler, total, EDIT_STAGES)


def memory_profile(n: int) -> dict:
    """A cold build's process tree sampled every 20 ms: at the peak of the tree's
    proportional set size, each process's share and how far into the build it was."""
    path = corpus(n)
    out = path / "profile-site"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, str(ROOT / "build.py"), "build", "--no-cache", "--content",
           str(path / "content"), "--out", str(out)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = {"total": 0}
    while proc.poll() is None:
        processes = _processes(proc.pid)
        total = sum(processes.values())
        if total > peak["total"]:
            peak = {"total": total, "at": time.perf_counter() - started, "processes": processes}
        time.sleep(0.02)
    peak["wall"] = time.perf_counter() - started
    return peak


def _processes(pid: int) -> dict:
    """KiB of proportional set size by process: 'builder' and 'worker 1', 'worker 2', ..."""
    found = {"builder": pss(pid)}
    for i, child in enumerate(children(pid), 1):
        found[f"worker {i}"] = _tree_memory(child)
    return found


def stage_lines(total: float, rows: list) -> list[str]:
    return [f"| {label} | {seconds:.2f} s | {100 * share:.0f} % |" for label, seconds, share in rows]


def report(n: int, unmet: set) -> str:
    """Markdown: where the time or memory goes, for each target in `unmet`."""
    parts = []
    if "cold" in unmet:
        total, rows = build_profile(n)
        parts += [f"### Cold build (N = {n:,}): {total:.1f} s serially under cProfile", "",
                  "| stage | seconds | share |", "|---|---:|---:|", *stage_lines(total, rows), ""]
    if "edit" in unmet:
        total, rows = edit_profile(n)
        parts += [f"### One edit in `serve` (N = {n:,}): {total:.2f} s under cProfile from the "
                  "start of the rebuild to the edited page on disk (then come the lists, "
                  "feeds and data files)", "",
                  "| stage | seconds | share |", "|---|---:|---:|", *stage_lines(total, rows), ""]
    if "memory" in unmet:
        peak = memory_profile(n)
        held = ", ".join(f"{name} {kib / 1024:.0f} MiB" for name, kib in peak["processes"].items())
        parts += [f"### Peak memory, cold build (N = {n:,})", "",
                  f"The tree's proportional set size peaked at {peak['total'] / 1024:.0f} MiB, "
                  f"{peak['at']:.1f} s into a {peak['wall']:.1f} s build: {held}.", ""]
    if not parts:
        return ""
    return "\n".join([f"## Where the time and memory go (targets not met at N = {n:,})", "",
                      "Made by `bench/stages.py` in the same run.", "", *parts])


def main(argv: list[str]) -> int:
    n = int(argv[0])
    if "--memory" in argv:
        print(report(n, {"memory"}))
    elif "--edit" in argv:
        print(report(n, {"edit"}))
    elif "--cached" in argv:
        total, rows = build_profile(n, cached=True)
        print(f"N={n:,} rebuild after one edit (cache warm), serial, under cProfile: {total:.2f} s")
        print("\n".join(stage_lines(total, rows)))
    else:
        print(report(n, {"cold"}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

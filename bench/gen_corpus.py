#!/usr/bin/env python3
"""Generate a deterministic synthetic chronology: `gen_corpus.py [--skewed] N DIR`.

Writes DIR/content (our format: site.yaml, events/, sources/, actors/, places/)
and DIR/hugo (the same records as a Hugo site: one page per event, a taxonomy
term page per actor, source and place, an index listing every event). The same
N always gives the same bytes, so benchmark runs are comparable.

With --skewed (for weighing pages: bench/weights.py), what grows with N grows as
far as it can: one actor takes part in 30% of the events, one tag is on half of
them, one source and one place are in every event, and 15% of the events fall on
the first day; everything else is as without it.
"""
from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

ACTORS, PLACES, SOURCES = 40, 30, 60
WORDS = ("border convoy statement village shelling report officials claimed drone column "
         "governor ministry evacuation checkpoint footage casualties analysts confirmed "
         "denied regional forces volunteers residents attack morning evening artillery "
         "spokesman channel video district road bridge power station wounded killed "
         "according sources said later again near across the of and in to a was by "
         "with from that were on at had after before during").split()
TAGS = ("drones", "shelling", "evacuation", "statements", "casualties", "analysis",
        "ground-fighting", "claims")
STATUSES = ("confirmed", "reported", "claimed", "disputed", "denied")
MSK = timezone(timedelta(hours=3))


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def body(rng: random.Random, index: int) -> str:
    """150-250 words: paragraphs, a list, emphasis, a link and a quotation."""
    target, parts, count = rng.randint(150, 250), [], 0
    while count < target:
        kind = rng.random()
        if kind < 0.15:
            items = [sentence(rng, rng.randint(4, 8)) for _ in range(3)]
            parts.append("\n".join(f"- {item}" for item in items))
            count += sum(len(i.split()) for i in items)
        elif kind < 0.25:
            text = sentence(rng, rng.randint(8, 14))
            parts.append(f"> {text}")
            count += len(text.split())
        else:
            sents = [sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(2, 4))]
            sents[0] = f"*{sents[0][:-1]}* and **{rng.choice(WORDS)}**."
            if rng.random() < 0.5:
                sents.append(f"See [report {index}](https://example.org/reports/{index}.html).")
            parts.append(" ".join(sents))
            count += sum(len(s.split()) for s in sents)
    return "\n\n".join(parts) + "\n"


def records(n: int):
    """The corpus as plain data; every choice comes from one seeded generator."""
    rng = random.Random(20230522 + n)
    actors = [(f"actor-{i:02d}", f"Actor {i:02d}") for i in range(ACTORS)]
    places = [(f"place-{i:02d}", f"Place {i:02d}") for i in range(PLACES)]
    sources = [(f"source-{i:02d}", f"Report {i:02d} on the border fighting") for i in range(SOURCES)]
    start = datetime(2023, 5, 22, 0, 0, tzinfo=MSK)
    events = []
    for i in range(n):
        when = start + timedelta(minutes=rng.randint(0, 60 * 24 * 365))
        events.append(dict(
            slug=f"event-{i:06d}", title=sentence(rng, rng.randint(5, 9))[:-1], when=when,
            status=rng.choice(STATUSES), tags=rng.sample(TAGS, rng.randint(0, 2)),
            actors=[a for a, _ in rng.sample(actors, rng.randint(1, 3))],
            places=[p for p, _ in rng.sample(places, rng.randint(1, 3))],
            sources=[s for s, _ in rng.sample(sources, rng.randint(1, 3))],
            quote=sentence(rng, 8), body=body(rng, i)))
    return actors, places, sources, events


def skew(events: list) -> None:
    """The --skewed corpus: see the module's docstring. By position, not by the
    generator, so that the rest of the corpus stays the same."""
    first = datetime(2023, 5, 22, tzinfo=MSK)
    for i, e in enumerate(events):
        if i % 10 < 3 and "actor-00" not in e["actors"]:
            e["actors"].append("actor-00")
        if i % 2 == 0 and "drones" not in e["tags"]:
            e["tags"].append("drones")
        for key, slug in (("sources", "source-00"), ("places", "place-00")):
            if slug not in e[key]:
                e[key].append(slug)
        if i < len(events) * 15 // 100:
            e["when"] = first.replace(hour=e["when"].hour, minute=e["when"].minute)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def ours(root: Path, actors, places, sources, events) -> None:
    write(root / "site.yaml", 'title: "Synthetic chronology"\n'
          'description: "A generated corpus for benchmarks."\n'
          "timezone: Europe/Moscow\nlanguage: en\n")
    for slug, name in actors:
        write(root / "actors" / f"{slug}.md", f"---\nname: {name}\nkind: group\n---\n"
              f"{name} is a synthetic actor.\n")
    for slug, name in places:
        write(root / "places" / f"{slug}.md", f"---\nname: {name}\nregion: Region\n---\n"
              f"{name} is a synthetic place.\n")
    for slug, title in sources:
        write(root / "sources" / f"{slug}.md", f'---\ntitle: "{title}"\nname: "Agency {slug}"\npublisher: Agency\n'
              f"url: https://example.org/{slug}\nlanguage: en\n---\nA synthetic article.\n")
    for e in events:
        cites = "".join(f"  - source: {s}\n" for s in e["sources"][1:])
        write(root / "events" / f"{e['slug']}.md", (
            f"---\ntitle: \"{e['title']}\"\nstart: \"{e['when'].isoformat(timespec='minutes')}\"\n"
            f"status: {e['status']}\nactors: [{', '.join(e['actors'])}]\n"
            f"places: [{', '.join(e['places'])}]\ntags: [{', '.join(e['tags'])}]\n"
            f"sources:\n  - source: {e['sources'][0]}\n    claimant: {e['actors'][0]}\n"
            f"    quote: \"{e['quote']}\"\n{cites}---\n{e['body']}"))


HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Synthetic chronology"
languageCode = "en"
disableKinds = ["RSS", "sitemap", "robotsTXT"]
uglyURLs = true
[taxonomies]
actor = "actors"
place = "places"
source = "sources"
tag = "tags"
"""
LAYOUTS = {
    "baseof.html": '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                   "<title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}"
                   "</body></html>\n",
    "home.html": '{{ define "main" }}<h1>{{ .Site.Title }}</h1><ol>{{ range (where .Site.RegularPages '
                 '"Section" "events").ByDate }}<li><time>{{ .Date.Format "2006-01-02 15:04" }}'
                 '</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>'
                 "{{ end }}</ol>{{ end }}\n",
    "single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Params.status }} '
                   '{{ .Date.Format "2 January 2006 15:04" }}</p>{{ .Content }}<blockquote>'
                   "{{ .Params.quote }}</blockquote><ul>"
                   '{{ range .GetTerms "actors" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}'
                   '</a></li>{{ end }}{{ range .GetTerms "places" }}<li><a href="{{ .RelPermalink }}">'
                   '{{ .LinkTitle }}</a></li>{{ end }}{{ range .GetTerms "sources" }}<li><a href="'
                   '{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>'
                   '{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}'
                   '{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}'
                   "</article>{{ end }}\n",
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}'
                 '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
}


def hugo(root: Path, actors, places, sources, events) -> None:
    write(root / "hugo.toml", HUGO_CONFIG)
    for name, text in LAYOUTS.items():
        write(root / "layouts" / name, text)
    for kind, items, what in (("actors", actors, "actor"), ("places", places, "place"),
                              ("sources", sources, "article")):
        for slug, name in items:
            write(root / "content" / kind / slug / "_index.md",
                  f'---\ntitle: "{name}"\n---\n{name} is a synthetic {what}.\n')
    for e in events:
        write(root / "content" / "events" / f"{e['slug']}.md", (
            f"---\ntitle: \"{e['title']}\"\ndate: {e['when'].isoformat()}\n"
            f"status: {e['status']}\nactors: [{', '.join(e['actors'])}]\n"
            f"places: [{', '.join(e['places'])}]\nsources: [{', '.join(e['sources'])}]\n"
            f"tags: [{', '.join(e['tags'])}]\nquote: \"{e['quote']}\"\n---\n{e['body']}"))


def generate(n: int, out: Path, skewed: bool = False) -> None:
    data = records(n)
    if skewed:
        skew(data[3])
    ours(out / "content", *data)
    hugo(out / "hugo", *data)


def main(argv: list[str]) -> int:
    skewed = argv[:1] == ["--skewed"]
    argv = argv[1:] if skewed else argv
    if len(argv) != 2 or not argv[0].isdigit():
        print("usage: gen_corpus.py [--skewed] N DIR", file=sys.stderr)
        return 2
    generate(int(argv[0]), Path(argv[1]), skewed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

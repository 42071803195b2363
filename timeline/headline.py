"""A reader skims titles: an event that is not confirmed says in its title whose
claim it is (issue 22), as "Russia says the attackers fired on homes" does."""
from __future__ import annotations

import re

from .problems import Problem


def check_titles(events, sources: dict, actors: dict) -> list[Problem]:
    """Each event that is not confirmed and whose title names none of its claimants,
    outlets or articles, as a warning at its title (`check` reports it)."""
    problems = []
    for event in events:
        if event.status == "confirmed":
            continue
        names = _names(event, sources, actors)
        if names and not any(_names_in(name, event.title) for name in names):
            shown = ", ".join(sorted(names, key=str.casefold)[:4])
            problems.append(Problem(event.where.path, event.where.line("title"),
                                    f"the title of a '{event.status}' event does not say whose "
                                    "claim it is", f"name who says it, e.g. '{_first(names)}: "
                                    f"...' (any of: {shown})", severity="warning"))
    return problems


def _names(event, sources: dict, actors: dict) -> set[str]:
    """Who the event's accounts come from: each claimant's and outlet's name (with
    and without a bracketed short form), aliases, a person's surname and the body a
    claimant speaks for (its affiliation); and each article's publisher and short name."""
    names = set()
    for c in event.citations:
        speakers = [actors.get(c.claimant), actors.get(c.via)]
        if speakers[0] is not None and speakers[0].affiliation:
            speakers.append(actors.get(speakers[0].affiliation))
        for actor in filter(None, speakers):
            names.update((actor.name, re.sub(r"\s*\(.*\)", "", actor.name), *actor.aliases))
            if actor.kind == "person":
                names.add(actor.name.split()[-1])
        source = sources.get(c.source)
        if source is not None:
            names.update(n for n in (source.publisher, source.name.split(",")[0]) if n != "unknown")
    return {n for n in names if n}


def _names_in(name: str, title: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name.casefold())}(?!\w)", title.casefold()) is not None


def _first(names) -> str:
    return min(names, key=lambda n: (len(n), n))

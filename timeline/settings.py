"""The build's settings: site.yaml and about.md, validated (schema.py), with the
options that override them."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Optional

from .model import ABOUT_TITLE
from .problems import ContentError, Problem
from .schema import validate_about, validate_site
from .values import base_url


def settings(head, content: Path, url: Optional[str], problems: list) -> tuple:
    """site.yaml's settings (None if it cannot be used), with --base-url's `url`
    if given, and about.md's links into the site: (its path, its links)."""
    title, html, about_links = _about(head, problems)
    unread = (head.site_path, str(content))
    if any(p.path in unread for p in problems):   # site.yaml could not be read
        return None, about_links
    config, found = validate_site(head.site_path, head.site_data, head.site_lines, html, title)
    problems += found
    if config and url is not None:
        try:
            config = replace(config, base_url=base_url(url).rstrip("/"))
        except ContentError as exc:
            problems.append(Problem("--base-url", 0, exc.message, exc.hint))
    return config, about_links


def _about(head, problems: list) -> tuple[str, str, tuple]:
    """about.md's title, its body as HTML, and (its path, its links into the site)."""
    if not head.about:
        return ABOUT_TITLE, "", ()
    path = str(Path(head.site_path).with_name("about.md"))
    (title, html, links), found = validate_about(path, head.about)
    problems += found
    return title, html, (path, links)

"""What a build is made from, as the cache keys it: the whole build's fingerprint
(nothing changed: nothing to do), and the bases of the page keys (depends.py)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .depends import Keyer


def digest(*parts) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def tree_digest(*roots: Path) -> str:
    """Names and bytes of every file under the given directories."""
    parts = []
    for root in roots:
        for path in sorted(p for p in Path(root).rglob("*") if p.is_file()):
            parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)


@dataclass(frozen=True)
class Keys:
    """What one build is made from, as the cache keys it; all empty without one."""
    fingerprint: str = ""   # every input of the build
    base: str = ""          # the inputs every page shares (templates, settings)
    data_base: str = ""     # the same without the templates, which the data files do not use
    versions: Optional[dict] = None   # (kind, slug) -> hash of the record's file

    @property
    def kept(self) -> bool:
        """Whether the keys are kept for the next build (there is a cache)."""
        return self.versions is not None

    def pages(self, site) -> Keyer:
        """The pages' keyer: without a cache pages are keyed all the same (see
        depends.Keyer), so that what a cached build cannot key fails everywhere."""
        return Keyer(site, self.versions, self.base)

    def pieces(self, site) -> Optional[Keyer]:
        """The keyer of the events' pieces of the data files, which a template
        edit leaves as they are; None without a cache."""
        return Keyer(site, self.versions, self.data_base) if self.kept else None


def input_keys(cache, opts, head, files: list) -> Keys:
    """The keys of a build of `files` with these options and settings (`head`)."""
    if not cache.enabled:
        return Keys()
    about = head.about
    # What everything is made from besides records and templates: the engine,
    # settings and options (pages add the templates' digest to it).
    data_base = digest(cache.version, opts.drafts, opts.base_url, repr(head.site_data),
                       repr((about.data, about.body)) if about else "", opts.content.absolute())
    base = digest(data_base, tree_digest(opts.templates))
    # Pages link to the assets but do not contain them: only the whole build's
    # fingerprint covers static/, so a stylesheet edit renders no page again.
    fingerprint = digest(base, tree_digest(opts.static), *[file.key for file in files])
    versions = {(file.kind, file.path.stem): file.key for file in files}
    return Keys(fingerprint, base, data_base, versions)

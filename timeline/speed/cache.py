"""The persistent build cache: validated records and what the last build wrote.

Everything is keyed by content hashes plus a version of the code and of the
libraries that shape the output, so a stale entry can never be used: a changed
file, template, option or engine simply gives a different key. The cache lives
in a git-ignored directory (`.chronology-cache/` beside the output by default) and is only
ever a shortcut; deleting it, or `build --no-cache`, gives the same site. A cache file
is used only if this user's own build wrote it (cachefiles.py).
"""
from __future__ import annotations

import contextlib
import copyreg
import gc
import os
import pickle
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import MappingProxyType
from typing import Optional

from .. import urls
from ..listing import Disk
from ..load import RecordFile, read_record
from ..write import outputs_intact
from . import cachefiles
from .keys import digest
from .memo import FactsMemo, TemplateMemo, TextMemo

ENGINE = Path(__file__).resolve().parent.parent   # timeline/
_LIBRARIES = ("Markdown", "nh3", "Pygments", "Jinja2", "MarkupSafe", "PyYAML", "python-dateutil")
# Records hold read-only mappings (line numbers); pickle them as plain dicts.
def read_only(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


copyreg.pickle(MappingProxyType, lambda m: (read_only, (dict(m),)))


def _engine_version() -> str:
    """The engine's own source and the versions of the libraries that shape the output."""
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    # Subpackages too (data/): a cache that missed a change in them would serve stale
    # files. Not __pycache__: the source is what counts.
    sources = sorted(ENGINE.rglob("*.py"))
    return digest(*[p.relative_to(ENGINE).as_posix() for p in sources],
                  *[p.read_bytes() for p in sources], *versions)


@contextlib.contextmanager
def fewer_collections():
    # A build allocates millions of small objects and frees few cycles: the
    # collector's default thresholds spend ~10% of the time finding nothing.
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@dataclass
class Cache:
    """Loaded at the start of a build, saved after a successful one; with no folder
    but `in_memory`, kept by `serve` between its rebuilds instead."""
    folder: Optional[Path]
    version: str = ""
    key: bytes = b""                                # this user's (cachefiles.user_key)
    loaded: Optional[dict] = None                   # record key -> validated record
    fingerprint: str = ""                           # the inputs of the last build
    written: dict = field(default_factory=dict)     # output path -> write.Entry
    used: dict = field(default_factory=dict)        # entries this build relied on
    in_memory: bool = False
    validated: list = field(default_factory=list)   # serve: files it could not take from it
    texts: Optional[TextMemo] = None                # serve: files unchanged since last read
    keys: dict = field(default_factory=dict)        # serve: (kind, path, zone) -> (text, key)
    loaded_pieces: Optional[dict] = None            # event slug -> extras.Pieces, last build
    made_pieces: Optional[dict] = None              # ... of this build, once made
    warnings: dict = field(default_factory=dict)    # "read"/"write" -> the first failure
    environments: TemplateMemo = field(default_factory=TemplateMemo)   # compiled templates
    facts: Optional[FactsMemo] = None               # serve: link's facts of each event

    @property
    def enabled(self) -> bool:
        return self.folder is not None or self.in_memory

    def disk(self) -> Disk:
        """How this build reads the content: serve's remembers what it read."""
        return self.texts if self.texts is not None else Disk()

    def record_files(self, listed, root: Path, zone, problems: list, disk: Disk) -> list:
        """The record files to validate; with a cache, each read and keyed now
        (one that cannot be read has its problem instead)."""
        if not self.enabled:
            return [RecordFile(kind, path) for kind, path in listed]
        files = []
        for kind, path in listed:
            text = read_record(path, root, problems, disk)
            if text is not None:
                files.append(RecordFile(kind, path, text, self.record_key(kind, path, text, zone)))
        return files

    def edited_pages(self, content: Path, versions: dict) -> set[str]:
        """serve: the pages of the records whose files changed, the ones being edited."""
        return {urls.record(path.parent.name, path.stem) for path in self.validated
                if path.parent.parent == content and (path.parent.name, path.stem) in versions}

    def current(self, fingerprint: str, out: Path) -> bool:
        """Whether `out` holds what the last build made from these very inputs."""
        return bool(fingerprint) and fingerprint == self.fingerprint \
            and outputs_intact(out, self.written)

    def environment(self, templates: Path):
        return self.environments.get(templates)

    def save(self, out: Path, fingerprint: str, written: dict) -> None:
        """What this build wrote, for the next: on disk, or (serve) in memory."""
        if self.in_memory:
            self.written = written
        else:
            save_cache(self, out, fingerprint, written)

    def record_key(self, kind: str, path: Path, text: str, zone) -> str:
        if not self.in_memory:
            return digest(self.version, kind, path, str(zone), text)
        # The memo hands back the very text it read before: then the key is as before.
        name = (kind, os.fspath(path), str(zone))   # a Path hashes slowly
        known = self.keys.get(name)
        if known is None or known[0] is not text:
            known = self.keys[name] = (text, digest(self.version, kind, path, str(zone), text))
        return known[1]

    @property
    def records(self) -> dict:
        """Read on first use: a build with nothing changed never needs them."""
        if self.loaded is None:
            self.loaded = self._load("records")
        return self.loaded

    def record(self, key: str):
        record = self.records.get(key)
        if record is not None:
            self.used[key] = record
        return record

    def remember(self, key: str, record) -> None:
        self.used[key] = record

    @property
    def pieces(self) -> dict:
        """The last build's pieces of the data files (see extras.py), read on first use."""
        if self.loaded_pieces is None:
            self.loaded_pieces = self._load("pieces")
        return self.loaded_pieces

    def _load(self, name: str) -> dict:
        """`name`.pickle's entries, or none if missing, unreadable or from another engine."""
        data = _read(self, f"{name}.pickle") if self.folder else None
        return data[name] if data and data.get("version") == self.version else {}

    def forget_unused(self) -> None:
        """Keep only the records and pieces the last build used (in memory, between rebuilds)."""
        self.loaded, self.used = self.used, {}
        if self.texts is not None:
            self.texts.forget_unused()
            kept = self.texts.known()
            self.keys = {k: v for k, v in self.keys.items() if k[1] in kept}
        if self.made_pieces is not None:
            self.loaded_pieces, self.made_pieces = self.made_pieces, None
        if self.facts is not None:
            self.facts.forget_unused()


def memory_cache() -> Cache:
    return Cache(None, version=_engine_version(), loaded={}, in_memory=True, texts=TextMemo(),
                 loaded_pieces={}, facts=FactsMemo())


def open_cache(folder: Optional[Path], out: Path, content: Path = Path("content")) -> Cache:
    """The cache for building `content` into `out`; a disabled one when `folder` is
    None, or (with a warning) when it or this user's key cannot be trusted."""
    if folder is None:
        return Cache(None)
    try:
        cachefiles.check_folder(folder)
        key = cachefiles.user_key(content, out)
    except cachefiles.Refused as exc:
        return Cache(None, warnings={"read": str(exc)})
    except OSError as exc:   # a folder this user may not open, say
        return Cache(None, warnings={"read": f"cannot read the cache {folder} "
                                             f"({exc.strerror or exc}); building without it"})
    cache = Cache(folder, version=_engine_version(), key=key)
    site = _read(cache, _site_file(out))
    if site and site.get("version") == cache.version:
        cache.fingerprint, cache.written = site["fingerprint"], site["written"]
    return cache


def save_cache(cache: Cache, out: Path, fingerprint: str, written: dict) -> None:
    """Keep the records this build used (so the file never grows stale) and its outputs.
    The site is in place by now and the cache only a shortcut: a failure is a warning."""
    if cache.folder is None:
        return
    try:
        _save(cache, out, fingerprint, written)
    except cachefiles.Refused as exc:   # made unsafe since it was opened
        cache.warnings.setdefault("write", str(exc))
    except (OSError, pickle.PicklingError) as exc:   # a full disk, a file where a folder was
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        where = getattr(exc, "filename", None) or cache.folder
        cache.warnings.setdefault("write", f"cannot write the cache {where} ({reason}); "
                                           "the site was built, the cache not updated")


def _save(cache: Cache, out: Path, fingerprint: str, written: dict) -> None:
    folder, key = cache.folder, cache.key
    if cache.used.keys() != cache.records.keys():
        cachefiles.write(folder, "records.pickle", {"version": cache.version,
                                                    "records": cache.used}, key)
    made = cache.made_pieces
    if made is not None and _changed(made, cache.pieces):
        cachefiles.write(folder, "pieces.pickle", {"version": cache.version, "pieces": made}, key)
    cachefiles.write(folder, _site_file(out),
                     {"version": cache.version, "fingerprint": fingerprint, "written": written},
                     key)


def _changed(made: dict, loaded: dict) -> bool:
    # Reused pieces are the very objects loaded: comparing identities is enough.
    return made.keys() != loaded.keys() or any(made[k] is not loaded[k] for k in made)


def _site_file(out: Path) -> str:
    return f"site-{digest(out.absolute())[:16]}.pickle"


def _read(cache: Cache, name: str) -> Optional[dict]:
    """The dict in the cache file `name`, or None: the build then goes without it
    (and replaces it), with a warning unless the file is simply not there."""
    path = cache.folder / name
    try:
        data = cachefiles.read(cache.folder, name, cache.key)
    except FileNotFoundError:
        return None
    except cachefiles.Refused as exc:
        cache.warnings.setdefault("read", str(exc))
        return None
    except OSError as exc:   # a folder in its place, no permission: say so, or it stays
        cache.warnings.setdefault("read", f"cannot read the cache {path} "
                                          f"({exc.strerror or exc}); building without it")
        return None
    except Exception as exc:  # noqa: BLE001 - signed by us, yet unreadable: say so
        cache.warnings.setdefault("read", f"cannot load the cache {path} ({exc}); "
                                          "building without it")
        return None
    return data if isinstance(data, dict) else None

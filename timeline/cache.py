"""The persistent build cache: validated records and what the last build wrote.

Everything is keyed by content hashes plus a version of the code and of the
libraries that shape the output, so a stale entry can never be used: a changed
file, template, option or engine simply gives a different key. The cache lives
in a git-ignored directory (`.chronology-cache/` beside the output by default) and is only
ever a shortcut; deleting it, or `build --no-cache`, gives the same site.
"""
from __future__ import annotations

import copyreg
import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import MappingProxyType
from typing import Optional

from .load import TextMemo

ENGINE = Path(__file__).resolve().parent
_LIBRARIES = ("Markdown", "nh3", "Pygments", "Jinja2", "MarkupSafe", "PyYAML", "python-dateutil")
# Records hold read-only mappings (line numbers); pickle them as plain dicts.
def read_only(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


copyreg.pickle(MappingProxyType, lambda m: (read_only, (dict(m),)))


def digest(*parts) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def file_digest(chunks) -> str:
    """A file's bytes, the same however they come split into chunks."""
    h = hashlib.blake2b(digest_size=20)
    for chunk in chunks:
        h.update(chunk)
    return h.hexdigest()


def tree_digest(*roots: Path) -> str:
    """Names and bytes of every file under the given directories."""
    parts = []
    for root in roots:
        for path in sorted(p for p in Path(root).rglob("*") if p.is_file()):
            parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)


def _engine_version() -> str:
    """The engine's own source and the versions of the libraries that shape the output."""
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    sources = sorted(ENGINE.glob("*.py"))  # not __pycache__: the source is what counts
    return digest(*[p.name for p in sources], *[p.read_bytes() for p in sources], *versions)


@dataclass
class Entry:
    """What one output file was when the last build wrote it, and for a page, what
    it was rendered from (see depends.py)."""
    digest: str
    size: int
    mtime_ns: int
    inode: int
    key: str = ""
    deps: tuple = ()


@dataclass
class Cache:
    """Loaded at the start of a build, saved after a successful one; with no folder
    but `in_memory`, kept by `serve` between its rebuilds instead."""
    folder: Optional[Path]
    version: str = ""
    loaded: Optional[dict] = None                   # record key -> validated record
    fingerprint: str = ""                           # the inputs of the last build
    written: dict = field(default_factory=dict)     # output path -> Entry
    used: dict = field(default_factory=dict)        # entries this build relied on
    in_memory: bool = False
    validated: list = field(default_factory=list)   # serve: files it could not take from it
    texts: Optional[TextMemo] = None                # serve: files unchanged since last read
    keys: dict = field(default_factory=dict)        # serve: (kind, path, zone) -> (text, key)
    loaded_pieces: Optional[dict] = None            # event slug -> extras.Pieces, last build
    made_pieces: Optional[dict] = None              # ... of this build, once made
    warnings: dict = field(default_factory=dict)    # "read"/"write" -> the first failure

    @property
    def enabled(self) -> bool:
        return self.folder is not None or self.in_memory

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
        data = _read(self.folder / f"{name}.pickle", self.warnings) if self.folder else None
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


def memory_cache() -> Cache:
    return Cache(None, version=_engine_version(), loaded={}, in_memory=True, texts=TextMemo(),
                 loaded_pieces={})


def open_cache(folder: Optional[Path], out: Path) -> Cache:
    """The cache for building into `out`; a disabled one when `folder` is None."""
    if folder is None:
        return Cache(None)
    if os.path.lexists(folder) and not os.path.isdir(folder):
        return Cache(None, warnings={"read": f"cannot use the cache {folder}: it is not a "
                                             "folder; building without it (delete it to cache)"})
    cache = Cache(folder, version=_engine_version())
    site = _read(_site_file(folder, out), cache.warnings)
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
    except (OSError, pickle.PicklingError) as exc:   # a full disk, a file where a folder was
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        where = getattr(exc, "filename2", None) or cache.folder   # os.replace's target
        cache.warnings.setdefault("write", f"cannot write the cache {where} ({reason}); "
                                           "the site was built, the cache not updated")


def _save(cache: Cache, out: Path, fingerprint: str, written: dict) -> None:
    cache.folder.mkdir(parents=True, exist_ok=True)
    if cache.used.keys() != cache.records.keys():
        _write(cache.folder / "records.pickle", {"version": cache.version, "records": cache.used})
    made = cache.made_pieces
    if made is not None and _changed(made, cache.pieces):
        _write(cache.folder / "pieces.pickle", {"version": cache.version, "pieces": made})
    _write(_site_file(cache.folder, out),
           {"version": cache.version, "fingerprint": fingerprint, "written": written})


def _changed(made: dict, loaded: dict) -> bool:
    # Reused pieces are the very objects loaded: comparing identities is enough.
    return made.keys() != loaded.keys() or any(made[k] is not loaded[k] for k in made)


def _site_file(folder: Path, out: Path) -> Path:
    return folder / f"site-{digest(out.absolute())[:16]}.pickle"


def _read(path: Path, warnings: dict) -> Optional[dict]:
    """The dict pickled in `path`, or None: the build then goes without it."""
    try:
        with open(path, "rb") as f:
            data = pickle.load(f)
    except FileNotFoundError:
        return None
    except OSError as exc:   # a folder in its place, no permission: say so, or it stays
        warnings.setdefault("read", f"cannot read the cache {path} ({exc.strerror or exc}); "
                                    "building without it")
        return None
    except Exception:  # noqa: BLE001 - a truncated or foreign file: this build replaces it
        return None
    return data if isinstance(data, dict) else None


def _write(path: Path, data) -> None:
    fd, temp = tempfile.mkstemp(prefix=path.name, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise

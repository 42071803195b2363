"""`build.py serve`: build, serve on localhost, watch, rebuild, reload open tabs.

The live-reload script and the problems overlay are added to HTML responses
as they are served (see livereload.py); the files in the output directory are
exactly what `build` writes. A rebuild that finds problems writes nothing: the
last good site stays served, with the problems shown over it.
"""
from __future__ import annotations

import errno
import functools
import os
import socket
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote

from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileClosedEvent,
                             FileCreatedEvent, FileDeletedEvent, FileModifiedEvent,
                             FileMovedEvent, FileSystemEventHandler)
from watchdog.observers import Observer

from . import interrupt, livereload
from .hosts import host_refusal, url_host
from .incremental import IncrementalBuilder, Rebuild, names
from .pipeline import Options
from .problems import display_path, printable, sort_problems
from .write import WriteError

# Seconds of quiet after the last file event before rebuilding: short once every
# file written has been closed (the save is complete), longer while one is still
# open for writing (an editor or a script may be writing it in pieces).
SETTLE = 0.03
DEBOUNCE = 0.2
POLL = 0.2       # seconds between looks at a stop request (Ctrl-C) while idle
IGNORED_EVENTS = {"opened", "closed_no_write"}
# What a save, a new file, a deletion or a rename looks like. Asking the kernel for
# these alone matters: a rebuild reads every content file, and each read would
# otherwise wake the watcher twice (opened, closed) and slow the rebuild down.
WATCHED_EVENTS = [FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileDeletedEvent,
                  FileMovedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent]
WATCHED_SUFFIXES = (".md", ".yaml", ".html", ".css")  # a vanished temporary file is not news


class Handler(SimpleHTTPRequestHandler):
    """Serves the output directory; HTML gets the reload script (and overlay).
    Everything is answered here, GET and HEAD alike: the stdlib's own file serving
    would list folders and show dot-files."""

    def __init__(self, *args, state: livereload.State, listening: str, **kwargs):
        self.state, self.listening = state, listening
        super().__init__(*args, **kwargs)

    def parse_request(self) -> bool:
        """Every method passes here first: answer only requests for this server."""
        if not super().parse_request():
            return False
        refusal = host_refusal(self.headers.get_all("Host") or [], self.listening,
                               self.server.server_address[1])
        if refusal:
            self.close_connection = True
            self._send(*refusal)
        return not refusal

    def do_GET(self) -> None:
        route, _, query = self.path.split("#", 1)[0].partition("?")
        if route == livereload.ENDPOINT:
            return self._send(200, "application/json", self._status(parse_qs(query)))
        try:
            path, slash = self._find(route)
            body = path.read_bytes() if path and not slash else b""
        except (OSError, ValueError):   # a name too long or with a NUL, a file just removed
            path, slash = None, False
        if slash:
            return self._send(301, "text/plain", b"", route + "/" + (query and "?" + query))
        if path is None:
            return self._send_missing()
        if path.suffix == ".html":
            return self._send(200, "text/html; charset=utf-8", self.state.inject(body))
        self._send(200, self.guess_type(str(path)), body)

    do_HEAD = do_GET   # the same answer; _send leaves the body out

    def _find(self, route: str) -> tuple[Path | None, bool]:
        """The file a route names (a folder's index.html) and whether the route must get
        its final slash first. None for dot-files (.git/, the build's .chronology-site),
        for anything in dot-folders and for folders without index.html (no listings)."""
        path = Path(self.translate_path(route))   # URL-decoded, without '.' and '..'
        if any(part.startswith(".") for part in path.relative_to(self.directory).parts):
            return None, False
        if path.is_dir():
            index = path / "index.html"
            return (index, not route.endswith("/")) if index.is_file() else (None, False)
        return (path if path.is_file() else None), False

    def _send_missing(self) -> None:
        try:
            page = (Path(self.directory) / "404.html").read_bytes()
        except OSError:   # not built yet
            page = livereload.MISSING_PAGE
        self._send(404, "text/html; charset=utf-8", self.state.inject(page))

    def _status(self, query: dict) -> bytes:
        """What the reload script asks: has the tab's page changed since it loaded?"""
        try:
            seen = int(query["seen"][0])
        except (KeyError, ValueError):
            seen = None
        page = unquote(query.get("page", [""])[0]).lstrip("/")
        if page == "" or page.endswith("/"):
            page += "index.html"
        return self.state.status_json(page, seen)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args) -> None:  # noqa: A002 - the stdlib's name
        pass  # one line per request would drown the rebuild messages

    def _send(self, status: int, kind: str, body: bytes, location: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # a tab closed or reloaded mid-response: nothing to report
        super().handle_error(request, client_address)


class Server6(Server):
    address_family = socket.AF_INET6   # --host ::1, or :: (on Linux, IPv4 as well)


class Changes(FileSystemEventHandler):
    """Turns file-system events under the watched folders into rebuild requests."""

    def __init__(self, notify) -> None:
        self.notify = notify

    def on_any_event(self, event) -> None:
        if event.event_type in IGNORED_EVENTS or (event.is_directory and event.event_type == "modified"):
            return
        paths = [os.fsdecode(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        relevant = [p for p in paths if not _is_scratch(os.path.basename(p))]
        if relevant:
            self.notify(relevant[-1], event.event_type)


class Rebuilder:
    """Waits for a quiet moment after changes, then rebuilds once. It runs in the
    main thread, which alone gets signals: Ctrl-C stops it, and the backstop on
    rendering a Markdown body (SIGALRM) holds while serving, too."""

    def __init__(self, builder: IncrementalBuilder, state: livereload.State) -> None:
        self.builder, self.state = builder, state
        self.wake = threading.Event()
        self.last_change, self.changed = 0.0, set()
        self.writing: set = set()   # files modified and not yet closed
        self.lock = threading.Lock()

    def notify(self, path: str, event_type: str = "") -> None:
        """Called from watchdog's thread for every relevant file-system event."""
        with self.lock:
            self.changed.add(display_path(path))
            if event_type in ("created", "modified"):
                self.writing.add(path)
            elif event_type == "closed":
                self.writing.discard(path)
            self.last_change = time.monotonic()
        self.wake.set()

    def quiet(self) -> bool:
        with self.lock:
            wait = DEBOUNCE if self.writing else SETTLE
            return time.monotonic() - self.last_change >= wait

    def run_forever(self) -> None:
        while True:
            while not self.wake.wait(POLL):
                interrupt.check()
            while not self.quiet():
                interrupt.check()
                time.sleep(SETTLE / 3)
            self.wake.clear()
            with self.lock:
                changed, self.changed = sorted(self.changed), set()
                self.writing.clear()   # a close never reported must not slow every rebuild
            shown = [p for p in changed if os.path.exists(p) or p.endswith(WATCHED_SUFFIXES)]
            say(f"changed: {printable(', '.join(shown or changed))}")
            publish(self.builder.rebuild(first_pages=self.first_pages), self.state)

    def first_pages(self, part: Rebuild) -> None:
        """The edited records' own pages are on disk: reload the tabs showing them now."""
        say(f"wrote {names(part.written)} in {part.seconds:.2f} s; now the pages and "
            "files that list them")
        self.state.update(part)


def serve(opts: Options, host: str, port: int) -> int:
    state = livereload.State()
    try:
        server = (Server6 if ":" in host else Server)((host, port), functools.partial(
            Handler, state=state, listening=host, directory=str(opts.out.absolute())))
    except OSError as exc:
        # A port in use (EADDRINUSE) is the usual cause; anything else is the address's.
        hint = ("is another server running? choose another --port" if exc.errno == errno.EADDRINUSE
                else "check --host: an address of this computer, such as 127.0.0.1")
        print(f"build.py: error: cannot listen on {host}:{port}: {exc.strerror or exc}; {hint}",
              file=sys.stderr)
        return 2
    builder = IncrementalBuilder(opts)
    rebuilder = Rebuilder(builder, state)
    observer = Observer()
    listening = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": POLL},
                                 name="http", daemon=True)
    try:
        publish(builder.rebuild(), state, first=True)
        for folder in (opts.content, opts.templates, opts.static):
            observer.schedule(Changes(rebuilder.notify), str(folder), recursive=True,
                              event_filter=WATCHED_EVENTS)
        observer.start()
        listening.start()
        say(f"serving {printable(str(opts.out))}/ at http://{url_host(host)}:{server.server_address[1]}/ "
            f"(watching {opts.content}, templates and static; Ctrl-C stops)")
        rebuilder.run_forever()
    except KeyboardInterrupt:
        pass
    except WriteError as exc:   # the output directory cannot be written: nothing to serve
        print(f"build.py: error: {printable(str(exc))}", file=sys.stderr, flush=True)
        return 2
    finally:
        _shut_down(server, observer, listening)
    say("stopped")
    return 0


def publish(result: Rebuild, state: livereload.State, first: bool = False) -> None:
    """Tell the terminal, then the open tabs, what a rebuild did."""
    for problem in sort_problems(result.problems):
        print(problem.format(), file=sys.stderr, flush=True)
    if first and not result.problems:
        say(f"built {result.pages} files in {result.seconds:.2f} s")
    elif first:
        say(f"{len(result.problems)} problems found; nothing was built (a previous build in "
            "the output directory, if any, is served): fix them and save")
    else:
        say(result.summary())
    state.update(result)


def say(text: str) -> None:
    print(text, flush=True)


def _shut_down(server: Server, observer, listening: threading.Thread) -> None:
    if listening.is_alive():
        server.shutdown()   # returns once serve_forever has
    server.server_close()
    if observer.is_alive():
        observer.stop()
        observer.join(timeout=5)


def _is_scratch(name: str) -> bool:
    """Editor swap, backup and temporary files: saving them is not a change."""
    return (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp"))
            or name == "4913")  # vim's write test

"""Run `build.py serve` in a subprocess the way a contributor does, and watch its terminal."""
from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, ignoring_sigint

PATIENCE = 60  # seconds: generous, these waits only guard against hanging forever
EVENT = Path("valid/events/shelling.md")


@pytest.fixture
def served(workdir):
    """`serve` running on a copy of the valid fixture tree."""
    server = Served(workdir, "--content", "valid", "--out", "out")
    yield server
    server.kill()


def edit(path: Path, old: str, new: str) -> None:
    """Save a change to a content file, as an editor would."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class Served:
    """A running `build.py serve --port 0`: its URL, its output so far, and a way to stop it."""

    def __init__(self, cwd: Path, *args: str, sigint_ignored: bool = False):
        self.cwd = cwd
        argv = [sys.executable, "-u", str(ROOT / "build.py"), "serve", "--port", "0", *args]
        self.proc = subprocess.Popen(
            ignoring_sigint(argv) if sigint_ignored else argv, cwd=cwd,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        found = self.wait_for(lambda: re.search(r"at (http://(\S+):(\d+)/)", self.output))
        self.url, self.port = found.group(1), int(found.group(3))

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, condition, patience: float = PATIENCE):
        """Poll `condition` until it returns something true; fail after `patience` seconds."""
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited with {self.proc.returncode}:\n{self.output}")
            time.sleep(0.1)
        raise AssertionError(f"gave up waiting; terminal so far:\n{self.output}")

    def fetch(self, path: str = "") -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def page_when(self, path: str, condition) -> str:
        """The page at `path`, once `condition(html)` holds."""
        return self.wait_for(lambda: (lambda html: html if condition(html) else None)(
            self.fetch(path)[1]))

    def interrupt(self) -> int:
        """Ctrl-C, as in a terminal; the exit status."""
        self.proc.send_signal(signal.SIGINT)
        status = self.proc.wait(timeout=PATIENCE)
        self.reader.join(timeout=PATIENCE)
        return status

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

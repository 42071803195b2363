"""Ctrl-C for `build` and `serve`: a request, acted on only where stopping is safe.

Left to Python, SIGINT raises KeyboardInterrupt wherever the main thread happens
to be: between creating the staging directory and the `try` that removes it
(the directory is left behind), inside a finaliser (where it is printed and
dropped, and the build carries on), or just after the new site was swapped in
(and "the previous output is unchanged" would be false). And a process started
with SIGINT ignored, as a non-interactive shell starts a background job (a test
runner or CI launched that way), never sees it at all.

So `listen()` makes SIGINT only note the request, and the main thread calls
`check()` at safe points: between records, between pages, while it waits for
worker processes, and once more just before a build swaps its new site in;
from the swap on, a build finishes.
"""
from __future__ import annotations

import os
import signal
import threading

_listener = 0          # pid of the process that listens; forked workers never act
_requested = False


def listen() -> None:
    """From now on SIGINT asks this process to stop, even if it was started ignoring
    SIGINT (call from the main thread)."""
    global _listener, _requested
    _listener, _requested = os.getpid(), False
    signal.signal(signal.SIGINT, _request)


def _request(signum, frame) -> None:
    global _requested
    _requested = True


def check() -> None:
    """Raise KeyboardInterrupt if Ctrl-C was pressed since `listen()`.

    Does nothing in other threads (serve's rebuilds finish; serve stops them
    itself) and in forked worker processes (their parent decides)."""
    if (_requested and os.getpid() == _listener
            and threading.current_thread() is threading.main_thread()):
        raise KeyboardInterrupt

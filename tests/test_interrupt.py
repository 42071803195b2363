"""Ctrl-C is a request the main thread acts on at safe points (whole builds: test_write.py)."""
import os
import signal
import threading

import pytest

from timeline import interrupt


@pytest.fixture
def listening():
    previous = signal.getsignal(signal.SIGINT)
    interrupt.listen()
    yield
    signal.signal(signal.SIGINT, previous)
    interrupt._listener, interrupt._requested = 0, False   # as before the test


def test_sigint_only_notes_the_request_until_a_check(listening):
    interrupt.check()                        # nothing asked yet
    os.kill(os.getpid(), signal.SIGINT)      # no KeyboardInterrupt here, wherever we are
    with pytest.raises(KeyboardInterrupt):
        interrupt.check()


def test_other_threads_and_forked_workers_never_raise(listening):
    os.kill(os.getpid(), signal.SIGINT)
    raised = []

    def in_thread():
        try:
            interrupt.check()
        except KeyboardInterrupt:
            raised.append(True)
    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join()
    assert not raised
    pid = os.fork()
    if pid == 0:                             # a forked worker inherits the request
        try:
            interrupt.check()
        except KeyboardInterrupt:
            os._exit(1)
        os._exit(0)
    assert os.waitpid(pid, 0)[1] == 0


def test_without_listen_check_does_nothing():
    interrupt.check()

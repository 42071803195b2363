"""`build.py serve` as a contributor uses it: preview, edit, break, fix, stop."""
import json
import socket

import pytest

from conftest import ROOT, run_build, tree_bytes
from serve_support import EVENT, Served, edit, served  # noqa: F401


def test_serves_the_site_with_live_reload_only_in_the_responses(served, workdir):
    status, html = served.fetch("events/shelling.html")
    assert status == 200
    assert ">Shelling<" in html
    assert 'id="build-py-live-reload"' in html and "/__reload" in html
    on_disk = tree_bytes(workdir / "out")
    assert "events/shelling.html" in on_disk
    assert not [p for p, data in on_disk.items() if b"__reload" in data or b"build-py" in data]
    assert served.fetch("")[1].count("build-py-live-reload") == 1     # / serves index.html
    assert served.fetch("assets/style.css")[1] == (workdir / "out/assets/style.css").read_text()
    status, html = served.fetch("no-such-page.html")
    assert status == 404 and "build-py-live-reload" in html


def test_edit_shows_up_and_only_changed_files_are_rewritten(served, workdir):
    about = workdir / "out" / "about.html"
    inode = about.stat().st_ino
    edit(workdir / EVENT, "title: Shelling", "title: Heavy shelling overnight")
    served.page_when("events/shelling.html", lambda html: "Heavy shelling overnight" in html)
    served.wait_for(lambda: "rebuilt in" in served.output)
    assert "re-read valid/events/shelling.md" in served.output
    assert "events/shelling.html" in served.output.split("rebuilt in", 1)[1]
    assert about.stat().st_ino == inode          # not rewritten: its bytes did not change
    clean = run_build("build", "--content", "valid", "--out", "clean", cwd=workdir)
    assert clean.returncode == 0, clean.stderr
    assert tree_bytes(workdir / "out") == tree_bytes(workdir / "clean")


def test_broken_content_shows_an_overlay_until_fixed(served, workdir):
    page_before = (workdir / "out/events/shelling.html").read_bytes()
    edit(workdir / EVENT, "title: Shelling", "titel: Shelling")
    html = served.page_when("events/shelling.html", lambda html: "build-py-problems" in html)
    assert "valid/events/shelling.md:2: error: unknown field &#x27;titel&#x27;" in html
    served.wait_for(lambda: "valid/events/shelling.md:2: error: unknown field 'titel'"
                    in served.output)
    assert "last good site is still served" in served.output
    assert (workdir / "out/events/shelling.html").read_bytes() == page_before
    assert served.fetch("index.html")[1].count("build-py-problems") == 1  # on every page
    edit(workdir / EVENT, "titel: Shelling", "title: Shelling fixed")
    html = served.page_when("events/shelling.html", lambda html: "build-py-problems" not in html)
    assert "Shelling fixed" in html


def test_a_burst_of_saves_makes_one_rebuild(served, workdir):
    path = workdir / EVENT
    for n in range(10):
        edit(path, "title: Shelling" if n == 0 else f"title: Shelling {n - 1}",
             f"title: Shelling {n}")
    served.page_when("events/shelling.html", lambda html: "Shelling 9" in html)
    served.wait_for(lambda: "rebuilt in" in served.output)
    rebuilds = served.output.count("rebuilt in")
    assert 1 <= rebuilds <= 2, served.output   # ten saves; not ten rebuilds


def test_a_markdown_bomb_saved_while_serving_is_a_problem_not_a_hang(served, workdir):
    """A rebuild refuses it by the limits on the text, as build does."""
    bomb = (ROOT / "tests/hostile/markdown-bombs/events/brackets.md").read_text()
    body = bomb.split("\n---\n", 1)[1]
    path = workdir / EVENT
    path.write_text(path.read_text() + "\n" + body)
    html = served.page_when("events/shelling.html", lambda html: "build-py-problems" in html)
    assert "too complex to render" in html
    assert served.interrupt() == 0


def test_template_change_rebuilds_too(workdir):
    import shutil
    templates = workdir / "templates"
    shutil.copytree(ROOT / "templates", templates)
    server = Served(workdir, "--content", "valid", "--out", "out", "--templates", str(templates))
    try:
        edit(templates / "base.html", "Skip to content", "Skip to the chronology")
        served_html = server.page_when("about.html", lambda html: "Skip to the chronology" in html)
        assert "build-py-problems" not in served_html
    finally:
        server.kill()


@pytest.mark.parametrize("sigint_ignored", [False, True], ids=["terminal", "background-job"])
def test_ctrl_c_stops_cleanly(workdir, sigint_ignored):
    server = Served(workdir, "--content", "valid", "--out", "out", sigint_ignored=sigint_ignored)
    try:
        assert server.interrupt() == 0   # within serve_support.PATIENCE
        assert "stopped" in server.output
        assert "Traceback" not in server.output and "Exception ignored" not in server.output
    finally:
        server.kill()


def test_port_in_use_is_a_clear_usage_error(workdir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_build("serve", "--content", "valid", "--out", "out", "--port", port,
                           cwd=workdir)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "choose another --port" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (workdir / "out").exists()


@pytest.mark.parametrize("port", ["99999", "-1", "80x"])
def test_port_out_of_range_is_a_usage_error(workdir, port):
    result = run_build("serve", "--content", "valid", "--out", "out", "--port", port,
                       cwd=workdir)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith("build.py serve: error: argument --port: ")
    assert "Traceback" not in result.stderr
    assert not (workdir / "out").exists()


def test_an_empty_host_is_refused_rather_than_every_interface(workdir):
    result = run_build("serve", "--content", "valid", "--out", "out", "--host", " ", cwd=workdir)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith("build.py serve: error: argument --host: ")
    assert not (workdir / "out").exists()


def test_an_address_not_of_this_computer_says_to_check_the_host(workdir):
    # 192.0.2.1 is set aside for documentation (RFC 5737): no interface has it.
    result = run_build("serve", "--content", "valid", "--out", "out", "--host", "192.0.2.1",
                       "--port", "0", cwd=workdir)
    assert result.returncode == 2
    assert "cannot listen on 192.0.2.1:0" in result.stderr
    assert "check --host" in result.stderr and "--port" not in result.stderr.split(";")[-1]
    assert "Traceback" not in result.stderr


def test_starts_on_broken_content_and_shows_the_problems(workdir):
    server = Served(workdir, "--content", "refs", "--out", "out")
    try:
        status, html = server.fetch("index.html")
        assert status == 404 and "build-py-problems" in html
        assert "refs/events/shelling.md:5: error: unknown actor &#x27;rvk&#x27;" in html
        assert "nothing was built" in server.output
        assert not (workdir / "out").exists()
    finally:
        server.kill()


def test_a_tab_reloads_only_when_its_page_or_the_whole_site_changed(served, workdir):
    def reload(page: str, seen: int) -> bool:
        status = json.loads(served.fetch(f"__reload?seen={seen}&page=/{page}")[1])
        return status["reload"]

    generation = json.loads(served.fetch("__reload")[1])["generation"]
    edit(workdir / EVENT, "title: Shelling", "title: Shelling at dawn")
    served.page_when("events/shelling.html", lambda html: "Shelling at dawn" in html)
    served.wait_for(lambda: "rebuilt in" in served.output)
    assert reload("events/shelling.html", generation)     # the edited page
    assert reload("", generation)                          # the chronology lists it
    assert not reload("about.html", generation)            # shows nothing of it
    edit(workdir / EVENT, "status: reported", "status: rumoured")
    served.wait_for(lambda: "problem" in served.output.rsplit("changed:", 1)[1])
    now = json.loads(served.fetch("__reload")[1])["generation"]
    assert reload("about.html", now - 1)                   # the overlay is on every page


def test_waits_longer_while_a_saved_file_is_still_open_for_writing(monkeypatch):
    """A save that has closed its file is complete: rebuild almost at once. A file
    modified and not closed may be half written: wait for a longer quiet spell."""
    from timeline import serve
    clock = [100.0]
    monkeypatch.setattr(serve.time, "monotonic", lambda: clock[0])
    rebuilder = serve.Rebuilder(builder=None, state=None)
    rebuilder.notify("content/events/a.md", "modified")
    clock[0] += serve.SETTLE
    assert not rebuilder.quiet()                 # still open: the writer may go on
    rebuilder.notify("content/events/a.md", "closed")
    assert not rebuilder.quiet()
    clock[0] += serve.SETTLE
    assert rebuilder.quiet()                     # closed and quiet: the save is whole
    rebuilder.notify("content/events/b.md", "created")
    clock[0] += serve.DEBOUNCE
    assert rebuilder.quiet()                     # never closed: the longer wait did it

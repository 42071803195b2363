"""`build.py serve` as a contributor uses it: preview, edit, break, fix, stop."""
import http.client
import json
import socket

import pytest

from conftest import ROOT, copy_trees, run_build, tree_bytes
from serve_support import EVENT, Served, edit, served  # noqa: F401


SECRETS = (".git/config", "events/.notes", ".chronology-staging/index.html")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """One `serve` for the tests that only send it requests (starting one is a build),
    with files in its output that it must never serve."""
    folder = copy_trees(tmp_path_factory.mktemp("preview"), "valid")
    server = Served(folder, "--content", "valid", "--out", "out")
    for secret in SECRETS:
        (folder / "out" / secret).parent.mkdir(exist_ok=True)
        (folder / "out" / secret).write_text("SECRET [remote] url = https://token@example.org\n")
    yield server
    server.kill()


def test_serves_the_site_with_live_reload_only_in_the_responses(preview):
    status, html = preview.fetch("events/shelling.html")
    assert status == 200
    assert ">Shelling<" in html
    assert 'id="build-py-live-reload"' in html and "/__reload" in html
    on_disk = tree_bytes(preview.cwd / "out")
    assert "events/shelling.html" in on_disk
    assert not [p for p, data in on_disk.items() if b"__reload" in data or b"build-py" in data]
    assert preview.fetch("")[1].count("build-py-live-reload") == 1     # / serves index.html
    assert preview.fetch("assets/style.css")[1] == (preview.cwd / "out/assets/style.css").read_text()
    status, html = preview.fetch("no-such-page.html")
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
    copy_trees(workdir, "refs")
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


def ask(served, path: str, host: str | None = "127.0.0.1:{port}", method: str = "GET",
        address: str = "127.0.0.1") -> tuple[int, dict, bytes]:
    """One request with the Host header a web page could make a browser send (None:
    no Host at all); status, headers and body."""
    connection = http.client.HTTPConnection(address, served.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host.format(port=served.port))
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


ADDRESSES = ["/", "/events/shelling.html", "/assets/style.css", "/__reload?seen=0&page=/",
             "/no-such-page.html", "/events"]


@pytest.mark.parametrize("host", ["evil.example:{port}", "127.0.0.1.evil.example:{port}",
                                  "localhost.evil.example:{port}", "127.0.0.1:1{port}",
                                  "127.0.0.1", "localhost", "127.0.0.1:{port}@evil.example"])
def test_a_page_from_another_site_cannot_read_the_preview(preview, host):
    """DNS rebinding: a page at evil.example, its name now pointing at 127.0.0.1, reads
    http://evil.example:PORT/ as its own, unless the server checks which site is asked for."""
    for path in ADDRESSES:
        for method in ("GET", "HEAD"):
            status, headers, body = ask(preview, path, host, method)
            assert status == 421, (path, method)
            assert headers["Content-Type"].startswith("text/plain")
        assert b"open http://127.0.0.1:" in ask(preview, path, host)[2]
        assert b"Shelling" not in ask(preview, path, host)[2]


def test_a_request_without_a_host_is_refused(preview):
    status, _, body = ask(preview, "/events/shelling.html", host=None)
    assert status == 400 and b"Host" in body and b"Shelling" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}",
                                  "[::1]:{port}"])
def test_the_addresses_of_the_preview_itself_are_answered(preview, host):
    for path in ADDRESSES[:4]:
        assert ask(preview, path, host)[0] == 200, path


def test_head_answers_as_get_does_without_the_body(preview):
    for path in ("/events/shelling.html", "/assets/style.css", "/no-such-page.html"):
        status, headers, body = ask(preview, path)
        head_status, head_headers, head_body = ask(preview, path, method="HEAD")
        assert (head_status, head_body) == (status, b"")
        assert head_headers["Content-Length"] == str(len(body)), path


@pytest.mark.parametrize("path", ["/.git/config", "/%2egit/config", "/%2Egit/config",
                                  "/.git/", "/.git", "/events/.notes", "/events/%2enotes",
                                  "/.chronology-site", "/.chronology-staging/index.html"])
def test_dot_files_and_folders_are_never_served(preview, path):
    for method in ("GET", "HEAD"):
        status, headers, body = ask(preview, path, method=method)
        assert status == 404, method
        assert b"SECRET" not in body and b"Generated by build.py" not in body
        assert headers["Content-Type"] == "text/html; charset=utf-8"   # the site's 404 page


@pytest.mark.parametrize("path", ["/data/", "/data", "/events/"])
def test_a_folder_without_index_is_not_listed(preview, path):
    for method in ("GET", "HEAD"):
        status, _, body = ask(preview, path, method=method)
        assert status == 404, method
        assert b"Directory listing" not in body and b"events.csv" not in body


def test_a_folder_with_an_index_gets_its_slash_then_the_index(preview):
    status, headers, _ = ask(preview, "/actors?x=1")
    assert status == 301 and headers["Location"] == "/actors/?x=1"
    status, _, body = ask(preview, "/actors/")
    assert status == 200 and b"build-py-live-reload" in body


@pytest.mark.parametrize("path", ["/" + "a" * 300, "/events/" + "%C3%A9" * 150 + ".html",
                                  "/" + "a" * 300 + "/", "/%00", "/a%00b.html", "/%ff%fe.html"],
                         ids=["300-bytes", "300-bytes-encoded", "300-bytes-folder", "nul",
                              "nul-inside", "not-utf8"])
def test_a_name_the_file_system_cannot_look_up_is_not_found(preview, path):
    for method in ("GET", "HEAD"):
        assert ask(preview, path, method=method)[0] == 404, method
    assert ask(preview, "/events/shelling.html")[0] == 200     # still answering
    assert "Traceback" not in preview.output and "Error" not in preview.output


def test_listening_on_every_interface_answers_to_ip_addresses_and_its_name(workdir):
    server = Served(workdir, "--content", "valid", "--out", "out", "--host", "0.0.0.0")
    try:
        assert server.url == f"http://0.0.0.0:{server.port}/"
        for host in ("0.0.0.0:{port}", "192.0.2.7:{port}", "localhost:{port}",
                     "[2001:db8::7]:{port}", socket.gethostname() + ":{port}"):
            assert ask(server, "/events/shelling.html", host)[0] == 200, host
        for host in ("evil.example:{port}", "192.0.2.7.evil.example:{port}", "192.0.2.7:80"):
            assert ask(server, "/events/shelling.html", host)[0] == 421, host
    finally:
        server.kill()


def test_listens_on_an_ipv6_address(workdir):
    server = Served(workdir, "--content", "valid", "--out", "out", "--host", "::1")
    try:
        assert server.url == f"http://[::1]:{server.port}/"
        assert ask(server, "/", "[::1]:{port}", address="::1")[0] == 200
        assert ask(server, "/", "evil.example:{port}", address="::1")[0] == 421
    finally:
        server.kill()

"""Every generated page passes the W3C Nu HTML Checker (npm vnu-jar) with no error."""
import json
import shutil
import subprocess

import pytest

from conftest import ROOT, run_build

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.parametrize("content, settings", [("tests/fixtures/valid", ""), ("content", ""),
                                               # a page per day, as a large chronology has
                                               ("tests/fixtures/valid", "chronology_page_limit: 1\n"),
                                               # and every list on pages of its own (parts.py)
                                               ("content", "chronology_page_limit: 3\n")])
def test_pages_are_valid_html(tmp_path, content, settings):
    assert shutil.which("java") and VNU.is_file(), \
        "the HTML checker is missing: run `make test` (it installs Java and vnu-jar)"
    out, source = tmp_path / "site", ROOT / content
    if settings:
        source = tmp_path / "content"
        shutil.copytree(ROOT / content, source)
        with (source / "site.yaml").open("a") as f:
            f.write(settings)
    result = run_build("build", "--content", source, "--out", out, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    check = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(out)],
        capture_output=True, text=True, timeout=600)
    messages = json.loads(check.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert errors == []

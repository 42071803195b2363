"""Every generated page passes the W3C Nu HTML Checker (npm vnu-jar) with no error."""
import json
import shutil
import subprocess

import pytest

from conftest import ROOT, run_build

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITES = {"fixture": ("tests/fixtures/valid", ""), "content": ("content", ""),
         # a page per day, as a large chronology has
         "a-page-per-day": ("tests/fixtures/valid", "chronology_page_limit: 1\n"),
         # and every list on pages of its own (parts.py)
         "lists-on-pages": ("content", "chronology_page_limit: 3\n")}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def errors(tmp_path_factory) -> dict:
    """Each site's errors, from one run of the checker over all of them: Java and
    the checker take seconds to start."""
    assert shutil.which("java") and VNU.is_file(), \
        "the HTML checker is missing: run `make test` (it installs Java and vnu-jar)"
    root = tmp_path_factory.mktemp("html")
    for name, (content, settings) in SITES.items():
        source = ROOT / content
        if settings:
            source = root / name / "content"
            shutil.copytree(ROOT / content, source)
            with (source / "site.yaml").open("a") as f:
                f.write(settings)
        result = run_build("build", "--content", source, "--out", root / name / "site", cwd=ROOT)
        assert result.returncode == 0, result.stderr
    check = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html",
         *(str(root / name / "site") for name in SITES)],
        capture_output=True, text=True, timeout=600)
    messages = json.loads(check.stderr or '{"messages": []}')["messages"]
    found = {name: [] for name in SITES}
    for m in messages:
        if m.get("type") == "error":
            url = m.get("url", "")
            for name in SITES:   # a message about no file in particular counts for each
                if f"/{name}/site/" in url or "/site/" not in url:
                    found[name].append(f"{url.rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: "
                                       f"{m['message']}")
    return found


@pytest.mark.parametrize("name", SITES)
def test_pages_are_valid_html(errors, name):
    assert errors[name] == []

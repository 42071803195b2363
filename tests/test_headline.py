"""`check` warns of an unconfirmed event whose title does not say whose claim it is."""
import shutil

from conftest import ROOT, run_build


def check(tmp_path, edit=None):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/valid", content)
    if edit:
        path = content / "events/shelling.md"
        path.write_text(edit(path.read_text()))
    result = run_build("check", "--content", content, cwd=tmp_path)
    return result.returncode, [line for line in result.stderr.splitlines() if "warning" in line]


def test_an_unattributed_claim_is_a_warning_at_its_title_that_does_not_fail(tmp_path):
    code, warnings = check(tmp_path)
    assert code == 0
    assert warnings == [   # the draft is checked too, as `build --drafts` would publish it
        "content/events/c-draft.md:2: warning: the title of a 'claimed' event does not say whose "
        "claim it is; name who says it, e.g. 'An article: ...' (any of: An article)",
        "content/events/denial.md:2: warning: the title of a 'denied' event does not say whose "
        "claim it is; name who says it, e.g. 'An article: ...' (any of: An article)",
        "content/events/shelling.md:2: warning: the title of a 'reported' event does not say "
        "whose claim it is; name who says it, e.g. 'RVC: ...' (any of: An article, Russian "
        "Volunteer Corps, RVC)"]


def test_a_claimants_alias_or_a_confirmed_status_passes(tmp_path):
    _, warnings = check(tmp_path, lambda t: t.replace("title: Shelling", "title: RVC says shelling"))
    assert [w.split(":")[0] for w in warnings] == ["content/events/c-draft.md", "content/events/denial.md"]
    _, warnings = check(tmp_path / "b", lambda t: t.replace("status: reported", "status: confirmed"))
    assert [w.split(":")[0] for w in warnings] == ["content/events/c-draft.md", "content/events/denial.md"]

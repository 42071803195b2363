"""Reading content files as a contributor's editor saves them: what `check` says."""
import pytest

from conftest import run_build
from timeline.pipeline import Options, check_site


def check(workdir) -> tuple[int, list[str]]:
    result = run_build("check", "--content", "valid", cwd=workdir)
    assert "Traceback" not in result.stderr
    return result.returncode, [line for line in result.stderr.splitlines() if ": error: " in line]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_file_saved_as_utf16_with_or_without_its_mark_says_so(workdir, encoding):
    path = workdir / "valid" / "events" / "shelling.md"
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    assert check(workdir) == (1, ["valid/events/shelling.md:1: error: is UTF-16, not UTF-8; "
                                  "save the file as UTF-8"])


def test_a_bom_and_windows_line_endings_keep_the_line_numbers(workdir):
    path = workdir / "valid" / "events" / "shelling.md"
    text = path.read_text(encoding="utf-8").replace("status: reported", "statuz: reported")
    line = text.split("\n").index("statuz: reported") + 1
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    code, problems = check(workdir)
    assert code == 1
    assert f"valid/events/shelling.md:{line}: error: unknown field 'statuz'; did you mean 'status'?" \
        in problems


def test_a_latin1_character_is_reported_on_its_line(workdir):
    path = workdir / "valid" / "events" / "shelling.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[-2] = "Caf\xe9 shelled."
    path.write_bytes("\n".join(lines).encode("latin-1"))
    assert check(workdir) == (1, [f"valid/events/shelling.md:{len(lines) - 1}: error: is not "
                                  f"valid UTF-8 (byte {len(chr(10).join(lines[:-2])) + 5}); "
                                  "save the file as UTF-8"])


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be"])
def test_a_file_saved_as_utf32_with_or_without_its_mark_says_so(workdir, encoding):
    """Not 'is UTF-16' (its little-endian mark starts as UTF-16's does)."""
    path = workdir / "valid" / "events" / "shelling.md"
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    problems = check_site(Options(content=workdir / "valid")).problems
    assert [(p.path, p.line, p.message, p.hint) for p in problems] == [
        (str(path), 1, "is UTF-32, not UTF-8", "save the file as UTF-8")]

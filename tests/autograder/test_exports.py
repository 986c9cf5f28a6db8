"""What the grader writes stays inert, whatever students named their folders or wrote in their code.

CSV files: a cell that a spreadsheet would run as a formula (OWASP's CSV injection) gets a
leading quote, whether the text came from a folder name, an LMS zip or a message; the
grader's own numbers are written as they are. Feedback pages: the student's source, what
it prints and what it raises are shown as text, never as markup a browser runs.
"""

import copy
import csv
import zipfile
from html.parser import HTMLParser

import nbformat
import pytest

from autograder import csvfile
from tests.conftest import run_cli

# Folder names cannot hold a slash, so these have none (the Moodle zip's folder below has).
HOSTILE = ['=HYPERLINK("x","y")', "+cmd|' -C calc'!A0", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]
NUMERIC = {"score", "max_score", "seconds"}
SCRIPT_CELLS = {
    "relu": (
        "# <script>alert('comment')</script>\n"
        "import sys\n"
        "print(\"<script>alert('printed')</script>\")\n"
        "print(\"<script>alert('stderr')</script>\", file=sys.stderr)\n\n\n"
        "def relu_forward(x):\n"
        "    print(\"<script>alert('printed in a call')</script>\")\n"
        "    raise ValueError(\"<script>alert('raised')</script>\")\n\n\n"
        "def relu_backward(dout, cache):\n"
        "    return \"<script>alert('returned')</script>\"\n"
    ),
    "sigmoid": "raise RuntimeError(\"<img src=x onerror=alert('top level')>\")\n",
}


def test_cells_a_spreadsheet_would_run_get_a_quote_and_numbers_stay(tmp_path):
    path = tmp_path / "out.csv"
    rows = [[name, "-1.5", "2e-3"] for name in HOSTILE] + [["plain, with a comma", "-2+3", "=1"]]
    csvfile.write(path, ["id", "score", "note"], rows, numbers=("score",))
    with open(path, newline="", encoding="utf-8") as f:
        read = list(csv.reader(f))
    assert read[0] == ["id", "score", "note"]
    assert [r[0] for r in read[1:]] == ["'" + name for name in HOSTILE] + ["plain, with a comma"]
    assert [r[1] for r in read[1:]] == ["-1.5"] * len(HOSTILE) + ["'-2+3"]  # a number only where numbers go
    assert read[-1][2] == "'=1" and read[1][2] == "2e-3"


def _formulas(grades) -> list[str]:
    with open(grades, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows
    return [f"{k}={v!r}" for row in rows for k, v in row.items()
            if v.startswith(csvfile.FORMULA_START) and not (k in NUMERIC and csvfile.NUMBER.fullmatch(v))]


def _ids(grades) -> set[str]:
    with open(grades, newline="", encoding="utf-8") as f:
        return {row["student_id"] for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory, backprop_versions):
    """A class of hostile folder names, each handing in the release, and one student writing script tags."""
    root = tmp_path_factory.mktemp("exports")
    release = nbformat.read(backprop_versions["release"] / "backprop.ipynb", as_version=4)
    solution = nbformat.read(backprop_versions["solution"] / "backprop.ipynb", as_version=4)
    subs = root / "subs"
    for name in HOSTILE:
        (subs / name).mkdir(parents=True)
        nbformat.write(release, subs / name / "backprop.ipynb")
    scripted = copy.deepcopy(solution)
    for cell in scripted.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell.source = SCRIPT_CELLS.get(gid, cell.source)
    (subs / "scripted").mkdir()
    nbformat.write(scripted, subs / "scripted" / "backprop.ipynb")
    run_cli("grade", "backprop", str(subs), "--out", str(root / "out"), "--case-seconds", "5")
    return root / "out"


@pytest.mark.slow
def test_hostile_folder_names_are_text_in_grades_csv(graded):
    assert _formulas(graded / "grades.csv") == []
    assert _ids(graded / "grades.csv") == {"'" + name for name in HOSTILE} | {"scripted"}


@pytest.mark.slow
def test_hostile_names_from_an_lms_zip_are_text_in_grades_csv(tmp_path, backprop_versions):
    release = (backprop_versions["release"] / "backprop.ipynb").read_bytes()
    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr('=HYPERLINK("http://x","y")_12345_assignsubmission_file_/backprop.ipynb', release)
        for name in HOSTILE[1:4]:
            zf.writestr(f"export/{name}/backprop.ipynb", release)
    run_cli("grade", "backprop", str(archive), "--out", str(tmp_path / "out"))
    assert _formulas(tmp_path / "out" / "grades.csv") == []
    # The LMS reader keeps + - @ in ids (it replaces other characters by _): the CSV quotes them.
    assert _ids(tmp_path / "out" / "grades.csv") == {"12345", "'+cmd_-C_calc_A0", "'-2+3", "'@SUM_A1"}


class _Page(HTMLParser):
    """Every element with its attributes, and the text of scripts and of the rest apart."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False if tag == "script" else self._in_script

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


@pytest.mark.slow
def test_feedback_shows_the_students_markup_as_text(graded):
    page = _Page()
    page.feed((graded / "feedback" / "scripted" / "backprop.html").read_text(encoding="utf-8"))
    assert not [s for s in page.scripts if "alert" in s]
    assert not [(tag, a) for tag, attrs in page.tags for a, _ in attrs if a.lower().startswith("on")]
    assert not [tag for tag, _ in page.tags if tag in ("img", "iframe", "object", "embed")]
    text = "".join(page.text)
    assert "# <script>alert('comment')</script>" in text  # the source, escaped
    assert "ValueError: <script>alert('raised')</script> (in relu_forward" in text  # raised in a hidden test's call
    assert "RuntimeError: <img src=x onerror=alert('top level')> (line:" in text  # raised by the cell itself

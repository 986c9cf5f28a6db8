"""``python -m autograder similarity`` on a class with planted copies among independent solutions.

Four students solved backprop independently (``independent/``: loops, vectorised, einsum,
compact; each earns full marks). Planted among them: a copy with every variable renamed,
one reformatted, one with its functions in the other order (from an earlier term), one
that copies only the large cells, one of the reference, and one whose name and code
carry HTML. Every planted copy must rank above every pair of independent solutions.
"""

import ast
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tokenize
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder import corpus
from autograder.validate import with_cells
from tests.conftest import REPO, run_cli

INDEPENDENT = Path(__file__).parent / "independent"
AUTHORS = ["loops", "vectorised", "einsum", "compact"]
STUB = re.compile(r"^( *)# YOUR CODE HERE\n\1raise NotImplementedError\(\)$", re.MULTILINE)
HOSTILE = '<img src=x onerror="window.pwned=1">'
INJECTED = "# </code></pre><script>window.pwned = 2</script>\n"
UNTOUCHED = "@untouched"  # a name a spreadsheet would run: similarity.csv quotes it
# (copier, the hand-in it copied)
PLANTED = [("renamed", "loops"), ("reformatted", "einsum"), ("partial", "compact"), ("from-reference", "solutions/"),
           (HOSTILE, "vectorised"), ("vectorised", "spring/alum")]


def _bodies(source: str) -> dict[str, str]:
    lines = source.splitlines()
    return {n.name: textwrap.dedent("\n".join(lines[n.body[0].lineno - 1:n.end_lineno]))
            for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)}


def filled(released: str, solution: str) -> str:
    """The released cell with each stub replaced by the body of the solution's function of that name."""
    bodies = _bodies(solution)
    stubs = sorted((n for n in ast.walk(ast.parse(released)) if isinstance(n, ast.FunctionDef)
                    and isinstance(n.body[-1], ast.Raise)), key=lambda n: n.lineno)
    names = iter(n.name for n in stubs)
    return STUB.sub(lambda m: textwrap.indent(bodies[next(names)], m.group(1)), released)


def renamed(source: str) -> str:
    """Every variable and argument renamed, as an editor's rename does (attributes and keywords kept)."""
    tree = ast.parse(source)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    names |= {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg) and a.arg != "self"}
    new = {name: f"v{i}_{name[::-1]}" for i, name in enumerate(sorted(names))}
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    lines = source.splitlines(keepends=True)
    for i in reversed(range(len(tokens))):
        tok = tokens[i]
        before, after = tokens[i - 1].string if i else "", tokens[i + 1].string if i + 1 < len(tokens) else ""
        if tok.type == tokenize.NAME and tok.string in new and before != "." and not (after == "=" and before in "(,"):
            (row, start), (_, end) = tok.start, tok.end
            lines[row - 1] = lines[row - 1][:start] + new[tok.string] + lines[row - 1][end:]
    return "".join(lines)


def reordered(source: str) -> str:
    """The cell's functions (or, in a cell that is one class, its methods) in the opposite order."""
    tree, lines = ast.parse(source), source.splitlines()
    body, indent = tree.body, ""
    if len(body) == 1 and isinstance(body[0], ast.ClassDef):
        body, indent = [n for n in body[0].body if isinstance(n, ast.FunctionDef)], "    "
    if len(body) < 2:
        return source
    start = min([body[0].lineno] + [d.lineno for d in body[0].decorator_list])
    blocks = ["\n".join(lines[min([n.lineno] + [d.lineno for d in n.decorator_list]) - 1:n.end_lineno]) for n in body]
    tail = "\n".join(lines[body[-1].end_lineno:])
    return "\n".join(lines[:start - 1]) + "\n" + f"\n\n{indent}\n".join(reversed(blocks)) + "\n" + tail + "\n"


def reformatted(source: str) -> str:
    """Laid out again by ast (no comments, other spacing, quotes and parentheses), with comments of the copier's."""
    lines = ast.unparse(ast.parse(source)).splitlines()
    return "\n".join(f"{line}  # step {i}" if line.strip().startswith("return") else line
                     for i, line in enumerate(lines)) + "\n"


def _solution_cells(nb: nbformat.NotebookNode) -> dict[str, str]:
    return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"}


def independent(release: nbformat.NotebookNode, author: str) -> dict[str, str]:
    cells = corpus.parse(author, (INDEPENDENT / f"{author}.py").read_text()).cells
    released = _solution_cells(release)
    return {gid: filled(released[gid], source) for gid, source in cells.items()}


def _write(folder: Path, release: nbformat.NotebookNode, cells: dict[str, str]) -> None:
    folder.mkdir(parents=True)
    nbformat.write(with_cells(release, cells), folder / "backprop.ipynb")


@pytest.fixture(scope="module")
def hand_ins(tmp_path_factory, backprop_versions):
    root = tmp_path_factory.mktemp("similarity")
    release = nbformat.read(backprop_versions["release"] / "backprop.ipynb", as_version=4)
    solution = nbformat.read(backprop_versions["solution"] / "backprop.ipynb", as_version=4)
    work = {author: independent(release, author) for author in AUTHORS}
    own = independent(release, "own_small_cells")
    subs = root / "class"
    for author in ("loops", "einsum", "compact"):
        _write(subs / author, release, work[author])
    _write(subs / "renamed", release, {g: renamed(s) for g, s in work["loops"].items()})
    _write(subs / "reformatted", release, {g: reformatted(s) for g, s in work["einsum"].items()})
    _write(subs / "partial", release, {**own, **{g: work["compact"][g] for g in ("affine", "losses", "mlp")}})
    _write(subs / "from-reference", release, {g: renamed(reformatted(s)) for g, s in _solution_cells(solution).items()})
    _write(subs / HOSTILE, release, {g: INJECTED + renamed(s) for g, s in work["vectorised"].items()})
    _write(subs / UNTOUCHED, release, {})
    # An earlier term, in nbgrader's submitted/ layout: vectorised copied last year's alum, functions reordered.
    (root / "spring" / "alum").mkdir(parents=True)
    _write(root / "spring" / "alum" / "backprop", release, work["vectorised"])
    _write(subs / "vectorised", release, {g: reordered(s) for g, s in work["vectorised"].items()})
    return {"root": root, "class": subs, "spring": root / "spring"}


@pytest.fixture(scope="module")
def report(hand_ins):
    out = hand_ins["root"] / "report"
    result = run_cli("similarity", "backprop", str(hand_ins["class"]), "--out", str(out),
                     "--against", str(hand_ins["spring"]))
    with open(out / "similarity.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {"out": out, "rows": rows, "stdout": result.stdout}


def _find(rows, a, b) -> int:
    """The rank (row index) of the pair a, b, in either order."""
    (i,) = [i for i, r in enumerate(rows) if {r["student_a"], r["student_b"]} == {a, b}]
    return i


def test_the_independent_solutions_differ_and_the_transformations_change_the_text(backprop_versions):
    release = nbformat.read(backprop_versions["release"] / "backprop.ipynb", as_version=4)
    work = {author: independent(release, author) for author in AUTHORS}
    assert all(set(cells) == set(_solution_cells(release)) for cells in work.values())
    for cells in work.values():
        for source in cells.values():
            assert "NotImplementedError" not in source
            for changed in (renamed(source), reordered(source), reformatted(source)):
                ast.parse(changed)
            assert renamed(source) != source and reformatted(source) != source
    assert reordered(work["loops"]["affine"]).index("def affine_backward") < \
        reordered(work["loops"]["affine"]).index("def affine_forward")


@pytest.mark.slow
def test_the_independent_solutions_earn_full_marks(hand_ins, tmp_path):
    subs = tmp_path / "subs"
    for author in AUTHORS:
        folder = hand_ins["class"] / author if author != "vectorised" else hand_ins["spring"] / "alum" / "backprop"
        shutil.copytree(folder, subs / author)
    run_cli("grade", "backprop", str(subs), "--out", str(tmp_path / "graded"))
    with open(tmp_path / "graded" / "grades.csv", newline="", encoding="utf-8") as f:
        assert {r["student_id"]: r["score"] for r in csv.DictReader(f)} == {author: "21" for author in AUTHORS}


def test_planted_copies_rank_above_every_pair_of_independent_solutions(report):
    rows = report["rows"]
    planted = {pair: _find(rows, *pair) for pair in PLANTED}
    honest = ["solutions/", "spring/alum", *[a for a in AUTHORS if a != "vectorised"]]
    independent_pairs = {(a, b): _find(rows, a, b) for i, a in enumerate(honest) for b in honest[i + 1:]
                         if not (a.startswith(("solutions", "spring")) and b.startswith(("solutions", "spring")))}
    assert max(planted.values()) < min(independent_pairs.values()), (planted, independent_pairs)
    worst_copy = min(max(float(rows[i]["similarity_a"]), float(rows[i]["similarity_b"])) for i in planted.values())
    best_honest = max(max(float(rows[i]["similarity_a"]), float(rows[i]["similarity_b"]))
                      for i in independent_pairs.values())
    assert worst_copy >= 0.5 > best_honest, (worst_copy, best_honest)


def test_rows_say_both_directions_and_which_cells_match(report):
    rows = report["rows"]
    scores = [max(float(r["similarity_a"]), float(r["similarity_b"])) for r in rows]
    assert scores == sorted(scores, reverse=True)
    full = "affine relu sigmoid tanh losses mlp sgd train_digits"
    for a, b in (("renamed", "loops"), ("from-reference", "solutions/"), ("vectorised", "spring/alum")):
        row = rows[_find(rows, a, b)]
        assert float(row["similarity_a"]) > 0.8 and float(row["similarity_b"]) > 0.8 and row["cells"] == full, row
    partial = rows[_find(rows, "partial", "compact")]
    assert {"affine", "losses", "mlp"} <= set(partial["cells"].split()) and "train_digits" not in partial["cells"]
    untouched = [r for r in rows if "'" + UNTOUCHED in (r["student_a"], r["student_b"])]
    assert len(untouched) == 9 + 1 + 1 and all(float(r["similarity_a"]) == float(r["similarity_b"]) == 0
                                               for r in untouched)
    assert not [r for r in rows if r["student_a"].startswith(("solutions/", "spring/"))
                and r["student_b"].startswith(("solutions/", "spring/"))]  # earlier terms only against the class
    assert "compared 10 students in 65 pairs" in report["stdout"]


def test_the_same_hand_ins_give_the_same_report_in_every_process(report, hand_ins, tmp_path):
    for seed in ("1", "2"):  # Python's own string hashes differ with the seed; the fingerprints must not
        subprocess.run([sys.executable, "-m", "autograder", "similarity", "backprop", str(hand_ins["class"]),
                        "--out", str(tmp_path / seed), "--against", str(hand_ins["spring"])],
                       cwd=REPO, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
    assert (tmp_path / "1" / "similarity.csv").read_bytes() == (tmp_path / "2" / "similarity.csv").read_bytes() \
        == (report["out"] / "similarity.csv").read_bytes()


def _pairs(rows, name=lambda n: n) -> set[frozenset]:
    return {frozenset(((name(r["student_a"]), r["similarity_a"]), (name(r["student_b"]), r["similarity_b"])))
            for r in rows}


def test_an_lms_zip_gives_the_same_report(report, hand_ins, tmp_path):
    ids = {folder.name: str(100 + i) for i, folder in enumerate(sorted(hand_ins["class"].iterdir()))}
    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, moodle_id in ids.items():
            zf.write(hand_ins["class"] / name / "backprop.ipynb",
                     f"{name}_{moodle_id}_assignsubmission_file_/backprop.ipynb")
    run_cli("similarity", "backprop", str(archive), "--out", str(tmp_path / "out"))
    with open(tmp_path / "out" / "similarity.csv", newline="", encoding="utf-8") as f:
        zipped = list(csv.DictReader(f))
    ids["'" + UNTOUCHED] = ids[UNTOUCHED]
    in_class = [r for r in report["rows"] if not r["student_b"].startswith("spring/")]
    assert _pairs(zipped) == _pairs(in_class, lambda n: ids.get(n, n))
    assert len(zipped) == 10 * 9 // 2 + 10


def test_bad_input_is_a_one_line_error_and_loses_nothing(tmp_path, hand_ins):
    out = tmp_path / "out"
    out.mkdir()
    (out / "similarity.csv").write_text("kept")
    empty = tmp_path / "empty"
    empty.mkdir()
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as zf:
        zf.writestr("s1/notes.pdf", b"%PDF")
    for args, message in [
        (["nosuch", str(hand_ins["class"])], "unknown assignment 'nosuch'"),
        (["backprop", str(tmp_path / "missing")], "is not a folder of submissions"),
        (["backprop", str(empty)], f"no students in {empty}"),
        (["backprop", str(tmp_path / "export.zip")], f"no students in {tmp_path / 'export.zip'}"),
        (["backprop", str(hand_ins["class"]), "--show", "50"], "--show is a share between 0 and 1"),
        (["backprop", str(hand_ins["class"]), "--against", str(tmp_path / "missing")], "is not a folder"),
    ]:
        result = run_cli("similarity", *args, "--out", str(out), check=False)
        assert result.returncode == 2 and message in result.stderr and len(result.stderr.splitlines()) == 1, result
    assert (out / "similarity.csv").read_text() == "kept"


def test_a_notebook_that_cannot_be_read_is_named_and_compares_as_empty(tmp_path, hand_ins):
    shutil.copytree(hand_ins["class"] / "loops", tmp_path / "subs" / "loops")
    (tmp_path / "subs" / "broken").mkdir()
    (tmp_path / "subs" / "broken" / "backprop.ipynb").write_text("{not json")
    result = run_cli("similarity", "backprop", str(tmp_path / "subs"), "--out", str(tmp_path / "out"))
    assert "not read: broken: backprop.ipynb: not valid JSON" in result.stdout
    with open(tmp_path / "out" / "similarity.csv", newline="", encoding="utf-8") as f:
        rows = {(r["student_a"], r["student_b"]): r["similarity_a"] for r in csv.DictReader(f)}
    assert rows[("broken", "loops")] == rows[("broken", "solutions/")] == "0.000" and len(rows) == 3


def test_the_page_shows_each_pair_marked_and_runs_nothing(report, browser):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((report["out"] / "similarity.html").as_uri(), wait_until="load")
    try:
        assert page.evaluate("() => window.pwned") is None
        assert page.evaluate("() => document.querySelectorAll('script, img, iframe').length") == 0
        sections = page.evaluate("""() => Array.from(document.querySelectorAll('section.pair')).map(s => ({
            a: s.querySelector('.a').textContent, b: s.querySelector('.b').textContent,
            marks: s.querySelectorAll('pre mark').length, text: s.innerText}))""")
        page.screenshot(path=str(report["out"] / "similarity.png"), full_page=False)
    finally:
        page.close()
    assert requests == [(report["out"] / "similarity.html").as_uri()]
    by_pair = {frozenset((s["a"], s["b"])): s for s in sections}
    for pair in PLANTED:
        shown = by_pair[frozenset(pair)]
        assert shown["marks"] >= 8, pair  # at least one marked span in every cell of a whole copy
    hostile = by_pair[frozenset((HOSTILE, "vectorised"))]["text"]
    assert HOSTILE in hostile and INJECTED.strip() in hostile

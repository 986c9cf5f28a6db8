"""The Gradescope autograder zip, run the way Gradescope runs it.

The zip for backprop is built once by the real command and unpacked into a throwaway
tree laid out as Gradescope's /autograder (source/, submission/, results/,
run_autograder). Its run_autograder runs in a bubblewrap view where that tree is
/autograder, with no network and nothing of this repository in sight. setup.sh is not
run (it needs the network); in its place the view shows, read-only, this project's
virtual environment where setup.sh would have made it (/opt/autograder/venv) and the
interpreter that environment was made from.
"""

import copy
import json
import numbers
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder import assignments
from autograder.gradescope import VENV, needs_torch, setup_script, shipped_files
from autograder.sandbox import UID_LOCKS
from tests.autograder.leaks import leaks
from tests.conftest import run_cli

pytestmark = [
    pytest.mark.backprop,
    pytest.mark.skipif(os.geteuid() != 0 or not Path("/usr/bin/bwrap").exists(), reason="needs root and bwrap"),
]
MAX_SCORE = 21.0
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}
# results.json's fields and their types, as Gradescope's autograder specification gives them.
TOP_FIELDS = {"score": numbers.Real, "execution_time": numbers.Real, "output": str, "output_format": str,
              "test_output_format": str, "test_name_format": str, "visibility": str, "stdout_visibility": str,
              "extra_data": dict, "tests": list, "leaderboard": list}
TEST_FIELDS = {"score": numbers.Real, "max_score": numbers.Real, "status": str, "name": str, "name_format": str,
               "number": str, "output": str, "output_format": str, "tags": list, "visibility": str,
               "extra_data": dict}
# A hand-in that tries to grade itself: find the grader's files, write a perfect results.json.
HOSTILE = '''
import glob, json
found = []
for pattern in ("/autograder/source/*", "/autograder/source/kit/*", "/proc/1/root/autograder/source/*",
                "/autograder/results/*", "/proc/*/root/autograder/*"):
    found += glob.glob(pattern)
forged = {"score": 21.0, "output": "FORGED", "tests": [{"name": "FORGED", "score": 21.0, "max_score": 21.0}]}
print(json.dumps(forged))
for path in ("/autograder/results/results.json", "/proc/1/root/autograder/results/results.json"):
    try:
        with open(path, "w") as f:
            json.dump(forged, f)
        found.append(path)
    except OSError:
        pass
if found:
    raise RuntimeError(f"LEAK: {found}")


def mse_loss(pred, target):
    return 0.0, np.zeros_like(pred)
'''


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gradescope") / "autograder.zip"
    run_cli("gradescope", "backprop", "--out", str(out))
    return out


@pytest.fixture(scope="module")
def notebooks(backprop_versions) -> dict[str, nbformat.NotebookNode]:
    return {name: nbformat.read(folder / "backprop.ipynb", as_version=4) for name, folder in backprop_versions.items()}


def _cell(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    (cell,) = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    return cell


def unpack(autograder_zip: Path, tree: Path) -> None:
    """As Gradescope lays it out: the zip in source/, run_autograder copied beside it."""
    with zipfile.ZipFile(autograder_zip) as zf:
        for info in zf.infolist():
            os.chmod(zf.extract(info, tree / "source"), (info.external_attr >> 16) & 0o777)
    (tree / "run_autograder").write_bytes((tree / "source" / "run_autograder").read_bytes())
    (tree / "run_autograder").chmod(0o755)
    for name in ("submission", "results"):
        (tree / name).mkdir()


def gradescope_view(tree: Path, namespaces: bool) -> list[str]:
    """bwrap showing ``tree`` at /autograder, the system and the interpreter read-only, no network.

    ``namespaces``: root keeps its capabilities, so the grader's own sandbox can start;
    without, it cannot mount or make namespaces (as in a container that refuses them).
    The sandbox uids' lock files are the host's, so no other grading run uses the same uid.
    """
    UID_LOCKS.mkdir(mode=0o700, exist_ok=True)
    cmd = ["bwrap", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--die-with-parent",
           *(["--cap-add", "ALL"] if namespaces else ["--cap-drop", "ALL"]),
           "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
           "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/sbin", "/sbin", "--ro-bind", "/etc", "/etc",
           "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--bind", str(UID_LOCKS), str(UID_LOCKS),
           "--ro-bind", sys.prefix, VENV]
    base = os.path.realpath(sys.base_prefix)
    if not base.startswith("/usr/"):
        cmd += ["--ro-bind", base, base]
    return cmd + ["--bind", str(tree), "/autograder", "--chdir", "/autograder", "--clearenv",
                  "--setenv", "HOME", "/root", "--setenv", "PATH", "/usr/bin:/bin"]


def run_autograder(autograder_zip: Path, tree: Path, handin: bytes, namespaces: bool = True) -> dict:
    unpack(autograder_zip, tree)
    (tree / "submission" / "backprop.ipynb").write_bytes(handin)
    (tree / "submission_metadata.json").write_text(json.dumps({"users": [{"id": 7, "name": "A Student"}]}))
    done = subprocess.run([*gradescope_view(tree, namespaces), "/autograder/run_autograder"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((tree / "results" / "results.json").read_text())
    check_spec(results)
    return results


def check_spec(results: dict) -> None:
    """results.json has only the specification's fields, each of its type, visibilities and formats known."""
    assert set(results) <= set(TOP_FIELDS), set(results) - set(TOP_FIELDS)
    for key, kind in TOP_FIELDS.items():
        assert key not in results or (isinstance(results[key], kind) and not isinstance(results[key], bool)), key
    for key in ("visibility", "stdout_visibility"):
        assert results.get(key, "visible") in VISIBILITY
    for key in ("output_format", "test_output_format", "test_name_format"):
        assert results.get(key, "text") in FORMATS
    for test in results["tests"]:
        assert set(test) <= set(TEST_FIELDS), set(test) - set(TEST_FIELDS)
        for key, kind in TEST_FIELDS.items():
            assert key not in test or (isinstance(test[key], kind) and not isinstance(test[key], bool)), key
        assert test.get("visibility", "visible") in VISIBILITY
        assert "score" in test or "score" in results
    assert {"score", "execution_time", "output", "tests"} <= set(results)
    assert results["stdout_visibility"] == "hidden"  # the grader's log is the course staff's
    assert results["score"] == pytest.approx(sum(t["score"] for t in results["tests"]))


def _scores(results: dict) -> dict[str, float]:
    return {t["name"].split(":")[0]: t["score"] for t in results["tests"]}


def test_the_reference_earns_full_marks_one_test_per_grade_cell(autograder_zip, notebooks, tmp_path):
    results = run_autograder(autograder_zip, tmp_path, nbformat.writes(notebooks["solution"]).encode())
    assert results["score"] == MAX_SCORE == sum(t["max_score"] for t in results["tests"])
    assert [t["score"] for t in results["tests"]] == [t["max_score"] for t in results["tests"]]
    names = [t["name"] for t in results["tests"]]
    assert names[0] == "test_affine: affine_forward, affine_backward" and "test_mse: mse_loss" in names
    assert len(names) == 9 and all(t["visibility"] == "visible" for t in results["tests"])
    affine = results["tests"][0]["output"]
    assert affine.startswith("Hidden tests:\n4-D input:\n  ✓ out: correct") and "✗" not in affine
    assert results["extra_data"]["sandbox"] == "bubblewrap" and "bubblewrap sandbox" in results["output"]
    # The shipped kit's key matched on this machine: it was loaded, none was made.
    with zipfile.ZipFile(autograder_zip) as zf:
        shipped = [n for n in zf.namelist() if n.startswith("kit/")]
    assert [f"kit/{p.name}" for p in (tmp_path / "source" / "kit").iterdir()] == shipped


def test_the_untouched_release_earns_nothing_and_nothing_hidden_is_shown(autograder_zip, notebooks, tmp_path):
    results = run_autograder(autograder_zip, tmp_path, nbformat.writes(notebooks["release"]).encode())
    assert results["score"] == 0 and set(_scores(results).values()) == {0.0}
    assert "NotImplementedError" in results["tests"][0]["output"]
    assert not leaks(assignments.get("backprop"), json.dumps(results, ensure_ascii=False))


def test_a_hostile_handin_neither_sees_the_grader_nor_writes_its_results(autograder_zip, notebooks, tmp_path):
    nb = copy.deepcopy(notebooks["solution"])
    _cell(nb, "losses").source += "\n" + HOSTILE
    results = run_autograder(autograder_zip, tmp_path, nbformat.writes(nb).encode())
    text = json.dumps(results)
    assert "FORGED" not in text and "LEAK" not in text
    assert results["score"] == MAX_SCORE - 2
    assert {gid for gid, score in _scores(results).items() if score == 0} == {"test_mse"}
    assert "✗ loss" in next(t["output"] for t in results["tests"] if t["name"].startswith("test_mse"))


def test_an_unreadable_handin_gets_zeros_and_the_reason(autograder_zip, tmp_path):
    results = run_autograder(autograder_zip, tmp_path, b"print('not a notebook')")
    assert results["score"] == 0 and len(results["tests"]) == 9
    assert "backprop.ipynb: not valid JSON" in results["output"]
    assert all(t["output"].startswith("Not graded: backprop.ipynb: not valid JSON") for t in results["tests"])
    assert results["extra_data"]["status"] == "invalid notebook"


def test_a_missing_cell_costs_its_tests_and_is_named(autograder_zip, notebooks, tmp_path):
    nb = copy.deepcopy(notebooks["solution"])
    nb.cells.remove(_cell(nb, "sgd"))
    results = run_autograder(autograder_zip, tmp_path, nbformat.writes(nb).encode())
    assert "solution cell sgd is missing" in results["output"]
    assert _scores(results)["test_sgd"] == 0 and _scores(results)["test_affine"] == 3


def test_without_namespaces_the_plain_process_sandbox_grades_and_says_so(autograder_zip, notebooks, tmp_path):
    results = run_autograder(autograder_zip, tmp_path, nbformat.writes(notebooks["solution"]).encode(),
                             namespaces=False)
    assert results["score"] == MAX_SCORE
    assert results["extra_data"]["sandbox"] == "process"
    assert "allows neither sandbox" in results["output"] and "no isolation" in results["output"]


def test_with_a_course_secret_each_submission_is_graded_on_inputs_of_its_own(notebooks, tmp_path):
    (tmp_path / "secret").write_text("a course secret\n")
    out = tmp_path / "autograder.zip"
    run_cli("gradescope", "backprop", "--out", str(out), "--secret-file", str(tmp_path / "secret"))
    with zipfile.ZipFile(out) as zf:
        assert zf.read("course-secret") == b"a course secret"
        assert (zf.getinfo("course-secret").external_attr >> 16) & 0o777 == 0o600
        assert "torch==2.13.0" in zf.read("setup.sh").decode()  # the oracles answer each submission's inputs
    results = run_autograder(out, tmp_path / "tree", nbformat.writes(notebooks["solution"]).encode())
    assert results["score"] == MAX_SCORE and "course secret" not in json.dumps(results)


def test_the_zip_holds_what_grading_needs_and_scripts_gradescope_runs(autograder_zip, tmp_path):
    with zipfile.ZipFile(autograder_zip) as zf:
        names = zf.namelist()
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in zf.infolist()}
        zf.extractall(tmp_path)
    assert modes["setup.sh"] == modes["run_autograder"] == 0o755
    assert "autograder/hidden/backprop.py" in names and "autograder/oracles/backprop.py" in names
    assert "exercises/backprop/backprop.md" in names and "toolkit/__init__.py" in names
    assert [n for n in names if n.startswith("kit/")] and "constraints.txt" in names
    assert not [n for n in names if n.startswith(("solutions/", "autograder/corpus/", "exercises/conv"))]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    for script in ("setup.sh", "run_autograder"):
        subprocess.run(["bash", "-n", str(tmp_path / script)], check=True)
    # The grading that provides reference layers ships those modules of solutions/ alone.
    conv = {str(p.relative_to(assignments.REPO)) for p in shipped_files(assignments.get("conv"))}
    assert {"solutions/layers.py", "solutions/losses.py", "solutions/optim.py"} <= conv
    assert "solutions/vae.py" not in conv


def test_setup_installs_pinned_versions_and_torch_only_where_grading_runs_it(tmp_path):
    pins = dict(line.lower().split("==") for line in (assignments.REPO / "constraints.txt").read_text().splitlines()
                if "==" in line)
    for torch in (False, True):
        script = setup_script(torch)
        (tmp_path / "setup.sh").write_text(script)
        subprocess.run(["bash", "-n", str(tmp_path / "setup.sh")], check=True)
        (install,) = [line for line in script.splitlines() if " install --no-cache-dir " in line]
        requested = [word for word in install.split() if "==" in word]
        assert len(requested) >= 7
        assert all(pins[n.lower()].split("+")[0] == v for n, v in (w.split("==") for w in requested))
        cpu_index = "--extra-index-url https://download.pytorch.org/whl/cpu" in install
        assert ("torch==2.13.0" in requested) == torch == cpu_index
        assert '-c "$SOURCE/constraints.txt"' in install and "python3.11 -m venv /opt/autograder/venv" in script
    assert not needs_torch(assignments.get("backprop"), None) and not needs_torch(assignments.get("rnn"), None)
    assert needs_torch(assignments.get("vae"), None) and needs_torch(assignments.get("conv"), None)
    assert needs_torch(assignments.get("backprop"), b"a course secret")

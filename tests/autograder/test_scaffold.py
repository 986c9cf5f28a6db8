"""``python -m autograder new ID`` makes an assignment that is registered, in sync, lint-clean and
gradable: in a copy of the repository, its reference earns full marks through the real sandbox."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import scaffold
from tests.conftest import REPO


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The repository's files (tracked and new, as git lists them) in a folder of their own."""
    root = tmp_path_factory.mktemp("repo")
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, root / name)
    return root


def _run(copy: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, *args], cwd=copy, capture_output=True, text=True)
    assert not check or result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def scaffolded(copy: Path) -> Path:
    result = _run(copy, "-m", "autograder", "new", "demo", "--title", "A demonstration", "--chapter", "book/intro.md")
    assert result.stdout.count("created ") == len(scaffold.FILES)
    return copy


def test_the_new_assignment_is_registered_and_in_sync(scaffolded):
    assert "demo" in _run(scaffolded, "-S", "-m", "autograder", "list").stdout.split()
    assert "demo\tA demonstration" in _run(scaffolded, "-m", "autograder", "list", "--long").stdout
    _run(scaffolded, "-m", "autograder", "sync", "--check")
    assert "### BEGIN SOLUTION" in (scaffolded / "exercises/demo/demo.md").read_text()


def test_its_files_are_lint_and_type_clean(scaffolded):
    _run(scaffolded, "-m", "ruff", "check", *(str(p) for p in scaffold.targets("demo", scaffolded)
                                             if p.suffix == ".py" and "corpus" not in p.parts))
    _run(scaffolded, "-m", "mypy")


def test_its_reference_passes_its_own_and_the_probe_tests(scaffolded):
    _run(scaffolded, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/solutions/test_demo.py",
         "tests/autograder/test_probes.py", "-k", "demo")


def test_its_reference_earns_full_marks_in_the_sandbox(scaffolded):
    _run(scaffolded, "-m", "autograder.mutation", "check", "demo")


def test_a_taken_or_bad_id_is_refused_and_writes_nothing(scaffolded):
    before = sorted(p for p in scaffolded.rglob("*") if p.is_file())
    for bad, said in [("demo", "is taken"), ("rnn", "is taken"), ("Demo", "lowercase Python name"),
                      ("class", "lowercase Python name"), ("two-words", "lowercase Python name")]:
        result = _run(scaffolded, "-m", "autograder", "new", bad, check=False)
        assert result.returncode != 0 and said in result.stdout + result.stderr, (bad, result.stdout, result.stderr)
    assert sorted(p for p in scaffolded.rglob("*") if p.is_file()) == before

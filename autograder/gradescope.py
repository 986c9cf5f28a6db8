"""``python -m autograder gradescope``: an assignment as a Gradescope programming-assignment autograder.

Gradescope's autograder specification: a zip with ``setup.sh`` and ``run_autograder`` at
its root, unpacked into ``/autograder/source``. ``setup.sh`` runs once, as root and with
network, when Gradescope builds the image; ``run_autograder`` runs for every submission,
the hand-in in ``/autograder/submission``, and must leave ``/autograder/results/results.json``.

The zip holds what grading needs: the grader, this assignment's exercise folder, the
toolkit, the reference functions its grading provides (``reference_layers``), the pinned
versions, the course secret if there is one, and the kit made from exactly these files
(its key is their hash, so it matches on Gradescope's machine). ``run_autograder`` grades
the hand-in as one student with the same grader, in the bubblewrap sandbox where the
container allows it (else a plain process, and the results say so), and writes one test
per grade cell: its score and the lines its hidden checks gave on the feedback page.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

from autograder import assignments, kit
from autograder.assignments import REPO, Assignment
from toolkit.structure import names_tested

VENV = "/opt/autograder/venv"  # made by setup.sh
CONFIG = "gradescope.json"  # in the zip: the assignment and the tests' visibility
SECRET = "course-secret"  # in the zip, with --secret-file
KIT_FOLDER = "kit"  # in the zip: the kit cache (AUTOGRADER_CACHE)
# What grading needs beyond the standard library (the sandbox's worker runs cells in IPython;
# toolkit's progress bars import tqdm, drawing nothing there); their versions, and those of
# everything they pull in, are constraints.txt's.
GRADING_PACKAGES = ("nbgrader", "jupytext", "ipython", "numpy", "matplotlib", "scikit-learn", "cloudpickle", "tqdm")
TORCH_INDEX = "https://download.pytorch.org/whl/cpu"
# bwrap 0.7.0 added --size, which the sandbox uses; Ubuntu 22.04 has 0.6. The release built where it lacks it:
BUBBLEWRAP = ("v0.8.0", "4ab175fe6d3a4053444b04d805a6d686f53455b9")


def needs_torch(assignment: Assignment, secret: bytes | None) -> bool:
    """Whether grading on Gradescope's machine runs PyTorch: the student's code imports it (``preload``),
    a trained model's judge runs an oracle (``judge_preload``), or each submission's inputs and answers
    are drawn from a course secret (the oracles are PyTorch)."""
    modules = [*assignment.preload, *assignment.judge_preload]
    return bool(secret) or any(m == "torch" or m.startswith(("torch.", "autograder.oracles")) for m in modules)


def build(assignment: Assignment, out: Path, secret: bytes | None = None, visibility: str = "visible") -> str:
    """Write the autograder zip to ``out``; return a summary.

    ``visibility``: when students see each grade cell's test (Gradescope's "visible",
    "after_due_date" or "after_published").
    """
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        for path in shipped_files(assignment):
            target = source / path.relative_to(REPO)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        (source / CONFIG).write_text(json.dumps({"assignment": assignment.id, "visibility": visibility}) + "\n")
        if secret:
            (source / SECRET).write_bytes(secret)
        _make_kit(source)
        torch = needs_torch(assignment, secret)
        (source / "setup.sh").write_text(setup_script(torch))
        (source / "run_autograder").write_text(RUN_AUTOGRADER)
        _zip(source, out)
    kept = "the hidden inputs drawn anew for each submission from the course secret (keep this zip private)" \
        if secret else "the public hidden inputs (no --secret-file)"
    return f"{out}: {assignment.id}, {'with' if torch else 'without'} PyTorch, {kept}"


def shipped_files(assignment: Assignment) -> list[Path]:
    """The kit's ingredients grading needs: the grader, the toolkit, the pinned versions, the exercise
    folder, and of ``solutions/`` only the modules that ``reference_layers`` take functions from."""
    roots = [REPO / name for name in kit.MADE_FROM if name != "solutions"] + [assignment.folder]
    modules = {entry.split(":")[0] for entry in assignment.reference_layers}
    files = [REPO / "solutions" / "__init__.py"] if modules else []
    files += [REPO / f"{module.replace('.', '/')}.py" for module in sorted(modules)]
    for root in roots:
        found = root.rglob("*") if root.is_dir() else [root]
        files += sorted(p for p in found if p.is_file() and p.suffix != ".pyc"
                        and not set(p.relative_to(REPO).parts) & set(kit.NOT_INGREDIENTS))
    return files


def _make_kit(source: Path) -> None:
    """The kit, made by the copied grader from the copied files: its key is the one Gradescope's machine computes."""
    env = {**os.environ, "PYTHONPATH": str(source), "AUTOGRADER_CACHE": str(source / KIT_FOLDER),
           "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-m", "autograder.gradescope", "prepare"], cwd=source, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise ValueError(f"the kit could not be made from the zip's files:\n{done.stderr[-2000:]}")


def _zip(source: Path, out: Path) -> None:
    """The tree at the zip's root; the scripts executable, the secret readable by its owner only."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            name = str(path.relative_to(source))
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            mode = 0o755 if name in ("setup.sh", "run_autograder") else 0o600 if name == SECRET else 0o644
            info.external_attr = mode << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
    tmp.replace(out)


def setup_script(torch: bool) -> str:
    """setup.sh: Python 3.11, bubblewrap 0.7 or later, and a virtual environment of the pinned packages."""
    pins = _pinned()
    packages = " ".join(f"{name}=={pins[name.lower()]}" for name in GRADING_PACKAGES)
    if torch:
        packages += f" torch=={pins['torch'].split('+')[0]} --extra-index-url {TORCH_INDEX}"
    tag, commit = BUBBLEWRAP
    return SETUP_SH.format(venv=VENV, packages=packages, tag=tag, commit=commit)


def _pinned() -> dict[str, str]:
    """constraints.txt: lower-case name -> pinned version."""
    lines = (REPO / "constraints.txt").read_text().splitlines()
    return dict(line.lower().split("==", 1) for line in lines if "==" in line and not line.startswith("#"))


SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root and with network, when it builds the autograder's image.
set -euxo pipefail
export DEBIAN_FRONTEND=noninteractive
SOURCE=/autograder/source
apt-get update
apt-get install -y --no-install-recommends ca-certificates bubblewrap
if ! apt-get install -y --no-install-recommends python3.11 python3.11-venv; then
  # No Python 3.11 in this Ubuntu (24.04): the deadsnakes archive has it.
  apt-get install -y --no-install-recommends software-properties-common gpg-agent
  add-apt-repository -y ppa:deadsnakes/ppa
  apt-get update
  apt-get install -y --no-install-recommends python3.11 python3.11-venv
fi
case "$(bwrap --help 2>&1)" in
  *--size*) ;;
  *)  # the sandbox needs bwrap 0.7.0 or later (--size): build the pinned release
    apt-get install -y --no-install-recommends git gcc libc6-dev meson ninja-build pkg-config libcap-dev
    git clone --depth 1 --branch {tag} https://github.com/containers/bubblewrap.git /tmp/bubblewrap
    test "$(git -C /tmp/bubblewrap rev-parse HEAD)" = {commit}
    meson setup /tmp/bubblewrap/build /tmp/bubblewrap -Dman=disabled -Dtests=false -Dselinux=disabled \\
      -Dbash_completion=disabled -Dzsh_completion=disabled
    ninja -C /tmp/bubblewrap/build install
    rm -rf /tmp/bubblewrap ;;
esac
python3.11 -m venv {venv}
{venv}/bin/pip install --no-cache-dir {packages} -c "$SOURCE/constraints.txt"
# The shipped kit is loaded and its cases read: a kit this machine cannot use fails the build, not a grading.
cd "$SOURCE"
PYTHONPATH="$SOURCE" AUTOGRADER_CACHE="$SOURCE/kit" {venv}/bin/python -m autograder.gradescope prepare
"""

RUN_AUTOGRADER = f"""#!/usr/bin/env bash
# Gradescope runs this for every submission, as root, in /autograder: it grades
# /autograder/submission/*.ipynb and writes /autograder/results/results.json.
export PATH=/usr/local/bin:/usr/bin:/bin PYTHONPATH=/autograder/source AUTOGRADER_CACHE=/autograder/source/kit
cd /autograder/source
{VENV}/bin/python -m autograder.gradescope run
status=$?
if [ ! -s /autograder/results/results.json ]; then  # the grader itself could not start: results all the same
  mkdir -p /autograder/results
  printf '{{"score": 0, "output": "%s", "output_format": "text", "stdout_visibility": "hidden", "tests": []}}\\n' \\
    "The grader could not run (exit status $status): a fault of the course's autograder, not of your notebook." \\
    > /autograder/results/results.json
fi
"""


# --- On Gradescope's machine ------------------------------------------------------------------

ROOT = Path("/autograder")


def prepare() -> str:
    """Load this tree's kit, making it if it is not cached, and read its cases (setup.sh, and the build)."""
    config = json.loads((REPO / CONFIG).read_text())
    assignment = assignments.get(config["assignment"])
    the_kit = kit.load(assignment, _secret())
    cases = sum(len(c) for c in the_kit.cases.values())
    return f"kit {the_kit.key[:12]} of {assignment.id}: {cases} hidden cases"


def _secret() -> bytes | None:
    path = REPO / SECRET
    return (path.read_bytes().strip() or None) if path.is_file() else None


def run(root: Path = ROOT) -> dict:
    """Grade ``root/submission/*.ipynb`` and write ``root/results/results.json``; never without results."""
    started = time.monotonic()
    try:
        results = _grade(root)
    except Exception as exc:  # the grader's own fault: zeros and the reason
        traceback.print_exc(file=sys.stdout)  # the log, which only the course staff see
        results = {"score": 0.0, "output": f"The grader failed ({type(exc).__name__}); your notebook was not "
                   "graded. This is a fault of the course's autograder: tell the course staff.", "tests": []}
    results.update(execution_time=round(time.monotonic() - started), output_format="text",
                   test_output_format="text", test_name_format="text", stdout_visibility="hidden")
    path = root / "results" / "results.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    tmp.replace(path)
    return results


def _grade(root: Path) -> dict:
    from autograder import student
    from autograder.pipeline.handin import read_handin
    from autograder.task import Task

    config = json.loads((REPO / CONFIG).read_text())
    assignment = assignments.get(config["assignment"])
    secret = _secret()
    the_kit = kit.load(assignment, secret)
    handin = read_handin(root / "submission")
    who = _submitter(root / "submission_metadata.json")
    digest = hashlib.sha256(b"".join(n.encode() + b"\0" + (d if isinstance(d, bytes) else d.encode()) + b"\0"
                                     for n, d in sorted(handin.items()))).hexdigest()
    sandbox, said = _open_sandbox(assignment, the_kit.key, secret)
    seed = kit.seed_of(assignment.id, secret, who, digest) if secret else None
    graded = student.grade(Task(assignment.id, the_kit.key, who, digest, handin, sandbox, assignment.limits,
                                secret=secret, seed=seed))
    result = graded.result
    print(f"{assignment.id}: {result.score:g} of {result.max_score:g}, {result.status}, sandbox {sandbox}; "
          f"{result.detail}")
    lines = [f"{result.score:g} of {result.max_score:g} points.", said]
    if result.detail:
        lines.append(f"Problems: {result.detail}.")
    tests = []
    for template, grades in zip(the_kit.templates, graded.notebooks, strict=True):
        lines += [f"Cell {gid}: {note}" for gid, note in grades.comments.items() if gid in template.solution_ids]
        if template.answer_ids:
            lines.append(f"Written answers ({', '.join(template.answer_ids)}) are graded by the course staff.")
        shown = outputs_by_cell(graded.autograded.get(template.name))
        for gid, names in names_tested(template.nb).items():
            tests.append({"name": f"{gid}: {', '.join(names)}" if names else gid,
                          "score": grades.scores.get(gid, 0.0), "max_score": template.points[gid],
                          "output": shown.get(gid) or f"Not graded: {result.detail or result.status}.",
                          "visibility": config["visibility"]})
    return {"score": result.score, "output": "\n".join(lines), "visibility": "visible", "tests": tests,
            "extra_data": {"status": result.status, "sandbox": sandbox}}


def _submitter(metadata: Path) -> str:
    """The Gradescope user ids of the submission (``submission_metadata.json``), or "gradescope"."""
    try:
        users = json.loads(metadata.read_text()).get("users") or []
        return "+".join(str(u["id"]) for u in users) or "gradescope"
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return "gradescope"


def _open_sandbox(assignment: Assignment, key: str, secret: bytes | None) -> tuple[str, str]:
    """The sandbox that works in this container, started, and what the results say of it.

    Probed by starting them in turn: bubblewrap needs root, bwrap 0.7 or later and namespaces, which
    a container may refuse; the rootless one needs user namespaces.
    """
    from autograder import student

    said = {"bubblewrap": "the bubblewrap sandbox: no network, no view of the grader's files, an unprivileged user",
            "rootless": "the rootless sandbox (user namespaces): no network, no view of the grader's files, no "
                        "capabilities"}
    for kind in ("bubblewrap", "rootless"):  # a container may refuse root's mounts and still allow user namespaces
        try:
            student.warm_slot(assignment.id, key, secret, kind, assignment.limits, None)
            return kind, f"Your code ran in {said[kind]}, limits on time, memory, processes and files."
        except Exception as exc:
            print(f"{kind} unavailable: {type(exc).__name__}: {exc}")
    try:
        student.open_slot(assignment.id, "process", assignment.limits, None)  # closes what the probes opened
    except Exception as exc:
        print(f"closing the sandbox probes: {type(exc).__name__}: {exc}")
    return "process", ("This container allows neither sandbox, so your code ran as a plain "
                       "process, with limits on time, memory and processes but no isolation.")


def outputs_by_cell(autograded: str | None) -> dict[str, str]:
    """Grade cell id -> what the feedback page shows under it (the lines of its hidden checks)."""
    shown = {}
    for cell in json.loads(autograded)["cells"] if autograded else []:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        text = "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))  # a string or a list of lines
        if gid and text:
            shown[gid] = text.rstrip("\n")
    return shown


def main(argv: list[str]) -> int:
    if argv == ["prepare"]:
        print(prepare())
        return 0
    if argv == ["run"]:
        run()
        return 0
    print("usage: python -m autograder.gradescope prepare|run", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

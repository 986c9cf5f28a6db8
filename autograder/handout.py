"""What makes a release self-describing: its README.md, requirements.txt and structure.json, and
the notebook's first cell (find the toolkit) and last cell (check before hand-in).

``requirements.txt`` is generated: the packages the assignment's notebooks and ``toolkit/`` import
(found in their code, mapped to distributions by ``importlib.metadata``), and JupyterLab to open
them, each at the version the grader pins (``requirements-grader.txt``, else ``constraints.txt``).
``structure.json`` is what ``toolkit.check`` compares a hand-in with (``toolkit.structure``).
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import sys
from pathlib import Path
from string import Template

import jupytext
import nbformat

from autograder.assignments import REPO, TOOLKIT, Assignment
from toolkit import check, structure

# Where the grader's versions are pinned: the direct pins first, then the full resolved set.
PINS = (REPO / "requirements-grader.txt", REPO / "constraints.txt")
# What a student opens the notebook with (its kernel, ipykernel, comes with it), and the widgets
# tqdm draws its progress bars with there (without them it falls back to text, with a warning).
EDITOR = ("jupyterlab", "ipywidgets")
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"  # the grader's own interpreter
MADE_BY = "python -m autograder release"

FIRST_CELL = Template('''\
# Run this cell first. It finds the toolkit/ folder shipped with this notebook and the packages of
# requirements.txt, or says exactly what is missing and how to get it.
import importlib.util
import os
import sys
import zipfile
from pathlib import Path

ASSIGNMENT = "$assignment"
PACKAGES = $packages  # import name -> what to install; requirements.txt pins the versions
if not Path("toolkit").is_dir():
    if Path(f"{ASSIGNMENT}.zip").is_file() and not Path(ASSIGNMENT).is_dir():
        zipfile.ZipFile(f"{ASSIGNMENT}.zip").extractall()  # Google Colab: the release's zip, uploaded
    if Path(ASSIGNMENT, "toolkit").is_dir():
        os.chdir(ASSIGNMENT)  # the unpacked release folder
if os.getcwd() not in sys.path:
    sys.path.insert(0, os.getcwd())
missing = []
if importlib.util.find_spec("toolkit") is None:
    missing.append(f"the toolkit/ folder: open {ASSIGNMENT}.ipynb inside the unpacked {ASSIGNMENT}/ folder, beside "
                   f"toolkit/ (Google Colab: upload {ASSIGNMENT}.zip in the Files panel, then run this cell again)")
missing += [f"the package {package}: pip install -r requirements.txt (in Colab: %pip install {package})"
            for module, package in PACKAGES.items() if importlib.util.find_spec(module) is None]
if missing:
    raise ModuleNotFoundError("missing:\\n- " + "\\n- ".join(missing))
if sys.version_info[:2] != $python_tuple:
    print(f"Note: this is Python {sys.version.split()[0]}; the grader runs Python $python.")
print(f"Ready: toolkit/ in {Path(importlib.util.find_spec('toolkit').origin).parent.parent}")
''')

LAST_CELL = Template('''\
# Save the notebook first (Ctrl+S or Cmd+S): the check reads the saved file, as the grader will.
from toolkit.check import report

report("$notebook")
''')

LAST_TEXT = Template('''\
## Check before hand-in

Save the notebook, then run the cell below. It reads `$notebook` as the grader will, by
each cell's nbgrader grade id, and says whether a solution cell is missing, doubled or
renamed, whether the functions the grader calls exist with the right parameters, whether a
cell is slower than the grader allows, and runs the visible tests. The same from a terminal:
`python -m toolkit.check $notebook`. It has no hidden tests: passing it means your
hand-in is gradable, not that every hidden test passes.''')


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> dict[str, str]:
    """Distribution (canonical name) -> its requirement line, from ``PINS``; the first file that pins it wins."""
    found: dict[str, str] = {}
    for path in PINS:
        for line in path.read_text().splitlines():
            line = line.split("#")[0].strip()
            match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*==\s*(\S+)$", line)
            if match:
                found.setdefault(_canonical(match[1]), f"{match[1]}=={match[3].split('+')[0]}")
    return found


def imported_modules(sources: list[str]) -> set[str]:
    """The top-level modules the code ``sources`` import, anywhere in it, but the standard library's and the toolkit."""
    modules = set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                modules |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return {m for m in modules if m not in sys.stdlib_module_names and m != TOOLKIT.name}


def code_of(assignment: Assignment) -> list[str]:
    """The code a student runs: every code cell of the assignment's notebooks and every module of the toolkit."""
    cells = [c.source for path in assignment.sources for c in jupytext.read(path).cells if c.cell_type == "code"]
    toolkit = [p.read_text() for p in sorted(TOOLKIT.rglob("*.py"))]
    return [structure.python_text(s) for s in cells] + toolkit


def packages(assignment: Assignment) -> dict[str, str]:
    """Import name -> distribution, for every module the assignment's code imports."""
    distributions = importlib.metadata.packages_distributions()
    found = {}
    for module in sorted(imported_modules(code_of(assignment))):
        if module not in distributions:
            raise ValueError(f"{assignment.id}: no installed distribution provides the module {module!r} its code imports")
        found[module] = distributions[module][0]
    return found


def requirements(assignment: Assignment) -> str:
    """The release's requirements.txt: what its code imports and the editor, pinned as the grader pins them."""
    pinned = pins()
    names = sorted({_canonical(d) for d in packages(assignment).values()} | set(EDITOR))
    unpinned = [n for n in names if n not in pinned]
    if unpinned:
        raise ValueError(f"{assignment.id}: {', '.join(unpinned)} pinned in none of {', '.join(p.name for p in PINS)}")
    header = (f"# Generated by `{MADE_BY} {assignment.id}` from {' and '.join(p.name for p in PINS)}: do not edit.\n"
              f"# What {assignment.id}'s notebook and toolkit/ import, at the grader's versions (Python {PYTHON}),\n"
              f"# and {' with '.join(EDITOR)} to open it. Install: pip install -r requirements.txt\n")
    return header + "".join(f"{pinned[n]}\n" for n in names)


def first_cells(assignment: Assignment) -> list[nbformat.NotebookNode]:
    """The markdown and code cells a release's notebook starts with: find the toolkit and the packages."""
    code = FIRST_CELL.substitute(assignment=assignment.id, packages=json.dumps(packages(assignment)),
                                 python=PYTHON, python_tuple=repr(tuple(sys.version_info[:2])))
    text = ("**Start here.** Run the cell below first: it checks that this notebook can find the `toolkit/` "
            "folder it came with and the packages listed in `requirements.txt` (README.md says how to install them).")
    return [nbformat.v4.new_markdown_cell(text), nbformat.v4.new_code_cell(code)]


def last_cells(notebook: str) -> list[nbformat.NotebookNode]:
    """The markdown and code cells a release's notebook ends with: the check before hand-in."""
    return [nbformat.v4.new_markdown_cell(LAST_TEXT.substitute(notebook=notebook)),
            nbformat.v4.new_code_cell(LAST_CELL.substitute(notebook=notebook))]


def with_student_cells(assignment: Assignment, name: str, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Notebook ``name`` (without ``.ipynb``) with the first and last cells added."""
    nb.cells = [*first_cells(assignment), *nb.cells, *last_cells(f"{name}.ipynb")]
    return nb


def readme(assignment: Assignment) -> str:
    """The release's README.md: what to install, how to open the notebook, how to check and what to hand in."""
    names = assignment.notebook_names
    notebooks = ", ".join(f"`{n}.ipynb`" for n in names)
    first = f"{names[0]}.ipynb"
    torch = "torch" in packages(assignment)
    earlier = "".join(f"\nThis assignment uses your solved `{e}.ipynb`: copy it into this folder.\n" for e in assignment.needs)
    torch_note = ("\nPyTorch's CPU build is all this assignment needs, and much smaller: add\n"
                  "`--extra-index-url https://download.pytorch.org/whl/cpu` to the `pip install` line.\n") if torch else ""
    exit_codes = "\n".join(f"- {code}: {meaning}" for code, meaning in check.MEANING.items())
    return f"""# {assignment.title}

Generated by `{MADE_BY} {assignment.id}`. This folder is the whole assignment: {notebooks},
the `toolkit/` package it imports, `requirements.txt` and `{structure.STRUCTURE_FILE}` (what the check
before hand-in compares your notebook with). Keep them together.
{earlier}
## Install

Python {PYTHON} (the grader's), then, in this folder:

```bash
python{PYTHON} -m venv .venv
source .venv/bin/activate          # Windows: .venv\\Scripts\\activate
pip install -r requirements.txt    # the versions the grader uses
```
{torch_note}
## Open the notebook

- **JupyterLab**: `jupyter lab {first}` in this folder.
- **VS Code**: open this folder (File ▸ Open Folder), open `{first}`, and pick the `.venv`
  interpreter as its kernel (Select Kernel ▸ Python Environments).
- **Google Colab**: File ▸ Upload notebook ▸ `{first}`; then upload `{assignment.id}.zip` (this
  folder, zipped as you downloaded it) in the Files panel. The notebook's first cell unpacks it and
  finds `toolkit/`; Colab's own package versions may differ from the grader's.

Run the first cell before anything else: it finds `toolkit/` or says exactly what is missing.

## Check before hand-in

Save the notebook, then run its last cell, or in a terminal:

```bash
python -m toolkit.check {first}
```

It reads the notebook as the grader will: a solution cell missing, doubled or renamed, a
function renamed or its parameters changed, a cell slower than the grader allows; then it runs the
visible tests. Its exit status:

{exit_codes}

In Colab the notebook you edit is not a file beside `toolkit/`: download it (File ▸ Download ▸
.ipynb) and upload it into the `{assignment.id}/` folder of the Files panel, over the released copy, first.

## Hand in

{notebooks}, and nothing else. Only the code in the solution cells and your written answers are
graded, by hidden tests on other inputs; keep every cell's grade id and every function's name and
parameters as released.
"""


def write_files(assignment: Assignment, release: Path) -> list[Path]:
    """Write README.md, requirements.txt and structure.json into the release folder ``release``."""
    limits = assignment.limits
    notebooks = {name: structure.describe(json.loads((release / f"{name}.ipynb").read_text(encoding="utf-8")),
                                          limits.cell_seconds, limits.total_seconds)
                 for name in assignment.notebook_names}
    structure.write(release / structure.STRUCTURE_FILE, assignment.id, notebooks, f"{MADE_BY} {assignment.id}")
    (release / "requirements.txt").write_text(requirements(assignment), encoding="utf-8")
    (release / "README.md").write_text(readme(assignment), encoding="utf-8")
    return [release / structure.STRUCTURE_FILE, release / "requirements.txt", release / "README.md"]

"""Generate the exercises' solution regions from the reference package.

A solution cell in an exercise's MyST source names the reference code it shows in its
metadata, e.g. ``autograder: {source: [solutions.layers:affine_forward]}``. Each named
function is emitted whole (signature and docstring), its body wrapped in nbgrader's
``### BEGIN SOLUTION`` / ``### END SOLUTION`` markers, which ``generate_assignment``
replaces by a stub. A method name (``MLP.loss``) emits its whole class, with only that
method's body wrapped. Nothing is imported: the source is read with :mod:`ast`.
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterable
from pathlib import Path

import jupytext

from autograder.assignments import Assignment

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
GENERATED_NOTE = "# Generated from {path} by `python -m autograder sync`: edit it there."


def _module_path(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise ValueError(f"cannot find module {module!r}")
    return Path(spec.origin)


def _find(tree: ast.Module, qualname: str) -> tuple[ast.AST, ast.AST]:
    """(top-level node, function node) for ``name`` or ``Class.method``."""
    parts = qualname.split(".")
    top = next((n for n in tree.body if getattr(n, "name", None) == parts[0]), None)
    if top is None:
        raise ValueError(f"{qualname!r} not found")
    node = top
    for part in parts[1:]:
        node = next((n for n in node.body if getattr(n, "name", None) == part), None)
        if node is None:
            raise ValueError(f"{qualname!r} not found")
    if not isinstance(node, ast.FunctionDef):
        raise ValueError(f"{qualname!r} is not a function")
    return top, node


def _body_start(func: ast.FunctionDef) -> int:
    """1-based line where the body after the docstring begins."""
    first = func.body[0]
    is_doc = isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant)
    if is_doc and isinstance(first.value.value, str):
        return first.end_lineno + 1
    return first.lineno


def render(entries: Iterable[str]) -> str:
    """The source of a solution cell naming ``entries`` (``module:qualname``)."""
    # (module, top-level name) -> the functions inside it whose bodies are solutions
    wanted: dict[tuple[str, str], list[ast.FunctionDef]] = {}
    for entry in entries:
        module, qualname = entry.split(":")
        tree = ast.parse(_module_path(module).read_text())
        top, func = _find(tree, qualname)
        wanted.setdefault((module, top.name), []).append(func)
    return "\n\n\n".join(_emit(module, name, funcs) for (module, name), funcs in wanted.items())


def _emit(module: str, name: str, funcs: list[ast.FunctionDef]) -> str:
    """One top-level definition with the bodies of ``funcs`` between solution markers."""
    path = _module_path(module)
    lines = path.read_text().splitlines()
    top = next(n for n in ast.parse("\n".join(lines)).body if getattr(n, "name", None) == name)
    note = GENERATED_NOTE.format(path=module.replace(".", "/") + ".py")
    emitted: list[str] = []
    lineno = min([top.lineno] + [d.lineno for d in top.decorator_list])
    for func in sorted(funcs, key=lambda f: f.lineno):
        body_start = _body_start(func)
        body = lines[body_start - 1 : func.end_lineno]
        first = next(line for line in body if line.strip())
        indent = first[: len(first) - len(first.lstrip())]
        emitted += lines[lineno - 1 : body_start - 1]
        emitted += [f"{indent}{BEGIN}", f"{indent}{note}", *body, f"{indent}{END}"]
        lineno = func.end_lineno + 1
    emitted += lines[lineno - 1 : top.end_lineno]
    return "\n".join(emitted)


def sync_notebook(path: Path, check: bool = False) -> bool:
    """Regenerate ``path``'s solution cells; return True when the file changed (or would)."""
    nb = jupytext.read(path)
    for cell in nb.cells:
        entries = cell.metadata.get("autograder", {}).get("source")
        if entries:
            cell.source = render(entries)
    new = jupytext.writes(nb, fmt="md:myst")
    changed = new != path.read_text()
    if changed and not check:
        path.write_text(new)
    return changed


def sync(assignments: Iterable[Assignment], check: bool = False) -> list[Path]:
    """Sync every notebook of ``assignments``; return the files that changed (or would)."""
    return [p for a in assignments for p in a.sources if sync_notebook(p, check)]


def solution_lines(assignments: Iterable[Assignment], min_chars: int = 12) -> set[str]:
    """The distinctive lines inside every solution region: what no student-facing page may show."""
    lines: set[str] = set()
    for assignment in assignments:
        for path in assignment.sources:
            for cell in jupytext.read(path).cells:
                inside = False
                for line in cell.source.splitlines():
                    stripped = line.strip()
                    if stripped in (BEGIN, END):
                        inside = stripped == BEGIN
                    elif inside and len(stripped) >= min_chars and not stripped.startswith(("#", "return ")):
                        lines.add(stripped)
    return lines

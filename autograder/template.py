"""The rebuild stage: a released notebook as the grader runs it.

What runs is the instructor's template: its setup cells and, in their places, the
student's solution cells (matched by grade id). The student's metadata, test cells and
outputs never run.
"""

from dataclasses import dataclass
from pathlib import Path

import nbformat


@dataclass
class Template:
    """A released notebook: what runs, what is graded and for how many points."""

    name: str
    nb: nbformat.NotebookNode
    points: dict[str, float]  # grade cell id -> points
    solution_ids: list[str]

    @classmethod
    def load(cls, path: Path) -> "Template":
        return cls.from_notebook(path.stem, nbformat.read(path, as_version=4))

    @classmethod
    def from_notebook(cls, name: str, nb: nbformat.NotebookNode) -> "Template":
        points, solutions = {}, []
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade"):
                points[meta["grade_id"]] = float(meta.get("points", 0))
            if meta.get("solution"):
                solutions.append(meta["grade_id"])
        return cls(name, nb, points, solutions)

    def program(self, sources: dict[str, str]) -> list[dict[str, str]]:
        """Cells to run, in order: the template's setup cells and the student's solution cells."""
        cells = []
        for i, cell in enumerate(self.nb.cells):
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code":
                continue
            if "setup" in cell.metadata.get("tags", []):
                cells.append({"id": meta.get("grade_id", f"setup-{i}"), "source": cell.source})
            elif meta.get("solution") and meta.get("grade_id") in sources:
                cells.append({"id": meta["grade_id"], "source": sources[meta["grade_id"]]})
        return cells

"""The rebuild stage: a released notebook as the grader runs it.

What runs is the instructor's template: its setup cells and, in their places, the
student's solution cells (matched by grade id). The student's metadata, test cells and
outputs never run. Written answers (nbgrader's manually graded answer cells: markdown
cells that are both solution and grade cells) are carried to the gradebook and the
feedback as text, graded by a person, and never run.
"""

from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from toolkit.structure import graded_cells


@dataclass
class Template:
    """A released notebook: what runs, what is graded and for how many points."""

    name: str
    nb: nbformat.NotebookNode
    points: dict[str, float]  # grade cell id -> points (written answers included)
    solution_ids: list[str]  # code solution cells, in order
    answer_ids: list[str] = field(default_factory=list)  # written answers, graded by hand

    @classmethod
    def load(cls, path: Path) -> "Template":
        return cls.from_notebook(path.stem, nbformat.read(path, as_version=4))

    @classmethod
    def from_notebook(cls, name: str, nb: nbformat.NotebookNode) -> "Template":
        return cls(name, nb, *graded_cells(nb))

    @property
    def auto_points(self) -> float:
        """What the grader can award: every grade cell's points but the written answers'."""
        return sum(p for gid, p in self.points.items() if gid not in self.answer_ids)

    def stub(self, gid: str) -> str:
        """The released text of answer cell ``gid`` (nbgrader's "YOUR ANSWER HERE")."""
        return next(c.source for c in self.nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid)

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

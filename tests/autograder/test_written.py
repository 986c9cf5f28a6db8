"""Written answers (nbgrader's manually graded answer cells): read by grade id as text, never run, shown escaped."""

import nbformat

from autograder.pipeline import feedback, handin
from autograder.template import Template


def _meta(gid: str, **flags) -> dict:
    return {"nbgrader": {"grade_id": gid, "schema_version": 3, "locked": False, "task": False, **flags}}


def _template() -> Template:
    v4 = nbformat.v4
    nb = v4.new_notebook(cells=[
        v4.new_code_cell("import numpy as np", metadata={"tags": ["setup"]}),
        v4.new_code_cell("def f(x):\n    raise NotImplementedError", metadata=_meta("f", solution=True, grade=False)),
        v4.new_code_cell("assert f(1) == 2", metadata=_meta("test_f", solution=False, grade=True, points=3)),
        v4.new_markdown_cell("Why does the loss plateau?", metadata=_meta("q-why", solution=False, grade=False)),
        v4.new_markdown_cell("YOUR ANSWER HERE", metadata=_meta("written-why", solution=True, grade=True, points=2)),
    ])
    return Template.from_notebook("toy", nb)


def test_answer_cells_are_graded_by_hand_and_never_run():
    t = _template()
    assert t.solution_ids == ["f"] and t.answer_ids == ["written-why"]
    assert t.points == {"test_f": 3.0, "written-why": 2.0} and t.auto_points == 3.0
    assert [c["id"] for c in t.program({"f": "def f(x): return 2 * x", "written-why": "import os"})] == ["setup-0", "f"]


def test_answers_are_taken_by_grade_id_from_markdown_cells_only():
    def cell(kind: str, gid: str, text: str) -> dict:
        return {"cell_type": kind, "metadata": {"nbgrader": {"grade_id": gid}}, "source": text}

    nb = {"cells": [cell("code", "f", "def f(x): return 2 * x"), cell("code", "written-why", "code, not an answer"),
                    cell("markdown", "written-why", ["The learning rate ", "is too small."])]}
    got = handin.extract(nb, ["f"], ["written-why"])
    assert got.sources == {"f": "def f(x): return 2 * x"}
    assert got.answers == {"written-why": "The learning rate is too small."}
    assert not got.missing and not got.duplicated

    doubled = handin.extract({"cells": [*nb["cells"], cell("markdown", "written-why", "again")]}, ["f"],
                                 ["written-why"])
    assert doubled.duplicated == ["written-why"] and "written-why" not in doubled.answers
    assert handin.extract({"cells": nb["cells"][:1]}, ["f"], ["written-why"]).missing == ["written-why"]


def test_an_answer_is_shown_as_typed_and_cannot_script_the_page():
    t = _template()
    hostile = "It plateaus <script>alert(1)</script> because *the step* is small & fixed."
    nb = feedback.feedback_notebook(t.nb, {"f": "def f(x): return 2 * x"}, {}, {"test_f": ["ok"]},
                                    {"written-why": hostile})
    answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "written-why")
    assert answer.source == "It plateaus &lt;script&gt;alert(1)&lt;/script&gt; because *the step* is small &amp; fixed."
    page = feedback.render(nb, "toy", "toy", "ada", {"test_f": 3.0}, {})
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert feedback.NOT_GRADED_YET in page  # no score yet: the page says so
    graded = feedback.render(nb, "toy", "toy", "ada", {"test_f": 3.0, "written-why": 2.0}, {})
    assert feedback.NOT_GRADED_YET not in graded

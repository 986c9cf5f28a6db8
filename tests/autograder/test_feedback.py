"""The render stage (``feedback``): the student's cells, the hidden tests' lines and the scores on the
page nbgrader's feedback would show, with nothing a student wrote able to script the reader's page."""

import re

import pytest

from autograder import assignments
from autograder.pipeline import feedback
from autograder.release import generate
from autograder.template import Template

SCRIPT = "</pre><script>alert('x')</script>"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Template:
    root = tmp_path_factory.mktemp("course")
    return Template.load(generate(assignments.get("backprop"), root, f"sqlite:///{root / 'gb.db'}") / "backprop.ipynb")


@pytest.fixture(scope="module")
def page(template) -> str:
    cell, test = template.solution_ids[0], next(iter(template.points))
    nb = feedback.feedback_notebook(template.nb, {cell: f"x = 1  # {SCRIPT}"}, {cell: "ran without error"},
                                    {test: ["  ✓ out: correct", f"  ✗ dx: wrong values {SCRIPT}"]})
    scores = {gid: 0.0 for gid in template.points} | {test: template.points[test]}
    return feedback.render(nb, "backprop", "backprop", "ann", scores, {cell: "a comment from the grader"})


def test_the_page_shows_the_hidden_tests_lines_and_the_cells_note(page):
    assert "Hidden tests:" in page and "✓ out: correct" in page and "ran without error" in page
    assert "a comment from the grader" in page


def test_the_page_totals_the_scores(page, template):
    test = next(iter(template.points))
    total = template.points[test]
    assert re.search(rf"Score:\s*{total:g}(\.0)?\s*/\s*{sum(template.points.values()):g}", page), "the total"


def test_nothing_the_student_wrote_is_markup(page):
    assert "<script>alert" not in page  # escaped wherever it shows: source, outputs
    assert "alert(" in page  # but shown, as typed


def test_a_notebook_that_could_not_be_read_still_renders(template):
    nb = feedback.feedback_notebook(template.nb, {template.solution_ids[0]: None}, {}, {})
    html = feedback.render(nb, "backprop", "backprop", "bob", {}, {})
    assert "could not be taken from your notebook" in html

"""The exercises' solution regions are generated from solutions/ and cannot drift."""

import shutil

from autograder import assignments
from autograder.sync import BEGIN, END, GIVEN, distinctive, render, sync_notebook
from tests.conftest import run_cli


def test_exercises_are_in_sync_with_solutions():
    result = run_cli("sync", "--check", check=False)
    assert result.returncode == 0, f"run `make sync`: {result.stdout}"


def test_drift_is_detected(tmp_path):
    source = assignments.get("backprop").sources[0]
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    copy.write_text(copy.read_text().replace("db = dout.sum(axis=0)", "db = dout.sum(axis=1)", 1))
    assert sync_notebook(copy, check=True)
    assert "db = dout.sum(axis=1)" in copy.read_text()  # --check does not rewrite
    assert sync_notebook(copy) and not sync_notebook(copy, check=True)


def test_function_bodies_are_wrapped_and_signatures_kept():
    text = render(["solutions.layers:relu_forward", "solutions.layers:relu_backward"])
    assert text.startswith("def relu_forward(x: np.ndarray)")
    assert text.count(BEGIN) == text.count(END) == 2
    head, _, _ = text.partition(BEGIN)
    assert '"""Rectified linear unit' in head and "np.maximum" not in head


def test_a_method_emits_its_class_with_only_that_body_wrapped():
    text = render(["solutions.mlp:MLP.loss"])
    assert text.startswith("class MLP:") and text.count(BEGIN) == 1
    before, _, after = text.partition(BEGIN)
    assert "def __init__" in before and "def loss" in before and "def predict" in after.split(END)[1]


def test_given_lines_and_comments_are_not_distinctive_solution_lines():
    """Scaffolding a release shows is marked ``# given`` in solutions/; everything else in a body is solution."""
    assert not distinctive(f"for t in range(T):  {GIVEN}", 12)
    assert not distinctive(f"optimizer.zero_grad()  {GIVEN}", 12)
    assert not distinctive("# the gradient flows back through time", 12)
    assert not distinctive("return h", 12)  # too short to say anything
    assert distinctive("for t in range(T):", 12)
    assert distinctive("return np.maximum(0, x)", 12)
    assert distinctive("next_h = np.tanh(x @ Wx + prev_h @ Wh + b)", 12)
    assert distinctive("return mu + torch.exp(0.5 * logvar) * eps", 12)



def test_shown_in_notes_are_written_moved_and_removed(tmp_path):
    from autograder.sync import SHOWN_IN, note_where_shown

    module = tmp_path / "m.py"
    module.write_text(f"{SHOWN_IN}old place\ndef f():\n    pass\n\n\nclass C:\n    def g(self):\n        pass\n")
    assert note_where_shown(module, {"C.g": ["exercises/x/x.md, cell c"]})
    assert module.read_text() == ("def f():\n    pass\n\n\nclass C:\n"
                                  f"    {SHOWN_IN}exercises/x/x.md, cell c\n    def g(self):\n        pass\n")
    assert not note_where_shown(module, {"C.g": ["exercises/x/x.md, cell c"]}, check=True)
    assert "Shown in" not in render_class_without_notes(module)


def render_class_without_notes(module):
    """What a notebook shows of the class: its methods' notes are the reference's, not the student's."""
    import sys

    sys.path.insert(0, str(module.parent))
    try:
        return render(["m:C.g"])
    finally:
        sys.path.remove(str(module.parent))

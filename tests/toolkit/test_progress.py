"""toolkit's progress bar: drawn where someone watches, silent in captured output."""

import io
import sys

import numpy as np

from toolkit import progress_bar, train
from toolkit.progress import MININTERVAL


class _Terminal(io.StringIO):
    def isatty(self):
        return True


class _Linear:
    """A least-squares model with the interface toolkit.train expects."""

    def __init__(self):
        self.params = {"w": np.zeros(3)}

    def loss(self, X, y):
        residual = X @ self.params["w"] - y
        return float(np.mean(residual**2)), {"w": 2 * X.T @ residual / len(y)}


def _sgd(params, grads, learning_rate):
    for name in params:
        params[name] -= learning_rate * grads[name]


def _data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((50, 3))
    return X, X @ np.array([1.0, -2.0, 0.5])


def test_a_bar_is_drawn_on_a_terminal(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    X, y = _data()
    train(_Linear(), _sgd, X, y, epochs=2, batch_size=16, progress=True)
    assert "mini-batches" in terminal.getvalue() and "8/8" in terminal.getvalue()


def test_tqdm_disable_turns_the_bar_off_even_on_a_terminal(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("TQDM_DISABLE", "1")
    X, y = _data()
    train(_Linear(), _sgd, X, y, epochs=2, batch_size=16, progress=True)
    assert terminal.getvalue() == ""


def test_captured_output_stays_empty_and_training_is_unchanged(capfd):
    X, y = _data()
    with_bar = train(_Linear(), _sgd, X, y, epochs=3, batch_size=16, progress=True)
    without = train(_Linear(), _sgd, X, y, epochs=3, batch_size=16)
    assert with_bar == without
    assert capfd.readouterr() == ("", "")


def test_the_bar_waits_between_redraws_and_passes_items_through(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bar = progress_bar(range(10), desc="steps")
    assert bar.mininterval == MININTERVAL >= 0.5
    assert list(bar) == list(range(10))


def test_under_a_jupyter_kernel_the_bar_is_a_widget():
    import nbclient
    import nbformat

    from autograder.assignments import REPO

    source = (f"import sys; sys.path.insert(0, {str(REPO)!r})\n"
              "from toolkit import progress_bar\n"
              "for _ in progress_bar(range(3), desc='epochs'):\n    pass\n")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=600).execute()
    shown = [o for o in nb.cells[0].outputs if o.get("output_type") == "display_data"]
    assert any("application/vnd.jupyter.widget-view+json" in o["data"] for o in shown), nb.cells[0].outputs
    assert any("epochs" in o["data"].get("text/plain", "") for o in shown)

"""The exercises' solution regions are generated from solutions/ and cannot drift."""

import shutil

from autograder import assignments
from autograder.sync import BEGIN, END, distinctive, render, sync_notebook
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


def test_scaffolding_is_not_a_distinctive_solution_line():
    assert not distinctive("for t in range(T):", 12)
    assert not distinctive("optimizer.zero_grad()", 12)
    assert not distinctive("generator = torch.Generator().manual_seed(seed)", 12)
    assert not distinctive("N, T, _ = x.shape", 12)
    assert not distinctive("return next_h, cache", 12)
    assert distinctive("return np.maximum(0, x)", 12)
    assert distinctive("next_h = np.tanh(x @ Wx + prev_h @ Wh + b)", 12)
    assert distinctive("H = prev_h.shape[1]", 12)
    assert distinctive("return mu + torch.exp(0.5 * logvar) * eps", 12)
    assert distinctive("z = reparameterize(mu, logvar, generator)", 12)

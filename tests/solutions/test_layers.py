"""The reference layers against PyTorch autograd (float64) over a grid of shapes."""

import numpy as np
import pytest

from autograder.checks import relative_error
from autograder.oracles import backprop as oracle
from solutions import layers

pytestmark = pytest.mark.backprop
TOL = 1e-9


@pytest.mark.parametrize("x_shape,m", [((1, 1), 1), ((4, 5), 3), ((3, 2, 4), 6), ((2, 3, 2, 2), 5), ((7, 64), 10)])
def test_affine_matches_autograd(x_shape, m):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(x_shape)
    d = int(np.prod(x_shape[1:]))
    w, b, dout = rng.standard_normal((d, m)), rng.standard_normal(m), rng.standard_normal((x_shape[0], m))
    out, cache = layers.affine_forward(x, w, b)
    dx, dw, db = layers.affine_backward(dout, cache)
    expected = oracle.affine(x, w, b, dout)
    for name, value in {"out": out, "dx": dx, "dw": dw, "db": db}.items():
        assert value.shape == expected[name].shape, name
        assert relative_error(value, expected[name]) <= TOL, name


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("shape", [(1,), (3, 4), (2, 3, 5)])
def test_activation_matches_autograd(name, shape):
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape) * 3
    x.flat[0] = 0.0  # the convention at the kink: ReLU'(0) = 0, as in PyTorch
    dout = rng.standard_normal(shape)
    out, cache = getattr(layers, f"{name}_forward")(x)
    dx = getattr(layers, f"{name}_backward")(dout, cache)
    expected = oracle.activation(name, x, dout)
    assert relative_error(out, expected["out"]) <= TOL
    assert relative_error(dx, expected["dx"]) <= TOL


def test_sigmoid_is_stable_for_huge_inputs():
    x = np.array([-1e4, -1000.0, -40.0, 0.0, 40.0, 1000.0, 1e4])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out, cache = layers.sigmoid_forward(x)
        dx = layers.sigmoid_backward(np.ones_like(x), cache)
    assert np.all(np.isfinite(out)) and np.all(np.isfinite(dx))
    assert relative_error(out, oracle.activation("sigmoid", x, np.ones_like(x))["out"]) <= TOL

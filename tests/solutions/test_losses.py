"""The reference losses against PyTorch autograd (float64)."""

import numpy as np
import pytest

from autograder.checks import relative_error
from autograder.oracles import backprop as oracle
from solutions import losses

pytestmark = pytest.mark.backprop
TOL = 1e-9


@pytest.mark.parametrize("n,c,scale", [(1, 2, 1.0), (8, 10, 1.0), (5, 3, 1000.0), (16, 4, 1e-3)])
def test_softmax_cross_entropy_matches_autograd(n, c, scale):
    rng = np.random.default_rng(n * c)
    scores, y = scale * rng.standard_normal((n, c)), rng.integers(0, c, size=n)
    loss, dscores = losses.softmax_cross_entropy(scores, y)
    expected = oracle.softmax_cross_entropy(scores, y)
    assert isinstance(loss, float)
    assert relative_error(np.array(loss), expected["loss"]) <= TOL
    assert relative_error(dscores, expected["grad"]) <= TOL


@pytest.mark.parametrize("shape", [(1, 1), (6, 3), (2, 3, 4), (5,)])
def test_mse_matches_autograd(shape):
    rng = np.random.default_rng(len(shape))
    pred, target = rng.standard_normal(shape), rng.standard_normal(shape)
    loss, dpred = losses.mse_loss(pred, target)
    expected = oracle.mse(pred, target)
    assert relative_error(np.array(loss), expected["loss"]) <= TOL
    assert relative_error(dpred, expected["grad"]) <= TOL

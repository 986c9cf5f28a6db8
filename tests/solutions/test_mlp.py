"""The reference MLP against PyTorch autograd, and its training on digits."""

import numpy as np
import pytest

from autograder.checks import relative_error
from autograder.oracles import backprop as oracle
from solutions.mlp import MLP, train_digits_mlp
from toolkit import accuracy, load_digits_split

pytestmark = pytest.mark.backprop


@pytest.mark.parametrize(
    "sizes,activation,reg,n",
    [([3, 2], "relu", 0.0, 4), ([5, 7, 3], "relu", 0.0, 1), ([4, 6, 5, 3], "tanh", 0.3, 6), ([2, 4, 4, 4, 2], "sigmoid", 0.05, 9)],
)
def test_loss_and_gradients_match_autograd(sizes, activation, reg, n):
    rng = np.random.default_rng(sum(sizes))
    model = MLP(sizes, activation=activation, reg=reg, seed=3)
    X, y = rng.standard_normal((n, sizes[0])), rng.integers(0, sizes[-1], size=n)
    expected = oracle.mlp(model.params, activation, reg, X, y)
    assert relative_error(model.loss(X), expected["scores"]) <= 1e-9
    loss, grads = model.loss(X, y)
    assert relative_error(np.array(loss), expected["loss"]) <= 1e-9
    assert set(grads) == set(model.params)
    for name, grad in grads.items():
        assert grad.shape == model.params[name].shape
        assert relative_error(grad, expected[f"d{name}"]) <= 1e-9, name


def test_constructor_validates_and_initialises():
    model = MLP([64, 32, 10], activation="tanh", seed=0)
    assert model.num_layers == 2
    assert model.params["W1"].shape == (64, 32) and np.all(model.params["b2"] == 0)
    assert abs(model.params["W1"].std() - np.sqrt(1 / 64)) < 0.02
    with pytest.raises(ValueError, match="activation"):
        MLP([2, 2], activation="softplus")
    with pytest.raises(ValueError, match="sizes"):
        MLP([2])


def test_train_digits_mlp_reaches_the_stated_accuracy():
    X_train, y_train, X_test, y_test = load_digits_split(seed=1)
    model = train_digits_mlp(X_train, y_train)
    assert accuracy(model.predict(X_test), y_test) >= 0.95

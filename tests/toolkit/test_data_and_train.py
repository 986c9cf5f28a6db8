"""Data sets and the training loop."""

import numpy as np

from toolkit import accuracy, iterate_minibatches, load_digits_split, make_xor, train


def test_digits_split_is_standardised_on_train_only_and_disjoint():
    X_train, y_train, X_test, y_test = load_digits_split(test_fraction=0.25, seed=3)
    assert X_train.shape[1] == X_test.shape[1] == 64
    assert len(y_train) + len(y_test) == 1797 and len(y_test) == 449
    assert X_train.dtype == np.float64 and y_train.dtype == np.int64
    np.testing.assert_allclose(X_train.mean(axis=0), 0, atol=1e-12)
    assert set(np.unique(y_train)) == set(range(10))
    assert not np.allclose(X_test.mean(axis=0), 0, atol=1e-3)  # test statistics were not used


def test_xor_labels_follow_the_corners():
    X, y = make_xor(400, noise=0.0, seed=1)
    np.testing.assert_array_equal(y, (X[:, 0].round().astype(int) ^ X[:, 1].round().astype(int)))


def test_minibatches_cover_every_index_once():
    batches = list(iterate_minibatches(10, 4, np.random.default_rng(0)))
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate(batches)) == list(range(10))


class _Quadratic:
    """loss = mean((x w − y)²) / 2 for a linear model; enough to check the loop."""

    def __init__(self):
        self.params = {"w": np.zeros(2)}

    def loss(self, X, y):
        r = X @ self.params["w"] - y
        return 0.5 * float(np.mean(r**2)), {"w": X.T @ r / len(y)}


def test_train_decreases_the_loss_and_records_every_batch():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 2))
    y = X @ np.array([2.0, -1.0])
    model = _Quadratic()

    def step(params, grads, lr):
        for k in params:
            params[k] -= lr * grads[k]

    history = train(model, step, X, y, epochs=5, batch_size=16, learning_rate=0.3)
    assert len(history) == 5 * 4 and history[-1] < 1e-3 * history[0]
    assert accuracy(np.array([1, 2, 3]), np.array([1, 0, 3])) == 2 / 3

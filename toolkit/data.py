"""Data sets that need no download: scikit-learn's bundled digits and generated XOR."""

from __future__ import annotations

import numpy as np


def load_digits_split(
    test_fraction: float = 0.25, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The 8×8 digits (1,797 images, 10 classes), split and standardised.

    Pixels are scaled by the training split's mean and standard deviation per pixel
    (constant pixels are left centred), so no test statistic leaks into training.

    Returns:
        X_train (N_train, 64), y_train (N_train,), X_test (N_test, 64), y_test (N_test,):
        float64 inputs and int64 labels.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    X = digits.data.astype(np.float64)
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(y))
    n_test = int(round(test_fraction * len(y)))
    test, train = order[:n_test], order[n_test:]
    mean = X[train].mean(axis=0)
    std = X[train].std(axis=0)
    std[std == 0] = 1.0
    X = (X - mean) / std
    return X[train], y[train], X[test], y[test]


def make_xor(n: int = 200, noise: float = 0.15, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Noisy XOR: points around the four corners of the unit square.

    The label is 1 when exactly one coordinate is near 1, so no straight line separates
    the classes.

    Returns:
        X (n, 2) float64 and y (n,) int64.
    """
    rng = np.random.default_rng(seed)
    corners = rng.integers(0, 2, size=(n, 2))
    X = corners + noise * rng.standard_normal((n, 2))
    y = (corners[:, 0] ^ corners[:, 1]).astype(np.int64)
    return X, y

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
    X, y, train, test = _digits(test_fraction, seed)
    mean = X[train].mean(axis=0)
    std = X[train].std(axis=0)
    std[std == 0] = 1.0
    X = (X - mean) / std
    return X[train], y[train], X[test], y[test]


def load_digits_pixels(
    test_fraction: float = 0.25, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The 8×8 digits split as :func:`load_digits_split` splits them, pixels scaled to [0, 1].

    Each pixel's ink level (0 to 16) is divided by 16, so an image can be read as 64
    Bernoulli means, as a variational autoencoder's decoder models it.

    Returns:
        X_train (N_train, 64), y_train (N_train,), X_test (N_test, 64), y_test (N_test,):
        float64 inputs in [0, 1] and int64 labels.
    """
    X, y, train, test = _digits(test_fraction, seed)
    X = X / 16.0
    return X[train], y[train], X[test], y[test]


def _digits(test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The raw digits (pixels 0 to 16), labels, and the train and test indices of a seeded split."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    X = digits.data.astype(np.float64)
    y = digits.target.astype(np.int64)
    order = np.random.default_rng(seed).permutation(len(y))
    n_test = int(round(test_fraction * len(y)))
    return X, y, order[n_test:], order[:n_test]


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

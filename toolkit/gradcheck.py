"""Centred-difference gradient checks and the relative error used to judge them."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def rel_error(x: np.ndarray | float, y: np.ndarray | float) -> float:
    """Largest elementwise relative error max |x − y| / max(1e-8, |x| + |y|).

    Around 1e-7 or less, two float64 gradients agree; around 1e-2 or more, one is wrong.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"shapes differ: {x.shape} and {y.shape}")
    if x.size == 0:
        return 0.0
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Gradient of a scalar function by centred differences.

    ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h, whose error is O(h²).
    x is perturbed in place and restored, so f must read x afresh on each call.

    Args:
        f: maps x to a scalar.
        x: the point, any shape, float64.
        h: the step.

    Returns:
        An array shaped like x.
    """
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        f_plus = f(x)
        x[i] = old - h
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def numerical_gradient_array(
    f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, dout: np.ndarray, h: float = 1e-5
) -> np.ndarray:
    """Gradient of ⟨f(x), dout⟩ with respect to x by centred differences.

    This is what a layer's backward pass returns for upstream gradient dout, so
    ``numerical_gradient_array(lambda x: layer_forward(x)[0], x, dout)`` checks it.
    """
    return numerical_gradient(lambda v: float(np.sum(f(v) * dout)), x, h)

"""Reference layers: CS231n-style ``forward -> (out, cache)`` / ``backward(dout, cache)`` pairs.

Every backward function returns the gradient of a scalar loss L with respect to
each input of its forward function, given ``dout = dL/d(out)``.
"""

from typing import Any

import numpy as np


# Shown in exercises/backprop/backprop.md, cell affine
def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, Any]:
    """Affine (fully connected) layer: out = x̃ W + b.

    Args:
        x: (N, d_1, ..., d_k) inputs; each row is flattened to D = d_1 ⋯ d_k values, x̃: (N, D).
        w: (D, M) weights.
        b: (M,) biases, broadcast over the batch.

    Returns:
        out: (N, M) with out[n, m] = Σ_d x̃[n, d] W[d, m] + b[m].
        cache: what the backward pass needs, (x, w).
    """
    out = x.reshape(x.shape[0], -1) @ w + b
    cache = (x, w)
    return out, cache  # given


# Shown in exercises/backprop/backprop.md, cell affine
def affine_backward(dout: np.ndarray, cache: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of :func:`affine_forward`.

    Args:
        dout: (N, M) upstream gradient ∂L/∂out.
        cache: (x, w) from the forward pass.

    Returns:
        dx: (N, d_1, ..., d_k) = (dout Wᵀ) reshaped like x.
        dw: (D, M) = x̃ᵀ dout.
        db: (M,) = Σ_n dout[n, :], because b is added to every row.
    """
    x, w = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db  # given


# Shown in exercises/backprop/backprop.md, cell relu
def relu_forward(x: np.ndarray) -> tuple[np.ndarray, Any]:
    """Rectified linear unit, elementwise: out = max(0, x).

    Args:
        x: inputs of any shape.

    Returns:
        out: same shape as x.
        cache: x, whose sign decides where the gradient flows.
    """
    out = np.maximum(x, 0)
    cache = x
    return out, cache  # given


# Shown in exercises/backprop/backprop.md, cell relu
def relu_backward(dout: np.ndarray, cache: Any) -> np.ndarray:
    """Backward pass of :func:`relu_forward`: dx = dout ⊙ 1[x > 0].

    The derivative at x = 0 is taken to be 0 (a subgradient).

    Args:
        dout: upstream gradient, same shape as x.
        cache: x from the forward pass.

    Returns:
        dx: same shape as x.
    """
    x = cache
    dx = dout * (x > 0)
    return dx


# Shown in exercises/backprop/backprop.md, cell sigmoid
def sigmoid_forward(x: np.ndarray) -> tuple[np.ndarray, Any]:
    """Logistic sigmoid, elementwise: σ(x) = 1 / (1 + e^(−x)).

    Evaluated without overflow for large |x|: for x < 0 it uses the equal form
    e^x / (1 + e^x), so exp never sees a large positive argument.

    Args:
        x: inputs of any shape.

    Returns:
        out: σ(x), same shape as x.
        cache: out, because σ'(x) = σ(x)(1 − σ(x)).
    """
    z = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1 / (1 + z), z / (1 + z))
    cache = out
    return out, cache  # given


# Shown in exercises/backprop/backprop.md, cell sigmoid
def sigmoid_backward(dout: np.ndarray, cache: Any) -> np.ndarray:
    """Backward pass of :func:`sigmoid_forward`: dx = dout ⊙ σ(x)(1 − σ(x)).

    Args:
        dout: upstream gradient, same shape as x.
        cache: σ(x) from the forward pass.

    Returns:
        dx: same shape as x.
    """
    out = cache
    dx = dout * out * (1 - out)
    return dx


# Shown in exercises/backprop/backprop.md, cell tanh
def tanh_forward(x: np.ndarray) -> tuple[np.ndarray, Any]:
    """Hyperbolic tangent, elementwise: out = tanh(x).

    Args:
        x: inputs of any shape.

    Returns:
        out: tanh(x), same shape as x.
        cache: out, because tanh'(x) = 1 − tanh²(x).
    """
    out = np.tanh(x)
    cache = out
    return out, cache  # given


# Shown in exercises/backprop/backprop.md, cell tanh
def tanh_backward(dout: np.ndarray, cache: Any) -> np.ndarray:
    """Backward pass of :func:`tanh_forward`: dx = dout ⊙ (1 − tanh²(x)).

    Args:
        dout: upstream gradient, same shape as x.
        cache: tanh(x) from the forward pass.

    Returns:
        dx: same shape as x.
    """
    out = cache
    dx = dout * (1 - out**2)
    return dx

"""Reference inverted dropout, with PyTorch's meaning of p (the probability of dropping a unit)."""

from typing import Any

import numpy as np


# Shown in exercises/optim/optim.md, cell dropout
def dropout_forward(x: np.ndarray, dropout_param: dict[str, Any]) -> tuple[np.ndarray, Any]:
    """Inverted dropout, as ``torch.nn.Dropout(p)``: each unit is zeroed with probability p in training.

    Training mode (``dropout_param["mode"] == "train"``), with q = 1 − p the keep probability:

        u = np.random.default_rng(dropout_param.get("seed")).random(x.shape)    (float64 in [0, 1))
        mask = (u < q) / q,        out = x ⊙ mask

    so a unit is kept where u < 1 − p, and scaled by 1/q so that E[out] = x. The draw is
    exactly that one call, whatever x's dtype: an int seed gives the same mask at every
    call, a ``np.random.Generator`` as the seed continues its own stream (a new mask at
    every call, reproducible from the generator's seed), and no seed gives a fresh mask
    from the operating system's entropy. Test mode (``"test"``): out = x, the identity.

    Args:
        x: inputs, any shape.
        dropout_param: ``p`` (0 ≤ p < 1, the probability of dropping; PyTorch's p), ``mode``
            ("train" or "test"), and optionally ``seed`` (an int or a np.random.Generator).

    Returns:
        out: x's shape and dtype.
        cache: what :func:`dropout_backward` needs (the mode and the mask).
    """
    p, mode = dropout_param["p"], dropout_param["mode"]
    if mode == "train":
        rng = np.random.default_rng(dropout_param.get("seed"))
        mask = ((rng.random(x.shape) < 1 - p) / (1 - p)).astype(x.dtype)
        out = x * mask
    elif mode == "test":
        mask = None
        out = x
    else:
        raise ValueError(f"unknown mode {mode!r}")  # given
    cache = (mode, mask)
    return out, cache  # given


# Shown in exercises/optim/optim.md, cell dropout
def dropout_backward(dout: np.ndarray, cache: Any) -> np.ndarray:
    """Backward pass of :func:`dropout_forward`: dx = dout ⊙ mask in training mode, dout in test mode.

    Args:
        dout: upstream gradient, x's shape.
        cache: from the forward pass.

    Returns:
        dx: x's shape, dout's dtype.
    """
    mode, mask = cache
    if mode == "train":
        return dout * mask
    return dout  # given

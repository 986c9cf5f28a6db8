"""Reference losses. Each returns the scalar loss and its gradient with respect to the prediction."""

import numpy as np


# Shown in exercises/backprop/backprop.md, cell losses
def softmax_cross_entropy(scores: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Softmax followed by the cross-entropy, averaged over the batch.

    With p[n, c] = exp(s[n, c]) / Σ_k exp(s[n, k]), the loss is

        L = −(1/N) Σ_n log p[n, y_n],      ∂L/∂s[n, c] = (p[n, c] − 1[c = y_n]) / N.

    The row maximum is subtracted before exponentiating; this leaves p unchanged and
    keeps exp from overflowing.

    Args:
        scores: (N, C) unnormalised class scores s.
        y: (N,) integer labels, 0 ≤ y_n < C.

    Returns:
        loss: the scalar L.
        dscores: (N, C) gradient ∂L/∂s.
    """
    n = scores.shape[0]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_p[np.arange(n), y].mean()
    dscores = np.exp(log_p)
    dscores[np.arange(n), y] -= 1
    dscores /= n
    return float(loss), dscores


# Shown in exercises/backprop/backprop.md, cell losses
def mse_loss(pred: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean squared error over every entry.

        L = (1/P) Σ_i (ŷ_i − y_i)²,      ∂L/∂ŷ = 2 (ŷ − y) / P,

    where P is the number of entries of ŷ (batch size times outputs per example).

    Args:
        pred: predictions ŷ, any shape.
        target: targets y, same shape as pred.

    Returns:
        loss: the scalar L.
        dpred: ∂L/∂ŷ, same shape as pred.
    """
    diff = pred - target
    loss = np.mean(diff**2)
    dpred = 2 * diff / diff.size
    return float(loss), dpred

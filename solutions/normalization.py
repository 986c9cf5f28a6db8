"""Reference batch normalization for (N, D) inputs, with PyTorch's ``BatchNorm1d`` conventions.

The forward pass normalises with the batch's *biased* variance (dividing by N) in training
mode and keeps running averages in ``bn_param``; the running variance averages the
*unbiased* batch variance (dividing by N − 1), and the momentum is the weight of the new
batch, as ``torch.nn.BatchNorm1d(momentum=0.1)`` does. Test mode uses the running
averages and leaves them unchanged.
"""

from typing import Any

import numpy as np


# Shown in exercises/optim/optim.md, cell batchnorm
def batchnorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, bn_param: dict[str, Any]) -> tuple[np.ndarray, Any]:
    """Batch normalization of every feature (column), as ``torch.nn.BatchNorm1d`` in train or eval mode.

    Training mode (``bn_param["mode"] == "train"``, N ≥ 2), per feature j:

        μ = (1/N) Σ_n x[n, j],    σ² = (1/N) Σ_n (x[n, j] − μ)²        (biased)
        x̂ = (x − μ) / √(σ² + ε),  out = γ x̂ + β
        running_mean ← (1 − m) running_mean + m μ
        running_var  ← (1 − m) running_var + m σ² N / (N − 1)        (unbiased)

    Test mode (``"test"``): x̂ = (x − running_mean) / √(running_var + ε), out = γ x̂ + β, and
    the running averages are left as they are.

    Args:
        x: (N, D) inputs.
        gamma: (D,) scale γ; beta: (D,) shift β.
        bn_param: ``mode`` ("train" or "test", required), ``eps`` ε (default 1e-5),
            ``momentum`` m, the weight of the new batch (default 0.1, PyTorch's), and the
            running averages ``running_mean`` (D,) and ``running_var`` (D,), zeros and ones of
            x's dtype when absent (PyTorch's start). After a call bn_param holds the new
            running averages under those keys (in training mode; in test mode the same).

    Returns:
        out: (N, D), x's dtype.
        cache: what :func:`batchnorm_backward` needs, the mode included.
    """
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.1)
    N, D = x.shape  # given
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.ones(D, dtype=x.dtype))
    if mode == "train":
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        inv_std = 1 / np.sqrt(var + eps)
        x_hat = (x - mean) * inv_std
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var * N / (N - 1)
    elif mode == "test":
        inv_std = 1 / np.sqrt(running_var + eps)
        x_hat = (x - running_mean) * inv_std
    else:
        raise ValueError(f"unknown mode {mode!r}")  # given
    out = gamma * x_hat + beta
    bn_param["running_mean"], bn_param["running_var"] = running_mean, running_var
    cache = (mode, x_hat, gamma, inv_std)
    return out, cache  # given


# Shown in exercises/optim/optim.md, cell batchnorm
def batchnorm_backward(dout: np.ndarray, cache: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of :func:`batchnorm_forward`, in the mode the forward pass ran in.

    Training mode: the mean and the variance depend on every input (the book's *Batch
    normalization*, the compact formula), with g = dout:

        dβ = Σ_n g[n],   dγ = Σ_n g[n] x̂[n],   dx = γ / (N √(σ² + ε)) · (N g − dβ − x̂ dγ)

    Test mode: the running averages are constants, so the layer is a fixed affine map per
    feature: dx = γ g / √(running_var + ε), and dγ, dβ as above.

    Args:
        dout: (N, D) upstream gradient.
        cache: from the forward pass.

    Returns:
        dx: (N, D), dgamma: (D,), dbeta: (D,), in dout's dtype.
    """
    mode, x_hat, gamma, inv_std = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    if mode == "train":
        N = dout.shape[0]
        dx = gamma * inv_std / N * (N * dout - dbeta - x_hat * dgamma)
    else:
        dx = gamma * inv_std * dout
    return dx, dgamma, dbeta  # given

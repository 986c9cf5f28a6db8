"""PyTorch autograd versions of the backprop assignment's functions (float64 NumPy in and out)."""

import numpy as np
import torch
import torch.nn.functional as F

from autograder.oracles.autograd import tensor, to_numpy, vjp


def affine(x: np.ndarray, w: np.ndarray, b: np.ndarray, dout: np.ndarray) -> dict[str, np.ndarray]:
    """out = flatten(x) @ w + b, and dx, dw, db for upstream gradient dout."""
    tx, tw, tb = tensor(x), tensor(w), tensor(b)
    out = F.linear(tx.flatten(1), tw.T, tb)
    dx, dw, db = vjp(out, [tx, tw, tb], dout)
    return {"out": to_numpy(out), "dx": dx, "dw": dw, "db": db}


ACTIVATIONS = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh}


def activation(name: str, x: np.ndarray, dout: np.ndarray) -> dict[str, np.ndarray]:
    """out = φ(x) elementwise and dx for upstream gradient dout (ReLU'(0) = 0, as in PyTorch)."""
    tx = tensor(x)
    out = ACTIVATIONS[name](tx)
    (dx,) = vjp(out, [tx], dout)
    return {"out": to_numpy(out), "dx": dx}


def softmax_cross_entropy(scores: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """Mean cross-entropy of softmax(scores) against labels y, and its gradient."""
    ts = tensor(scores)
    loss = F.cross_entropy(ts, torch.tensor(y, dtype=torch.int64), reduction="mean")
    (grad,) = torch.autograd.grad(loss, [ts])
    return {"loss": to_numpy(loss), "grad": to_numpy(grad)}


def mse(pred: np.ndarray, target: np.ndarray) -> dict[str, np.ndarray]:
    """Mean over all entries of (pred − target)², and its gradient."""
    tp = tensor(pred)
    loss = F.mse_loss(tp, tensor(target, grad=False), reduction="mean")
    (grad,) = torch.autograd.grad(loss, [tp])
    return {"loss": to_numpy(loss), "grad": to_numpy(grad)}


def mlp_scores(params: dict[str, torch.Tensor], activation_name: str, X: np.ndarray) -> torch.Tensor:
    """Class scores of the MLP with parameters W1, b1, ..., WL, bL (hidden layers use φ)."""
    num_layers = len(params) // 2
    a = tensor(X, grad=False)
    for layer in range(1, num_layers + 1):
        a = a @ params[f"W{layer}"] + params[f"b{layer}"]
        if layer < num_layers:
            a = ACTIVATIONS[activation_name](a)
    return a


def mlp(
    params: dict[str, np.ndarray], activation_name: str, reg: float, X: np.ndarray, y: np.ndarray
) -> dict[str, np.ndarray]:
    """Scores, loss (mean cross-entropy + reg/2 Σ‖W‖²) and a gradient for every parameter."""
    tparams = {k: tensor(v) for k, v in params.items()}
    scores = mlp_scores(tparams, activation_name, X)
    loss = F.cross_entropy(scores, torch.tensor(y, dtype=torch.int64))
    loss = loss + 0.5 * reg * sum((w * w).sum() for k, w in tparams.items() if k.startswith("W"))
    grads = torch.autograd.grad(loss, list(tparams.values()))
    out = {"scores": to_numpy(scores), "loss": to_numpy(loss)}
    out.update({f"d{k}": to_numpy(g) for k, g in zip(tparams, grads)})
    return out

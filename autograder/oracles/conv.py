"""PyTorch autograd versions of the convolution assignment (computed in float64, NumPy in and out)."""

import numpy as np
import torch
import torch.nn.functional as F

from autograder.oracles.autograd import tensor, to_numpy, vjp


def conv(x: np.ndarray, w: np.ndarray, b: np.ndarray, dout: np.ndarray, stride: int, pad: int) -> dict[str, np.ndarray]:
    """torch.nn.functional.conv2d (cross-correlation) and its gradients, cast back to x's dtype."""
    tx, tw, tb = tensor(x), tensor(w), tensor(b)
    out = F.conv2d(tx, tw, tb, stride=stride, padding=pad)
    dx, dw, db = vjp(out, [tx, tw, tb], dout)
    return {k: v.astype(x.dtype) for k, v in {"out": to_numpy(out), "dx": dx, "dw": dw, "db": db}.items()}


def pool(kind: str, x: np.ndarray, dout: np.ndarray, pool_height: int, pool_width: int, stride: int) -> dict[str, np.ndarray]:
    """max_pool2d (ties: the gradient goes to the first maximum) or avg_pool2d, and dx."""
    tx = tensor(x)
    fn = F.max_pool2d if kind == "max" else F.avg_pool2d
    out = fn(tx, (pool_height, pool_width), stride)
    (dx,) = vjp(out, [tx], dout)
    return {"out": to_numpy(out).astype(x.dtype), "dx": dx.astype(x.dtype)}


def cnn_scores(params: dict[str, torch.Tensor], X: torch.Tensor) -> torch.Tensor:
    """conv 3×3 pad 1 – ReLU – 2×2 max pool – affine – ReLU – affine."""
    a = F.max_pool2d(torch.relu(F.conv2d(X, params["W1"], params["b1"], padding=1)), 2, 2)
    a = torch.relu(a.flatten(1) @ params["W2"] + params["b2"])
    return a @ params["W3"] + params["b3"]


def cnn(params: dict[str, np.ndarray], reg: float, X: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """Scores, loss (mean cross-entropy + reg/2 Σ‖W‖²) and every parameter's gradient."""
    tparams = {k: tensor(v) for k, v in params.items()}
    scores = cnn_scores(tparams, tensor(X, grad=False))
    loss = F.cross_entropy(scores, torch.tensor(y, dtype=torch.int64))
    loss = loss + 0.5 * reg * sum((tparams[k] ** 2).sum() for k in ("W1", "W2", "W3"))
    grads = torch.autograd.grad(loss, list(tparams.values()))
    out = {"scores": to_numpy(scores), "loss": to_numpy(loss)}
    out.update({f"d{k}": to_numpy(g) for k, g in zip(tparams, grads)})
    return out


def cnn_predict(params: dict[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        tparams = {k: torch.tensor(v, dtype=torch.float64) for k, v in params.items()}
        return cnn_scores(tparams, torch.tensor(X, dtype=torch.float64)).argmax(dim=1).numpy()


def max_pool_tie_variants(x: np.ndarray, dout: np.ndarray, pool_height: int, pool_width: int,
                          stride: int) -> dict[str, np.ndarray]:
    """dx of max pooling under the other tie rules students use: every, split, last maximum."""
    N, C, H, W = x.shape
    variants = {rule: np.zeros(x.shape) for rule in ("every", "split", "last")}
    for n, c, i, j in np.ndindex(*dout.shape):
        rows, cols = slice(i * stride, i * stride + pool_height), slice(j * stride, j * stride + pool_width)
        window = x[n, c, rows, cols]
        tied = window == window.max()
        g = float(dout[n, c, i, j])
        variants["every"][n, c, rows, cols] += g * tied
        variants["split"][n, c, rows, cols] += g * tied / tied.sum()
        last = np.flatnonzero(tied.ravel())[-1]
        variants["last"][n, c, i * stride + last // pool_width, j * stride + last % pool_width] += g
    return {rule: dx.astype(x.dtype) for rule, dx in variants.items()}

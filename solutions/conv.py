"""Reference convolution and pooling layers, and a small convolutional network.

Layout: images are (N, C, H, W); filters are (F, C, HH, WW). A convolution layer computes
the cross-correlation used in deep learning (the kernel is not flipped):

    out[n, f, i, j] = b[f] + Σ_c Σ_p Σ_q x_pad[n, c, i·s + p, j·s + q] · w[f, c, p, q],

with x_pad the input zero-padded by P on each side, and output size
H' = (H + 2P − HH) // s + 1, W' = (W + 2P − WW) // s + 1.
"""

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from solutions.layers import affine_backward, affine_forward, relu_backward, relu_forward
from solutions.losses import softmax_cross_entropy
from solutions.optim import sgd_step
from toolkit.train import train


# Shown in exercises/conv/conv.md, cell conv_naive
def conv_output_size(size: int, kernel: int, stride: int, pad: int) -> int:
    """Positions a kernel of width ``kernel`` takes along an axis of ``size``: (size + 2·pad − kernel) // stride + 1."""
    return (size + 2 * pad - kernel) // stride + 1


# Shown in exercises/conv/conv.md, cell conv_naive
def conv_forward_naive(x: np.ndarray, w: np.ndarray, b: np.ndarray, conv_param: dict) -> tuple[np.ndarray, Any]:
    """Convolution with explicit loops over examples, filters and output positions.

    Args:
        x: (N, C, H, W) inputs.
        w: (F, C, HH, WW) filters.
        b: (F,) biases.
        conv_param: ``stride`` s ≥ 1 and ``pad`` P ≥ 0 (zeros on every side).

    Returns:
        out: (N, F, H', W'), same dtype as x.
        cache: (x, w, b, conv_param).
    """
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, _, H, W = x.shape  # given
    F, _, HH, WW = w.shape  # given
    H_out, W_out = conv_output_size(H, HH, stride, pad), conv_output_size(W, WW, stride, pad)
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, F, H_out, W_out), dtype=x.dtype)
    for n in range(N):  # given
        for f in range(F):  # given
            for i in range(H_out):  # given
                for j in range(W_out):  # given
                    window = x_pad[n, :, i * stride : i * stride + HH, j * stride : j * stride + WW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    cache = (x, w, b, conv_param)
    return out, cache  # given


# Shown in exercises/conv/conv.md, cell conv_naive
def conv_backward_naive(dout: np.ndarray, cache: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of :func:`conv_forward_naive`, with the same loops.

    Each output position adds w[f] · dout[n, f, i, j] to the window of dx_pad it read, and
    that window · dout[n, f, i, j] to dw[f]; db[f] sums dout over n, i, j. The padding is
    cut off dx_pad at the end.

    Args:
        dout: (N, F, H', W') upstream gradient.
        cache: from the forward pass.

    Returns:
        dx: (N, C, H, W), dw: (F, C, HH, WW), db: (F,).
    """
    x, w, b, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, F, H_out, W_out = dout.shape  # given
    _, _, HH, WW = w.shape  # given
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    db = dout.sum(axis=(0, 2, 3))
    for n in range(N):  # given
        for f in range(F):  # given
            for i in range(H_out):  # given
                for j in range(W_out):  # given
                    rows = slice(i * stride, i * stride + HH)
                    cols = slice(j * stride, j * stride + WW)
                    dx_pad[n, :, rows, cols] += w[f] * dout[n, f, i, j]
                    dw[f] += x_pad[n, :, rows, cols] * dout[n, f, i, j]
    dx = dx_pad[:, :, pad : pad + x.shape[2], pad : pad + x.shape[3]]
    return dx, dw, db  # given


# Shown in exercises/conv/conv.md, cell conv_fast
def _windows(x_pad: np.ndarray, HH: int, WW: int, stride: int) -> np.ndarray:
    """(N, C, H', W', HH, WW) view of every window the filters visit (no copy)."""
    return sliding_window_view(x_pad, (HH, WW), axis=(2, 3))[:, :, ::stride, ::stride]


# Shown in exercises/conv/conv.md, cell conv_fast
def conv_forward_fast(x: np.ndarray, w: np.ndarray, b: np.ndarray, conv_param: dict) -> tuple[np.ndarray, Any]:
    """Vectorised convolution: one tensor contraction over a strided view of the windows.

    The view windows[n, c, i, j, p, q] = x_pad[n, c, i·s + p, j·s + q] is the im2col matrix
    without copying it; contracting it with w over (c, p, q) gives every output at once.
    Same arguments and results as :func:`conv_forward_naive`.
    """
    stride, pad = conv_param["stride"], conv_param["pad"]
    _, _, HH, WW = w.shape  # given
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = _windows(x_pad, HH, WW, stride)
    out = np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)
    out = np.ascontiguousarray(out + b[None, :, None, None])
    cache = (x, w, conv_param, windows)
    return out, cache  # given


# Shown in exercises/conv/conv.md, cell conv_fast
def conv_backward_fast(dout: np.ndarray, cache: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of :func:`conv_forward_fast`.

    dw[f, c, p, q] = Σ_{n,i,j} dout[n, f, i, j] · windows[n, c, i, j, p, q]; the gradient of
    each window, Σ_f dout[n, f, i, j] · w[f, c, p, q], is added back into dx_pad one kernel
    offset (p, q) at a time, then the padding is cut off.
    """
    x, w, conv_param, windows = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    _, _, H_out, W_out = dout.shape  # given
    _, _, HH, WW = w.shape  # given
    db = dout.sum(axis=(0, 2, 3))
    dw = np.tensordot(dout, windows, axes=([0, 2, 3], [0, 2, 3]))
    dwindows = np.tensordot(dout, w, axes=([1], [0]))  # (N, H', W', C, HH, WW)
    dx_pad = np.zeros((x.shape[0], x.shape[1], x.shape[2] + 2 * pad, x.shape[3] + 2 * pad), dtype=dout.dtype)
    for p in range(HH):  # given
        for q in range(WW):  # given
            dx_pad[:, :, p : p + stride * H_out : stride, q : q + stride * W_out : stride] += (
                dwindows[:, :, :, :, p, q].transpose(0, 3, 1, 2)
            )
    dx = dx_pad[:, :, pad : pad + x.shape[2], pad : pad + x.shape[3]]
    return dx, dw, db  # given


# Shown in exercises/conv/conv.md, cell pooling
def max_pool_forward(x: np.ndarray, pool_param: dict) -> tuple[np.ndarray, Any]:
    """Max pooling over pool_height × pool_width windows moved by ``stride``, no padding.

    Args:
        x: (N, C, H, W) inputs.
        pool_param: ``pool_height``, ``pool_width``, ``stride``.

    Returns:
        out: (N, C, H', W') with H' = (H − pool_height) // stride + 1 (likewise W').
        cache: (x, pool_param, argmax), argmax the flat index of the maximum in each window.
    """
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    windows = sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::stride, ::stride]
    flat = windows.reshape(*windows.shape[:4], ph * pw)
    argmax = flat.argmax(axis=-1)  # ties: the first maximum in row-major order
    out = np.take_along_axis(flat, argmax[..., None], axis=-1)[..., 0]
    cache = (x, pool_param, argmax)
    return out, cache  # given


# Shown in exercises/conv/conv.md, cell pooling
def max_pool_backward(dout: np.ndarray, cache: Any) -> np.ndarray:
    """Backward pass of :func:`max_pool_forward`.

    Each window sends its upstream gradient to the one input that was its maximum (the
    first in row-major order when several are equal); overlapping windows add up.

    Returns:
        dx: (N, C, H, W).
    """
    x, pool_param, argmax = cache
    pw, stride = pool_param["pool_width"], pool_param["stride"]
    dx = np.zeros_like(x, dtype=dout.dtype)
    N, C, H_out, W_out = dout.shape  # given
    n, c, i, j = np.indices((N, C, H_out, W_out))
    rows = i * stride + argmax // pw
    cols = j * stride + argmax % pw
    np.add.at(dx, (n, c, rows, cols), dout)
    return dx


# Shown in exercises/conv/conv.md, cell pooling
def avg_pool_forward(x: np.ndarray, pool_param: dict) -> tuple[np.ndarray, Any]:
    """Average pooling: the mean of each pool_height × pool_width window (arguments as max pooling).

    Returns:
        out: (N, C, H', W'); cache: (x.shape, pool_param).
    """
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    windows = sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::stride, ::stride]
    out = windows.mean(axis=(4, 5))
    cache = (x.shape, pool_param)
    return out, cache  # given


# Shown in exercises/conv/conv.md, cell pooling
def avg_pool_backward(dout: np.ndarray, cache: Any) -> np.ndarray:
    """Backward pass of :func:`avg_pool_forward`: each input in a window gets dout / (pool_height · pool_width)."""
    shape, pool_param = cache
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    _, _, H_out, W_out = dout.shape  # given
    dx = np.zeros(shape, dtype=dout.dtype)
    share = dout / (ph * pw)
    for p in range(ph):  # given
        for q in range(pw):  # given
            dx[:, :, p : p + stride * H_out : stride, q : q + stride * W_out : stride] += share
    return dx


class ThreeLayerConvNet:
    """conv (3×3, pad 1) – ReLU – 2×2 max pool – affine – ReLU – affine – softmax cross-entropy.

    Attributes:
        params: W1 (F, C, 3, 3), b1 (F,), W2 (F·H/2·W/2, hidden), b2 (hidden,),
            W3 (hidden, classes), b3 (classes,).
        reg: L2 strength on W1, W2, W3: the loss adds (reg / 2) Σ ‖W‖².
    """

    conv_param = {"stride": 1, "pad": 1}
    pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}

    def __init__(
        self,
        input_dim: tuple[int, int, int] = (1, 8, 8),
        num_filters: int = 16,
        hidden_dim: int = 64,
        num_classes: int = 10,
        reg: float = 0.0,
        seed: int = 0,
    ) -> None:
        """He-initialised weights (variance 2 / fan-in), zero biases; H and W must be even."""
        C, H, W = input_dim
        rng = np.random.default_rng(seed)
        flat = num_filters * (H // 2) * (W // 2)
        self.reg = reg
        self.params = {
            "W1": rng.standard_normal((num_filters, C, 3, 3)) * np.sqrt(2 / (C * 9)),
            "b1": np.zeros(num_filters),
            "W2": rng.standard_normal((flat, hidden_dim)) * np.sqrt(2 / flat),
            "b2": np.zeros(hidden_dim),
            "W3": rng.standard_normal((hidden_dim, num_classes)) * np.sqrt(2 / hidden_dim),
            "b3": np.zeros(num_classes),
        }

    # Shown in exercises/conv/conv.md, cell cnn
    def loss(self, X: np.ndarray, y: np.ndarray | None = None) -> np.ndarray | tuple[float, dict[str, np.ndarray]]:
        """Class scores (N, classes) for X (N, C, H, W); with labels y, (loss, grads) instead."""
        p = self.params
        conv, conv_cache = conv_forward_fast(X, p["W1"], p["b1"], self.conv_param)
        a1, relu1_cache = relu_forward(conv)
        pooled, pool_cache = max_pool_forward(a1, self.pool_param)
        hidden, affine2_cache = affine_forward(pooled, p["W2"], p["b2"])
        a2, relu2_cache = relu_forward(hidden)
        scores, affine3_cache = affine_forward(a2, p["W3"], p["b3"])
        if y is None:
            return scores  # given
        loss, dscores = softmax_cross_entropy(scores, y)
        loss += 0.5 * self.reg * sum(float(np.sum(p[k] ** 2)) for k in ("W1", "W2", "W3"))
        grads = {}
        da2, grads["W3"], grads["b3"] = affine_backward(dscores, affine3_cache)
        dpooled, grads["W2"], grads["b2"] = affine_backward(relu_backward(da2, relu2_cache), affine2_cache)
        da1 = max_pool_backward(dpooled, pool_cache)
        _, grads["W1"], grads["b1"] = conv_backward_fast(relu_backward(da1, relu1_cache), conv_cache)
        for k in ("W1", "W2", "W3"):
            grads[k] = grads[k] + self.reg * p[k]
        return loss, grads  # given

    def predict(self, X: np.ndarray) -> np.ndarray:
        """(N,) predicted labels."""
        return np.argmax(self.loss(X), axis=1)


# Shown in exercises/conv/conv.md, cell train_digits
def train_digits_cnn(X_train: np.ndarray, y_train: np.ndarray) -> ThreeLayerConvNet:
    """Train a ThreeLayerConvNet on digits images (N, 1, 8, 8); the grader wants 95 % held-out accuracy.

    Must finish within the time limit (60 s on one core).
    """
    model = ThreeLayerConvNet(input_dim=X_train.shape[1:], num_filters=16, hidden_dim=64, reg=1e-4, seed=0)
    train(model, sgd_step, X_train, y_train, epochs=15, batch_size=32, learning_rate=0.1, seed=0, progress=True)
    return model  # given

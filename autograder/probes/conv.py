"""Probes of the convolution assignment (run inside the sandbox, beside the student's code)."""

import numpy as np

from .common import call, forward_elsewhere, model_loss, python_steps, trained_model


def conv(ns, emit, forward, backward, x, w, b, dout, stride, pad):
    out, cache = call(ns, emit, forward, x, w, b, {"stride": stride, "pad": pad})
    emit("out", out)
    forward_elsewhere(ns, forward, x, w, b, {"stride": stride, "pad": pad})
    dx, dw, db = call(ns, emit, backward, dout, cache)
    emit("dx", dx)
    emit("dw", dw)
    emit("db", db)


def conv_vectorised(ns, emit, forward, backward, x, w, b, dout, stride, pad, max_steps):
    """The ``conv`` probe, then the lines of Python the forward and backward passes run (``python_steps``;
    each call stopped once it has run more than ``max_steps``)."""
    conv(ns, emit, forward, backward, x, w, b, dout, stride, pad)
    param = {"stride": stride, "pad": pad}
    _, cache = ns[forward](x, w, b, param)
    steps = python_steps(ns[forward], x, w, b, param, stop_after=max_steps)
    if steps >= 0:
        backward_steps = python_steps(ns[backward], dout, cache, stop_after=max_steps)
        steps = -1 if backward_steps < 0 else steps + backward_steps
    emit("python_steps", np.asarray(steps))


def pool(ns, emit, forward, backward, x, dout, pool_height, pool_width, stride):
    param = {"pool_height": pool_height, "pool_width": pool_width, "stride": stride}
    out, cache = call(ns, emit, forward, x, param)
    emit("out", out)
    forward_elsewhere(ns, forward, x, param)
    emit("dx", call(ns, emit, backward, dout, cache))


def cnn(ns, emit, X, y, reg, num_filters, hidden_dim, num_classes, **params):
    model = ns["ThreeLayerConvNet"](input_dim=X.shape[1:], num_filters=num_filters, hidden_dim=hidden_dim,
                                    num_classes=num_classes, reg=reg, seed=0)
    model_loss(emit, model, X, y, params)


def _pool_forward(x, pool_param):
    """The grader's vectorised max pooling (first maximum of ties), used only while training."""
    from numpy.lib.stride_tricks import sliding_window_view

    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    windows = sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::stride, ::stride]
    flat = windows.reshape(*windows.shape[:4], ph * pw)
    return flat.max(axis=-1), (x.shape, flat.argmax(axis=-1), ph, pw, stride)


def _pool_backward(dout, cache):
    import numpy as np

    shape, argmax, ph, pw, stride = cache
    dx = np.zeros(shape, dtype=dout.dtype)
    n, c, i, j = np.indices(argmax.shape)
    np.add.at(dx, (n, c, i * stride + argmax // pw, j * stride + argmax % pw), dout)
    return dx


def train_digits(ns, emit, X_train, y_train):
    """Emit the trained network's parameters; the grader evaluates them on held-out digits.

    Training runs on the grader's max pooling: pooling is graded on its own, and a correct
    pooling written with loops must not make the training case run out of time.
    """
    names = ns._ns
    saved = {k: names.get(k) for k in ("max_pool_forward", "max_pool_backward")}
    names["max_pool_forward"], names["max_pool_backward"] = _pool_forward, _pool_backward
    try:
        trained_model(ns, emit, "train_digits_cnn", "ThreeLayerConvNet", X_train, y_train)
    finally:
        names.update(saved)

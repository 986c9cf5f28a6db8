"""The reference convolution and pooling layers against PyTorch (float64) over a grid of shapes."""

import itertools

import numpy as np
import pytest

from autograder.checks import relative_error
from autograder.oracles import conv as oracle
from solutions import conv
from toolkit import accuracy, load_digits_split

TOL = 1e-9
GRID = [  # (N, C, H, W), (F, HH, WW), stride, pad: non-square inputs and kernels included
    ((1, 1, 4, 4), (1, 1, 1), 1, 0),
    ((2, 3, 7, 5), (4, 3, 2), 2, 1),
    ((2, 2, 9, 11), (3, 5, 5), 3, 2),
    ((3, 1, 6, 6), (2, 3, 3), 1, 1),
    ((1, 2, 4, 3), (2, 4, 3), 1, 0),
    ((2, 2, 8, 7), (3, 2, 4), 2, 2),
]


@pytest.mark.parametrize("kind", ["naive", "fast"])
@pytest.mark.parametrize("x_shape,w_shape,stride,pad", GRID)
def test_convolution_matches_conv2d_and_autograd(kind, x_shape, w_shape, stride, pad):
    rng = np.random.default_rng(sum(x_shape) + sum(w_shape))
    x, w = rng.standard_normal(x_shape), rng.standard_normal((w_shape[0], x_shape[1], *w_shape[1:]))
    b = rng.standard_normal(w_shape[0])
    forward, backward = getattr(conv, f"conv_forward_{kind}"), getattr(conv, f"conv_backward_{kind}")
    out, cache = forward(x, w, b, {"stride": stride, "pad": pad})
    dout = rng.standard_normal(out.shape)
    expected = oracle.conv(x, w, b, dout, stride, pad)
    assert relative_error(out, expected["out"]) <= TOL
    for name, grad in zip(("dx", "dw", "db"), backward(dout, cache)):
        assert grad.shape == expected[name].shape and relative_error(grad, expected[name]) <= TOL, name


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("ph,pw,stride", [(2, 2, 2), (3, 2, 1), (2, 3, 3), (3, 3, 1)])
@pytest.mark.parametrize("ties", [False, True])
def test_pooling_matches_torch_and_autograd(kind, ph, pw, stride, ties):
    rng = np.random.default_rng(ph * 10 + pw + stride)
    x = rng.integers(0, 3, size=(2, 3, 7, 6)).astype(float) if ties else rng.standard_normal((2, 3, 7, 6))
    param = {"pool_height": ph, "pool_width": pw, "stride": stride}
    out, cache = getattr(conv, f"{kind}_pool_forward")(x, param)
    dout = rng.standard_normal(out.shape)
    dx = getattr(conv, f"{kind}_pool_backward")(dout, cache)
    expected = oracle.pool(kind, x, dout, ph, pw, stride)
    assert relative_error(out, expected["out"]) <= TOL and relative_error(dx, expected["dx"]) <= TOL


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_layers_keep_the_input_dtype(dtype):
    rng = np.random.default_rng(0)
    x, w, b = (rng.standard_normal(s).astype(dtype) for s in ((2, 2, 5, 5), (3, 2, 3, 3), (3,)))
    for kind in ("naive", "fast"):
        out, cache = getattr(conv, f"conv_forward_{kind}")(x, w, b, {"stride": 1, "pad": 1})
        assert out.dtype == dtype and all(g.dtype == dtype for g in getattr(conv, f"conv_backward_{kind}")(out, cache))
    for kind in ("max", "avg"):
        out, cache = getattr(conv, f"{kind}_pool_forward")(x, {"pool_height": 2, "pool_width": 2, "stride": 1})
        assert out.dtype == dtype and getattr(conv, f"{kind}_pool_backward")(out, cache).dtype == dtype


def test_output_size_formula():
    for size, kernel, stride, pad in itertools.product(range(3, 9), range(1, 4), range(1, 4), range(3)):
        expected = len(range(0, size + 2 * pad - kernel + 1, stride))
        assert conv.conv_output_size(size, kernel, stride, pad) == expected


@pytest.mark.parametrize("reg", [0.0, 0.1])
def test_network_matches_autograd(reg):
    rng = np.random.default_rng(3)
    model = conv.ThreeLayerConvNet(input_dim=(2, 6, 4), num_filters=3, hidden_dim=5, num_classes=4, reg=reg, seed=2)
    X, y = rng.standard_normal((3, 2, 6, 4)), rng.integers(0, 4, size=3)
    expected = oracle.cnn(model.params, reg, X, y)
    loss, grads = model.loss(X, y)
    assert relative_error(model.loss(X), expected["scores"]) <= TOL
    assert relative_error(np.array(loss), expected["loss"]) <= TOL
    for name, grad in grads.items():
        assert relative_error(grad, expected[f"d{name}"]) <= TOL, name


def test_training_reaches_the_stated_accuracy():
    X_train, y_train, X_test, y_test = load_digits_split(seed=1)
    model = conv.train_digits_cnn(X_train.reshape(-1, 1, 8, 8), y_train)
    assert accuracy(model.predict(X_test.reshape(-1, 1, 8, 8)), y_test) >= 0.95

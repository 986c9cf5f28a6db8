"""The reference recurrent layers against torch.nn.RNN, nn.LSTM, nn.LSTMCell and autograd (float64)."""

import numpy as np
import pytest

from autograder.checks import relative_error
from autograder.oracles import rnn as oracle
from solutions import rnn

TOL = 1e-9
# (N, T, D, H): a step of one, long sequences, a batch of one, H ≠ D
SHAPES = [(1, 1, 3, 5), (2, 50, 3, 4), (4, 7, 5, 2), (3, 12, 4, 4)]


def _weights(rng, D, H, gates):
    return rng.standard_normal((D, gates * H)) / np.sqrt(D), rng.standard_normal((H, gates * H)) / np.sqrt(H), \
        rng.standard_normal(gates * H)


def _assert_all(got, expected, names):
    for value, name in zip(got, names):
        assert value.shape == expected[name].shape and relative_error(value, expected[name]) <= TOL, name


@pytest.mark.parametrize("N,T,D,H", SHAPES)
def test_rnn_matches_nn_rnn(N, T, D, H):
    rng = np.random.default_rng(N * 100 + T)
    x, h0, dh = rng.standard_normal((N, T, D)), rng.standard_normal((N, H)), rng.standard_normal((N, T, H))
    Wx, Wh, b = _weights(rng, D, H, 1)
    h, cache = rnn.rnn_forward(x, h0, Wx, Wh, b)
    expected = oracle.rnn(x, h0, Wx, Wh, b, dh)
    assert relative_error(h, expected["h"]) <= TOL
    _assert_all(rnn.rnn_backward(dh, cache), expected, ["dx", "dh0", "dWx", "dWh", "db"])


@pytest.mark.parametrize("N,T,D,H", SHAPES)
def test_lstm_matches_nn_lstm(N, T, D, H):
    rng = np.random.default_rng(N * 100 + T + 1)
    x, dh = rng.standard_normal((N, T, D)), rng.standard_normal((N, T, H))
    h0, c0 = rng.standard_normal((N, H)), rng.standard_normal((N, H))
    Wx, Wh, b = _weights(rng, D, H, 4)
    h, cache = rnn.lstm_forward(x, h0, c0, Wx, Wh, b)
    expected = oracle.lstm(x, h0, c0, Wx, Wh, b, dh)
    assert relative_error(h, expected["h"]) <= TOL
    _assert_all(rnn.lstm_backward(dh, cache), expected, ["dx", "dh0", "dc0", "dWx", "dWh", "db"])


@pytest.mark.parametrize("scale", [1.0, 1000.0])
def test_steps_match_torch_even_when_saturated(scale):
    rng = np.random.default_rng(int(scale))
    N, D, H = 3, 4, 5
    x, h, c = rng.standard_normal((N, D)), rng.standard_normal((N, H)), rng.standard_normal((N, H))
    dnext_h, dnext_c = rng.standard_normal((N, H)), rng.standard_normal((N, H))
    Wx, Wh, b = (scale * w for w in _weights(rng, D, H, 1))
    next_h, cache = rnn.rnn_step_forward(x, h, Wx, Wh, b)
    expected = oracle.rnn_step(x, h, Wx, Wh, b, dnext_h)
    assert relative_error(next_h, expected["next_h"]) <= TOL
    _assert_all(rnn.rnn_step_backward(dnext_h, cache), expected, ["dx", "dprev_h", "dWx", "dWh", "db"])
    Wx, Wh, b = (scale * w for w in _weights(rng, D, H, 4))
    with np.errstate(over="raise", invalid="raise"):
        next_h, next_c, cache = rnn.lstm_step_forward(x, h, c, Wx, Wh, b)
    expected = oracle.lstm_step(x, h, c, Wx, Wh, b, dnext_h, dnext_c)
    assert relative_error(next_h, expected["next_h"]) <= TOL and relative_error(next_c, expected["next_c"]) <= TOL
    _assert_all(rnn.lstm_step_backward(dnext_h, dnext_c, cache), expected,
                ["dx", "dprev_h", "dprev_c", "dWx", "dWh", "db"])


@pytest.mark.parametrize("scale,max_norm", [(3.0, 1.0), (0.1, 5.0)])
def test_clipping_matches_the_global_norm_rule(scale, max_norm):
    rng = np.random.default_rng(7)
    grads = {"W": scale * rng.standard_normal((3, 4)), "b": scale * rng.standard_normal(4)}
    expected = oracle.clip(grads, max_norm)
    arrays = dict(grads)
    norm = rnn.clip_grad_norm(grads, max_norm)
    assert abs(norm - float(expected["norm"])) <= TOL * norm
    for name in grads:
        assert grads[name] is arrays[name] and relative_error(grads[name], expected[name]) <= TOL

"""LSTM step with scipy.special.expit as the sigmoid and a tuple cache holding the pre-activations; the backward recomputes the gates from them. Off: none."""
# %% lstm_step
from scipy.special import expit


def sigmoid(x):
    return expit(x)


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    N, H = prev_h.shape
    a = np.matmul(x, Wx) + np.matmul(prev_h, Wh) + b
    next_c = sigmoid(a[:, H:2 * H]) * prev_c + sigmoid(a[:, :H]) * np.tanh(a[:, 2 * H:3 * H])
    next_h = sigmoid(a[:, 3 * H:]) * np.tanh(next_c)
    return next_h, next_c, (x, prev_h, prev_c, Wx, Wh, a, next_c)


def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, a, next_c = cache
    H = prev_h.shape[1]
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    g = np.tanh(a[:, 2 * H:3 * H])
    o = sigmoid(a[:, 3 * H:])
    tc = np.tanh(next_c)
    dc = dnext_c + dnext_h * o * (1 - tc ** 2)
    da = np.zeros_like(a)
    da[:, :H] = dc * g * i * (1 - i)
    da[:, H:2 * H] = dc * prev_c * f * (1 - f)
    da[:, 2 * H:3 * H] = dc * i * (1 - g ** 2)
    da[:, 3 * H:] = dnext_h * tc * o * (1 - o)
    return (np.matmul(da, Wx.T), np.matmul(da, Wh.T), dc * f,
            np.matmul(x.T, da), np.matmul(prev_h.T, da), da.sum(axis=0))

"""LSTM step whose backward sends dnext_h into the cell as dnext_h * (1 - tanh(c')**2), forgetting the output gate factor o. Off: dprev_c and the i, f, g gradients are wrong."""
# %% lstm_step
def sigmoid(x):
    return np.where(x >= 0, 1 / (1 + np.exp(-np.abs(x))), np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))))


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    g = np.tanh(a[:, 2 * H:3 * H])
    o = sigmoid(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)
    return next_h, next_c, (x, prev_h, prev_c, Wx, Wh, i, f, g, o, next_c)


def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, g, o, next_c = cache
    tanh_c = np.tanh(next_c)
    dc = dnext_c + dnext_h * (1 - tanh_c ** 2)
    dai = dc * g * i * (1 - i)
    daf = dc * prev_c * f * (1 - f)
    dag = dc * i * (1 - g ** 2)
    dao = dnext_h * tanh_c * o * (1 - o)
    da = np.concatenate((dai, daf, dag, dao), axis=1)
    return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da, prev_h.T @ da, da.sum(axis=0)

"""Elman step with tanh written out as (e^a - e^-a)/(e^a + e^-a). Off: overflows to inf/inf = nan for pre-activations in the hundreds."""
# %% rnn_step
def tanh(a):
    return (np.exp(a) - np.exp(-a)) / (np.exp(a) + np.exp(-a))


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = tanh(x @ Wx + prev_h @ Wh + b)
    cache = (x, prev_h, Wx, Wh, next_h)
    return next_h, cache


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    dtanh = (1 - next_h * next_h) * dnext_h
    dx = dtanh @ Wx.T
    dprev_h = dtanh @ Wh.T
    dWx = x.T @ dtanh
    dWh = prev_h.T @ dtanh
    db = np.sum(dtanh, axis=0)
    return dx, dprev_h, dWx, dWh, db

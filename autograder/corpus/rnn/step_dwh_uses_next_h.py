"""Elman step, compact CS231n style, whose backward computes dWh from the new state instead of the previous one. Off: dWh = next_h.T @ da (should be prev_h.T @ da)."""
# %% rnn_step
def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x.dot(Wx) + prev_h.dot(Wh) + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    dtanh = dnext_h * (1 - next_h ** 2)
    return dtanh.dot(Wx.T), dtanh.dot(Wh.T), x.T.dot(dtanh), next_h.T.dot(dtanh), dtanh.sum(axis=0)

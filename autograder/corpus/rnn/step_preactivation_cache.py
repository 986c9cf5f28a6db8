"""Elman step that caches the pre-activation and recomputes 1 - tanh(a)**2 in the backward pass. Off: none."""
# %% rnn_step
def rnn_step_forward(x, prev_h, Wx, Wh, b):
    affine = x.dot(Wx) + prev_h.dot(Wh) + b.reshape(1, -1)
    next_h = np.tanh(affine)
    cache = (x, prev_h, Wx, Wh, affine)
    return next_h, cache


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, affine = cache
    dtanh = 1 - np.tanh(affine) ** 2
    daffine = dnext_h * dtanh
    dx = daffine.dot(Wx.T)
    dprev_h = daffine.dot(Wh.T)
    dWx = x.T.dot(daffine)
    dWh = prev_h.T.dot(daffine)
    db = daffine.sum(0)
    return dx, dprev_h, dWx, dWh, db

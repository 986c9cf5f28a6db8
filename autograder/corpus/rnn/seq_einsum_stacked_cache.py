"""Sequence forward/backward written inline (no step calls), cache of stacked arrays, weight gradients by einsum over time after the loop. Off: convention slip only, its buffers (np.zeros/np.empty) default to float64, so float32 inputs get float64 outputs."""
# %% rnn_sequence
def rnn_forward(x, h0, Wx, Wh, b):
    N, T, D = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H))
    prev = h0
    for t in range(T):
        prev = np.tanh(x[:, t, :] @ Wx + prev @ Wh + b)
        h[:, t, :] = prev
    cache = (x, h0, Wx, Wh, h)
    return h, cache


def rnn_backward(dh, cache):
    x, h0, Wx, Wh, h = cache
    N, T, H = dh.shape
    # h_prev[:, t] is the state that step t started from
    h_prev = np.concatenate([h0[:, None, :], h[:, :-1, :]], axis=1)
    da = np.zeros_like(h)
    carry = np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        da[:, t] = (dh[:, t] + carry) * (1 - h[:, t] ** 2)
        carry = da[:, t] @ Wh.T
    dx = np.einsum("nth,dh->ntd", da, Wx)
    dWx = np.einsum("ntd,nth->dh", x, da)
    dWh = np.einsum("ntk,nth->kh", h_prev, da)
    db = da.sum(axis=(0, 1))
    dh0 = carry
    return dx, dh0, dWx, dWh, db

"""Sequence forward/backward that allocates every buffer with np.zeros_like / np.empty(dtype=x.dtype) and loops with a while counter. Off: none."""
# %% rnn_sequence
def rnn_forward(x, h0, Wx, Wh, b):
    N, T, D = x.shape
    h = np.empty((N, T, h0.shape[1]), dtype=x.dtype)
    cache = []
    t = 0
    prev = h0
    while t < T:
        prev, c = rnn_step_forward(x[:, t, :], prev, Wx, Wh, b)
        h[:, t, :] = prev
        cache.append(c)
        t += 1
    return h, cache


def rnn_backward(dh, cache):
    N, T, H = dh.shape
    x0, _, Wx, Wh, _ = cache[0]
    dx = np.empty((N, T, x0.shape[1]), dtype=dh.dtype)
    dWx, dWh = np.zeros_like(Wx), np.zeros_like(Wh)
    db = np.zeros_like(dh[0, 0])
    carry = np.zeros_like(dh[:, 0, :])
    t = T - 1
    while t >= 0:
        dx[:, t, :], carry, gWx, gWh, gb = rnn_step_backward(dh[:, t, :] + carry, cache[t])
        dWx += gWx
        dWh += gWh
        db += gb
        t -= 1
    return dx, carry, dWx, dWh, db

"""Sequence forward/backward that allocates every buffer with np.empty / np.zeros_like in the inputs' dtype and loops with a while counter. Off: none."""
# %% gru_sequence
def gru_forward(x, h0, Wx, Wh, bx, bh):
    N, T, D = x.shape
    h = np.empty((N, T, h0.shape[1]), dtype=x.dtype)
    cache = []
    t = 0
    prev = h0
    while t < T:
        prev, c = gru_step_forward(x[:, t, :], prev, Wx, Wh, bx, bh)
        h[:, t, :] = prev
        cache.append(c)
        t += 1
    return h, cache


def gru_backward(dh, cache):
    N, T, H = dh.shape
    x0, _, Wx, Wh = cache[0][:4]
    dx = np.empty((N, T, x0.shape[1]), dtype=dh.dtype)
    dWx, dWh = np.zeros_like(Wx), np.zeros_like(Wh)
    dbx, dbh = np.zeros_like(Wx[0]), np.zeros_like(Wh[0])
    carry = np.zeros_like(dh[:, 0, :])
    t = T - 1
    while t >= 0:
        dx[:, t, :], carry, gWx, gWh, gbx, gbh = gru_step_backward(dh[:, t, :] + carry, cache[t])
        dWx += gWx
        dWh += gWh
        dbx += gbx
        dbh += gbh
        t -= 1
    return dx, carry, dWx, dWh, dbx, dbh

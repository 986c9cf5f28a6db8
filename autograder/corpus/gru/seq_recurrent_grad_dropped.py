"""Sequence backward that feeds each step only dh[:, t] and overwrites the carried dprev_h. Off: the gradient from step t+1 never reaches h_t (only a 1-step sequence is right)."""
# %% gru_sequence
def gru_forward(x, h0, Wx, Wh, bx, bh):
    N, T, D = x.shape
    h = np.zeros((N, T, h0.shape[1]), dtype=x.dtype)
    caches = []
    prev_h = h0
    for t in range(T):
        prev_h, c = gru_step_forward(x[:, t], prev_h, Wx, Wh, bx, bh)
        h[:, t] = prev_h
        caches.append(c)
    return h, caches


def gru_backward(dh, cache):
    N, T, H = dh.shape
    x0, _, Wx, Wh = cache[0][:4]
    dx = np.zeros((N, T, x0.shape[1]), dtype=dh.dtype)
    dWx, dWh = np.zeros_like(Wx), np.zeros_like(Wh)
    dbx, dbh = np.zeros(3 * H, dtype=dh.dtype), np.zeros(3 * H, dtype=dh.dtype)
    dprev_h = None
    for t in reversed(range(T)):
        dx[:, t], dprev_h, a, b, c, d = gru_step_backward(dh[:, t], cache[t])
        dWx += a
        dWh += b
        dbx += c
        dbh += d
    return dx, dprev_h, dWx, dWh, dbx, dbh

"""Sequence backward that loops t = 0..T-1 over reversed caches (cache[::-1]) but writes dx[:, t] at the loop index. Off: dx comes out reversed in time (right only for T = 1 or a symmetric case)."""
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
    dprev_h = np.zeros((N, H), dtype=dh.dtype)
    for t, step_cache in enumerate(cache[::-1]):
        s = T - 1 - t
        dx[:, t], dprev_h, a, b, c, d = gru_step_backward(dh[:, s] + dprev_h, step_cache)
        dWx += a
        dWh += b
        dbx += c
        dbh += d
    return dx, dprev_h, dWx, dWh, dbx, dbh

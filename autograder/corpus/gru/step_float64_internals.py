"""GRU step that does all its arithmetic in float64 (astype(np.float64) on the way in) and casts every result back to the inputs' dtype on the way out. Off: none (more precise than needed, dtype kept)."""
# %% gru_step_forward
def gru_step_forward(x, prev_h, Wx, Wh, bx, bh):
    dtype = x.dtype
    x64, h64, Wx64, Wh64, bx64, bh64 = (a.astype(np.float64) for a in (x, prev_h, Wx, Wh, bx, bh))
    H = h64.shape[1]
    a = x64 @ Wx64 + bx64
    c = h64 @ Wh64 + bh64
    r = sigmoid(a[:, :H] + c[:, :H])
    z = sigmoid(a[:, H:2 * H] + c[:, H:2 * H])
    n = np.tanh(a[:, 2 * H:] + r * c[:, 2 * H:])
    next_h = (1 - z) * n + z * h64
    cache = (x64, h64, Wx64, Wh64, r, z, n, c[:, 2 * H:], dtype)
    return next_h.astype(dtype), cache

# %% gru_step_backward
def gru_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, r, z, n, cn, dtype = cache
    d = dnext_h.astype(np.float64)
    dan = d * (1 - z) * (1 - n ** 2)
    daz = d * (prev_h - n) * z * (1 - z)
    dar = dan * cn * r * (1 - r)
    gx = np.concatenate([dar, daz, dan], axis=1)
    gh = np.concatenate([dar, daz, dan * r], axis=1)
    grads = (gx @ Wx.T, gh @ Wh.T + d * z, x.T @ gx, prev_h.T @ gh, gx.sum(axis=0), gh.sum(axis=0))
    return tuple(g.astype(dtype) for g in grads)

# %% gru_sequence
def gru_forward(x, h0, Wx, Wh, bx, bh):
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]), dtype=x.dtype)
    caches = []
    prev = h0
    for t in range(T):
        prev, cache = gru_step_forward(x[:, t], prev, Wx, Wh, bx, bh)
        h[:, t] = prev
        caches.append(cache)
    return h, caches


def gru_backward(dh, cache):
    N, T, H = dh.shape
    x0, _, Wx, Wh = cache[0][:4]
    dx = np.zeros((N, T, x0.shape[1]), dtype=dh.dtype)
    dWx = np.zeros(Wx.shape, dtype=dh.dtype)
    dWh = np.zeros(Wh.shape, dtype=dh.dtype)
    dbx = np.zeros(3 * H, dtype=dh.dtype)
    dbh = np.zeros(3 * H, dtype=dh.dtype)
    dprev = np.zeros((N, H), dtype=dh.dtype)
    for t in reversed(range(T)):
        dx[:, t], dprev, gWx, gWh, gbx, gbh = gru_step_backward(dh[:, t] + dprev, cache[t])
        dWx += gWx
        dWh += gWh
        dbx += gbx
        dbh += gbh
    return dx, dprev, dWx, dWh, dbx, dbh

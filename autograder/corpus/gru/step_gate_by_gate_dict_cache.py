"""GRU step gate by gate: the weights sliced into W_ir, W_iz, W_in, ... with one pre-activation per gate, a dict cache, gradients put back together with np.hstack; its own sequence loop reading the dict caches. Off: none."""
# %% gru_step_forward
def gru_step_forward(x, prev_h, Wx, Wh, bx, bh):
    H = prev_h.shape[1]
    W_ir, W_iz, W_in = Wx[:, :H], Wx[:, H:2 * H], Wx[:, 2 * H:]
    W_hr, W_hz, W_hn = Wh[:, :H], Wh[:, H:2 * H], Wh[:, 2 * H:]
    b_ir, b_iz, b_in = bx[:H], bx[H:2 * H], bx[2 * H:]
    b_hr, b_hz, b_hn = bh[:H], bh[H:2 * H], bh[2 * H:]

    r = sigmoid(x @ W_ir + b_ir + prev_h @ W_hr + b_hr)
    z = sigmoid(x @ W_iz + b_iz + prev_h @ W_hz + b_hz)
    hidden_n = prev_h @ W_hn + b_hn
    n = np.tanh(x @ W_in + b_in + r * hidden_n)
    next_h = (1 - z) * n + z * prev_h
    cache = {"x": x, "prev_h": prev_h, "Wx": Wx, "Wh": Wh, "r": r, "z": z, "n": n, "hidden_n": hidden_n}
    return next_h, cache

# %% gru_step_backward
def gru_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh = cache["x"], cache["prev_h"], cache["Wx"], cache["Wh"]
    r, z, n, hidden_n = cache["r"], cache["z"], cache["n"], cache["hidden_n"]

    d_n = dnext_h * (1 - z)
    d_z = dnext_h * (prev_h - n)
    d_prev_h = dnext_h * z

    d_n_pre = d_n * (1 - n ** 2)          # through tanh
    d_r = d_n_pre * hidden_n
    d_hidden_n = d_n_pre * r
    d_r_pre = d_r * r * (1 - r)
    d_z_pre = d_z * z * (1 - z)

    d_input = np.hstack([d_r_pre, d_z_pre, d_n_pre])
    d_hidden = np.hstack([d_r_pre, d_z_pre, d_hidden_n])

    dx = d_input @ Wx.T
    d_prev_h = d_prev_h + d_hidden @ Wh.T
    dWx = x.T @ d_input
    dWh = prev_h.T @ d_hidden
    dbx = np.sum(d_input, axis=0)
    dbh = np.sum(d_hidden, axis=0)
    return dx, d_prev_h, dWx, dWh, dbx, dbh

# %% gru_sequence
def gru_forward(x, h0, Wx, Wh, bx, bh):
    N, T, D = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H), dtype=x.dtype)
    cache = []
    prev_h = h0
    for t in range(T):
        prev_h, step_cache = gru_step_forward(x[:, t, :], prev_h, Wx, Wh, bx, bh)
        h[:, t, :] = prev_h
        cache.append(step_cache)
    return h, cache


def gru_backward(dh, cache):
    N, T, H = dh.shape
    D = cache[0]["x"].shape[1]
    dx = np.zeros((N, T, D), dtype=dh.dtype)
    dWx = np.zeros_like(cache[0]["Wx"])
    dWh = np.zeros_like(cache[0]["Wh"])
    dbx = np.zeros(3 * H, dtype=dh.dtype)
    dbh = np.zeros(3 * H, dtype=dh.dtype)
    dprev = np.zeros((N, H), dtype=dh.dtype)
    for t in reversed(range(T)):
        dx_t, dprev, dWx_t, dWh_t, dbx_t, dbh_t = gru_step_backward(dh[:, t, :] + dprev, cache[t])
        dx[:, t, :] = dx_t
        dWx += dWx_t
        dWh += dWh_t
        dbx += dbx_t
        dbh += dbh_t
    return dx, dprev, dWx, dWh, dbx, dbh

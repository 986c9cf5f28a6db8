"""GRU step with np.einsum for every product and a tuple cache of the pre-activations; the backward recomputes the gates from them. Its own sequence code unpacks that cache. Off: none."""
# %% gru_step_forward
def gru_step_forward(x, prev_h, Wx, Wh, bx, bh):
    H = prev_h.shape[1]
    gi = np.einsum("nd,dk->nk", x, Wx) + bx       # input part, (N, 3H)
    gh = np.einsum("nh,hk->nk", prev_h, Wh) + bh  # hidden part, (N, 3H)
    pre_r = gi[:, :H] + gh[:, :H]
    pre_z = gi[:, H:2 * H] + gh[:, H:2 * H]
    r = sigmoid(pre_r)
    pre_n = gi[:, 2 * H:] + r * gh[:, 2 * H:]
    n = np.tanh(pre_n)
    z = sigmoid(pre_z)
    next_h = (1 - z) * n + z * prev_h
    return next_h, (x, prev_h, Wx, Wh, pre_r, pre_z, pre_n, gh[:, 2 * H:])

# %% gru_step_backward
def gru_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, pre_r, pre_z, pre_n, gh_n = cache
    r, z, n = sigmoid(pre_r), sigmoid(pre_z), np.tanh(pre_n)
    dpre_n = dnext_h * (1 - z) * (1 - n * n)
    dpre_z = dnext_h * (prev_h - n) * z * (1 - z)
    dpre_r = dpre_n * gh_n * r * (1 - r)
    dgi = np.concatenate((dpre_r, dpre_z, dpre_n), axis=1)
    dgh = np.concatenate((dpre_r, dpre_z, dpre_n * r), axis=1)
    dx = np.einsum("nk,dk->nd", dgi, Wx)
    dprev_h = np.einsum("nk,hk->nh", dgh, Wh) + dnext_h * z
    dWx = np.einsum("nd,nk->dk", x, dgi)
    dWh = np.einsum("nh,nk->hk", prev_h, dgh)
    return dx, dprev_h, dWx, dWh, dgi.sum(0), dgh.sum(0)

# %% gru_sequence
def gru_forward(x, h0, Wx, Wh, bx, bh):
    N, T, _ = x.shape
    hs = []
    caches = []
    h = h0
    for t in range(T):
        h, c = gru_step_forward(x[:, t], h, Wx, Wh, bx, bh)
        hs.append(h)
        caches.append(c)
    return np.stack(hs, axis=1), caches


def gru_backward(dh, cache):
    N, T, H = dh.shape
    x0, _, Wx, Wh = cache[0][:4]
    dxs = [None] * T
    dWx, dWh = np.zeros_like(Wx), np.zeros_like(Wh)
    dbx = np.zeros_like(Wx[0])
    dbh = np.zeros_like(Wh[0])
    carry = np.zeros_like(dh[:, 0])
    for t in range(T - 1, -1, -1):
        dxs[t], carry, a, b, c, d = gru_step_backward(dh[:, t] + carry, cache[t])
        dWx, dWh, dbx, dbh = dWx + a, dWh + b, dbx + c, dbh + d
    return np.stack(dxs, axis=1), carry, dWx, dWh, dbx, dbh

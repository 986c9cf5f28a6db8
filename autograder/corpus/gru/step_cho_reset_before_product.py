"""GRU step from Cho et al.'s paper: the reset gate applied to h before the product, tanh(x W_in + b_in + (r ⊙ h) W_hn + b_hn), with a consistent backward. Off: the notebook asks for PyTorch's r ⊙ (h W_hn + b_hn), a different function."""
# %% gru_step_forward
def gru_step_forward(x, prev_h, Wx, Wh, bx, bh):
    H = prev_h.shape[1]
    a = x @ Wx + bx
    c_rz = prev_h @ Wh[:, :2 * H] + bh[:2 * H]
    r = sigmoid(a[:, :H] + c_rz[:, :H])
    z = sigmoid(a[:, H:2 * H] + c_rz[:, H:])
    rh = r * prev_h
    n = np.tanh(a[:, 2 * H:] + rh @ Wh[:, 2 * H:] + bh[2 * H:])
    next_h = (1 - z) * n + z * prev_h
    return next_h, (x, prev_h, Wx, Wh, r, z, n, rh)

# %% gru_step_backward
def gru_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, r, z, n, rh = cache
    H = prev_h.shape[1]
    dan = dnext_h * (1 - z) * (1 - n ** 2)
    daz = dnext_h * (prev_h - n) * z * (1 - z)
    drh = dan @ Wh[:, 2 * H:].T
    dar = drh * prev_h * r * (1 - r)
    grz = np.concatenate([dar, daz], axis=1)
    gx = np.concatenate([dar, daz, dan], axis=1)
    dx = gx @ Wx.T
    dprev_h = grz @ Wh[:, :2 * H].T + drh * r + dnext_h * z
    dWx = x.T @ gx
    dWh = np.concatenate([prev_h.T @ grz, rh.T @ dan], axis=1)
    dbx = gx.sum(axis=0)
    dbh = np.concatenate([grz.sum(axis=0), dan.sum(axis=0)])
    return dx, dprev_h, dWx, dWh, dbx, dbh

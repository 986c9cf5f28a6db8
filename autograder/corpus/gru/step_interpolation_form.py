"""GRU step written as h' = n + z ⊙ (h − n), one concatenated product per side, cache as a list; backward in the same form. Off: none (the same function, another order of operations)."""
# %% gru_step_forward
def gru_step_forward(x, prev_h, Wx, Wh, bx, bh):
    H = prev_h.shape[1]
    xi = x.dot(Wx) + bx
    hh = prev_h.dot(Wh) + bh
    rz = sigmoid(xi[:, :2 * H] + hh[:, :2 * H])
    r, z = rz[:, :H], rz[:, H:]
    n = np.tanh(xi[:, 2 * H:] + r * hh[:, 2 * H:])
    next_h = n + z * (prev_h - n)
    cache = [x, prev_h, Wx, Wh, r, z, n, hh[:, 2 * H:]]
    return next_h, cache

# %% gru_step_backward
def gru_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, r, z, n, hh_n = cache
    # h' = n + z * (h - n): dn = dh' (1 - z), dz = dh' (h - n), dh = dh' z
    da_n = dnext_h * (1.0 - z) * (1.0 - n * n)
    da_z = dnext_h * (prev_h - n) * z * (1.0 - z)
    da_r = da_n * hh_n * r * (1.0 - r)
    g_in = np.concatenate([da_r, da_z, da_n], axis=1)
    g_hid = np.concatenate([da_r, da_z, r * da_n], axis=1)
    dx = g_in.dot(Wx.T)
    dprev_h = g_hid.dot(Wh.T) + z * dnext_h
    dWx = x.T.dot(g_in)
    dWh = prev_h.T.dot(g_hid)
    dbx = g_in.sum(axis=0)
    dbh = g_hid.sum(axis=0)
    return dx, dprev_h, dWx, dWh, dbx, dbh

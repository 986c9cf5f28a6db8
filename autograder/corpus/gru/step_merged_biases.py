"""GRU step that adds the two bias vectors once, b = bx + bh, outside the products (as for an LSTM), so b_hn is not scaled by the reset gate; dbx and dbh both get the gradient of b. Off: r must multiply (h W_hn + b_hn), bias included."""
# %% gru_step_forward
def gru_step_forward(x, prev_h, Wx, Wh, bx, bh):
    H = prev_h.shape[1]
    b = bx + bh
    xw = x @ Wx
    hw = prev_h @ Wh
    r = sigmoid(xw[:, :H] + hw[:, :H] + b[:H])
    z = sigmoid(xw[:, H:2 * H] + hw[:, H:2 * H] + b[H:2 * H])
    n = np.tanh(xw[:, 2 * H:] + r * hw[:, 2 * H:] + b[2 * H:])
    next_h = (1 - z) * n + z * prev_h
    return next_h, (x, prev_h, Wx, Wh, r, z, n, hw[:, 2 * H:])

# %% gru_step_backward
def gru_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, r, z, n, hw_n = cache
    dan = dnext_h * (1 - z) * (1 - n ** 2)
    daz = dnext_h * (prev_h - n) * z * (1 - z)
    dar = dan * hw_n * r * (1 - r)
    gx = np.concatenate([dar, daz, dan], axis=1)
    gh = np.concatenate([dar, daz, dan * r], axis=1)
    db = gx.sum(axis=0)
    return gx @ Wx.T, gh @ Wh.T + dnext_h * z, x.T @ gx, prev_h.T @ gh, db, db.copy()

"""GRU step that caches the bare product h W_hn and adds b_hn inside the forward's tanh; the backward's reset-gate gradient then uses h W_hn alone. Off: dr must be da_n ⊙ (h W_hn + b_hn), so every gradient through r is wrong when b_hn ≠ 0."""
# %% gru_step_forward
def gru_step_forward(x, prev_h, Wx, Wh, bx, bh):
    H = prev_h.shape[1]
    a = x @ Wx + bx
    hW = prev_h @ Wh
    r = sigmoid(a[:, :H] + hW[:, :H] + bh[:H])
    z = sigmoid(a[:, H:2 * H] + hW[:, H:2 * H] + bh[H:2 * H])
    n = np.tanh(a[:, 2 * H:] + r * (hW[:, 2 * H:] + bh[2 * H:]))
    next_h = (1 - z) * n + z * prev_h
    return next_h, (x, prev_h, Wx, Wh, r, z, n, hW[:, 2 * H:])

# %% gru_step_backward
def gru_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, r, z, n, hWn = cache
    dan = dnext_h * (1 - z) * (1 - n ** 2)
    daz = dnext_h * (prev_h - n) * z * (1 - z)
    dar = dan * hWn * r * (1 - r)
    gx = np.concatenate([dar, daz, dan], axis=1)
    gh = np.concatenate([dar, daz, dan * r], axis=1)
    return gx @ Wx.T, gh @ Wh.T + dnext_h * z, x.T @ gx, prev_h.T @ gh, gx.sum(0), gh.sum(0)

"""GRU step in Chung et al.'s convention h' = (1 − z) ⊙ h + z ⊙ n (the one many tutorials use), with a consistent backward. Off: the notebook asks for PyTorch's h' = (1 − z) ⊙ n + z ⊙ h, where z near 1 keeps."""
# %% gru_step_forward
def gru_step_forward(x, prev_h, Wx, Wh, bx, bh):
    H = prev_h.shape[1]
    a = x @ Wx + bx
    c = prev_h @ Wh + bh
    r = sigmoid(a[:, :H] + c[:, :H])
    z = sigmoid(a[:, H:2 * H] + c[:, H:2 * H])
    n = np.tanh(a[:, 2 * H:] + r * c[:, 2 * H:])
    next_h = (1 - z) * prev_h + z * n
    return next_h, (x, prev_h, Wx, Wh, r, z, n, c[:, 2 * H:])

# %% gru_step_backward
def gru_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, r, z, n, cn = cache
    dan = dnext_h * z * (1 - n ** 2)
    daz = dnext_h * (n - prev_h) * z * (1 - z)
    dar = dan * cn * r * (1 - r)
    gx = np.concatenate([dar, daz, dan], axis=1)
    gh = np.concatenate([dar, daz, dan * r], axis=1)
    return gx @ Wx.T, gh @ Wh.T + dnext_h * (1 - z), x.T @ gx, prev_h.T @ gh, gx.sum(0), gh.sum(0)

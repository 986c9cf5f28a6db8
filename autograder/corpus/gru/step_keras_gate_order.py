"""GRU step in Keras's kernel order z, r, h (update gate first), otherwise right, CS231n slicing. Off: the notebook asks for PyTorch's order r, z, n."""
# %% gru_step_forward
def gru_step_forward(x, prev_h, Wx, Wh, bx, bh):
    H = prev_h.shape[1]
    a = x @ Wx + bx
    c = prev_h @ Wh + bh
    z = sigmoid(a[:, 0:H] + c[:, 0:H])          # update gate
    r = sigmoid(a[:, H:2 * H] + c[:, H:2 * H])  # reset gate
    hn = c[:, 2 * H:3 * H]
    n = np.tanh(a[:, 2 * H:3 * H] + r * hn)
    next_h = z * prev_h + (1 - z) * n
    return next_h, (x, prev_h, Wx, Wh, r, z, n, hn)

# %% gru_step_backward
def gru_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, r, z, n, hn = cache
    dan = dnext_h * (1 - z) * (1 - n ** 2)
    daz = dnext_h * (prev_h - n) * z * (1 - z)
    dar = dan * hn * r * (1 - r)
    gx = np.concatenate([daz, dar, dan], axis=1)
    gh = np.concatenate([daz, dar, dan * r], axis=1)
    return gx @ Wx.T, gh @ Wh.T + dnext_h * z, x.T @ gx, prev_h.T @ gh, gx.sum(0), gh.sum(0)

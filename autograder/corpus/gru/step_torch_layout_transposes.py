"""GRU step that thinks in PyTorch's layout: it transposes the arguments back to weight_ih (3H, D) and weight_hh (3H, H), uses .chunk-like np.split along the gate axis and transposes the weight gradients at the end. Off: none."""
# %% gru_step_forward
def gru_step_forward(x, prev_h, Wx, Wh, bx, bh):
    weight_ih, weight_hh = Wx.T, Wh.T          # PyTorch's (3H, D) and (3H, H)
    gi = x @ weight_ih.T + bx
    gh = prev_h @ weight_hh.T + bh
    i_r, i_z, i_n = np.split(gi, 3, axis=1)
    h_r, h_z, h_n = np.split(gh, 3, axis=1)
    resetgate = sigmoid(i_r + h_r)
    updategate = sigmoid(i_z + h_z)
    newgate = np.tanh(i_n + resetgate * h_n)
    hy = newgate + updategate * (prev_h - newgate)
    return hy, (x, prev_h, weight_ih, weight_hh, resetgate, updategate, newgate, h_n)

# %% gru_step_backward
def gru_step_backward(dnext_h, cache):
    x, hx, weight_ih, weight_hh, resetgate, updategate, newgate, h_n = cache
    grad_n = dnext_h * (1 - updategate) * (1 - newgate ** 2)
    grad_z = dnext_h * (hx - newgate) * updategate * (1 - updategate)
    grad_r = grad_n * h_n * resetgate * (1 - resetgate)
    grad_gi = np.concatenate([grad_r, grad_z, grad_n], 1)
    grad_gh = np.concatenate([grad_r, grad_z, grad_n * resetgate], 1)
    dx = grad_gi @ weight_ih
    dhx = grad_gh @ weight_hh + dnext_h * updategate
    grad_weight_ih = grad_gi.T @ x              # (3H, D), as PyTorch stores it
    grad_weight_hh = grad_gh.T @ hx
    return dx, dhx, grad_weight_ih.T, grad_weight_hh.T, grad_gi.sum(0), grad_gh.sum(0)

# %% gru_sequence
def gru_forward(x, h0, Wx, Wh, bx, bh):
    N, T, D = x.shape
    out = np.zeros((N, T, h0.shape[1]), dtype=x.dtype)
    caches = []
    h = h0
    for t in range(T):
        h, cache = gru_step_forward(x[:, t], h, Wx, Wh, bx, bh)
        out[:, t] = h
        caches.append(cache)
    return out, caches


def gru_backward(dh, cache):
    N, T, H = dh.shape
    x0, _, weight_ih, weight_hh = cache[0][:4]
    dx = np.zeros((N, T, x0.shape[1]), dtype=dh.dtype)
    dWx, dWh = np.zeros_like(weight_ih.T), np.zeros_like(weight_hh.T)
    dbx, dbh = np.zeros(3 * H, dtype=dh.dtype), np.zeros(3 * H, dtype=dh.dtype)
    dnext = np.zeros((N, H), dtype=dh.dtype)
    for t in reversed(range(T)):
        dx[:, t], dnext, a, b, c, d = gru_step_backward(dh[:, t] + dnext, cache[t])
        dWx += a
        dWh += b
        dbx += c
        dbh += d
    return dx, dnext, dWx, dWh, dbx, dbh

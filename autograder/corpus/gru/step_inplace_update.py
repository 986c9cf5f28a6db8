"""GRU step that builds next_h in place starting from prev_h (next_h = prev_h; next_h *= z; next_h += ...) to save an allocation. Off: it overwrites the caller's prev_h, so the cached prev_h (and dz, dWh) is wrong and the input array is mutated."""
# %% gru_step_forward
def gru_step_forward(x, prev_h, Wx, Wh, bx, bh):
    H = prev_h.shape[1]
    a = x @ Wx + bx
    c = prev_h @ Wh + bh
    r = sigmoid(a[:, :H] + c[:, :H])
    z = sigmoid(a[:, H:2 * H] + c[:, H:2 * H])
    hn = c[:, 2 * H:]
    n = np.tanh(a[:, 2 * H:] + r * hn)
    next_h = prev_h
    next_h *= z
    next_h += (1 - z) * n
    return next_h, (x, prev_h, Wx, Wh, r, z, n, hn)

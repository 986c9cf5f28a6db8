"""GRU step with the candidate's tanh written out as (e^a − e^−a)/(e^a + e^−a). Off: overflows to inf/inf = nan for pre-activations in the hundreds."""
# %% gru_step_forward
def gru_step_forward(x, prev_h, Wx, Wh, bx, bh):
    H = prev_h.shape[1]
    a = x @ Wx + bx
    c = prev_h @ Wh + bh
    r = sigmoid(a[:, :H] + c[:, :H])
    z = sigmoid(a[:, H:2 * H] + c[:, H:2 * H])
    hn = c[:, 2 * H:]
    pre = a[:, 2 * H:] + r * hn
    n = (np.exp(pre) - np.exp(-pre)) / (np.exp(pre) + np.exp(-pre))
    next_h = (1 - z) * n + z * prev_h
    return next_h, (x, prev_h, Wx, Wh, r, z, n, hn)

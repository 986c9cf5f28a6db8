"""Elman step with a dict cache and np.dot everywhere, tanh' taken from the cached output; its own CS231n-style sequence loop (the reference sequence code unpacks tuple caches). Off: convention slip only, its buffers (np.zeros/np.empty) default to float64, so float32 inputs get float64 outputs."""
# %% rnn_step
def rnn_step_forward(x, prev_h, Wx, Wh, b):
    """Forward pass for a single timestep of a vanilla RNN."""
    a = np.dot(x, Wx) + np.dot(prev_h, Wh) + b
    next_h = np.tanh(a)
    cache = {"x": x, "prev_h": prev_h, "Wx": Wx, "Wh": Wh, "next_h": next_h}
    return next_h, cache


def rnn_step_backward(dnext_h, cache):
    """Backward pass for a single timestep of a vanilla RNN."""
    da = dnext_h * (1.0 - cache["next_h"] ** 2)
    dx = np.dot(da, cache["Wx"].T)
    dprev_h = np.dot(da, cache["Wh"].T)
    dWx = np.dot(cache["x"].T, da)
    dWh = np.dot(cache["prev_h"].T, da)
    db = np.sum(da, axis=0)
    return dx, dprev_h, dWx, dWh, db
# %% rnn_sequence
def rnn_forward(x, h0, Wx, Wh, b):
    N, T, D = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H))
    cache = {"steps": [], "D": D, "H": H}
    prev_h = h0
    for t in range(T):
        prev_h, step_cache = rnn_step_forward(x[:, t, :], prev_h, Wx, Wh, b)
        h[:, t, :] = prev_h
        cache["steps"].append(step_cache)
    return h, cache


def rnn_backward(dh, cache):
    N, T, H = dh.shape
    D = cache["D"]
    dx = np.zeros((N, T, D))
    dWx, dWh, db = np.zeros((D, H)), np.zeros((H, H)), np.zeros(H)
    dprev_h = np.zeros((N, H))
    for t in reversed(range(T)):
        dx[:, t, :], dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t, :] + dprev_h, cache["steps"][t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dprev_h, dWx, dWh, db

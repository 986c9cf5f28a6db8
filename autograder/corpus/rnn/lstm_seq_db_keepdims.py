"""LSTM sequence that accumulates db with keepdims=True-style (1, 4H) arrays. Off: convention slip only, db comes back with shape (1, 4H) instead of (4H,); every value is right (its buffers are also float64 for float32 inputs)."""
# %% lstm_sequence
def lstm_forward(x, h0, c0, Wx, Wh, b):
    N, T, D = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H))
    caches = []
    h_prev, c_prev = h0, c0
    for t in range(T):
        h_prev, c_prev, step = lstm_step_forward(x[:, t, :], h_prev, c_prev, Wx, Wh, b)
        h[:, t, :] = h_prev
        caches.append(step)
    return h, {"caches": caches, "shape": (N, T, D, H)}


def lstm_backward(dh, cache):
    N, T, D, H = cache["shape"]
    dx = np.zeros((N, T, D))
    dWx = np.zeros((D, 4 * H))
    dWh = np.zeros((H, 4 * H))
    db = np.zeros((1, 4 * H))
    dh_prev = np.zeros((N, H))
    dc_prev = np.zeros((N, H))
    for t in reversed(range(T)):
        grads = lstm_step_backward(dh[:, t, :] + dh_prev, dc_prev, cache["caches"][t])
        dx[:, t, :], dh_prev, dc_prev, dWx_t, dWh_t, db_t = grads
        dWx += dWx_t
        dWh += dWh_t
        db += db_t.reshape(1, -1)
    return dx, dh_prev, dc_prev, dWx, dWh, db

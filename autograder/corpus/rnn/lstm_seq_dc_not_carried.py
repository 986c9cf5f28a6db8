"""LSTM sequence whose backward passes a fresh zero cell gradient into every step. Off: the cell-state gradient is not carried back through time (dc0 and all earlier gradients are wrong for T > 1). Also float64 buffers for float32 inputs."""
# %% lstm_sequence
def lstm_forward(x, h0, c0, Wx, Wh, b):
    N, T, D = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H))
    caches = []
    h_t, c_t = h0, c0
    for t in range(T):
        h_t, c_t, ca = lstm_step_forward(x[:, t], h_t, c_t, Wx, Wh, b)
        h[:, t] = h_t
        caches.append(ca)
    return h, caches


def lstm_backward(dh, cache):
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dWx, dWh, db = np.zeros((D, 4 * H)), np.zeros((H, 4 * H)), np.zeros(4 * H)
    dh_next = np.zeros((N, H))
    for t in reversed(range(T)):
        dx[:, t], dh_next, dc0, dWx_t, dWh_t, db_t = lstm_step_backward(dh[:, t] + dh_next, np.zeros((N, H)), cache[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dh_next, dc0, dWx, dWh, db

"""CS231n-style LSTM sequence: list of step caches, dnext_c carried backwards from zeros, shapes read off the first cache. Off: convention slip only, its buffers (np.zeros/np.empty) default to float64, so float32 inputs get float64 outputs."""
# %% lstm_sequence
def lstm_forward(x, h0, c0, Wx, Wh, b):
    N, T, D = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H))
    cache = []
    prev_h, prev_c = h0, c0
    for t in range(T):
        next_h, next_c, step_cache = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)
        h[:, t, :] = next_h
        cache.append(step_cache)
        prev_h, prev_c = next_h, next_c
    return h, cache


def lstm_backward(dh, cache):
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx = np.zeros((N, T, D))
    dWx = np.zeros((D, 4 * H))
    dWh = np.zeros((H, 4 * H))
    db = np.zeros(4 * H)
    dnext_h = np.zeros((N, H))
    dnext_c = np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        dx[:, t, :], dnext_h, dnext_c, dWx_t, dWh_t, db_t = lstm_step_backward(dh[:, t, :] + dnext_h, dnext_c, cache[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    dh0 = dnext_h
    dc0 = dnext_c
    return dx, dh0, dc0, dWx, dWh, db

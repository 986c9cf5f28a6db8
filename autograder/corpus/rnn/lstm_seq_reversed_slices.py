"""LSTM sequence: forward keeps h and c histories in arrays (cache is a dict of arrays plus the list of step caches), backward loops with range(T)[::-1] and keeps separate running sums. Off: convention slip only, its buffers (np.zeros/np.empty) default to float64, so float32 inputs get float64 outputs."""
# %% lstm_sequence
def lstm_forward(x, h0, c0, Wx, Wh, b):
    N, T, D = x.shape
    H = Wh.shape[0]
    hs = np.empty((N, T, H))
    cs = np.empty((N, T, H))
    steps = []
    h, c = h0.copy(), c0.copy()
    for t in range(T):
        h, c, s = lstm_step_forward(x[:, t, :], h, c, Wx, Wh, b)
        hs[:, t, :], cs[:, t, :] = h, c
        steps.append(s)
    return hs, {"steps": steps, "cs": cs, "Wx": Wx, "Wh": Wh}


def lstm_backward(dh, cache):
    N, T, H = dh.shape
    Wx, Wh = cache["Wx"], cache["Wh"]
    grads_x = []
    sum_dWx = np.zeros_like(Wx)
    sum_dWh = np.zeros_like(Wh)
    sum_db = np.zeros(Wx.shape[1])
    carry_h = np.zeros((N, H))
    carry_c = np.zeros((N, H))
    for t in range(T)[::-1]:
        dx_t, carry_h, carry_c, a, bb, cc = lstm_step_backward(dh[:, t, :] + carry_h, carry_c, cache["steps"][t])
        grads_x.append(dx_t)
        sum_dWx = sum_dWx + a
        sum_dWh = sum_dWh + bb
        sum_db = sum_db + cc
    dx = np.stack(grads_x[::-1], axis=1)
    return dx, carry_h, carry_c, sum_dWx, sum_dWh, sum_db

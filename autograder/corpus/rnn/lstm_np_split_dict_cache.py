"""LSTM step with np.split into the four gates, a stable two-branch sigmoid with boolean masks, and a dict cache; its own sequence loop reading D from the dict. Off: convention slip only, sigmoid allocates with dtype=float and the sequence buffers default to float64, so float32 inputs get float64 outputs."""
# %% lstm_step
def sigmoid(x):
    out = np.empty_like(x, dtype=float)
    pos = x >= 0
    neg = ~pos
    out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
    ex = np.exp(x[neg])
    out[neg] = ex / (1.0 + ex)
    return out


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    a = x @ Wx + prev_h @ Wh + b
    ai, af, ag, ao = np.split(a, 4, axis=1)
    i = sigmoid(ai)
    f = sigmoid(af)
    g = np.tanh(ag)
    o = sigmoid(ao)
    next_c = f * prev_c + i * g
    next_h = o * np.tanh(next_c)
    cache = {"x": x, "prev_h": prev_h, "prev_c": prev_c, "Wx": Wx, "Wh": Wh,
             "i": i, "f": f, "g": g, "o": o, "next_c": next_c}
    return next_h, next_c, cache


def lstm_step_backward(dnext_h, dnext_c, cache):
    i, f, g, o = cache["i"], cache["f"], cache["g"], cache["o"]
    tc = np.tanh(cache["next_c"])
    dc = dnext_c + dnext_h * o * (1 - tc ** 2)
    di = dc * g
    df = dc * cache["prev_c"]
    dg = dc * i
    do = dnext_h * tc
    dai = di * i * (1 - i)
    daf = df * f * (1 - f)
    dag = dg * (1 - g ** 2)
    dao = do * o * (1 - o)
    da = np.hstack((dai, daf, dag, dao))
    dx = da @ cache["Wx"].T
    dprev_h = da @ cache["Wh"].T
    dprev_c = dc * f
    dWx = cache["x"].T @ da
    dWh = cache["prev_h"].T @ da
    db = da.sum(axis=0)
    return dx, dprev_h, dprev_c, dWx, dWh, db
# %% lstm_sequence
def lstm_forward(x, h0, c0, Wx, Wh, b):
    N, T, D = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H))
    caches = []
    prev_h, prev_c = h0, c0
    for t in range(T):
        prev_h, prev_c, c = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)
        h[:, t, :] = prev_h
        caches.append(c)
    return h, caches


def lstm_backward(dh, cache):
    N, T, H = dh.shape
    D = cache[0]["x"].shape[1]
    dx = np.zeros((N, T, D))
    dWx, dWh, db = np.zeros((D, 4 * H)), np.zeros((H, 4 * H)), np.zeros(4 * H)
    dprev_h, dprev_c = np.zeros((N, H)), np.zeros((N, H))
    for t in reversed(range(T)):
        dx[:, t, :], dprev_h, dprev_c, gWx, gWh, gb = lstm_step_backward(dh[:, t, :] + dprev_h, dprev_c, cache[t])
        dWx += gWx
        dWh += gWh
        db += gb
    return dx, dprev_h, dprev_c, dWx, dWh, db

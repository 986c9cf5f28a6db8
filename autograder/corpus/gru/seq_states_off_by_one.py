"""Sequence forward that stores the state each step starts from (h[:, 0] = h0, ...), an off-by-one in time; the backward matches that indexing. Off: h[:, t] must be the state after step t, so h and every gradient are shifted by one step."""
# %% gru_sequence
def gru_forward(x, h0, Wx, Wh, bx, bh):
    N, T, D = x.shape
    h = np.zeros((N, T, h0.shape[1]), dtype=x.dtype)
    caches = []
    cur = h0
    for t in range(T):
        h[:, t] = cur
        cur, c = gru_step_forward(x[:, t], cur, Wx, Wh, bx, bh)
        caches.append(c)
    return h, caches


def gru_backward(dh, cache):
    N, T, H = dh.shape
    x0, _, Wx, Wh = cache[0][:4]
    dx = np.zeros((N, T, x0.shape[1]), dtype=dh.dtype)
    dWx, dWh = np.zeros_like(Wx), np.zeros_like(Wh)
    dbx, dbh = np.zeros(3 * H, dtype=dh.dtype), np.zeros(3 * H, dtype=dh.dtype)
    dnext = np.zeros((N, H), dtype=dh.dtype)
    for t in reversed(range(T)):
        # h[:, t] is the input state of step t, so its gradient joins what step t sends back
        dx[:, t], dprev, a, b, c, d = gru_step_backward(dnext, cache[t])
        dnext = dprev + dh[:, t]
        dWx += a
        dWh += b
        dbx += c
        dbh += d
    return dx, dnext, dWx, dWh, dbx, dbh

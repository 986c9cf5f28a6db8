"""Sequence forward/backward written inline (no step calls): gates kept in stacked (T, N, ·) arrays, the weight gradients by einsum over all time steps after the loop. Off: none."""
# %% gru_sequence
def gru_forward(x, h0, Wx, Wh, bx, bh):
    N, T, D = x.shape
    H = h0.shape[1]
    dt = np.result_type(x, h0)
    hs = np.zeros((T + 1, N, H), dtype=dt)   # hs[0] = h0, hs[t + 1] = h_t
    R = np.zeros((T, N, H), dtype=dt)
    Z = np.zeros((T, N, H), dtype=dt)
    Nc = np.zeros((T, N, H), dtype=dt)
    Cn = np.zeros((T, N, H), dtype=dt)
    hs[0] = h0
    A = np.einsum("ntd,dk->tnk", x, Wx) + bx  # input parts of every step at once
    for t in range(T):
        C = hs[t] @ Wh + bh
        R[t] = sigmoid(A[t, :, :H] + C[:, :H])
        Z[t] = sigmoid(A[t, :, H:2 * H] + C[:, H:2 * H])
        Cn[t] = C[:, 2 * H:]
        Nc[t] = np.tanh(A[t, :, 2 * H:] + R[t] * Cn[t])
        hs[t + 1] = (1 - Z[t]) * Nc[t] + Z[t] * hs[t]
    cache = {"x": x, "hs": hs, "R": R, "Z": Z, "N": Nc, "Cn": Cn, "Wx": Wx, "Wh": Wh}
    return hs[1:].transpose(1, 0, 2).copy(), cache


def gru_backward(dh, cache):
    x, hs, R, Z, Nc, Cn, Wx, Wh = (cache[k] for k in ("x", "hs", "R", "Z", "N", "Cn", "Wx", "Wh"))
    N, T, H = dh.shape
    Gx = np.zeros((T, N, 3 * H), dtype=dh.dtype)
    Gh = np.zeros((T, N, 3 * H), dtype=dh.dtype)
    dnext = np.zeros((N, H), dtype=dh.dtype)
    for t in range(T - 1, -1, -1):
        g = dh[:, t] + dnext
        dan = g * (1 - Z[t]) * (1 - Nc[t] ** 2)
        daz = g * (hs[t] - Nc[t]) * Z[t] * (1 - Z[t])
        dar = dan * Cn[t] * R[t] * (1 - R[t])
        Gx[t] = np.concatenate([dar, daz, dan], axis=1)
        Gh[t] = np.concatenate([dar, daz, dan * R[t]], axis=1)
        dnext = Gh[t] @ Wh.T + g * Z[t]
    dx = np.einsum("tnk,dk->ntd", Gx, Wx)
    dWx = np.einsum("ntd,tnk->dk", x, Gx)
    dWh = np.einsum("tnh,tnk->hk", hs[:-1], Gh)
    return dx, dnext, dWx, dWh, Gx.sum(axis=(0, 1)), Gh.sum(axis=(0, 1))

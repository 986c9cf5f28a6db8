"""Loops; the padding is cut off dx with dx_pad[:, :, pad:-pad, pad:-pad]. Off: with pad = 0 that slice is empty, so dx has shape (N, C, 0, 0)."""
# %% conv_naive
def conv_output_size(size, kernel, stride, pad):
    return (size + 2 * pad - kernel) // stride + 1


def conv_forward_naive(x, w, b, conv_param):
    S, P = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, C, HH, WW = w.shape
    Ho = conv_output_size(H, HH, S, P)
    Wo = conv_output_size(W, WW, S, P)
    xp = np.pad(x, ((0,), (0,), (P,), (P,)), "constant")
    out = np.zeros((N, F, Ho, Wo), dtype=x.dtype)
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    out[n, f, i, j] = np.sum(xp[n, :, i * S:i * S + HH, j * S:j * S + WW] * w[f, :, :, :]) + b[f]
    cache = (x, w, b, conv_param)
    return out, cache


def conv_backward_naive(dout, cache):
    x, w, b, conv_param = cache
    S, P = conv_param["stride"], conv_param["pad"]
    N, F, Ho, Wo = dout.shape
    _, _, HH, WW = w.shape
    xp = np.pad(x, ((0,), (0,), (P,), (P,)), "constant")
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    db = np.sum(dout, axis=(0, 2, 3))
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    dxp[n, :, i * S:i * S + HH, j * S:j * S + WW] += w[f] * dout[n, f, i, j]
                    dw[f] += xp[n, :, i * S:i * S + HH, j * S:j * S + WW] * dout[n, f, i, j]
    dx = dxp[:, :, P:-P, P:-P]
    return dx, dw, db

"""Loops with the padding written by hand into np.zeros(..., dtype=x.dtype), zeros_like for every gradient, db accumulated in the loop. Off: none."""
# %% conv_naive
def conv_output_size(size, kernel, stride, pad):
    return int((size + 2 * pad - kernel) / stride) + 1


def _pad(x, pad):
    N, C, H, W = x.shape
    xp = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=x.dtype)
    xp[:, :, pad:pad + H, pad:pad + W] = x
    return xp


def conv_forward_naive(x, w, b, conv_param):
    s = conv_param["stride"]
    p = conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    Ho, Wo = conv_output_size(H, HH, s, p), conv_output_size(W, WW, s, p)
    xp = _pad(x, p)
    out = np.zeros((N, F, Ho, Wo), dtype=x.dtype)
    for n in range(N):
        for f in range(F):
            for r in range(Ho):
                for c in range(Wo):
                    patch = xp[n, :, r * s:r * s + HH, c * s:c * s + WW]
                    out[n, f, r, c] = (patch * w[f]).sum() + b[f]
    return out, (x, w, b, conv_param)


def conv_backward_naive(dout, cache):
    x, w, b, conv_param = cache
    s = conv_param["stride"]
    p = conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, Ho, Wo = dout.shape
    xp = _pad(x, p)
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    db = np.zeros_like(b)
    for n in range(N):
        for f in range(F):
            for r in range(Ho):
                for c in range(Wo):
                    g = dout[n, f, r, c]
                    dxp[n, :, r * s:r * s + HH, c * s:c * s + WW] += g * w[f]
                    dw[f] += g * xp[n, :, r * s:r * s + HH, c * s:c * s + WW]
                    db[f] += g
    dx = dxp[:, :, p:p + H, p:p + W]
    return dx, dw, db
